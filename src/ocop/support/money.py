"""Money in đồng: whole numbers only (no float, no fraction of a đồng), read and written the Vietnamese way.

"15.000.000", "15 000 000", "15000000" and "15.000.000 đồng" all read as 15 000 000 đồng; "1.5" or
"1,5" are refused, because in Vietnamese the dot groups thousands and a fraction of a đồng is not an
amount anyone pays. Shown as "15.000.000 đồng".
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from ocop.errors import StepRefused

# A bound no provincial programme reaches (a million billion đồng): a longer number is a typing error.
MAX_DONG = 10**15
_GROUPED_DOTS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_GROUPED_COMMAS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_PLAIN = re.compile(r"[0-9]{1,16}")
_UNIT = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\s*$", re.IGNORECASE)


def parse_dong(raw: object, label: str) -> int:
    """`raw` as a whole number of đồng ≥ 0, or StepRefused naming the field `label`."""
    text = _UNIT.sub("", str(raw if raw is not None else "")).strip()
    text = text.replace("\u00a0", " ").replace(" ", "")
    if _GROUPED_DOTS.fullmatch(text):
        digits = text.replace(".", "")
    elif _GROUPED_COMMAS.fullmatch(text):
        digits = text.replace(",", "")
    elif _PLAIN.fullmatch(text):
        digits = text
    else:
        raise StepRefused(
            _("%(label)s phải là số tiền bằng đồng, không có phần lẻ (ví dụ 15.000.000); đã nhập «%(raw)s»")
            % {"label": label, "raw": str(raw or "").strip()[:40]}
        )
    value = int(digits)
    if value > MAX_DONG:
        raise StepRefused(_("%(label)s quá lớn") % {"label": label})
    return value


def grouped(amount: int | None) -> str:
    """1234567 → "1.234.567"."""
    if amount is None:
        return "—"
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", ".")


def dong(amount: int | None) -> str:
    """1234567 → "1.234.567 đồng"."""
    return "—" if amount is None else f"{grouped(amount)} {_('đồng')}"
