"""A version keeps its lint findings: listed in the manifest, verified, read back as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.index import FINDINGS_FILE, IndexLoadError, load_version, read_findings
from ingest.index.findings import findings_of
from ingest.index.layout import MANIFEST, VERSIONS
from ingest.index.publish import publish_version
from ingest.records import Finding
from tests.ingest.index.versions import DIM, do_publish, new_partition

FINDINGS = [
    Finding(
        "/s/acme.txt", 112, "unanswered-question", "pergunta sem resposta: 'Qual DNS?'", "acme"
    ),
    Finding("/s/acme.txt", 36, "value-missing", "taxa citada sem valor: 'Taxa'", "acme"),
]


def _publish(index_dir: Path, findings: list[Finding]) -> str:
    return publish_version(
        index_dir, [new_partition()], model_name="test-hash-embedder", dim=DIM, findings=findings
    )


def test_findings_are_kept_sorted_and_read_back(tmp_path: Path) -> None:
    version = _publish(tmp_path, FINDINGS)
    manifest = json.loads((tmp_path / VERSIONS / version / MANIFEST).read_text(encoding="utf-8"))
    assert FINDINGS_FILE in manifest["files"]
    assert read_findings(tmp_path) == sorted(FINDINGS)
    assert findings_of(load_version(tmp_path)) == sorted(FINDINGS)


def test_a_version_without_findings_listed_has_none_not_an_empty_list(tmp_path: Path) -> None:
    version = do_publish(tmp_path)
    assert read_findings(tmp_path) == []  # published by this code: no finding
    folder = tmp_path / VERSIONS / version
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    del manifest["files"][FINDINGS_FILE]  # as a version made before findings were kept
    (folder / FINDINGS_FILE).unlink()
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert read_findings(tmp_path) is None
    assert findings_of(load_version(tmp_path)) is None


def test_a_changed_findings_file_is_refused(tmp_path: Path) -> None:
    version = _publish(tmp_path, FINDINGS)
    path = tmp_path / VERSIONS / version / FINDINGS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("112", "113"), encoding="utf-8")
    with pytest.raises(IndexLoadError, match=FINDINGS_FILE):
        read_findings(tmp_path)
