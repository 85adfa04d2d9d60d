"""Throughput of the public verification page (/xac-thuc/<code>/) against a bare Django view, with one
and with two server processes, and its latency while clients guess passwords.

    .venv/bin/python bench/verify_throughput.py [--quick] [--keep] [--workers 1,2]

On PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/ocop_bench; the database is
dropped and created by this script): loads 1 000 000 certificates with COPY (50 000 with --quick), starts
the real server (`ocop serve`: gunicorn, OCOP_WORKERS processes, production settings) with a bench-only
URLconf that adds a bare view (bench/_bench_urls.py), and measures requests per second for random
existing codes and for the bare view, with concurrent keep-alive clients, in the same run. Prints both
and the ratio (goal ≥ 0.8), for each worker count. Then, on the last server, the verification page's
latency alone and while 16 clients guess passwords (issue 11): from one address (the sign-in throttle
locks it) and from a new address and a new name each time (only the bound on concurrent password
checks protects the other pages). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    ROOT,
    Timer,
    analyze,
    copy_models,
    database_url,
    drop_database,
    percentile,
    recreate_database,
    setup_django,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SHELF = 5_000  # codes scanned again and again during the run


def load(n: int) -> list[str]:
    """Certificates for `n` products of 1 000 producers; returns a sample of their codes."""
    from ocop.accounts.models import Role, User
    from ocop.areas.models import Commune, Province
    from ocop.certificates.models import Certificate, Decision
    from ocop.producers.models import Producer, Product

    province = Province.objects.create(code=20, name="Lạng Sơn")
    commune = Commune.objects.create(code=6463, name="Xã Chi Lăng", province=province)
    signer = User.objects.create(username="bench", role=Role.PROVINCE_LEADER, province=province)
    decision = Decision.objects.create(
        number="1/QĐ-UBND",
        signed_on=date(2026, 8, 5),
        signer=signer,
        signer_title="Chủ tịch",
        issuer="ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
        province=province,
        rulebook_id="26-2026",
    )
    producers = 1000
    copy_models(
        Producer,
        (
            {"id": i, "name": f"Hợp tác xã Thử {i}", "kind": "cooperative", "representative": "Nguyễn Văn A"}
            | {"address": "Chi Lăng", "commune_id": commune.pk}
            for i in range(1, producers + 1)
        ),
    )
    products = max(1000, n // 10)
    copy_models(
        Product,
        (
            {
                "id": i,
                "producer_id": (i % producers) + 1,
                "name": f"Sản phẩm thử {i}",
                "rulebook_id": "26-2026",
            }
            | {"scorecard_number": (i % 26) + 1}
            for i in range(1, products + 1)
        ),
    )
    rng = random.Random(20261123)
    codes: set[str] = set()
    while len(codes) < n:
        codes.add("".join(secrets.choice(CODE_ALPHABET) for _ in range(12)))
    code_list = list(codes)
    today = date.today()
    statuses = ["valid"] * 8 + ["expired", "revoked"]

    def rows():  # type: ignore[no-untyped-def]
        for i, code in enumerate(code_list, start=1):
            start = today - timedelta(days=rng.randrange(0, 1500))
            product = (i % products) + 1
            yield {
                "id": i,
                "number": f"{i:07d}/2026/OCOP-B",
                "code": code,
                "decision_id": decision.pk,
                "product_id": product,
                "star": 3 + i % 3,
                "rulebook_id": "26-2026",
                "scorecard_number": (product % 26) + 1,
                "product_name": f"Sản phẩm thử {product}",
                "producer_name": f"Hợp tác xã Thử {(product % producers) + 1}",
                "producer_address": "Chi Lăng, Lạng Sơn",
                "valid_from": start,
                "valid_until": start + timedelta(days=1095),
                "status": statuses[i % len(statuses)],
            }

    with Timer() as t:
        copy_models(Certificate, rows())
        analyze()
    print(f"loaded {n:,} certificates in {t.seconds:.1f} s (COPY + ANALYZE)", flush=True)
    rng.shuffle(code_list)
    return code_list


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    url: str, port: int, data_dir: str, workers: int, extra: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOP_")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="_bench_settings",
        PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parent), env.get("PYTHONPATH", "")]),
        OCOP_SECRET_KEY="bench-only-" + secrets.token_urlsafe(50),
        # Production settings, plain HTTP on loopback, as behind the TLS proxy of docs/deploy.md
        # (which adds X-Forwarded-For: the flood's clients send their own, as if through it).
        OCOP_HTTPS="0",
        OCOP_PUBLIC_URL=f"http://127.0.0.1:{port}",
        OCOP_TRUSTED_PROXIES="1",
        OCOP_DATA_DIR=data_dir,
        OCOP_WORKERS=str(workers),
        **(extra or {}),
    )
    ocop = Path(sys.executable).parent / "ocop"
    proc = subprocess.Popen(
        [str(ocop), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        # A file, not a pipe: nobody reads the server's log while it runs, and a full pipe would stop it
        # (every failed sign-in of the flood is logged).
        stderr=open(Path(data_dir) / "server.log", "wb"),  # noqa: SIM115  (closed with the process)
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server exited: {(Path(data_dir) / 'server.log').read_text()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/__bench__/bare/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("server did not start within 60 s")


def _client_process(
    port: int,
    paths: list[str],
    threads: int,
    seconds: float,
    out: mp.Queue,  # type: ignore[type-arg]
    in_turn: bool,
) -> None:
    stop = time.perf_counter() + seconds
    results: list[tuple[int, int, list[float]]] = []
    lock = threading.Lock()

    def worker(seed: int, mine: list[str]) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ok = bad = 0
        lat: list[float] = []
        turn = 0
        while time.perf_counter() < stop:
            if in_turn:  # each path once, in turn (the paths are split between the threads)
                if turn >= len(mine):
                    break
                path, turn = mine[turn], turn + 1
            else:
                path = mine[rng.randrange(len(mine))]
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            lat.append(time.perf_counter() - t0)
            if status == 200:
                ok += 1
            else:
                bad += 1
        with lock:
            results.append((ok, bad, lat))

    workers = [
        threading.Thread(target=worker, args=(os.getpid() * 100 + i, paths[i::threads] if in_turn else paths))
        for i in range(threads)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    out.put(results)


def measure(
    port: int, paths: list[str], seconds: float, procs: int, threads: int, in_turn: bool = False
) -> tuple[float, int, list[float]]:
    """Requests per second (status 200) over `seconds`, with procs × threads keep-alive connections,
    each asking for paths at random, or (`in_turn`) each path at most once while there are enough."""
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    workers = [
        ctx.Process(
            target=_client_process,
            args=(port, paths[i::procs] if in_turn else paths, threads, seconds, queue, in_turn),
        )
        for i in range(procs)
    ]
    for w in workers:
        w.start()
    ok = bad = 0
    latencies: list[float] = []
    for _ in workers:
        for o, b, lat in queue.get():
            ok, bad, latencies = ok + o, bad + b, latencies + lat
    for w in workers:
        w.join()
    return ok / seconds, bad, latencies


GUESSERS = (2, 8)  # processes × threads guessing passwords: 16 clients, as in issue 11
ACCOUNTS = ("lanhdao", "admin", "tinh")


def load_accounts() -> None:
    """The accounts the flood guesses at, with real (PBKDF2) password hashes: each check costs what it
    costs in production."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from ocop.accounts.models import Role, User
    from ocop.areas.models import Province

    province = Province.objects.get(code=20)
    for username in ACCOUNTS:
        password = PBKDF2PasswordHasher().encode(secrets.token_urlsafe(16), secrets.token_hex(11))
        User.objects.create(username=username, role=Role.PROVINCE_STAFF, province=province, password=password)


def _guesser_process(port: int, seconds: float, threads: int, spread: bool, out: mp.Queue) -> None:  # type: ignore[type-arg]
    """Threads that post wrong passwords to /dang-nhap/ as fast as answers come, each with the form's
    CSRF token as a browser would. `spread`: a new client address (X-Forwarded-For, as the proxy
    would add) and a new user name each time, so no lock ever applies; else one address, real names."""
    import re

    stop = time.perf_counter() + seconds
    lock = threading.Lock()
    statuses: dict[int, int] = {}

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/dang-nhap/")
        page = conn.getresponse()
        body = page.read().decode()
        cookie = (page.getheader("Set-Cookie") or "").split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]
        seen: dict[int, int] = {}
        while time.perf_counter() < stop:
            if spread:
                address = f"198.18.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                username = f"doan{rng.randrange(10**9)}"
            else:
                address, username = "198.18.0.1", rng.choice(ACCOUNTS)
            form = f"csrfmiddlewaretoken={token}&username={username}&password=sai{rng.randrange(10**6)}"
            try:
                conn.request(
                    "POST",
                    "/dang-nhap/",
                    body=form,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": cookie,
                        "X-Forwarded-For": address,
                    },
                )
                answer = conn.getresponse()
                answer.read()
                status = answer.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = 0
            seen[status] = seen.get(status, 0) + 1
        with lock:
            for k, v in seen.items():
                statuses[k] = statuses.get(k, 0) + v

    workers = [threading.Thread(target=worker, args=(os.getpid() * 100 + i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    out.put(statuses)


def flood(
    port: int, paths: list[str], seconds: float, spread: bool | None
) -> tuple[float, list[float], dict[int, int]]:
    """The verification page (1 process × 2 threads) for `seconds`, alone (`spread` None) or while the
    guessers run; returns its req/s and latencies, and the guessers' answers by status."""
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    guessers = []
    if spread is not None:
        procs, threads = GUESSERS
        guessers = [
            ctx.Process(target=_guesser_process, args=(port, seconds + 2, threads, spread, queue))
            for _ in range(procs)
        ]
        for g in guessers:
            g.start()
        time.sleep(2)  # the flood under way before the page is timed
    rps, _bad, latencies = measure(port, paths, seconds, 1, 2)
    statuses: dict[int, int] = {}
    for _ in guessers:
        for k, v in queue.get().items():
            statuses[k] = statuses.get(k, 0) + v
    for g in guessers:
        g.join()
    return rps, latencies, statuses


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="50 000 certificates, short runs")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--size", type=int, help="number of certificates (overrides --quick)")
    parser.add_argument("--workers", default="1,2", help="worker process counts to measure (default 1,2)")
    args = parser.parse_args()
    worker_counts = [int(w) for w in args.workers.split(",")]
    n = args.size or (50_000 if args.quick else 1_000_000)
    seconds = 3.0 if args.quick else 10.0
    procs, threads = 2, 4
    url = database_url("ocop_bench")
    recreate_database(url)
    try:
        setup_django(url)
        codes = load(n)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg_version = f"PostgreSQL {cursor.fetchone()[0]}"
        load_accounts()
        paths = [f"/xac-thuc/{c}/" for c in codes]
        # Scans of stamps seen recently (the same products on shelves, answered from the cache once seen)
        # and scans of codes nobody has asked for yet (every one a database look-up), apart.
        shelf, unseen = paths[:SHELF], paths[SHELF:]
        labels = {
            "bare": "bare view",
            "repeat": f"verification, repeat scans of {SHELF:,} codes",
            "first": "verification, first scans (all misses)",
        }
        by_workers: dict[int, dict[str, tuple[float, int, list[float]]]] = {}
        floods: dict[str, tuple[float, list[float], dict[int, int]]] = {}
        print(
            f"server: ocop serve (gunicorn, gthread, 8 threads a process); clients: {procs} processes × "
            f"{threads} keep-alive threads; {seconds:.0f} s per run, two rounds each, best kept",
            flush=True,
        )
        for index, workers in enumerate(worker_counts):
            port = free_port()
            # Each server's first scans are codes the database has not been asked for in this run.
            part = len(unseen) // len(worker_counts)
            first_scans_left = unseen[index * part : (index + 1) * part]
            with tempfile.TemporaryDirectory(prefix="ocop-bench-") as data_dir:
                server = start_server(url, port, data_dir, workers)
                try:
                    measure(port, ["/__bench__/bare/", *first_scans_left[-200:]], 1.0, procs, threads)
                    measure(port, shelf, 60.0, procs, threads, in_turn=True)  # each shelf code once
                    print(f" {workers} worker process(es):", flush=True)
                    best: dict[str, tuple[float, int, list[float]]] = {}
                    for round_ in range(2):
                        first_scans = first_scans_left[round_::2]  # never asked before in this run
                        runs = (("bare", ["/__bench__/bare/"], False), ("repeat", shelf, False))
                        for name, these, in_turn in (*runs, ("first", first_scans, True)):
                            rps, bad, lat = measure(port, these, seconds, procs, threads, in_turn)
                            print(f"  {name:6s} {rps:8.1f} req/s  non-200: {bad}", flush=True)
                            if name not in best or rps > best[name][0]:
                                best[name] = (rps, bad, lat)
                    by_workers[workers] = best
                    if workers == worker_counts[-1]:
                        for name, spread in (("alone", None), ("one address", False), ("spread", True)):
                            floods[name] = flood(port, shelf, seconds, spread)
                            print(f"  flood {name}: {floods[name][0]:.1f} req/s", flush=True)
                finally:
                    server.terminate()
                    server.wait(timeout=30)
        # The control: the same flood against a server without the bound on sign-ins (every password
        # check at once, as issue 11 measured), side by side with the bounded one above.
        port = free_port()
        unbounded = {"OCOP_LOGIN_CONCURRENCY": "0"}
        with tempfile.TemporaryDirectory(prefix="ocop-bench-") as data_dir:
            server = start_server(url, port, data_dir, worker_counts[-1], unbounded)
            try:
                measure(port, shelf, 60.0, procs, threads, in_turn=True)
                floods["unbounded"] = flood(port, shelf, seconds, True)
                print(f"  flood spread, unbounded: {floods['unbounded'][0]:.1f} req/s", flush=True)
            finally:
                server.terminate()
                server.wait(timeout=30)
        print(f"certificates in the database: {n:,}")
        print(
            f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (1 min) at the end; "
            f"Python {sys.version.split()[0]}; {pg_version}"
        )
        for workers, best in by_workers.items():
            print(f"with {workers} worker process(es):")
            bare_rps = best["bare"][0]
            for name, label in labels.items():
                rps, bad, lat = best[name]
                ratio = "" if name == "bare" else f"  ratio {rps / bare_rps:.2f} (goal ≥ 0.80)"
                print(
                    f"  {label:45s} {rps:8.1f} req/s  p50 {percentile(lat, 50) * 1000:5.1f} ms"
                    f"  p95 {percentile(lat, 95) * 1000:5.1f} ms{ratio}"
                )
                if bad:
                    print(f"  WARNING: {bad} requests did not answer 200 (is the view there?)")
        if len(by_workers) > 1:
            one, last = by_workers[worker_counts[0]], by_workers[worker_counts[-1]]
            for name in ("bare", "repeat", "first"):
                print(f"  {name}: {last[name][0] / one[name][0]:.2f} × with {worker_counts[-1]} workers")
        print(
            f"verification page (repeat scans, 1 process × 2 threads) with {worker_counts[-1]} worker(s), "
            f"while {GUESSERS[0] * GUESSERS[1]} clients guess passwords (OCOP_LOGIN_CONCURRENCY "
            f"{max(1, (os.cpu_count() or 2) // 2)} unless said):"
        )
        alone = percentile(floods["alone"][1], 50)
        for name, label in (
            ("alone", "no guessing"),
            ("one address", "guessing from one address (locked after 10)"),
            ("spread", "guessing, a new address and name each try"),
            ("unbounded", "the same, no bound on sign-ins (control)"),
        ):
            rps, lat, statuses = floods[name]
            answers = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
            print(
                f"  {label:46s} {rps:7.1f} req/s  p50 {percentile(lat, 50) * 1000:6.1f} ms"
                f"  p95 {percentile(lat, 95) * 1000:6.1f} ms  p50 × {percentile(lat, 50) / alone:5.2f}"
                + (f"  sign-in answers {answers}" if statuses else "")
            )
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(url)


if __name__ == "__main__":
    main()
