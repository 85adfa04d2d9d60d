"""The domain core stays pure: importing it must not pull in Django or any web/database layer."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_no_web_framework() -> None:
    code = (
        "import sys, ocop.core.rulebooks, ocop.core.scoring, ocop.core.workdays; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'psycopg', 'waitress', 'whitenoise'}); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
