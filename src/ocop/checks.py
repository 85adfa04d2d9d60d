"""Checks of typed input that every service shares, refusing with a message in Vietnamese (StepRefused)
and changing nothing: a text that must be given (within its column), a form's one-time token."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _

from ocop.errors import StepRefused


def required_text(value: str | None, label: str, max_length: int = 0) -> str:
    """`value` stripped; refused when empty or longer than `max_length` characters."""
    text = (value or "").strip()
    if not text:
        raise StepRefused(_("Cần nhập %(label)s") % {"label": label})
    if max_length and len(text) > max_length:
        raise StepRefused(_("%(label)s dài quá %(n)d ký tự") % {"label": label, "n": max_length})
    return text


def form_token(raw: Any) -> uuid.UUID:
    """The one-time token a form carries (the same form posted twice carries the same one)."""
    try:
        return uuid.UUID(str(raw))
    except (TypeError, ValueError):
        raise StepRefused(_("Biểu mẫu không hợp lệ hoặc đã cũ; hãy tải lại trang rồi gửi lại")) from None
