"""Reading the hidden fields of a rendered form (one-time tokens, versions) in HTTP tests."""

from __future__ import annotations

import re


def token_of(page: str, form_class: str = "") -> str:
    """The one-time token of the (first) form on the page."""
    scope = page[page.index(form_class) :] if form_class else page
    match = re.search(r'name="token" value="([0-9a-f-]{36})"', scope)
    assert match, "the form carries a token"
    return match.group(1)


def version_of(page: str) -> str:
    match = re.search(r'name="version" value="(\d+)"', page)
    assert match
    return match.group(1)
