"""Sample documents (the demo province, Lạng Sơn) and helpers to read the PDFs back. No Django."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pypdf
import pytest

from ocop.documents import (
    CertificateDoc,
    CommuneReportDoc,
    DecisionDoc,
    DecisionProduct,
    Issuer,
    Representative,
    Signer,
)

VERIFY_URL = "https://ocop.langson.gov.vn/xac-minh/7K3F9Q"

PROVINCE = Issuer(name="Ủy ban nhân dân tỉnh Lạng Sơn", place="Lạng Sơn")
VICE_CHAIR = Signer("Phó Chủ tịch", "Lương Văn Bình", on_behalf="KT. Chủ tịch")

SAMPLE_PRODUCTS = (
    ("Khâu nhục Lạng Sơn", "Hộ kinh doanh Khâu nhục Bà Tươi", "Thôn Pò Mỏ, xã Hoàng Văn Thụ, tỉnh Lạng Sơn"),
    ("Hoa hồi khô Văn Quan", "Hợp tác xã Hồi Văn Quan", "Thôn Bản Giềng, xã Văn Quan, tỉnh Lạng Sơn"),
    ("Na Chi Lăng", "Hợp tác xã Na Chi Lăng", "Thôn Bắc Thủy, xã Chi Lăng, tỉnh Lạng Sơn"),
    ("Rượu Mẫu Sơn 29 độ", "Công ty TNHH Rượu Mẫu Sơn", "Thôn Khuổi Tẻo, xã Mẫu Sơn, tỉnh Lạng Sơn"),
)


@dataclass(frozen=True)
class ReadPDF:
    """A generated PDF read back with pypdf."""

    reader: pypdf.PdfReader

    @property
    def pages(self) -> list[str]:
        """Text of each page, runs of white space collapsed (justified lines stretch the spaces)."""
        return [" ".join(page.extract_text().split()) for page in self.reader.pages]

    @property
    def text(self) -> str:
        return " ".join(self.pages)

    def font_descriptors(self) -> list[tuple[str, bool]]:
        """(base font name, has an embedded TrueType program) for every font on every page."""
        found: list[tuple[str, bool]] = []
        for page in self.reader.pages:
            fonts = page["/Resources"]["/Font"]
            for ref in fonts.values():
                font = ref.get_object()
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                descriptor = descendant.get("/FontDescriptor")
                embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
                found.append((str(font["/BaseFont"]), embedded))
        return found


@pytest.fixture
def read_pdf(caplog: pytest.LogCaptureFixture) -> Iterator[Callable[[bytes], ReadPDF]]:
    """Parse PDF bytes; afterwards, fail if the font lacked a glyph for any character written."""
    caplog.set_level(logging.WARNING, logger="fpdf")

    def read(data: bytes) -> ReadPDF:
        assert data.startswith(b"%PDF-"), data[:20]
        return ReadPDF(pypdf.PdfReader(io.BytesIO(data)))

    yield read
    missing = [r.getMessage() for r in caplog.records if "missing the following glyphs" in r.getMessage()]
    assert not missing, missing


@pytest.fixture
def certificate() -> CertificateDoc:
    return CertificateDoc(
        issuer=PROVINCE,
        certificate_number="125/GCN-UBND",
        product_name="Khâu nhục Lạng Sơn",
        producer_name="Hợp tác xã Hồi Văn Quan",
        producer_address="Thôn Bản Giềng, xã Văn Quan, tỉnh Lạng Sơn",
        stars=4,
        product_group="Bộ sản phẩm số 08 – Thực phẩm chế biến từ thịt",
        decision_number="3981/QĐ-UBND",
        decision_date=date(2026, 8, 5),
        signer=VICE_CHAIR,
        verification_url=VERIFY_URL,
        verification_code="7K3F9Q",
    )


def make_products(count: int) -> tuple[DecisionProduct, ...]:
    products = []
    for i in range(count):
        name, producer, address = SAMPLE_PRODUCTS[i % len(SAMPLE_PRODUCTS)]
        four = i % 5 == 0
        products.append(
            DecisionProduct(
                product_name=f"{name} (mẫu {i + 1:02d})",
                producer_name=producer,
                address=address,
                score=78.5 if four else 63.25,
                stars=4 if four else 3,
                slip_number=f"{i + 1:03d}/PĐK-20-6463-2026",
                scorecard=f"Bộ số {i % 26 + 1:02d}",
            )
        )
    return tuple(products)


@pytest.fixture
def decision() -> Callable[[int], DecisionDoc]:
    def build(count: int = 4) -> DecisionDoc:
        return DecisionDoc(
            issuer=PROVINCE,
            number="3981/QĐ-UBND",
            date=date(2026, 8, 5),
            products=make_products(count),
            signer=VICE_CHAIR,
            title="Công nhận kết quả đánh giá, phân hạng sản phẩm OCOP tỉnh Lạng Sơn năm 2026 (đợt 1)",
        )

    return build


@pytest.fixture
def commune_report() -> CommuneReportDoc:
    return CommuneReportDoc(
        issuer=Issuer(name="Ủy ban nhân dân xã Văn Quan", place="Văn Quan"),
        number="15/BC-UBND",
        date=date(2026, 4, 2),
        producer_name="Hợp tác xã Hồi Văn Quan",
        organisation_type="Hợp tác xã",
        producer_address="Thôn Bản Giềng, xã Văn Quan, tỉnh Lạng Sơn",
        representative=Representative(
            name="Lộc Thị Nga", sex="Nữ", ethnicity="Tày", residence="Thôn Bản Giềng, xã Văn Quan"
        ),
        product_name="Hoa hồi khô Văn Quan",
        raw_materials="Hợp tác xã thu mua hoa hồi tươi của 45 hộ thành viên trên địa bàn xã, "
        "diện tích khoảng 120 ha; 100% nguyên liệu có nguồn gốc trong xã.",
        local_labour="Sử dụng 18 lao động thường xuyên, trong đó 16 người thường trú tại xã.",
        idea_origin="Sản phẩm truyền thống: cây hồi được trồng và chế biến tại Văn Quan từ nhiều đời.",
        local_identity="Hoa hồi Văn Quan thơm đặc trưng nhờ thổ nhưỡng vùng núi đá vôi.\n"
        "Kinh nghiệm phơi, sấy hồi của đồng bào Tày, Nùng được lưu truyền trong cộng đồng.",
        addressee="Ủy ban nhân dân tỉnh Lạng Sơn",
        signer=Signer("Chủ tịch", "Chu Văn Lâm", on_behalf="TM. Ủy ban nhân dân"),
    )
