"""Checks on uploaded files: allowed type, size, that the content really is what the name says, and
that an Office file carries no macros and does not inflate beyond reason."""

from __future__ import annotations

import hashlib
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

MAX_BYTES = 20 * 1024 * 1024
# An Office file is a zip archive: what its parts may add up to once inflated (a 10 000-row register
# is about 9 MB; a "zip bomb" of a few kilobytes inflates to gigabytes).
MAX_UNCOMPRESSED = 64 * 1024 * 1024
# Office formats that carry macros (or may: the old binary formats), refused by name with their reason.
MACRO_EXTENSIONS = {
    "xlsm",
    "xltm",
    "xlam",
    "xlsb",
    "docm",
    "dotm",
    "pptm",
    "potm",
    "ppsm",
    "xls",
    "doc",
    "ppt",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Office formats (.doc, .xls)
_LOCAL_HEADER = struct.Struct("<4s5HL2L2H")
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


def _real_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """How many bytes the part really inflates to, counted while inflating, stopping past `budget`.

    Not the size the archive declares: a reader that trusts it (as Python's zipfile does) and one that
    inflates the whole stream (as some do) would then see different contents.
    """
    if info.compress_type == zipfile.ZIP_STORED:
        return info.compress_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise UploadRefused("Tệp Office dùng kiểu nén lạ / unsupported compression in the Office file")
    fp = archive.fp
    assert fp is not None
    fp.seek(info.header_offset)
    header = _LOCAL_HEADER.unpack(fp.read(_LOCAL_HEADER.size))
    fp.seek(header[-2] + header[-1], 1)  # the part's name and extra field
    inflater, left, size = zlib.decompressobj(-15), info.compress_size, 0
    while left > 0 and size <= budget:
        chunk = fp.read(min(left, 1 << 16))
        if not chunk:
            break
        left -= len(chunk)
        size += len(inflater.decompress(chunk, budget + 1 - size))
        while inflater.unconsumed_tail and size <= budget:
            size += len(inflater.decompress(inflater.unconsumed_tail, budget + 1 - size))
    return size


def check_office_package(stream: IO[bytes], max_uncompressed: int = MAX_UNCOMPRESSED) -> list[str]:
    """The names of the parts of an Office (OOXML) file, after refusing one with macros, one that does
    not open, or one whose parts inflate to more than `max_uncompressed` bytes."""
    stream.seek(0)
    if stream.read(8) == OLE_MAGIC:
        raise UploadRefused(
            "Tệp Office dạng cũ (.doc, .xls) có thể chứa macro nên không được nhận: lưu lại thành .docx "
            "hoặc .xlsx / old binary Office files may carry macros: save as .docx or .xlsx"
        )
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
            names = [p.filename for p in parts]
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in types:
                raise UploadRefused(
                    "Tệp có macro (mã VBA) nên không được nhận: lưu lại thành tệp không có macro "
                    "(.docx, .xlsx) / files with macros are not accepted"
                )
            total = 0
            for part in parts:
                size = _real_size(archive, part, max_uncompressed - total)
                if size != part.file_size and size <= max_uncompressed - total:
                    raise UploadRefused("Tệp Office bị hỏng / the Office file is damaged")
                total += size
                if total > max_uncompressed:
                    raise UploadRefused(
                        f"Tệp Office giải nén ra quá {max_uncompressed // 1024 // 1024} MB / the Office "
                        "file inflates beyond the limit"
                    )
    except (zipfile.BadZipFile, zlib.error, struct.error, EOFError, KeyError) as e:
        raise UploadRefused("Tệp Office bị hỏng / the Office file is damaged") from e
    finally:
        stream.seek(0)
    return names


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
    names = check_office_package(stream)
    part = "word/document.xml" if extension == "docx" else "xl/workbook.xml"
    return "[Content_Types].xml" in names and part in names


def check_upload(name: str, stream: IO[bytes], size: int, max_bytes: int = MAX_BYTES) -> CheckedUpload:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in MACRO_EXTENSIONS:
        raise UploadRefused(
            f"Tệp '.{extension}' có thể chứa macro nên không được nhận: lưu lại thành .docx hoặc .xlsx "
            f"/ files that may carry macros are not accepted"
        )
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
    if head == OLE_MAGIC and extension in ("docx", "xlsx"):
        check_office_package(stream)  # refuses it, saying why
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


@contextmanager
def removed_on_failure(stored: Any) -> Iterator[None]:
    """Around what follows storing a file (saving its row, the audit event): if that fails, the file is
    deleted again, so that no upload is left in the data directory without its record."""
    try:
        yield
    except BaseException:
        stored.delete(save=False)
        raise
