"""The catalogue's own table (one row per listed product, issue 4), filled from the certificates, and on
PostgreSQL its words for full-text search (on SQLite that step does nothing: the search uses LIKE).

On PostgreSQL the table gets a column Django's model does not declare: `search_vector`, generated and
stored by PostgreSQL itself from `search_text` with the 'simple' configuration, and a GIN index on it.
The search text is already normalised (lower case, no diacritics, words of [0-9a-z] separated by one
space), so 'simple' gives exactly its words. A GIN index of words stays fast whether a query matches 5
rows, 60 000 or none, where trigrams of short Vietnamese syllables ("ca", "cha") did not; being stored,
the vector is not recomputed when a phrase query rechecks word positions. Later changes are kept by
the signals (signals.py); inserts and updates need not mention the column.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


SEARCH_INDEX = "catalogue_entry_search_fts"


def create_search_vector(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE catalogue_catalogueentry ADD COLUMN search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX {SEARCH_INDEX} ON catalogue_catalogueentry USING gin (search_vector)"
    )


def drop_search_vector(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
    schema_editor.execute("ALTER TABLE catalogue_catalogueentry DROP COLUMN IF EXISTS search_vector")


def fill(apps: Any, schema_editor: Any) -> None:
    """List what is certified today, with the historical models (as entries.rebuild_catalogue does)."""
    from django.utils import timezone

    from ocop.catalogue.search import search_column
    from ocop.catalogue.entries import _group_codes

    Certificate = apps.get_model("certificates", "Certificate")
    CatalogueEntry = apps.get_model("catalogue", "CatalogueEntry")
    groups = _group_codes()
    rows = (
        Certificate.objects.filter(status="valid", valid_until__gte=timezone.localdate())
        .order_by("product_id", "-star", "-valid_from", "-pk")
        .values_list(
            "pk",
            "product_id",
            "code",
            "valid_until",
            "star",
            "rulebook_id",
            "scorecard_number",
            "product__name",
            "product__producer__name",
            "product__producer__commune__name",
            "product__producer__commune__province__code",
            "product__producer__commune__province__name",
        )
    )
    entries = {}
    for pk, product_id, code, until, star, rid, number, name, producer, commune, pcode, pname in rows:
        if product_id in entries:
            continue
        entries[product_id] = CatalogueEntry(
            product_id=product_id,
            certificate_id=pk,
            certificate_code=code,
            valid_until=until,
            star=star,
            rulebook_id=rid,
            scorecard_number=number,
            group_code=groups.get((rid, number), ""),
            name=name,
            producer_name=producer,
            commune_name=commune,
            province_code=pcode,
            province_name=pname,
            search_text=search_column(name, producer, commune, pname),
        )
    CatalogueEntry.objects.bulk_create(list(entries.values()), batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_trigram_indexes"),
        ("certificates", "0002_initial"),
        ("producers", "0002_representative_details"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("certificate_code", models.CharField(max_length=16)),
                ("valid_until", models.DateField()),
                ("star", models.PositiveSmallIntegerField()),
                ("rulebook_id", models.CharField(max_length=20)),
                ("scorecard_number", models.PositiveSmallIntegerField()),
                ("group_code", models.CharField(blank=True, max_length=8)),
                ("name", models.CharField(max_length=255)),
                ("producer_name", models.CharField(max_length=255)),
                ("commune_name", models.CharField(max_length=255)),
                ("province_code", models.PositiveIntegerField()),
                ("province_name", models.CharField(max_length=255)),
                ("search_text", models.TextField()),
                (
                    "certificate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="certificates.certificate",
                    ),
                ),
                (
                    "product",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="catalogue_entry",
                        to="producers.product",
                    ),
                ),
            ],
            options={
                "verbose_name": "sản phẩm trong danh mục",
                "verbose_name_plural": "sản phẩm trong danh mục",
                "indexes": [
                    models.Index(fields=["-star", "name", "id"], name="catalogue_entry_order"),
                    models.Index(
                        fields=["province_code", "-star", "name", "id"], name="catalogue_entry_province"
                    ),
                    models.Index(fields=["group_code", "-star", "name", "id"], name="catalogue_entry_group"),
                    models.Index(fields=["rulebook_id"], name="catalogue_entry_rulebook"),
                ],
            },
        ),
        migrations.RunPython(create_search_vector, drop_search_vector),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
