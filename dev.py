#!/usr/bin/env python3
"""Bootstrap for a fresh machine that has only Python.

    python3 dev.py start   # install into .venv, load the demo province, serve http://127.0.0.1:8000
                           # (OCOP_MODE=development: debug pages, a published key, plain HTTP)
    python3 dev.py test    # install into .venv, run the whole test suite (pytest arguments pass through)
    python3 dev.py lint    # ruff and mypy
    python3 dev.py bench   # the benchmarks in bench/ (add --quick for small sizes)

Standard library only: this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".ocop-installed"


def _run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_environment() -> None:
    """Create .venv and install the pinned dependencies, again only when the lock or pyproject changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 the machine has
        sys.exit("ocop cần Python 3.11 trở lên / ocop needs Python 3.11 or newer")
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("→ creating .venv", flush=True)
        venv.create(VENV, with_pip=True)
    print("→ installing pinned dependencies (requirements.lock)", flush=True)
    pip = (BIN / "python", "-m", "pip", "install", "--disable-pip-version-check", "-q")
    _run(*pip, "--require-hashes", "-r", LOCK)
    _run(*pip, "--no-deps", "-e", ROOT)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> None:
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command == "start":
        ensure_environment()
        # The explicit development switch: without it ocop runs with its production settings.
        _run(BIN / "ocop", "serve", "--demo", *rest, env={"OCOP_MODE": "development"})
    elif command == "test":
        ensure_environment()
        _run(BIN / "python", "-m", "pytest", *rest)
    elif command == "bench":
        ensure_environment()
        _run(BIN / "python", ROOT / "bench" / "run.py", *rest)
    elif command == "lint":
        ensure_environment()
        _run(BIN / "ruff", "check", ".")
        _run(BIN / "ruff", "format", "--check", ".")
        _run(BIN / "mypy")
    else:
        print(__doc__)
        sys.exit(0 if command in ("help", "-h", "--help") else 2)


if __name__ == "__main__":
    main(sys.argv[1:])
