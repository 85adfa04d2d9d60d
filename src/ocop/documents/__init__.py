"""PDF documents of the OCOP programme, rendered from plain dataclasses (no Django here).

- :func:`certificate_pdf` — the product certificate (*Giấy chứng nhận sản phẩm OCOP*), A4 landscape;
- :func:`decision_pdf` — the recognition decision with its attached list of products;
- :func:`commune_report_pdf` — the commune report, Form 03 of 26/2026;
- :func:`qr_png`, :func:`qr_svg` — the verification QR code for web pages.

Each returns the bytes of a PDF (or the image) with its font embedded, ready to store or send.
Default wording lives in :mod:`ocop.documents.defaults`.
"""

from __future__ import annotations

from ocop.documents.certificate import certificate_pdf
from ocop.documents.commune_report import commune_report_pdf
from ocop.documents.decision import decision_pdf
from ocop.documents.model import (
    CertificateDoc,
    CommuneReportDoc,
    DecisionDoc,
    DecisionProduct,
    Issuer,
    Representative,
    Signer,
)
from ocop.documents.qr import qr_png, qr_svg

__all__ = [
    "CertificateDoc",
    "CommuneReportDoc",
    "DecisionDoc",
    "DecisionProduct",
    "Issuer",
    "Representative",
    "Signer",
    "certificate_pdf",
    "commune_report_pdf",
    "decision_pdf",
    "qr_png",
    "qr_svg",
]
