"""The `ocop` command: rulebooks and scoring from the shell, and the web server.

`rulebooks` and `score` use the domain core only; `serve` and `manage` start Django.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.rulebooks import Finding, all_rulebooks, check_rulebook, get_rulebook, is_complete
from ..core.rulebooks.model import Criterion, Group, Rulebook, Scorecard
from ..core.scoring import AnswerError, CouncilSettings, Result, evaluate, two_decimals
from .scorefile import ScoreFileError, read_file, template_rows

SCORE_HELP = """\
Đọc phiếu chấm của các thành viên hội đồng cho MỘT sản phẩm và in kết quả (JSON).
Reads the council members' scorecards for ONE product and prints the result as JSON.

JSON:
  {"rulebook": "26-2026", "scorecard": 1, "product": "Mật ong bạc hà", "level": "province",
   "members": [{"member": "Nguyễn Văn A", "answers": {"1.1": "1.1.3", "1.2": 2, "5.2": "-"},
                "gates": []}, ...]}

CSV / Excel (.xlsx, first sheet), one column a member:
  rulebook,26-2026
  scorecard,1
  product,Mật ong bạc hà            (optional; also: level)
  tiêu chí,nội dung,tối đa,Nguyễn Văn A,Trần Thị B
  1.1,Nguồn gốc sản phẩm,3,1.1.3,3
  5.2,Cấu trúc câu chuyện,3,-,-
  card:disqualification,Hồ sơ bị loại khi…,,,x

An answer is an option id ("1.1.3") or the option's points ("3"); "-" or "KAD" marks a criterion that
is not scored in this case (it counts 0 and keeps its star minimum). Rows whose id contains ":" are
gates (stop rules, disqualification) that no answer can show: put "x" under a member who found it
applies. A gate the answers decide (card 16: a 0 in §6) needs no row. `exemptions` (JSON: a list; a
sheet: one `exemptions` row) records a condition the card itself sets for a product, e.g.
"7.1:khong-bat-buoc-cong-bo" on card 21: only then may that criterion be "-", and its minimum is
excused. `ocop rulebooks 26-2026/1` lists a card's criteria, options, gates, derived values and
exemptions; `ocop score --template 26-2026/1 form.csv` writes a blank form.

Exit code 0 with the result on standard output; 2 with the problems (each naming its criterion) on
standard error when the file does not fit the scorecard.
"""


def _num(value: Any) -> float:
    return float(two_decimals(value))


def result_json(result: Result, product: str = "") -> dict[str, Any]:
    return {
        "product": product or None,
        "rulebook": result.rulebook.id,
        "decision": result.rulebook.decision,
        "scorecard": {"number": result.card.number, "title": result.card.title},
        "level": result.level,
        "status": result.status,
        "total": _num(result.total),
        "parts": {code: _num(v) for code, v in result.parts.items()},
        "band_star": result.band_star,
        "star": result.star,
        "recognised_at": result.recognised_at,
        "forwarded_to": result.forwarded_to,
        "summary": result.summary,
        "explanation": result.explanation,
        "minimum_failures": [
            {
                "star": f.star,
                "criterion": f.criterion,
                "reached": _num(f.reached),
                "required": f.required,
                "minimum_of": f.marker,
            }
            for f in result.failures
        ],
        "gates": [
            {"id": g.id, "kind": g.kind, "text": g.text, "decided_by_options": list(g.options)}
            for g in result.gates
        ],
        "exemptions": [{"id": e.id, "condition": e.condition} for e in result.exemptions],
        "members": [{"member": m.member, "total": m.total, "parts": m.parts} for m in result.members],
        "spread": result.spread,
        "criteria": {cid: _num(v) for cid, v in result.criteria.items()},
        "warnings": list(result.warnings),
    }


def cmd_score(args: argparse.Namespace) -> int:
    if args.template:
        rulebook, card = _card_ref(args.template)
        rows = template_rows(rulebook, card)
        if not args.file:
            csv.writer(sys.stdout).writerows(rows)
            return 0
        with open(args.file, "w", newline="", encoding="utf-8-sig") as out:  # closed: no ResourceWarning
            csv.writer(out).writerows(rows)
        return 0
    if not args.file:
        print("Cần tên tệp / a FILE is required", file=sys.stderr)
        return 2
    try:
        council = read_file(Path(args.file), args.rulebook, args.scorecard)
        settings = CouncilSettings(max_spread=args.max_spread)
        result = evaluate(
            council.rulebook,
            council.card,
            council.forms,
            level=args.level or council.level,
            settings=settings,
            exemptions=council.exemptions,
        )
    except ScoreFileError as e:
        print(f"Lỗi / error: {e}", file=sys.stderr)
        return 2
    except AnswerError as e:
        print("Phiếu chấm không khớp bộ tiêu chí / the forms do not fit the scorecard:", file=sys.stderr)
        for problem in e.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    json.dump(result_json(result, council.product), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def _card_ref(ref: str) -> tuple[Rulebook, Scorecard]:
    rulebook_id, _, number = ref.partition("/")
    try:
        rulebook = get_rulebook(rulebook_id)
        return rulebook, rulebook.scorecard(int(number))
    except (KeyError, ValueError) as e:
        reason = e.args[0] if e.args else e
        print(
            f"Không tìm thấy phiếu '{ref}' (dạng 26-2026/1): {reason} / no scorecard '{ref}'", file=sys.stderr
        )
        raise SystemExit(2) from None  # like every other usage error of `ocop` (exit 1 is for crashes)


def _print_node(node: Criterion | Group, depth: int) -> None:
    pad = "  " * depth
    if isinstance(node, Group):
        how = " — chọn một / choose one" if node.choose_one else ""
        print(f"{pad}{node.id} {node.title} [{node.max_points}]{how}")
        for child in node.children:
            _print_node(child, depth + 1)
        return
    floors = " ".join(f"{s}★≥{p}" for s, p in sorted(node.star_minimums.items()))
    na = " (có thể KAD, vẫn giữ mức tối thiểu)" if node.not_scored_when_absent else ""
    print(f"{pad}{node.id} {node.text} [{node.max_points}] {floors}{na}".rstrip())
    if node.exemption is not None:
        e = node.exemption
        print(f"{pad}    miễn / exemption {e.id}: {e.condition} — «{e.quote}» {e.reading.vi}")
    for option in node.options:
        points = "?" if option.points is None else option.points
        if option.derived is not None:
            print(f"{pad}    {option.id} ({points}, suy ra / derived) {option.text}")
            print(f"{pad}        bản in «{option.printed}»: {option.derived.vi}")
        else:
            print(f"{pad}    {option.id} ({points}) {option.text}")


@dataclass(frozen=True)
class CardStatus:
    number: int
    card: Scorecard | None
    findings: list[Finding]

    @property
    def complete(self) -> bool:
        return self.card is not None and is_complete(self.findings)

    @property
    def missing(self) -> list[str]:
        if self.card is None:
            return ["không có trong dữ liệu / not in the data"]
        return [f.message for f in self.findings if f.severity in ("error", "missing")]

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.card.title if self.card else None,
            "code": self.card.classification.code if self.card else None,
            "loaded": self.card is not None,
            "complete": self.complete,
            "criteria": sum(1 for _ in self.card.criteria()) if self.card else 0,
            "missing": self.missing,
            "notes": [f.message for f in self.findings if f.severity == "note"],
        }


def card_statuses(book: Rulebook) -> tuple[list[CardStatus], list[Finding]]:
    """Every expected scorecard of the rulebook with its findings, and the rulebook-wide findings."""
    report = check_rulebook(book)
    cards = [
        CardStatus(n, book.scorecards.get(n), report.get(n, []))
        for n in range(1, book.expected_scorecards + 1)
    ]
    return cards, report["rulebook"]


def _print_card(rulebook: Rulebook, card: Scorecard) -> None:
    print(f"{rulebook.id} phiếu {card.number}: {card.title} ({card.classification.code})")
    for part in card.parts:
        print(f"Phần {part.code} {part.title} [{part.max_points}/{part.legal_max}]")
        for section in part.sections:
            _print_node(section, 1)
    for gate in card.gates:
        kind = "dừng / stop" if gate.stops else "loại / void"
        print(f"gate {gate.id} ({kind}): {gate.text}")
        if gate.options:
            print(f"    do câu trả lời quyết định / decided by the answers: {', '.join(gate.options)}")
            if gate.reading is not None:
                print(f"    {gate.reading.vi}")
        else:
            print("    thành viên ghi nhận / a member's finding (no answer can show it)")
    for finding in check_rulebook(rulebook)[card.number]:
        print(f"  {finding}")


def cmd_rulebooks(args: argparse.Namespace) -> int:
    if args.ref and "/" in args.ref:
        _print_card(*_card_ref(args.ref))
        return 0
    try:
        books = [get_rulebook(args.ref)] if args.ref else list(all_rulebooks().values())
    except KeyError as e:
        print(e.args[0], file=sys.stderr)
        return 2
    if args.json:
        out = {}
        for book in books:
            cards, general = card_statuses(book)
            out[book.id] = {
                "decision": book.decision,
                "effective_from": book.effective_from.isoformat(),
                "effective_until": book.effective_until.isoformat() if book.effective_until else None,
                "scorecards": [c.as_json() for c in cards],
                "findings": [str(f) for f in general],
            }
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for book in books:
        cards, general = card_statuses(book)
        until = f"{book.effective_until:%d/%m/%Y}" if book.effective_until else "nay / now"
        loaded = sum(c.card is not None for c in cards)
        complete = sum(c.complete for c in cards)
        print(f"{book.id}  {book.decision}  hiệu lực {book.effective_from:%d/%m/%Y} → {until}")
        print(f"  phiếu đã nạp / loaded {loaded}/{book.expected_scorecards}, đầy đủ / complete {complete}")
        for c in cards:
            mark = "✓" if c.complete else ("✗" if c.card else "—")
            title = c.card.title if c.card else "(thiếu / missing)"
            code = c.card.classification.code if c.card else ""
            print(f"  {mark} {c.number:>2} {code:<7} {title[:60]}")
            for m in c.missing:
                print(f"       thiếu / missing: {m}")
        for f in general:
            print(f"  {f}")
        print()
    return 0


def _refused(e: Exception) -> int:
    """Settings that start-up refuses (ocop.web.settings): say why, without a traceback."""
    print(f"Cấu hình chưa đúng / configuration refused: {e}", file=sys.stderr)
    return 2


def cmd_serve(args: argparse.Namespace) -> int:
    from django.core.exceptions import ImproperlyConfigured

    from ..web.serve import serve

    try:
        return serve(host=args.host, port=args.port, demo=args.demo, workers=args.workers)
    except ImproperlyConfigured as e:
        return _refused(e)


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.web.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["ocop manage", *args.rest])
    except ImproperlyConfigured as e:
        return _refused(e)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ocop", description="OCOP — Chương trình Mỗi xã một sản phẩm")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("rulebooks", help="liệt kê bộ quy tắc, phiếu đánh giá và mức đầy đủ / list rulebooks")
    p.add_argument("ref", nargs="?", help="bộ quy tắc (26-2026) hoặc một phiếu (26-2026/1)")
    p.add_argument("--json", action="store_true", help="in JSON / print JSON")
    p.set_defaults(func=cmd_rulebooks)

    p = sub.add_parser(
        "score",
        help="chấm điểm một sản phẩm từ tệp phiếu / score one product from a file",
        description=SCORE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", nargs="?", help="tệp .json, .csv hoặc .xlsx")
    p.add_argument("--rulebook", help="bộ quy tắc nếu tệp không ghi (vd. 26-2026)")
    p.add_argument("--scorecard", type=int, help="số phiếu nếu tệp không ghi (1–26)")
    p.add_argument("--level", help="cấp đánh giá (commune, district, province, central)")
    p.add_argument("--max-spread", type=int, help="chênh lệch tối đa giữa tổng điểm các thành viên (vd. 10)")
    p.add_argument("--template", metavar="RULEBOOK/N", help="ghi phiếu trống CSV vào FILE (hoặc stdout)")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("serve", help="chạy máy chủ web / run the web server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--workers", type=int, help="số tiến trình (mặc định OCOP_WORKERS: số lõi) / worker processes"
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="nạp tỉnh mẫu nếu cơ sở dữ liệu trống (chỉ OCOP_MODE=development) / load the demo",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("manage", help="lệnh quản trị Django / Django management commands", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


def run() -> None:
    """The console entry point."""
    if hasattr(signal, "SIGPIPE"):  # `ocop rulebooks | head` ends quietly, as shell tools do
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
