"""The `ocop` command: `ocop rulebooks` and `ocop score` (JSON, CSV, Excel), run for real.

Most tests call `ocop.cli.main.main([...])` and read stdout/stderr with capsys; a few start the installed
`.venv/bin/ocop` in a subprocess. The scored council is hand-checked in tests/core/test_scoring.py
(rules.md §2.4–2.5): three members on 148-2023 card 1, totals 78 + 80 + 78 = 236 → 78.67, band 4★, but
criterion 6.1 (4★ ≥ 2) has mean (2 + 1 + 1)/3 = 1.33 → 3★, recognised at district level.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from ocop.cli.main import main
from ocop.core.rulebooks import all_rulebooks, check_rulebook, get_rulebook, is_complete

CARD = get_rulebook("148-2023").scorecard(1)
IDS = [c.id for c in CARD.criteria()]
# points per criterion in card order (1.1 … 1.6, 2.1 … 2.3, 3.1 … 3.6, 4.1 … 4.3, 5.1 … 5.3, 6.1 … 6.4,
# 7.1, 8.1, 9.1, 9.2, 10.1, 11.1, 12.1); A 33 + B 19 + C 26 = 78
M1 = [5, 2, 2, 2, 2, 1, 4, 2, 3, 3, 0, 3, 2, 1, 1, 3, 3, 3, 4, 5, 1, 2, 3, 3, 2, 1, 3, 2, 3, 3, 2, 2]
M1_POINTS = dict(zip(IDS, M1, strict=True))
M2_POINTS = {**M1_POINTS, "1.2": 3, "4.3": 4, "6.1": 1, "12.1": 3}  # A 34 + B 20 + C 26 = 80
M3_POINTS = {**M1_POINTS, "6.1": 1, "7.1": 2}  # A 33 + B 19 + C 26 = 78
MEMBERS = {"Nguyễn Văn A": M1_POINTS, "Trần Thị B": M2_POINTS, "Lê Văn C": M3_POINTS}
SUMMARY_VI = "4★ theo tổng điểm 78,67, nhưng tiêu chí 6.1 dưới mức tối thiểu 4★: 3★."
OCOP = Path(sys.executable).parent / "ocop"


def option_id(cid: str, points: int) -> str:
    [oid] = [o.id for o in CARD.criterion(cid).options if o.points == points]
    return oid


def council_json(members=MEMBERS) -> dict:
    """Member A answers with option ids, the others with points (both are allowed)."""
    entries = []
    for i, (name, points) in enumerate(members.items()):
        answers = {cid: (option_id(cid, p) if i == 0 else p) for cid, p in points.items()}
        entries.append({"member": name, "answers": answers, "gates": []})
    return {"rulebook": "148-2023", "scorecard": 1, "product": "Bưởi da xanh", "members": entries}


def council_rows(members=MEMBERS) -> list[list]:
    rows: list[list] = [["rulebook", "148-2023"], ["scorecard", 1], ["product", "Bưởi da xanh"], []]
    rows.append(["tiêu chí", "nội dung", "tối đa", *members])
    for c in CARD.criteria():
        rows.append([c.id, c.text, c.max_points, *[points[c.id] for points in members.values()]])
    for gate in CARD.gates:
        rows.append([gate.id, gate.text, "", *["" for _ in members]])
    return rows


def write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout, stderr of `ocop ARGV`, whether main returns the code or raises SystemExit."""
    try:
        code = main(list(argv))
    except SystemExit as e:
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_hand_checked(result: dict) -> None:
    assert result["rulebook"] == "148-2023"
    assert result["scorecard"]["number"] == 1
    assert result["product"] == "Bưởi da xanh"
    assert result["status"] == "rated"
    assert result["total"] == 78.67
    assert result["parts"] == {"A": 33.33, "B": 19.33, "C": 26.0}
    assert (result["band_star"], result["star"]) == (4, 3)
    assert result["summary"]["vi"] == SUMMARY_VI
    assert result["explanation"]["vi"][0] == SUMMARY_VI
    assert result["minimum_failures"] == [
        {"star": 4, "criterion": "6.1", "reached": 1.33, "required": 2, "minimum_of": 4}
    ]
    assert [m["total"] for m in result["members"]] == [78, 80, 78]
    assert (result["level"], result["recognised_at"], result["forwarded_to"]) == (
        "district",
        "district",
        None,
    )
    assert result["spread"] == 2
    assert result["criteria"]["6.1"] == 1.33


# --- ocop rulebooks ---------------------------------------------------------------------------------


def test_rulebooks_lists_every_rulebook_with_loaded_and_complete_counts(capsys):
    code, out, _ = run(capsys, "rulebooks")
    assert code == 0
    for rid in ("1048-2019", "148-2023", "148-1489-2025", "26-2026"):
        assert f"\n{rid}  " in "\n" + out
    assert "phiếu đã nạp / loaded 25/26, đầy đủ / complete 0" in out  # 1048: card 3 missing, no minimums
    # 148 and 148/1489: cards 7, 11, 12, 13 stay short in Part C; 17 and 18 are derived (readings)
    assert out.count("phiếu đã nạp / loaded 26/26, đầy đủ / complete 22") >= 2
    assert "phiếu đã nạp / loaded 26/26, đầy đủ / complete 26" in out  # 26/2026
    book = get_rulebook("26-2026")
    report = check_rulebook(book)
    complete = sum(is_complete(report[n]) for n in book.scorecards)
    assert f"phiếu đã nạp / loaded {len(book.scorecards)}/26, đầy đủ / complete {complete}" in out
    assert "—  3         (thiếu / missing)" in out


def test_rulebooks_json(capsys):
    code, out, _ = run(capsys, "rulebooks", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == list(all_rulebooks())
    cards_1048 = data["1048-2019"]["scorecards"]
    assert len(cards_1048) == 26
    assert [c["number"] for c in cards_1048 if not c["loaded"]] == [3]
    cards_148 = data["148-2023"]["scorecards"]
    assert [c["number"] for c in cards_148 if not c["complete"]] == [7, 11, 12, 13]
    assert all(c["complete"] for c in data["26-2026"]["scorecards"])
    assert data["26-2026"]["effective_from"] == "2026-05-22"


def test_rulebooks_card_prints_its_criteria_options_and_gates(capsys):
    code, out, _ = run(capsys, "rulebooks", "148-2023/1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "148-2023 phiếu 1: Bộ sản phẩm: Rau, củ, quả, hạt tươi (I.1.a)"
    assert "Phần C CHẤT LƯỢNG SẢN PHẨM [35/35]" in lines
    assert "    1.1 Nguồn gốc sản phẩm [5]" in lines
    assert "    10.1 ĐẢM BẢO CHẤT LƯỢNG SẢN PHẨM [5] 3★≥2 4★≥3 5★≥5" in lines
    assert any(line.startswith("        1.1.3 (5) ") for line in lines)
    assert any(line.startswith("gate 6.1:stop_rule (dừng / stop): ") for line in lines)
    # 148's impurity rule names no option: it stays a member's finding
    assert lines[lines.index(next(x for x in lines if x.startswith("gate 6.1:stop_rule"))) + 1] == (
        "    thành viên ghi nhận / a member's finding (no answer can show it)"
    )


def test_rulebooks_card_shows_the_stop_rule_the_answers_decide(capsys):
    _, out, _ = run(capsys, "rulebooks", "26-2026/16")
    assert "gate 6:stop_rule (dừng / stop): Ghi chú: Nếu được 0 điểm tại một trong các chỉ tiêu trên" in out
    assert "    do câu trả lời quyết định / decided by the answers: 6.1.1, 6.2.1, 6.3.1, 6.4.1" in out


def test_rulebooks_card_shows_derived_points_and_short_parts(capsys):
    _, out, _ = run(capsys, "rulebooks", "148-2023/17")
    assert "        1.4.2 (1, suy ra / derived) " in out
    assert '            bản in «l»: Ô điểm in chữ "l".' in out
    assert "lựa chọn 1.4.2 = 1 điểm, suy ra (bản in «l»)" in out
    _, out, _ = run(capsys, "rulebooks", "26-2026/4")
    assert "        7.1.3 (3, suy ra / derived) Có trên 2 chỉ tiêu" in out
    assert "Phần C CHẤT LƯỢNG SẢN PHẨM [35/35]" in out
    _, out, _ = run(capsys, "rulebooks", "148-2023/7")
    assert "[34/35]" in out


def test_rulebooks_single_book(capsys):
    code, out, _ = run(capsys, "rulebooks", "1048-2019")
    assert code == 0
    assert out.startswith("1048-2019  ")
    assert "148-2023" not in out


@pytest.mark.parametrize("ref", ["nope", "nope/1", "148-2023/99", "148-2023/x", "1048-2019/3"])
def test_rulebooks_unknown_reference_exits_2(capsys, ref):
    code, out, err = run(capsys, "rulebooks", ref)
    assert (code, out) == (2, "")
    assert ref.split("/")[0] in err


# --- ocop score: the hand-checked council in three formats ---------------------------------------------------


def test_score_json(capsys, tmp_path):
    path = tmp_path / "council.json"
    path.write_text(json.dumps(council_json(), ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "score", str(path))
    assert (code, err) == (0, "")
    assert_hand_checked(json.loads(out))


def test_score_csv(capsys, tmp_path):
    path = write_csv(tmp_path / "council.csv", council_rows())
    code, out, err = run(capsys, "score", str(path))
    assert (code, err) == (0, "")
    assert_hand_checked(json.loads(out))


def test_score_csv_with_semicolons_and_vietnamese_keys(capsys, tmp_path):
    # Excel in a Vietnamese locale saves CSV with ";"; the meta keys may be Vietnamese
    rows = council_rows()
    rows[0] = ["bộ quy tắc", "148-2023"]
    rows[1] = ["phiếu", 1]
    path = tmp_path / "council.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    code, out, _ = run(capsys, "score", str(path))
    assert code == 0
    assert json.loads(out)["summary"]["vi"] == SUMMARY_VI


def test_score_plain_csv_without_quotes(capsys, tmp_path):
    # the layout of `ocop score --help`, no quoted cell anywhere (csv.Sniffer could not read this)
    lines = ["rulebook,148-2023", "scorecard,1", "tiêu chí,Nguyễn Văn A,Trần Thị B,Lê Văn C"]
    lines += [f"{cid},{M1_POINTS[cid]},{M2_POINTS[cid]},{M3_POINTS[cid]}" for cid in IDS]
    path = tmp_path / "plain.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "score", str(path))
    assert (code, err) == (0, "")
    assert json.loads(out)["summary"]["vi"] == SUMMARY_VI
    path.write_text("\n".join(line.replace(",", "\t") for line in lines), encoding="utf-8")
    code, out, _ = run(capsys, "score", str(path))
    assert (code, json.loads(out)["total"]) == (0, 78.67)


def test_score_xlsx(capsys, tmp_path):
    rows = council_rows()
    # the first member answers with option ids in this sheet, the others with numbers
    first = 3
    for row in rows[5 : 5 + len(IDS)]:
        row[first] = option_id(row[0], row[first])
    path = write_xlsx(tmp_path / "council.xlsx", rows)
    code, out, err = run(capsys, "score", str(path))
    assert (code, err) == (0, "")
    assert_hand_checked(json.loads(out))


def test_score_options_override_the_file(capsys, tmp_path):
    path = write_csv(tmp_path / "council.csv", council_rows())
    code, out, _ = run(capsys, "score", str(path), "--level", "province", "--max-spread", "1")
    assert code == 0
    result = json.loads(out)
    assert (result["level"], result["status"], result["star"]) == ("province", "rescore", None)
    code, out, _ = run(capsys, "score", str(path), "--level", "province")
    assert (json.loads(out)["star"], json.loads(out)["recognised_at"]) == (3, None)


def test_score_reports_a_stop_rule_from_the_sheet(capsys, tmp_path):
    rows = council_rows()
    gate_row = next(r for r in rows if r and r[0] == "6.1:stop_rule")
    gate_row[3] = "x"  # member A found impurities: evaluation stops
    code, out, _ = run(capsys, "score", str(write_csv(tmp_path / "c.csv", rows)))
    assert code == 0
    result = json.loads(out)
    assert (result["status"], result["star"]) == ("stopped", None)
    assert result["gates"][0]["id"] == "6.1:stop_rule"


def open_files() -> list[str]:
    paths = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # the fd of listdir itself is gone by now
            paths.append(os.readlink(f"/proc/self/fd/{fd}"))
    return paths


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to list open files")
def test_score_and_template_close_the_files_they_open(capsys, tmp_path):
    # a read-only openpyxl workbook keeps its file open until closed (or until a later gc cycle)
    xlsx = write_xlsx(tmp_path / "council.xlsx", council_rows())
    assert run(capsys, "score", str(xlsx))[0] == 0
    assert run(capsys, "score", "--template", "148-2023/1", str(tmp_path / "t.csv"))[0] == 0
    assert [p for p in open_files() if p.startswith(str(tmp_path))] == []


# --- ocop score: errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_score_unknown_points_exit_2_naming_the_criterion(capsys, tmp_path, suffix):
    rows = council_rows()
    row = next(r for r in rows if r and r[0] == "6.2")
    row[4] = 4  # Trần Thị B: 6.2 has options worth 0, 1, 2, 3, 5
    path = (write_csv if suffix == "csv" else write_xlsx)(tmp_path / f"c.{suffix}", rows)
    code, out, err = run(capsys, "score", str(path))
    assert (code, out) == (2, "")
    assert "Trần Thị B: tiêu chí 6.2 không có lựa chọn 4 điểm (có: 0, 1, 2, 3, 5)" in err


def test_score_reports_every_bad_cell_of_a_member(capsys, tmp_path):
    rows = council_rows()
    for cid, points in (("6.2", 4), ("10.1", 4), ("1.6", 2)):
        next(r for r in rows if r and r[0] == cid)[4] = points  # Trần Thị B, three impossible values
    code, _, err = run(capsys, "score", str(write_csv(tmp_path / "c.csv", rows)))
    assert code == 2
    for cid in ("6.2", "10.1", "1.6"):
        assert f"Trần Thị B: tiêu chí {cid} không có lựa chọn" in err


def test_score_missing_answer_exit_2_naming_the_criterion(capsys, tmp_path):
    rows = council_rows()
    row = next(r for r in rows if r and r[0] == "9.2")
    row[5] = ""  # Lê Văn C left 9.2 blank
    code, out, err = run(capsys, "score", str(write_csv(tmp_path / "c.csv", rows)))
    assert (code, out) == (2, "")
    assert "Lê Văn C: thiếu câu trả lời cho tiêu chí 9.2" in err


def test_score_json_errors_of_several_members_are_reported_together(capsys, tmp_path):
    data = council_json()
    data["members"][0]["answers"]["6.2"] = "6.2.9"
    data["members"][2]["answers"]["1.1"] = "-"  # not applicable where it must be scored
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "score", str(path))
    assert code == 2
    assert "Nguyễn Văn A: tiêu chí 6.2 không có lựa chọn '6.2.9'" in err
    assert "Lê Văn C: tiêu chí 1.1 bắt buộc chấm" in err


def test_score_json_list_of_answers_is_two_options(capsys, tmp_path):
    data = council_json()
    data["members"][1]["answers"]["4.1"] = [3, 5]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "score", str(path))
    assert code == 2
    assert "Trần Thị B: tiêu chí 4.1 có hơn một lựa chọn (4.1.3, 4.1.4)" in err


def test_score_json_duplicate_key_exit_2(capsys, tmp_path):
    text = json.dumps(council_json(), ensure_ascii=False)
    text = text.replace('"1.1": "1.1.3"', '"1.1": "1.1.3", "1.1": "1.1.1"', 1)
    path = tmp_path / "dup.json"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "score", str(path))
    assert code == 2
    assert "tiêu chí 1.1 có hơn một lựa chọn (1.1.3, 1.1.1)" in err


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            '{"rulebook": "148-2022", "scorecard": 1, "members": []}',
            "c.json",
            "Không có bộ quy tắc '148-2022'",
        ),
        ('{"rulebook": "1048-2019", "scorecard": 3, "members": []}', "c.json", "không có phiếu số 3"),
        ('{"rulebook": "148-2023", "scorecard": 1, "members": [}', "c.json", "JSON không hợp lệ"),
        ("[1, 2]", "c.json", "phải là một đối tượng"),
        ('{"rulebook": "148-2023", "scorecard": 1, "members": []}', "c.json", "'members'"),
        ('{"scorecard": 1, "members": []}', "c.json", "Thiếu 'rulebook'"),
        ("rulebook,148-2023\nscorecard,1\n", "c.csv", "tiêu đề"),
        ("not a zip", "c.xlsx", "không phải tệp Excel"),
        ("x", "c.txt", "không hỗ trợ"),
    ],
)
def test_score_bad_files_exit_2(capsys, tmp_path, content, name, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "score", str(path))
    assert (code, out) == (2, "")
    assert message in err


@pytest.mark.parametrize("name", ["missing.json", "missing.csv", "missing.xlsx"])
def test_score_missing_file_exit_2(capsys, tmp_path, name):
    code, _, err = run(capsys, "score", str(tmp_path / name))
    assert code == 2
    assert "Không tìm thấy tệp" in err


def test_score_without_a_file_exit_2(capsys):
    code, _, err = run(capsys, "score")
    assert code == 2
    assert "FILE" in err


# --- template and help ------------------------------------------------------------------------------------


def test_template_once_filled_scores(capsys, tmp_path):
    out_path = tmp_path / "form.csv"
    code, _, _ = run(capsys, "score", "--template", "148-2023/1", str(out_path))
    assert code == 0
    with out_path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["rulebook", "148-2023"]
    assert rows[1] == ["scorecard", "1"]
    header = rows[4]
    assert header == ["tiêu chí", "nội dung", "tối đa", "Thành viên 1", "Thành viên 2", "Thành viên 3"]
    assert [r[0] for r in rows[5 : 5 + len(IDS)]] == IDS
    assert [r[0] for r in rows[5 + len(IDS) :]] == [g.id for g in CARD.gates]
    points = list(MEMBERS.values())
    for row in rows[5 : 5 + len(IDS)]:
        row[3:6] = [str(p[row[0]]) for p in points]
    write_csv(out_path, rows)
    code, out, err = run(capsys, "score", str(out_path))
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert (result["total"], result["star"]) == (78.67, 3)
    assert result["summary"]["vi"] == SUMMARY_VI


def test_template_to_stdout(capsys):
    code, out, _ = run(capsys, "score", "--template", "148-2023/26")
    assert code == 0
    assert "8.2.3" not in out  # criteria only, no options
    assert "\n8.2,Trường hợp 2: Điểm dịch vụ du lịch," in out


def test_template_for_unknown_card_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "score", "--template", "148-2023/27", str(tmp_path / "x.csv"))
    assert code == 2
    assert "Không tìm thấy phiếu '148-2023/27'" in err
    assert "không có phiếu số 27" in err
    assert not (tmp_path / "x.csv").exists()


def test_score_help_documents_the_format(capsys):
    code, out, _ = run(capsys, "score", "--help")
    assert code == 0
    for fragment in (
        '"members": [{"member": "Nguyễn Văn A", "answers":',
        "CSV / Excel (.xlsx, first sheet), one column a member",
        "tiêu chí,nội dung,tối đa,Nguyễn Văn A,Trần Thị B",
        '"-" or "KAD"',
        "card:disqualification",
        "--template",
        "--max-spread",
        "Exit code 0",
    ):
        assert fragment in out


# --- the installed command ---------------------------------------------------------------------------------


def test_installed_command_scores_and_fails_with_exit_codes(tmp_path):
    path = tmp_path / "council.json"
    path.write_text(json.dumps(council_json(), ensure_ascii=False), encoding="utf-8")
    ok = subprocess.run([str(OCOP), "score", str(path)], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert_hand_checked(json.loads(ok.stdout))

    bad = council_json()
    del bad["members"][2]["answers"]["12.1"]
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    failed = subprocess.run([str(OCOP), "score", str(path)], capture_output=True, text=True, timeout=60)
    assert failed.returncode == 2
    assert failed.stdout == ""
    assert "Lê Văn C: thiếu câu trả lời cho tiêu chí 12.1" in failed.stderr

    unknown = subprocess.run([str(OCOP), "rulebooks", "nope"], capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 2
    assert "Traceback" not in unknown.stderr


# --- issue 9 through `ocop score`: answers that stop, and a card's own condition ------------------------


def law_council(card_number: int, points: dict, exemptions: list[str] | None = None) -> dict:
    from law_forms import answers

    card = get_rulebook("26-2026").scorecard(card_number)
    council: dict = {
        "rulebook": "26-2026",
        "scorecard": card_number,
        "members": [{"member": "A", "answers": answers(card, points)}],
    }
    if exemptions is not None:
        council["exemptions"] = exemptions
    return council


def test_score_stops_on_card_16_when_a_sensory_indicator_scores_0(capsys, tmp_path):
    card = get_rulebook("26-2026").scorecard(16)
    path = tmp_path / "water.json"
    path.write_text(json.dumps(law_council(16, {**{c.id: c.max_points for c in card.criteria()}, "6.3": 0})))
    code, out, _ = run(capsys, "score", str(path))
    result = json.loads(out)
    assert code == 0 and (result["status"], result["star"]) == ("stopped", None)
    assert result["gates"] == [
        {
            "id": "6:stop_rule",
            "kind": "stop_rule",
            "text": "Ghi chú: Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo.",
            "decided_by_options": ["6.1.1", "6.2.1", "6.3.1", "6.4.1"],
        }
    ]


def test_score_reads_a_cards_own_condition_from_json_and_csv(capsys, tmp_path):
    from law_forms import CARD21_74

    path = tmp_path / "craft.json"
    path.write_text(json.dumps(law_council(21, CARD21_74, ["7.1:khong-bat-buoc-cong-bo"])))
    code, out, _ = run(capsys, "score", str(path))
    assert code == 0
    result = json.loads(out)
    assert (result["total"], result["star"], [e["id"] for e in result["exemptions"]]) == (
        74.0,
        4,
        ["7.1:khong-bat-buoc-cong-bo"],
    )
    path.write_text(json.dumps(law_council(21, CARD21_74)))  # not recorded: §7 must be scored
    code, _, err = run(capsys, "score", str(path))
    assert code == 2 and "chỉ được để 'không áp dụng' khi đã ghi nhận" in err
    # The sheet layout: the template offers the row, filled in with the id.
    template = tmp_path / "craft.csv"
    assert run(capsys, "score", "--template", "26-2026/21", str(template))[0] == 0
    rows = list(csv.reader(template.open(encoding="utf-8-sig")))
    assert [
        "exemptions",
        "",
        "7.1:khong-bat-buoc-cong-bo: Sản phẩm không thuộc diện phải công bố chất lượng theo quy định",
    ] in rows
    # …and, filled in by one member, it scores like the JSON.
    from law_forms import answers

    filled = answers(get_rulebook("26-2026").scorecard(21), CARD21_74)
    sheet = []
    for row in rows:
        if row[:1] == ["exemptions"]:
            row = ["exemptions", "7.1:khong-bat-buoc-cong-bo"]
        elif row[:1] == ["tiêu chí"]:
            row = [*row[:3], "A"]
        elif row and row[0] in filled:
            row = [*row[:3], "-" if filled[row[0]] is None else filled[row[0]]]
        sheet.append(row)
    write_csv(template, sheet)
    code, out, err = run(capsys, "score", str(template))
    assert code == 0, err
    assert json.loads(out)["total"] == 74.0
