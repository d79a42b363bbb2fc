"""The gold sets: valid lines, enough items and abstentions, every part covered, no copied lines."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from eval.runner import GoldError, load_gold
from eval.scoring import GoldItem, normalize
from ingest.analysis import fold
from ingest.reading import read_sheet
from tests.factories import LASERNET, ROOT, VELOCINET

DATA = ROOT / "tests" / "data"
FIBRAMAX = DATA / "fibramax.txt"
VARIANTS = {
    "ondanet": ROOT / "tests" / "data" / "ondanet.md",
    "ventonet": ROOT / "tests" / "data" / "ventonet.txt",
    "brisanet": ROOT / "tests" / "data" / "brisanet.txt",
}
# name -> (gold file, {provider: sheet}, minimum items, minimum abstentions). The fibramax set,
# the lasernet hold-out and the second blind round (three providers) were written blind (before
# reading rules or the tuned gold sets); so was the variants set (Markdown, tab and wide-gap
# layouts).
GOLD_SETS: dict[str, tuple[Path, dict[str, Path], int, int]] = {
    "lasernet": (ROOT / "eval" / "gold.jsonl", {"lasernet": LASERNET}, 150, 20),
    "velocinet": (ROOT / "eval" / "gold_velocinet.jsonl", {"velocinet": VELOCINET}, 40, 8),
    "fibramax": (ROOT / "eval" / "gold_fibramax.jsonl", {"fibramax": FIBRAMAX}, 60, 12),
    "lasernet_holdout": (
        ROOT / "eval" / "gold_lasernet_holdout.jsonl",
        {"lasernet": LASERNET},
        40,
        8,
    ),
    "blind2": (
        ROOT / "eval" / "gold_blind2.jsonl",
        {"lasernet": LASERNET, "velocinet": VELOCINET, "fibramax": FIBRAMAX},
        80,
        15,
    ),
    "variants": (ROOT / "eval" / "gold_variants.jsonl", VARIANTS, 60, 12),
    "blind3": (
        ROOT / "eval" / "gold_blind3.jsonl",
        {
            "sabiatelecom": DATA / "sabiatelecom.txt",
            "cajuinanet": DATA / "cajuinanet.md",
            "tucunarenet": DATA / "tucunarenet.txt",
        },
        100,
        20,
    ),
    "blind4": (
        ROOT / "eval" / "gold_blind4.jsonl",
        {"conectasertao": DATA / "conectasertao.txt", "jacarandanet": DATA / "jacarandanet.md"},
        60,
        12,
    ),
    "blind4_word": (
        ROOT / "eval" / "gold_blind4_word.jsonl",
        {"jacarandanet": DATA / "blind4" / "jacarandanet.txt"},
        30,
        6,
    ),
    "blind5": (
        ROOT / "eval" / "gold_blind5.jsonl",
        {
            "cerradolink": DATA / "blind5" / "cerradolink.txt",
            "araucarianet": DATA / "blind5" / "araucarianet.md",
            "jatobalink": DATA / "blind5" / "jatobalink.docx",
        },
        100,
        20,
    ),
    "blind6": (
        ROOT / "eval" / "gold_blind6.jsonl",
        {
            "mandacarufibra": DATA / "blind6" / "mandacarufibra.txt",
            "araucarianet": DATA / "blind6" / "araucarianet.md",
            "tapajosfibra": DATA / "blind6" / "tapajosfibra.pdf",
        },
        100,
        20,
    ),
    "blind7": (
        ROOT / "eval" / "gold_blind7.jsonl",
        {
            "buritinet": DATA / "blind7" / "buritinet.txt",
            "ribeirafibra": DATA / "blind7" / "ribeirafibra.docx",
            "guarirobanet": DATA / "blind7" / "guarirobanet.md",
        },
        100,
        20,
    ),
    "blind8": (
        ROOT / "eval" / "gold_blind8.jsonl",
        {
            "nortvale": DATA / "blind8" / "nortvale.txt",
            "ipelink": DATA / "blind8" / "ipelink.md",
            "cerradolink": DATA / "blind8" / "cerradolink.docx",
        },
        100,
        20,
    ),
    "blind9": (
        ROOT / "eval" / "gold_blind9.jsonl",
        {
            "jatobafibra": DATA / "blind9" / "jatobafibra.txt",
            "piracemafibra": DATA / "blind9" / "piracemafibra.md",
            "tucanolink": DATA / "blind9" / "tucanolink.txt",
        },
        100,
        20,
    ),
    "blind10": (
        ROOT / "eval" / "gold_blind10.jsonl",
        {
            "pequinet": DATA / "blind10" / "pequinet.txt",
            "pequinetmoc": DATA / "blind10" / "pequinetmoc.md",
            "carnaubanet": DATA / "blind10" / "carnaubanet.pdf",
        },
        100,
        20,
    ),
    "blind11": (
        ROOT / "eval" / "gold_blind11.jsonl",
        {
            "kambucanet": DATA / "blind11" / "kambucanet.txt",
            "quixabanet": DATA / "blind11" / "quixabanet.md",
            "zimbronet": DATA / "blind11" / "zimbronet.docx",
        },
        100,
        20,
    ),
    "blind12": (
        ROOT / "eval" / "gold_blind12.jsonl",
        {
            "agrestefibra": DATA / "blind12" / "agrestefibra.txt",
            "maraca_fibra": DATA / "blind12" / "maraca_fibra.md",
            "harpianet": DATA / "blind12" / "harpianet.docx",
        },
        100,
        20,
    ),
    "blind13": (
        ROOT / "eval" / "gold_blind13.jsonl",
        {
            "quaresmafibra": DATA / "blind13" / "quaresmafibra.txt",
            "tarumanet": DATA / "blind13" / "tarumanet.md",
            "juremalink": DATA / "blind13" / "juremalink.pdf",
        },
        100,
        20,
    ),
    "blind14": (
        ROOT / "eval" / "gold_blind14.jsonl",
        {
            "cajuinanet": DATA / "blind14" / "cajuinanet.txt",
            "carnaubanet": DATA / "blind14" / "carnaubanet.md",
            "aroeiranet": DATA / "blind14" / "aroeiranet.docx",
        },
        100,
        20,
    ),
    "blind15": (
        ROOT / "eval" / "gold_blind15.jsonl",
        {
            "ipecanet": DATA / "blind15" / "ipecanet.txt",
            "jenipaponet": DATA / "blind15" / "jenipaponet.md",
            "mangabanet": DATA / "blind15" / "mangabanet.pdf",
        },
        100,
        20,
    ),
    "blind16": (
        ROOT / "eval" / "gold_blind16.jsonl",
        {
            "umbuzeironet": DATA / "blind16" / "umbuzeironet.txt",
            "cambuinet": DATA / "blind16" / "cambuinet.md",
            "pitombanet": DATA / "blind16" / "pitombanet.docx",
        },
        100,
        20,
    ),
    "blind17": (
        ROOT / "eval" / "gold_blind17.jsonl",
        {
            "goiabanet": DATA / "blind17" / "goiabanet.txt",
            "jambonet": DATA / "blind17" / "jambonet.md",
            "cupuacunet": DATA / "blind17" / "cupuacunet.pdf",
        },
        100,
        20,
    ),
    "blind18": (
        ROOT / "eval" / "gold_blind18.jsonl",
        {
            "bacurinet": DATA / "blind18" / "bacurinet.txt",
            "muricinet": DATA / "blind18" / "muricinet.pdf",
            "sapotinet": DATA / "blind18" / "sapotinet.docx",
        },
        100,
        20,
    ),
}
# Rounds 3 to 18 keep the categories their blind authors gave (plans, fees, other, ...): their
# abstentions are not split by kind; round 8's authors filed the day thresholds as "billing".
OWN_CATEGORIES = {
    "blind3",
    "blind4",
    "blind4_word",
    "blind5",
    "blind6",
    "blind7",
    "blind8",
    "blind9",
    "blind10",
    "blind11",
    "blind12",
    "blind13",
    "blind14",
    "blind15",
    "blind16",
    "blind17",
    "blind18",
}
ANSWER_CATEGORIES = {
    "credentials",
    "plans",
    "fees",
    "blocking",
    "contacts",
    "hours",
    "procedures",
    "company",
    "support",
    "financial",
}


def _bare(text: str) -> str:
    """Folded words only: punctuation and spacing do not make a copied line original."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


Gold = tuple[str, list[GoldItem], dict[str, str]]


def _text_of(path: Path) -> str:
    """A sheet's text as a reader sees it (a DOCX's paragraphs and table rows)."""
    return (
        read_sheet(path).text
        if path.suffix in (".docx", ".pdf")
        else path.read_text(encoding="utf-8")
    )


@pytest.fixture(scope="module", params=sorted(GOLD_SETS))
def gold(request: pytest.FixtureRequest) -> Gold:
    gold_path, sheets, _, _ = GOLD_SETS[request.param]
    texts = {p: _text_of(path) for p, path in sheets.items()}
    return request.param, load_gold(gold_path), texts


def test_sizes_and_abstentions(gold: Gold) -> None:
    name, items, sheets = gold
    _, _, min_items, min_abstain = GOLD_SETS[name]
    assert len(items) >= min_items
    assert sum(i.abstain for i in items) >= min_abstain
    assert {i.provider for i in items} == set(sheets)


def test_ids_and_questions_are_unique(gold: Gold) -> None:
    _, items, _ = gold
    assert len({i.id for i in items}) == len(items)
    asked = Counter((i.provider, normalize(i.q)) for i in items)
    repeated = [q for q, n in asked.items() if n > 1]
    assert repeated == []


def test_no_question_copies_a_sheet_line(gold: Gold) -> None:
    _, items, sheets = gold
    lines = {
        p: {_bare(line) for line in text.splitlines() if _bare(line)} for p, text in sheets.items()
    }
    copied = [i.q for i in items if _bare(i.q) in lines[str(i.provider)]]
    assert copied == []


def _written(value: str, sheet: str) -> bool:
    """As is, or as a Markdown table cell writes a pipe of it ("Caj\\|Net#8145"), or as a
    Markdown export escapes its marks ("Carn\\#Tp\\_C6")."""
    unescaped = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", sheet)
    return value in sheet or value.replace("|", "\\|") in sheet or value in unescaped


# Strings a blind author copied from a cell the reader does not yet read whole: round 13's PDF
# prints a spreadsheet whose cells wrap over several lines, and the reader takes a grid's lines
# across its columns ("48h" beside the next column, "úteis" a line below). A known gap of
# issue 10, listed exactly so that a change either way fails here.
UNREAD_CELLS = {
    "blind13": {("juremalink-19", "48h úteis"), ("juremalink-35", "só c/ comprovante")},
}


def test_expected_strings_are_in_the_sheet(gold: Gold) -> None:
    """A gold answer comes from its provider's sheet: exact ones character for character."""
    name, items, sheets = gold
    folded = {p: normalize(text) for p, text in sheets.items()}
    missing = [
        (i.id, e)
        for i in items
        for e in i.expect
        if not (
            _written(e, sheets[str(i.provider)])
            if i.exact
            else normalize(e) in folded[str(i.provider)]
        )
    ]
    assert set(missing) == UNREAD_CELLS.get(name, set())


def test_categories_cover_the_sheet(gold: Gold) -> None:
    name, items, _ = gold
    categories = {i.category for i in items}
    if name in OWN_CATEGORIES:
        answered = {i.category for i in items if not i.abstain}
        assert {"credentials", "plans", "fees", "contacts"} <= answered
        # round 12 filed the day thresholds as "thresholds", round 15 as "financial"
        assert answered & {"blocking", "billing", "thresholds", "financial"}
        return
    assert categories >= ANSWER_CATEGORIES
    assert any(c.startswith("abstain_") for c in categories)
    abstain_categories = {i.category for i in items if i.abstain}
    assert all(c.startswith("abstain_") for c in abstain_categories)
    assert all(not i.category.startswith("abstain_") for i in items if not i.abstain)


def test_lasernet_gold_has_exact_and_near_miss_items() -> None:
    items = load_gold(GOLD_SETS["lasernet"][0])
    exact = [i for i in items if i.exact]
    assert len(exact) >= 25
    # Near-miss router models must be refused without leaking a neighbour's password.
    assert any(i.abstain and i.forbid for i in items if i.category == "abstain_model")
    assert {"abstain_model", "abstain_plan", "abstain_unanswered", "abstain_out_of_scope"} <= {
        i.category for i in items
    }


def test_load_gold_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    good = (
        '{"id": "a", "q": "senha", "expect": ["x"], "exact": false, "forbid": [],'
        ' "abstain": false, "provider": null, "category": "c"}'
    )
    path.write_text(good + "\n" + good + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"g\.jsonl:2: duplicate id 'a'"):
        load_gold(path)
    path.write_text(good + "\n{not json\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"g\.jsonl:2"):
        load_gold(path)


def test_load_gold_reads_short_lines_and_warns_on_unknown_keys_by_line(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(
        '{"id": "a", "q": "senha do w5", "expect": ["Lnt12345@"]}\n'
        "\n"
        '{"id": "b", "q": "senha do xyz", "abstain": true, "expected": ["x"]}\n',
        encoding="utf-8",
    )
    warnings: list[str] = []
    items = load_gold(path, warn=warnings.append)
    assert [(i.id, i.abstain, i.category) for i in items] == [
        ("a", False, "general"),
        ("b", True, "general"),
    ]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}:3: warning: unknown key expected ignored")


def test_load_gold_names_the_line_of_a_missing_required_key(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(
        '{"id": "a", "q": "senha", "expect": ["x"]}\n{"id": "b", "expect": ["x"]}\n',
        encoding="utf-8",
    )
    with pytest.raises(GoldError, match=r"g\.jsonl:2: gold item 'b': missing required key q"):
        load_gold(path)


def test_eval_cli_prints_the_unknown_key_warning_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from eval.cli import main

    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "a", "q": "senha", "expect": ["x"], "prov": "p"}\n', "utf-8")
    # No index there: the run stops after the gold file was read (exit 2), warning printed.
    assert main(["--gold", str(path), "--index-dir", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert f"{path}:1: warning: unknown key prov ignored" in err
