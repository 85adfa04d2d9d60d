"""Importing a province's register of certified products: upload → check → preview → confirm.

Nothing is written before the confirmation; the confirmation writes every kept row or none (one
transaction, checked again inside it). Certificates are recorded as history with the rulebook the
register names: the star and total are kept as issued, never scored again; the only checks are that
the star fits the rulebook's bands (rules.md §2.3, §2.4) and that numbers are not already known.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.areas.models import Commune
from ocop.audit.models import record
from ocop.certificates.effects import certificates_changed
from ocop.certificates.models import Certificate, Decision
from ocop.certificates.services import district_issuer
from ocop.core.calendar_dates import add_months
from ocop.core.rulebooks import get_rulebook, rulebook_for_filing
from ocop.core.rulebooks.model import Rulebook, Scorecard
from ocop.core.scoring.council import LEVELS_VI
from ocop.dossiers.uploads import removed_on_failure
from ocop.errors import StepRefused
from ocop.national.codes import keep_imported_codes
from ocop.producers.models import Producer, ProducerKind, Product
from ocop.web.params import parse_integer

from .addresses import LegacyAddressMapper, canonical, default_mapper, plain
from .columns import BY_KEY, Sheet, UnreadableFile, parse_date, read_sheet, text
from .models import ImportBatch, ImportedRecord

MAX_BYTES = 20 * 1024 * 1024
CERTIFIED_STARS = (3, 4, 5)  # 1★ and 2★ get no certificate (26/2026 Art. 4.1a; rules.md §2.3)

# rulebook id ← what registers write in the column (checked in this order: 1489 before 148)
RULEBOOK_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"1489", "148-1489-2025"),
    (r"1048|781", "1048-2019"),
    (r"26\s*/\s*2026|^26(-2026)?$|^qd\s*26\b", "26-2026"),
    (r"148", "148-2023"),
)
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("to hop tac", ProducerKind.COOPERATIVE_GROUP),
    ("tht", ProducerKind.COOPERATIVE_GROUP),
    ("hop tac xa", ProducerKind.COOPERATIVE),
    ("htx", ProducerKind.COOPERATIVE),
    ("doanh nghiep", ProducerKind.ENTERPRISE),
    ("cong ty", ProducerKind.ENTERPRISE),
    ("dn", ProducerKind.ENTERPRISE),
    ("trang trai", ProducerKind.FARM),
    ("ho san xuat", ProducerKind.HOUSEHOLD),
    ("ho kinh doanh", ProducerKind.HOUSEHOLD),
    ("ho", ProducerKind.HOUSEHOLD),
    ("hiep hoi", ProducerKind.ASSOCIATION),
    ("hoi", ProducerKind.ASSOCIATION),
    ("trung tam", ProducerKind.ASSOCIATION),
)


# --- who may import ----------------------------------------------------------------------------------


def may_import(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.PROVINCE_STAFF and user.province_id)


def _require_staff(user: Any) -> None:
    if not may_import(user):
        raise StepRefused("Chỉ cán bộ OCOP cấp tỉnh được nhập sổ", "only province staff may import registers")


def batches_for(user: Any) -> Any:
    """The import batches of the user's province (another province's batch is a 404)."""
    if not may_import(user):
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(province=user.province_id).select_related("uploaded_by")


# --- reading values ------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def parse_rulebook(value: str) -> str | None:
    raw = plain(value).replace("qđ", "qd")
    if not raw:
        return None
    try:
        return get_rulebook(value.strip()).id
    except KeyError:
        pass
    for pattern, rulebook_id in RULEBOOK_PATTERNS:
        if re.search(pattern, raw):
            return rulebook_id
    return None


@lru_cache(maxsize=1024)
def parse_kind(value: str) -> str | None:
    raw = plain(value)
    if raw in ProducerKind.values:
        return raw
    for label_value, label in ProducerKind.choices:
        if plain(str(label)) == raw:
            return label_value
    words = f" {raw} "
    for word, kind in KIND_WORDS:
        if f" {word} " in words or raw.startswith(word + " ") or raw == word:
            return kind
    return None


def parse_scorecard(rulebook: Rulebook, value: Any) -> Scorecard | None:
    """A scorecard by its number ("14", "14 - Rượu trắng") or by the words of its subgroup or title."""
    return _scorecard(rulebook.id, text(value))


@lru_cache(maxsize=4096)
def _scorecard(rulebook_id: str, raw: str) -> Scorecard | None:
    rulebook = get_rulebook(rulebook_id)
    number = re.match(r"^\s*(?:số\s*)?(\d{1,2})\b", raw.lower())
    if number:
        return rulebook.scorecards.get(int(number.group(1)))
    wanted = plain(raw.removeprefix("Bộ sản phẩm:"))
    for card in rulebook.scorecards.values():
        names = (
            card.title.removeprefix("Bộ sản phẩm:"),
            card.classification.phan_nhom or "",
            card.classification.nhom,
        )
        if any(plain(name) == wanted for name in names if name):
            return card
    return None


def parse_number(value: Any) -> Decimal | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    raw = text(value).replace(" ", "").replace(",", ".")
    try:
        return Decimal(raw) if raw else None
    except InvalidOperation:
        return None


def parse_star(value: Any) -> int | None:
    raw = text(value).lower().replace("★", "").replace("sao", "").strip()
    try:
        star = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None
    return int(star) if star == int(star) else None


# --- checking a sheet ------------------------------------------------------------------------------------


@dataclass
class RowCheck:
    number: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    excluded: bool = False
    # what the row resolves to, when it has no problem
    commune: Commune | None = None
    kind: str = ""
    rulebook_id: str = ""
    scorecard_number: int = 0
    star: int = 0
    total: Decimal = Decimal(0)
    decision_date: date | None = None
    valid_until: date | None = None
    # who decided, from the rulebook (148-2023: district 3★), and the issuer as written or derived
    level: str = ""
    issuer: str = ""
    issuer_derived: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def level_label(self) -> str:
        return f"Cấp {LEVELS_VI.get(self.level, self.level)}" if self.level else ""


@dataclass
class Analysis:
    batch: ImportBatch
    columns: dict[str, str]
    rows: list[RowCheck]

    @property
    def kept(self) -> list[RowCheck]:
        return [r for r in self.rows if not r.excluded]

    @property
    def bad(self) -> list[RowCheck]:
        return [r for r in self.rows if r.problems and not r.excluded]

    @property
    def ready(self) -> bool:
        return bool(self.kept) and not self.bad


def _missing(label: str) -> str:
    return f"Thiếu «{label}» / missing {label}"


def check_rows(
    sheet: Sheet,
    province_id: int,
    mapper: LegacyAddressMapper,
    excluded: frozenset[int] | set[int] = frozenset(),
) -> list[RowCheck]:
    communes = {c.code: c for c in Commune.objects.filter(province=province_id).select_related("province")}
    known_numbers: set[str] = set()
    numbers = [text(v.get("certificate")) for _, v in sheet.rows]
    for chunk in range(0, len(numbers), 900):
        known_numbers.update(
            Certificate.objects.filter(number__in=numbers[chunk : chunk + 900]).values_list(
                "number", flat=True
            )
        )
    first_row: dict[str, int] = {}
    checks = []
    for number, raw in sheet.rows:
        values = {key: text(v) for key, v in raw.items()}
        row = RowCheck(number, values, excluded=number in excluded)
        checks.append(row)
        for key, column in BY_KEY.items():
            if not column.required or values.get(key):
                continue
            if key == "old_district" and values.get("new_commune_code"):
                continue  # the new code stands for the old address
            row.problems.append(_missing(column.heading))

        # address
        code_text = values.get("new_commune_code", "")
        if code_text:
            code = parse_integer(code_text)
            if code is None or code not in communes:
                row.problems.append(
                    f"Mã xã mới {code_text} không phải xã/phường của tỉnh / not a commune code of this province"
                )
            else:
                row.commune = communes[code]
        elif values.get("old_commune") and values.get("old_province"):
            match = mapper.resolve(
                values["old_province"], values.get("old_district", ""), values["old_commune"]
            )
            old = ", ".join(
                v for v in (values["old_commune"], values.get("old_district"), values["old_province"]) if v
            )
            if not match.codes:
                row.problems.append(
                    f"Không xác định được xã mới của địa chỉ cũ «{old}»: ghi «Mã xã mới» / unknown old address"
                )
            elif len(match.codes) > 1:
                row.problems.append(
                    f"Địa chỉ cũ «{old}» nay thuộc nhiều xã ({', '.join(map(str, match.codes))}): ghi «Mã xã mới» / the old commune was split"
                )
            elif match.codes[0] not in communes:
                row.problems.append(
                    f"Địa chỉ cũ «{old}» không thuộc tỉnh này / the address is in another province"
                )
            else:
                row.commune = communes[match.codes[0]]
                if match.guess:
                    row.notes.append(
                        f"Xã mới xác định theo tên ({match.note}), chưa theo bảng chuyển đổi: kiểm tra lại / matched by name only"
                    )

        if values.get("kind"):
            row.kind = parse_kind(values["kind"]) or ""
            if not row.kind:
                row.problems.append(
                    f"Loại hình chủ thể không rõ: «{values['kind']}» / unknown kind of producer"
                )

        # rulebook, scorecard, star and score
        rulebook = None
        if values.get("rulebook"):
            rulebook_id = parse_rulebook(values["rulebook"])
            if rulebook_id == "148-2023" and values["rulebook"].strip() != "148-2023":
                # Registers write "QĐ 148" for 2023–2025 alike: from 6/7/2025 that is 148 as amended by
                # 1489 (rules.md §0), so a bare "148" is read by the decision's date.
                on = parse_date(raw.get("decision_date")) if values.get("decision_date") else None
                amended = get_rulebook("148-1489-2025")
                if on is not None and on >= amended.effective_from:
                    rulebook_id = amended.id
                    row.notes.append(
                        f"«{values['rulebook']}» ngày {on:%d/%m/%Y}: đọc là {amended.id} (148 sửa đổi bởi "
                        f"1489, từ {amended.effective_from:%d/%m/%Y}) / read as 148 as amended, by its date"
                    )
            if rulebook_id is None:
                row.problems.append(f"Bộ quy tắc không rõ: «{values['rulebook']}» / unknown rulebook")
            else:
                rulebook, row.rulebook_id = get_rulebook(rulebook_id), rulebook_id
        card = None
        if rulebook is not None and values.get("scorecard"):
            card = parse_scorecard(rulebook, raw.get("scorecard"))
            if card is None:
                row.problems.append(
                    f"Không có bộ sản phẩm «{values['scorecard']}» trong bộ quy tắc {rulebook.id} / unknown subgroup"
                )
            else:
                row.scorecard_number = card.number
        star = parse_star(raw.get("star")) if values.get("star") else None
        total = parse_number(raw.get("total")) if values.get("total") else None
        if values.get("star") and star is None:
            row.problems.append(f"Hạng sao không hợp lệ: «{values['star']}» / bad star")
        elif star is not None and star not in CERTIFIED_STARS:
            row.problems.append(
                f"Chỉ sản phẩm 3–5 sao có giấy chứng nhận (dòng ghi {star} sao) / only 3–5★ are certified"
            )
        if values.get("total") and (total is None or not 0 <= total <= 100):
            row.problems.append(f"Tổng điểm không hợp lệ: «{values['total']}» / bad total score")
            total = None
        if star in CERTIFIED_STARS and total is not None and rulebook is not None:
            band = rulebook.band_star(Fraction(total))
            lowered_by_minimums = card is not None and card.has_star_minimums() and star < band
            if star != band and not lowered_by_minimums:
                row.problems.append(
                    f"{star} sao không khớp tổng điểm {values['total']} (bộ quy tắc {rulebook.id}: {_band_text(rulebook, band)}) / star does not match the score band"
                )
        if star is not None and total is not None:
            row.star, row.total = star, total

        # certificate number, decision and dates
        cert = values.get("certificate", "")
        if cert:
            if cert in known_numbers:
                row.problems.append(
                    f"Số giấy chứng nhận {cert} đã có trong hệ thống / certificate number already recorded"
                )
            elif cert in first_row:
                row.problems.append(
                    f"Số giấy chứng nhận {cert} trùng với dòng {first_row[cert]} / duplicate in the file"
                )
            else:
                first_row[cert] = number
        if values.get("decision_date"):
            row.decision_date = parse_date(raw.get("decision_date"))
            if row.decision_date is None:
                row.problems.append(f"Ngày quyết định không hợp lệ: «{values['decision_date']}» / bad date")
        if values.get("valid_until"):
            row.valid_until = parse_date(raw.get("valid_until"))
            if row.valid_until is None:
                row.problems.append(f"Ngày hết hiệu lực không hợp lệ: «{values['valid_until']}» / bad date")
        elif row.decision_date and rulebook is not None:
            # 36 months from the decision (rules.md §5.1), from the rulebook's data
            row.valid_until = add_months(row.decision_date, rulebook.certificate_validity_months or 36)
        if row.decision_date and row.valid_until and row.valid_until <= row.decision_date:
            row.problems.append(
                "Ngày hết hiệu lực phải sau ngày quyết định / validity ends before the decision"
            )
        if rulebook is not None and star in CERTIFIED_STARS:
            _check_level(row, rulebook, star)
    return checks


def _issuer_of_another_level(issuer: str, level: str) -> bool:
    """An issuer whose words name another level: "tỉnh" on a district decision, "huyện" on a
    provincial one. "Thành phố" can be either (a district-level city or Hà Nội), so it says nothing."""
    words = f" {canonical(issuer)} "
    district = any(f" {unit} " in words for unit in ("huyện", "thị xã", "quận"))
    province = " tỉnh " in words
    ministry = words.startswith(" bộ ") or " bộ nông nghiệp" in words
    if level == "district":
        return province or ministry
    if level == "province":
        return district or ministry
    return district or province


def _check_level(row: RowCheck, rulebook: Rulebook, star: int) -> None:
    """The level that decided, from the certificate's own rulebook, and the issuer of the decision: as
    the register writes it, else (district only) derived from the old district, else left blank."""
    holder = rulebook.recognising_level(star)
    if holder is None:
        row.problems.append(
            f"Bộ quy tắc {rulebook.id} không quy định cấp nào công nhận {star} sao: không xác định được "
            f"cấp ban hành quyết định / rulebook {rulebook.id} names no level that recognises {star}★"
        )
        return
    row.level = holder.code
    written = row.values.get("issuer", "")
    if written and _issuer_of_another_level(written, holder.code):
        # kept as written all the same: the register is the record, the note asks for a look
        row.notes.append(
            f"«{written}» không khớp cấp công nhận {star} sao theo bộ quy tắc {rulebook.id} "
            f"(cấp {LEVELS_VI.get(holder.code, holder.code)}): kiểm tra lại / the issuer does not look "
            f"like the level the rulebook gives"
        )
    if holder.code != "district":
        row.issuer = written
        return
    # Only 148-2023 gives a level that no longer exists: its decisions lie inside its own dates.
    start, end = rulebook.effective_from, rulebook.effective_until
    if row.decision_date and (row.decision_date < start or (end is not None and row.decision_date > end)):
        period = f"{start:%d/%m/%Y}–{end:%d/%m/%Y}" if end else f"từ {start:%d/%m/%Y}"
        try:
            then = f", ngày đó áp dụng «{rulebook_for_filing(row.decision_date).id}»"
        except LookupError:
            then = ""
        row.problems.append(
            f"Theo bộ quy tắc {rulebook.id}, {star} sao do cấp huyện công nhận, nhưng quyết định ngày "
            f"{row.decision_date:%d/%m/%Y} nằm ngoài thời gian áp dụng ({period}{then}): kiểm tra "
            f"«Bộ quy tắc» / a district decision outside the rulebook's dates: check the rulebook column"
        )
    if written:
        row.issuer = written
        return
    row.issuer = district_issuer(row.values.get("old_district", ""))
    row.issuer_derived = bool(row.issuer)
    if not row.issuer:
        row.notes.append(
            "Quyết định cấp huyện nhưng sổ không ghi «Cơ quan ban hành» và «Huyện (cũ)»: cơ quan ban "
            "hành để trống / a district decision with no issuer and no old district: the issuer is left blank"
        )


def _band_text(rulebook: Rulebook, star: int) -> str:
    band = next(b for b in rulebook.star_bands if b.star == star)
    upper = f" đến dưới {band.upper}" if band.upper is not None else ""
    return f"{band.lower}{upper} điểm là {star} sao"


# --- the flow --------------------------------------------------------------------------------------------


def upload(user: User, name: str, data: bytes) -> ImportBatch:
    """Keep the file (data directory) and check that it can be read; nothing else is written."""
    _require_staff(user)
    if not data:
        raise StepRefused("Tệp rỗng", "the file is empty")
    if len(data) > MAX_BYTES:
        raise StepRefused("Tệp quá lớn (tối đa 20 MB)", "the file is too large (20 MB at most)")
    try:
        sheet = read_sheet(data, name)
    except UnreadableFile as e:
        raise StepRefused(e.vi, e.en) from e
    if sheet.missing:
        names = ", ".join(f"«{c.heading}»" for c in sheet.missing)
        raise StepRefused(f"Tệp thiếu cột: {names}", "required columns are missing")
    if not sheet.rows:
        raise StepRefused("Tệp không có dòng dữ liệu nào", "the file has no rows")
    batch = ImportBatch(
        province_id=user.province_id,
        original_name=name[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        rows=len(sheet.rows),
        content=sheet.to_json(),
        uploaded_by=user,
    )
    batch.file.save(name, ContentFile(data), save=False)
    with removed_on_failure(batch.file), transaction.atomic():
        batch.save()
        record(
            user, "register.upload", subject=f"register:{batch.pk}", file=batch.original_name, rows=batch.rows
        )
    return batch


def _open(batch: ImportBatch) -> Sheet:
    if batch.content:
        return Sheet.from_json(batch.content)
    with batch.file.open("rb") as f:
        return read_sheet(f.read(), batch.original_name)


def analyse(batch: ImportBatch, mapper: LegacyAddressMapper | None = None) -> Analysis:
    sheet = _open(batch)
    rows = check_rows(sheet, batch.province_id, mapper or default_mapper(), set(batch.excluded))
    return Analysis(batch, sheet.columns, rows)


def _require_open(user: User, batch: ImportBatch) -> None:
    _require_staff(user)
    if batch.province_id != user.province_id:
        raise StepRefused("Lần nhập này thuộc tỉnh khác", "this import belongs to another province")
    if batch.status != ImportBatch.Status.PREVIEW:
        raise StepRefused("Lần nhập này đã kết thúc", "this import is closed")


def set_excluded(user: User, batch: ImportBatch, rows: set[int], shown: set[int] | None = None) -> None:
    """Leave out `rows`; with `shown` (the rows of one page of the preview), only those rows change."""
    _require_open(user, batch)
    if shown is not None:
        rows = (set(batch.excluded) - shown) | (rows & shown)
    batch.excluded = sorted(rows)
    batch.save(update_fields=["excluded"])


def exclude_bad(user: User, batch: ImportBatch, mapper: LegacyAddressMapper | None = None) -> int:
    """Leave out every row that has a problem; returns how many are left out now."""
    _require_open(user, batch)
    analysis = analyse(batch, mapper)
    rows = {r.number for r in analysis.rows if r.problems} | set(batch.excluded)
    set_excluded(user, batch, rows)
    return len(rows)


def cancel(user: User, batch: ImportBatch) -> None:
    _require_open(user, batch)
    batch.file.delete(save=False)
    batch.status = ImportBatch.Status.CANCELLED
    batch.save(update_fields=["file", "status"])
    record(user, "register.cancel", subject=f"register:{batch.pk}")


def _name_key(name: str) -> str:
    return canonical(name)


@transaction.atomic
def confirm(user: User, batch: ImportBatch, mapper: LegacyAddressMapper | None = None) -> int:
    """Write every kept row, or nothing: the checks run again inside the transaction."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _require_open(user, batch)
    analysis = analyse(batch, mapper)
    if analysis.bad:
        raise StepRefused(
            f"Còn {len(analysis.bad)} dòng có lỗi chưa loại ra: sửa tệp hoặc loại các dòng đó",
            f"{len(analysis.bad)} rows with problems are still included",
        )
    kept = analysis.kept
    if not kept:
        raise StepRefused("Không còn dòng nào để ghi", "no row left to write")

    communes = {r.commune.pk for r in kept if r.commune is not None}
    province = batch.province

    # 1. producers: matched by name and commune, else created (in bulk)
    producers: dict[tuple[int, str], Producer] = {
        (p.commune_id, _name_key(p.name)): p for p in Producer.objects.filter(commune__in=communes)
    }
    known_producers = set(producers)
    for row in kept:
        assert row.commune is not None
        key = (row.commune.pk, _name_key(row.values["producer"]))
        if key not in producers:
            producers[key] = Producer(
                name=row.values["producer"],
                kind=row.kind,
                representative=row.values["representative"],
                address=f"{row.commune.name}, {province.name}",
                commune=row.commune,
            )
    _bulk_create(Producer, [p for k, p in producers.items() if k not in known_producers])

    # 2. products: matched by name within the producer, else created with the row's classification
    products: dict[tuple[int, str], Product] = {
        (p.producer_id, _name_key(p.name)): p
        for p in Product.objects.filter(producer__in={p.pk for p in producers.values()})
    }
    known_products = set(products)
    for row in kept:
        assert row.commune is not None
        producer = producers[(row.commune.pk, _name_key(row.values["producer"]))]
        key = (producer.pk, _name_key(row.values["product"]))
        if key not in products:
            products[key] = Product(
                producer=producer,
                name=row.values["product"],
                rulebook_id=row.rulebook_id,
                scorecard_number=row.scorecard_number,
            )
    _bulk_create(Product, [p for k, p in products.items() if k not in known_products])

    # 3. one decision per number, date, rulebook and level in the file; district decisions also per
    # issuer, since two districts could each number a decision the same way
    decisions: dict[tuple[str, date, str, str, str], Decision] = {}
    row_decision: dict[int, Decision] = {}
    for row in kept:
        assert row.decision_date is not None and row.level
        district = canonical(row.issuer) if row.level == "district" else ""
        dkey = (row.values["decision_number"], row.decision_date, row.rulebook_id, row.level, district)
        if dkey not in decisions:
            decisions[dkey] = Decision(
                number=row.values["decision_number"],
                signed_on=row.decision_date,
                # The model asks for a signer account; an old decision has none: the importer stands in.
                signer=user,
                signer_title="",
                issuer=row.issuer,
                province=province,
                level=row.level,
                rulebook_id=row.rulebook_id,
            )
        row_decision[row.number] = decisions[dkey]
    _bulk_create(Decision, list(decisions.values()))

    # 4. the certificates, as history, and the record of each with its old address
    certificates, records = [], []
    for row in kept:
        v = row.values
        assert row.commune is not None and row.decision_date is not None and row.valid_until is not None
        pkey = (row.commune.pk, _name_key(v["producer"]))
        producer = producers[pkey]
        qkey = (producer.pk, _name_key(v["product"]))
        product = products[qkey]
        old_address = ", ".join(
            x for x in (v["old_commune"], v.get("old_district", ""), v["old_province"]) if x
        )
        certificates.append(
            Certificate(
                number=v["certificate"],
                decision=row_decision[row.number],
                product=product,
                star=row.star,
                total=row.total,
                rulebook_id=row.rulebook_id,
                scorecard_number=row.scorecard_number,
                product_name=v["product"],
                producer_name=v["producer"],
                producer_address=old_address,  # the certificate said what the address was then
                valid_from=row.decision_date,
                valid_until=row.valid_until,
                status=Certificate.Status.VALID,
            )
        )
        records.append(
            ImportedRecord(
                batch=batch,
                row_number=row.number,
                producer=producer,
                product=product,
                producer_created=pkey not in known_producers,
                product_created=qkey not in known_products,
                province=v["old_province"],
                district=v.get("old_district", ""),
                commune=v["old_commune"],
            )
        )
    _bulk_create(Certificate, certificates)
    keep_imported_codes(
        (cert, row.values.get("product_code", "")) for row, cert in zip(kept, certificates, strict=True)
    )
    for rec, cert in zip(records, certificates, strict=True):
        rec.certificate = cert
    ImportedRecord.objects.bulk_create(records, batch_size=500)
    created = {
        "producers": len(producers) - len(known_producers),
        "products": len(products) - len(known_products),
    }
    touched = {c.product_id for c in certificates}
    _settle_statuses(touched, timezone.localdate())
    # The catalogue and the verification cache follow, as after any change to certificates (the import
    # may also have marked earlier certificates of these products replaced or expired).
    certificates_changed(touched)

    batch.status = ImportBatch.Status.CONFIRMED
    batch.confirmed_by, batch.confirmed_at, batch.written = user, timezone.now(), len(certificates)
    batch.save(update_fields=["status", "confirmed_by", "confirmed_at", "written"])
    record(
        user,
        "register.confirm",
        subject=f"register:{batch.pk}",
        file=batch.original_name,
        certificates=len(certificates),
        excluded=len(batch.excluded),
        producers_created=created["producers"],
        products_created=created["products"],
    )
    return len(certificates)


def _bulk_create(model: Any, objects: list[Any]) -> None:
    """Insert in bulk; every backend the project uses (PostgreSQL, SQLite ≥ 3.35) returns the ids."""
    model.objects.bulk_create(objects, batch_size=500)
    if any(o.pk is None for o in objects):
        raise RuntimeError(f"{model.__name__}: the database did not return the new ids")


def _settle_statuses(product_ids: set[int], today: date) -> None:
    """Per product, a certificate followed by a later one is replaced; a lone one past its term is
    expired. Revoked certificates are left as they are; the system's own certificates are only ever
    marked replaced (by a later imported one)."""
    by_product: dict[int, list[tuple[date, int, date, str, bool]]] = defaultdict(list)
    ids = sorted(product_ids)
    for chunk in range(0, len(ids), 900):
        rows = (
            Certificate.objects.filter(product_id__in=ids[chunk : chunk + 900])
            .exclude(status=Certificate.Status.REVOKED)
            .values_list("product_id", "valid_from", "pk", "valid_until", "status", "dossier_id")
        )
        for product_id, valid_from, pk, valid_until, status, dossier_id in rows:
            by_product[product_id].append((valid_from, pk, valid_until, status, dossier_id is not None))
    changes: dict[str, list[int]] = defaultdict(list)
    for certs in by_product.values():
        certs.sort()
        for i, (_, pk, valid_until, current, own) in enumerate(certs):
            if i < len(certs) - 1:
                status = Certificate.Status.REPLACED
            elif valid_until < today:
                status = Certificate.Status.EXPIRED
            else:
                status = Certificate.Status.VALID
            if own and status != Certificate.Status.REPLACED:
                continue
            if current != status:
                changes[status].append(pk)
    for status, pks in changes.items():
        for chunk in range(0, len(pks), 900):
            Certificate.objects.filter(pk__in=pks[chunk : chunk + 900]).update(status=status)
