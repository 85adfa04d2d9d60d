"""Scores and stars exactly as the law gives them (issue 9), hand-checked against the text.

Each case is built from the scorecard as printed in Appendix II of Decision 26/2026/QĐ-TTg
(docs/law/QD-26-2026-PL2-rows.json) or in the 148 transcription, and its sums are worked out by hand in
the comments. The rules quoted:
- the card notes that end an evaluation: card 16 §6 "Nếu được 0 điểm tại một trong các chỉ tiêu trên,
  sẽ không đánh giá các bước tiếp theo"; card 19 §6 "Không đánh giá các bước tiếp theo nếu không có
  Phiếu công bố sản phẩm mỹ phẩm theo quy định";
- the star legend on every card: "Dấu sao là yêu cầu tối thiểu phải đạt theo các cấp độ sao";
- card 21 §7: "Áp dụng bắt buộc đối với các sản phẩm phải công bố chất lượng theo quy định; khuyến
  khích các sản phẩm còn lại";
- Art. 3.3 star bands (3★ từ 50 đến dưới 70, 4★ từ 70 đến dưới 90, 5★ từ 90 đến 100).
"""

from __future__ import annotations

import pytest

from law_forms import CARD3_80, CARD21_74, HONEY, answers
from ocop.core.rulebooks import get_rulebook
from ocop.core.scoring import RATED, STOPPED, AnswerError, MemberForm, evaluate, score_form

R26 = get_rulebook("26-2026")
R148 = get_rulebook("148-2023")


def best(card) -> dict[str, int | None]:
    return {c.id: c.max_points for c in card.criteria()}


# --- 1. stop rules read from the answers -------------------------------------------------------------

CARD16 = R26.scorecard(16)  # Nước khoáng thiên nhiên, nước uống đóng chai


def test_card_16_a_zero_on_a_sensory_indicator_ends_the_evaluation():
    # Best form (100) with 6.2 "Có màu" (0 instead of 3): total 97, which would be 5★ by band. The note
    # under §6 (6.1 Tạp chất lạ, 6.2 Màu sắc, 6.3 Mùi, 6.4 Vị) stops it: not rated, no star.
    form = MemberForm("A", answers(CARD16, {**best(CARD16), "6.2": 0}))
    result = evaluate(R26, CARD16, [form])
    assert (result.status, result.star) == (STOPPED, None)
    assert [g.id for g in result.gates] == ["6:stop_rule"]
    assert result.explanation["vi"][0] == (
        "Dừng đánh giá tại 6: Ghi chú: Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá "
        "các bước tiếp theo. — A chọn «Có màu» ở tiêu chí 6.2."
    )
    assert result.explanation["vi"][-1] == "Sản phẩm không được xếp hạng."


@pytest.mark.parametrize("criterion", ["6.1", "6.2", "6.3", "6.4"])
def test_card_16_each_zero_of_section_6_stops_and_later_criteria_need_no_answer(criterion):
    # "sẽ không đánh giá các bước tiếp theo": criteria after the 0 are not evaluated, so a form that
    # stops there is complete without them.
    ids = [c.id for c in CARD16.criteria()]
    until = ids.index(criterion)
    points = {cid: p for cid, p in best(CARD16).items() if ids.index(cid) < until}
    score = score_form(CARD16, MemberForm("A", answers(CARD16, {**points, criterion: 0})))
    assert score.stopped and score.gate_answers == {"6:stop_rule": (criterion, f"{criterion}.1")}


def test_card_16_a_non_zero_sensory_form_is_rated():
    # The lowest non-zero options of §6: 6.1 3 (Sạch), 6.2 3 (Trong suốt), 6.3 2, 6.4 1 → §6 = 9 of 15.
    # Total 100 − 6 = 94 → 5★ band; no 5★ floor sits in §6 (markers: 7.1 5★≥5, 9.1 5★≥5, 4.1, 1.4…),
    # all at their best → 5★, forwarded to the centre.
    form = MemberForm("A", answers(CARD16, {**best(CARD16), "6.3": 2, "6.4": 1}))
    result = evaluate(R26, CARD16, [form])
    assert (result.status, result.total, result.star, result.forwarded_to) == (RATED, 94, 5, "central")


def test_card_16_the_stop_rule_is_not_ticked_by_hand():
    # The answers decide it; a separate tick would be a second truth.
    form = MemberForm("A", answers(CARD16, best(CARD16)), gates=frozenset({"6:stop_rule"}))
    with pytest.raises(AnswerError, match="do câu trả lời quyết định"):
        evaluate(R26, CARD16, [form])


def test_card_16_one_member_s_zero_stops_the_council():
    # Each member's form respects the card's notes (docs/scoring.md, "Gates"): a form that stopped
    # has no total to average, so the product is not rated; the explanation names who and what.
    stopped = MemberForm("A", answers(CARD16, {**best(CARD16), "6.4": 0}))
    others = [MemberForm(m, answers(CARD16, best(CARD16))) for m in ("B", "C")]
    result = evaluate(R26, CARD16, [stopped, *others])
    assert result.status == STOPPED
    assert "A chọn «Có vị lạ» ở tiêu chí 6.4" in result.explanation["vi"][0]


CARD19 = R26.scorecard(19)  # Mỹ phẩm có thành phần từ dược liệu


def test_card_19_no_declaration_file_ends_the_evaluation():
    # §6 Công bố chất lượng, option 6.1.1 "Không có hồ sơ công bố tiêu chuẩn sản phẩm" (0). The form
    # answers §1–§5 at their best (A 40, B 25) and stops at §6: §7–§14 are not evaluated.
    points = {cid: p for cid, p in best(CARD19).items() if int(cid.split(".")[0]) <= 5}
    result = evaluate(R26, CARD19, [MemberForm("A", answers(CARD19, {**points, "6.1": 0}))])
    assert (result.status, result.star) == (STOPPED, None)
    assert "A chọn «Không có hồ sơ công bố tiêu chuẩn sản phẩm» ở tiêu chí 6.1" in result.explanation["vi"][0]


def test_rules_no_answer_can_show_stay_a_members_finding():
    # Card 20 §6 has no "none" option ("Không đánh giá các bước tiếp theo nếu không có Phiếu công bố…"),
    # impurities "có nguy cơ gây mất an toàn thực phẩm" (card 4 §6.1) are a finding, forgery (the card
    # heading) too: each stays a gate a member records.
    manual = {(n, g.id) for n in (4, 20) for g in R26.scorecard(n).gates if g.manual}
    assert {(4, "card:disqualification"), (4, "6.1:stop_rule"), (20, "6:stop_rule")} <= manual
    decided = {(n, g.id) for n, c in R26.scorecards.items() for g in c.gates if not g.manual}
    assert decided == {(16, "6:stop_rule"), (19, "6:stop_rule")}


# --- 2. "not applicable" never lowers the bar --------------------------------------------------------

CARD3 = R26.scorecard(3)  # Gạo, ngũ cốc, hạt sơ chế khác


def test_card_3_criterion_2_1_not_applicable_keeps_its_4_star_minimum():
    result = evaluate(R26, CARD3, [MemberForm("A", answers(CARD3, CARD3_80))])
    assert (result.total, result.parts) == (80, {"A": 24, "B": 21, "C": 35})
    assert (result.band_star, result.star) == (4, 3)
    assert result.summary["vi"] == "4★ theo tổng điểm 80, nhưng tiêu chí 2.1 dưới mức tối thiểu 4★: 3★."
    # …exactly as if the members had ticked its 0-point option: "not applicable" is no shortcut.
    zero = evaluate(R26, CARD3, [MemberForm("A", answers(CARD3, {**CARD3_80, "2.1": 0}))])
    assert (zero.total, zero.star, zero.summary) == (result.total, result.star, result.summary)


def test_148_a_product_without_a_story_is_held_to_the_story_minimums():
    # 148 card 1, the realistic form MEMBER_1 of test_scoring (78) with 5.2 Cấu trúc câu chuyện not
    # applicable (−5) and 12.1 one point lower (−1): 72. 5.2 carries 3★≥3 and 4★≥5 ("Chỉ áp dụng khi
    # có câu chuyện sản phẩm" says how to score it, not that the floor goes): 2★, no certificate, and
    # nothing goes on to the province though 72 ≥ 70.
    card = R148.scorecard(1)
    points = {
        **{"1.1": 5, "1.2": 2, "1.3": 2, "1.4": 2, "1.5": 2, "1.6": 1, "2.1": 4, "2.2": 2, "2.3": 3},
        **{"3.1": 3, "3.2": 0, "3.3": 3, "3.4": 2, "3.5": 1, "3.6": 1},
        **{"4.1": 3, "4.2": 3, "4.3": 3, "5.1": 4, "5.2": None, "5.3": 1},
        **{"6.1": 2, "6.2": 3, "6.3": 3, "6.4": 2, "7.1": 1, "8.1": 3, "9.1": 2, "9.2": 3},
        **{"10.1": 3, "11.1": 2, "12.1": 1},
    }
    result = evaluate(R148, card, [MemberForm("A", answers(card, points))])
    assert (result.total, result.band_star, result.star) == (72, 4, 2)
    assert (result.recognised_at, result.forwarded_to) == (None, None)
    assert {(f.criterion, f.marker, f.required) for f in result.failures} == {("5.2", 4, 5), ("5.2", 3, 3)}


CARD21 = R26.scorecard(21)  # Thủ công mỹ nghệ
EXEMPT = "7.1:khong-bat-buoc-cong-bo"


def test_card_21_an_exempt_handicraft_is_scorable_and_excused_from_section_7():
    result = evaluate(R26, CARD21, [MemberForm("A", answers(CARD21, CARD21_74))], exemptions=[EXEMPT])
    assert (result.total, result.parts) == (74, {"A": 31, "B": 20, "C": 23})
    assert (result.status, result.star, result.recognised_at) == (RATED, 4, "province")
    assert [e.id for e in result.exemptions] == [EXEMPT]


def test_card_21_section_7_is_compulsory_unless_the_condition_is_recorded():
    with pytest.raises(
        AnswerError, match="chỉ được để 'không áp dụng' khi đã ghi nhận: Sản phẩm không thuộc diện"
    ):
        evaluate(R26, CARD21, [MemberForm("A", answers(CARD21, CARD21_74))])
    # A product that declares its quality is scored as usual, exempt or not: 7.1.1 (1) → 75, 4★.
    declared = MemberForm("A", answers(CARD21, {**CARD21_74, "7.1": 1}))
    assert evaluate(R26, CARD21, [declared]).total == 75
    assert evaluate(R26, CARD21, [declared], exemptions=[EXEMPT]).star == 4


def test_an_exemption_the_card_does_not_have_is_refused():
    with pytest.raises(AnswerError, match=r"không có điều kiện miễn '5\.2:khong-co-cau-chuyen'"):
        evaluate(
            R26, CARD21, [MemberForm("A", answers(CARD21, CARD21_74))], exemptions=["5.2:khong-co-cau-chuyen"]
        )


# --- 3. every option can be chosen --------------------------------------------------------------------

CARD4 = R26.scorecard(4)  # Mật ong, mật khác và nông sản thực phẩm khác


def test_honey_without_certified_raw_material_is_scored_truthfully():
    form = MemberForm("A", answers(CARD4, HONEY))
    assert form.answers["1.2"] == "1.2.1" and form.answers["7.1"] == "7.1.3"
    result = evaluate(R26, CARD4, [form])
    assert (result.total, result.parts) == (72, {"A": 30, "B": 17, "C": 25})
    assert (result.star, result.recognised_at) == (4, "province")
    derived = [w for w in result.warnings if w.startswith("Giá trị suy ra")]
    assert [w.split(" (")[0] for w in derived] == [
        "Giá trị suy ra: lựa chọn 1.2.1",
        "Giá trị suy ra: lựa chọn 7.1.3",
    ]


def test_card_4_best_form_is_100_with_the_derived_nutrition_option():
    # Section 7 prints 3 points; with 7.1.3 = 3 Part C adds up to 35 (it was 33 with the cell unread).
    result = evaluate(R26, CARD4, [MemberForm("A", answers(CARD4, best(CARD4)))])
    assert (result.parts["C"], result.total, result.star) == (35, 100, 5)


def test_card_11_very_few_impurities_is_worth_1():
    card = R26.scorecard(11)
    option = card.criterion("6.1.1").option("6.1.1.2")
    assert (option.text, option.printed, option.points) == ("Có rất ít tạp chất, chấp nhận được", "11", 1)
    score = score_form(card, MemberForm("A", answers(card, {**best(card), "6.1.1": 1})))
    assert score.total == 99


def test_results_say_what_the_data_was_checked_against():
    result = evaluate(R26, CARD4, [MemberForm("A", answers(CARD4, HONEY))])
    assert not any("chưa đối chiếu" in w for w in result.warnings)
    [checked] = [w for w in result.warnings if w.startswith("Dữ liệu phiếu đã đối chiếu với")]
    assert "Phụ lục II QĐ 26/2026/QĐ-TTg" in checked
