"""Every role against every page and action, for the objects of both provinces, through real HTTP
requests (the table: matrix/pages.py; the objects: matrix/world.py).

- GET: who may open each page gets it, everyone else is refused; lists that others may open do not
  show the province's marker to outsiders. `?tinh=` scopes are part of the table.
- POST: everyone outside an action's roles posts the action's real form (the one the page renders for
  its rightful actor, filled in as a user would): every row of every table and every stored file must
  be as before. The actor then posts the same form, with extra fields naming the other province's
  objects: something must change (else the refusals proved nothing), and no row written may point at
  the other province.
- A meta-test takes one permission check away and sees the matrix report the breach.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from matrix.checks import check_action, check_actions, survey
from matrix.pages import NOT_IN_MATRIX, PAGES
from matrix.world import LANG_SON


def _walk(patterns: list[Any]) -> list[str]:
    names = []
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name != "admin":
                names += _walk(p.url_patterns)
        elif isinstance(p, URLPattern) and p.name:
            names.append(p.name)
    return names


# The API (/api/v1/, names "api_…" and its schema and docs) has its own matrix of every operation
# against every kind of token: tests/national/test_api.py.
API_NAMES = {"openapi-json", "openapi-view", "api-root"}


def test_every_page_is_in_the_matrix() -> None:
    names = {n for n in _walk(get_resolver().url_patterns) if not n.startswith("api_")} - API_NAMES
    assert names - NOT_IN_MATRIX == {p.name for p in PAGES}


def test_every_role_sees_only_what_it_may(world: Any, people: Any) -> None:
    wrong = survey(world, people, keep_forms_of=set()).wrong
    assert not wrong, "\n".join(wrong)


def test_every_action_is_refused_to_everyone_else_and_works_for_its_actor(world: Any, people: Any) -> None:
    wrong = check_actions(world, people)
    assert not wrong, "\n".join(wrong)


def test_the_matrix_sees_a_missing_check(world: Any, people: Any, monkeypatch: Any) -> None:
    """Without the producer-only check of `add_document`, another role could plant a file in a
    producer's dossier: the matrix must say so."""
    from ocop.dossiers import services

    real = services.add_document

    def unchecked(user: Any, dossier: Any, *args: Any, **kwargs: Any) -> Any:
        owner = dossier.product.producer.users.get()  # whoever asks, the check sees the owner
        return real(owner, dossier, *args, **kwargs)

    upload = next(p for p in PAGES if p.name == "document_upload")
    assert check_action(upload, LANG_SON, world, people) == []
    monkeypatch.setattr(services, "add_document", unchecked)
    wrong = check_action(upload, LANG_SON, world, people)
    assert any("a refused POST changed" in w and "dossiers.DossierDocument" in w for w in wrong), wrong
