"""Run every benchmark in this folder, one after the other, and print their figures.

    python3 dev.py bench            # full sizes (minutes; PostgreSQL on 127.0.0.1:5432)
    python3 dev.py bench --quick    # small sizes, to check that the benchmarks work

Each benchmark is a standalone script (`bench/<name>.py`) that prints its own figures and ratios
against a baseline measured in the same run. Nothing here asserts a time: the goals are in
docs/benchmarks.md with the figures measured on a named machine.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    only = [a for a in argv if not a.startswith("-")]
    flags = [a for a in argv if a.startswith("-")]
    scripts = sorted(p for p in HERE.glob("*.py") if p.name != "run.py" and not p.name.startswith("_"))
    failed = 0
    for script in scripts:
        if only and script.stem not in only:
            continue
        print(f"\n=== {script.stem} {' '.join(flags)}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), *flags])
        print(f"--- {script.stem}: {time.perf_counter() - started:.1f} s, exit {code}", flush=True)
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
