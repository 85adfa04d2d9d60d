"""The producer's self-assessment read through the core: its self-score, and afterwards its gap with
the council's score, criterion by criterion (26/2026 Form 02 Part III).

The self-score is `ocop.core.scoring.score_form` on the dossier's own scorecard (`dossier.scorecard`)
with the exemptions recorded for the dossier (`dossier.recorded_exemptions`), and the star it would
reach is `evaluate` on that one form: the council's own formula, never a second one. Until every
criterion is answered there is no total, only the answers and what is left to answer. The council's
score of a criterion is the mean of its members' points, as `evaluate` computes it when the session
closes; the gap is the council's minus the producer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from ocop.core.rulebooks.model import Criterion, Scorecard
from ocop.core.scoring import AnswerError, MemberForm, MemberScore, Result, evaluate, score_form
from ocop.councils.models import ScoreSheet, SessionItem

from .models import CriterionEvidence, Dossier, DossierDocument, SelfAssessment

SELF = "Chủ thể tự đánh giá"  # the member name of the self-assessment form


@dataclass(frozen=True)
class SelfScore:
    card: Scorecard
    assessment: SelfAssessment
    score: MemberScore | None  # None until the answers make a complete form
    missing: tuple[str, ...]  # criteria (or choose-one sections) still to answer
    problems: tuple[str, ...]  # answers the card no longer admits (e.g. an exemption was withdrawn)
    result: Result | None  # the core's verdict on this one form: band, star after the minimums
    stale: bool = False  # answered on another scorecard than the dossier's

    @property
    def complete(self) -> bool:
        return self.score is not None and not self.stale

    @property
    def answered(self) -> int:
        return len(self.assessment.answers)


def _form(assessment: SelfAssessment) -> MemberForm:
    return MemberForm(member=SELF, answers=dict(assessment.answers))


def self_score(dossier: Dossier) -> SelfScore | None:
    """The dossier's self-score as the core computes it now; None when the producer has not begun."""
    assessment = SelfAssessment.objects.filter(dossier=dossier).first()
    if assessment is None:
        return None
    card = dossier.scorecard
    if (assessment.rulebook_id, assessment.scorecard_number) != (dossier.rulebook_id, card.number):
        every = tuple(c.id for c in card.criteria())
        return SelfScore(card, assessment, None, every, (), None, stale=True)
    form = _form(assessment)
    try:
        score = score_form(card, form, dossier.recorded_exemptions)
    except AnswerError as e:
        missing = tuple(p.criterion or "" for p in e.problems if p.missing)
        problems = tuple(p.vi for p in e.problems if not p.missing)
        return SelfScore(card, assessment, None, missing, problems, None)
    result = evaluate(
        dossier.rulebook, card, [form], level=dossier.level, exemptions=dossier.recorded_exemptions
    )
    return SelfScore(card, assessment, score, (), (), result)


def evidence(dossier: Dossier) -> dict[str, list[DossierDocument]]:
    """The documents given as evidence, by criterion (taken-off ones left out)."""
    out: dict[str, list[DossierDocument]] = {}
    links = CriterionEvidence.objects.filter(dossier=dossier, removed_at__isnull=True).select_related(
        "document"
    )
    for link in links:
        out.setdefault(link.criterion, []).append(link.document)
    return out


@dataclass(frozen=True)
class Beside:
    """What a council member reads beside a criterion: the producer's answer, points, words, evidence."""

    answered: bool
    option_text: str  # the option chosen, or "Không áp dụng"
    points: int | None  # the core's points for the criterion, once the self-score is complete
    description: str
    documents: tuple[DossierDocument, ...]


def beside_criteria(dossier: Dossier, score: SelfScore | None) -> dict[str, Beside]:
    """For the score sheet: the self-assessment of each criterion that has an answer, words or evidence."""
    docs = evidence(dossier)
    if score is None:
        return {c: Beside(False, "", None, "", tuple(d)) for c, d in docs.items()}
    if score.stale:  # criterion ids of another card: nothing to show beside this one
        return {}
    answers, words = score.assessment.answers, score.assessment.descriptions
    out: dict[str, Beside] = {}
    for criterion in score.card.criteria():
        cid = criterion.id
        if cid not in answers and not words.get(cid) and cid not in docs:
            continue
        option = criterion.option(answers[cid]) if answers.get(cid) else None
        text = option.text if option else (_("Không áp dụng") if cid in answers else "")
        points = score.score.points.get(cid) if score.score is not None else None
        out[cid] = Beside(cid in answers, text, points, words.get(cid, ""), tuple(docs.get(cid, ())))
    return out


# --- the gap with the council ----------------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    criterion: Criterion
    part: str
    section: str  # the section's title, for criteria that have no words of their own (card 1: 7.1)
    own: int | None  # the producer's points (None: outside the case it scored)
    council: Fraction | None  # the members' mean (None: outside the case the council scored)

    @property
    def gap(self) -> Fraction | None:
        """The council's score minus the producer's: negative when the producer rated itself higher."""
        if self.own is None or self.council is None:
            return None
        return self.council - self.own


@dataclass(frozen=True)
class Gap:
    own: SelfScore
    council: Result
    item: SessionItem
    rows: tuple[GapRow, ...]

    @property
    def parts(self) -> list[tuple[str, int, Fraction, Fraction]]:
        assert self.own.score is not None
        return [
            (code, self.own.score.parts[code], value, value - self.own.score.parts[code])
            for code, value in self.council.parts.items()
        ]

    @property
    def total(self) -> tuple[int, Fraction, Fraction]:
        assert self.own.score is not None
        own = self.own.score.total
        return own, self.council.total, self.council.total - own


def scored_item(dossier: Dossier) -> SessionItem | None:
    """The last session that gave this dossier a result (a result waiting for a re-score is not one)."""
    return (
        SessionItem.objects.filter(dossier=dossier, withdrawn=False, result__isnull=False)
        .exclude(result__status="rescore")
        .select_related("result", "session__council")
        .order_by("-result__computed_at", "-id")
        .first()
    )


def gap(dossier: Dossier) -> Gap | None:
    """The producer's self-score beside the council's, once the council has scored and the
    self-assessment was complete; None otherwise."""
    own = self_score(dossier)
    item = scored_item(dossier)
    if own is None or not own.complete or item is None or own.score is None:
        return None
    sheets = ScoreSheet.objects.filter(item=item, submitted_at__isnull=False).select_related("member")
    forms = [
        MemberForm(member=str(s.member), answers=dict(s.answers), gates=frozenset(s.gates)) for s in sheets
    ]
    try:
        council = evaluate(
            dossier.rulebook,
            own.card,
            forms,
            level=item.session.council.level,
            exemptions=dossier.recorded_exemptions,
        )
    except AnswerError:
        return None
    rows = tuple(
        GapRow(c, part.code, section.title, own.score.points.get(c.id), council.criteria.get(c.id))
        for part in own.card.parts
        for section in part.sections
        for c in section.walk()
        if c.id in own.score.points or c.id in council.criteria
    )
    return Gap(own, council, item, rows)
