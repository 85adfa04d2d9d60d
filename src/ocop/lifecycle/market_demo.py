"""Demo market checks, self-declarations and a revocation list (on top of the lifecycle demo), made
through the services.

Lạng Sơn: a shop in Kỳ Lừa market still sells the revoked khâu nhục and the expired star anise with
the OCOP mark (photos kept, follow-up open), the liquor is in order; an online shop put the mark on
dried custard apple, which has no certificate (closed: the mark was taken down); the custard
apple's and the khâu nhục's self-declarations, the latter found wrong at the hậu kiểm visit; the
commune's confirmation that the khâu nhục household stopped; a list proposing to revoke the star
anise's expired, un-renewed certificate, waiting for the leader.
Cao Bằng: a check at the provincial fair (one product in order, one fake 5★ label) and the noodles'
self-declaration.
"""

from __future__ import annotations

import io
import struct
import uuid
import zlib
from datetime import date, timedelta

from django.utils import timezone

from ocop.accounts.models import User
from ocop.certificates.models import Certificate
from ocop.producers.models import Product

from . import batch_revocation, market
from .batch_models import ProductionStop, RevocationBatch
from .models import InspectionPlan, InspectionRecord

# A one-page PDF standing in for scanned documents.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def photo(rgb: tuple[int, int, int] = (46, 107, 48), size: int = 8) -> bytes:
    """A small real PNG (a coloured square), standing in for a photo taken on a phone."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    row = b"\x00" + bytes(rgb) * size
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


def _file(name: str, data: bytes) -> tuple[str, io.BytesIO, int]:
    return (name, io.BytesIO(data), len(data))


def seed_market_demo() -> None:
    people = {u.username: u for u in User.objects.all()}
    staff, other = people["tinh"], people["tinh.caobang"]
    if RevocationBatch.objects.exists():
        return
    today = timezone.localdate()
    products = {p.name: p for p in Product.objects.all()}
    certificate = {c.product_name: c for c in Certificate.objects.order_by("valid_from")}
    plan = InspectionPlan.objects.filter(province=staff.province_id, year=today.year).first()

    shop = market.record_market_check(
        staff,
        checked_on=today - timedelta(days=5),
        place_kind="market",
        place="Quầy đặc sản Xứ Lạng, chợ Kỳ Lừa",
        address="Chợ Kỳ Lừa, phường Tam Thanh, Lạng Sơn",
        inspectors="Chi cục Phát triển nông thôn; Đội Quản lý thị trường số 1",
        plan=plan,
        notes="Kiểm tra đột xuất theo kế hoạch hậu kiểm (dữ liệu minh họa).",
    )
    deadline = today + timedelta(days=10)
    market.record_finding(
        staff,
        shop,
        product_label="Khâu nhục Lạng Sơn",
        producer_label="Hộ kinh doanh Khâu nhục Bà Tươi",
        certificate_reference=certificate["Khâu nhục Lạng Sơn"].number,
        claimed_star=3,
        note="12 hộp còn nhãn OCOP 3 sao trên quầy.",
        follow_up="Gỡ nhãn OCOP hoặc đưa sản phẩm khỏi quầy; chủ thể báo cáo việc thu hồi nhãn.",
        follow_up_deadline=deadline,
        evidence=[_file("quay-khau-nhuc.png", photo((150, 40, 40)))],
    )
    market.record_finding(
        staff,
        shop,
        product_label="Hoa hồi khô Văn Quan",
        producer_label="Hợp tác xã Hồi Văn Quan",
        certificate_reference=certificate["Hoa hồi khô Văn Quan"].number,
        claimed_star=3,
        note="Túi 500 g in biểu trưng OCOP 3 sao; giấy chứng nhận đã hết hiệu lực.",
        follow_up="Hợp tác xã dừng in biểu trưng trên bao bì mới cho đến khi được đánh giá lại.",
        follow_up_deadline=deadline,
        evidence=[_file("tui-hoa-hoi.png", photo((180, 120, 20))), _file("hoa-don.pdf", PDF)],
    )
    market.record_finding(
        staff,
        shop,
        product_label="Rượu Mẫu Sơn 29 độ",
        certificate_reference=certificate["Rượu Mẫu Sơn 29 độ"].number,
        claimed_star=4,
    )
    online = market.record_market_check(
        staff,
        checked_on=today - timedelta(days=20),
        place_kind="online",
        place="Gian hàng «Đặc sản Xứ Lạng» trên sàn thương mại điện tử",
        url="https://shop.example.invalid/dac-san-xu-lang",
        inspectors="Chi cục Phát triển nông thôn",
    )
    online_finding = market.record_finding(
        staff,
        online,
        product_label="Na sấy dẻo Chi Lăng",
        producer_label="Hợp tác xã Na Chi Lăng",
        claimed_star=4,
        note="Ảnh sản phẩm gắn biểu trưng OCOP 4 sao; sản phẩm đang chờ Hội đồng đánh giá.",
        follow_up="Gỡ biểu trưng OCOP khỏi trang bán hàng.",
        follow_up_deadline=today - timedelta(days=10),
        evidence=[_file("anh-chup-trang.png", photo((20, 80, 160)))],
    )
    market.close(
        staff,
        online_finding,
        closed_on=today - timedelta(days=12),
        closure=f"Gian hàng đã gỡ biểu trưng OCOP (kiểm tra lại ngày {today - timedelta(days=12):%d/%m/%Y}).",
    )

    # Self-declarations; the khâu nhục's was checked at the failed hậu kiểm visit.
    market.record_declaration(
        people["chuthe.nachilang"],
        products["Na Chi Lăng"],
        number="01/2026/HTXNCL",
        declared_on=date(today.year, 3, 2),
        standard="TCCS 01:2026/HTXNCL",
        received_by="Sở Nông nghiệp và Môi trường tỉnh Lạng Sơn",
        document=_file("tu-cong-bo-na.pdf", PDF),
    )
    pork = market.record_declaration(
        people["chuthe.khaunhuc"],
        products["Khâu nhục Lạng Sơn"],
        number="03/2024/KNBT",
        declared_on=certificate["Khâu nhục Lạng Sơn"].valid_from - timedelta(days=30),
        standard="TCCS 03:2024/KNBT",
        document=_file("tu-cong-bo-khau-nhuc.pdf", PDF),
    )
    inspection = InspectionRecord.objects.filter(certificate=certificate["Khâu nhục Lạng Sơn"]).first()
    if inspection is not None:
        market.check_declaration_in(
            staff,
            inspection,
            pork,
            result="differs",
            note="Không có phiếu kiểm nghiệm định kỳ; nhãn ghi thành phần khác bản tự công bố.",
        )

    # The household stopped after the revocation; the star anise's certificate lapsed un-renewed.
    batch_revocation.record_production_stop(
        staff,
        products["Khâu nhục Lạng Sơn"].producer,
        kind=ProductionStop.Kind.STOPPED,
        product=products["Khâu nhục Lạng Sơn"],
        confirmed_on=today - timedelta(days=2),
        reference="41/UBND-VP (dữ liệu minh họa)",
    )
    anise = certificate["Hoa hồi khô Văn Quan"]
    if any(
        c.certificate.pk == anise.pk
        for c in batch_revocation.candidates(staff.province_id, "not_rerated", today)
    ):
        batch_revocation.propose_batch(
            staff,
            RevocationBatch.Kind.NOT_RERATED,
            [anise.pk],
            note="Rà soát giấy chứng nhận hết hiệu lực năm nay, chủ thể không nộp hồ sơ đánh giá lại.",
            token=uuid.uuid4(),
        )

    # Cao Bằng: the provincial fair.
    fair = market.record_market_check(
        other,
        checked_on=today - timedelta(days=8),
        place_kind="fair",
        place="Hội chợ nông sản, sản phẩm OCOP tỉnh Cao Bằng",
        address="Quảng trường Hồ Chí Minh, phường Thục Phán, Cao Bằng",
        inspectors="Chi cục Phát triển nông thôn Cao Bằng",
    )
    market.record_finding(
        other,
        fair,
        product_label="Miến dong Quảng Lâm",
        certificate_reference=certificate["Miến dong Quảng Lâm"].number,
        claimed_star=4,
    )
    market.record_finding(
        other,
        fair,
        product_label="Miến dong đặc sản (không rõ nguồn gốc)",
        claimed_star=5,
        note="Nhãn ghi OCOP 5 sao, không có chủ thể, không có mã truy xuất.",
        follow_up="Chuyển Đội Quản lý thị trường xác minh nguồn gốc, xử lý theo quy định.",
        follow_up_deadline=today + timedelta(days=20),
        evidence=[_file("nhan-mien.png", photo((90, 90, 90)))],
    )
    market.record_declaration(
        people["chuthe.mienquanglam"],
        products["Miến dong Quảng Lâm"],
        number="02/2025/HTXQL",
        declared_on=date(today.year, 1, 10),
        standard="TCVN 11902:2017",
        document=_file("tu-cong-bo-mien.pdf", PDF),
    )
