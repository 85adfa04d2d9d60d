"""Default wording of the generated documents, in one place, for rulebook 26/2026.

Each text cites the paragraph of /work/shared/domain/rules.md (and through it the source) it rests
on. Only what the rules support is here: anything a province adds (its own local-government law
citation, the department's submission number, the exact list of recipients) is passed in by the
caller, which may also replace any of these texts. The national motto and the layout follow the
standard presentation of administrative documents (Decree 30/2020/NĐ-CP, Appendix I).
"""

from __future__ import annotations

# --- common -------------------------------------------------------------------------------------

# National name and motto (*Quốc hiệu, Tiêu ngữ*), as printed on every administrative document
# and on the 26/2026 forms themselves (rules.md §9 S1, Appendix III).
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# A certificate of 3★ and above is valid 36 months from the day the competent authority issues it;
# in practice the expiry is the same calendar day three years later. rules.md §5.1 ([A] Art. 4.3, [C] S27).
VALIDITY_MONTHS = 36

# Only 3★, 4★ and 5★ products are recognised and get a certificate. rules.md §5.1 ([A] Art. 4.1a).
RECOGNISED_STARS = frozenset({3, 4, 5})

# --- 1. certificate (rules.md §5.1: no national template; content as recognition decisions state it) --

CERTIFICATE_TITLE = "GIẤY CHỨNG NHẬN"
CERTIFICATE_SUBTITLE = "SẢN PHẨM OCOP"
CERTIFICATE_STARS_WORDS = "SẢN PHẨM OCOP {stars} SAO"
CERTIFICATE_VALIDITY = "Có giá trị đến ngày {date}"

# --- 2. recognition decision (rules.md §5.1 and §3.1: 26/2026 Art. 7.3đ–e) ----------------------------

DECISION_TITLE = "Công nhận kết quả đánh giá, phân hạng sản phẩm OCOP"

# The rulebook itself ([A] S1: number, date, signatory and title as in the preamble of 26/2026) and the
# council's result and proposal, on which the chair decides ([A] Art. 7.3d–e). A province puts its own
# local-government-law citation first.
DECISION_LEGAL_BASES: tuple[str, ...] = (
    "Căn cứ Quyết định số 26/2026/QĐ-TTg ngày 22 tháng 5 năm 2026 của Thủ tướng Chính phủ ban hành "
    "Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm mỗi xã một sản phẩm",
    "Căn cứ kết quả đánh giá, phân hạng và đề xuất của Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh",
)

# The provincial OCOP advisory/managing body compiles the result and submits it ([A] Art. 7.3đ).
DECISION_PROPOSAL = "Theo đề nghị của cơ quan tham mưu quản lý OCOP cấp tỉnh"

# Article templates. Placeholders: {count}, {breakdown}, {validity_months}, {issued_by}.
DECISION_ARTICLES: tuple[str, ...] = (
    # Recognition of the listed products and their star ([A] Art. 7.3e).
    "Công nhận kết quả đánh giá, phân hạng sản phẩm OCOP đối với {count} sản phẩm ({breakdown}) "
    "của các chủ thể có tên trong Danh sách kèm theo Quyết định này.",
    # Term of 36 months from signature (§5.1, [A] Art. 4.3); right to use the certificate, the OCOP
    # logo and the star rating on the packaging ([B] S28, §5.6); the recognised criteria must be kept
    # up, as post-recognition checks verify ([A] Art. 9, §5.5).
    "Giấy chứng nhận sản phẩm OCOP có giá trị trong thời hạn {validity_months} tháng kể từ ngày ký "
    "Quyết định này. Chủ thể có sản phẩm được công nhận được sử dụng giấy chứng nhận, biểu trưng (logo) "
    "OCOP và thứ hạng sao trên bao bì sản phẩm theo quy định; có trách nhiệm duy trì các tiêu chí của "
    "sản phẩm theo Bộ tiêu chí và hồ sơ đã được công nhận.",
    # Who executes: the advisory body that hands over certificates and guides the use of the logo
    # ([B] S28), the communes, the producers. A province names its own offices here.
    "Quyết định này có hiệu lực kể từ ngày ký. Cơ quan tham mưu quản lý OCOP cấp tỉnh, Ủy ban nhân dân "
    "các xã, phường có sản phẩm được công nhận, các chủ thể có tên tại Điều 1 và các cơ quan, đơn vị "
    "có liên quan chịu trách nhiệm thi hành Quyết định này.",
)

# "Như Điều 3" and the archive line are the minimum of any decision; the caller adds the rest.
DECISION_RECIPIENTS: tuple[str, ...] = ("Như Điều 3", "Lưu: VT")

DECISION_ANNEX_TITLE = "DANH SÁCH SẢN PHẨM OCOP ĐƯỢC CÔNG NHẬN"

# --- 3. commune report, Form 03 (rules.md §4.2; wording of Appendix III of 26/2026, S1) ----------------

COMMUNE_REPORT_TITLE = "Đánh giá một số nội dung của hồ sơ đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP"
COMMUNE_REPORT_PART_I = "I. THÔNG TIN CHUNG VỀ HỒ SƠ SẢN PHẨM"
COMMUNE_REPORT_PART_II = "II. ĐÁNH GIÁ MỘT SỐ NỘI DUNG CỦA HỒ SƠ SẢN PHẨM"
COMMUNE_REPORT_ITEMS: tuple[str, str, str, str] = (
    "1. Về sử dụng nguyên liệu địa phương:",
    "2. Về sử dụng lao động địa phương:",
    "3. Nguồn gốc ý tưởng sản phẩm:",
    "4. Bản sắc/trí tuệ địa phương:",
)
# Closing line of Form 03. Placeholders: {issuer}, {addressee}, {product}, {producer}.
COMMUNE_REPORT_PROPOSAL = (
    "{issuer} đề nghị {addressee} đánh giá, phân hạng sản phẩm OCOP cho sản phẩm {product} của {producer}."
)
# The report goes to the province, received by its OCOP advisory body ([A] Art. 7.2b, 7.3a).
COMMUNE_REPORT_RECIPIENTS: tuple[str, ...] = (
    "Ủy ban nhân dân tỉnh (qua cơ quan tham mưu quản lý OCOP cấp tỉnh)",
    "Lưu: VT",
)
