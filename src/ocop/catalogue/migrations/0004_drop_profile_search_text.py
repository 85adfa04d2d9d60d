"""The first design's leftovers go, and the catalogue's word index stops deferring its inserts.

- `ProductProfile.search_text` and its trigram index (0002): the catalogue searches its own table
  (CatalogueEntry, 0003) and nothing reads them. The sales points' search column and its trigram index
  stay: the sales points page searches it.
- PostgreSQL: the GIN index of `catalogue_catalogueentry.search_vector` gets `fastupdate = off`. With
  the default (on), new entries wait in a pending list that every search reads through entry by entry
  until a vacuum merges it (at 100 000 products the index lookup of "cha ca" took 4.1 ms with 3 647
  entries pending, 1.0 ms without). The table changes a few rows at a time (signals), so writing each
  entry into the index at once costs little. The list already pending is merged here.

On SQLite only the column goes.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

PROFILE_INDEX = "catalogue_profile_search_trgm"
SEARCH_INDEX = "catalogue_entry_search_fts"


def drop_profile_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PROFILE_INDEX}")


def create_profile_index(apps: Any, schema_editor: Any) -> None:
    """As 0002 made it (the column is back by then: operations are undone in reverse order)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PROFILE_INDEX} ON catalogue_productprofile "
            "USING gin ((UPPER(search_text::text)) gin_trgm_ops)"
        )


def index_writes_at_once(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {SEARCH_INDEX} SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{SEARCH_INDEX}'::regclass)")


def index_writes_deferred(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {SEARCH_INDEX} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_catalogue_entry")]

    operations = [
        migrations.RunPython(drop_profile_index, create_profile_index),
        migrations.RemoveField(model_name="productprofile", name="search_text"),
        migrations.RunPython(index_writes_at_once, index_writes_deferred),
    ]
