"""An imported register's product codes stay as imported; rows without one get a code at export."""

from __future__ import annotations

from typing import Any

from ocop.certificates.models import Certificate
from ocop.national.codes import assign_codes
from ocop.national.models import CertificateCode
from ocop.registers.services import confirm, upload


def test_imported_codes_are_kept_and_the_others_assigned(demo: dict[str, Any], sample: Any) -> None:
    old_code = "20-183-6223-3-2022"  # the 1048/148 software's layout, kept as written
    rows = [[*sample.good[0], old_code], list(sample.good[1])]
    batch = upload(demo["tinh"], "so.xlsx", sample.workbook(rows))
    assert confirm(demo["tinh"], batch) == 2
    kept = CertificateCode.objects.get()
    assert (kept.code, kept.source, kept.certificate.number) == (old_code, "imported", "LS-2022-001")
    assign_codes(Certificate.objects.all())
    given = CertificateCode.objects.get(certificate__number="LS-2025-010")
    assert given.source == "assigned" and given.code == "20-06253-1-2024"
    assert CertificateCode.objects.get(certificate__number="LS-2022-001").code == old_code
