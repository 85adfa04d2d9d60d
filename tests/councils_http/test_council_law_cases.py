"""Issue 9 on the web: the score sheet and the session's result follow the law's own readings.

Hand-checked forms from tests/core/test_scoring_law.py, now through real HTTP requests: three members
submit their sheets, the secretary closes the session, and the stored result is read back.
- A honey from an area without certified raw material (26/2026 card 4, option 1.2.1 "Không được cấp
  giấy chứng nhận chất lượng", printed blank, derived 0) is scored: 72 points, 4★.
- Card 16: "Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo".
- Card 21 §7: "Áp dụng bắt buộc đối với các sản phẩm phải công bố chất lượng theo quy định;
  khuyến khích các sản phẩm còn lại": the assisting team records that the product need not declare.
"""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cycle_data import approved_plan
from dossier_data import FOUR, PDF
from law_forms import CARD21_74, HONEY, answers
from ocop.councils.models import Result, Session
from ocop.councils.services import schedule
from ocop.dossiers.services import accept, add_document, commune_report, file_dossier, start_dossier
from ocop.producers.models import Product

pytestmark = pytest.mark.django_db
MEMBERS = ("hoidong1", "hoidong2", "hoidong3")


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def plain(page: str) -> str:
    """The page's words without tags or line breaks."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def posted(form: dict[str, str | None], action: str = "submit") -> dict[str, Any]:
    data: dict[str, Any] = {f"c:{k}": ("na" if v is None else v) for k, v in form.items()}
    data["action"] = action
    return data


def product_on_card(demo: dict[str, Any], name: str, card: int) -> Any:
    """A Lạng Sơn producer's product on scorecard `card`, its dossier filed, reported and accepted."""
    producer = demo["chuthe.nachilang"]
    product = Product.objects.create(
        producer=producer.producer, name=name, rulebook_id="26-2026", scorecard_number=card
    )
    approved_plan(product, producer, demo["xa.chilang"], demo["tinh"])  # the province's rule before filing
    dossier = start_dossier(producer, product, "first")
    for kind in ("form01", "form02"):
        add_document(producer, dossier, kind, f"{kind}.pdf", io.BytesIO(PDF), len(PDF))
    file_dossier(producer, dossier)
    commune_report(demo["xa.chilang"], dossier, report_number="31/BC-UBND", **FOUR)
    accept(demo["tinh"], dossier)
    dossier.refresh_from_db()
    return dossier


def score_and_close(
    demo: dict[str, Any], session: Session, item: Any, forms: dict[str, dict[str, Any]]
) -> Result:
    for member in MEMBERS:
        r = client_for(demo[member]).post(reverse("score_sheet", args=[item.pk]), posted(forms[member]))
        assert r.status_code == 302, text(r)[:2000]
    r = client_for(demo["thuky"]).post(reverse("session_close", args=[session.pk]), follow=True)
    assert "Đã kết thúc phiên chấm điểm" in text(r)
    return Result.objects.get(item=item)


def test_honey_without_certified_raw_material_is_scored_on_the_web(
    demo: dict[str, Any], session: Session
) -> None:
    dossier = product_on_card(demo, "Mật ong bạc hà Chi Lăng", 4)
    item = schedule(demo["tinh"], dossier, session)
    page = text(client_for(demo["hoidong1"]).get(reverse("score_sheet", args=[item.pk])))
    # The derived option can be chosen, and the sheet says why it is worth 0.
    radio = 'name="c:1.2" value="1.2.1" data-points="0"'
    assert radio in page and "disabled" not in page.split(radio)[1][:40]
    assert "Điểm suy ra: bản in ghi «»" in plain(page)
    form = answers(dossier.scorecard, HONEY)
    result = score_and_close(demo, session, item, dict.fromkeys(MEMBERS, form))
    assert (result.status, str(result.total), result.star, result.recognised_at) == (
        "rated",
        "72.00",
        4,
        "province",
    )
    assert any(w.startswith("Giá trị suy ra: lựa chọn 1.2.1") for w in result.warnings)
    assert not any("chưa đối chiếu" in w for w in result.warnings)


def test_card_16_a_zero_colour_stops_the_product_on_the_web(demo: dict[str, Any], session: Session) -> None:
    dossier = product_on_card(demo, "Nước khoáng Mẫu Sơn", 16)
    card = dossier.scorecard
    item = schedule(demo["tinh"], dossier, session)
    page = text(client_for(demo["hoidong1"]).get(reverse("score_sheet", args=[item.pk])))
    # The stop rule is decided by the answers: no box to tick, the options that stop say so.
    assert 'value="6:stop_rule"' not in page
    assert "Có màu — chọn mục này sẽ dừng đánh giá" in plain(page)
    best = {c.id: c.max_points for c in card.criteria()}
    ids = [c.id for c in card.criteria()]
    stopped = {cid: p for cid, p in best.items() if ids.index(cid) < ids.index("6.2")}  # nothing after 6.2
    forms = {
        "hoidong1": answers(card, {**stopped, "6.2": 0}),
        "hoidong2": answers(card, best),
        "hoidong3": answers(card, best),
    }
    result = score_and_close(demo, session, item, forms)
    assert (result.status, result.star) == ("stopped", None)
    assert f"{demo['hoidong1']} chọn «Có màu» ở tiêu chí 6.2" in " ".join(result.explanation["vi"])


def test_card_21_an_exempt_handicraft_is_scored_once_the_team_records_it(
    demo: dict[str, Any], session: Session
) -> None:
    dossier = product_on_card(demo, "Giỏ mây tre đan Chi Lăng", 21)
    card = dossier.scorecard
    staff = client_for(demo["tinh"])
    url = reverse("exemptions_record", args=[dossier.pk])
    assert "Áp dụng bắt buộc đối với các sản phẩm phải công bố chất lượng" in text(staff.get(url))
    # Another role cannot record it; a basis is required.
    assert (
        client_for(demo["xa.chilang"]).post(url, {"exemptions": ["7.1:khong-bat-buoc-cong-bo"]}).status_code
        == 400
    )
    r = staff.post(url, {"exemptions": ["7.1:khong-bat-buoc-cong-bo"], "basis": ""})
    assert r.status_code == 400 and "Cần ghi căn cứ" in text(r)
    dossier.refresh_from_db()
    assert dossier.exemptions == []
    r = staff.post(
        url, {"exemptions": ["7.1:khong-bat-buoc-cong-bo"], "basis": "Hàng thủ công không thuộc diện công bố"}
    )
    assert r.status_code == 302
    dossier.refresh_from_db()
    assert dossier.exemptions == ["7.1:khong-bat-buoc-cong-bo"]
    item = schedule(demo["tinh"], dossier, session)
    page = text(client_for(demo["hoidong1"]).get(reverse("score_sheet", args=[item.pk])))
    assert 'name="c:7.1" value="na"' in page and "Không bắt buộc với sản phẩm này" in plain(page)
    result = score_and_close(demo, session, item, dict.fromkeys(MEMBERS, answers(card, CARD21_74)))
    assert (result.status, str(result.total), result.star) == ("rated", "74.00", 4)


def test_card_21_section_7_is_compulsory_without_the_record(demo: dict[str, Any], session: Session) -> None:
    dossier = product_on_card(demo, "Nón lá Chi Lăng", 21)
    item = schedule(demo["tinh"], dossier, session)
    c = client_for(demo["hoidong1"])
    page = text(c.get(reverse("score_sheet", args=[item.pk])))
    assert 'name="c:7.1" value="na"' not in page
    r = c.post(reverse("score_sheet", args=[item.pk]), posted(answers(dossier.scorecard, CARD21_74)))
    assert r.status_code == 400 and "chỉ được để 'không áp dụng' khi đã ghi nhận" in text(r)
