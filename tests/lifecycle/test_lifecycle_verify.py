from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ocop.certificates.models import Certificate
from ocop.lifecycle.verification import normalise_code


def test_normalise_code() -> None:
    assert normalise_code(" abcd-efgh jkl m ") == "ABCDEFGHJKLM"
    assert normalise_code("abcd.efgh.jklm") == "ABCDEFGHJKLM"
    # 0/O and 1/I are not in the alphabet (they are misread): such a code cannot be genuine.
    assert normalise_code("ABCDEFGHJKL0") is None
    assert normalise_code("ABCDEFGHJKLO") is None
    assert normalise_code("ABC") is None
    assert normalise_code("") is None


def test_valid_certificate_is_shown_without_session_and_cached(make_cert: Any) -> None:
    cert = make_cert(signed_on=timezone.localdate() - timedelta(days=30))
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("verify", args=[cert.code.lower()[:6] + " " + cert.code.lower()[6:]]))
    assert response.status_code == 200
    assert len(queries) == 1  # one indexed look-up, no session, no writes
    text = response.content.decode()
    assert 'data-status="valid"' in text and "Giấy chứng nhận thật, còn hiệu lực" in text
    assert cert.number in text and "Rượu Mẫu Sơn 29 độ" in text and "Công ty TNHH Rượu Mẫu Sơn" in text
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_past_valid_until_shows_expired_before_the_daily_job(make_cert: Any) -> None:
    cert = make_cert(signed_on=date(2022, 1, 10))
    assert cert.status == Certificate.Status.VALID  # the job has not run
    response = Client().get(reverse("verify", args=[cert.code]))
    assert response.status_code == 200
    assert 'data-status="expired"' in response.content.decode()
    assert "đã hết hiệu lực" in response.content.decode()


def test_replaced_links_to_the_newer_certificate(make_cert: Any) -> None:
    old = make_cert(star=3, signed_on=date(2025, 12, 1), status=Certificate.Status.REPLACED)
    new = make_cert(star=4, signed_on=date(2026, 11, 1))
    text = Client().get(reverse("verify", args=[old.code])).content.decode()
    assert 'data-status="replaced"' in text
    assert reverse("verify", args=[new.code]) in text and new.number in text


def test_revoked_shows_date_and_ground(make_cert: Any, demo: dict[str, Any]) -> None:
    from ocop.lifecycle import services

    cert = make_cert(product="Khâu nhục Lạng Sơn", star=3)
    r = services.propose_revocation(demo["tinh"], cert, ground="d", note="Dùng nhãn OCOP sai.")
    today = timezone.localdate()
    services.decide_revocation(
        demo["lanhdao"], r, number="77/QĐ-UBND", decided_on=today, signer_title="Phó Chủ tịch"
    )
    text = Client().get(reverse("verify", args=[cert.code])).content.decode()
    assert 'data-status="revoked"' in text and "77/QĐ-UBND" in text and today.strftime("%d/%m/%Y") in text
    assert "Chủ thể OCOP sử dụng nhãn hiệu OCOP không đúng quy định" in text


def test_unknown_code_is_404_and_says_not_genuine(demo: dict[str, Any]) -> None:
    for code in ("ABCDEFGHJKLM", "nonsense", "0000"):
        response = Client().get(reverse("verify", args=[code]))
        assert response.status_code == 404
        assert "không phải giấy chứng nhận thật" in response.content.decode()


def test_lookup_form_redirects_to_normalised_code(make_cert: Any) -> None:
    cert = make_cert()
    response = Client().get(reverse("verify_lookup"), {"ma": cert.code.lower()})
    assert response.status_code == 302 and response["Location"] == reverse("verify", args=[cert.code])


def test_the_page_escapes_what_the_records_hold(make_cert: Any) -> None:
    # The page is filled from cached pieces (views._verify_page): every value must still be escaped,
    # and a value holding the internal marker must come out as text.
    cert = make_cert(signed_on=timezone.localdate() - timedelta(days=3))
    Certificate.objects.filter(pk=cert.pk).update(
        product_name="<script>x</script> \"q\" & 'a'", producer_address="\x1e c.code \x1e"
    )
    text = Client().get(reverse("verify", args=[cert.code])).content.decode()
    assert "<script>x" not in text
    assert "&lt;script&gt;x&lt;/script&gt; &quot;q&quot; &amp; &#x27;a&#x27;" in text
    assert "\x1e c.code \x1e" in text


def test_an_unknown_code_is_shown_escaped(db: Any) -> None:
    response = Client().get("/xac-thuc/%3Cb%3Eabc/")
    assert response.status_code == 404
    assert "&lt;b&gt;abc" in response.content.decode() and "<b>abc" not in response.content.decode()
