"""Download file names are sent per RFC 6266: plain ASCII quoted, anything else as `filename*` (UTF-8).

A decision number is written by hand ("15/QĐ-UBND"): its "Đ", a quote or a line break used to reach
the header as typed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from django.test import Client

from ocop.demo.load import load_demo


def _filename(disposition: str) -> str:
    _kind, _, rest = disposition.partition("; ")
    if rest.startswith("filename*=utf-8''"):
        return unquote(rest.removeprefix("filename*=utf-8''"))
    assert rest.startswith('filename="') and rest.endswith('"'), disposition
    return rest[len('filename="') : -1].replace('\\"', '"')


def test_a_typed_number_reaches_the_file_name_encoded(db: Any, settings: Any, tmp_path: Any) -> None:
    from ocop.accounts.models import User
    from ocop.lifecycle.models import Revocation

    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(pipeline=True)
    revocation = Revocation.objects.filter(status=Revocation.Status.DECIDED).first()
    assert revocation is not None
    Revocation.objects.filter(pk=revocation.pk).update(decision_number='15/QĐ-UBND "tỉnh"\r\nX: y')
    client = Client()
    client.force_login(User.objects.get(username="tinh"))
    response = client.get(f"/theo-doi/thu-hoi/{revocation.pk}/quyet-dinh.pdf")
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.startswith("inline; filename*=utf-8''") and "\n" not in header
    assert _filename(header) == 'quyet-dinh-thu-hoi-15-QĐ-UBND "tỉnh"\r\nX: y.pdf'

    report = client.get("/bao-cao/excel/?kind=annual&year=2026")
    assert _filename(report["Content-Disposition"]).endswith(".xlsx")
