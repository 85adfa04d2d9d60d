"""Trigram (pg_trgm) GIN indexes on the search columns, PostgreSQL only.

Django's `icontains` on PostgreSQL compiles to `UPPER(col::text) LIKE UPPER(%s)`, so the indexes are on
that expression. On SQLite (and any other backend) this migration does nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

INDEXES = [
    ("catalogue_profile_search_trgm", "catalogue_productprofile"),
    ("catalogue_salespoint_search_trgm", "catalogue_salespoint"),
]


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER(search_text::text)) gin_trgm_ops)"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
