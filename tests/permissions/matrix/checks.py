"""The checks of the matrix, written as functions that return what is wrong (so that a meta-test can
break the application on purpose and see the matrix report it)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from .forms import Form, forms_of
from .pages import PAGES, Page, url_of
from .world import ANONYMOUS, CAO_BANG, EVERYONE, LANG_SON, SIDES, USERS, Side, World

REFUSED = {302, 403, 404, 405}


def clients() -> dict[str, Client]:
    from ocop.accounts.models import User

    out = {ANONYMOUS: Client()}
    for user in User.objects.filter(username__in=USERS):
        out[user.username] = Client()
        out[user.username].force_login(user)
    assert len(out) == len(USERS) + 1
    return out


def visits() -> Iterator[tuple[Page, Side]]:
    """Each page for each province, or once when it is the same for both."""
    for p in PAGES:
        yield from ((p, side) for side in (SIDES if p.per_side else SIDES[:1]))


def complaints(html: str) -> str:
    """The error messages and form errors a page shows."""
    found = re.findall(
        r'<(?:li|p) class="(?:error|errorlist)[^"]*">(.*?)</(?:li|p)>|<ul class="errorlist[^"]*">(.*?)</ul>',
        html,
        re.S,
    )
    return "; ".join(re.sub(r"<[^>]+>", " ", a or b).strip() for a, b in found) or "no message"


def text(response: Any) -> str:
    if "html" not in response.get("Content-Type", ""):
        return ""
    return str(response.content.decode())


# --- what the database holds -------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    tables: dict[str, tuple[tuple[str, ...], frozenset[tuple[Any, ...]]]]
    files: frozenset[str]

    def diff(self, other: Snapshot) -> list[str]:
        out = []
        for label, (_columns, rows) in self.tables.items():
            new = other.tables[label][1]
            if rows != new:
                added, removed = sorted(new - rows, key=repr)[:2], sorted(rows - new, key=repr)[:2]
                out.append(f"{label}: +{len(new - rows)} -{len(rows - new)} rows, e.g. +{added} -{removed}")
        if self.files != other.files:
            out.append(f"files: +{sorted(other.files - self.files)} -{sorted(self.files - other.files)}")
        return out

    def changed_rows(self, other: Snapshot) -> Iterator[tuple[type[models.Model], dict[str, Any]]]:
        for label, (columns, rows) in other.tables.items():
            model = apps.get_model(label)
            for row in rows - self.tables[label][1]:
                yield model, dict(zip(columns, row, strict=True))


# Columns that change without any action: signing in.
VOLATILE = {"accounts.User": {"last_login"}}


def _models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("ocop.")]


def _hashable(value: Any) -> Any:
    return json.dumps(value, sort_keys=True, default=str) if isinstance(value, dict | list) else value


def snapshot() -> Snapshot:
    """Every row of every table of ours, whole; and every file in the data directory."""
    tables = {}
    for model in _models():
        label = model._meta.label
        columns = tuple(
            f.attname for f in model._meta.concrete_fields if f.attname not in VOLATILE.get(label, set())
        )
        rows = model.objects.order_by().values_list(*columns)
        tables[label] = (columns, frozenset(tuple(map(_hashable, row)) for row in rows))
    root = Path(settings.MEDIA_ROOT)
    files = frozenset(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    return Snapshot(tables, files)


# --- the other province's objects, for extra POST fields ---------------------------------------------------

# model label → the lookup of its province's code
SIDED = {
    "areas.Province": "code",
    "areas.Commune": "province__code",
    "accounts.User": "province__code",
    "producers.Producer": "commune__province__code",
    "producers.Product": "producer__commune__province__code",
    "dossiers.Dossier": "product__producer__commune__province__code",
    "certificates.Certificate": "product__producer__commune__province__code",
    "certificates.Decision": "province__code",
    "councils.Council": "province__code",
    "councils.Session": "council__province__code",
    "catalogue.SalesPoint": "province__code",
    "programme.Plan": "province__code",
    "programme.Event": "province__code",
    "programme.Course": "province__code",
    "lifecycle.InspectionPlan": "province__code",
}


def objects_of(side: Side) -> dict[str, set[int]]:
    from ocop.accounts.models import Role

    out = {}
    for label, lookup in SIDED.items():
        qs = apps.get_model(label).objects.filter(**{lookup: side.code})
        if label == "accounts.User":  # central staff and administrators belong to no province
            qs = qs.exclude(role__in=[Role.CENTRAL_STAFF, Role.ADMIN])
        out[label] = set(qs.values_list("pk", flat=True))
    return out


def extra_fields(other: dict[str, Any], side: Side) -> dict[str, str]:
    """Fields no form has, naming the other province's objects: a view that took them from the body
    (mass assignment) would act there."""
    o = other
    return {
        "province": str(o["council"].province_id),
        "province_id": str(o["council"].province_id),
        "tinh": str(CAO_BANG.code if side is LANG_SON else LANG_SON.code),
        "commune_id": str(o["product"].producer.commune_id),
        "producer_id": str(o["product"].producer_id),
        "product_id": str(o["product"].pk),
        "dossier_id": str(o["dossier"].pk),
        "certificate_id": str(o["certificate"].pk),
        "council_id": str(o["council"].pk),
        "user_id": str(o["candidate"].pk),
        "created_by": str(o["candidate"].pk),
        "state": "recognised",
        "status": "valid",
        "star": "5",
    }


def smuggled(before: Snapshot, after: Snapshot, theirs: dict[str, set[int]]) -> list[str]:
    """Rows the action wrote that point at the other province's objects."""
    out = []
    for model, row in before.changed_rows(after):
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey):
                target = f.related_model._meta.label  # type: ignore[union-attr]
                if row.get(f.attname) in theirs.get(target, ()):
                    out.append(f"{model._meta.label}.{f.name} = {target} {row[f.attname]}")
    return out


# --- the survey: every page as everyone -------------------------------------------------------------------


@dataclass
class Survey:
    wrong: list[str]
    forms: dict[tuple[str, str], list[Form]]  # (username, path) → the forms the page rendered


def survey(world: World, people: dict[str, Client], keep_forms_of: set[str] | None = None) -> Survey:
    """GET every page for each province as everyone: who is refused, who sees what; and the forms."""
    wrong: list[str] = []
    forms: dict[tuple[str, str], list[Form]] = {}
    for p, side in visits():
        objects = world.of(side)
        url = url_of(p, side, objects)
        sees = p.sees(side)
        insiders = p.insiders(side) if p.insiders else frozenset()
        mark = p.marker(side, objects) if p.marker else None
        where = f"{p.name} ({side.name})"
        for username, client in people.items():
            response = client.get(url)
            status = response.status_code
            if username in sees and status != 200:
                wrong.append(f"{where}: {username} should see it, got {status}")
            elif username not in sees and status not in REFUSED:
                wrong.append(f"{where}: {username} should be refused, got {status}")
            elif mark and status == 200 and username not in insiders and mark in text(response):
                wrong.append(f"{where}: {username} sees another area's {mark!r}")
            elif mark and username in insiders and mark not in text(response):
                wrong.append(f"{where}: {username} should see {mark!r} (else the check proves nothing)")
            if status == 200 and (keep_forms_of is None or username in keep_forms_of):
                forms[(username, url)] = forms_of(url, text(response))
    return Survey(wrong, forms)


# --- actions -------------------------------------------------------------------------------------------------


def actor_of(p: Page, side: Side) -> str:
    return p.actor(side) if p.actor else side.staff


def form_page(p: Page, side: Side, objects: dict[str, Any]) -> str:
    """Where the action's form is rendered: the page itself, or `form_from` for the same object (or a
    list page without one, e.g. the partner tokens' list renders each token's revoke form)."""
    if p.form_from is None:
        return url_of(p, side, objects)
    try:
        return reverse(p.form_from, kwargs={"pk": p.kwargs(objects)["pk"]})
    except NoReverseMatch:
        return reverse(p.form_from)


def action_form(p: Page, side: Side, world: World, people: dict[str, Client]) -> Form | None:
    """The form the actor's page renders for this action (the one with that button, else the fullest)."""
    objects = world.of(side)
    url = url_of(p, side, objects).split("?")[0]
    response = people[actor_of(p, side)].get(form_page(p, side, objects))
    candidates = [
        f
        for f in forms_of(form_page(p, side, objects), text(response))
        if f.action == url and f.method == "post"
    ]
    if p.button is not None:
        pressed = [f for f in candidates if any(b.value == p.button for b in f.buttons())]
        candidates = pressed or candidates
    return max(candidates, key=lambda f: len(f.fields), default=None)


def body_of(p: Page, form: Form | None, objects: dict[str, Any]) -> dict[str, Any]:
    if form is None:
        return {k: v for k, v in p.body(objects).items() if v is not None}
    return form.body(p.body(objects), p.button)


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def check_action(p: Page, side: Side, world: World, people: dict[str, Client]) -> list[str]:
    """Everyone outside `acts` posts the action's real form: nothing may change. Then its actor posts
    the same form with fields naming the other province's objects: something must change, and nothing
    written may point there. All rolled back afterwards."""
    assert p.acts is not None
    objects = world.of(side)
    other = world.of(CAO_BANG if side is LANG_SON else LANG_SON)
    url = url_of(p, side, objects)
    where = f"{p.name} ({side.name})"
    acts = p.acts(side)
    if acts >= EVERYONE:
        return []
    wrong = []
    form = action_form(p, side, world, people)
    with rolled_back():
        before = snapshot()
        for username, client in people.items():
            if username in acts:
                continue
            status = client.post(url, body_of(p, form, objects)).status_code
            if status >= 500:
                wrong.append(f"{where}: POST by {username} failed with {status}")
        after = snapshot()
        if after != before:
            wrong.append(f"{where}: a refused POST changed {before.diff(after)}")
        actor = actor_of(p, side)
        body = {**extra_fields(other, side), **body_of(p, form, objects)}
        response = people[actor].post(url, body)
        done = snapshot()
        if response.status_code >= 500:
            wrong.append(f"{where}: POST by its actor {actor} failed with {response.status_code}")
        elif done == after and p.changes:
            said = response["Location"] if response.status_code == 302 else complaints(text(response))
            wrong.append(
                f"{where}: {actor}'s real form changed nothing ({response.status_code} {said}; sent {body})"
            )
        theirs = objects_of(CAO_BANG if side is LANG_SON else LANG_SON)
        wrong += [
            f"{where}: extra fields reached the other province: {s}" for s in smuggled(after, done, theirs)
        ]
    return wrong


def check_actions(
    world: World, people: dict[str, Client], only: Callable[[Page], bool] | None = None
) -> list[str]:
    wrong = []
    for p, side in visits():
        if p.acts is not None and (only is None or only(p)):
            wrong += check_action(p, side, world, people)
    return wrong
