"""Public pages about the rules: what each rulebook holds and how complete its data is."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from ocop.core.rulebooks import all_rulebooks, check_rulebook, get_rulebook, is_complete
from ocop.core.rulebooks.model import Rulebook


def _book(rulebook_id: str) -> Rulebook:
    try:
        return get_rulebook(rulebook_id)
    except KeyError:
        raise Http404("Không có bộ quy tắc này") from None


def home(request: HttpRequest) -> HttpResponse:
    books = list(all_rulebooks().values())
    current = max(books, key=lambda b: b.effective_from)
    return render(request, "web/home.html", {"current": current, "books": books})


def rulebook_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for book in reversed(list(all_rulebooks().values())):
        report = check_rulebook(book)
        complete = sum(1 for n in book.scorecards if is_complete(report[n]))
        rows.append({"book": book, "loaded": len(book.scorecards), "complete": complete})
    return render(request, "web/rulebooks.html", {"rows": rows})


def rulebook_detail(request: HttpRequest, rulebook_id: str) -> HttpResponse:
    book = _book(rulebook_id)
    report = check_rulebook(book)
    cards = []
    for number in range(1, book.expected_scorecards + 1):
        card = book.scorecards.get(number)
        findings = report.get(number, [])
        cards.append(
            {
                "number": number,
                "card": card,
                "complete": card is not None and is_complete(findings),
                "problems": [f for f in findings if f.severity != "note"],
            }
        )
    return render(request, "web/rulebook.html", {"book": book, "cards": cards, "general": report["rulebook"]})


def scorecard_detail(request: HttpRequest, rulebook_id: str, number: int) -> HttpResponse:
    book = _book(rulebook_id)
    try:
        card = book.scorecard(number)
    except KeyError:
        raise Http404("Không có phiếu này trong dữ liệu") from None
    findings = check_rulebook(book)[number]
    return render(request, "web/scorecard.html", {"book": book, "card": card, "findings": findings})


# Where each role starts its work (the first page after sign-in).
WORKSPACES = {
    "producer": "producer_home",
    "commune_officer": "dossier_list",
    "province_staff": "dossier_list",
    "province_leader": "decision_queue",
    "council_member": "my_scoring",
    "council_secretary": "session_list",
    "central_staff": "dossier_list",
    "admin": "admin:index",
}


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    name = WORKSPACES.get(getattr(request.user, "role", ""), "home")
    try:
        return redirect(reverse(name))
    except NoReverseMatch:  # that role's pages are not there yet
        return redirect("home")
