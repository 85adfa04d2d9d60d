"""The officials' steps through HTTP: the list, the dossier page, the commune report, provincial intake."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from ocop.audit.models import AuditEvent
from ocop.core.process import State
from ocop.dossiers.models import CommuneAssessment, CompletionRequest, Dossier, SiteInspection

FOUR = {
    "report_number": "21/BC-UBND",
    "raw_materials": "100% na trồng tại xã Chi Lăng",
    "labour": "25 lao động địa phương",
    "idea_origin": "Sản phẩm truyền thống",
    "local_identity": "Giống na dai đặc sản Chi Lăng",
    "proposal": "Đề nghị UBND tỉnh đánh giá, phân hạng sản phẩm.",
}

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def state_of(dossier: Dossier) -> str:
    dossier.refresh_from_db()
    return dossier.state


# --- the list ------------------------------------------------------------------------------------


def test_commune_list_with_counts_filter_and_deadline(
    as_user: Callable[[str], Client], filed: Callable[..., Any]
) -> None:
    on_time, late = filed("filed"), filed("filed", "Na sấy dẻo Chi Lăng")
    Dossier.objects.filter(pk=late.pk).update(commune_deadline=date.today() - timedelta(days=10))
    Dossier.objects.filter(pk=on_time.pk).update(state=State.RETURNED)
    client = as_user("xa.chilang")
    page = text(client.get("/ho-so/"))
    assert f"/ho-so/{on_time.pk}/" in page and f"/ho-so/{late.pk}/" in page
    assert 'Đã nộp tại UBND xã <span class="count">1</span>' in page
    assert 'Trả lại để hoàn thiện <span class="count">1</span>' in page
    assert "Quá hạn" in page and 'class="state-filed late"' in page
    assert late.commune_deadline and (date.today() - timedelta(days=10)).strftime("%d/%m/%Y") in page
    filtered = text(client.get("/ho-so/?trang-thai=returned"))
    assert f"/ho-so/{on_time.pk}/" in filtered and f"/ho-so/{late.pk}/" not in filtered


def test_each_official_lists_only_their_area(
    as_user: Callable[[str], Client], filed: Callable[..., Any]
) -> None:
    dossier = filed("filed")
    url = f"/ho-so/{dossier.pk}/"
    assert url in text(as_user("xa.chilang").get("/ho-so/"))
    for other in ("xa.vanquan", "tinh", "tinh.caobang", "trunguong"):  # tinh: still at the commune
        assert url not in text(as_user(other).get("/ho-so/")), other
    Dossier.objects.filter(pk=dossier.pk).update(state=State.COMMUNE_REPORTED)
    assert url in text(as_user("tinh").get("/ho-so/"))
    assert url not in text(as_user("tinh.caobang").get("/ho-so/"))


# --- the dossier page and its scope -----------------------------------------------------------------


def test_other_areas_get_404(as_user: Callable[[str], Client], filed: Callable[..., Any]) -> None:
    dossier = filed("reported")
    for username in ("xa.vanquan", "tinh.caobang", "xa.quanglam", "chuthe.khaunhuc", "trunguong"):
        client = as_user(username)
        for path in ("", "bao-cao-xa.pdf", "danh-gia-xa/", "tra-lai/", "khao-sat/"):
            assert client.get(f"/ho-so/{dossier.pk}/{path}").status_code == 404, (username, path)
        for path in ("tiep-nhan/", "tra-lai/", "rut/", "nop/"):
            assert client.post(f"/ho-so/{dossier.pk}/{path}", {"reasons": "x"}).status_code == 404
    assert state_of(dossier) == State.COMMUNE_REPORTED
    assert not CompletionRequest.objects.exists()


def test_dossier_page_shows_everything_and_the_roles_buttons(
    as_user: Callable[[str], Client], filed: Callable[..., Any]
) -> None:
    dossier = filed("reported")
    page = text(as_user("tinh").get(f"/ho-so/{dossier.pk}/"))
    for expected in (
        "Na Chi Lăng",
        "Hợp tác xã Na Chi Lăng",
        "26/2026/QĐ-TTg",
        "Số 1: Thực phẩm tươi sống — Rau, củ, quả, hạt tươi",
        "Phiếu đăng ký sản phẩm (Mẫu 01)",
        "form01.pdf",
        "21/BC-UBND",
        "Giống na dai đặc sản Chi Lăng",
        "Nộp hồ sơ tại UBND xã",  # history
        "UBND xã đánh giá 4 nội dung, chuyển tỉnh",
        f'action="/ho-so/{dossier.pk}/tiep-nhan/"',
        f'action="/ho-so/{dossier.pk}/tra-lai/"',
        f'action="/ho-so/{dossier.pk}/khao-sat/"',
    ):
        assert expected in page, expected
    producer_page = text(as_user("chuthe.nachilang").get(f"/ho-so/{dossier.pk}/"))
    assert "tiep-nhan/" not in producer_page and "khao-sat/" not in producer_page
    assert "form01.pdf" in producer_page


# --- commune -----------------------------------------------------------------------------------------


def test_commune_report_through_the_form(as_user: Callable[[str], Client], filed: Callable[..., Any]) -> None:
    dossier = filed("filed")
    client = as_user("xa.chilang")
    assert f"/ho-so/{dossier.pk}/danh-gia-xa/" in text(client.get(f"/ho-so/{dossier.pk}/"))
    assert client.get(f"/ho-so/{dossier.pk}/danh-gia-xa/").status_code == 200
    # A missing item: refused, what was typed comes back, nothing changed.
    response = client.post(f"/ho-so/{dossier.pk}/danh-gia-xa/", {**FOUR, "labour": ""})
    assert response.status_code == 400
    assert "Vui lòng nhập thông tin này" in text(response) and FOUR["local_identity"] in text(response)
    assert state_of(dossier) == State.FILED and not CommuneAssessment.objects.exists()

    response = client.post(f"/ho-so/{dossier.pk}/danh-gia-xa/", FOUR)
    assert response.status_code == 302
    assert state_of(dossier) == State.COMMUNE_REPORTED
    assessment = CommuneAssessment.objects.get(dossier=dossier)
    assert (assessment.report_number, assessment.labour) == ("21/BC-UBND", FOUR["labour"])
    assert AuditEvent.objects.filter(dossier=dossier, action="dossier.commune_report").exists()
    # Wrong state now: a second report is refused.
    response = client.post(f"/ho-so/{dossier.pk}/danh-gia-xa/", {**FOUR, "report_number": "99/BC-UBND"})
    assert response.status_code == 400 and "không thể 'Đánh giá 4 nội dung" in text(response)
    assert CommuneAssessment.objects.get(dossier=dossier).report_number == "21/BC-UBND"


def test_commune_report_pdf(as_user: Callable[[str], Client], filed: Callable[..., Any]) -> None:
    dossier = filed("filed")
    client = as_user("xa.chilang")
    assert client.get(f"/ho-so/{dossier.pk}/bao-cao-xa.pdf").status_code == 404  # no report yet
    client.post(f"/ho-so/{dossier.pk}/danh-gia-xa/", FOUR)
    for username in ("xa.chilang", "tinh", "chuthe.nachilang"):
        response = as_user(username).get(f"/ho-so/{dossier.pk}/bao-cao-xa.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
        assert response["Content-Disposition"] == 'attachment; filename="bao-cao-xa-21-BC-UBND.pdf"'
    assert reverse("commune_report_pdf", args=[dossier.pk]) == f"/ho-so/{dossier.pk}/bao-cao-xa.pdf"


def test_only_the_commune_officer_reports(
    as_user: Callable[[str], Client], filed: Callable[..., Any]
) -> None:
    dossier = filed("filed")
    response = as_user("chuthe.nachilang").post(f"/ho-so/{dossier.pk}/danh-gia-xa/", FOUR)
    assert response.status_code == 400 and "vai trò này không được" in text(response)
    assert state_of(dossier) == State.FILED and not CommuneAssessment.objects.exists()


def test_commune_returns_for_completion(as_user: Callable[[str], Client], filed: Callable[..., Any]) -> None:
    dossier = filed("filed")
    client = as_user("xa.chilang")
    response = client.post(f"/ho-so/{dossier.pk}/tra-lai/", {"reasons": "  "})
    assert response.status_code == 400 and state_of(dossier) == State.FILED
    response = client.post(
        f"/ho-so/{dossier.pk}/tra-lai/", {"reasons": "Bổ sung bản sao giấy đăng ký kinh doanh."}
    )
    assert response.status_code == 302 and state_of(dossier) == State.RETURNED
    request = CompletionRequest.objects.get(dossier=dossier)
    assert (request.level, request.by.username) == ("commune", "xa.chilang")
    # The producer sees it, and can upload again and re-file.
    page = text(as_user("chuthe.nachilang").get(f"/ho-so/{dossier.pk}/"))
    assert "Bổ sung bản sao giấy đăng ký kinh doanh." in page and 'name="file"' in page


# --- province ------------------------------------------------------------------------------------------


def test_province_accepts_a_reported_dossier(
    as_user: Callable[[str], Client], filed: Callable[..., Any]
) -> None:
    dossier = filed("reported")
    for username, message in (
        ("chuthe.nachilang", "vai trò này không được"),
        ("xa.chilang", "vai trò này không được"),
    ):
        page = text(as_user(username).post(f"/ho-so/{dossier.pk}/tiep-nhan/", follow=True))
        assert message in page, username
        assert state_of(dossier) == State.COMMUNE_REPORTED
    client = as_user("tinh")
    page = text(client.post(f"/ho-so/{dossier.pk}/tiep-nhan/", follow=True))
    assert "Đã xác nhận hồ sơ đầy đủ" in page and state_of(dossier) == State.COMPLETE
    # Wrong state: accepting again is refused.
    page = text(client.post(f"/ho-so/{dossier.pk}/tiep-nhan/", follow=True))
    assert "không thể 'Xác nhận hồ sơ đầy đủ'" in page
    assert AuditEvent.objects.filter(dossier=dossier, action="dossier.accept").count() == 1
    try:
        sessions = reverse("session_list")
    except NoReverseMatch:
        sessions = None
    if sessions:
        assert f'href="{sessions}"' in page


def test_province_returns_with_reasons(as_user: Callable[[str], Client], filed: Callable[..., Any]) -> None:
    dossier = filed("reported")
    client = as_user("tinh")
    response = client.post(f"/ho-so/{dossier.pk}/tra-lai/", {"reasons": ""})
    assert response.status_code == 400 and "Vui lòng nhập" in text(response)
    assert state_of(dossier) == State.COMMUNE_REPORTED
    client.post(f"/ho-so/{dossier.pk}/tra-lai/", {"reasons": "Bổ sung phiếu kiểm nghiệm."})
    assert state_of(dossier) == State.RETURNED
    assert CompletionRequest.objects.get(dossier=dossier).level == "province"
    # A returned dossier cannot be returned again.
    response = client.post(f"/ho-so/{dossier.pk}/tra-lai/", {"reasons": "Lần hai"})
    assert response.status_code == 400 and CompletionRequest.objects.count() == 1


def test_site_inspection(as_user: Callable[[str], Client], filed: Callable[..., Any]) -> None:
    dossier = filed("complete")
    url = f"/ho-so/{dossier.pk}/khao-sat/"
    data = {
        "inspected_on": (date.today() - timedelta(days=1)).isoformat(),
        "inspectors": "Tổ giúp việc: Hoàng Thị Thu, Nông Văn Đức",
        "minutes": "Vùng trồng na 12 ha, xưởng sơ chế đạt điều kiện an toàn thực phẩm.",
    }
    response = as_user("xa.chilang").post(url, data)
    assert response.status_code == 400 and "Chỉ tổ giúp việc cấp tỉnh" in text(response)
    client = as_user("tinh")
    future = {**data, "inspected_on": (date.today() + timedelta(days=3)).isoformat()}
    response = client.post(url, future)
    assert response.status_code == 400 and "Ngày khảo sát không thể ở tương lai" in text(response)
    assert data["minutes"] in text(response)  # the typed minutes are not lost
    assert not SiteInspection.objects.exists()
    assert client.post(url, data).status_code == 302
    inspection = SiteInspection.objects.get(dossier=dossier)
    assert inspection.inspectors == data["inspectors"]
    assert data["minutes"] in text(client.get(f"/ho-so/{dossier.pk}/"))


def test_no_inspection_on_a_returned_dossier(
    as_user: Callable[[str], Client], filed: Callable[..., Any]
) -> None:
    dossier = filed("reported")
    client = as_user("tinh")
    client.post(f"/ho-so/{dossier.pk}/tra-lai/", {"reasons": "Bổ sung"})
    response = client.post(
        f"/ho-so/{dossier.pk}/khao-sat/",
        {"inspected_on": date.today().isoformat(), "inspectors": "Tổ", "minutes": "Biên bản"},
    )
    assert response.status_code == 400 and "Hồ sơ không ở bước thẩm định" in text(response)
    assert not SiteInspection.objects.exists()


def test_central_intake_of_a_forwarded_dossier(
    as_user: Callable[[str], Client], filed: Callable[..., Any]
) -> None:
    dossier = filed("complete")
    Dossier.objects.filter(pk=dossier.pk).update(state=State.FORWARDED, level="central")
    assert as_user("tinh").post(f"/ho-so/{dossier.pk}/tiep-nhan-trung-uong/").status_code == 302
    assert state_of(dossier) == State.FORWARDED  # refused: the province cannot act at the centre
    client = as_user("trunguong")
    assert f"/ho-so/{dossier.pk}/" in text(client.get("/ho-so/"))
    page = text(client.post(f"/ho-so/{dossier.pk}/tiep-nhan-trung-uong/", follow=True))
    assert "Đã tiếp nhận hồ sơ" in page and state_of(dossier) == State.COMPLETE
