"""`ocop serve` runs several worker processes (gunicorn), the count a setting (OCOP_WORKERS / --workers).

A real server in a subprocess, on a free port of this machine, with the production settings of
docs/deploy.md (plain HTTP here: OCOP_HTTPS=0, as behind no proxy), stopped at the end.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_production_settings import OCOP, production_env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts worker processes in /proc")
def test_serve_runs_the_configured_number_of_workers(tmp_path: Path) -> None:
    port = _free_port()
    env = production_env(
        tmp_path, OCOP_HTTPS="0", OCOP_PUBLIC_URL=f"http://127.0.0.1:{port}", OCOP_WORKERS="2"
    )
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [str(OCOP), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, stdout=log, stderr=log
    )
    try:
        deadline, response = time.time() + 90, None
        while time.time() < deadline and response is None:
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/dang-nhap/")
                response = conn.getresponse()
                body = response.read().decode()
            except OSError:
                time.sleep(0.3)
        assert response is not None, (tmp_path / "server.log").read_text()
        assert response.status == 200 and "Đăng nhập" in body
        assert response.getheader("Server") == "gunicorn"
        assert "script-src 'self'" in (response.getheader("Content-Security-Policy") or "")
        deadline = time.time() + 30
        while len(_children(server.pid)) < 2 and time.time() < deadline:
            time.sleep(0.2)
        assert len(_children(server.pid)) == 2
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
