"""Both reports open outside our own code: the Excel in LibreOffice, the PDF in poppler's pdftotext.

The issue asks that the downloads "open in LibreOffice with correct Vietnamese text"; openpyxl and
pypdf reading back what openpyxl and fpdf2 wrote would not show a file other programs reject.
`.ci/run` installs LibreOffice Calc and poppler-utils; without them the test is skipped locally.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

QUERY = "?kind=annual&year=2026"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        if os.environ.get("CI"):
            pytest.fail(f"{name} not found: .ci/run installs it")
        pytest.skip(f"{name} not installed")
    return path


def _text_of_pdf(pdf: Path) -> str:
    out = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode()


def test_the_excel_report_opens_in_libreoffice_with_vietnamese_text(
    client: Any, demo: dict[str, Any], tmp_path: Path
) -> None:
    soffice = _tool("soffice")
    client.force_login(demo["tinh"])
    xlsx = tmp_path / "bao-cao.xlsx"
    xlsx.write_bytes(client.get("/bao-cao/excel/" + QUERY).content)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(xlsx),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    text = _text_of_pdf(tmp_path / "out" / "bao-cao.pdf")
    assert "Báo cáo kết quả thực hiện Chương trình OCOP — Lạng Sơn" in text
    assert "Lượt sản phẩm được đánh giá, phân hạng" in text
    assert "Giấy chứng nhận bị thu hồi" in text


def test_the_pdf_report_reads_in_poppler_with_vietnamese_text(
    client: Any, demo: dict[str, Any], tmp_path: Path
) -> None:
    client.force_login(demo["tinh"])
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(client.get("/bao-cao/pdf/" + QUERY).content)
    text = _text_of_pdf(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "ỦY BAN NHÂN DÂN" in text
    assert "Giấy chứng nhận hết hiệu lực" in text
