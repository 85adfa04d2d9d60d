"""The cycle's first steps for the tests (imported by name: pyproject sets pythonpath = tests).

A province requires by default an approved business plan before a first evaluation is filed
(ocop.ideas.gates); the demo's own products have one (ideas.demo), a product a test makes itself gets
one with `approved_plan`.
"""

from __future__ import annotations

import html
import re
from typing import Any

# What the forms of the HTTP tests type in.
IDEA = {
    "name": "Mứt na Chi Lăng",
    "scorecard_number": "7",
    "origin": "new",
    "description": "Mứt na dẻo từ na quả loại 2 của hợp tác xã.",
    "raw_materials": "Vườn na của các hộ thành viên",
    "market": "Cửa hàng đặc sản trong tỉnh",
}
PLAN = {
    "raw_materials": "Vườn na 20 ha của các hộ thành viên",
    "technology": "Sấy, sên đường tại xưởng của hợp tác xã; túi hút chân không",
    "market": "Điểm bán OCOP trong tỉnh",
    "output": "5 tấn mỗi năm",
    "labour": "12",
    "investment": "600000000",
    "revenue": "900000000",
    "profit": "120000000",
    "schedule": "Quý III hoàn thiện bao bì",
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


def text(response: Any) -> str:
    """The page's words, without tags, entities decoded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def messages(response: Any) -> str:
    """The messages a redirect left, read from the page it leads to (follow=True)."""
    found = re.findall(r'<ul class="messages">(.*?)</ul>', response.content.decode(), re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", " ".join(found))).split())
