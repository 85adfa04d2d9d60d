"""Provincial staff open the dashboard on a phone: the SVG charts are drawn, with bars, and the tables."""

from __future__ import annotations

from typing import Any

import pytest

from ocop.demo.load import PASSWORD, load_demo
from ocop.programme.demo import seed_programme_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_charts_render(page: Any, settings: Any, shot: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(pipeline=True)
    seed_programme_demo()
    page.goto(page.base_url + "/dang-nhap/")
    page.fill("input[name=username]", "tinh")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(page.base_url + "/bang-dieu-khien/")
    assert page.locator("h1").text_content().startswith("Bảng điều khiển")
    assert page.locator("svg.chart").count() == 8  # with ideas and business plans by step (ocop.ideas)
    # Stars 3, 4, 5: the bars carry the table's numbers; the demo's certificates draw non-zero bars.
    bars = page.locator("#chart-stars svg rect.bar")
    values = [bars.nth(i).get_attribute("data-value") for i in range(bars.count())]
    cells = page.locator("#chart-stars table td.num").all_text_contents()
    assert values == cells and len(values) == 3
    largest = max(range(3), key=lambda i: int(values[i]))
    assert int(values[largest]) > 0
    box = bars.nth(largest).bounding_box()
    assert box is not None and box["width"] > 100
    # Dossiers by state: several non-zero bars.
    widths = page.locator("#chart-pipeline rect.bar").evaluate_all(
        "rs => rs.map(r => Number(r.getAttribute('width')))"
    )
    assert sum(1 for w in widths if w > 0) >= 3
    # Targets of the 2026 demo plan, with computed progress.
    assert page.locator("#targets tr.target").count() == 9
    assert "62,5%" in page.locator('tr[data-kind="officials_trained"]').text_content()
    # Fits a phone: no horizontal scrolling.
    # Fits a phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "dashboard-province")
