"""The addresses a stamp's QR code carries (GS1 Digital Link where the product has a GTIN).

GS1 Digital Link URI syntax 1.2: `https://<host>/01/<GTIN-14>/10/<lot>/21/<serial>` (AI 01 the
trade item, AI 10 the batch or lot, AI 21 the serial number). Without a GTIN the project's own
address `https://<host>/tem/<serial>/` is used. Both lead to the same page.
"""

from __future__ import annotations

import re

from django.urls import reverse

from ocop.web.public import absolute

# What a lot may hold: a subset of GS1's AI 10 characters (CSET 82) that needs no escaping in a URL.
LOT = re.compile(r"^[A-Za-z0-9._-]{1,20}$")


def gtin14(raw: str) -> str | None:
    """A GTIN-8/12/13/14 as the 14 digits Digital Link writes, or None if its check digit is wrong."""
    digits = raw.strip().replace(" ", "")
    if not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        return None
    digits = digits.zfill(14)
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
    return digits if (10 - total % 10) % 10 == check else None


def stamp_path(*, serial: str, gtin: str, lot: str) -> str:
    if gtin:
        return reverse("stamp_scan_gs1", kwargs={"gtin": gtin, "lot": lot, "serial": serial})
    return reverse("stamp_scan", kwargs={"serial": serial})


def stamp_url(*, serial: str, gtin: str, lot: str) -> str:
    """What a stamp's QR code carries: the installation's one public address (OCOP_PUBLIC_URL,
    `ocop.web.public.absolute`), never the request's host, so a stamp printed today reads https://
    and the province's domain."""
    return absolute(stamp_path(serial=serial, gtin=gtin, lot=lot))
