"""Money on the pages: `{{ amount|dong }}` → "1.234.567 đồng", `{{ amount|grouped }}` → "1.234.567"."""

from __future__ import annotations

from django import template

from ocop.support import money

register = template.Library()


@register.filter
def dong(value: int | None) -> str:
    return money.dong(value)


@register.filter
def grouped(value: int | None) -> str:
    return money.grouped(value)
