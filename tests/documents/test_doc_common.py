"""What the three documents share: QR helpers, the shipped font, formatting, and no Django."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date

import pytest
import segno
import zxingcpp
from fontTools.ttLib import TTFont
from PIL import Image

from ocop.documents import CertificateDoc, Issuer, Signer, decision_pdf, qr_png, qr_svg
from ocop.documents.formatting import (
    add_months,
    date_words,
    enumerate_clauses,
    paragraphs,
    score_text,
    star_breakdown,
)
from ocop.documents.layout import FONT_DIR, FONT_FILES
from ocop.documents.qr import module_rows

URLS = [
    "https://ocop.langson.gov.vn/xac-minh/7K3F9Q",
    "https://ocop.example.vn/chung-nhan/LS-2026-000125?ma=ABCD1234EF&lang=vi",
]


@pytest.mark.parametrize("url", URLS)
def test_qr_png_decodes_to_the_url(url: str) -> None:
    data = qr_png(url)
    assert data.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(data))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]


@pytest.mark.parametrize("url", URLS)
def test_qr_svg_is_a_scalable_svg_of_the_same_symbol(url: str) -> None:
    svg = qr_svg(url, title="Mã QR xác minh")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "viewBox" in root.attrib and "width" not in root.attrib  # scales to its box
    assert "Mã QR xác minh" in svg
    size = len(module_rows(url)) + 2 * 4
    assert root.attrib["viewBox"].split()[2:] == [str(size), str(size)]
    # the PDF draws the very symbol the helpers export
    assert module_rows(url) == [[bool(c) for c in row] for row in segno.make_qr(url, error="m").matrix]


def test_qr_needs_a_url() -> None:
    with pytest.raises(ValueError):
        qr_png("")


def test_the_font_ships_with_the_package_and_covers_vietnamese() -> None:
    assert (FONT_DIR / "OFL.txt").read_text().startswith("Digitized data copyright")
    letters = set("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    tones = "\u0300\u0301\u0303\u0309\u0323"
    import unicodedata

    wanted = {unicodedata.normalize("NFC", c + t) for c in "aăâeêioôơuưy" for t in tones} | letters
    wanted |= {c.upper() for c in wanted}
    for filename in FONT_FILES.values():
        cmap = TTFont(FONT_DIR / filename).getBestCmap()
        missing = sorted(c for c in wanted if ord(c) not in cmap)
        assert not missing, (filename, missing)


def test_importing_the_documents_loads_no_web_framework() -> None:
    code = (
        "import sys, ocop.documents; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'psycopg', 'waitress', 'whitenoise'}); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dates_are_written_the_administrative_way() -> None:
    assert date_words(date(2026, 8, 5)) == "ngày 05 tháng 8 năm 2026"
    assert date_words(date(2026, 1, 15)) == "ngày 15 tháng 01 năm 2026"
    assert date_words(date(2026, 12, 31)) == "ngày 31 tháng 12 năm 2026"
    assert date_words(None) == "ngày …… tháng …… năm ……"
    assert add_months(date(2026, 8, 5), 36) == date(2029, 8, 5)
    assert add_months(date(2028, 2, 29), 36) == date(2031, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_numbers_and_lists() -> None:
    assert score_text(78.5) == "78,5"
    assert score_text(70) == "70"
    assert score_text(63.254) == "63,25"
    assert (
        star_breakdown([3, 4, 3, 5]) == "01 sản phẩm đạt 5 sao, 01 sản phẩm đạt 4 sao, 02 sản phẩm đạt 3 sao"
    )
    assert enumerate_clauses(["Căn cứ A;", "Căn cứ B", " ", "Theo đề nghị C."]) == [
        "Căn cứ A;",
        "Căn cứ B;",
        "Theo đề nghị C.",
    ]
    assert paragraphs("  Dòng một \n\n dòng   hai\n") == ["Dòng một", "dòng hai"]


def test_issuer_heading_and_signer_lines() -> None:
    assert Issuer("Ủy ban nhân dân tỉnh Lạng Sơn", "Lạng Sơn").heading() == (
        "ỦY BAN NHÂN DÂN",
        "TỈNH LẠNG SƠN",
    )
    assert Issuer("Uỷ ban nhân dân xã Chi Lăng", "Chi Lăng").heading() == ("UỶ BAN NHÂN DÂN", "XÃ CHI LĂNG")
    assert Issuer("Bộ Nông nghiệp và Môi trường", "Hà Nội").heading() == ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",)
    assert Signer("Phó Chủ tịch", "A", on_behalf="KT. Chủ tịch").title_lines() == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    )
    assert Signer("Bộ trưởng", "B").title_lines() == ("BỘ TRƯỞNG",)


def test_a_governing_body_prints_above_the_issuer(decision, read_pdf) -> None:
    issuer = Issuer(
        name="Sở Nông nghiệp và Môi trường", place="Lạng Sơn", parent="Ủy ban nhân dân tỉnh Lạng Sơn"
    )
    doc = dataclasses.replace(decision(1), issuer=issuer, issued_by="Giám đốc Sở Nông nghiệp và Môi trường")
    text = read_pdf(decision_pdf(doc)).text
    assert text.startswith("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG")
    assert "GIÁM ĐỐC SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG Căn cứ" in text


def test_certificate_doc_is_immutable(certificate: CertificateDoc) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        certificate.stars = 5  # type: ignore[misc]


def test_the_missing_glyph_guard_works(certificate: CertificateDoc, caplog: pytest.LogCaptureFixture) -> None:
    """The ``read_pdf`` fixture fails a test on fpdf2's missing-glyph warning; make sure it is raised."""
    from ocop.documents import certificate_pdf

    caplog.set_level("WARNING", logger="fpdf")
    certificate_pdf(dataclasses.replace(certificate, product_name="Khâu nhục ★ 中文"))
    assert any("missing the following glyphs" in r.getMessage() for r in caplog.records)
