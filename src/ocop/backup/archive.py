"""Backups of the database and of the files its rows refer to, safe while the system is in use, and
their restoration into a new database (issue 10, item 8; the drill: docs/deploy.md).

The order is what makes a backup taken during uploads whole: the database first, then the files. An
upload stores its file before its row is committed, so every file a row of the dump names was on disk
when the dump was taken; files stored afterwards belong to rows the dump does not have. (Copying the
files first loses every upload that lands between the two steps: its row is in the dump, its file is
not in the copy.) The files copied are those the dump's rows name, read in the same snapshot as the
dump (PostgreSQL: `pg_dump --snapshot`; SQLite: the copy itself), each with its SHA-256; a file whose
row records a checksum (dossier documents, register imports) must still have it.

A backup is a folder `ocop-<date>-<time>/`: `manifest.json`, `SHA256SUMS` (for `sha256sum -c`), the
database (`database.dump`, pg_dump's custom format, or `database.sqlite3`) and `media/`. It is written
as `….partial` and renamed when complete. Restoring checks every checksum first, creates the database
(it must not exist), copies the files into an empty folder and checks that every file a restored row
names is there with its checksum.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
PREFIX = "ocop-"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in Vietnamese and English."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(f"{vi} / {en}")


@dataclass(frozen=True)
class FileColumn:
    """A column naming stored files, and the column of the same row recording each file's checksum."""

    table: str
    column: str
    checksum: str | None


def file_columns() -> list[FileColumn]:
    """Every FileField of every model, so that a new kind of upload is backed up without a change here."""
    found = []
    for model in apps.get_models():
        names = {f.name: f for f in model._meta.concrete_fields}
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                sha = names.get("sha256")
                found.append(FileColumn(model._meta.db_table, f.column, sha.column if sha else None))
    return found


@dataclass(frozen=True)
class Reference:
    name: str  # the stored name, relative to MEDIA_ROOT
    recorded: str  # the checksum the row records ("" when the table keeps none)
    table: str


def _references(cursor: Any) -> list[Reference]:
    out: dict[str, Reference] = {}
    for col in file_columns():
        sha = f'"{col.checksum}"' if col.checksum else "''"
        cursor.execute(f'SELECT "{col.column}", {sha} FROM "{col.table}" WHERE "{col.column}" <> \'\'')
        for name, recorded in cursor.fetchall():
            out.setdefault(name, Reference(name, recorded or "", col.table))
    return sorted(out.values(), key=lambda r: r.name)


def _inside(name: str) -> bool:
    """A stored name stays inside the media folder (a row could have been edited by hand)."""
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy(source: Path, target: Path) -> tuple[int, str]:
    """Copy a file, hashing what was written; (size, sha256)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as src, target.open("wb") as dst:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            dst.write(chunk)
            digest.update(chunk)
            size += len(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    return size, digest.hexdigest()


# --- the database ------------------------------------------------------------------------------------


def _vendor(db: dict[str, Any]) -> str:
    engine = str(db["ENGINE"])
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite" in engine:
        return "sqlite"
    raise BackupError(f"Không sao lưu được cơ sở dữ liệu {engine}", f"unsupported database {engine}")


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _pg_connect(db: dict[str, Any], name: str | None = None) -> Any:
    import psycopg

    return psycopg.connect(
        dbname=name or db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
    )


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Không tìm thấy lệnh {name} (gói postgresql-client)", f"{name} not found")
    return path


def _dump_postgresql(db: dict[str, Any], target: Path) -> list[Reference]:
    """pg_dump in a snapshot exported by a transaction that reads the file references in it too."""
    from psycopg import IsolationLevel

    with _pg_connect(db) as conn, conn.cursor() as cursor:
        conn.isolation_level, conn.read_only = IsolationLevel.REPEATABLE_READ, True
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        references = _references(cursor)
        done = subprocess.run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        conn.rollback()
    if done.returncode != 0:
        raise BackupError("pg_dump không chạy được: " + done.stderr.strip(), "pg_dump failed")
    return references


def _dump_sqlite(db: dict[str, Any], target: Path) -> list[Reference]:
    """SQLite's online backup (consistent while others write), then the references of the copy."""
    source = sqlite3.connect(str(db["NAME"]), uri=str(db["NAME"]).startswith("file:"))
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        return _references(copy.cursor())
    finally:
        copy.close()
        source.close()


# --- backing up --------------------------------------------------------------------------------------


@dataclass
class Report:
    path: Path
    files: int = 0
    problems: list[str] = field(default_factory=list)
    unreferenced: int = 0
    removed: list[Path] = field(default_factory=list)


def backup(destination: Path, keep: int | None = None, now: datetime | None = None) -> Report:
    """A backup folder under `destination`; with `keep`, only the newest `keep` backups stay there."""
    db = settings.DATABASES["default"]
    vendor = _vendor(db)
    stamp = (now or timezone.localtime()).strftime("%Y%m%d-%H%M%S")
    final = destination / f"{PREFIX}{stamp}"
    work = destination / f"{PREFIX}{stamp}.partial"
    if final.exists() or work.exists():
        raise BackupError(f"Đã có bản sao lưu {final.name}", f"{final.name} exists")
    work.mkdir(parents=True)
    report = Report(final)
    database = work / ("database.dump" if vendor == "postgresql" else "database.sqlite3")
    # 1. the database, and in the same snapshot the files its rows name
    references = (_dump_postgresql if vendor == "postgresql" else _dump_sqlite)(db, database)
    # 2. those files
    media = Path(settings.MEDIA_ROOT)
    entries = []
    for ref in references:
        source = media / ref.name
        if not _inside(ref.name):
            report.problems.append(f"bỏ qua tên tệp lạ {ref.name!r} ({ref.table}) / odd file name skipped")
            continue
        if not source.is_file():
            report.problems.append(f"thiếu tệp {ref.name} ({ref.table}) / missing file")
            continue
        size, sha = _copy(source, work / "media" / ref.name)
        if ref.recorded and ref.recorded != sha:
            report.problems.append(f"tệp {ref.name} khác mã kiểm tra đã ghi ({ref.table}) / checksum differs")
        entries.append({"name": ref.name, "size": size, "sha256": sha, "table": ref.table})
    report.files = len(entries)
    named = {ref.name for ref in references}
    if media.is_dir():
        report.unreferenced = sum(
            1 for p in media.rglob("*") if p.is_file() and p.relative_to(media).as_posix() not in named
        )
    manifest = {
        "format": FORMAT,
        "created": (now or timezone.now()).isoformat(),
        "vendor": vendor,
        "database": {"name": database.name, "size": database.stat().st_size, "sha256": _sha256(database)},
        "files": entries,
        "problems": report.problems,
        "unreferenced_files_not_copied": report.unreferenced,
    }
    (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    sums = [f"{manifest['database']['sha256']}  {database.name}"]
    sums += [f"{e['sha256']}  media/{e['name']}" for e in entries]
    (work / SUMS).write_text("\n".join(sums) + "\n", encoding="utf-8")
    work.rename(final)
    if keep is not None:
        report.removed = _prune(destination, keep)
    return report


def backups_in(destination: Path) -> list[Path]:
    """The complete backups in a folder, oldest first."""
    return sorted(
        p
        for p in destination.glob(f"{PREFIX}*")
        if p.is_dir() and not p.name.endswith(".partial") and (p / MANIFEST).exists()
    )


def _prune(destination: Path, keep: int) -> list[Path]:
    old = backups_in(destination)[: -keep or None] if keep > 0 else []
    for path in old:
        shutil.rmtree(path)
    return old


# --- checking and restoring --------------------------------------------------------------------------------


def check(folder: Path) -> dict[str, Any]:
    """The manifest, after checking every file of the backup against SHA256SUMS."""
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        lines = (folder / SUMS).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError) as e:
        raise BackupError(f"{folder} không phải bản sao lưu đầy đủ", f"not a complete backup ({e})") from e
    if manifest.get("format") != FORMAT:
        raise BackupError("Bản sao lưu theo định dạng khác", "unknown backup format")
    bad = []
    for line in lines:
        sha, _, name = line.partition("  ")
        path = folder / name
        if not path.is_file() or _sha256(path) != sha:
            bad.append(name)
    if bad:
        raise BackupError(
            f"{len(bad)} tệp hỏng hoặc thiếu trong bản sao lưu: {', '.join(bad[:5])}", "damaged backup"
        )
    return manifest


@contextmanager
def _restored_cursor(vendor: str, db: dict[str, Any]) -> Iterator[Any]:
    if vendor == "postgresql":
        with _pg_connect(db) as conn, conn.cursor() as cursor:
            yield cursor
    else:
        conn = sqlite3.connect(str(db["NAME"]))
        try:
            yield conn.cursor()
        finally:
            conn.close()


def restore(folder: Path, database_url: str, media_root: Path) -> Report:
    """Restore a backup into a new database and an empty media folder, and check every file."""
    import dj_database_url

    manifest = check(folder)
    db = dj_database_url.parse(database_url)
    vendor = _vendor(db)
    if vendor != manifest["vendor"]:
        raise BackupError(
            f"Bản sao lưu của {manifest['vendor']} không phục hồi vào {vendor} được", "database kinds differ"
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"Thư mục {media_root} không trống", "the media folder must be empty")
    database = folder / manifest["database"]["name"]
    if vendor == "postgresql":
        _create_postgresql(db, database)
    else:
        target = Path(str(db["NAME"]))
        if target.exists():
            raise BackupError(f"Đã có tệp {target}: phục hồi vào cơ sở dữ liệu mới", "the database exists")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(database, target)
    report = Report(media_root)
    for entry in manifest["files"]:
        if not _inside(entry["name"]):
            report.problems.append(f"bỏ qua tên tệp lạ {entry['name']!r} / odd file name skipped")
            continue
        _, sha = _copy(folder / "media" / entry["name"], media_root / entry["name"])
        if sha != entry["sha256"]:
            report.problems.append(f"tệp {entry['name']} chép sai / copied wrong")
    with _restored_cursor(vendor, db) as cursor:
        references = _references(cursor)
    for ref in references:
        path = media_root / ref.name
        if not path.is_file():
            report.problems.append(f"thiếu tệp {ref.name} ({ref.table}) / missing file")
        elif ref.recorded and _sha256(path) != ref.recorded:
            report.problems.append(f"tệp {ref.name} khác mã kiểm tra đã ghi / checksum differs")
    report.files = len(references)
    return report


def _create_postgresql(db: dict[str, Any], dump: Path) -> None:
    from psycopg import sql

    with _pg_connect(db, "postgres") as conn:
        conn.autocommit = True
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
        if exists:
            raise BackupError(
                f"Đã có cơ sở dữ liệu {db['NAME']}: phục hồi vào cơ sở dữ liệu mới", "the database exists"
            )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
    done = subprocess.run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={db['NAME']}",
            str(dump),
        ],
        env=_pg_env(db),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError("pg_restore không chạy được: " + done.stderr.strip(), "pg_restore failed")
