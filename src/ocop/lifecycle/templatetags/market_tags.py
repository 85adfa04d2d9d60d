"""The self-declarations block of a hậu kiểm record: each declaration of the inspected product, what
this inspection found of it, and the form to check it (for those who record inspections)."""

from __future__ import annotations

from typing import Any

from django import template

from ocop.lifecycle import market
from ocop.lifecycle.market_models import DeclarationResult

register = template.Library()


@register.inclusion_tag("lifecycle/_declarations.html", takes_context=True)
def declarations_of(context: Any, inspection: Any) -> dict[str, Any]:
    user = context["request"].user
    declarations = market.declarations_for(user).filter(product=inspection.certificate.product_id)
    checks = {c.declaration_id: c for c in inspection.declaration_checks.all()}
    may_check = market.check_declaration(user, inspection)
    return {
        "inspection": inspection,
        "rows": [(d, checks.get(d.pk)) for d in declarations],
        "may_check": may_check,
        "results": DeclarationResult.choices,
        "csrf_token": context.get("csrf_token"),
    }
