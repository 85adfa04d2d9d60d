"""Who signs decisions and who reads them (accounts.rules explains Rule).

The recognition decision is signed at the level holding the dossier: the provincial leader for the
province, the ministry's OCOP body for the central level (26/2026 Art. 7.3, 7.4).
"""

from __future__ import annotations

from typing import Any

from ocop.accounts.models import Role
from ocop.accounts.rules import Need, Rule, role_in
from ocop.dossiers.models import Dossier

SIGNER_OF_LEVEL = {"province": Role.PROVINCE_LEADER, "central": Role.CENTRAL_STAFF}
SIGNERS = tuple(SIGNER_OF_LEVEL.values())
DECISION_READERS = (Role.PROVINCE_LEADER, Role.PROVINCE_STAFF, Role.CENTRAL_STAFF)

sign: Rule[Dossier] = Rule(
    "certificates.sign",
    Need(
        lambda user, d: role_in(SIGNER_OF_LEVEL.get(d.level, ""))(user, d),
        "Bạn không có thẩm quyền ký quyết định ở cấp này",
        "you may not sign at this level",
    ),
)
open_queue: Rule[Any] = Rule(
    "certificates.queue",
    Need(role_in(*SIGNERS), "Vai trò của bạn không dùng trang này / Your role does not use this page"),
)
read_decisions: Rule[Any] = Rule(
    "certificates.read_decisions",
    Need(
        role_in(*DECISION_READERS), "Vai trò của bạn không dùng trang này / Your role does not use this page"
    ),
)
