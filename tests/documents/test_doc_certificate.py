"""The OCOP certificate: content, layout facts, embedded font, and a QR code that scans."""

from __future__ import annotations

import ctypes
import dataclasses
import unicodedata
from datetime import date

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp

from ocop.documents import CertificateDoc, certificate_pdf
from ocop.documents.certificate import GOLD

MM = 72 / 25.4


def test_certificate_text_has_every_field_with_diacritics(certificate: CertificateDoc, read_pdf) -> None:
    pdf = read_pdf(certificate_pdf(certificate))
    assert len(pdf.reader.pages) == 1
    text = pdf.text
    for expected in (
        "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP",
        "Số: 125/GCN-UBND",
        "Khâu nhục Lạng Sơn",
        "Chủ thể: Hợp tác xã Hồi Văn Quan",
        "Địa chỉ: Thôn Bản Giềng, xã Văn Quan, tỉnh Lạng Sơn",
        "Bộ sản phẩm: Bộ sản phẩm số 08 – Thực phẩm chế biến từ thịt",
        "SẢN PHẨM OCOP 4 SAO",
        "Quyết định công nhận số 3981/QĐ-UBND ngày 05/08/2026",
        "Có giá trị đến ngày 05/08/2029",  # 36 months, same calendar day
        "Lạng Sơn, ngày 05 tháng 8 năm 2026",
        "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lương Văn Bình",
        "Mã xác minh: 7K3F9Q",
    ):
        assert expected in text


def test_certificate_is_a4_landscape_with_embedded_font(certificate: CertificateDoc, read_pdf) -> None:
    pdf = read_pdf(certificate_pdf(certificate))
    box = pdf.reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (297, 210)
    fonts = pdf.font_descriptors()
    assert fonts and all(embedded for _, embedded in fonts)
    assert all("LiberationSerif" in name for name, _ in fonts)
    assert pdf.reader.metadata is not None and pdf.reader.metadata.title.startswith("GIẤY CHỨNG NHẬN")


def _render(data: bytes, page: int = 0, scale: float = 3.0):  # PIL image of one page
    return pdfium.PdfDocument(data)[page].render(scale=scale).to_pil()


def test_certificate_qr_code_scans_back_to_the_verification_url(certificate: CertificateDoc) -> None:
    data = certificate_pdf(certificate)
    results = zxingcpp.read_barcodes(_render(data))
    qr = [r for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert [r.text for r in qr] == [certificate.verification_url]


def _gold_shapes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in mm of every path filled with the certificate's gold."""
    page = pdfium.PdfDocument(data)[0]
    shapes = []
    for obj in page.get_objects():
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a)
        if (r.value, g.value, b.value) == GOLD:
            left, bottom, right, top = obj.get_bounds()
            shapes.append(((right - left) / MM, (top - bottom) / MM))
    return shapes


@pytest.mark.parametrize("stars", [3, 4, 5])
def test_certificate_draws_as_many_stars_as_the_rating(
    certificate: CertificateDoc, stars: int, read_pdf
) -> None:
    doc = dataclasses.replace(certificate, stars=stars)
    data = certificate_pdf(doc)
    drawn = [s for s in _gold_shapes(data) if 8 < s[1] < 15]  # the stars, not the corner ornaments
    assert len(drawn) == stars
    assert f"SẢN PHẨM OCOP {stars} SAO" in read_pdf(data).text


@pytest.mark.parametrize("stars", [0, 1, 2, 6])
def test_no_certificate_below_three_stars(certificate: CertificateDoc, stars: int) -> None:
    with pytest.raises(ValueError):
        certificate_pdf(dataclasses.replace(certificate, stars=stars))


def test_given_dates_win_over_the_defaults(certificate: CertificateDoc, read_pdf) -> None:
    doc = dataclasses.replace(certificate, valid_until=date(2029, 8, 4), issued_on=date(2026, 8, 6))
    text = read_pdf(certificate_pdf(doc)).text
    assert "Có giá trị đến ngày 04/08/2029" in text
    assert "Lạng Sơn, ngày 06 tháng 8 năm 2026" in text


def test_leap_day_decision_expires_on_28_february(certificate: CertificateDoc, read_pdf) -> None:
    doc = dataclasses.replace(certificate, decision_date=date(2028, 2, 29))
    text = read_pdf(certificate_pdf(doc)).text
    assert "Có giá trị đến ngày 28/02/2031" in text
    assert "Lạng Sơn, ngày 29 tháng 02 năm 2028" in text  # months 1 and 2 take a leading zero


def test_decomposed_input_comes_out_composed(certificate: CertificateDoc, read_pdf) -> None:
    nfd = unicodedata.normalize("NFD", "Khâu nhục Lạng Sơn")
    assert nfd != "Khâu nhục Lạng Sơn"
    text = read_pdf(certificate_pdf(dataclasses.replace(certificate, product_name=nfd))).text
    assert "Khâu nhục Lạng Sơn" in text


def test_long_names_still_fit_on_one_page(certificate: CertificateDoc, read_pdf) -> None:
    doc = dataclasses.replace(
        certificate,
        product_name="Trà hoa vàng Bắc Sơn sấy lạnh đóng hộp quà tặng cao cấp loại đặc biệt 100 gam",
        producer_name="Hợp tác xã Nông nghiệp và Dịch vụ Tổng hợp Chè Hoa Vàng Vùng Cao Bắc Sơn",
        producer_address="Thôn Khuổi Bốc, xã Hữu Vĩnh (trước đây là xã Vũ Lễ, huyện Bắc Sơn), tỉnh Lạng Sơn",
    )
    data = certificate_pdf(doc)
    pdf = read_pdf(data)
    assert len(pdf.reader.pages) == 1
    assert "Lương Văn Bình" in pdf.text and "loại đặc biệt 100 gam" in pdf.text
    assert [r.text for r in zxingcpp.read_barcodes(_render(data))] == [certificate.verification_url]
