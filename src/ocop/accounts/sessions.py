"""How long a signed-in session lasts: 12 hours from sign-in for everyone (SESSION_COOKIE_AGE), and
for officials OCOP_IDLE_TIMEOUT_MINUTES (30) without a request (OWASP ASVS 3.3.2). A producer's
session has no idle limit: producers fill long forms at home, and hold no official power.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .models import Role

SIGNED_IN_AT = "ocop_signed_in_at"
SEEN_AT = "ocop_seen_at"
SEEN_EVERY = 60  # seconds: the session is written at most once a minute for being seen


def mark_signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """user_logged_in receiver: the clock of the new session starts."""
    now = time.time()
    request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = now


def idle_limit(user: Any) -> float | None:
    if getattr(user, "role", Role.PRODUCER) == Role.PRODUCER:
        return None
    return float(settings.OCOP_IDLE_TIMEOUT_MINUTES * 60)


class IdleTimeoutMiddleware:
    """Ends a session past its time, then sends the browser to sign in again (back to the same page).

    Views marked `session_free` (the public verification page) are passed by untouched: they never
    read the session, so their responses do not vary by cookie and shared caches may keep them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view, "session_free", False) or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        if not request.user.is_authenticated:
            return None
        now = time.time()
        signed_in = request.session.get(SIGNED_IN_AT)
        seen = request.session.get(SEEN_AT, signed_in)
        limit = idle_limit(request.user)
        if (
            signed_in is None
            or now - signed_in > settings.SESSION_COOKIE_AGE
            or (limit is not None and now - seen > limit)
        ):
            logout(request)
            messages.info(request, _("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."))
            target = reverse("login")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        if now - seen > SEEN_EVERY:
            request.session[SEEN_AT] = now
        return None


def session_free(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view that never reads the session (see IdleTimeoutMiddleware)."""
    view.session_free = True  # type: ignore[attr-defined]
    return view
