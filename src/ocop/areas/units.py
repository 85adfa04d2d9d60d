"""Load the 2025 administrative units from the `vietnam-provinces` package."""

from __future__ import annotations

from vietnam_provinces import Province as VPProvince
from vietnam_provinces import Ward as VPWard

from .models import Commune, Province


def load_units(province_codes: list[int] | None = None) -> int:
    """Create missing provinces and communes (all, or the given provinces). Returns how many were added."""
    wanted = {int(p.code) for p in VPProvince.iter_all()} if province_codes is None else set(province_codes)
    existing = set(Province.objects.values_list("code", flat=True))
    Province.objects.bulk_create(
        [
            Province(code=int(p.code), name=p.name)
            for p in VPProvince.iter_all()
            if int(p.code) in wanted and int(p.code) not in existing
        ]
    )
    provinces = {p.code: p for p in Province.objects.filter(code__in=wanted)}
    known = set(Commune.objects.values_list("code", flat=True))
    communes = [
        Commune(code=int(w.code), name=w.name, province=provinces[int(w.province_code)])
        for w in VPWard.iter_all()
        if int(w.province_code) in wanted and int(w.code) not in known
    ]
    Commune.objects.bulk_create(communes, batch_size=500)
    return len(communes) + len(wanted - existing)
