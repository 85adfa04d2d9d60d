"""Checks on uploaded files: allowed type, size, and that the content really is what the name says."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

MAX_BYTES = 20 * 1024 * 1024
# extension → (content type, check on the first bytes)
ALLOWED = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UploadRefused(ValueError):
    pass


@dataclass(frozen=True)
class CheckedUpload:
    extension: str
    content_type: str
    size: int
    sha256: str


def _content_matches(extension: str, head: bytes, stream: IO[bytes]) -> bool:
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    # Office files are zip archives with a known part inside.
    if not head.startswith(b"PK\x03\x04"):
        return False
    stream.seek(0)
    try:
        names = zipfile.ZipFile(stream).namelist()
    except zipfile.BadZipFile:
        return False
    part = "word/document.xml" if extension == "docx" else "xl/workbook.xml"
    return "[Content_Types].xml" in names and part in names


def check_upload(name: str, stream: IO[bytes], size: int, max_bytes: int = MAX_BYTES) -> CheckedUpload:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise UploadRefused(
            f"Loại tệp '.{extension}' không được chấp nhận; chỉ nhận PDF, JPG, PNG, DOCX, XLSX "
            f"/ file type not accepted"
        )
    if size == 0:
        raise UploadRefused("Tệp rỗng / the file is empty")
    if size > max_bytes:
        raise UploadRefused(
            f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB, tối đa {max_bytes // 1024 // 1024} MB) / file too large"
        )
    stream.seek(0)
    head = stream.read(8)
    if not _content_matches(extension, head, stream):
        raise UploadRefused(
            f"Nội dung tệp '{name}' không phải {extension.upper()} thật / the content is not a real {extension.upper()}"
        )
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        digest.update(chunk)
    stream.seek(0)
    return CheckedUpload(extension, ALLOWED[extension], size, digest.hexdigest())
