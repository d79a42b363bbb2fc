"""Fixtures of the service tests: indexes built in tmp folders from the two sheets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.cli import main
from ingest.index.publish import current_version
from tests.conftest import LASERNET, VELOCINET, HashEmbedder


def build_index(index_dir: Path, sheets: list[Path], embedder: HashEmbedder) -> str:
    """Publish a version of ``sheets`` into ``index_dir`` through the ingest CLI; its name."""
    code = main([*map(str, sheets), "--index-dir", str(index_dir), "--quiet"], embedder=embedder)
    assert code == 0, f"ingest failed with {code}"
    version = current_version(index_dir)
    assert version is not None
    return version


@pytest.fixture(scope="session")
def both_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of both sheets (providers "lasernet" and "velocinet"); do not modify."""
    index_dir = tmp_path_factory.mktemp("both") / "index"
    build_index(index_dir, [LASERNET, VELOCINET], HashEmbedder())
    return index_dir


@pytest.fixture(scope="session")
def laser_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the shipped sheet only; do not modify."""
    index_dir = tmp_path_factory.mktemp("laser") / "index"
    build_index(index_dir, [LASERNET], HashEmbedder())
    return index_dir


@pytest.fixture
def sheet_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped sheet (named lasernet.txt) for reload tests."""
    folder = tmp_path / "sheets"
    folder.mkdir()
    return Path(shutil.copy(LASERNET, folder / "lasernet.txt"))
