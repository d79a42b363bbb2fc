"""The scorer: matching, verdicts, retrieval ranks, metrics and calibration on canned responses."""

from __future__ import annotations

from typing import Any

import pytest

from eval.calibration import choose_threshold, confidence_buckets, simulate
from eval.scoring import (
    GoldItem,
    ItemResult,
    abstention_scores,
    answer_rank,
    compute_metrics,
    contains,
    judge,
    normalize,
    percentile,
    retrieval_scores,
    unknown_keys,
)


def item(
    ident: str = "x-1",
    expect: tuple[str, ...] = ("79,90",),
    exact: bool = False,
    forbid: tuple[str, ...] = (),
    abstain: bool = False,
    category: str = "plans",
) -> GoldItem:
    return GoldItem(ident, "q " + ident, expect, exact, forbid, abstain, "p", category)


def resp(
    status: str = "answered",
    answer: str | None = None,
    value: str | None = None,
    source: str | None = "retrieval",
    confidence: float = 0.9,
    passages: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "status": status,
        "answer": answer,
        "value": value,
        "source": source,
        "confidence": confidence,
        "passages": passages or [],
    }


def passage(section: str = "", question: str | None = None, text: str = "") -> dict[str, Any]:
    return {"id": "u", "section": section, "question": question, "text": text, "score": 1.0}


def test_normalize_folds_case_accents_and_spaces() -> None:
    assert normalize("  Não  É\tCobrado\n") == "nao e cobrado"


def test_contains_exact_is_case_sensitive_and_folded_is_not() -> None:
    assert contains("senha: Lnt12345@", "Lnt12345@", exact=True)
    assert not contains("senha: Lnt12345@", "lnt12345@", exact=True)
    assert contains("senha: Lnt12345@", "lnt12345@", exact=False)
    assert contains("Mudança  de endereço", "mudanca de endereco", exact=False)
    assert not contains("Mudança de endereço", "mudanca de endereco", exact=True)


def test_judge_answered_needs_every_expect() -> None:
    gold = item(expect=("30", "35"))
    assert judge(gold, resp(answer="Parcial: 30 Dias; Total: 35 Dias")).correct
    verdict = judge(gold, resp(answer="Parcial: 30 Dias"))
    assert not verdict.correct
    assert "35" in verdict.reason


def test_judge_counts_the_value_field() -> None:
    gold = item(expect=("P=a5tr3NeL!w3000",), exact=True)
    assert judge(gold, resp(answer="IWR3000: senha abaixo", value="P=a5tr3NeL!w3000")).correct
    assert not judge(gold, resp(answer="IWR3000", value="p=a5tr3nel!w3000")).correct


def test_judge_forbid_fails_a_correct_looking_answer() -> None:
    gold = item(expect=("69,90",), forbid=("79,90",))
    assert judge(gold, resp(answer="100MB: 69,90")).correct
    assert not judge(gold, resp(answer="100MB: 69,90; 200MB: 79,90")).correct


def test_judge_abstain_and_status() -> None:
    abstain = item(expect=(), abstain=True)
    assert judge(abstain, resp(status="not_found")).correct
    assert not judge(abstain, resp(answer="algo")).correct
    answerable = item()
    assert not judge(answerable, resp(status="not_found")).correct
    assert not judge(answerable, {"status": "error", "answer": None}).correct


def test_answer_rank_searches_section_question_and_text() -> None:
    gold = item(expect=("plano", "79,90"))
    passages = [
        passage(text="49,90 - 50MB"),
        passage(section="Planos", text="79,90 - 200MB"),
        passage(text="plano 79,90"),
    ]
    assert answer_rank(gold, passages) == 2
    assert answer_rank(gold, passages[:1]) is None
    exact = item(expect=("Lnt12345@",), exact=True)
    assert answer_rank(exact, [passage(text="lnt12345@"), passage(text="Lnt12345@")]) == 2


def test_retrieval_hits_and_mrr() -> None:
    def ranked(rank: int | None, abstain: bool = False) -> ItemResult:
        gold = item(expect=() if abstain else ("x",), abstain=abstain)
        return ItemResult(gold, resp(), 1.0, rank=rank)

    results = [ranked(1), ranked(2), ranked(4), ranked(None), ranked(None, abstain=True)]
    scores = retrieval_scores(results)
    assert scores["items"] == 4
    assert scores["hit@1"] == pytest.approx(1 / 4)
    assert scores["hit@3"] == pytest.approx(2 / 4)
    assert scores["hit@5"] == pytest.approx(3 / 4)
    assert scores["mrr"] == pytest.approx((1 + 1 / 2 + 1 / 4) / 4)


def test_abstention_scores() -> None:
    predicted = [True, True, False, False, True]
    truth = [True, False, True, False, True]
    scores = abstention_scores(predicted, truth)
    assert scores["abstention_precision"] == pytest.approx(2 / 3)
    assert scores["abstention_recall"] == pytest.approx(2 / 3)
    assert abstention_scores([False], [False]) == {
        "abstention_precision": 1.0,
        "abstention_recall": 1.0,
    }
    assert abstention_scores([False], [True])["abstention_recall"] == 0.0


def test_percentile() -> None:
    assert percentile([], 50) is None
    assert percentile([5.0], 95) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)
    assert percentile(list(map(float, range(101))), 95) == pytest.approx(95.0)
    with pytest.raises(ValueError, match="150"):
        percentile([1.0], 150)


def test_compute_metrics_on_canned_run() -> None:
    rows = [
        (item("a", category="plans"), resp(answer="69,90 e 79,90"), 10.0),  # right
        (
            item("b", expect=("Lnt12345@",), exact=True, category="cred"),
            resp(answer="lnt12345@"),
            20.0,
        ),
        (item("c", expect=(), abstain=True, category="abs"), resp(status="not_found"), 30.0),
        (item("d", expect=(), abstain=True, category="abs"), resp(answer="x"), 40.0),
        (item("e", category="plans"), resp(status="not_found"), 50.0),
    ]
    metrics = compute_metrics([ItemResult.judged(g, r, ms) for g, r, ms in rows])
    assert metrics["items"] == 5
    assert metrics["answer_accuracy"] == pytest.approx(2 / 5)
    assert metrics["exact_items"] == 1
    assert metrics["exact_fact_accuracy"] == 0.0
    assert metrics["abstention_precision"] == pytest.approx(1 / 2)
    assert metrics["abstention_recall"] == pytest.approx(1 / 2)
    assert metrics["per_category"]["plans"] == {"items": 2, "correct": 1, "accuracy": 0.5}
    assert metrics["latency_ms"]["p50"] == pytest.approx(30.0)
    assert metrics["latency_ms"]["p95"] == pytest.approx(48.0)
    assert [f["id"] for f in metrics["failures"]] == ["b", "d", "e"]
    assert metrics["failures"][0]["answer"] == "lnt12345@"


def test_gold_item_validation_names_the_problem() -> None:
    good = {
        "id": "a",
        "q": "senha",
        "expect": ["x"],
        "exact": True,
        "forbid": [],
        "abstain": False,
        "provider": "p",
        "category": "c",
    }
    assert GoldItem.from_dict(good).expect == ("x",)
    with pytest.raises(ValueError, match="abstain item"):
        GoldItem.from_dict({**good, "abstain": True})
    with pytest.raises(ValueError, match="without expect"):
        GoldItem.from_dict({**good, "expect": []})
    with pytest.raises(ValueError, match="exact"):
        GoldItem.from_dict({**good, "exact": "yes"})
    assert GoldItem.from_dict({**good, "extra": 1}) == GoldItem.from_dict(good)
    assert unknown_keys({**good, "extra": 1, "expected": []}) == ["expected", "extra"]
    assert unknown_keys(good) == []


def test_a_gold_line_as_people_write_it_takes_the_documented_defaults() -> None:
    item = GoldItem.from_dict({"id": "a", "q": "senha do w5", "expect": ["Lnt12345@"]})
    assert (item.exact, item.forbid, item.abstain, item.provider, item.category) == (
        False,
        (),
        False,
        None,
        "general",
    )
    refused = GoldItem.from_dict({"id": "b", "q": "senha do xyz", "abstain": True})
    assert refused.abstain and refused.expect == ()
    one = GoldItem.from_dict({"id": "c", "q": "porta", "expect": "9020", "exact": True})
    assert one.expect == ("9020",) and one.exact


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"q": "senha", "expect": ["x"]}, "missing required key id"),
        ({"id": "a", "expect": ["x"]}, "missing required key q"),
        ({"expect": ["x"]}, "missing required keys id, q"),
        ({"id": "a", "q": "senha"}, "needs expect or abstain: true"),
        ({"id": "a", "q": "senha", "abstain": False}, "needs expect or abstain: true"),
        ({"id": "a", "q": "senha", "expect": []}, "without expect"),
        ({"id": "a", "q": "senha", "abstain": True, "expect": ["x"]}, "abstain item"),
        ({"id": "a", "q": "senha", "expect": [""]}, "expect must be a list"),
        ({"id": "a", "q": "senha", "expect": ["x"], "forbid": [3]}, "forbid must be a list"),
        ({"id": "a", "q": "senha", "expect": ["x"], "category": ""}, "category must be a str"),
        ({"id": "a", "q": "", "expect": ["x"]}, "q must be a str"),
    ],
)
def test_a_bad_gold_line_is_an_error_naming_the_problem(line: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        GoldItem.from_dict(line)


def _calibration_run() -> list[ItemResult]:
    rows = [
        (item("r1"), resp(answer="79,90", confidence=0.9)),
        (item("r2"), resp(answer="79,90", confidence=0.7)),
        (item("w1"), resp(answer="nada", confidence=0.3)),
        (item("a1", expect=(), abstain=True), resp(answer="nada", confidence=0.2)),
        (item("a2", expect=(), abstain=True), resp(status="not_found", confidence=0.1)),
        # A rule answer keeps its status whatever the threshold.
        (item("k1"), resp(answer="79,90", source="rule", confidence=1.0)),
    ]
    return [ItemResult.judged(g, r, 1.0) for g, r in rows]


def test_buckets_count_retrieval_answers_only() -> None:
    buckets = confidence_buckets(_calibration_run())
    assert [b.items for b in buckets] == [0, 2, 0, 1, 1]
    assert buckets[4].accuracy == 1.0
    assert buckets[1].accuracy == 0.0
    with pytest.raises(ValueError, match="increasing"):
        confidence_buckets([], edges=(0.5, 0.2))


def test_simulate_and_choose_threshold() -> None:
    run = _calibration_run()
    assert simulate(run, 0.0)["answer_accuracy"] == pytest.approx(4 / 6)
    assert simulate(run, 0.5)["answer_accuracy"] == pytest.approx(5 / 6)
    # 0.5 also gives 5/6 but abstains on the answerable w1: lower abstention precision.
    assert simulate(run, 0.5)["abstention_precision"] == pytest.approx(2 / 3)
    choice = choose_threshold(run, candidates=[0.0, 0.25, 0.5, 0.8])
    assert choice.threshold == 0.25
    assert choice.answer_accuracy == pytest.approx(5 / 6)
    assert choice.abstention_precision == 1.0
    assert choice.abstention_recall == 1.0
    full = choose_threshold(run)
    assert 0.2 < full.threshold <= 0.3
    assert "tie" in full.how
