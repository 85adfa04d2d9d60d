"""Uploads and imports are bounded (issue 10, item 7): the body size before it is read, each file while
it streams, rows and inflated size while a register is read; Office files with macros are refused; a
failed upload leaves no file behind, neither a temporary one nor one in the data directory."""

from __future__ import annotations

import io
import socket
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from ocop.dossiers.models import Dossier, DossierDocument
from ocop.dossiers.services import add_document, start_dossier
from ocop.dossiers.uploads import UploadRefused, check_office_package
from ocop.producers.models import Product
from ocop.registers.columns import COLUMNS, MAX_ROWS
from ocop.registers.models import ImportBatch

MB = 1024 * 1024


@pytest.fixture
def dirs(settings: Any, tmp_path: Path) -> dict[str, Path]:
    """Uploads go to temporary files (never to memory), both folders watched."""
    media, temp = tmp_path / "media", tmp_path / "temp"
    media.mkdir()
    temp.mkdir()
    settings.MEDIA_ROOT = media
    settings.FILE_UPLOAD_TEMP_DIR = temp
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    return {"media": media, "temp": temp}


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft(demo: dict[str, Any]) -> Dossier:
    producer = demo["chuthe.khaunhuc"]
    return start_dossier(producer, Product.objects.get(name="Khâu nhục Lạng Sơn"), "first")


def office(kind: str, extra: dict[str, bytes] | None = None, content_types: bytes = b"<Types/>") -> bytes:
    """A minimal OOXML package ("docx" or "xlsx") with any extra parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", b"<x/>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def _post_document(client: Client, dossier: Dossier, name: str, data: bytes, **extra: Any) -> Any:
    url = f"/ho-so/{dossier.pk}/tai-lieu/"
    return client.post(url, {"kind": "form01", "file": SimpleUploadedFile(name, data)}, follow=True, **extra)


# --- the body, before and while it is read ------------------------------------------------------------


def test_a_body_announced_larger_than_the_limit_is_refused_unread(
    demo: dict[str, Any], draft: Dossier, dirs: dict[str, Path]
) -> None:
    client = _client(demo["chuthe.khaunhuc"])
    response = _post_document(client, draft, "f.pdf", b"%PDF-1.4 small", CONTENT_LENGTH=str(200 * MB))
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.content.decode()
    assert not DossierDocument.objects.exists()
    assert files_in(dirs["media"]) == files_in(dirs["temp"]) == []


def test_a_file_larger_than_the_limit_is_stopped_while_it_streams(
    demo: dict[str, Any], draft: Dossier, dirs: dict[str, Path], settings: Any
) -> None:
    settings.OCOP_UPLOAD_MAX_BYTES = 64 * 1024  # the body (70 KB) is within the request's limit
    client = _client(demo["chuthe.khaunhuc"])
    response = _post_document(client, draft, "f.pdf", b"%PDF-1.4\n" + b"x" * 70 * 1024)
    assert response.status_code == 413
    assert not DossierDocument.objects.exists()
    assert files_in(dirs["media"]) == files_in(dirs["temp"]) == []
    ok = _post_document(client, draft, "f.pdf", b"%PDF-1.4\n" + b"x" * 60 * 1024)
    assert ok.status_code == 200 and DossierDocument.objects.count() == 1
    assert files_in(dirs["temp"]) == []  # the temporary file is gone once the request is over


def test_the_server_refuses_a_200_mb_upload_before_receiving_it(db: Any) -> None:
    """Through waitress as `ocop serve` configures it: the answer comes while the body is unsent."""
    from django.core.handlers.wsgi import WSGIHandler
    from waitress.server import create_server

    from ocop.web.serve import waitress_options

    server = create_server(WSGIHandler(), host="127.0.0.1", port=0, **waitress_options())
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=10) as s:
            s.sendall(
                b"POST /ho-so/1/tai-lieu/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: multipart/form-data; boundary=x\r\n"
                + f"Content-Length: {200 * MB}\r\n\r\n".encode()
                + b"--x\r\n" * 100
            )
            answer = s.recv(4096)
        assert answer.startswith(b"HTTP/1.1 413")
    finally:
        stop.set()
        thread.join()
        server.close()


# --- Office files ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("ke-hoach.docm", office("docx"), "có thể chứa macro"),
        ("so.xlsm", office("xlsx"), "có thể chứa macro"),
        ("bao-cao.docx", office("docx", {"word/vbaProject.bin": b"\x00" * 64}), "có macro"),
        (
            "bao-cao.docx",
            office(
                "docx",
                content_types=b'<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
            ),
            "có macro",
        ),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "có thể chứa macro"),
        ("cu.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "dạng cũ"),
    ],
)
def test_office_files_with_macros_are_refused(
    demo: dict[str, Any], draft: Dossier, dirs: dict[str, Path], name: str, data: bytes, said: str
) -> None:
    response = _post_document(_client(demo["chuthe.khaunhuc"]), draft, name, data)
    assert said in response.content.decode()
    assert not DossierDocument.objects.exists()
    assert files_in(dirs["media"]) == files_in(dirs["temp"]) == []


def _bomb(size: int, declared: int | None = None) -> bytes:
    """An .xlsx whose sheet inflates to `size` bytes of zeros (and claims `declared`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/workbook.xml", b"<x/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * size)
    data = bytearray(out.getvalue())
    if declared is not None:  # rewrite the sheet's uncompressed size in both headers
        real = size.to_bytes(4, "little")
        data = bytearray(bytes(data).replace(real, declared.to_bytes(4, "little")))
    return bytes(data)


def test_a_zip_bomb_is_refused_while_inflating() -> None:
    bomb = _bomb(80 * MB)
    assert len(bomb) < 200 * 1024
    with pytest.raises(UploadRefused, match="giải nén ra quá 64 MB"):
        check_office_package(io.BytesIO(bomb))
    # one that lies about its size is counted as it really inflates
    with pytest.raises(UploadRefused, match="giải nén ra quá 64 MB"):
        check_office_package(io.BytesIO(_bomb(80 * MB, declared=1000)))
    assert "xl/workbook.xml" in check_office_package(io.BytesIO(_bomb(1 * MB)))


# --- registers ------------------------------------------------------------------------------------------------


def _upload_register(client: Client, name: str, data: bytes, follow: bool = True) -> Any:
    return client.post("/nhap-so/", {"tep": SimpleUploadedFile(name, data)}, follow=follow)


def _csv(rows: int, cell: str = "x") -> bytes:
    lines = [",".join(c.heading for c in COLUMNS)]
    lines += [",".join([f"{cell}{n}"] * len(COLUMNS)) for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("so.csv", _csv(MAX_ROWS + 1), "Tệp có hơn 20.000 dòng"),
        ("so.csv", _csv(3, cell="a\x00b"), "ký tự NUL"),
        ("so.xlsx", _bomb(80 * MB), "giải nén ra quá 64 MB"),
        ("so.xlsm", office("xlsx"), "macro"),
        ("so.xlsx", office("xlsx", {"xl/vbaProject.bin": b"\x01" * 64}), "macro"),
    ],
)
def test_a_register_too_long_or_unsafe_is_refused_and_leaves_nothing(
    demo: dict[str, Any], dirs: dict[str, Path], name: str, data: bytes, said: str
) -> None:
    response = _upload_register(_client(demo["tinh"]), name, data)
    assert response.status_code == 200
    assert said in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert files_in(dirs["media"]) == files_in(dirs["temp"]) == []


def test_a_register_at_the_row_limit_is_read(demo: dict[str, Any], dirs: dict[str, Path]) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([c.heading for c in COLUMNS])
    for n in range(MAX_ROWS):
        ws.append([f"x{n}"] * 3)
    out = io.BytesIO()
    wb.save(out)
    response = _upload_register(_client(demo["tinh"]), "so.xlsx", out.getvalue(), follow=False)
    assert response.status_code == 302  # to its preview
    assert ImportBatch.objects.get().rows == MAX_ROWS


def test_a_failure_after_the_file_is_stored_removes_it(
    demo: dict[str, Any], draft: Dossier, dirs: dict[str, Path], monkeypatch: Any
) -> None:
    from ocop.dossiers import services as dossier_services
    from ocop.registers import services as register_services

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the audit trail is down")

    monkeypatch.setattr(dossier_services, "record", broken)
    monkeypatch.setattr(register_services, "record", broken)
    pdf = b"%PDF-1.4\n%%EOF\n"
    with pytest.raises(RuntimeError):
        add_document(demo["chuthe.khaunhuc"], draft, "form01", "a.pdf", io.BytesIO(pdf), len(pdf))
    with pytest.raises(RuntimeError):
        register_services.upload(demo["tinh"], "so.csv", _csv(2))
    assert not DossierDocument.objects.exists() and not ImportBatch.objects.exists()
    assert files_in(dirs["media"]) == []


def test_the_preview_shows_a_page_of_rows_and_keeps_other_pages_choices(
    demo: dict[str, Any], dirs: dict[str, Path]
) -> None:
    client = _client(demo["tinh"])
    _upload_register(client, "so.csv", _csv(250))
    batch = ImportBatch.objects.get()
    first = client.get(f"/nhap-so/{batch.pk}/").content.decode()
    assert first.count('name="loai"') == 100 and "Trang 1/3" in first
    last = client.get(f"/nhap-so/{batch.pk}/?trang=3").content.decode()
    assert last.count('name="loai"') == 50
    # leave out row 2 on page 1, then row 150 on page 2: both stay left out
    client.post(f"/nhap-so/{batch.pk}/", {"action": "exclude", "loai": ["2"], "hien": list(range(2, 102))})
    client.post(
        f"/nhap-so/{batch.pk}/", {"action": "exclude", "loai": ["150"], "hien": list(range(102, 202))}
    )
    batch.refresh_from_db()
    assert batch.excluded == [2, 150]
