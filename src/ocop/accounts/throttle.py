"""Sign-in throttling, with django-axes doing the counting (settings: AXES_*).

- A sign-in is refused, before any password is hashed, once an account or a client address has
  AXES_FAILURE_LIMIT failures within its cool-off (axes.backends.AxesStandaloneBackend comes first).
- The cool-off grows with repeats (`cool_off`): 5 minutes, doubled for every further run of failures
  the account or the address had in the last 24 hours, at most 2 hours. Attempts refused during a lock
  are not written (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off): a flood of them costs a few reads
  each, not a growing row.
- Checking a password costs most of a core for about a second (PBKDF2), and even a refused attempt
  costs a few queries; so at most OCOP_LOGIN_CONCURRENCY sign-in requests run at once on the whole
  machine (`bounded`, `sign_in_slot`), and each server process takes at most a quarter of its threads
  for sign-ins, waiting included; one that finds no free slot soon is answered "busy" without any
  check, and the other pages keep their cores and threads (bench/verify_throughput.py).
- Every failed sign-in is kept (axes AccessFailureLog) and every successful one (AccessLog), with the
  client's address as the proxy saw it (`client_ip`).
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FIRST_COOL_OFF = timedelta(minutes=5)
LONGEST_COOL_OFF = timedelta(hours=2)
BACKOFF_WINDOW = timedelta(hours=24)
SLOT_WAIT_SECONDS = 2.0  # a sign-in waits this long for a free slot before "busy"


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind OCOP_TRUSTED_PROXIES proxies the entry of
    X-Forwarded-For that the outermost trusted proxy added (entries further left are the client's own
    claims and are never believed)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.OCOP_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < proxies:
        return remote  # not through the proxy (a check on 127.0.0.1): the connection's peer
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _recent_failures(request: HttpRequest) -> int:
    from axes.models import AccessFailureLog

    username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD) or getattr(request, "ocop_username", None)
    who = Q(ip_address=client_ip(request))
    if username:
        who |= Q(username=username)
    since = timezone.now() - BACKOFF_WINDOW
    return AccessFailureLog.objects.filter(who, attempt_time__gte=since).count()


def cool_off(request: HttpRequest | None) -> timedelta:
    """AXES_COOLOFF_TIME: how long a lock lasts for this request's account and address."""
    if request is None:
        return FIRST_COOL_OFF
    cached: timedelta | None = getattr(request, "ocop_cool_off", None)
    if cached is None:
        earlier_runs = max(0, _recent_failures(request) // settings.AXES_FAILURE_LIMIT - 1)
        cached = min(FIRST_COOL_OFF * 2 ** min(earlier_runs, 10), LONGEST_COOL_OFF)
        request.ocop_cool_off = cached  # type: ignore[attr-defined]
    return cached


def retry_at(request: HttpRequest) -> datetime:
    attempt: datetime = getattr(request, "axes_attempt_time", None) or timezone.now()
    return attempt + cool_off(request)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in page again, saying in Vietnamese until when it is locked."""
    until = retry_at(request)
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    local = timezone.localtime(until + timedelta(seconds=59)).replace(second=0, microsecond=0)
    text = f"{local:%H:%M}"
    if local.date() != timezone.localdate():
        text = _("%(time)s ngày %(date)s") % {"time": text, "date": f"{local:%d/%m/%Y}"}
    response = render(
        request,
        "accounts/locked.html",
        {"retry_at": local, "retry_text": text, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


class Slots:
    """At most `count` holders at once on this machine, across every server process.

    One lock file per slot under DATA_DIR/locks, taken with flock (released by the kernel if the
    process dies). Without flock (Windows) the bound holds per process only.
    """

    def __init__(self, directory: Path, count: int) -> None:
        self.paths = [directory / f"password-check-{i}.lock" for i in range(max(1, count))]
        self.local = threading.BoundedSemaphore(len(self.paths))
        try:
            import fcntl  # noqa: F401  (POSIX)

            directory.mkdir(parents=True, exist_ok=True)
            self.machine_wide = True
        except ImportError:  # pragma: no cover - Windows
            self.machine_wide = False

    @contextlib.contextmanager
    def hold(self, wait: float | None = None) -> Iterator[bool]:
        wait = SLOT_WAIT_SECONDS if wait is None else wait
        if not self.machine_wide:  # pragma: no cover - Windows
            got = self.local.acquire(timeout=wait)
            try:
                yield got
            finally:
                if got:
                    self.local.release()
            return
        import fcntl

        deadline = time.monotonic() + wait
        while True:
            for path in self.paths:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                try:
                    yield True
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
                    os.close(fd)
                return
            if time.monotonic() >= deadline:
                yield False
                return
            time.sleep(0.02)


_slots: Slots | None = None
_slots_lock = threading.Lock()


def sign_in_slot() -> contextlib.AbstractContextManager[bool]:
    """A slot for one sign-in request (True), or False when none freed up in SLOT_WAIT_SECONDS."""
    global _slots
    with _slots_lock:
        if _slots is None or len(_slots.paths) != max(1, settings.OCOP_LOGIN_CONCURRENCY):
            _slots = Slots(Path(settings.DATA_DIR) / "locks", settings.OCOP_LOGIN_CONCURRENCY)
        return _slots.hold()


_in_process: threading.BoundedSemaphore | None = None


def _process_share() -> threading.BoundedSemaphore:
    """Sign-in requests one server process handles at once, waiting for a slot included: a quarter of
    its threads, so that a flood waiting for slots never holds the threads the other pages need."""
    global _in_process
    with _slots_lock:
        if _in_process is None:
            _in_process = threading.BoundedSemaphore(max(1, settings.OCOP_THREADS // 4))
        return _in_process


def bounded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view whose POSTs check a password or a code (sign-in, the second factor, sign-up): each runs in
    a sign-in slot, or is answered 503 "busy, try again", with nothing checked or counted."""

    @functools.wraps(view)
    def in_a_slot(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST" or settings.OCOP_LOGIN_CONCURRENCY <= 0:  # 0: no bound (a control)
            return view(request, *args, **kwargs)
        share = _process_share()
        if share.acquire(blocking=False):
            try:
                with sign_in_slot() as got:
                    if got:
                        return view(request, *args, **kwargs)
            finally:
                share.release()
        response = HttpResponse(_busy_page(request.path, get_language()), status=503)
        response["Retry-After"] = "10"
        return response

    return in_a_slot


@functools.cache
def _busy_page(path: str, language: str | None) -> bytes:
    """The "busy" page, made once per page and language: a flood's refusals must cost next to nothing."""
    return render_to_string("accounts/busy.html", {"again": path}).encode()
