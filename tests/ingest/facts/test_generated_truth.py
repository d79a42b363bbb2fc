"""Every fact ingest extracts from generated sheets equals the generator's truth (issue 10,
point 1): every layout the template's authors use, as TXT, Markdown and DOCX, fixed seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.facts import extract_facts
from ingest.parsing import parse_sheet
from ingest.reading import read_sheet
from tests.ingest.pdf_render import render_pdf, unicode_font
from tests.ingest.reading.docx_render import render_docx
from tests.sheetgen import LAYOUT_VARIANTS, generate_sheet, plain_text
from tests.sheetgen.as_yaml import yaml_sheet
from tests.sheetgen.checks import fact_mismatches

# A word processor holds real tables: boxes drawn in text are a plain-text file's, and so is
# an e-mail's reply.
_WORD_TABLES = {"tables": "pipes", "envelope": "none"}

SEEDS = range(200, 320)


def _mismatches(text: str, seed: int, fmt: str) -> list[str]:
    sheet = generate_sheet(seed, fmt=fmt)
    parsed = parse_sheet(text, sheet.provider_id)
    facts = extract_facts(parsed.units, parsed.line_map)
    return [f"seed {seed} {fmt}: {m}" for m in fact_mismatches(sheet.truth, facts)]


def test_every_fact_of_generated_sheets_equals_the_truth() -> None:
    found: list[str] = []
    seen: set[str] = set()
    for seed in SEEDS:
        for fmt in ("txt", "md"):
            sheet = generate_sheet(seed, fmt=fmt)
            seen.update(f"{k}={v}" for k, v in sheet.truth.variants.items())
            found += _mismatches(sheet.text, seed, fmt)
    assert found == []
    # The seeds reach every layout the generator writes, so a layout's facts are all checked.
    every = {f"{k}={v}" for k, values in LAYOUT_VARIANTS.items() for v in values}
    assert every <= seen, sorted(every - seen)


def test_generated_sheets_kept_as_yaml_files_give_the_facts_of_their_truth() -> None:
    """A developer's YAML file of the same truth (round 18's layout): every password quoted
    as YAML must, every price, fee, count of days, contact and hour read back exactly."""
    found: list[str] = []
    for seed in range(500, 560):
        sheet = generate_sheet(seed, fmt="txt")
        found += [f"yaml: {m}" for m in _mismatches(yaml_sheet(sheet), seed, "txt")]
    assert found == []


def test_generated_sheets_as_docx_give_the_facts_of_their_truth(tmp_path: Path) -> None:
    found: list[str] = []
    for seed in range(300, 312):
        sheet = generate_sheet(seed, fmt="txt", force=_WORD_TABLES)
        path = render_docx(sheet.text, tmp_path / f"{sheet.provider_id}.docx")
        found += _mismatches(read_sheet(path).text, seed, "txt")
    assert found == []


@pytest.mark.skipif(unicode_font() is None, reason="no Unicode TTF font (fonts-dejavu-core)")
def test_generated_sheets_printed_as_a_manual_give_the_facts_of_their_truth(
    tmp_path: Path,
) -> None:
    """A printed manual: tables drawn as bordered cells (a merged maker cell left empty), a
    running footer with page numbers, lone "question?<tab>answer" lines as a wide gap."""
    found: list[str] = []
    for seed in range(400, 412):
        sheet = generate_sheet(seed, fmt="txt")
        path = render_pdf(
            plain_text(sheet),
            tmp_path / f"{sheet.provider_id}.pdf",
            drawn_tables=True,
            footer=sheet.title,
        )
        text = read_sheet(path).text
        assert "Página" not in text, "the running footer is dropped"
        found += _mismatches(text, seed, "txt")
    assert found == []
