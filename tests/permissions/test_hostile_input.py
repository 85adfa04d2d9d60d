"""Hostile values in every query parameter, form field and address of every page, as each role: no
answer is a server error (issue 10, item 6).

The pages and who may open them are the permission matrix's (matrix/pages.py), so a new page is
covered as soon as it is in the matrix. The parameters are those the table names for each page and
the fields of every form the pages render; each is sent a compact set of values that broke pages
before or break parsers in general. Each role sends each value to every parameter of every page at
once; the page's own reader and each action's actor also send each value to one field at a time, the
others valid (a field that refuses early must not hide one that fails later).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from matrix.checks import action_form, actor_of, body_of, rolled_back, text, visits
from matrix.forms import Form, forms_of
from matrix.pages import PAGES, Page, url_of
from matrix.world import ANONYMOUS, LANG_SON, ONE_PER_ROLE, World

HOSTILE = (
    "²",  # a digit to str.isdigit(), not to int()
    "-1",
    "99999999999999999999",  # beyond every integer column
    "9" * 4400,  # beyond what int() reads from a text (Python's 4 300 digits)
    "9999-12-31",  # the calendar's last day: a date 36 months later does not exist
    "a\x00b",  # PostgreSQL keeps no NUL in a text
    " ".join(["từ"] * 1000),  # 1 000 words, 3 000 characters
    '=HYPERLINK("http://ocop.invalid","x")',
    "'\"><script>%_\\",  # quotes, markup, LIKE wildcards, a backslash
)
# What each role sends to every field of an action at once (the actor sends all of HOSTILE to each).
BROAD = ("²", "99999999999999999999", "9999-12-31", "a\x00b")
# Fields that share what comes before ":" are read alike (a score sheet's criteria): two of each.
SAME_KIND = 2


def _server_errors(client: Client, method: str, url: str, data: Any, where: str) -> list[str]:
    try:
        response = client.get(url, data) if method == "get" else client.post(url, data)
    except Exception as e:  # the test client raises what the view raised (a 500 for a user)
        return [f"{where}: {type(e).__name__}: {str(e)[:200]}"]
    return [f"{where}: {response.status_code}"] if response.status_code >= 500 else []


def _fields(forms: list[Form]) -> list[str]:
    names: list[str] = []
    kinds: dict[str, int] = {}
    for form in forms:
        for name in form.names():
            kind = name.split(":")[0] if ":" in name else name
            if name not in names and kinds.get(kind, 0) < SAME_KIND:
                names.append(name)
                kinds[kind] = kinds.get(kind, 0) + 1
    return names


def _hostile_file(value: str) -> Any:
    return SimpleUploadedFile(f"{value[:40]}.pdf", value.encode(), content_type="application/pdf")


def _readers(p: Page, people: dict[str, Client]) -> Iterator[tuple[str, Client]]:
    sees = p.sees(LANG_SON)
    return ((u, c) for u, c in people.items() if u in ONE_PER_ROLE and (u in sees or u == ANONYMOUS))


def test_no_query_parameter_gives_a_server_error(world: World, people: dict[str, Client]) -> None:
    wrong: list[str] = []
    for p, side in visits():
        if side is not LANG_SON:
            continue
        url = url_of(p, side, world.of(side))
        path, _, query = url.partition("?")
        base = dict(pair.split("=", 1) for pair in query.split("&") if pair)
        reader = next((c for u, c in _readers(p, people) if u != ANONYMOUS), people[ANONYMOUS])
        get_forms = [f for f in forms_of(url, text(reader.get(url))) if f.method == "get"]
        params = list(dict.fromkeys([*p.params, *_fields(get_forms)]))
        if not params:
            continue
        # each role, every parameter at once
        for username, client in ((u, c) for u, c in people.items() if u in ONE_PER_ROLE):
            for value in HOSTILE:
                data = {**base, **dict.fromkeys(params, value)}
                wrong += _server_errors(
                    client, "get", path, data, f"GET {p.name} as {username}, all = {value[:20]!r}"
                )
        # its reader, one parameter at a time
        for name in params:
            for value in HOSTILE:
                wrong += _server_errors(
                    reader, "get", path, {**base, name: value}, f"GET {p.name} ?{name}={value[:20]!r}"
                )
    assert not wrong, "\n".join(wrong)


def test_no_address_gives_a_server_error(world: World, people: dict[str, Client]) -> None:
    """The ids and codes in the path: a number beyond any column, a code with NUL or 3 000 characters."""
    wrong: list[str] = []
    client = people[LANG_SON.staff]
    for p in PAGES:
        kwargs = p.kwargs(world.of(LANG_SON))
        for name, value in kwargs.items():
            for bad in (99999999999999999999, 2**31) if isinstance(value, int) else HOSTILE:
                try:
                    url = reverse(p.name, kwargs={**kwargs, name: bad})
                except Exception:  # the converter refuses it: the address cannot be asked for
                    continue
                wrong += _server_errors(client, "get", url, {}, f"GET {url[:60]}")
    assert not wrong, "\n".join(wrong)


def test_no_form_field_gives_a_server_error(world: World, people: dict[str, Client]) -> None:
    wrong: list[str] = []
    side = LANG_SON
    objects = world.of(side)
    for p in PAGES:
        if p.acts is None or p.name == "producer_signup":
            continue
        url = url_of(p, side, objects)
        form = action_form(p, side, world, people)
        valid = body_of(p, form, objects)
        fields = _fields([form]) if form else list(valid)
        files = {f.name for f in form.fields if f.kind == "file"} if form else set()
        actor = people[actor_of(p, side)]
        # the actor: one field at a time, the others valid
        for name in fields:
            for value in HOSTILE:
                bad = _hostile_file(value) if name in files else value
                with rolled_back():
                    wrong += _server_errors(
                        actor,
                        "post",
                        url,
                        {**body_of(p, form, objects), name: bad},
                        f"POST {p.name} {name}={value[:20]!r}",
                    )
        # each role: every field at once
        for username, client in people.items():
            if username not in ONE_PER_ROLE:
                continue
            for value in BROAD:
                data = {name: (_hostile_file(value) if name in files else value) for name in fields}
                with rolled_back():
                    wrong += _server_errors(
                        client, "post", url, data, f"POST {p.name} as {username}, all = {value[:20]!r}"
                    )
    assert not wrong, "\n".join(wrong)


def test_a_hostile_value_in_a_search_is_bounded(world: World, people: dict[str, Client]) -> None:
    """The 1 000-word search of the issue: answered, with the words it searched for."""
    response = people[ANONYMOUS].get("/diem-ban/?" + urlencode({"q": " ".join(["chợ"] * 1000)}))
    assert response.status_code == 200
    assert "Chỉ tìm theo 10 từ" in response.content.decode()


def test_every_query_parameter_a_view_reads_is_in_the_table() -> None:
    """A parameter read by a view but named by no page would never be sent a hostile value."""
    import re
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src" / "ocop"
    read = set()
    for path in src.rglob("views.py"):
        code = path.read_text(encoding="utf-8")
        read |= set(re.findall(r'(?:GET\.get|\.integer|\.choice|\.text|\.search)\("([a-z-]+)"', code))
        read |= {"trang"} if ".page()" in code else set()
    named = {name for p in PAGES for name in p.params}
    assert read - named == set()
