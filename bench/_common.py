"""Shared helpers for the benchmarks: a throw-away PostgreSQL database, Django set-up, fast COPY loads.

Not a benchmark itself (the leading underscore keeps `bench/run.py` from running it).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def database_url(default_name: str) -> str:
    return os.environ.get("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{default_name}")


def _admin_dsn(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database (it must be a throw-away one: its name says bench)."""
    import psycopg

    admin, name = _admin_dsn(url)
    if "bench" not in name:
        sys.exit(f"refusing to drop database {name!r}: a benchmark database name must contain 'bench'")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    admin, name = _admin_dsn(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str, settings_module: str = "ocop.web.settings") -> None:
    """Point Django at the benchmark database, set it up and migrate."""
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    # This process loads data and calls services; it serves no one: the settings' explicit test switch
    # (a throw-away key, plain HTTP). Servers that a benchmark starts run the production settings.
    os.environ.setdefault("OCOP_MODE", "test")
    os.environ.setdefault("OCOP_DATA_DIR", str(ROOT / "var" / "bench"))
    Path(os.environ["OCOP_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows into a table through Django's (psycopg 3) connection. Returns the row count."""
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def copy_models(model: Any, rows: Iterable[dict[str, Any]]) -> int:
    """COPY model rows given as {field attname: value}; every other column gets the field's default.

    Robust to columns other apps add later (with a default or null), unlike a fixed column list.
    """
    import json

    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields]
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    if "id" not in first:
        fields = [f for f in fields if not f.primary_key]

    def fill(row: dict[str, Any]) -> list[Any]:
        out = []
        for f in fields:
            if f.attname in row:
                value = row[f.attname]
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            else:
                value = f.get_default()
            value = f.get_db_prep_save(value, connection)
            if isinstance(value, dict | list):
                value = json.dumps(value)
            elif hasattr(value, "dumps") and hasattr(value, "obj"):  # psycopg Json wrapper
                value = json.dumps(value.obj)
            out.append(value)
        return out

    def all_rows() -> Iterable[list[Any]]:
        yield fill(first)
        for row in iterator:
            yield fill(row)

    written = copy_rows(model._meta.db_table, [f.column for f in fields], all_rows())
    if "id" in first:
        reset_sequence(model._meta.db_table)
    return written


def reset_sequence(table: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"
        )


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def percentile(values: Sequence[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary_ms(values: Sequence[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"n={len(ms)} p50={percentile(ms, 50):.2f} ms p95={percentile(ms, 95):.2f} ms "
        f"max={max(ms):.2f} ms mean={statistics.fmean(ms):.2f} ms"
    )


class Timer:
    def __enter__(self) -> Timer:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.started
