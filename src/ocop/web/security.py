"""Security headers Django 5.2 does not send itself: Content-Security-Policy and Permissions-Policy.

The policy is settings.SECURE_CSP, in the shape of Django 6's setting of that name, so that Django 6's
own middleware can take over without a change to the policy. Templates carry no inline script, style
or event handler (static files and data- attributes instead), so the policy allows none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Features no page of ocop uses; a script injected into one cannot turn them on.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def policy_header(policy: Mapping[str, Sequence[str]]) -> str:
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = policy_header(settings.SECURE_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages (development only) are made of inline CSS and JS
        response.headers.setdefault("Content-Security-Policy", self.header)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
