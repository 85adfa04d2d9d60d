"""Build `Rulebook` objects from the YAML data shipped in `data/`.

The loader is faithful, not clever: it carries over what the data says and leaves judging it to
`validate`. Anything it cannot read raises `RulebookDataError` naming the file and the node.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .model import (
    ChecklistItem,
    Classification,
    Criterion,
    Exemption,
    Gate,
    Group,
    Level,
    Note,
    Option,
    Part,
    Reading,
    Round,
    Rulebook,
    Scorecard,
    StarBand,
)

DATA = Path(__file__).parent / "data"
GATE_KINDS = ("stop_rule", "disqualification")

try:  # libyaml makes loading the 77 cards several times faster
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


class RulebookDataError(ValueError):
    pass


def _yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)


def _notes(raw: dict[str, Any]) -> tuple[Note, ...]:
    return tuple(Note(kind=n["kind"], text=n["text"]) for n in raw.get("notes") or ())


@dataclass(frozen=True)
class Readings:
    """A scorecard set's readings (data/readings/<set>.yaml), by card number."""

    checked_against: Reading | None = None
    derived: dict[int, dict[str, tuple[int, str, Reading]]] = field(default_factory=dict)
    answer_rules: dict[int, dict[str, tuple[tuple[str, ...], Reading]]] = field(default_factory=dict)
    exemptions: dict[int, dict[str, Exemption]] = field(default_factory=dict)


def _reading(raw: dict[str, Any]) -> Reading:
    return Reading(vi=" ".join(str(raw["vi"]).split()), en=" ".join(str(raw["en"]).split()))


def load_readings(scorecard_set: str) -> Readings:
    path = DATA / "readings" / f"{scorecard_set}.yaml"
    if not path.exists():
        return Readings()
    raw = _yaml(path)
    if raw.get("schema") != "ocop-readings/1" or raw.get("scorecard_set") != scorecard_set:
        raise RulebookDataError(f"{path.name}: not the ocop-readings/1 file of {scorecard_set}")
    readings = Readings(
        checked_against=Reading(
            vi=" ".join(str(raw["checked_against"]).split()),
            en=" ".join(str(raw["checked_against_en"]).split()),
        )
        if raw.get("checked_against")
        else None
    )
    for d in raw.get("derived_points") or ():
        readings.derived.setdefault(int(d["card"]), {})[str(d["option"])] = (
            int(d["points"]),
            str(d["printed"]),
            _reading(d),
        )
    for r in raw.get("answer_rules") or ():
        options = tuple(str(o) for o in r["options"])
        readings.answer_rules.setdefault(int(r["card"]), {})[str(r["gate"])] = (options, _reading(r))
    for e in raw.get("exemptions") or ():
        exemption = Exemption(
            id=f"{e['criterion']}:{e['id']}",
            criterion=str(e["criterion"]),
            condition=str(e["condition"]),
            condition_en=str(e["condition_en"]),
            quote=" ".join(str(e["quote"]).split()),
            reading=_reading(e),
        )
        readings.exemptions.setdefault(int(e["card"]), {})[exemption.criterion] = exemption
    return readings


class _CardBuilder:
    """Turns one scorecard file into a `Scorecard`, collecting its gates and laying the set's
    readings over it (derived points, answer rules, exemptions): each reading must find its node."""

    def __init__(self, path: Path, scorecard_set: str, readings: Readings | None = None) -> None:
        self.path = path
        self.scorecard_set = scorecard_set
        self.readings = readings or Readings()
        self.gates: list[Gate] = []
        self._gate_ids: Counter[str] = Counter()
        self._derived: dict[str, tuple[int, str, Reading]] = {}
        self._exemptions: dict[str, Exemption] = {}
        self._used: set[str] = set()

    def _collect_gates(self, at: str, notes: tuple[Note, ...]) -> None:
        for note in notes:
            if note.kind in GATE_KINDS:
                base = f"{at}:{note.kind}"
                self._gate_ids[base] += 1
                n = self._gate_ids[base]
                self.gates.append(
                    Gate(id=base if n == 1 else f"{base}-{n}", kind=note.kind, text=note.text, at=at)
                )

    def node(self, raw: dict[str, Any]) -> Criterion | Group:
        node_id = str(raw["id"])
        notes = _notes(raw)
        self._collect_gates(node_id, notes)
        if raw.get("kind") == "group" or "criteria" in raw:
            return Group(
                id=node_id,
                title=raw.get("text") or raw.get("title") or "",
                children=tuple(self.node(c) for c in raw["criteria"]),
                choose_one=raw.get("scoring") == "choose_one",
                notes=notes,
                stated_points=raw.get("stated_points"),
            )
        if not raw.get("options"):
            raise RulebookDataError(f"{self.path.name}: criterion {node_id} has no options")
        options = tuple(self.option(o) for o in raw["options"])
        exemption = self._exemptions.get(node_id)
        if exemption is not None:
            self._used.add(f"exemption {node_id}")
        return Criterion(
            id=node_id,
            label=raw.get("label") or "",
            text=raw.get("text") or "",
            options=options,
            notes=notes,
            star_minimums=_star_minimums(raw, options),
            yes_no=bool(raw.get("yes_no")),
            exemption=exemption,
        )

    def option(self, raw: dict[str, Any]) -> Option:
        option_id = str(raw["id"])
        option = Option(
            id=option_id, text=raw["text"], points=raw.get("points"), min_star=raw.get("min_star")
        )
        if option_id not in self._derived:
            return option
        points, printed, reading = self._derived[option_id]
        if option.points is not None or str(raw.get("points_raw", "")) != printed:
            raise RulebookDataError(
                f"{self.path.name}: option {option_id} reads {raw.get('points_raw')!r} "
                f"with points {option.points}; the reading expects an unreadable {printed!r}"
            )
        self._used.add(f"option {option_id}")
        return replace(option, points=points, printed=printed, derived=reading)

    def section(self, raw: dict[str, Any]) -> Group:
        node = self.node({**raw, "criteria": raw.get("criteria") or []})
        assert isinstance(node, Group)
        return node

    def build(self) -> Scorecard:
        raw = _yaml(self.path)
        if not isinstance(raw, dict) or raw.get("schema") != "ocop-scorecard/1":
            raise RulebookDataError(f"{self.path.name}: not an ocop-scorecard/1 file")
        meta = raw["scorecard"]
        # The 1048 dump only gives an order, "probably the Appendix order": carry its caveat as a quirk.
        number = int(meta.get("number", meta.get("number_in_source_order")))
        self._derived = self.readings.derived.get(number, {})
        self._exemptions = self.readings.exemptions.get(number, {})
        card_notes = _notes(raw)
        self._collect_gates("card", card_notes)
        parts = tuple(
            Part(
                code=p["code"],
                title=p["title"],
                legal_max=int(p["max_points"]),
                sections=tuple(self.section(s) for s in p.get("sections") or ()),
            )
            for p in raw["parts"]
        )
        source = raw.get("source") or {}
        quirks = [str(q) for q in raw.get("transcription_quirks") or ()]
        if meta.get("number_note"):
            quirks.insert(0, f"scorecard number: {meta['number_note']}")
        gates = tuple(self._with_answer_rules(number, parts))
        expected = (
            {f"option {o}" for o in self._derived}
            | {f"exemption {c}" for c in self._exemptions}
            | {f"gate {g}" for g in self.readings.answer_rules.get(number, {})}
        )
        if expected - self._used:
            raise RulebookDataError(
                f"{self.path.name}: readings find no node for {', '.join(sorted(expected - self._used))}"
            )
        return Scorecard(
            rulebook_set=self.scorecard_set,
            number=number,
            slug=meta["slug"],
            title=meta["title"],
            classification=_classification(raw.get("classification") or {}),
            parts=parts,
            notes=card_notes,
            gates=gates,
            quirks=tuple(quirks),
            source=" ".join(str(source.get(k, "")) for k in ("repository", "path") if source.get(k)),
            verified=bool(source.get("verified_against_official_text")),
            checked_against=self.readings.checked_against,
        )

    def _with_answer_rules(self, number: int, parts: tuple[Part, ...]) -> list[Gate]:
        """Tie each answer rule to its gate, checking its options lie under the gate's node."""
        rules = self.readings.answer_rules.get(number, {})
        under: dict[str, set[str]] = {}
        for part in parts:
            for section in part.sections:
                _options_under(section, under)
        gates = []
        for gate in self.gates:
            if gate.id in rules:
                options, reading = rules[gate.id]
                stray = [o for o in options if o not in under.get(gate.at, set())]
                if stray:
                    raise RulebookDataError(
                        f"{self.path.name}: gate {gate.id} names options outside {gate.at}: {stray}"
                    )
                self._used.add(f"gate {gate.id}")
                gate = replace(gate, options=options, reading=reading)
            gates.append(gate)
        return gates


def _options_under(node: Criterion | Group, into: dict[str, set[str]]) -> set[str]:
    """Every node id → the ids of the options beneath it."""
    if isinstance(node, Criterion):
        found = {o.id for o in node.options}
    else:
        found = set().union(*(_options_under(child, into) for child in node.children))
    into[node.id] = found
    return found


def _star_minimums(raw: dict[str, Any], options: tuple[Option, ...]) -> dict[int, int]:
    """star → points floor, from `star_requirements` (which also covers markers on a criterion heading)."""
    floors: dict[int, int] = {}
    requirements = raw.get("star_requirements")
    if requirements:
        for req in requirements:
            floors[int(req["star"])] = max(floors.get(int(req["star"]), 0), int(req["min_points"]))
        return floors
    for option in options:
        if option.min_star and option.points is not None:
            floors[option.min_star] = max(floors.get(option.min_star, 0), option.points)
    return floors


def _classification(raw: dict[str, Any]) -> Classification:
    if "nganh" in raw:  # the 1048 dump numbers its ngành / nhóm / phân nhóm
        ids = [raw[k]["id"] for k in ("nganh", "nhom", "phan_nhom")]
        return Classification(
            code=".".join(str(i) for i in ids),
            group=raw["nganh"]["name"],
            nhom=raw["nhom"]["name"],
            phan_nhom=raw["phan_nhom"]["name"],
        )
    phan_nhom = raw.get("phan_nhom")
    return Classification(
        code=str(raw.get("code", "")),
        group=(raw.get("group") or {}).get("name", ""),
        nhom=(raw.get("nhom") or {}).get("name", ""),
        phan_nhom=phan_nhom.get("name") if phan_nhom else None,
    )


def load_scorecards(scorecard_set: str, folder: Path | None = None) -> dict[int, Scorecard]:
    """The cards of a set with the set's readings laid over them (none for a folder given by hand)."""
    readings = load_readings(scorecard_set) if folder is None else Readings()
    folder = folder or DATA / "scorecards" / scorecard_set
    cards: dict[int, Scorecard] = {}
    for path in sorted(folder.glob("*.yaml")):
        card = _CardBuilder(path, scorecard_set, readings).build()
        if card.number in cards:
            raise RulebookDataError(f"{path.name}: scorecard number {card.number} appears twice")
        cards[card.number] = card
    return cards


def _month_day(raw: list[int]) -> tuple[int, int]:
    return (int(raw[0]), int(raw[1]))


def load_rulebook(path: Path, scorecards: dict[int, Scorecard]) -> Rulebook:
    raw = _yaml(path)
    window = raw.get("rerating_window_days")
    transition = raw.get("transition") or {}
    dossier = raw.get("dossier") or {}

    def day(key: str) -> date | None:
        value = raw.get(key)
        return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))

    signed, effective_from = day("signed"), day("effective_from")
    if signed is None or effective_from is None:
        raise RulebookDataError(f"{path.name}: signed and effective_from are required")
    return Rulebook(
        id=str(raw["id"]),
        decision=raw["decision"],
        title=raw["title"],
        signed=signed,
        effective_from=effective_from,
        effective_until=day("effective_until"),
        scorecard_set=raw["scorecard_set"],
        part_maxima={str(k): int(v) for k, v in raw["part_maxima"].items()},
        star_bands=tuple(
            StarBand(int(b["star"]), int(b["lower"]), b.get("upper")) for b in raw["star_bands"]
        ),
        levels=tuple(
            Level(
                code=lv["code"],
                name=lv["name"],
                does=lv["does"],
                recognises=tuple(lv.get("recognises") or ()),
                forwards_from=lv.get("forwards_from"),
                forwards_to=lv.get("forwards_to"),
                time_limit_working_days=lv.get("time_limit_working_days"),
                source=lv.get("source", ""),
            )
            for lv in raw["levels"]
        ),
        rounds=tuple(
            Round(r["level"], int(r["number"]), _month_day(r["held_before"]), _month_day(r["cutoff"]))
            for r in raw.get("rounds") or ()
        ),
        certificate_validity_months=raw.get("certificate_validity_months"),
        rerating_window_days=(int(window[0]), int(window[1])) if window else None,
        rerating_time_limit_days=raw.get("rerating_time_limit_days"),
        revocation_time_limit_days=raw.get("revocation_time_limit_days"),
        revocation_grounds={str(k): str(v) for k, v in (raw.get("revocation_grounds") or {}).items()},
        dossier_to_members_working_days=raw.get("dossier_to_members_working_days"),
        scorecards=scorecards,
        expected_scorecards=int(raw["expected_scorecards"]),
        transition_days={str(k): int(v) for k, v in (transition.get("finish_within_days") or {}).items()},
        transition_applies_to=tuple(str(x) for x in transition.get("applies_to") or ()),
        certificate_grace_days_max=transition.get("certificate_grace_days_max"),
        checklists={
            kind: tuple(ChecklistItem(i["code"], i["label"], bool(i["required"])) for i in items)
            for kind, items in (dossier.get("checklist") or {}).items()
        },
        samples=dossier.get("samples"),
        unknowns=tuple(raw.get("unknowns") or ()),
        sources=tuple(raw.get("sources") or ()),
    )


@cache
def all_rulebooks() -> dict[str, Rulebook]:
    """Every rulebook, oldest first, loaded once per process. Rulebooks sharing a scorecard set share cards."""
    sets: dict[str, dict[int, Scorecard]] = {}
    books: list[Rulebook] = []
    for path in sorted((DATA / "rulebooks").glob("*.yaml")):
        scorecard_set = _yaml(path)["scorecard_set"]
        if scorecard_set not in sets:
            sets[scorecard_set] = load_scorecards(scorecard_set)
        books.append(load_rulebook(path, sets[scorecard_set]))
    return {b.id: b for b in sorted(books, key=lambda b: b.effective_from)}


def get_rulebook(rulebook_id: str) -> Rulebook:
    books = all_rulebooks()
    if rulebook_id not in books:
        known = ", ".join(books)
        raise KeyError(
            f"Không có bộ quy tắc '{rulebook_id}' (có: {known}) / no rulebook '{rulebook_id}' (known: {known})"
        )
    return books[rulebook_id]
