"""The sheet generator itself: deterministic, truthful to the letter, every layout reachable."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest

from tests.ingest.pdf_render import unicode_font
from tests.sheetgen import (
    LAYOUT_VARIANTS,
    QUESTION_VARIANTS,
    GeneratedQuestion,
    GeneratedSheet,
    answer_holds,
    derive_questions,
    generate_sheet,
    missing_expected,
    plain_text,
    render_pdf,
)
from tests.sheetgen.layouts.common import PLACEHOLDERS
from tests.sheetgen.render import unboxed, unescaped
from tests.sheetgen.routers import PUNCTUATION
from tests.sheetgen.values import fold

SEEDS = range(40)
FORMATS = ("txt", "md")
SHIPPED_SHEET = Path(__file__).resolve().parents[2] / "corpus" / "lasernet.txt"


def _sheet_and_questions(
    seed: int, fmt: str = "txt"
) -> tuple[GeneratedSheet, list[GeneratedQuestion]]:
    sheet = generate_sheet(seed, fmt=fmt)
    return sheet, derive_questions(sheet, random.Random(seed))


def _in_text(value: str, text: str) -> bool:
    """Verbatim, or as a pipe table's cell writes it: a "|" escaped as "\\|" (a Markdown
    export's backslashes before other marks are the text's, not the value's)."""
    text = unescaped(text)
    if value.endswith("?") and f"Pergunta: {value[:-1]}" in text:
        return True  # a question after its label, its "?" left out (questions=labelled)
    return value in text or ("|" in value and value.replace("|", "\\|") in text)


def _missing(sheet: GeneratedSheet) -> list[str]:
    # A maker's column holds a model's maker apart from its code ("Huawei" | "EG8145V5"), and
    # so does a "Modelo / Marca" cell ("EG8145V5 / Huawei").
    split = (
        {c.model for c in sheet.truth.credentials}
        if sheet.truth.variants["credentials"]
        in ("brand_columns", "labelled_cells", "brand_groups")
        else set()
    )
    text = unboxed(sheet.text) if sheet.truth.variants["tables"] == "boxes" else sheet.text
    return [
        value
        for value in sheet.truth.strings()
        if not _in_text(value, text)
        and not (value in split and _in_text(value.split(" ", 1)[-1], text))
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_seed_gives_the_same_sheet_and_questions(fmt: str) -> None:
    first, first_questions = _sheet_and_questions(7, fmt)
    second, second_questions = _sheet_and_questions(7, fmt)
    assert first == second
    assert first_questions == second_questions


def test_different_seeds_give_different_sheets() -> None:
    texts = {generate_sheet(seed).text for seed in range(20)}
    assert len(texts) == 20


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_truth_value_is_verbatim_in_the_text(fmt: str) -> None:
    for seed in SEEDS:
        sheet = generate_sheet(seed, fmt=fmt)
        assert _missing(sheet) == [], f"seed {seed}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_title_is_the_first_line(fmt: str) -> None:
    sheet = generate_sheet(3, fmt=fmt)
    first = sheet.text.splitlines()[0]
    assert first == (f"# {sheet.title}" if fmt == "md" else sheet.title)
    assert sheet.title == sheet.truth.provider
    assert sheet.provider_id == re.sub(r"[^a-z0-9]", "", fold(sheet.title)) + "3"


@pytest.mark.parametrize(
    ("part", "option"),
    [(part, option) for part, options in LAYOUT_VARIANTS.items() for option in options],
)
def test_every_layout_variant_can_be_forced(part: str, option: str) -> None:
    for fmt in FORMATS:
        for seed in range(4):
            sheet = generate_sheet(seed, fmt=fmt, force={part: option})
            assert sheet.truth.variants[part] == option
            assert _missing(sheet) == [], f"{fmt} seed {seed}"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"force": {"credentials": "zigzag"}}, "credentials must be one of"),
        ({"force": {"colour": "red"}}, "unknown sheet part 'colour'"),
        ({"fmt": "docx"}, "fmt must be one of"),
        ({"force": {"technologies": "two", "plans_second": "none"}}, "contradicts"),
    ],
)
def test_bad_arguments_name_the_bad_value(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate_sheet(1, **kwargs)


def test_forced_layouts_shape_the_text() -> None:
    sheet = generate_sheet(5, force={"credentials": "cell_lines", "plans": "inline"})
    lines = sheet.text.splitlines()
    first = sheet.truth.credentials[0]
    assert first.model in lines and first.password in lines
    inline = [line for line in lines if line.startswith("PLANOS")]
    assert inline and all(plan.price in inline[0] for plan in sheet.truth.plans[:3])
    tab = generate_sheet(5, force={"contacts": "tab_rows"})
    phone = tab.truth.contact("phone")
    assert phone is not None
    assert any(
        line.startswith(phone.label + "\t") and phone.value in line
        for line in tab.text.splitlines()
    )


def test_truth_has_the_promised_shape() -> None:
    same_brand = False
    for seed in SEEDS:
        truth = generate_sheet(seed).truth
        brands = [c.brand for c in truth.credentials]
        assert 3 <= len(truth.credentials) <= 11  # up to ten models plus a catch-all brand row
        assert len(set(brands)) >= 2
        same_brand = same_brand or len(set(brands)) < len(brands)
        partial, total = truth.threshold("partial_block"), truth.threshold("total_block")
        assert total is not None and (partial is None or partial.days < total.days)
        prices = [p.price_value for p in truth.plans]
        assert len(set(prices)) == len(prices)
        for password in truth.passwords():
            assert not re.search(r"\s", password) and password[0] not in PUNCTUATION
        assert truth.password_policy.keyword in truth.password_policy.text
    assert same_brand


def test_pipe_tables_escape_the_pipes_of_passwords() -> None:
    escaped = 0
    for seed in range(120):
        sheet = generate_sheet(seed, force={"credentials": "pipe_table", "tables": "pipes"})
        rows = [line for line in sheet.text.splitlines() if line.startswith("|")]
        for password in (p for p in sheet.truth.passwords() if "|" in p):
            assert not any(password in row for row in rows), f"seed {seed}: unescaped in a row"
            escaped += any(password.replace("|", "\\|") in row for row in rows)
    assert escaped, "some passwords of pipe tables hold a pipe"


def test_unanswered_questions_are_followed_by_nothing() -> None:
    """Nothing, a bare answer mark, or a mark and a placeholder ("R: não informado")."""
    for seed in SEEDS:
        sheet = generate_sheet(seed, fmt=random.Random(seed).choice(FORMATS))
        lines = sheet.text.splitlines()
        for text in sheet.truth.unanswered:
            at = next(i for i, line in enumerate(lines) if text in line)
            after = lines[at + 1 : at + 3]
            mark = sheet.truth.variants["answer_mark"]
            placeholder = [f"{mark} {p}" for p in PLACEHOLDERS]
            marked = after[0] == mark or after[0] in placeholder
            assert after[0] == "" or (marked and after[1] == ""), f"seed {seed}: {text}"


def test_no_value_comes_from_the_shipped_sheet() -> None:
    shipped = SHIPPED_SHEET.read_text(encoding="utf-8")
    tokens = set(shipped.split())

    def copied(value: str) -> bool:
        # A public site may share a prefix ("https://www.speedtest.net"); a copy is a whole value.
        return value in tokens or (" " in value and value in shipped)

    for seed in SEEDS:
        truth = generate_sheet(seed).truth
        values = [*truth.passwords(), *(c.value for c in truth.contacts), truth.provider]
        assert [v for v in values if copied(v)] == [], f"seed {seed}"


def _all_questions(seeds: range = SEEDS) -> list[tuple[GeneratedSheet, GeneratedQuestion]]:
    pairs = []
    for seed in seeds:
        sheet, questions = _sheet_and_questions(seed, FORMATS[seed % 2])
        pairs += [(sheet, q) for q in questions]
    return pairs


def test_expected_strings_come_from_the_truth() -> None:
    for sheet, question in _all_questions():
        truth_strings = list(sheet.truth.strings())
        for expected in question.expect:
            assert any(expected in s for s in truth_strings), question
            assert _in_text(expected, sheet.text), question


def test_no_question_holds_a_password() -> None:
    for sheet, question in _all_questions():
        assert not any(p.lower() in question.q.lower() for p in sheet.truth.passwords()), question


def test_forbidden_strings_never_overlap_the_expected_ones() -> None:
    for _, question in _all_questions():
        for forbidden in question.forbid:
            assert all(forbidden not in e and e not in forbidden for e in question.expect), question


def test_abstentions_expect_nothing_and_answers_expect_something() -> None:
    for _, question in _all_questions():
        assert bool(question.expect) != question.abstain, question


def test_questions_are_typed_like_agents() -> None:
    for _, question in _all_questions():
        assert question.q.isascii(), question
        if question.kind != "credential":  # models keep the case they were asked in
            assert question.q == question.q.lower(), question


def test_every_question_variant_occurs_and_ids_are_unique() -> None:
    pairs = _all_questions(range(60))
    assert {q.variant for _, q in pairs} == set(QUESTION_VARIANTS)
    ids = [q.id for _, q in pairs]
    assert len(ids) == len(set(ids))


def test_secrets_are_exact_and_forbid_other_passwords() -> None:
    for sheet, question in _all_questions():
        passwords = sheet.truth.passwords()
        asked = [e for e in question.expect if e in passwords]
        if asked:
            assert question.exact, question
            assert not set(asked) & set(question.forbid), question
        if question.variant == "policy_no_model":
            assert set(question.forbid) == set(passwords)
        if question.variant == "near_model":
            assert question.abstain and question.forbid, question


def test_two_hundred_seeds_generate_in_a_few_seconds() -> None:
    start = time.perf_counter()
    for seed in range(200):
        sheet = generate_sheet(seed, fmt=FORMATS[seed % 2])
        derive_questions(sheet, random.Random(seed))
    assert time.perf_counter() - start < 5.0


def test_plain_text_drops_markdown_and_keeps_every_value() -> None:
    sheet = generate_sheet(9, fmt="md")
    text = plain_text(sheet)
    assert "**" not in text and not text.startswith("#")
    assert all(value in text for value in sheet.truth.strings())


@pytest.mark.skipif(unicode_font() is None, reason="no Unicode TTF font (fonts-dejavu-core)")
def test_render_pdf_writes_the_sheet(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    sheet = generate_sheet(4, fmt="md")
    out = render_pdf(sheet, tmp_path / "sheet.pdf")
    assert out.read_bytes().startswith(b"%PDF")
    extracted = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert sheet.title in extracted


def test_judge_reads_exact_and_forbid_as_documented() -> None:
    question = GeneratedQuestion(
        "x-00-fee_answer", "q", ("Não é cobrado",), False, False, ("R$ 9,00",), "v", "fee"
    )
    assert answer_holds(question, "Pela ficha: NAO E  COBRADO.")
    assert not answer_holds(question, "Não é cobrado, mas cobra R$ 9,00")
    secret = GeneratedQuestion(
        "x-01-model_exact", "q", ("Ab#12:x?",), True, False, (), "v", "credential"
    )
    assert answer_holds(secret, "A senha é Ab#12:x?")
    assert missing_expected(secret, "A senha é ab#12:x?") == ["Ab#12:x?"]


def test_an_answer_quoting_the_expected_strings_holds() -> None:
    for _, question in _all_questions():
        if not question.abstain:
            quoted = " / ".join([*question.expect, *question.says])
            assert answer_holds(question, quoted), question
