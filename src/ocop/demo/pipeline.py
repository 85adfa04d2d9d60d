"""Dossiers at every step of the cycle for the demo, made through the real services (so the audit
trail, deadlines and certificates are what users would produce)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.utils import timezone

from ocop.accounts.models import User
from ocop.certificates.services import sign_decision
from ocop.core.rulebooks.model import Scorecard
from ocop.councils.models import Council
from ocop.councils.services import close_session, create_session, save_sheet, schedule
from ocop.dossiers.models import Dossier
from ocop.dossiers.services import (
    accept,
    add_document,
    add_evidence,
    commune_report,
    file_dossier,
    return_for_completion,
    save_self_assessment,
    start_dossier,
)
from ocop.producers.models import Product

from .load import PROVINCE_CODE

# A minimal, valid PDF: the demo's stand-in for scanned forms.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

FOUR_ITEMS = {
    "raw_materials": "Nguyên liệu 100% từ vùng trồng của hợp tác xã trên địa bàn xã.",
    "labour": "Sử dụng 18 lao động thường xuyên là người địa phương.",
    "idea_origin": "Sản phẩm truyền thống, gắn với tập quán canh tác lâu đời của địa phương.",
    "local_identity": "Giống cây bản địa, quy trình chế biến thủ công theo kinh nghiệm cộng đồng.",
    "proposal": "Đề nghị UBND tỉnh đánh giá, phân hạng sản phẩm.",
}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _filed(product_name: str, producer: str, self_score_star: int | None = None) -> Dossier:
    """The product's first dossier, filed; with `self_score_star`, the producer first self-assesses on
    the card (answers in that star's band, a description and evidence for the first criterion)."""
    user = _user(producer)
    dossier = start_dossier(user, Product.objects.get(name=product_name), "first")
    for kind, name in (("form01", "phieu-dang-ky-mau-01.pdf"), ("form02", "bao-cao-tu-danh-gia-mau-02.pdf")):
        add_document(user, dossier, kind, name, io.BytesIO(PDF), len(PDF))
    if self_score_star is not None:
        card = dossier.scorecard
        first = next(card.criteria()).id
        answers = answers_for_band(card, self_score_star)
        words = {first: "Hợp tác xã có điều lệ, đăng ký kinh doanh, sổ sách kế toán đầy đủ."}
        save_self_assessment(user, dossier, answers, words, 0)
        add_evidence(user, dossier, first, "giay-chung-nhan-dang-ky-htx.pdf", io.BytesIO(PDF), len(PDF))
    return file_dossier(user, dossier)


def answers_for_band(card: Scorecard, star: int, lower_by: int = 0) -> dict[str, str | None]:
    """The best form lowered, criterion by criterion, to that star's floors until the total is in its band."""
    answers: dict[str, str | None] = {}
    total = 0
    for c in card.criteria():
        best = max((o for o in c.options if o.points is not None), key=lambda o: o.points or 0)
        answers[c.id], total = best.id, total + (best.points or 0)
    target = {5: 100, 4: 89 - lower_by, 3: 69 - lower_by}[star]
    for c in card.criteria():
        if total <= target:
            break
        current = next(o for o in c.options if o.id == answers[c.id])
        floor = c.minimum_for(star) or 0
        allowed = [o for o in c.options if o.points is not None and o.points >= floor]
        low = min(allowed, key=lambda o: o.points or 0)
        answers[c.id], total = low.id, total - ((current.points or 0) - (low.points or 0))
    return answers


def load_pipeline() -> None:
    officer, staff = _user("xa.chilang"), _user("tinh")
    council = Council.objects.get(level="province", province__code=PROVINCE_CODE)
    today = timezone.localdate()

    # Recognised 4★ with a certificate: the full cycle.
    na = _filed("Na Chi Lăng", "chuthe.nachilang", self_score_star=5)
    commune_report(officer, na, report_number="15/BC-UBND", **FOUR_ITEMS)
    accept(staff, na)
    past = create_session(staff, council, today + timedelta(days=10), place="Hội trường UBND tỉnh Lạng Sơn")
    item = schedule(staff, na, past)
    for i, member in enumerate(("hoidong1", "hoidong2", "hoidong3")):
        save_sheet(_user(member), item, answers_for_band(na.scorecard, 4, lower_by=i), [], submit=True)
    close_session(_user("thuky"), past)
    sign_decision(_user("lanhdao"), [na], number="1520/QĐ-UBND", signed_on=today, signer_title="Phó Chủ tịch")

    # On the agenda of the next session: one member has scored, two have not.
    dried = _filed("Na sấy dẻo Chi Lăng", "chuthe.nachilang", self_score_star=4)
    commune_report(officer, dried, report_number="16/BC-UBND", **FOUR_ITEMS)
    accept(staff, dried)
    upcoming = create_session(
        staff, council, today + timedelta(days=21), place="Hội trường UBND tỉnh Lạng Sơn"
    )
    item = schedule(staff, dried, upcoming)
    save_sheet(_user("hoidong1"), item, answers_for_band(dried.scorecard, 3), [], submit=True)

    # Waiting for the commune (Văn Quan), returned for completion, and waiting for provincial intake.
    _filed("Hoa hồi khô Văn Quan", "chuthe.hoivanquan")
    oil = _filed("Tinh dầu hồi Văn Quan", "chuthe.hoivanquan")
    commune_report(_user("xa.vanquan"), oil, report_number="7/BC-UBND", **FOUR_ITEMS)
    return_for_completion(
        staff, oil, "Bổ sung phiếu kết quả kiểm nghiệm chỉ tiêu chất lượng tinh dầu còn hiệu lực."
    )

    # A draft the producer is still preparing.
    user = _user("chuthe.khaunhuc")
    start_dossier(user, Product.objects.get(name="Khâu nhục Lạng Sơn"), "first")


def describe() -> list[tuple[str, Any]]:
    return [(str(d.product), d.get_state_display()) for d in Dossier.objects.order_by("pk")]
