"""The verification page's per-process cache (lifecycle/verify_cache.py): what it keeps, and that no
change to a certificate is ever hidden by it."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ocop.certificates.effects import certificates_changed
from ocop.certificates.models import Certificate
from ocop.lifecycle import verify_cache
from ocop.lifecycle.verify_cache import RecentLookups


def test_keeps_for_a_time_then_forgets(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(verify_cache.time, "monotonic", lambda: now[0])
    cache = RecentLookups(size=10, seconds=300)
    cache.put("A", "a", cache.generation)
    now[0] += 299
    assert cache.get("A") == "a"
    now[0] += 2
    assert cache.get("A") is None


def test_first_in_first_out_at_its_size() -> None:
    cache = RecentLookups(size=2, seconds=300)
    for code in "ABC":
        cache.put(code, code.lower(), cache.generation)
    assert (cache.get("A"), cache.get("B"), cache.get("C")) == (None, "b", "c")
    assert len(cache) == 2


def test_a_look_up_that_began_before_a_change_is_not_kept() -> None:
    cache = RecentLookups(size=10, seconds=300)
    began = cache.generation
    cache.forget(["X"])  # the certificate changed while the look-up was reading it
    cache.put("A", "as it was", began)
    assert cache.get("A") is None
    cache.put("A", "as it is", cache.generation)
    assert cache.get("A") == "as it is"


def test_forget_all_and_size_zero() -> None:
    cache = RecentLookups(size=10, seconds=300)
    cache.put("A", "a", cache.generation)
    cache.forget(None)
    assert cache.get("A") is None
    off = RecentLookups(size=0, seconds=300)
    off.put("A", "a", off.generation)
    assert off.get("A") is None


def _scan(code: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        text = Client().get(reverse("verify", args=[code])).content.decode()
    return text, len(queries)


def test_second_scan_needs_no_query_and_a_revocation_shows_at_once(
    make_cert: Any, demo: dict[str, Any]
) -> None:
    from ocop.lifecycle import services

    cert = make_cert(product="Khâu nhục Lạng Sơn", star=3, signed_on=timezone.localdate() - timedelta(days=9))
    text, queries = _scan(cert.code)
    assert 'data-status="valid"' in text and queries == 1
    text, queries = _scan(cert.code)
    assert 'data-status="valid"' in text and queries == 0  # answered from this process's memory

    r = services.propose_revocation(demo["tinh"], cert, ground="d", note="Dùng nhãn OCOP sai.")
    services.decide_revocation(
        demo["lanhdao"], r, number="78/QĐ-UBND", decided_on=timezone.localdate(), signer_title="Phó Chủ tịch"
    )
    text, queries = _scan(cert.code)
    assert 'data-status="revoked"' in text and "78/QĐ-UBND" in text and queries == 1


def test_a_newer_certificate_marks_the_cached_one_replaced(make_cert: Any) -> None:
    old = make_cert(star=3, signed_on=date(2025, 12, 1))
    assert 'data-status="valid"' in _scan(old.code)[0]
    # A re-rating marks the previous certificate replaced with QuerySet.update; issuing the new one
    # (here the demo's make_certificate) forgets every certificate of the product.
    Certificate.objects.filter(pk=old.pk).update(status=Certificate.Status.REPLACED)
    new = make_cert(star=4, signed_on=date(2026, 11, 1))
    text, _ = _scan(old.code)
    assert 'data-status="replaced"' in text and new.number in text


def test_the_date_still_decides_expiry_for_a_kept_answer(make_cert: Any, monkeypatch: Any) -> None:
    cert = make_cert(signed_on=date(2023, 12, 1))  # valid until 2026-12-01 (36 months)
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 11, 30))
    assert 'data-status="valid"' in _scan(cert.code)[0]
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 12, 2))
    text, queries = _scan(cert.code)
    assert 'data-status="expired"' in text and queries == 0


def test_a_scan_between_a_change_and_its_commit_is_forgotten_at_commit(
    make_cert: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cert = make_cert(signed_on=timezone.localdate() - timedelta(days=9))
    with django_capture_on_commit_callbacks(execute=True):
        cert.status = Certificate.Status.REVOKED
        cert.save(update_fields=["status"])
        certificates_changed([cert.product_id])  # as decide_revocation does
        # Another request reads the row as it was before this transaction commits, and keeps it.
        verify_cache.RECENT.put(cert.code, "the row as it was", verify_cache.RECENT.generation)
    assert verify_cache.RECENT.get(cert.code) is None


def test_an_import_forgets_everything(make_cert: Any, django_capture_on_commit_callbacks: Any) -> None:
    verify_cache.RECENT.put("ABCDEFGHJKLM", "kept", verify_cache.RECENT.generation)
    with django_capture_on_commit_callbacks(execute=True):
        verify_cache.changed(None)
    assert len(verify_cache.RECENT) == 0


def test_unknown_codes_are_not_kept(db: Any) -> None:
    before = len(verify_cache.RECENT)
    assert Client().get(reverse("verify", args=["ABCDEFGHJKLM"])).status_code == 404
    assert len(verify_cache.RECENT) == before


@pytest.mark.django_db(transaction=True)
def test_other_processes_changes_arrive_by_notify(monkeypatch: pytest.MonkeyPatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; on SQLite one server process serves (see verify_cache)")
    monkeypatch.setattr(verify_cache, "_listen_wanted", True)
    listener = verify_cache.Listener()
    monkeypatch.setattr(verify_cache, "LISTENER", listener)
    assert not verify_cache.usable()  # not listening yet: the cache is not used
    try:
        deadline = time.monotonic() + 10
        while not verify_cache.usable() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert verify_cache.usable()
        for code in ("ABCDEFGHJKLM", "NPQRSTUVWXYZ"):
            verify_cache.RECENT.put(code, "kept", verify_cache.RECENT.generation)
        # Another process's committed change: a NOTIFY, and nothing else, reaches this one.
        other = connection.get_new_connection(connection.get_connection_params())
        other.autocommit = True
        other.execute("SELECT pg_notify(%s, %s)", [verify_cache.CHANNEL, "ABCDEFGHJKLM"])
        other.close()
        while verify_cache.RECENT.get("ABCDEFGHJKLM") is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert verify_cache.RECENT.get("ABCDEFGHJKLM") is None
        assert verify_cache.RECENT.get("NPQRSTUVWXYZ") == "kept"
    finally:
        listener.stop()
    assert not listener.listening and not any(t.name == "ocop-verify-listener" for t in threading.enumerate())
