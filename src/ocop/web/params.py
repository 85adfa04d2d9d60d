"""Query parameters (and the few form fields views read by hand), parsed in one place.

Whatever arrives in a URL is typed by someone, pasted from a chat or made up by a robot. A value that
does not parse never reaches the database and never raises: the filter is left out and the page says
so in Vietnamese (`Params.warn`). Numbers are ASCII digits only (`"²".isdigit()` is true, `int("²")`
fails) and fit a database integer; texts are bounded; a search is cut to a few words, because every
word is one more condition in the query (a thousand of them overflow SQLite's expression depth).

    params = Params(request.GET)
    province = params.integer("tinh", _("tỉnh"))
    q = params.search("q")
    params.warn(request)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ocop.catalogue.search import MAX_CHARS as SEARCH_CHARS
from ocop.catalogue.search import MAX_WORDS as SEARCH_WORDS

# The largest value of a PostgreSQL `integer` column: codes and ids above it cannot match anything.
MAX_INTEGER = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")
# A page number beyond any list the pages show (20 a page).
MAX_PAGE = 50_000


def parse_integer(raw: object, minimum: int = 0, maximum: int = MAX_INTEGER) -> int | None:
    """`raw` as a whole number of ASCII digits within [minimum, maximum], else None."""
    text = str(raw if raw is not None else "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def bounded_search(raw: str, words: int = SEARCH_WORDS, chars: int = SEARCH_CHARS) -> tuple[str, bool]:
    """The first `words` words of `raw`, at most `chars` characters, without control characters; and
    whether anything was cut."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in raw[: chars * 4])
    kept = " ".join(cleaned.split()[:words])[:chars].strip()
    return kept, kept != " ".join(raw.split())


class Params:
    """Typed reading of a QueryDict (request.GET, or request.POST for hand-read fields); the problems
    found are kept for `warn`, so that one page shows them all."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[str] = []

    def _raw(self, name: str) -> str:
        value = self.data.get(name)
        return "" if value is None else str(value).strip()

    def _ignored(self, label: str) -> None:
        self.problems.append(
            _("Giá trị của bộ lọc «%(label)s» không hợp lệ nên đã được bỏ qua.") % {"label": label}
        )

    def integer(self, name: str, label: str, minimum: int = 0, maximum: int = MAX_INTEGER) -> int | None:
        """A code or an id; None when absent or not a number within bounds (then a problem is noted)."""
        raw = self._raw(name)
        if not raw:
            return None
        value = parse_integer(raw, minimum, maximum)
        if value is None:
            self._ignored(label)
        return value

    def choice(self, name: str, label: str, choices: Iterable[str], default: str = "") -> str:
        """One of `choices`, or `default` (a problem is noted when something else was sent)."""
        raw = self._raw(name)
        allowed = set(choices)
        if raw in allowed:
            return raw
        if raw:
            self._ignored(label)
        return default

    def text(self, name: str, max_chars: int = 200) -> str:
        """A short free text (a code typed by hand): control characters dropped, at most `max_chars`."""
        raw = self._raw(name)
        return "".join(ch for ch in raw[:max_chars] if ch.isprintable())

    def search(self, name: str, words: int = SEARCH_WORDS, chars: int = SEARCH_CHARS) -> str:
        """Search words, cut to `words` words and `chars` characters (a problem says so)."""
        kept, cut = bounded_search(self._raw(name), words, chars)
        if cut:
            self.problems.append(
                _("Chỉ tìm theo %(words)d từ (tối đa %(chars)d ký tự) đầu tiên: «%(kept)s».")
                % {"words": words, "chars": chars, "kept": kept}
            )
        return kept

    def page(self, name: str = "trang") -> int:
        """A page number: 1 when absent or unreadable (as Django's Paginator.get_page does)."""
        return parse_integer(self._raw(name), 1, MAX_PAGE) or 1

    def warn(self, request: HttpRequest) -> None:
        """Show the problems on the page being rendered."""
        for problem in self.problems:
            messages.warning(request, problem)
