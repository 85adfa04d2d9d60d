"""`ocop serve`: migrate, load the demo if asked and the database is empty, then serve with gunicorn.

gunicorn runs OCOP_WORKERS processes (one per core by default) of OCOP_THREADS threads each, so one
machine uses all its cores: Python runs one thread at a time per process. Each worker imports the
application itself (no preloading), so each has its own database connections and verification cache.
Where gunicorn cannot run (Windows) waitress serves from one process.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from typing import Any

DEMO_REFUSED = (
    "--demo nạp các tài khoản mẫu với mật khẩu công khai 'demo': chỉ dùng với OCOP_MODE=development "
    "(python3 dev.py start) / --demo loads accounts whose password is published: development only"
)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def serve(host: str = "127.0.0.1", port: int = 8000, demo: bool = False, workers: int | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.web.settings")
    if os.environ.get("OCOP_MODE") == "development":
        os.environ.setdefault(
            "OCOP_PUBLIC_URL", f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"
        )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    if demo and not settings.DEVELOPMENT:
        print(DEMO_REFUSED, file=sys.stderr)
        return 2
    if settings.OCOP_TRUSTED_PROXIES and not _loopback(host):
        print(
            f"Chú ý / warning: OCOP_TRUSTED_PROXIES={settings.OCOP_TRUSTED_PROXIES} tin X-Forwarded-For: "
            "chỉ lắng nghe trên 127.0.0.1 sau reverse proxy / believes X-Forwarded-For: listen on "
            "127.0.0.1 behind the proxy (docs/deploy.md)",
            file=sys.stderr,
        )
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    if demo:
        from ocop.accounts.two_factor import DEMO_SECRET
        from ocop.demo.load import load_demo_if_empty

        if load_demo_if_empty():
            print("Đã nạp tỉnh mẫu / demo province loaded (mật khẩu mọi tài khoản / every password: demo)")
        print(
            "Xác thực hai bước / second factor (lanhdao, lanhdao.caobang, trunguong, admin): khoá / secret "
            f"{DEMO_SECRET} trong ứng dụng xác thực, hoặc / or: .venv/bin/ocop manage demo_code",
            flush=True,
        )
    connections.close_all()  # the workers open their own
    count = workers or settings.OCOP_WORKERS
    print(
        f"ocop: {settings.PUBLIC_URL}/  ({count} tiến trình / processes; Ctrl+C để dừng / to stop)",
        flush=True,
    )
    try:
        server = _gunicorn(host, port, count, settings.OCOP_THREADS)
    except ImportError:  # pragma: no cover - gunicorn needs fcntl (not on Windows)
        from waitress import serve as waitress_serve

        from .wsgi import application

        waitress_serve(application, host=host, port=port, **waitress_options())
        return 0
    server.run()
    return 0


def _gunicorn(host: str, port: int, workers: int, threads: int) -> Any:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
        def load_config(self) -> None:
            options = {
                "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "workers": max(1, workers),
                "worker_class": "gthread",
                "threads": max(1, threads),
                "timeout": 120,  # a large report (Excel, PDF) may take a while
                "graceful_timeout": 30,
                "accesslog": "-",  # to standard output: journald keeps and rotates it
                "errorlog": "-",
                "proc_name": "ocop",
                "preload_app": False,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from .wsgi import application

            return application

    return Server()


def waitress_options() -> dict[str, int]:
    """waitress (the fallback where gunicorn cannot run) buffers a request body before the application
    sees it: a little above the application's own limit (web/limits.py), so a larger upload is refused
    before it is received. gunicorn hands the body over as it comes, and web/limits.py refuses it
    from its announced length before reading."""
    from django.conf import settings

    from .limits import request_limit

    return {"threads": settings.OCOP_THREADS, "max_request_body_size": request_limit() + 1024 * 1024}
