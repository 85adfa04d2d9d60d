"""Steps the browser tests share, driven through the pages as a user would (imported by name:
pyproject sets pythonpath = tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF

from ocop.accounts.models import User


def pdf(path: Path, title: str) -> Path:
    """A small, real one-page PDF (a stand-in for a scanned form)."""
    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=14)
    doc.cell(text=title)
    doc.output(str(path))
    return path


def go(page: Any, path: str) -> None:
    response = page.goto(page.base_url + path)
    assert response.status == 200, (path, response.status)


def submit(page: Any, button: Any, key: bool = False) -> None:
    """Click a submit button and wait for the page it leads to, which must show no error. With `key`,
    press Enter on it instead: right after a full-page screenshot of a long page Chromium may still be
    laying the page out again, and a click by coordinates can land beside the button."""
    with page.expect_navigation():
        if key:
            button.press("Enter")
        else:
            button.click()
    errors = page.locator("ul.messages li.error, ul.errorlist li")
    assert errors.count() == 0, errors.all_text_contents()


def login(page: Any, username: str, password: str = "demo", otp_code: Any = None) -> None:
    """Sign in through the form; a role that needs a second factor types `otp_code(user)`, the code
    of the demo's authenticator app (README)."""
    go(page, "/dang-nhap/")
    page.fill("main input[name=username]", username)
    page.fill("main input[name=password]", password)
    submit(page, page.locator("main form button[type=submit]"))
    if page.url.endswith("/dang-nhap/ma-xac-thuc/"):
        page.fill("main input[name=code]", otp_code(User.objects.get(username=username)))
        submit(page, page.locator("main form button[type=submit]"))
    assert str(User.objects.get(username=username)) in page.text_content("header .who")


def logout(page: Any) -> None:
    submit(page, page.locator("header form button", has_text="Đăng xuất"))
    assert page.locator("header .who").count() == 0


def main(page: Any) -> str:
    """The words of the page's main part, spaces made single."""
    return " ".join((page.text_content("main") or "").split())
