"""The commune report, Form 03 of 26/2026 (rules.md §4.2)."""

from __future__ import annotations

import dataclasses

from ocop.documents import CommuneReportDoc, commune_report_pdf


def test_report_follows_form_03(commune_report: CommuneReportDoc, read_pdf) -> None:
    pdf = read_pdf(commune_report_pdf(commune_report))
    text = pdf.text
    order = [
        "ỦY BAN NHÂN DÂN XÃ VĂN QUAN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-UBND",
        "Văn Quan, ngày 02 tháng 4 năm 2026",
        "BÁO CÁO",
        "Đánh giá một số nội dung của hồ sơ đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP",
        "I. THÔNG TIN CHUNG VỀ HỒ SƠ SẢN PHẨM",
        "1. Tên chủ thể: Hợp tác xã Hồi Văn Quan",
        "2. Loại hình tổ chức: Hợp tác xã",
        "3. Địa chỉ: Thôn Bản Giềng, xã Văn Quan, tỉnh Lạng Sơn",
        "4. Tên người đại diện pháp luật:",
        "- Họ tên: Lộc Thị Nga",
        "- Giới tính: Nữ; Dân tộc: Tày",
        "- Địa chỉ thường trú: Thôn Bản Giềng, xã Văn Quan",
        "5. Sản phẩm đăng ký đánh giá: Hoa hồi khô Văn Quan",
        "II. ĐÁNH GIÁ MỘT SỐ NỘI DUNG CỦA HỒ SƠ SẢN PHẨM",
        "1. Về sử dụng nguyên liệu địa phương: Hợp tác xã thu mua hoa hồi tươi của 45 hộ thành viên",
        "2. Về sử dụng lao động địa phương: Sử dụng 18 lao động thường xuyên",
        "3. Nguồn gốc ý tưởng sản phẩm: Sản phẩm truyền thống",
        "4. Bản sắc/trí tuệ địa phương: Hoa hồi Văn Quan thơm đặc trưng",
        "Kinh nghiệm phơi, sấy hồi của đồng bào Tày, Nùng",
        "Ủy ban nhân dân xã Văn Quan đề nghị Ủy ban nhân dân tỉnh Lạng Sơn đánh giá, phân hạng sản phẩm OCOP "
        "cho sản phẩm Hoa hồi khô Văn Quan của Hợp tác xã Hồi Văn Quan.",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH",
        "Chu Văn Lâm",
    ]
    positions = [text.find(s) for s in order]
    assert -1 not in positions, [s for s, p in zip(order, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    fonts = pdf.font_descriptors()
    assert fonts and all(embedded for _, embedded in fonts)


def test_long_assessments_flow_over_pages_and_keep_the_proposal_with_the_signature(
    commune_report: CommuneReportDoc, read_pdf
) -> None:
    sentence = (
        "Qua kiểm tra thực tế tại các hộ thành viên, nguyên liệu hoa hồi được thu hái tại các thôn "
        "Bản Giềng, Khòn Pịa và Nà Lầm, được phơi trên sàn tre theo kinh nghiệm truyền thống. "
    )
    long_text = "\n".join(sentence * 3 for _ in range(6))
    doc = dataclasses.replace(commune_report, raw_materials=long_text, local_identity=long_text)
    pages = read_pdf(commune_report_pdf(doc)).pages
    assert len(pages) >= 3
    signed = [i for i, text in enumerate(pages) if "Chu Văn Lâm" in text]
    assert signed == [len(pages) - 1]
    assert "đề nghị Ủy ban nhân dân tỉnh Lạng Sơn" in pages[-1]


def test_an_empty_assessment_is_marked_not_left_out(commune_report: CommuneReportDoc, read_pdf) -> None:
    doc = dataclasses.replace(commune_report, idea_origin="   ")
    text = read_pdf(commune_report_pdf(doc)).text
    assert "3. Nguồn gốc ý tưởng sản phẩm: (chưa có nội dung) 4. Bản sắc/trí tuệ địa phương:" in text


def test_issuer_header_lines_can_be_given(commune_report: CommuneReportDoc, read_pdf) -> None:
    issuer = dataclasses.replace(
        commune_report.issuer,
        name="Ủy ban nhân dân phường Đông Kinh",
        header_lines=("Ủy ban nhân dân", "phường Đông Kinh"),
    )
    text = read_pdf(commune_report_pdf(dataclasses.replace(commune_report, issuer=issuer))).text
    assert text.startswith("ỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG KINH")
    assert "Ủy ban nhân dân phường Đông Kinh đề nghị" in text
