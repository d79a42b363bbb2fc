"""Fixtures of the service tests: indexes built in tmp folders from the two sheets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.factories import LASERNET, VELOCINET, HashEmbedder, build_index


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
