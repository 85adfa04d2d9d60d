"""Who may do what, written once: each `Rule` is a list of needs, tested in order.

The same rule object answers everywhere: a service calls ``rule.check(user, obj)`` inside its lock and
raises the first unmet need as `StepRefused` (so the refusal says why, in Vietnamese); a view calls it
to refuse a page (``rule.require(user, obj)``: 403); a template asks ``{% may "name" obj as x %}``
(ocop.web.templatetags.rules); the menu shows a link when its page rule holds for the user.

Each app keeps its rules in its own ``rules.py`` (dossiers, councils, certificates, lifecycle,
catalogue, programme, registers, reports), built from the area predicates here and its own state
predicates. Why not django-rules: its predicates answer only yes or no, and a refused step must say
which need failed; and Django's ``user.has_perm``, which its template tag and backend use, grants
every superuser everything, while the administrator must not act on dossiers. What it would bring
(composable predicates, a registry, a template tag) is the fifty lines below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied

from ocop.errors import StepRefused

from .models import Role

T = TypeVar("T")
Test = Callable[[Any, T], bool]

PROVINCIAL = frozenset({Role.PROVINCE_STAFF, Role.PROVINCE_LEADER})
COUNCIL = frozenset({Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY})
OCOP_BODIES = frozenset({Role.PROVINCE_STAFF, Role.CENTRAL_STAFF})
OFFICIALS = frozenset({Role.PROVINCE_STAFF, Role.PROVINCE_LEADER, Role.CENTRAL_STAFF})


@dataclass(frozen=True)
class Need(Generic[T]):
    """One condition of a rule, and what the user is told when it is not met (`why`, when given,
    words the refusal from the object, e.g. the dossier's current step)."""

    test: Test[T]
    vi: str = ""
    en: str = ""
    why: Callable[[Any, T], StepRefused] | None = None

    def refusal(self, user: Any, obj: T) -> StepRefused:
        return self.why(user, obj) if self.why is not None else StepRefused(self.vi, self.en)


class Rule(Generic[T]):
    """A named permission: every need must hold. Registered by name for templates (`RULES`)."""

    def __init__(self, name: str, *needs: Need[T]) -> None:
        if name in RULES:
            raise KeyError(f"rule {name} is defined twice")
        self.name, self.needs = name, needs
        RULES[name] = self

    def __call__(self, user: Any, obj: T) -> bool:
        return self.refusal(user, obj) is None

    def refusal(self, user: Any, obj: T) -> StepRefused | None:
        for need in self.needs:
            if not need.test(user, obj):
                return need.refusal(user, obj)
        return None

    def check(self, user: Any, obj: T) -> None:
        """In a service: refuse the step, saying why."""
        refusal = self.refusal(user, obj)
        if refusal is not None:
            raise refusal

    def require(self, user: Any, obj: T) -> None:
        """In a view: refuse the page (403) with the same reason."""
        refusal = self.refusal(user, obj)
        if refusal is not None:
            raise PermissionDenied(str(refusal))

    def __repr__(self) -> str:
        return f"Rule({self.name!r})"


RULES: dict[str, Rule[Any]] = {}


def signed_in(user: Any, obj: Any = None) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def role_in(*roles: str) -> Test[Any]:
    wanted = frozenset(roles)
    return lambda user, obj=None: signed_in(user) and user.role in wanted


def has_province(user: Any, obj: Any = None) -> bool:
    return signed_in(user) and user.province_id is not None


SIGNED_IN = Need(signed_in, "Cần đăng nhập", "sign in first")


def role_need(roles: frozenset[str] | set[str] | tuple[str, ...], vi: str, en: str = "") -> Need[Any]:
    return Need(role_in(*roles), vi, en)
