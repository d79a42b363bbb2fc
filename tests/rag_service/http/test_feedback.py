"""Feedback: validation, the append-only store, export to candidate gold lines."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from eval import feedback_export
from rag_service.http.feedback import (
    MAX_COMMENT,
    FeedbackIn,
    FeedbackStore,
    make_record,
    read_feedback,
    to_gold_line,
    to_gold_lines,
)


def _fb(**over: object) -> FeedbackIn:
    data: dict[str, object] = {
        "question": "senha do iwr3000",
        "provider": "lasernet",
        "answer": "IWR 3000N: senha P=a5tr3NeL!w3000",
        "status": "answered",
        "value": "P=a5tr3NeL!w3000",
        "unit_ids": ["u1", "u2"],
        "fact_ids": ["f1"],
        "index_version": "v1",
        "verdict": "resolveu",
        "comment": None,
    }
    data.update(over)
    return FeedbackIn.model_validate(data)


def test_validation_cleans_and_keeps_line_breaks() -> None:
    fb = _fb(question="  senha\x00 do   iwr3000 ", answer="linha 1\nlinha 2\x07", comment="  ")
    assert fb.question == "senha do iwr3000"
    assert fb.answer == "linha 1\nlinha 2"
    assert fb.comment is None


@pytest.mark.parametrize(
    "over",
    [
        {"question": "   "},
        {"question": ""},
        {"verdict": "talvez"},
        {"status": "maybe"},
        {"comment": "x" * (MAX_COMMENT + 1)},
        {"unit_ids": ["u"] * 51},
        {"unit_ids": ["x" * 201]},
        {"verdict": "nao_resolveu", "reasons": ["caro"]},
        {"verdict": "nao_resolveu", "reasons": "incompleto"},
        {"verdict": "nao_resolveu", "reasons": ["incompleto"] * 5},
        {"verdict": "resolveu", "reasons": ["incompleto"]},
    ],
)
def test_validation_rejects_bad_input(over: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _fb(**over)


def test_record_has_time_id_and_every_field() -> None:
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    record = make_record(_fb(comment="ok"), now=now)
    assert record["time"] == "2024-05-01T12:00:00+00:00"
    assert record["id"]
    for key in (
        "question",
        "provider",
        "answer",
        "status",
        "value",
        "unit_ids",
        "fact_ids",
        "index_version",
        "verdict",
        "comment",
    ):
        assert key in record
    assert record["value"] == "P=a5tr3NeL!w3000"


def test_reasons_are_kept_once_each_in_the_record() -> None:
    fb = _fb(verdict="nao_resolveu", reasons=["desatualizado", "provedor_errado", "desatualizado"])
    assert fb.reasons == ["desatualizado", "provedor_errado"]
    record = make_record(fb)
    assert record["reasons"] == ["desatualizado", "provedor_errado"]
    assert make_record(_fb())["reasons"] == []
    assert to_gold_line(record)["reasons"] == ["desatualizado", "provedor_errado"]
    assert "reasons" not in to_gold_line(make_record(_fb()))


def test_store_appends_lines_and_reads_them_back(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "feedback.jsonl"
    store = FeedbackStore(path)
    store.append(make_record(_fb()))
    store.append(make_record(_fb(verdict="nao_resolveu", comment="faltou o login")))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    records = read_feedback(path)
    assert [r["verdict"] for r in records] == ["resolveu", "nao_resolveu"]
    assert records[1]["comment"] == "faltou o login"


def test_concurrent_appends_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    store = FeedbackStore(path)
    long_answer = "x" * 6000

    def worker(n: int) -> None:
        for i in range(20):
            store.append(make_record(_fb(question=f"pergunta {n}-{i}", answer=long_answer)))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = read_feedback(path)
    assert len(records) == 80
    assert all(r["answer"] == long_answer for r in records)


def test_read_skips_malformed_lines(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    good = json.dumps(make_record(_fb()))
    path.write_text(good + "\n{not json\n[1,2]\n\n" + good + "\n", encoding="utf-8")
    assert len(read_feedback(path)) == 2


def test_gold_line_resolved_with_value_expects_it_exactly() -> None:
    line = to_gold_line(make_record(_fb()))
    assert line["expect"] == ["P=a5tr3NeL!w3000"]
    assert line["exact"] is True
    assert line["abstain"] is False
    assert line["review"] is False
    assert line["category"] == "feedback"
    assert line["q"] == "senha do iwr3000"
    assert line["provider"] == "lasernet"
    assert set(line) >= {"id", "q", "expect", "exact", "forbid", "abstain", "provider"}


def test_gold_line_resolved_without_value_needs_review() -> None:
    line = to_gold_line(make_record(_fb(value=None, answer="Não transferimos o atendimento.")))
    assert line["expect"] == []
    assert line["review"] is True
    assert line["answer_given"] == "Não transferimos o atendimento."


def test_gold_line_resolved_not_found_is_an_abstention() -> None:
    line = to_gold_line(make_record(_fb(status="not_found", answer=None, value=None)))
    assert line["abstain"] is True
    assert line["expect"] == []
    assert line["review"] is False


def test_gold_line_not_resolved_needs_review_and_keeps_comment() -> None:
    record = make_record(_fb(verdict="nao_resolveu", comment="era o modelo W5"))
    line = to_gold_line(record)
    assert line["review"] is True
    assert line["expect"] == []
    assert line["comment"] == "era o modelo W5"
    assert line["value_given"] == "P=a5tr3NeL!w3000"


def test_gold_lines_dedupe_by_question_and_flag_disagreement() -> None:
    records = [
        make_record(_fb(question="Senha do IWR3000")),
        make_record(_fb(question="senha do iwr3000", verdict="nao_resolveu")),
        make_record(_fb(question="senha do iwr3000", provider="velocinet")),
    ]
    lines = to_gold_lines(records)
    assert len(lines) == 2
    laser = next(line for line in lines if line["provider"] == "lasernet")
    assert laser["review"] is True
    assert laser["verdicts"] == {"nao_resolveu": 1, "resolveu": 1}
    velo = next(line for line in lines if line["provider"] == "velocinet")
    assert velo["review"] is False
    assert laser["id"] != velo["id"]


def test_export_cli_writes_candidates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "feedback.jsonl"
    store = FeedbackStore(path)
    store.append(make_record(_fb()))
    store.append(make_record(_fb(question="qto custa 100 mega", value=None, answer="69,90")))
    out = tmp_path / "out" / "candidates.jsonl"
    assert feedback_export.main(["--feedback", str(path), "--out", str(out)]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [line["q"] for line in lines] == ["senha do iwr3000", "qto custa 100 mega"]
    assert [line["review"] for line in lines] == [False, True]
    assert "2 candidate gold lines, 1 to review" in capsys.readouterr().err


def test_export_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert feedback_export.main(["--feedback", str(tmp_path / "nope.jsonl")]) == 2
    assert "no such feedback file" in capsys.readouterr().err
