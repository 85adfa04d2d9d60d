"""Recently verified codes, kept in each server process (issue 4, bench/verify_throughput.py).

A stamp's QR code is scanned again and again (the same jar on a shelf, the same product at a fair), and
the verification page is the one page anybody may hit at any rate. Without this cache every scan costs a
database round trip, which on a threaded Python server costs about twice the rest of the request.

Staleness is bounded three ways:
- every change to a certificate or its revocation made through Django (models' post_save) forgets the
  codes of that product's certificates in this process, at once and again when the transaction commits;
- on PostgreSQL the same change sends ``NOTIFY ocop_verify`` in its transaction; every server process
  listens (a daemon thread with its own connection, started on the first verification) and forgets those
  codes when the change commits. While a process is not listening (not yet connected, connection lost)
  it does not use its cache at all, and it empties it when it listens again;
- an entry is used for at most ``OCOP_VERIFY_CACHE_SECONDS`` (default 300, the ``max-age`` the page
  already allows shared caches), which bounds changes made outside Django (hand-written SQL).

Writes that bypass signals (``QuerySet.update``, ``bulk_create``) call :func:`changed`.
``OCOP_VERIFY_CACHE_SIZE = 0`` turns the cache off. Unknown codes are never cached (a guesser would only
fill the cache with his guesses).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection, transaction

log = logging.getLogger(__name__)

CHANNEL = "ocop_verify"
EVERYTHING = "*"
_NOTIFY_PAYLOAD_MAX = 7000  # PostgreSQL's limit is 8000 bytes; beyond this, say "everything changed"


class RecentLookups:
    """code → what the page shows, first in first out, each entry for at most ``seconds``.

    Reading takes no lock (a dict read is atomic in CPython). ``generation`` changes with every forget: a
    look-up that began before a forget must not store what it read (it may predate the change).
    """

    def __init__(self, size: int, seconds: float) -> None:
        self.size = size
        self.seconds = seconds
        self.generation = 0
        self._entries: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, code: str) -> Any | None:
        found = self._entries.get(code)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, code: str, value: Any, generation: int) -> None:
        if self.size <= 0:
            return
        with self._lock:
            if generation != self.generation:
                return
            self._entries.pop(code, None)
            while len(self._entries) >= self.size:
                del self._entries[next(iter(self._entries))]
            self._entries[code] = (time.monotonic() + self.seconds, value)

    def forget(self, codes: Iterable[str] | None) -> None:
        """Forget these codes; None forgets everything."""
        with self._lock:
            self.generation += 1
            if codes is None:
                self._entries.clear()
            else:
                for code in codes:
                    self._entries.pop(code, None)

    def __len__(self) -> int:
        return len(self._entries)


RECENT = RecentLookups(
    size=int(getattr(settings, "OCOP_VERIFY_CACHE_SIZE", 20_000)),
    seconds=float(getattr(settings, "OCOP_VERIFY_CACHE_SECONDS", 300)),
)


def changed(codes: Iterable[str] | None) -> None:
    """Certificates with these codes changed (None: any certificate may have): forget them here when the
    transaction commits, and tell the other server processes (PostgreSQL NOTIFY, sent at commit)."""
    codes = None if codes is None else sorted(set(codes))
    if codes == []:
        return
    # Now, and again at commit: a scan between the two may have read (and kept) the row as it was.
    RECENT.forget(codes)
    transaction.on_commit(lambda: RECENT.forget(codes))
    if connection.vendor == "postgresql":
        payload = EVERYTHING if codes is None else " ".join(codes)
        if len(payload) > _NOTIFY_PAYLOAD_MAX:
            payload = EVERYTHING
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])


# --- listening for other processes' changes (PostgreSQL) -----------------------------------------------


class Listener:
    """A daemon thread that forgets the codes other processes announce. ``listening`` is True only while
    its connection is up and LISTENing; the cache is not used otherwise."""

    def __init__(self) -> None:
        self.listening = False
        self.pid = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def ensure_running(self) -> None:
        # After a fork the thread is gone though this object says it started: start again in the child.
        if self.pid != os.getpid():
            self.pid = os.getpid()
            self.listening = False
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="ocop-verify-listener", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.listening = False
        self.pid = 0

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception:  # connection lost or refused: stop using the cache, try again shortly
                log.warning("verification cache: not listening for changes, retrying", exc_info=True)
            self.listening = False
            self._stop.wait(5)

    def _listen(self) -> None:
        params = connection.get_connection_params()
        conn = connection.get_new_connection(params)
        try:
            conn.autocommit = True
            conn.execute(f"LISTEN {CHANNEL}")
            RECENT.forget(None)  # anything may have changed while nobody listened
            self.listening = True
            while not self._stop.is_set():
                for note in conn.notifies(timeout=1.0):
                    RECENT.forget(None if note.payload == EVERYTHING else note.payload.split())
        finally:
            self.listening = False
            conn.close()


LISTENER = Listener()
_listen_wanted = False


def listen_for_changes() -> None:
    """Called where the web server loads the application (wsgi.py): on PostgreSQL, serve from the cache
    only while listening to other processes' changes. Without this call (tests, commands) a process relies
    on its own signals and the time limit."""
    global _listen_wanted
    _listen_wanted = connection.vendor == "postgresql" and RECENT.size > 0


def usable() -> bool:
    if RECENT.size <= 0:
        return False
    if not _listen_wanted:
        return True
    LISTENER.ensure_running()
    return LISTENER.listening
