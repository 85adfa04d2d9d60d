"""What a request may carry, checked before any view sees it (issue 10, items 6 and 7).

Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves file parts out of its count, and its upload handlers write
any file to a temporary file whatever its size: a 200 MB upload was received whole before the dossier
service said it was too large. Here:

- a request that announces a body larger than the largest upload (OCOP_UPLOAD_MAX_BYTES) plus the
  form around it is answered 413 at once, before anything reads the body;
- while a multipart body is read, `CappedUpload` counts each file's bytes and stops the upload as soon
  as one file is larger than the limit, so no temporary file grows past it.

`ocop serve` also gives waitress a slightly larger limit (`request_limit`), so that a server-side
buffer never holds more either; the proxy in front should have its own (docs/deploy.md).

A NUL character in the query string or a form field is refused (400) the same way: nobody types one,
PostgreSQL cannot store one, and the views that read a field by hand would pass it on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def upload_limit() -> int:
    """The largest file a form accepts: OCOP_UPLOAD_MAX_BYTES (dossiers.services.upload_max_bytes)."""
    from ocop.dossiers.services import upload_max_bytes

    return upload_max_bytes()


def request_limit() -> int:
    """The largest request body: one file at the limit, and the other fields of its form."""
    return upload_limit() + int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)


class CappedUpload(FileUploadHandler):
    """First of the upload handlers: stops reading a multipart body once a file passes `limit`."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)  # the parser closes (deletes) the files so far
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _is_api(request: HttpRequest) -> bool:
    """A partner's call to /api/…: it is answered in JSON, as the API's schema documents."""
    return request.path.startswith("/api/")


def _too_large(request: HttpRequest) -> HttpResponse:
    mb = upload_limit() / 1024 / 1024
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    if _is_api(request):
        return JsonResponse({"detail": f"Dữ liệu gửi lên quá lớn (tối đa {mb:g} MB)"}, status=413)
    return render(request, "web/too_large.html", {"mb": f"{mb:g}", "back": back}, status=413)


def _bad_input(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Dữ liệu gửi lên có ký tự không hợp lệ (NUL)"}, status=400)
    return render(request, "web/bad_input.html", status=400)


def _has_nul(data: Any) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


class RequestLimits:
    """Middleware, before any view or CSRF check: nothing before it reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            announced = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            announced = 0  # Django then reads no body at all
        if announced > request_limit():
            return _too_large(request)
        if request.content_type == "multipart/form-data":
            cap = CappedUpload(request, upload_limit())
            request.upload_handlers.insert(0, cap)
            request.POST  # noqa: B018 - read the body now, through the cap
            if cap.exceeded:
                _close_files(request)
                return _too_large(request)
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            return _bad_input(request)
        return self.get_response(request)


def _close_files(request: Any) -> None:
    for files in request.FILES.lists():
        for f in files[1]:
            f.close()
