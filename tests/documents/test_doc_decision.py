"""The recognition decision: Decree 30 layout, articles, signature, and a list of any length."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from ocop.documents import DecisionDoc, decision_pdf, defaults

MM = 72 / 25.4


def test_decision_has_the_parts_of_an_administrative_document(
    decision: Callable[[int], DecisionDoc], read_pdf
) -> None:
    pdf = read_pdf(decision_pdf(decision(4)))
    first = pdf.pages[0]
    # header and title, in reading order
    order = [
        "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 3981/QĐ-UBND",
        "Lạng Sơn, ngày 05 tháng 8 năm 2026",
        "QUYẾT ĐỊNH",
        "Công nhận kết quả đánh giá, phân hạng sản phẩm OCOP tỉnh Lạng Sơn năm 2026 (đợt 1)",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
        "Căn cứ Quyết định số 26/2026/QĐ-TTg ngày 22 tháng 5 năm 2026 của Thủ tướng Chính phủ",
        "Theo đề nghị của cơ quan tham mưu quản lý OCOP cấp tỉnh.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Công nhận kết quả đánh giá, phân hạng sản phẩm OCOP đối với 04 sản phẩm "
        "(01 sản phẩm đạt 4 sao, 03 sản phẩm đạt 3 sao)",
        "Điều 2. Giấy chứng nhận sản phẩm OCOP có giá trị trong thời hạn 36 tháng kể từ ngày ký",
        "Điều 3.",
        "Nơi nhận: - Như Điều 3; - Lưu: VT.",
        "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
        "Lương Văn Bình",
    ]
    positions = [first.find(s) for s in order]
    assert -1 not in positions, [s for s, p in zip(order, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    # legal bases end with ";" and the last one with "."
    assert "mỗi xã một sản phẩm;" in first
    fonts = pdf.font_descriptors()
    assert fonts and all(embedded for _, embedded in fonts)


def test_sixty_products_fill_several_landscape_pages_and_all_are_listed(
    decision: Callable[[int], DecisionDoc], read_pdf
) -> None:
    doc = decision(60)
    pdf = read_pdf(decision_pdf(doc))
    pages = pdf.pages
    assert len(pages) >= 4  # the body and at least three pages of list
    annex = pages[1:]
    for page, text in zip(pdf.reader.pages[1:], annex, strict=True):
        assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
        assert "STT Tên sản phẩm Chủ thể Địa chỉ" in text  # the heading row repeats
    listed = " ".join(annex)
    assert "DANH SÁCH SẢN PHẨM OCOP ĐƯỢC CÔNG NHẬN" in annex[0]
    assert (
        "(Kèm theo Quyết định số 3981/QĐ-UBND ngày 05/08/2026 của Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn)"
        in annex[0]
    )
    for n, product in enumerate(doc.products, start=1):
        assert product.product_name in listed
        assert product.slip_number in listed
        assert f"{n} {product.product_name}" in listed
    assert listed.count("Hợp tác xã Hồi Văn Quan") == 15
    assert "78,5 4 sao" in listed and "63,25 3 sao" in listed
    assert "Tổng số: 60 sản phẩm (12 sản phẩm đạt 4 sao, 48 sản phẩm đạt 3 sao)." in pages[-1]
    assert "Điều 1. Công nhận kết quả đánh giá, phân hạng sản phẩm OCOP đối với 60 sản phẩm" in pages[0]
    # page numbers from page 2 on, centred at the top
    assert [p.split(" ", 1)[0] for p in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]


def test_the_signature_never_stands_alone_on_a_page(decision: Callable[[int], DecisionDoc], read_pdf) -> None:
    long_bases = tuple(
        f"Căn cứ văn bản thứ {i} của Ủy ban nhân dân tỉnh Lạng Sơn về việc tổ chức thực hiện Chương trình "
        "mỗi xã một sản phẩm trên địa bàn tỉnh"
        for i in range(1, 12)
    )
    doc = dataclasses.replace(decision(3), legal_bases=long_bases)
    pages = read_pdf(decision_pdf(doc)).pages
    signed = [i for i, text in enumerate(pages) if "Lương Văn Bình" in text]
    assert len(signed) == 1
    assert "Điều 3." in pages[signed[0]]
    assert "Nơi nhận:" in pages[signed[0]]


def test_a_draft_leaves_the_date_blank(decision: Callable[[int], DecisionDoc], read_pdf) -> None:
    doc = dataclasses.replace(decision(2), number="     /QĐ-UBND", date=None)
    text = read_pdf(decision_pdf(doc)).text
    assert "Lạng Sơn, ngày …… tháng …… năm ……" in text
    assert "(Kèm theo Quyết định số /QĐ-UBND của Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn)" in text


def test_caller_wording_replaces_the_defaults(decision: Callable[[int], DecisionDoc], read_pdf) -> None:
    doc = dataclasses.replace(
        decision(2),
        legal_bases=("Căn cứ Luật Tổ chức chính quyền địa phương;", *defaults.DECISION_LEGAL_BASES),
        proposal="Theo đề nghị của Giám đốc Sở Nông nghiệp và Môi trường tại Tờ trình số 250/TTr-SNNMT.",
        articles=(*defaults.DECISION_ARTICLES[:2], "Chánh Văn phòng UBND tỉnh chịu trách nhiệm thi hành."),
        recipients=("Như Điều 3", "Bộ Nông nghiệp và Môi trường (b/c)", "Lưu: VT, KT"),
    )
    text = read_pdf(decision_pdf(doc)).text
    assert "Căn cứ Luật Tổ chức chính quyền địa phương; Căn cứ Quyết định số 26/2026/QĐ-TTg" in text
    assert "tại Tờ trình số 250/TTr-SNNMT." in text
    assert "Điều 3. Chánh Văn phòng UBND tỉnh chịu trách nhiệm thi hành." in text
    assert "- Như Điều 3; - Bộ Nông nghiệp và Môi trường (b/c); - Lưu: VT, KT." in text


def test_a_decision_lists_at_least_one_product(decision: Callable[[int], DecisionDoc]) -> None:
    with pytest.raises(ValueError):
        decision_pdf(dataclasses.replace(decision(1), products=()))
