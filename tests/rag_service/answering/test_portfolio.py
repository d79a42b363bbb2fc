"""A version's providers built partition by partition; a reload builds only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.analysis import analyze
from ingest.index import load_version, partition_folder
from rag_service.answering import Engine, EngineStore, RankingOptions, engine_builder
from rag_service.answering.confidence import SheetVocabulary
from rag_service.answering.provider_index import SecretWords
from rag_service.answering.retrieval import LexicalIndex
from rag_service.answering.unit_text import heading_text
from tests.factories import LASERNET, VELOCINET, HashEmbedder, build_index


@pytest.fixture
def sheets(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "sheets"
    folder.mkdir()
    return {
        "lasernet": Path(shutil.copy(LASERNET, folder / "lasernet.txt")),
        "velocinet": Path(shutil.copy(VELOCINET, folder / "velocinet.txt")),
    }


def _change_password(sheet: Path) -> None:
    text = sheet.read_text(encoding="utf-8")
    assert "P=a5tr3NeL!g1200" in text
    sheet.write_text(text.replace("P=a5tr3NeL!g1200", "Nova#Senha9"), encoding="utf-8")


@pytest.mark.parametrize("mode", ["lexical", "hybrid"])
def test_reload_builds_only_the_changed_partition(
    tmp_path: Path, sheets: dict[str, Path], mode: str
) -> None:
    index_dir = tmp_path / "index"
    embedder = HashEmbedder()
    build_index(index_dir, list(sheets.values()), embedder)
    build = engine_builder(mode, RankingOptions(), embedder)  # type: ignore[arg-type]
    store = EngineStore(index_dir, build)
    assert store.refresh()
    old = store.engine
    assert old is not None and old.portfolio.built == 2
    velocinet = old.indexes["velocinet"]

    _change_password(sheets["lasernet"])
    build_index(index_dir, [sheets["lasernet"]], embedder)
    # The unchanged partition's files are not read again: damaging them changes nothing here.
    (partition_folder(index_dir, velocinet.digest) / "facts.json").write_text("damaged")
    assert store.refresh(), store.last_error
    new = store.engine
    assert new is not None and new is not old and new.version != old.version
    assert new.portfolio.built == 1
    assert new.indexes["velocinet"] is velocinet, "shared with the engine it replaced"
    assert new.indexes["lasernet"] is not old.indexes["lasernet"]
    assert "Nova#Senha9" in new.indexes["lasernet"].secrets
    assert old.ask("qual a porta", "lasernet").index_version == old.version, "old still answers"


def test_incremental_secret_words_equal_a_full_build(
    tmp_path: Path, sheets: dict[str, Path]
) -> None:
    index_dir = tmp_path / "index"
    build_index(index_dir, list(sheets.values()), HashEmbedder())
    store = EngineStore(index_dir, engine_builder("lexical", RankingOptions()))
    assert store.refresh()
    first = store.engine
    assert first is not None and "p=a5tr3nel!g1200" in first.every_secret
    _change_password(sheets["lasernet"])
    build_index(index_dir, [sheets["lasernet"]], HashEmbedder())
    assert store.refresh()
    engine = store.engine
    assert engine is not None
    full = SecretWords.of(engine.indexes.values())
    assert set(engine.every_secret) == set(full) and len(engine.every_secret) == len(full)
    assert "nova#senha9" in engine.every_secret
    assert "p=a5tr3nel!g1200" not in engine.every_secret
    # The engine that was replaced keeps its own words.
    assert "p=a5tr3nel!g1200" in first.every_secret


def test_secret_words_count_providers_sharing_a_value() -> None:
    class View:
        def __init__(self, *secrets: str) -> None:
            self.secrets = secrets

    a, b = View("Same1!", "OnlyA"), View("same1!")
    words = SecretWords.of([a, b])  # type: ignore[list-item]
    assert set(words) == {"same1!", "onlya"}
    without_a = words.updated([a], [])  # type: ignore[list-item]
    assert "same1!" in without_a and "onlya" not in without_a, "b still holds it"
    assert "onlya" in words, "the original is not changed"


def test_stored_vocabulary_is_the_one_the_texts_make(both_index: Path) -> None:
    loaded = load_version(both_index)
    for partition in loaded.partitions.values():
        texts = [u.search_text() for u in partition.units]
        made = SheetVocabulary(texts)
        stored = SheetVocabulary.of_words(partition.words, partition.stems)
        assert stored.words == made.words and stored.stems == made.stems


def test_providers_are_found_by_id_and_display_name(both_index: Path) -> None:
    engine = Engine(load_version(both_index), None, "lexical")
    assert engine.resolve_provider("lasernet") == "lasernet"
    assert engine.resolve_provider(" LASERNET ") == "lasernet"
    name = engine.providers["velocinet"]
    assert engine.resolve_provider(name.upper()) == "velocinet"


def test_bm25_and_headings_are_built_on_a_providers_first_question(both_index: Path) -> None:
    engine = Engine(load_version(both_index), None, "lexical")
    views = engine.indexes
    unbuilt = [v for v in views.values() if v.lexical_of._index or v.headings_of._index]
    assert not unbuilt, "nothing built before a question"
    engine.ask("qual a porta de acesso", "lasernet")
    laser, veloci = views["lasernet"], views["velocinet"]
    assert laser.lexical_of._index is not None and laser.headings_of._index is not None
    assert veloci.lexical_of._index is None and veloci.headings_of._index is None
    # The headings field is BM25 over each unit's own question, situation or heading.
    made = LexicalIndex([analyze(heading_text(u)) for u in laser.units])
    tokens = analyze("cancelamento do contrato")
    assert list(laser.headings.scores(tokens)) == list(made.scores(tokens))
