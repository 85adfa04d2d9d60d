"""Latency of the public catalogue search on 100 000 certified products (PostgreSQL, full-text GIN).

    .venv/bin/python bench/catalogue_search.py [--quick] [--keep]

DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ocop_bench_search) is dropped and created by
this script. It loads real communes of 10 provinces, 10 000 producers and 100 000 products with
certificates (5 000 with --quick), rebuilds the catalogue's own table (`rebuild_catalogue`), then runs
realistic accent-free queries through the service the catalogue page uses
(`ocop.catalogue.services.search_page`: first page + count capped at 1 000), and all 25 text queries
through the real view (Django test client, filter choices and template included). Prints p50/p95/max
in ms and each p95 against the goal (p95 ≤ 30 ms), with the load average seen during the run.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    Timer,
    analyze,
    copy_models,
    database_url,
    drop_database,
    percentile,
    recreate_database,
    setup_django,
    summary_ms,
)

PROVINCES = [20, 4, 1, 79, 22, 19, 38, 46, 48, 92]  # Lạng Sơn, Cao Bằng, Hà Nội, TP HCM, Quảng Ninh, …
KINDS = [
    ("Chả cá", 8),
    ("Mật ong rừng", 4),
    ("Rượu ngô", 14),
    ("Rượu men lá", 14),
    ("Chè xanh", 11),
    ("Trà hoa vàng", 12),
    ("Gạo nếp cái hoa vàng", 3),
    ("Miến dong", 6),
    ("Nước mắm", 9),
    ("Tinh dầu quế", 20),
    ("Tinh dầu hồi", 20),
    ("Bánh chưng", 6),
    ("Mứt gừng", 7),
    ("Na", 1),
    ("Vải thiều", 1),
    ("Cà phê bột", 13),
    ("Hoa hồi khô", 10),
    ("Măng khô", 7),
    ("Nấm hương", 7),
    ("Khâu nhục", 8),
    ("Thổ cẩm", 22),
    ("Mây tre đan", 21),
    ("Lạp sườn", 8),
    ("Xúc xích", 8),
    ("Tương ớt", 9),
    ("Dầu lạc", 10),
    ("Trứng vịt muối", 8),
    ("Cam sành", 1),
    ("Bưởi da xanh", 1),
    ("Homestay", 26),
]
QUERIES = [
    "cha ca",
    "mat ong",
    "ruou",
    "ruou men la",
    "che xanh",
    "tra hoa vang",
    "gao nep",
    "mien dong",
    "nuoc mam",
    "tinh dau que",
    "banh chung",
    "ca phe",
    "hoi",
    "mang kho",
    "nam huong",
    "tho cam",
    "may tre",
    "cam sanh",
    "buoi",
    "homestay",
    "cha ca lang son",
    "mat ong cao bang",
    "ruou ha noi",
    "hop tac xa",
    "xyz khong co",
]


def load(n: int) -> None:
    from ocop.accounts.models import Role, User
    from ocop.areas.models import Commune, Province
    from ocop.areas.units import load_units
    from ocop.certificates.models import Certificate, Decision
    from ocop.producers.models import Producer, Product

    load_units(PROVINCES)
    communes = list(Commune.objects.select_related("province"))
    province = Province.objects.get(code=20)
    signer = User.objects.create(username="bench", role=Role.PROVINCE_LEADER, province=province)
    decision = Decision.objects.create(
        number="1/QĐ-UBND",
        signed_on=date(2026, 8, 5),
        signer=signer,
        signer_title="Chủ tịch",
        issuer="ỦY BAN NHÂN DÂN TỈNH",
        province=province,
        rulebook_id="26-2026",
    )
    rng = random.Random(20261123)
    n_producers = max(100, n // 10)
    producer_commune = [rng.choice(communes) for _ in range(n_producers)]
    producer_names = [f"Hợp tác xã {rng.choice(KINDS)[0]} {c.name}" for c in producer_commune]
    copy_models(
        Producer,
        (
            {"id": i + 1, "name": producer_names[i], "kind": "cooperative", "representative": "Nguyễn Văn A"}
            | {"address": producer_commune[i].name, "commune_id": producer_commune[i].pk}
            for i in range(n_producers)
        ),
    )
    products: list[tuple[int, str, int, int]] = []  # id, name, scorecard, producer index
    for i in range(n):
        kind, card = rng.choice(KINDS)
        p = rng.randrange(n_producers)
        place = producer_commune[p].name.removeprefix("Xã ").removeprefix("Phường ")
        products.append((i + 1, f"{kind} {place} {i}", card, p))
    copy_models(
        Product,
        (
            {
                "id": pid,
                "producer_id": p + 1,
                "name": name,
                "rulebook_id": "26-2026",
                "scorecard_number": card,
            }
            for pid, name, card, p in products
        ),
    )
    today = date.today()
    statuses = ["valid"] * 8 + ["expired", "revoked"]
    copy_models(
        Certificate,
        (
            {
                "id": pid,
                "number": f"{pid:07d}/2026/OCOP-S",
                "code": f"S{pid:011d}",
                "decision_id": decision.pk,
                "product_id": pid,
                "star": rng.choice([3, 3, 3, 4, 4, 5]),
                "rulebook_id": "26-2026",
                "scorecard_number": card,
                "product_name": name,
                "producer_name": producer_names[p],
                "producer_address": producer_commune[p].name,
                "valid_from": today - timedelta(days=400),
                "valid_until": today + timedelta(days=rng.randrange(-200, 700)),
                "status": statuses[pid % len(statuses)],
            }
            for pid, name, card, p in products
        ),
    )
    analyze()
    from ocop.catalogue.entries import rebuild_catalogue

    with Timer() as t:
        listed = rebuild_catalogue()
    analyze()
    print(f"catalogue table rebuilt ({listed:,} products listed) in {t.seconds:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="5 000 products, fewer repetitions")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--size", type=int, help="number of products (overrides --quick)")
    args = parser.parse_args()
    n = args.size or (5_000 if args.quick else 100_000)
    repeats = 3 if args.quick else 15
    url = database_url("ocop_bench_search")
    loads = [os.getloadavg()[0]]  # other work on the machine, before this script adds its own
    recreate_database(url)
    try:
        setup_django(url)
        with Timer() as t:
            load(n)
        print(f"loaded {n:,} products with certificates in {t.seconds:.1f} s", flush=True)
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from ocop.catalogue.services import CatalogueQuery, page_statement, search_page

        loads.append(os.getloadavg()[0])

        def run(query: CatalogueQuery) -> tuple[float, int]:
            started = time.perf_counter()
            page = search_page(query, 1)
            return time.perf_counter() - started, page.count + page.more

        cases = [CatalogueQuery(q=q) for q in QUERIES]
        cases += [CatalogueQuery(q="mat ong", province=4), CatalogueQuery(q="ruou", star=5)]
        cases += [CatalogueQuery(province=20, star=4), CatalogueQuery(group="II"), CatalogueQuery()]
        for case in cases:  # warm-up
            run(case)
        timings: list[float] = []
        per_case: list[tuple[str, float, int]] = []
        for case in cases:
            mine = []
            for _ in range(repeats):
                seconds, count = run(case)
                mine.append(seconds)
            timings += mine
            label = case.q or f"(tinh={case.province} sao={case.star} nhom={case.group})"
            if case.q and (case.province or case.star):
                label += f" (tinh={case.province} sao={case.star})"
            per_case.append((label, percentile(mine, 50) * 1000, count))
        loads.append(os.getloadavg()[0])
        print("service search_page (first page of 20 + count capped at 1 000), per query p50:")
        for label, p50, count in sorted(per_case, key=lambda r: -r[1]):
            shown = "> 1000" if count > 1000 else f"{count:6d}"
            print(f"  {label:42s} {p50:7.2f} ms  {shown} results")
        print(f"service, all {len(cases)} cases × {repeats}: {summary_ms(timings)}")

        client = Client()
        client.get("/san-pham-ocop/", {"q": QUERIES[0]})  # warm-up: templates, URL resolver
        view = []
        for q in QUERIES:  # all 25 text queries
            for _ in range(max(1, repeats // 3)):
                started = time.perf_counter()
                response = client.get("/san-pham-ocop/", {"q": q})
                view.append(time.perf_counter() - started)
                assert response.status_code == 200
        loads.append(os.getloadavg()[0])
        print(f"real view /san-pham-ocop/?q=… (filter choices, template included): {summary_ms(view)}")
        for name, values in (("service search_page", timings), ("whole page", view)):
            p95 = percentile(values, 95) * 1000
            verdict = "meets" if p95 <= 30 else "misses"
            print(f"{name}: p95 {p95:.2f} ms vs goal 30 ms: ratio {p95 / 30:.2f} ({verdict} the goal)")
        print(
            f"load average (1 min) at the start / after loading / after the service / after the page: {' / '.join(f'{v:.2f}' for v in loads)}"
        )

        sql, params = page_statement(CatalogueQuery(q="xyz khong co"), 1, timezone.localdate())
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(r[0] for r in cursor.fetchall())
        print("a selective query uses the full-text index:", "catalogue_entry_search_fts" in plan)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(url)


if __name__ == "__main__":
    main()
