"""No template carries inline script, style or event handlers, so the Content-Security-Policy
(settings.SECURE_CSP: script-src and style-src 'self' only) holds on every page. Values a script needs
go in data- attributes; styles in each app's static .css."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "ocop"
TEMPLATES = sorted(p for p in SRC.rglob("templates/**/*.html"))
INLINE = {
    "a <style> element": re.compile(r"<style[\s>]", re.I),
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "a <script> without src": re.compile(
        r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I
    ),
    "an on… event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "a javascript: address": re.compile(r"javascript:", re.I),
}


def test_the_templates_are_found() -> None:
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_inline_script_or_style(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{template.relative_to(SRC)}: {', '.join(found)}"
