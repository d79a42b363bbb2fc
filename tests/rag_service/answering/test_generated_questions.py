"""Every question derived from generated sheets is answered right (issue 10, point 1): asked the
way agents type (brand plus part of a model, spacing, a missing suffix, speeds in words,
abbreviations, typos, two things at once, situations with a number), through the engine on one
index of many providers, each answer holds the exact value; what the sheet leaves out is
not_found. Fixed seeds; the lexical engine, so no model is loaded."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from ingest.index import load_version
from rag_service.answering.engine import Engine
from tests.factories import HashEmbedder, build_index
from tests.sheetgen import QUESTION_VARIANTS, derive_questions, generate_sheet, judge_response

SEEDS = range(400, 460)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, list]:
    folder = tmp_path_factory.mktemp("generated")
    sheets = []
    for seed in SEEDS:
        fmt = "md" if seed % 2 else "txt"
        sheet = generate_sheet(seed, fmt=fmt)
        path = folder / f"{sheet.provider_id}.{fmt}"
        path.write_text(sheet.text, encoding="utf-8")
        sheets.append((sheet, path))
    index_dir = folder / "index"
    build_index(index_dir, [p for _, p in sheets], HashEmbedder())
    engine = Engine(load_version(index_dir), HashEmbedder(), "full")
    return engine, [s for s, _ in sheets]


def test_every_derived_question_is_answered_with_its_exact_value(generated: tuple) -> None:
    engine, sheets = generated
    wrong: list[str] = []
    variants: Counter[str] = Counter()
    for sheet in sheets:
        for question in derive_questions(sheet, random.Random(sheet.provider_id)):
            variants[question.variant] += 1
            body = engine.ask(question.q, sheet.provider_id, 3).to_dict()
            if not judge_response(question, body):
                got = body.get("answer") or " / ".join(body.get("caveats", []))
                wrong.append(f"{question.id} {question.q!r}: {body['status']} {got[:120]!r}")
    assert wrong == []
    assert set(QUESTION_VARIANTS) <= set(variants), set(QUESTION_VARIANTS) - set(variants)
