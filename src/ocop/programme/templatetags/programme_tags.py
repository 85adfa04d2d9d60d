"""Number formatting for the programme pages: 70 not 70.00, 12,5 for a Vietnamese reader."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def num(value: Decimal | int | float | None) -> str:
    """A number as Vietnamese readers write it: no trailing zeros, comma decimals, dot thousands."""
    if value is None or value == "":
        return "—"
    d = Decimal(str(value))
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    frac = frac.rstrip("0")
    return sign + f"{int(whole):,}".replace(",", ".") + ("," + frac if frac else "")
