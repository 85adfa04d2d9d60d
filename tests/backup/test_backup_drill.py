"""The backup drill (issue 10, item 8; docs/deploy.md): back up while documents are being uploaded,
restore into a new database and an empty folder, and find every document's file with its checksum.

The database is copied first and the files it names after; uploads that land in between have files
on disk but no row in the copy, and must not be missed the other way round. On PostgreSQL a second
test uploads from another thread for the whole time the backup runs.
"""

from __future__ import annotations

import io
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from ocop.backup import archive
from ocop.demo.load import load_demo
from ocop.dossiers.models import DossierDocument
from ocop.dossiers.services import add_document, start_dossier
from ocop.producers.models import Product

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def shop(transactional_db: Any, settings: Any, tmp_path: Path) -> Any:
    """The demo, with a producer's dossier open for uploads; files under tmp_path/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    from ocop.accounts.models import User

    owner = User.objects.get(username="chuthe.khaunhuc")
    dossier = start_dossier(owner, Product.objects.get(name="Khâu nhục Lạng Sơn"), "first")

    def upload(n: int) -> Any:
        data = PDF + f"% tài liệu {n}\n".encode()
        return add_document(owner, dossier, "form01", f"tai-lieu-{n}.pdf", io.BytesIO(data), len(data))

    return upload


def _new_database(tmp_path: Path) -> tuple[str, Any]:
    """The address of a database that does not exist yet, and how to drop it afterwards."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    name = f"{db['NAME']}_restored"
    url = f"postgres://{db.get('USER') or 'postgres'}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"

    def drop() -> None:
        with archive._pg_connect(db, "postgres") as conn:
            conn.autocommit = True
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    return url, drop


def _documents_in(url: str) -> list[tuple[str, str]]:
    """(stored name, recorded sha256) of every document row of a restored database, read directly."""
    import dj_database_url

    db = dj_database_url.parse(url)
    query = "SELECT file, sha256 FROM dossiers_dossierdocument"
    if db["ENGINE"].endswith("sqlite3"):
        with sqlite3.connect(db["NAME"]) as conn:
            return list(conn.execute(query))
    with archive._pg_connect(db) as conn:
        return list(conn.execute(query))


def _all_present(rows: list[tuple[str, str]], media: Path) -> list[str]:
    return [
        name for name, sha in rows if not (media / name).is_file() or archive._sha256(media / name) != sha
    ]


def test_a_backup_taken_while_files_arrive_restores_every_document(
    shop: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    before = [shop(n) for n in range(3)]
    late: list[Any] = []
    real_copy = archive._copy

    def copy_while_uploading(source: Path, target: Path) -> tuple[int, str]:
        if not late:  # after the database, before the files: two uploads land
            late.extend(shop(10 + n) for n in range(2))
        return real_copy(source, target)

    monkeypatch.setattr(archive, "_copy", copy_while_uploading)
    call_command("backup", str(tmp_path / "backups"), "--keep", "3")
    (folder,) = archive.backups_in(tmp_path / "backups")
    manifest = archive.check(folder)
    assert sorted(e["name"] for e in manifest["files"]) == sorted(d.file.name for d in before)
    assert manifest["unreferenced_files_not_copied"] == 2 and manifest["problems"] == []

    url, drop = _new_database(tmp_path)
    try:
        call_command(
            "restore", str(folder), "--database-url", url, "--media-root", str(tmp_path / "restored")
        )
        rows = _documents_in(url)
        assert len(rows) == 3
        assert _all_present(rows, tmp_path / "restored") == []
        # a restore never writes over a database
        with pytest.raises(archive.BackupError, match="phục hồi vào cơ sở dữ liệu mới"):
            archive.restore(folder, url, tmp_path / "again")
    finally:
        drop()


def test_a_damaged_backup_is_refused_and_old_backups_are_pruned(shop: Any, tmp_path: Path) -> None:
    shop(1)
    from datetime import datetime

    for day in (1, 2, 3):
        archive.backup(tmp_path / "b", keep=2, now=datetime(2026, 12, day, 3, 0))
    kept = archive.backups_in(tmp_path / "b")
    assert [p.name for p in kept] == ["ocop-20261202-030000", "ocop-20261203-030000"]
    stored = next((kept[-1] / "media").rglob("*.pdf"))
    stored.write_bytes(stored.read_bytes() + b"x")
    with pytest.raises(archive.BackupError, match="1 tệp hỏng hoặc thiếu"):
        archive.check(kept[-1])
    url, drop = _new_database(tmp_path)
    try:
        with pytest.raises(archive.BackupError):
            archive.restore(kept[-1], url, tmp_path / "restored")
        assert not (tmp_path / "restored").exists()
    finally:
        drop()


def test_a_backup_during_concurrent_uploads_on_postgresql(shop: Any, tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time; the test above interleaves the uploads instead")
    shop(0)
    stop = threading.Event()
    uploaded: list[float] = []

    def keep_uploading() -> None:
        try:
            n = 1
            while not stop.is_set():
                shop(n)
                uploaded.append(time.monotonic())
                n += 1
        finally:
            connection.close()

    thread = threading.Thread(target=keep_uploading)
    thread.start()
    try:
        while len(uploaded) < 3:
            time.sleep(0.01)
        started = time.monotonic()
        report = archive.backup(tmp_path / "backups")
        ended = time.monotonic()
    finally:
        stop.set()
        thread.join()
    assert report.problems == []
    assert any(started < t < ended for t in uploaded), "no upload landed while the backup ran"
    url, drop = _new_database(tmp_path)
    try:
        restored = archive.restore(report.path, url, tmp_path / "restored")
        rows = _documents_in(url)
        assert restored.problems == [] and 4 <= len(rows) < DossierDocument.objects.count()
        assert _all_present(rows, tmp_path / "restored") == []
    finally:
        drop()
