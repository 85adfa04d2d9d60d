"""A producer's journey from a product idea to a self-assessed dossier, on a phone (issue 13).

The producer registers an idea; the commune forwards it; the producer writes and submits its
production and business plan; the province approves it and the product enters the producer's
products; the producer starts the dossier, scores the product on the council's own scorecard with a
description and evidence, and files. Every page is driven through its forms (sign-in included), and a
screenshot is kept for each step (var/screenshots/idea-*.png).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser_steps import go, login, logout, main, pdf, submit
from ocop.core.process import State
from ocop.core.scoring import MemberForm, score_form
from ocop.demo.load import load_demo
from ocop.demo.pipeline import answers_for_band
from ocop.dossiers.models import CriterionEvidence, Dossier, SelfAssessment
from ocop.dossiers.self_assessment import SELF
from ocop.ideas.models import BusinessPlan, Idea, IdeaState, PlanState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRODUCT = "Mứt na Chi Lăng"
SCORECARD = 7  # Chế biến từ rau, củ, quả, hạt


def _menu(page: Any, label: str) -> None:
    with page.expect_navigation():
        page.locator("header nav a", has_text=label).click()


def test_a_producer_goes_from_idea_to_a_self_assessed_dossier(
    page: Any, settings: Any, shot: Any, tmp_path: Path
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_demo()
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. The producer registers its idea. ---------------------------------------------------------------
    login(page, "chuthe.nachilang")
    _menu(page, "Ý tưởng, phương án")
    page.locator("main a", has_text="Đăng ký ý tưởng sản phẩm").click()
    page.wait_for_url("**/y-tuong/dang-ky/")
    page.fill("#id_name", PRODUCT)
    page.select_option("#id_scorecard_number", str(SCORECARD))
    page.check("input[name=origin][value=new]")
    page.fill("#id_description", "Mứt na dẻo làm từ na quả loại 2 của các hộ thành viên hợp tác xã.")
    page.fill("#id_raw_materials", "Vườn na 20 ha của các hộ thành viên")
    shot(page, "idea-01-register")
    submit(page, page.locator("main form button[type=submit]"))
    idea = Idea.objects.get(name=PRODUCT)
    assert idea.state == IdeaState.REGISTERED and "Chờ UBND xã xem xét" in main(page)
    logout(page)

    # 2. The commune forwards it to the province. -------------------------------------------------------
    login(page, "xa.chilang")
    _menu(page, "Ý tưởng, phương án")
    page.locator("main a", has_text=PRODUCT).click()
    page.wait_for_url(f"**/y-tuong/{idea.pk}/")
    page.check("input[name=decision][value=forward]")
    page.fill("#id_note", "Sản phẩm có vùng nguyên liệu sẵn có tại xã.")
    shot(page, "idea-02-commune-review")
    submit(page, page.locator("form[action$='/xem-xet/'] button[type=submit]"))
    idea.refresh_from_db()
    assert idea.state == IdeaState.FORWARDED and "UBND xã đã chuyển tỉnh" in main(page)
    logout(page)

    # 3. The producer writes its production and business plan and submits it. --------------------------
    login(page, "chuthe.nachilang")
    go(page, f"/y-tuong/{idea.pk}/")
    page.locator("#thao-tac a", has_text="Lập phương án sản xuất kinh doanh").click()
    page.wait_for_url("**/phuong-an/")
    assert page.input_value("#id_raw_materials") == "Vườn na 20 ha của các hộ thành viên"  # from the idea
    page.fill("#id_technology", "Sên đường, sấy dẻo tại xưởng của hợp tác xã; túi hút chân không.")
    page.fill("#id_market", "Điểm bán OCOP trong tỉnh, sàn thương mại điện tử.")
    page.fill("#id_output", "5 tấn mỗi năm")
    page.fill("#id_labour", "12")
    page.fill("#id_revenue", "900000000")
    page.fill("#id_profit", "120000000")
    shot(page, "idea-03-plan")
    submit(page, page.locator("button[value=submit]"), key=True)
    plan = BusinessPlan.objects.get(idea=idea)
    assert plan.state == PlanState.SUBMITTED and "Đã nộp, chờ tỉnh phê duyệt" in main(page)
    logout(page)

    # 4. The province approves the plan: the product enters the producer's products. ---------------------
    login(page, "tinh")
    _menu(page, "Ý tưởng, phương án")
    page.locator("main a", has_text=PRODUCT).click()
    page.wait_for_url(f"**/y-tuong/{idea.pk}/")
    assert "900.000.000 đồng" in main(page)
    page.check("input[name=decision][value=approve]")
    shot(page, "idea-04-province-approves")
    submit(page, page.locator("form[action$='/tham-dinh/'] button[type=submit]"))
    plan.refresh_from_db()
    idea.refresh_from_db()
    assert plan.state == PlanState.APPROVED and idea.product is not None
    logout(page)

    # 5. The producer starts the dossier and scores the product on the council's own card. --------------
    login(page, "chuthe.nachilang")
    _menu(page, "Sản phẩm và hồ sơ")
    page.locator("section.product", has_text=PRODUCT).locator("a", has_text="Lập hồ sơ").click()
    page.wait_for_url("**/lap-ho-so/")
    page.select_option("#id_kind", "first")
    submit(page, page.locator("main form.card button[type=submit]"))
    dossier = Dossier.objects.get(product=idea.product)
    assert dossier.state == State.DRAFT
    page.locator("#tu-cham-diem a", has_text="Tự chấm điểm, đính kèm minh chứng").click()
    page.wait_for_url("**/tu-cham-diem/")
    card = dossier.scorecard
    assert card.number == SCORECARD
    answers = answers_for_band(card, 4)
    expected = score_form(card, MemberForm(member=SELF, answers=answers), dossier.recorded_exemptions)
    for criterion, option in answers.items():
        page.check(f'input[name="c:{criterion}"][value="{option}"]')
    assert page.text_content("#total") == str(expected.total)  # the running total, as on a member's sheet
    first = next(card.criteria()).id
    page.fill(f'textarea[name="d:{first}"]', "Giấy chứng nhận đăng ký hợp tác xã và điều lệ.")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "idea-05-self-assessment-phone")
    submit(page, page.locator("#sheet .actions button[type=submit]"), key=True)
    assert f"Chủ thể tự chấm: {expected.total}/100" in main(page)  # the core's, not the page's
    stored = SelfAssessment.objects.get(dossier=dossier)
    assert stored.answers == answers and stored.descriptions == {
        first: "Giấy chứng nhận đăng ký hợp tác xã và điều lệ."
    }

    page.set_input_files(f'input[form="ev-{first}"]', str(pdf(tmp_path / "dang-ky-htx.pdf", "Dang ky HTX")))
    submit(page, page.locator(f'button[form="ev-{first}"]'))
    assert CriterionEvidence.objects.filter(dossier=dossier, criterion=first).count() == 1
    assert "dang-ky-htx.pdf" in page.locator(f'[id="c-{first}"]').text_content()
    page.locator(f'[id="c-{first}"]').scroll_into_view_if_needed()
    shot(page, "idea-06-evidence")

    # 6. The forms go up and the dossier is filed, its self-assessment with it. -------------------------
    go(page, f"/ho-so/{dossier.pk}/")
    for kind in ("form01", "form02"):
        item = page.locator("ul.checklist > li", has=page.locator(f"input[name=kind][value={kind}]"))
        item.locator("input[type=file]").set_input_files(str(pdf(tmp_path / f"{kind}.pdf", kind)))
        submit(page, item.locator("button[type=submit]"))
    submit(page, page.locator("#thao-tac button", has_text="Nộp hồ sơ"))
    dossier.refresh_from_db()
    assert dossier.state == State.FILED
    assert f"Chủ thể tự chấm: {expected.total}/100" in main(page)
    shot(page, "idea-07-dossier-filed")
    # Filed: the self-assessment is read-only now.
    go(page, f"/ho-so/{dossier.pk}/tu-cham-diem/")
    assert "Chỉ xem" in main(page)
    assert page.locator(f'input[name="c:{first}"]').first.is_disabled()
