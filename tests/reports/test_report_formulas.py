"""A text that looks like a formula reaches every Excel export as text, and comes back unchanged.

A product named `=HYPERLINK(…)` was a live link in the reports (issue 10, item 6). The writer
(`ocop.documents.spreadsheet`) stores every string as a string cell; the test reads the file back with
openpyxl (the value is intact, the type is text) and opens it in LibreOffice, which would show the
link's label, not the formula, if the cell were a formula.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from test_report_libreoffice import _text_of_pdf, _tool

from ocop.certificates.models import Certificate
from ocop.documents.spreadsheet import Book

HOSTILE = {
    "product_name": '=HYPERLINK("http://ocop.invalid/x","bấm vào đây")',
    "producer_name": "@SUM(1+1)",
}


def test_the_writer_keeps_every_formula_looking_text_as_text() -> None:
    values = ["=1+1", "+1", "-2+3", "@A1", "\tx", "#N/A", "bình thường", "x\x0by", None, 12]
    book = Book()
    sheet = book.sheet("Thử")
    sheet.append(values)
    sheet.append([sheet.cell(v) for v in values])
    ws = load_workbook(io.BytesIO(book.save())).active
    expected = ["=1+1", "+1", "-2+3", "@A1", "\tx", "#N/A", "bình thường", "xy", None, 12]
    for row in ws.iter_rows():
        assert [c.value for c in row] == expected
        assert [c.data_type for c in row[:8]] == ["s"] * 8
        assert all(c.quotePrefix for c in row[:5])  # editing the cell in Excel keeps it text


def test_the_writer_is_the_only_way_to_make_a_workbook() -> None:
    src = Path(__file__).resolve().parents[2] / "src" / "ocop"
    writers = [
        p.relative_to(src).as_posix()
        for p in src.rglob("*.py")
        if re.search(r"\bWorkbook\(", p.read_text(encoding="utf-8"))
    ]
    assert writers == ["documents/spreadsheet.py"]


def test_a_product_named_like_a_formula_is_text_in_the_report(
    client: Any, demo: dict[str, Any], tmp_path: Path
) -> None:
    from ocop.demo.pipeline import load_pipeline

    load_pipeline()  # "Na Chi Lăng" is recognised this year: it is in the annual report's first list
    Certificate.objects.filter(product__name="Na Chi Lăng").update(**HOSTILE)
    client.force_login(demo["tinh"])
    response = client.get("/bao-cao/excel/?kind=annual&year=2026")
    assert response.status_code == 200
    xlsx = tmp_path / "bao-cao.xlsx"
    xlsx.write_bytes(response.content)

    found = {}
    for ws in load_workbook(xlsx).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in HOSTILE.values():
                    found[cell.value] = cell.data_type
    assert found == {HOSTILE["product_name"]: "s", HOSTILE["producer_name"]: "s"}

    soffice = _tool("soffice")
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
    text = " ".join(_text_of_pdf(tmp_path / "out" / "bao-cao.pdf").split())
    assert "=HYPERLINK(" in text and "@SUM(1+1)" in text
