"""What a province requires before a dossier is filed, read from its `CycleSettings` (or the defaults).

The law: under 26/2026 the dossier is Form 01 and Form 02 (Art. 6.1); the business plan is part of
Form 02 (its results in Part II, the plan for the coming period in Part IV) and the self-score is its
Part III. The province's choice: that the plan be approved by the province before the dossier is filed
(Lạng Sơn's and Cao Lộc's plans ask it: the default for a first evaluation), and that the
self-assessment be made on the system (no default). `dossiers.services.file_dossier` asks
`filing_refusals`; the dossier page and the producer's home show the same refusals ahead of time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ocop.core.rulebooks import EVALUATION_KINDS
from ocop.dossiers.models import Dossier
from ocop.dossiers.self_assessment import self_score
from ocop.errors import StepRefused

from .models import CycleSettings, default_plan_kinds, default_self_assessment_kinds
from .selectors import approved_plan_for


@dataclass(frozen=True)
class Requirements:
    """The evaluation kinds (first / upgrade / rerating) that need each step before filing."""

    plan_before_filing: frozenset[str]
    self_assessment_before_filing: frozenset[str]
    basis: str = ""
    recorded: bool = False  # the province has saved its own choice (else: the defaults)


def requirements_for(province_id: int | None) -> Requirements:
    stored = CycleSettings.objects.filter(province=province_id).first() if province_id else None
    if stored is None:
        return Requirements(frozenset(default_plan_kinds()), frozenset(default_self_assessment_kinds()))
    return Requirements(
        frozenset(stored.plan_before_filing),
        frozenset(stored.self_assessment_before_filing),
        stored.basis,
        recorded=True,
    )


def filing_refusals(dossier: Dossier) -> list[StepRefused]:
    """Every step the province requires and this dossier has not done yet (empty: it may be filed)."""
    required = requirements_for(dossier.commune.province_id)
    kind = EVALUATION_KINDS.get(dossier.kind, dossier.kind).lower()
    refusals = []
    if dossier.kind in required.plan_before_filing and approved_plan_for(dossier.product) is None:
        refusals.append(
            StepRefused(
                _(
                    "Tỉnh yêu cầu phương án sản xuất kinh doanh của sản phẩm được phê duyệt trước khi nộp "
                    "hồ sơ %(kind)s; sản phẩm «%(product)s» chưa có phương án được phê duyệt"
                )
                % {"kind": kind, "product": dossier.product.name}
            )
        )
    if dossier.kind in required.self_assessment_before_filing:
        score = self_score(dossier)
        if score is None or not score.complete:
            left = len(score.missing) if score is not None else len(list(dossier.scorecard.criteria()))
            refusals.append(
                StepRefused(
                    _(
                        "Tỉnh yêu cầu tự chấm điểm trên hệ thống trước khi nộp hồ sơ %(kind)s; "
                        "còn %(left)s tiêu chí chưa chấm"
                    )
                    % {"kind": kind, "left": left}
                )
            )
    return refusals
