"""The product's URLs plus a bare view, the baseline of bench/verify_throughput.py (benchmarks only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ocop.web.urls import urlpatterns as product_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("__bench__/bare/", bare, name="bench_bare"), *product_urlpatterns]
