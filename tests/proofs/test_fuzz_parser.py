"""Fuzzing the sheet parser, fact extraction and lint with hypothesis: no exception, no hang.

Texts are built from sheet-like line fragments (questions, "R:" answers, tab tables, caps
headings, prices, speeds, plan and credential shapes, URLs, phones, day counts) mixed with
random unicode, blank lines and odd line breaks. Each call of ``parse_sheet`` + ``extract_facts``
must return well-formed units and facts within a time bound, and lint findings on lines of the
text that quote no secret value. The run is bounded: 300 examples.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.facts import extract_facts
from ingest.lint import SheetInput, lint_sheet
from ingest.parsing import parse_sheet
from ingest.records import secret_values

pytestmark = pytest.mark.integration

EXAMPLES = 300
CALL_BOUND_S = 2.0  # one sheet of at most a few hundred lines

words = st.sampled_from(
    [
        "Qual",
        "senha",
        "padrão",
        "roteador",
        "plano",
        "FIBRA",
        "RÁDIO",
        "taxa",
        "instalação",
        "bloqueio",
        "dias",
        "cancelamento",
        "R$",
        "reais",
        "MB",
        "Mega",
        "admin",
        "-",
        "–",
        ":",
        "OS",
        "cobrado",
        "Não",
        "Sim",
        "De",
        "Segunda",
        "Sábado",
        "08h",
        "18h",
        "24/7",
        "?",
    ]
)
numbers = st.one_of(
    st.integers(0, 100000).map(str),
    st.builds(lambda a, b: f"{a},{b:02d}", st.integers(0, 999), st.integers(0, 99)),
    st.builds(lambda n: f"{n}MB", st.integers(0, 5000)),
    st.builds(lambda n: f"{n}M", st.integers(0, 5000)),
    st.builds(lambda n: f"{n} Dias", st.integers(0, 400)),
)
phrase = st.lists(st.one_of(words, numbers, st.text(max_size=8)), min_size=0, max_size=8).map(
    " ".join
)
login = st.sampled_from(["admin", "-", "", "LOGIN"])
secret = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=16
)
line = st.one_of(
    phrase.map(lambda p: f"{p}?"),
    phrase.map(lambda p: f"R: {p}"),
    phrase.map(lambda p: p.upper()),
    st.lists(phrase, min_size=2, max_size=4).map("\t".join),
    st.builds(lambda p, s: f"{p} - {s}", numbers, numbers),
    st.builds(
        lambda m, u, s: f"{m}\n\n{u}\n\n{s}", phrase, st.sampled_from(["admin", "-"]), secret
    ),
    st.builds(lambda p, n: f"{p}: {n}", phrase, numbers),
    st.sampled_from(["", " ", "\t", "R:", "?", "-", "EQUIPAMENTO", "LOGIN", "SENHA", "http://"]),
    st.builds(lambda n: f"({n % 100:02d}) 9{n:08d}"[:16], st.integers(0, 10**8)),
    st.text(max_size=40),
)
sheets = st.lists(line, min_size=0, max_size=60).map("\n".join) | st.text(max_size=400)
newlines = st.sampled_from(["\n", "\r\n", "\r"])


@given(text=sheets, newline=newlines)
@settings(
    max_examples=EXAMPLES,
    deadline=None,  # timed below, so a slow first call (imports) is not a flaky failure
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_parse_and_extract_never_crash_nor_hang(text: str, newline: str) -> None:
    text = text.replace("\n", newline)
    started = time.perf_counter()
    parsed = parse_sheet(text, "fuzz")
    facts = extract_facts(list(parsed.units), parsed.line_map)
    sheet = SheetInput("fuzz.txt", "fuzz", parsed.units, facts, parsed.notes, parsed.line_map)
    findings = lint_sheet(sheet)
    took = time.perf_counter() - started
    assert took < CALL_BOUND_S, f"{took:.2f} s for {len(text)} characters"
    line_count = max(1, len(text.splitlines()) + 1)
    ids = {unit.id for unit in parsed.units}
    assert len(ids) == len(parsed.units), "unit ids are unique"
    for unit in parsed.units:
        assert unit.provider == "fuzz"
        first, last = unit.lines
        assert 1 <= first <= last <= line_count, (unit.lines, line_count)
    for fact in facts:
        assert fact.unit_id in ids
        assert fact.value, "a fact has a value"
        assert fact.lines[0] >= 1
    secrets = secret_values(facts)
    for finding in findings:
        assert 1 <= finding.line <= line_count, (finding, line_count)
        assert not any(s in finding.message for s in secrets), finding
