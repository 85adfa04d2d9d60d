"""The system's public address, for every link that leaves the server.

QR codes printed on certificates and stamps, PDFs and e-mails outlive the request that made them, and a
request's Host header is whatever the client sent: so they are all built from OCOP_PUBLIC_URL
(settings.PUBLIC_URL), e.g. ``https://ocop.langson.gov.vn``, and never from the request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    """``/xac-thuc/ABC/`` → ``https://ocop.langson.gov.vn/xac-thuc/ABC/``."""
    if not path.startswith("/"):
        raise ValueError(f"an absolute path is needed, not {path!r}")
    return f"{settings.PUBLIC_URL}{path}"


def absolute_url(viewname: str, *args: Any, **kwargs: Any) -> str:
    """The public address of a named URL: ``absolute_url("verify", code)``."""
    return absolute(reverse(viewname, args=args or None, kwargs=kwargs or None))
