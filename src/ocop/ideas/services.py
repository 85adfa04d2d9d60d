"""The steps of the cycle before the dossier: a product idea and the commune's review of it, the
production and business plan and the province's decision on it, the commune's survey of potential
products, and the province's settings.

Every step is one service function. It locks the idea's row (a plan is written under its idea's lock),
checks the rule on what is stored, refuses a form loaded at an older version with who changed what
(`ocop.versions`), saves with update_fields and a raised version, writes the audit event in the same
transaction and queues its notices for after commit. Nothing changes when a step is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop import versions
from ocop.accounts.models import Role, User
from ocop.areas.models import Commune, Province
from ocop.audit.models import AuditEvent, record
from ocop.core.rulebooks import EVALUATION_KINDS, Rulebook, get_rulebook, rulebook_for_filing
from ocop.errors import StepRefused
from ocop.notifications import notify
from ocop.producers.models import Producer, Product
from ocop.producers.services import add_product

from . import rules
from .kinds import fold, kind_key
from .models import (
    BusinessPlan,
    CycleSettings,
    Idea,
    IdeaOrigin,
    IdeaState,
    PlanState,
    PotentialProduct,
    Review,
)
from .selectors import same_kind_elsewhere, sees_idea

# One text field of a form: a page or two of text, never an unbounded read.
MAX_TEXT = 4000
MAX_NAME = 255
# What a plan must say before the province can decide on it (Form 02 Part II/IV topics, rules.md §4.1).
PLAN_REQUIRED = ("raw_materials", "technology", "market", "output", "revenue")
PLAN_TEXTS = ("raw_materials", "technology", "market", "output", "funding", "schedule", "support")
PLAN_NUMBERS = ("labour", "investment", "revenue", "profit")
IDEA_TEXTS = ("description", "raw_materials", "market")
# The largest amount a plan records, in đồng (a thousand thousand billion): beyond it, a typing error.
MAX_AMOUNT = 10**15


def _today() -> Any:
    return timezone.localdate()


def rulebook_in_force() -> Rulebook:
    return rulebook_for_filing(_today())


def _label(model: Any, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


def _text(value: Any, label: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise StepRefused(_("Cần nhập %(field)s") % {"field": label})
    if len(text) > limit:
        raise StepRefused(
            _("«%(field)s» dài quá %(limit)s ký tự; hãy rút gọn") % {"field": label, "limit": limit}
        )
    return text


def _card_number(rulebook: Rulebook, number: Any) -> int:
    try:
        number = int(number)
        rulebook.scorecard(number)
    except (TypeError, ValueError, KeyError):
        raise StepRefused(
            _("Không có nhóm, phân nhóm sản phẩm (phiếu số %(number)s) trong %(decision)s")
            % {"number": number, "decision": rulebook.decision}
        ) from None
    return number


def places_of(commune: Commune) -> list[str]:
    return [commune.name, commune.province.name]


def _moved(subject: str, what: str, label: str) -> StepRefused:
    """The refusal of a step whose record another user moved on first."""
    last = AuditEvent.objects.filter(subject=subject).select_related("actor").order_by("-id").first()
    if last is None:
        return StepRefused(
            _("%(what)s đã sang bước «%(step)s»; không có gì thay đổi") % {"what": what, "step": label}
        )
    at = timezone.localtime(last.at)
    return StepRefused(
        _(
            "%(what)s đã được %(who)s chuyển sang bước «%(step)s» lúc %(at)s; thao tác của bạn không được "
            "thực hiện, không có gì thay đổi"
        )
        % {"what": what, "who": last.actor or _("hệ thống"), "step": label, "at": f"{at:%H:%M:%S %d/%m/%Y}"}
    )


def _lock(
    user: User, idea: Idea, rule: Any, seen: int | None, plan_seen: int | None = None
) -> BusinessPlan | None:
    """Lock the idea's row and its plan's, re-read them, and check `rule` on them as stored now. A form
    loaded at an older version of the idea (`seen`) or of the plan (`plan_seen`) is refused first,
    saying who changed what; a step whose idea moved on meanwhile, saying who moved it. Returns the
    plan, if the idea has one."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("_lock() needs a transaction")
    state_seen = idea.state
    idea.refresh_from_db(from_queryset=Idea.objects.select_for_update().select_related("commune__province"))
    if not sees_idea(user, idea):
        rule.check(user, idea)  # the area refusal, before anything about the record is told
    versions.check(idea, seen, f"idea:{idea.pk}")
    plan = BusinessPlan.objects.select_for_update().filter(idea=idea).first()
    if plan is not None:
        versions.check(plan, plan_seen, f"plan:{plan.pk}")
    refusal = rule.refusal(user, idea)
    if refusal is not None:
        if idea.state != state_seen:
            raise _moved(f"idea:{idea.pk}", _("Ý tưởng"), idea.get_state_display())
        raise refusal
    return plan


def _save(user: User, obj: Any, fields: list[str], event: str, subject: str, **data: Any) -> None:
    """Save `fields` and a raised version; the audit event keeps the version (ocop.versions reads it)."""
    obj.version += 1
    obj.save(update_fields=[*fields, "version"])
    record(user, event, subject=subject, version=obj.version, **data)


def _producer_users(producer_id: int | None) -> Any:
    return User.objects.filter(role=Role.PRODUCER, producer=producer_id, is_active=True)


def _commune_officers(commune_id: int) -> Any:
    return User.objects.filter(role=Role.COMMUNE_OFFICER, commune=commune_id, is_active=True)


def _province_staff(province_id: int) -> Any:
    return User.objects.filter(role=Role.PROVINCE_STAFF, province=province_id, is_active=True)


# --- ideas -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdeaFields:
    """What a registrant types for an idea (an existing product fixes the name and the scorecard)."""

    name: str = ""
    scorecard_number: int | None = None
    origin: str = ""
    description: str = ""
    raw_materials: str = ""
    market: str = ""


def _idea_values(fields: IdeaFields, product: Product | None, rulebook: Rulebook) -> dict[str, Any]:
    def label(field: str) -> str:
        return _label(Idea, field)

    if product is not None:
        name, number = product.name, product.scorecard_number
    else:
        name = _text(fields.name, label("name"), required=True, limit=MAX_NAME)
        number = _card_number(rulebook, fields.scorecard_number)
    if fields.origin not in IdeaOrigin.values:
        raise StepRefused(_("Cần chọn nguồn gốc ý tưởng: sản phẩm truyền thống hay sản phẩm mới"))
    return {
        "name": name,
        "scorecard_number": number,
        "origin": fields.origin,
        "description": _text(fields.description, label("description"), required=True),
        "raw_materials": _text(fields.raw_materials, label("raw_materials")),
        "market": _text(fields.market, label("market")),
    }


@transaction.atomic
def register_idea(
    user: User, fields: IdeaFields, *, product: Product | None = None, producer: Producer | None = None
) -> Idea:
    """A producer registers an idea (for a new product, or to develop one of its products); a commune
    officer registers a community idea, naming the producer who will carry it if there is one yet."""
    rules.register_idea.check(user, None)
    rulebook = rulebook_in_force()
    if user.role == Role.PRODUCER:
        producer = (
            Producer.objects.select_for_update().select_related("commune__province").get(pk=user.producer_id)
        )
        if product is not None and product.producer_id != producer.pk:
            raise StepRefused(_("Sản phẩm không phải của chủ thể này"))
        commune, community = producer.commune, False
    else:
        commune = Commune.objects.select_related("province").get(pk=user.commune_id)
        community, product = True, None
        if producer is not None and producer.commune_id != commune.pk:
            raise StepRefused(_("Chủ thể thực hiện phải ở xã %(commune)s") % {"commune": commune.name})
        # Two officers registering the same idea at once queue on the commune's row.
        Commune.objects.select_for_update().filter(pk=commune.pk).first()
    values = _idea_values(fields, product, rulebook)
    year = _today().year
    _refuse_twice(commune, year, values["name"], None if community else producer, product)
    idea = Idea.objects.create(
        year=year,
        commune=commune,
        producer=producer,
        community=community,
        product=product,
        rulebook_id=rulebook.id,
        kind_key=kind_key(values["scorecard_number"], values["name"], places_of(commune)),
        created_by=user,
        **values,
    )
    record(
        user,
        "idea.register",
        subject=f"idea:{idea.pk}",
        version=idea.version,
        name=idea.name,
        scorecard=idea.scorecard_number,
        community=community,
    )
    if not community:
        notify(
            _commune_officers(commune.pk),
            _("Ý tưởng sản phẩm mới: %(name)s") % {"name": idea.name},
            _("%(producer)s đã đăng ký ý tưởng sản phẩm «%(name)s»; đề nghị UBND xã xem xét.")
            % {"producer": producer, "name": idea.name},
        )
    return idea


def _refuse_twice(
    commune: Commune, year: int, name: str, producer: Producer | None, product: Product | None
) -> None:
    """The same idea registered twice (a second click, a second officer): refused, naming the first."""
    open_ideas = Idea.objects.filter(year=year, commune=commune).exclude(state=IdeaState.DECLINED)
    if product is not None:
        same = open_ideas.filter(product=product).first()
    else:
        # A community idea is the commune's (producer None); a producer's is its own.
        mine = open_ideas.filter(community=True) if producer is None else open_ideas.filter(producer=producer)
        same = next((i for i in mine if fold(i.name) == fold(name)), None)
    if same is not None:
        at = timezone.localtime(same.created_at)
        raise StepRefused(
            _(
                "Ý tưởng «%(name)s» đã được đăng ký năm %(year)s lúc %(at)s (bước «%(step)s»); "
                "không đăng ký lại, không có gì thay đổi"
            )
            % {
                "name": same.name,
                "year": year,
                "at": f"{at:%H:%M %d/%m/%Y}",
                "step": same.get_state_display(),
            }
        )


@transaction.atomic
def edit_idea(
    user: User, idea: Idea, fields: IdeaFields, seen: int | None, producer: Producer | None = None
) -> Idea:
    """The registrant corrects an idea the commune holds; a returned idea goes back to the commune."""
    _lock(user, idea, rules.edit_idea, seen)
    before = versions.values(idea, [*IdeaFields.__dataclass_fields__, "producer"])
    values = _idea_values(fields, idea.product, get_rulebook(idea.rulebook_id))
    if idea.community:
        if producer is not None and producer.commune_id != idea.commune_id:
            raise StepRefused(_("Chủ thể thực hiện phải ở xã %(commune)s") % {"commune": idea.commune.name})
        values["producer"] = producer
    for name, value in values.items():
        setattr(idea, name, value)
    idea.kind_key = kind_key(idea.scorecard_number, idea.name, places_of(idea.commune))
    changes = versions.changed(before, versions.values(idea, list(before)))
    resent = idea.state == IdeaState.RETURNED
    if resent:
        idea.state = IdeaState.REGISTERED
    _save(
        user,
        idea,
        [*values, "kind_key", "state"],
        "idea.edit",
        f"idea:{idea.pk}",
        changes=changes,
        resent=resent,
    )
    if resent and not idea.community:
        notify(
            _commune_officers(idea.commune_id),
            _("Ý tưởng đã bổ sung: %(name)s") % {"name": idea.name},
            _("%(producer)s đã bổ sung ý tưởng «%(name)s» và gửi lại UBND xã.")
            % {"producer": idea.producer, "name": idea.name},
        )
    return idea


REVIEW_TO_STATE = {
    Review.Decision.FORWARD: IdeaState.FORWARDED,
    Review.Decision.RETURN: IdeaState.RETURNED,
    Review.Decision.DECLINE: IdeaState.DECLINED,
}


@transaction.atomic
def review_idea(
    user: User,
    idea: Idea,
    decision: str,
    note: str,
    seen: int | None,
    producer: Producer | None = None,
) -> Review:
    """The commune forwards the idea to the province, returns it for completion, or does not select
    it. A community idea goes on only with the producer who will carry it (named here or before)."""
    _lock(user, idea, rules.review_idea, seen)
    if decision not in REVIEW_TO_STATE:
        raise StepRefused(_("Cần chọn: chuyển tỉnh, trả lại để bổ sung, hoặc không chọn"))
    note = _text(note, _("ý kiến của UBND xã"), required=decision != Review.Decision.FORWARD)
    fields = ["state", "reviewed_at"]
    if producer is not None:
        if not idea.community:
            raise StepRefused(_("Chỉ ý tưởng sản phẩm cộng đồng mới do UBND xã chọn chủ thể thực hiện"))
        if producer.commune_id != idea.commune_id:
            raise StepRefused(_("Chủ thể thực hiện phải ở xã %(commune)s") % {"commune": idea.commune.name})
        idea.producer = producer
        fields.append("producer")
    if decision == Review.Decision.FORWARD and idea.producer_id is None:
        raise StepRefused(
            _(
                "Ý tưởng sản phẩm cộng đồng cần có chủ thể thực hiện (hợp tác xã, tổ hợp tác…) trước khi chuyển tỉnh"
            )
        )
    idea.state, idea.reviewed_at = REVIEW_TO_STATE[decision], timezone.now()
    review = Review.objects.create(idea=idea, stage=Review.Stage.IDEA, decision=decision, note=note, by=user)
    others = same_kind_elsewhere(idea) if idea.state == IdeaState.FORWARDED else []
    _save(
        user,
        idea,
        fields,
        f"idea.{decision}",
        f"idea:{idea.pk}",
        changes={"state": [IdeaState.REGISTERED.value, idea.state]},
        note=note,
        same_kind=[o.pk for o in others],
    )
    notify(
        _producer_users(idea.producer_id) if idea.producer_id else [],
        _("UBND xã đã xem xét ý tưởng: %(name)s") % {"name": idea.name},
        _("Ý tưởng «%(name)s»: %(decision)s. %(note)s")
        % {"name": idea.name, "decision": review.get_decision_display(), "note": note},
    )
    if others:
        communes = ", ".join(sorted({o.commune.name for o in others}))
        notify(
            _province_staff(idea.commune.province_id),
            _("Ý tưởng trùng loại giữa các xã: %(name)s") % {"name": idea.name},
            _(
                "%(commune)s đề xuất «%(name)s», cùng loại với ý tưởng đã được %(others)s đề xuất năm %(year)s."
            )
            % {"commune": idea.commune.name, "name": idea.name, "others": communes, "year": idea.year},
        )
    return review


# --- the production and business plan --------------------------------------------------------------


def _plan_values(data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in PLAN_TEXTS:
        limit = MAX_NAME if name == "output" else MAX_TEXT
        values[name] = _text(data.get(name), _label(BusinessPlan, name), limit=limit)
    for name in PLAN_NUMBERS:
        raw = data.get(name)
        if raw in (None, ""):
            values[name] = None
            continue
        try:
            number = int(Decimal(str(raw)))
        except (ArithmeticError, ValueError):
            raise StepRefused(
                _("«%(field)s» phải là một số") % {"field": _label(BusinessPlan, name)}
            ) from None
        low = -MAX_AMOUNT if name == "profit" else 0
        if not low <= number <= MAX_AMOUNT:
            raise StepRefused(
                _("«%(field)s» nằm ngoài khoảng cho phép") % {"field": _label(BusinessPlan, name)}
            )
        values[name] = number
    return values


@transaction.atomic
def save_plan(
    user: User, idea: Idea, data: dict[str, Any], seen: int | None, submit: bool = False
) -> BusinessPlan:
    """The producer writes (or corrects) the plan, and with `submit` sends it to the province in the
    same transaction: a plan that cannot be sent yet is not saved either, and the form keeps what was
    typed. `seen` is the plan's version the form showed (0 for a plan not written yet)."""
    plan = _lock(user, idea, rules.write_plan, None, plan_seen=seen)
    values = _plan_values(data)
    if plan is None:
        plan = BusinessPlan.objects.create(idea=idea, created_by=user, **values)
        record(user, "plan.write", subject=f"plan:{plan.pk}", version=plan.version, idea=idea.pk)
    else:
        before = versions.values(plan, list(values))
        for name, value in values.items():
            setattr(plan, name, value)
        changes = versions.changed(before, versions.values(plan, list(values)))
        _save(user, plan, list(values), "plan.write", f"plan:{plan.pk}", idea=idea.pk, changes=changes)
    if submit:
        _submit(user, idea, plan)
    return plan


def _submit(user: User, idea: Idea, plan: BusinessPlan) -> None:
    """Send the plan to the province; what was sent is kept in the audit trail."""
    missing = [_label(BusinessPlan, f) for f in PLAN_REQUIRED if getattr(plan, f) in (None, "")]
    if missing:
        raise StepRefused(_("Phương án còn thiếu: %(fields)s") % {"fields": "; ".join(missing)})
    sent = versions.values(plan, [*PLAN_TEXTS, *PLAN_NUMBERS])
    before = plan.state
    plan.state, plan.submitted_at = PlanState.SUBMITTED, timezone.now()
    _save(
        user,
        plan,
        ["state", "submitted_at"],
        "plan.submit",
        f"plan:{plan.pk}",
        idea=idea.pk,
        changes={"state": [before, plan.state]},
        plan=sent,
    )
    notify(
        _province_staff(idea.commune.province_id),
        _("Phương án sản xuất kinh doanh chờ phê duyệt: %(name)s") % {"name": idea.name},
        _("%(producer)s (%(commune)s) đã nộp phương án sản xuất kinh doanh cho ý tưởng «%(name)s».")
        % {"producer": idea.producer, "commune": idea.commune.name, "name": idea.name},
    )


@transaction.atomic
def review_plan(user: User, idea: Idea, decision: str, note: str, seen: int | None) -> Review:
    """The province approves the plan (the product then enters the producer's products, if new) or
    returns it with what to complete."""
    plan = _lock(user, idea, rules.review_plan, None, plan_seen=seen)
    assert plan is not None  # the rule needs a submitted plan
    if decision not in (Review.Decision.APPROVE, Review.Decision.RETURN):
        raise StepRefused(_("Cần chọn: phê duyệt hoặc trả lại để hoàn thiện"))
    note = _text(note, _("ý kiến của cơ quan OCOP tỉnh"), required=decision == Review.Decision.RETURN)
    before = plan.state
    plan.state = PlanState.APPROVED if decision == Review.Decision.APPROVE else PlanState.RETURNED
    plan.decided_at = timezone.now()
    review = Review.objects.create(idea=idea, stage=Review.Stage.PLAN, decision=decision, note=note, by=user)
    if plan.state == PlanState.APPROVED and idea.product_id is None:
        idea.product = _product_for(user, idea)
        idea.save(update_fields=["product"])
    _save(
        user,
        plan,
        ["state", "decided_at"],
        f"plan.{decision}",
        f"plan:{plan.pk}",
        idea=idea.pk,
        changes={"state": [before, plan.state]},
        note=note,
        product=idea.product_id,
    )
    notify(
        _producer_users(idea.producer_id),
        _("Phương án sản xuất kinh doanh: %(decision)s") % {"decision": review.get_decision_display()},
        _("Phương án cho ý tưởng «%(name)s»: %(decision)s. %(note)s")
        % {"name": idea.name, "decision": review.get_decision_display(), "note": note},
    )
    return review


def _product_for(user: User, idea: Idea) -> Product:
    """The product an approved plan brings into the producer's register: the producer's own product of
    that name and scorecard if it has one, else a new one under the rulebook in force."""
    producer = Producer.objects.select_for_update().get(pk=idea.producer_id)
    same = producer.products.filter(name__iexact=idea.name).first()
    if same is not None:
        if same.scorecard_number != idea.scorecard_number:
            raise StepRefused(
                _("Chủ thể đã có sản phẩm «%(name)s» thuộc phiếu số %(number)s, khác với ý tưởng")
                % {"name": same.name, "number": same.scorecard_number}
            )
        return same
    return add_product(user, producer, idea.name, idea.scorecard_number, idea.description)


# --- the commune's survey of potential products ----------------------------------------------------


@dataclass(frozen=True)
class SurveyFields:
    name: str = ""
    scorecard_number: int | None = None
    raw_material_area: str = ""
    area_ha: Decimal | None = None
    producers: str = ""
    assessment: str = ""


def _survey_values(fields: SurveyFields, rulebook: Rulebook) -> dict[str, Any]:
    def label(field: str) -> str:
        return _label(PotentialProduct, field)

    area = fields.area_ha
    if area is not None and not Decimal(0) <= area < Decimal(10**8):
        raise StepRefused(_("«%(field)s» nằm ngoài khoảng cho phép") % {"field": label("area_ha")})
    return {
        "name": _text(fields.name, label("name"), required=True, limit=MAX_NAME),
        "scorecard_number": _card_number(rulebook, fields.scorecard_number),
        "raw_material_area": _text(fields.raw_material_area, label("raw_material_area"), required=True),
        "area_ha": area,
        "producers": _text(fields.producers, label("producers")),
        "assessment": _text(fields.assessment, label("assessment")),
    }


@transaction.atomic
def record_potential(user: User, fields: SurveyFields) -> PotentialProduct:
    rules.record_survey.check(user, None)
    commune = Commune.objects.select_for_update().select_related("province").get(pk=user.commune_id)
    rulebook = rulebook_in_force()
    values = _survey_values(fields, rulebook)
    year = _today().year
    for entry in PotentialProduct.objects.filter(commune=commune, year=year):
        if fold(entry.name) == fold(values["name"]):
            raise StepRefused(
                _(
                    "«%(name)s» đã có trong khảo sát năm %(year)s của xã; hãy sửa dòng đó, không có gì thay đổi"
                )
                % {"name": entry.name, "year": year}
            )
    entry = PotentialProduct.objects.create(
        commune=commune,
        year=year,
        rulebook_id=rulebook.id,
        kind_key=kind_key(values["scorecard_number"], values["name"], places_of(commune)),
        recorded_by=user,
        **values,
    )
    record(user, "survey.record", subject=f"survey:{entry.pk}", version=entry.version, name=entry.name)
    return entry


@transaction.atomic
def edit_potential(
    user: User, entry: PotentialProduct, fields: SurveyFields, seen: int | None
) -> PotentialProduct:
    entry.refresh_from_db(
        from_queryset=PotentialProduct.objects.select_for_update().select_related("commune__province")
    )
    rules.edit_survey.check(user, entry)
    versions.check(entry, seen, f"survey:{entry.pk}")
    values = _survey_values(fields, get_rulebook(entry.rulebook_id))
    before = versions.values(entry, list(values))
    for name, value in values.items():
        setattr(entry, name, value)
    entry.kind_key = kind_key(entry.scorecard_number, entry.name, places_of(entry.commune))
    changes = versions.changed(before, versions.values(entry, list(values)))
    _save(user, entry, [*values, "kind_key"], "survey.edit", f"survey:{entry.pk}", changes=changes)
    return entry


# --- the province's settings -----------------------------------------------------------------------


@transaction.atomic
def save_settings(
    user: User,
    province: Province,
    plan_kinds: list[str],
    self_assessment_kinds: list[str],
    basis: str,
    seen: int | None,
) -> CycleSettings:
    """Which evaluation kinds need an approved plan, or a self-assessment, before filing. `seen` is
    the version the form showed (0 while the province had kept the defaults)."""
    rules.change_settings.check(user, province)
    unknown = sorted((set(plan_kinds) | set(self_assessment_kinds)) - set(EVALUATION_KINDS))
    if unknown:
        raise StepRefused(_("Loại đánh giá không hợp lệ: %(kinds)s") % {"kinds": ", ".join(unknown)})
    basis = _text(basis, _label(CycleSettings, "basis"), limit=MAX_NAME)
    values = {
        "plan_before_filing": sorted(set(plan_kinds)),
        "self_assessment_before_filing": sorted(set(self_assessment_kinds)),
        "basis": basis,
    }
    stored = CycleSettings.objects.select_for_update().filter(province=province).first()
    subject = f"cycle:{province.pk}"
    if stored is None:
        stored = CycleSettings.objects.create(province=province, updated_by=user, **values)
        record(user, "cycle.settings", subject=subject, version=stored.version, **values)
        return stored
    versions.check(stored, seen, subject)
    before = versions.values(stored, list(values))
    for name, value in values.items():
        setattr(stored, name, value)
    stored.updated_by = user
    changes = versions.changed(before, versions.values(stored, list(values)))
    _save(user, stored, [*values, "updated_by", "updated_at"], "cycle.settings", subject, changes=changes)
    return stored
