"""The annual national report as Excel, against openpyxl's raw write-only throughput.

    .venv/bin/python bench/report_excel.py [--quick] [--keep] [--size N]

On PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/ocop_bench_reports; dropped and
created here): every 2025 unit, 20 000 products (2 000 with --quick) of 8 000 producers in 34 provinces,
with five years of history (2021–2026): a first certificate, re-ratings every 36 months (80 %), lapses,
revocations (4 %), and a dossier, session item and council result behind every certificate. Then, for
the national annual report of 2025:

- report: `build_figures` + `excel_report` (what the download does), best of 3;
- baseline: openpyxl write-only, the same sheets with the same number of rows and cells, plain values
  (no styles), best of 3.

Prints both, the ratio (goal ≤ 2×), and the PDF time for information. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import analyze, copy_models, database_url, drop_database, recreate_database, setup_django

KINDS = ["cooperative", "enterprise", "household", "cooperative_group", "farm"]
YEAR = 2025


def load(products: int, seed: int = 7) -> dict[str, int]:
    from django.utils import timezone

    from ocop.accounts.models import Role, User
    from ocop.areas.models import Commune, Province
    from ocop.areas.units import load_units
    from ocop.certificates.models import Certificate, Decision
    from ocop.core.calendar_dates import add_months
    from ocop.councils.models import Council, Result, Session, SessionItem
    from ocop.dossiers.models import Dossier
    from ocop.lifecycle.models import Revocation
    from ocop.producers.models import Producer, Product

    rng = random.Random(seed)
    load_units()
    provinces = list(Province.objects.all())
    communes = list(Commune.objects.values_list("pk", "province_id"))
    user = User.objects.create(username="bench", role=Role.PROVINCE_STAFF, province=provinces[0])
    councils = {
        p.pk: Council.objects.create(name=f"Hội đồng {p.name}", province=p, term_start=date(2021, 1, 1))
        for p in provinces
    }
    sessions: dict[tuple[int, int, int], int] = {}

    def session_for(province_id: int, day: date) -> int:
        key = (province_id, day.year, day.month)
        if key not in sessions:
            sessions[key] = Session.objects.create(
                council=councils[province_id], meets_on=day.replace(day=1), created_by=user
            ).pk
        return sessions[key]

    n_producers = max(200, products * 2 // 5)
    producer_communes = [rng.choice(communes) for _ in range(n_producers)]
    copy_models(
        Producer,
        (
            {
                "id": i + 1,
                "name": f"Chủ thể số {i + 1}",
                "kind": rng.choice(KINDS),
                "representative": "Nguyễn Văn A",
                "address": "Thôn 1",
                "commune_id": producer_communes[i][0],
            }
            for i in range(n_producers)
        ),
    )
    product_owner = [rng.randrange(n_producers) for _ in range(products)]
    copy_models(
        Product,
        (
            {
                "id": i + 1,
                "producer_id": product_owner[i] + 1,
                "name": f"Sản phẩm số {i + 1}",
                "rulebook_id": "148-2023",
                "scorecard_number": rng.randint(1, 26),
            }
            for i in range(products)
        ),
    )
    decisions: dict[tuple[int, date], int] = {}
    dossiers, items, results, certs, revocations, decision_rows = [], [], [], [], [], []
    now = timezone.now()
    end = date(2026, 11, 1)
    for i in range(products):
        commune_id, province_id = producer_communes[product_owner[i]]
        day = date(2021, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        kind = "first"
        while day < end:
            star = rng.choices([3, 4, 5], weights=[60, 35, 5])[0]
            total = {3: rng.uniform(50, 69.9), 4: rng.uniform(70, 89.9), 5: rng.uniform(90, 99)}[star]
            key = (province_id, day)
            if key not in decisions:
                decisions[key] = len(decisions) + 1
                decision_rows.append(
                    {
                        "id": decisions[key],
                        "number": f"{decisions[key]}/QĐ-UBND",
                        "signed_on": day,
                        "signer_id": user.pk,
                        "signer_title": "Chủ tịch",
                        "issuer": "ỦY BAN NHÂN DÂN TỈNH",
                        "province_id": province_id,
                        "rulebook_id": "148-2023",
                    }
                )
            dossier_id = len(dossiers) + 1
            dossiers.append(
                {
                    "id": dossier_id,
                    "product_id": i + 1,
                    "kind": kind,
                    "rulebook_id": "148-2023",
                    "state": "recognised",
                    "commune_id": commune_id,
                    "created_by_id": user.pk,
                }
            )
            items.append(
                {"id": dossier_id, "session_id": session_for(province_id, day), "dossier_id": dossier_id}
                | {"sent_on": day - timedelta(days=20)}
            )
            evaluated = datetime.combine(day - timedelta(days=10), datetime.min.time(), tzinfo=now.tzinfo)
            results.append(
                {
                    "item_id": dossier_id,
                    "rulebook_id": "148-2023",
                    "scorecard_number": 1,
                    "status": "rated",
                    "total": round(total, 2),
                    "band_star": star,
                    "star": star,
                    "recognised_at": "province",
                    "computed_at": evaluated,
                    "computed_by_id": user.pk,
                }
            )
            until = add_months(day, 36)
            cert_id = len(certs) + 1
            renewed = rng.random() < 0.8 and until - timedelta(days=60) < end
            revoked = rng.random() < 0.04
            status = "replaced" if renewed else ("revoked" if revoked else "valid")
            certs.append(
                {
                    "id": cert_id,
                    "number": f"{cert_id:06d}/OCOP",
                    "code": f"B{cert_id:011d}",
                    "decision_id": decisions[key],
                    "dossier_id": dossier_id,
                    "product_id": i + 1,
                    "star": star,
                    "total": round(total, 2),
                    "rulebook_id": "148-2023",
                    "scorecard_number": rng.randint(1, 26),
                    "product_name": f"Sản phẩm số {i + 1}",
                    "producer_name": f"Chủ thể số {product_owner[i] + 1}",
                    "producer_address": "Thôn 1",
                    "valid_from": day,
                    "valid_until": until,
                    "status": status,
                }
            )
            if status == "revoked":
                revocations.append(
                    {
                        "certificate_id": cert_id,
                        "status": "decided",
                        "rulebook_id": "148-2023",
                        "ground": "b",
                        "ground_text": "Không còn đáp ứng bộ tiêu chí",
                        "proposal_note": "Kết luận kiểm tra",
                        "proposed_by_id": user.pk,
                        "decided_by_id": user.pk,
                        "decision_number": f"R{cert_id}/QĐ-UBND",
                        "decision_date": day + timedelta(days=rng.randrange(30, 1000)),
                    }
                )
            if not renewed:
                break
            day, kind = until - timedelta(days=rng.randrange(0, 60)), "rerating"
    copy_models(Decision, decision_rows)
    copy_models(Dossier, dossiers)
    copy_models(SessionItem, items)
    copy_models(Result, results)
    copy_models(Certificate, certs)
    copy_models(Revocation, revocations)
    analyze()
    return {"certificates": len(certs), "dossiers": len(dossiers), "revocations": len(revocations)}


def best_of(runs: int, fn: Any) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - started)
    return best, out


def raw_openpyxl(shape: list[tuple[int, int]]) -> bytes:
    """The baseline: write-only workbook, the same sheets × rows × columns, plain values."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sample = ["Sản phẩm số 1", 4, date(2025, 3, 1), "Chủ thể số 1", 75.5]
    for n, (rows, cols) in enumerate(shape):
        ws = wb.create_sheet(f"Sheet {n}")
        row = [sample[c % len(sample)] for c in range(cols)]
        for _ in range(rows):
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--size", type=int)
    args = parser.parse_args()
    size = args.size or (2000 if args.quick else 20000)
    url = database_url("ocop_bench_reports")
    recreate_database(url)
    setup_django(url)

    from openpyxl import load_workbook

    from ocop.reports.excel import excel_report
    from ocop.reports.figures import Scope, build_figures
    from ocop.reports.pdf import pdf_report
    from ocop.reports.periods import ReportKind, period_for

    started = time.perf_counter()
    loaded = load(size)
    print(f"loaded {size} products, {loaded} in {time.perf_counter() - started:.1f} s", flush=True)

    period = period_for(ReportKind.ANNUAL, YEAR)
    made_on = date(YEAR, 12, 31)

    def report() -> bytes:
        figures = build_figures(Scope(None, "Toàn quốc"), period.period_start, period.period_end, made_on)
        return excel_report(figures)

    t_report, data = best_of(3, report)
    t_figures, figures = best_of(
        3, lambda: build_figures(Scope(None, "Toàn quốc"), period.period_start, period.period_end, made_on)
    )
    wb = load_workbook(io.BytesIO(data), read_only=True)
    shape = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        shape.append((len(rows), max((len(r) for r in rows), default=0)))
    cells = sum(r * c for r, c in shape)
    t_raw, raw = best_of(3, lambda: raw_openpyxl(shape))
    t_pdf, pdf = best_of(1, lambda: pdf_report(figures, f"Báo cáo năm {YEAR}"))

    print(
        f"lists: issued {len(figures.certified_list)}, re-rated {len(figures.rerated_list)}, "
        f"expired {len(figures.expired_list)}, revoked {len(figures.revoked_list)}; "
        f"evaluated {figures.evaluated.total}; in force {figures.in_force.total}"
    )
    print(
        f"sheets (rows × cols): {shape}; {cells} cells; xlsx {len(data) / 1e6:.1f} MB (raw {len(raw) / 1e6:.1f} MB)"
    )
    print(f"figures (queries + lists):      {t_figures:7.2f} s")
    print(f"report (figures + Excel):       {t_report:7.2f} s")
    print(f"baseline (openpyxl write-only): {t_raw:7.2f} s  ({cells / t_raw:,.0f} cells/s)")
    print(f"ratio report / baseline:        {t_report / t_raw:7.2f}×  (goal ≤ 2×)")
    print(f"ratio Excel only / baseline:    {(t_report - t_figures) / t_raw:7.2f}×")
    print(f"PDF (same figures, lists capped at 1 000 lines): {t_pdf:.2f} s, {len(pdf) / 1e6:.1f} MB")
    if not args.keep:
        from django.db import connections

        connections.close_all()
        drop_database(url)


if __name__ == "__main__":
    main()
