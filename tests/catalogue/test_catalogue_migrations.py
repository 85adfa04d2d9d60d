"""The catalogue's migrations run forwards and backwards on the test database (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_migrations_back_and_forth() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("catalogue", "0001_initial")])
    assert "catalogue_catalogueentry" not in connection.introspection.table_names()
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # forwards again, to the latest
    tables = connection.introspection.table_names()
    assert "catalogue_productprofile" in tables and "catalogue_salespoint" in tables
    assert "catalogue_catalogueentry" in tables
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'catalogue_%%_trgm'")
            assert {r[0] for r in cursor.fetchall()} == {
                "catalogue_profile_search_trgm",
                "catalogue_salespoint_search_trgm",
            }
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'catalogue_entry_search_fts'")
            assert cursor.fetchone() is not None
