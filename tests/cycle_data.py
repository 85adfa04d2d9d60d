"""The cycle's first steps for a product a test made itself (imported by name: pyproject sets
pythonpath = tests). A province requires by default an approved business plan before a first
evaluation is filed (ocop.ideas.gates); the demo's own products have one (ideas.demo)."""

from __future__ import annotations

from typing import Any

PLAN = {
    "raw_materials": "Vùng nguyên liệu tại xã",
    "technology": "Chế biến tại cơ sở",
    "market": "Trong tỉnh",
    "output": "1 tấn mỗi năm",
    "revenue": 100_000_000,
}


def approved_plan(product: Any, producer: Any, officer: Any, staff: Any) -> Any:
    """The product's idea registered by its producer, forwarded by the commune, its plan submitted and
    approved by the province, through the services."""
    from ocop.ideas.models import IdeaOrigin, Review
    from ocop.ideas.services import IdeaFields, register_idea, review_idea, review_plan, save_plan

    fields = IdeaFields(origin=IdeaOrigin.TRADITIONAL, description="Phát triển sản phẩm")
    idea = register_idea(producer, fields, product=product)
    review_idea(officer, idea, Review.Decision.FORWARD, "", None)
    save_plan(producer, idea, PLAN, 0, submit=True)
    review_plan(staff, idea, Review.Decision.APPROVE, "", None)
    return idea
