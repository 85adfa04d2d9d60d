"""The production settings, as docs/deploy.md starts them: in a fresh process with no OCOP_MODE (the
suite itself runs with OCOP_MODE=test), so nothing of the test settings leaks in."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

OCOP = Path(sys.executable).parent / "ocop"
PUBLIC = "https://ocop.langson.gov.vn"


def production_env(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    """The environment docs/deploy.md sets, and nothing else of ocop's."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OCOP_", "DJANGO_")) and k != "DATABASE_URL"  # (the browser tests set some)
    }
    env.update(
        OCOP_SECRET_KEY=secrets.token_urlsafe(50),
        OCOP_PUBLIC_URL=PUBLIC,
        OCOP_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="ocop.web.settings",
    )
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OCOP), *args], env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_on_the_documented_settings(tmp_path: Path) -> None:
    result = run(production_env(tmp_path), "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"OCOP_SECRET_KEY": None}, "OCOP_SECRET_KEY"),  # no settings at all: refused
        ({"OCOP_SECRET_KEY": "dev-only-insecure-key"}, "OCOP_SECRET_KEY"),  # the published one
        ({"OCOP_SECRET_KEY": "ngan-qua"}, "ít nhất 50 ký tự"),
        ({"OCOP_PUBLIC_URL": None}, "OCOP_PUBLIC_URL"),
        ({"OCOP_PUBLIC_URL": "http://ocop.langson.gov.vn"}, "https://"),
        ({"OCOP_DEBUG": "1"}, "OCOP_MODE=development"),
        ({"OCOP_MODE": "staging"}, "OCOP_MODE"),
    ],
)
def test_start_up_refuses_what_production_cannot_run_with(
    tmp_path: Path, changes: dict[str, str | None], says: str
) -> None:
    result = run(production_env(tmp_path, **changes), "manage", "check")
    assert result.returncode == 2
    assert "Cấu hình chưa đúng" in result.stderr and says in result.stderr
    assert "Traceback" not in result.stderr


def test_no_settings_at_all_is_refused_not_served_with_debug(tmp_path: Path) -> None:
    env = production_env(tmp_path, OCOP_SECRET_KEY=None, OCOP_PUBLIC_URL=None)
    result = run(env, "serve", "--port", "18399")
    assert result.returncode == 2 and "OCOP_SECRET_KEY" in result.stderr


def test_the_demo_is_refused_outside_development(tmp_path: Path) -> None:
    result = run(production_env(tmp_path), "serve", "--demo", "--port", "18399")
    assert result.returncode == 2 and "OCOP_MODE=development" in result.stderr


PROBE = """
import json, django
django.setup()
from django.test import Client
from django.conf import settings
out = {}
plain = Client().get("/", HTTP_HOST="ocop.langson.gov.vn")
out["http"] = [plain.status_code, plain.get("Location")]
tls = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="ocop.langson.gov.vn")
home = tls.get("/")
login = tls.get("/dang-nhap/")
out["headers"] = {k: home.get(k) for k in (
    "Strict-Transport-Security", "Content-Security-Policy", "X-Content-Type-Options",
    "Referrer-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy", "Permissions-Policy")}
out["cookies"] = {name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]),
                         "samesite": c["samesite"]} for name, c in login.cookies.items()}
out["other_host"] = Client(HTTP_X_FORWARDED_PROTO="https").get("/", HTTP_HOST="evil.example").status_code
from ocop.web.public import absolute_url
out["qr"] = absolute_url("verify", "ABCD2345EFGH")
out["debug"] = settings.DEBUG
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory: Any) -> dict[str, Any]:
    env = production_env(tmp_path_factory.mktemp("prod"))
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_plain_http_is_sent_to_https(probe: dict[str, Any]) -> None:
    assert probe["http"] == [301, "https://ocop.langson.gov.vn/"]
    assert probe["debug"] is False


def test_security_headers_behind_the_https_proxy(probe: dict[str, Any]) -> None:
    headers = probe["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]


def test_cookies_are_secure_and_bound_to_the_host(probe: dict[str, Any]) -> None:
    assert probe["cookies"] == {"__Host-ocop_csrf": {"secure": True, "httponly": False, "samesite": "Lax"}}


def test_a_request_for_another_host_is_refused(probe: dict[str, Any]) -> None:
    assert probe["other_host"] == 400


def test_qr_codes_carry_https_and_the_provinces_domain(probe: dict[str, Any]) -> None:
    assert probe["qr"] == "https://ocop.langson.gov.vn/xac-thuc/ABCD2345EFGH/"
