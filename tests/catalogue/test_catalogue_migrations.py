"""The catalogue's migrations run forwards and backwards on the test database (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _profile_columns() -> set[str]:
    with connection.cursor() as cursor:
        return {
            c.name for c in connection.introspection.get_table_description(cursor, "catalogue_productprofile")
        }


@pytest.mark.django_db(transaction=True)
def test_migrations_back_and_forth() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("catalogue", "0003_catalogue_entry")])
    assert "search_text" in _profile_columns()  # the first design's column, until 0004
    executor.loader.build_graph()
    executor.migrate([("catalogue", "0001_initial")])
    assert "catalogue_catalogueentry" not in connection.introspection.table_names()
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # forwards again, to the latest
    tables = connection.introspection.table_names()
    assert "catalogue_productprofile" in tables and "catalogue_salespoint" in tables
    assert "catalogue_catalogueentry" in tables
    assert "search_text" not in _profile_columns()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The sales points page still searches its column; the profiles' index went with theirs.
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'catalogue_%%_trgm'")
            assert {r[0] for r in cursor.fetchall()} == {"catalogue_salespoint_search_trgm"}
            cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'catalogue_entry_search_fts'")
            assert cursor.fetchone() == (["fastupdate=off"],)
