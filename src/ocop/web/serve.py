"""`ocop serve`: migrate, load the demo if asked and the database is empty, serve with waitress."""

from __future__ import annotations

import os


def serve(host: str = "127.0.0.1", port: int = 8000, demo: bool = False) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    if demo:
        from ocop.demo.load import load_demo_if_empty

        if load_demo_if_empty():
            print("Đã nạp tỉnh mẫu / demo province loaded (mật khẩu mọi tài khoản / every password: demo)")
    from waitress import serve as waitress_serve

    from .wsgi import application

    print(f"ocop: http://{host}:{port}/  (Ctrl+C để dừng / to stop)", flush=True)
    waitress_serve(application, host=host, port=port, **waitress_options())
    return 0


def waitress_options() -> dict[str, int]:
    """waitress buffers a request body before the application sees it: a little above the
    application's own limit (web/limits.py), so a larger upload is refused before it is received."""
    from .limits import request_limit

    return {"threads": 8, "max_request_body_size": request_limit() + 1024 * 1024}
