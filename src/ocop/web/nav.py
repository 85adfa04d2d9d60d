"""The menu each role sees: its work pages first, then the public ones. One list, used by base.html."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

# (URL name, Vietnamese label, English label)
Link = tuple[str, str, str]

PUBLIC: list[Link] = [
    ("catalogue", "Sản phẩm OCOP", "Products"),
    ("rulebooks", "Bộ quy tắc", "Rules"),
]
BY_ROLE: dict[str, list[Link]] = {
    "producer": [
        ("producer_home", "Sản phẩm và hồ sơ", "My products"),
        ("idea_list", "Ý tưởng, phương án", "Ideas and plans"),
        ("certificate_register", "Giấy chứng nhận", "Certificates"),
        ("support_programmes", "Hỗ trợ", "Support"),
        ("declaration_list", "Tự công bố", "Self-declarations"),
        ("stamp_list", "Tem truy xuất", "Stamps"),
    ],
    "commune_officer": [
        ("dossier_list", "Hồ sơ", "Dossiers"),
        ("idea_list", "Ý tưởng, phương án", "Ideas and plans"),
        ("survey_list", "Khảo sát tiềm năng", "Potential products"),
        ("plan_list", "Kế hoạch xã", "Commune plan"),
        ("commune_reports", "Báo cáo xã", "Commune reports"),
        ("production_stops", "Ngừng sản xuất", "Stopped production"),
    ],
    "province_staff": [
        ("dossier_list", "Hồ sơ", "Dossiers"),
        ("idea_list", "Ý tưởng, phương án", "Ideas and plans"),
        ("session_list", "Phiên họp", "Sessions"),
        ("council_list", "Hội đồng", "Councils"),
        ("certificate_register", "Giấy chứng nhận", "Certificates"),
        ("inspection_list", "Hậu kiểm", "Inspections"),
        ("dashboard", "Bảng điều khiển", "Dashboard"),
        ("plan_list", "Kế hoạch", "Plans"),
        ("event_list", "Sự kiện, đào tạo", "Events"),
        ("revenue", "Doanh thu", "Revenue"),
        ("reports", "Báo cáo", "Reports"),
        ("register_import", "Nhập sổ", "Import"),
        ("salespoint_list", "Điểm bán", "Sales points"),
        ("stamp_list", "Tem truy xuất", "Stamps"),
        ("token_list", "Kết nối quốc gia", "National link"),
        ("support_programmes", "Hỗ trợ", "Support"),
        ("market_list", "Kiểm tra thị trường", "Market checks"),
        ("batch_list", "Thu hồi theo danh sách", "Revocation lists"),
        ("commune_reports", "Báo cáo xã", "Commune reports"),
    ],
    "province_leader": [
        ("decision_queue", "Ký quyết định", "Decisions"),
        ("certificate_register", "Giấy chứng nhận", "Certificates"),
        ("revocation_list", "Thu hồi", "Revocations"),
        ("idea_list", "Ý tưởng, phương án", "Ideas and plans"),
        ("dashboard", "Bảng điều khiển", "Dashboard"),
        ("plan_list", "Kế hoạch", "Plans"),
        ("reports", "Báo cáo", "Reports"),
        ("national_export", "Xuất dữ liệu quốc gia", "National export"),
        ("support_programmes", "Hỗ trợ", "Support"),
        ("batch_list", "Thu hồi theo danh sách", "Revocation lists"),
    ],
    "council_member": [("my_scoring", "Chấm điểm", "Scoring")],
    "council_secretary": [("session_list", "Phiên họp", "Sessions"), ("my_scoring", "Chấm điểm", "Scoring")],
    "central_staff": [
        ("dossier_list", "Hồ sơ", "Dossiers"),
        ("decision_queue", "Quyết định", "Decisions"),
        ("certificate_register", "Giấy chứng nhận", "Certificates"),
        ("revocation_list", "Thu hồi", "Revocations"),
        ("inspection_list", "Hậu kiểm", "Inspections"),
        ("dashboard", "Bảng điều khiển", "Dashboard"),
        ("plan_list", "Kế hoạch", "Plans"),
        ("reports", "Báo cáo", "Reports"),
        ("national_export", "Xuất dữ liệu quốc gia", "National export"),
        ("stamp_flags", "Tem nghi sao chép", "Suspect stamps"),
        ("support_programmes", "Hỗ trợ", "Support"),
        ("market_list", "Kiểm tra thị trường", "Market checks"),
    ],
    "admin": [("admin:index", "Quản trị", "Admin")],
}


def _resolved(links: list[Link]) -> list[dict[str, str]]:
    out = []
    for name, vi, en in links:
        try:
            out.append({"url": reverse(name), "vi": vi, "en": en})
        except NoReverseMatch:  # an optional part that this installation does not have
            continue
    return out


def menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {"nav_work": _resolved(BY_ROLE.get(role, [])), "nav_public": _resolved(PUBLIC)}
