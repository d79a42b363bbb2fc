"""``python -m ingest`` end to end with the fake embedder; one run with the real model."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from ingest import cli
from ingest.index import current_version, list_versions, load_version, partition_folder
from ingest.settings import DEFAULT_MODEL, PROJECT_ROOT
from tests.factories import HashEmbedder


def run(capsys: pytest.CaptureFixture[str], *argv: object, embedder=None) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv], embedder=embedder)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sheet(tmp_path: Path, lasernet_path: Path) -> Path:
    """A copy of the shipped sheet that a test may edit."""
    folder = tmp_path / "sheets"
    folder.mkdir()
    return Path(shutil.copy(lasernet_path, folder / "lasernet.txt"))


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


def test_ingest_publishes_a_loadable_version(capsys, sheet, index_dir, hash_embedder) -> None:
    code, out, err = run(capsys, sheet, "--index-dir", index_dir, embedder=hash_embedder)
    assert code == 0, err
    loaded = load_version(index_dir)
    assert out.startswith(f"published {loaded.version}: providers lasernet, ")
    assert f"embedded {len(loaded.units)} / reused 0" in out
    assert list(loaded.providers) == ["lasernet"]
    assert loaded.units and loaded.facts
    assert {u.provider for u in loaded.units} == {"lasernet"}
    assert loaded.manifest["model"] == {"name": hash_embedder.name, "dim": hash_embedder.dim}
    assert loaded.manifest["partitions"][0]["source"]["provider"] == "lasernet"


def test_unchanged_rerun_publishes_nothing_and_does_not_embed(
    capsys, sheet, index_dir, hash_embedder, monkeypatch
) -> None:
    assert run(capsys, sheet, "--index-dir", index_dir, embedder=hash_embedder)[0] == 0
    version = current_version(index_dir)

    def no_model(model: str):
        raise AssertionError(f"model {model} loaded on an unchanged rerun")

    monkeypatch.setattr(cli, "load_embedder", no_model)
    again = HashEmbedder()
    code, out, _ = run(capsys, sheet, "--index-dir", index_dir, embedder=again)
    assert code == 0
    assert out.strip() == f"unchanged: {version}"
    assert again.calls == 0
    assert list_versions(index_dir) == [version]


def test_another_model_is_not_unchanged(capsys, sheet, index_dir, hash_embedder) -> None:
    assert run(capsys, sheet, "--index-dir", index_dir, embedder=hash_embedder)[0] == 0
    other = HashEmbedder(dim=32, name="another-model")
    code, out, _ = run(capsys, sheet, "--index-dir", index_dir, embedder=other)
    assert code == 0 and out.startswith("published")
    assert other.texts_encoded > 0
    assert load_version(index_dir).manifest["model"]["name"] == "another-model"


def test_changed_sheet_reembeds_only_changed_units_and_tells_what_changed(
    capsys, sheet, index_dir, hash_embedder
) -> None:
    assert run(capsys, sheet, "--index-dir", index_dir, embedder=hash_embedder)[0] == 0
    before = load_version(index_dir)
    text = sheet.read_text(encoding="utf-8")
    assert "79,90 - 200MB" in text and "P=a5tr3NeL!g1200" in text
    text = text.replace("79,90 - 200MB", "84,90 - 200MB")
    text = text.replace("P=a5tr3NeL!g1200", "Nova#Senha9")
    text = text.replace(
        "INTELBRAS\n\nadmin\n\nLnt12345@\n",
        "INTELBRAS\n\nadmin\n\nLnt12345@\n\nXR500\n\nadmin\n\nXr#500ok\n",
    )
    sheet.write_text(text, encoding="utf-8")

    embedder = HashEmbedder()
    code, out, err = run(capsys, sheet, "--index-dir", index_dir, embedder=embedder)
    assert code == 0, err
    after = load_version(index_dir)
    assert after.version != before.version
    old_hashes = {u.content_hash() for u in before.units}
    changed = {u.content_hash() for u in after.units} - old_hashes
    assert 0 < len(changed) < len(after.units) // 2
    assert embedder.texts_encoded == len(changed)
    reused = sum(1 for u in after.units if u.content_hash() in old_hashes)
    assert f"reused {reused}" in out
    assert "lasernet: plan fibra 200MB: 79,90 -> 84,90" in out
    assert "RG1200 password changed" in out
    assert "lasernet: new equipment XR500" in out
    assert "Nova#Senha9" not in out and "Xr#500ok" not in out and "P=a5tr3NeL" not in out


def test_two_providers_go_into_one_version(
    capsys, sheet, velocinet_path, index_dir, hash_embedder
) -> None:
    code, out, err = run(
        capsys, sheet, velocinet_path, "--index-dir", index_dir, embedder=hash_embedder
    )
    assert code == 0, err
    loaded = load_version(index_dir)
    assert set(loaded.providers) == {"lasernet", "velocinet"}
    assert {u.provider for u in loaded.units} == {"lasernet", "velocinet"}
    assert loaded.manifest["counts"]["providers"] == 2
    # Given alone and unchanged, one sheet keeps the pair as it is: nothing to publish.
    version = current_version(index_dir)
    code, out, _ = run(capsys, sheet, "--index-dir", index_dir, embedder=hash_embedder)
    assert code == 0
    assert out.strip() == f"unchanged: {version}"
    # --replace publishes exactly the given sheets: the other provider is reported as removed.
    code, out, _ = run(capsys, sheet, "--replace", "--index-dir", index_dir, embedder=hash_embedder)
    assert code == 0
    assert "velocinet: provider removed" in out
    assert set(load_version(index_dir).providers) == {"lasernet"}


def test_one_changed_sheet_keeps_the_other_providers(
    capsys, sheet, velocinet_path, index_dir, hash_embedder
) -> None:
    assert (
        run(capsys, sheet, velocinet_path, "--index-dir", index_dir, embedder=hash_embedder)[0] == 0
    )
    before = load_version(index_dir)
    kept_units = [u for u in before.units if u.provider == "velocinet"]
    kept_facts = [f for f in before.facts if f.provider == "velocinet"]
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("79,90", "84,90"), encoding="utf-8")
    embedder = HashEmbedder()
    code, out, err = run(capsys, sheet, "--index-dir", index_dir, embedder=embedder)
    assert code == 0, err
    assert "lasernet: plan fibra 200MB: 79,90 -> 84,90" in out
    assert "velocinet" not in out.split("\n", 1)[1]  # no change line for the kept provider
    after = load_version(index_dir)
    assert set(after.providers) == {"lasernet", "velocinet"}
    assert [u for u in after.units if u.provider == "velocinet"] == kept_units
    assert [f for f in after.facts if f.provider == "velocinet"] == kept_facts
    assert embedder.texts_encoded == 1  # only the changed unit; the rest from the cache


def test_remove_drops_one_provider(capsys, sheet, velocinet_path, index_dir, hash_embedder) -> None:
    assert (
        run(capsys, sheet, velocinet_path, "--index-dir", index_dir, embedder=hash_embedder)[0] == 0
    )
    code, out, err = run(
        capsys, "--remove", "velocinet", "--index-dir", index_dir, embedder=hash_embedder
    )
    assert code == 0, err
    assert "velocinet: provider removed" in out
    assert set(load_version(index_dir).providers) == {"lasernet"}
    version = current_version(index_dir)
    code, _, err = run(
        capsys, "--remove", "nobody", "--index-dir", index_dir, embedder=hash_embedder
    )
    assert code == 2
    assert err.startswith("error: --remove nobody: not in the index (lasernet)")
    assert current_version(index_dir) == version


def test_folder_source_and_provider_override(capsys, sheet, index_dir, hash_embedder) -> None:
    code, _, err = run(
        capsys,
        sheet.parent,
        "--index-dir",
        index_dir,
        "--provider",
        "Laser Net",
        embedder=hash_embedder,
    )
    assert code == 0, err
    assert set(load_version(index_dir).providers) == {"laser-net"}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_INPUTS = {
    "missing": lambda d: d / "nope.txt",
    "empty": lambda d: _write(d / "empty.txt", b""),
    "binary": lambda d: _write(d / "junk.txt", bytes(range(256)) * 20),
    "broken_pdf": lambda d: _write(
        d / "broken.pdf", b"%PDF-1.4\n1 0 obj <</Type /Catalog\ntrailer\n"
    ),
    "no_unit": lambda d: _write(d / "nounit.txt", b"\n  \n---\n\n"),
    "free_text": lambda d: _write(d / "letter.txt", "Olá,\nsegue o relatório do mês.\n".encode()),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_is_one_error_line_and_nothing_published(
    capsys, tmp_path, sheet, index_dir, hash_embedder, kind
) -> None:
    assert run(capsys, sheet, "--index-dir", index_dir, embedder=hash_embedder)[0] == 0
    version = current_version(index_dir)
    bad = BAD_INPUTS[kind](tmp_path)
    embedder = HashEmbedder()
    # The good sheet first: nothing of it may be written when a later one is bad.
    sheet.write_text(
        sheet.read_text(encoding="utf-8") + "\nQual o novo?\nR: Sim\n", encoding="utf-8"
    )
    code, out, err = run(capsys, sheet, bad, "--index-dir", index_dir, embedder=embedder)
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: {bad}: ")
    assert len(lines[0]) > len(f"error: {bad}: ") + 3
    assert out == ""
    assert embedder.calls == 0
    assert current_version(index_dir) == version
    assert list_versions(index_dir) == [version]
    assert not list(index_dir.glob(".tmp-*"))


def test_provider_with_two_files_is_refused(
    capsys, sheet, velocinet_path, index_dir, hash_embedder
) -> None:
    code, out, err = run(
        capsys,
        sheet,
        velocinet_path,
        "--index-dir",
        index_dir,
        "--provider",
        "x",
        embedder=hash_embedder,
    )
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and "--provider" in err
    assert current_version(index_dir) is None and hash_embedder.calls == 0


def _edit(sheet: Path, n: int) -> None:
    sheet.write_text(
        sheet.read_text(encoding="utf-8") + f"\nPergunta extra {n}?\nR: Resposta {n}\n"
    )


def test_keep_prunes_and_rollback_and_list(capsys, sheet, index_dir, hash_embedder) -> None:
    versions = []
    for n in range(3):
        _edit(sheet, n)
        assert (
            run(capsys, sheet, "--index-dir", index_dir, "--keep", 5, embedder=hash_embedder)[0]
            == 0
        )
        versions.append(current_version(index_dir))
    assert list_versions(index_dir) == versions

    _edit(sheet, 3)
    assert run(capsys, sheet, "--index-dir", index_dir, "--keep", 2, embedder=hash_embedder)[0] == 0
    newest = current_version(index_dir)
    assert list_versions(index_dir) == [versions[-1], newest]

    code, out, _ = run(capsys, "--index-dir", index_dir, "--list")
    assert code == 0
    assert out.splitlines()[0].startswith(f"  {versions[-1]}")
    assert out.splitlines()[1].startswith(f"* {newest}")

    code, out, _ = run(capsys, "--index-dir", index_dir, "--rollback", versions[-1])
    assert code == 0 and out.strip() == f"current: {versions[-1]}"
    assert load_version(index_dir).version == versions[-1]

    code, _, err = run(capsys, "--index-dir", index_dir, "--rollback", versions[0])
    assert code != 0 and err.startswith("error: cannot roll back") and str(versions[0]) in err
    assert current_version(index_dir) == versions[-1]


def test_quiet_prints_nothing_on_success(capsys, sheet, index_dir, hash_embedder) -> None:
    code, out, err = run(capsys, sheet, "--index-dir", index_dir, "--quiet", embedder=hash_embedder)
    assert (code, out, err) == (0, "", "")
    _edit(sheet, 1)
    code, out, err = run(capsys, sheet, "--index-dir", index_dir, "--quiet", embedder=hash_embedder)
    assert (code, out, err) == (0, "", "")
    assert len(list_versions(index_dir)) == 2


def test_cp1252_sheet_warns_on_stderr(
    capsys, tmp_path, lasernet_path, index_dir, hash_embedder
) -> None:
    path = tmp_path / "lasernet.txt"
    path.write_bytes(lasernet_path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    code, out, err = run(capsys, path, "--index-dir", index_dir, embedder=hash_embedder)
    assert code == 0
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1
    assert str(path) in warnings[0] and "cp1252" in warnings[0].replace(str(path), "")
    assert out.startswith("published")


SUBPROCESS_MAIN = """
import sys
from ingest.cli import main
from tests.factories import HashEmbedder
sys.exit(main(sys.argv[1:], embedder=HashEmbedder()))
"""


@pytest.mark.integration
@pytest.mark.parametrize("step", ["after_files", "after_rename", "after_current_tmp"])
def test_killed_publish_leaves_previous_version_current(capsys, sheet, index_dir, step) -> None:
    assert run(capsys, sheet, "--index-dir", index_dir, embedder=HashEmbedder())[0] == 0
    previous = current_version(index_dir)
    _edit(sheet, 1)
    env = {**os.environ, "RAG_TEST_PAUSE_AT": step, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", SUBPROCESS_MAIN, str(sheet), "--index-dir", str(index_dir)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert line.strip() == f"paused at {step}"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    loaded = load_version(index_dir)
    assert loaded.version == previous
    assert not any("Pergunta extra" in (u.question or "") + u.answer for u in loaded.units)
    # The next publish cleans the leftovers and becomes current.
    assert run(capsys, sheet, "--index-dir", index_dir, embedder=HashEmbedder())[0] == 0
    assert not list(index_dir.glob(".tmp-*"))
    assert current_version(index_dir) not in (None, previous)
    assert load_version(index_dir).version == current_version(index_dir)


@pytest.mark.integration
def test_unchanged_rerun_does_not_import_torch(sheet, index_dir, capsys) -> None:
    # Published with a fake that carries the default model's name: a rerun without an
    # embedder finds everything unchanged and must neither load nor import the model.
    fake = HashEmbedder(name=DEFAULT_MODEL)
    assert run(capsys, sheet, "--index-dir", index_dir, embedder=fake)[0] == 0
    code = (
        "import sys, time\n"
        "t = time.perf_counter()\n"
        "from ingest.cli import main\n"
        "t1 = time.perf_counter()\n"
        "rc = main(sys.argv[1:])\n"
        "took = time.perf_counter() - t1\n"
        "assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules\n"
        "print('took', took)\n"
        "sys.exit(rc)\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "RAG_MODEL": DEFAULT_MODEL}
    result = subprocess.run(
        [sys.executable, "-c", code, str(sheet), "--index-dir", str(index_dir)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("unchanged: ")
    assert float(result.stdout.split("took")[1]) < 1.0


@pytest.mark.integration
def test_real_model_ingest_of_the_shipped_sheet(tmp_path: Path, lasernet_path: Path) -> None:
    index_dir = tmp_path / "index"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env.pop("RAG_MODEL", None)
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ingest",
            str(lasernet_path),
            "--index-dir",
            str(index_dir),
            "--quiet",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    loaded = load_version(index_dir)
    assert loaded.manifest["model"] == {"name": DEFAULT_MODEL, "dim": 384}
    assert loaded.vectors.shape == (len(loaded.units), 384) and loaded.units
    # Real embeddings: a query about router passwords finds the credentials table first.
    from ingest.index import load_embedder

    query = load_embedder(DEFAULT_MODEL).encode(["senha padrão do roteador W5-1200G"])
    rows = np.argsort(-(loaded.vectors @ query[0]))[:3]
    assert any("W5-1200G" in loaded.units[r].answer for r in rows)
    assert time.perf_counter() - started < 600


def test_damaged_current_version_never_loses_a_provider_silently(
    capsys, sheet, velocinet_path, index_dir, hash_embedder
) -> None:
    assert (
        run(capsys, sheet, velocinet_path, "--index-dir", index_dir, embedder=hash_embedder)[0] == 0
    )
    version = current_version(index_dir)
    velocinet = load_version(index_dir).partitions["velocinet"]
    (partition_folder(index_dir, velocinet.digest) / "units.json").write_text("{}\n", "utf-8")
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\nQual o novo?\nR: Sim\n", "utf-8")
    # One sheet given: velocinet, named by the damaged version, would be lost.
    code, _, err = run(capsys, sheet, "--index-dir", index_dir, embedder=hash_embedder)
    assert code == 1
    assert "velocinet would be lost" in err
    assert current_version(index_dir) == version
    # Both given: nothing is lost, and the publish repairs the index.
    code, _, err = run(
        capsys, sheet, velocinet_path, "--index-dir", index_dir, embedder=hash_embedder
    )
    assert code == 0, err
    assert set(load_version(index_dir).providers) == {"lasernet", "velocinet"}


def test_an_index_of_the_old_format_is_rebuilt_only_when_nothing_is_lost(
    capsys, sheet, velocinet_path, index_dir, hash_embedder
) -> None:
    """A version of schema 2 (one folder of whole files) cannot be read: publishing over it
    needs every provider it names, or --replace."""
    import json

    old = index_dir / "versions" / "20250101T000000Z-abcdef"
    old.mkdir(parents=True)
    providers = [{"id": "lasernet", "name": "L"}, {"id": "velocinet", "name": "V"}]
    (old / "manifest.json").write_text(json.dumps({"schema_version": 2, "providers": providers}))
    (index_dir / "CURRENT").write_text(old.name + "\n")
    code, _, err = run(capsys, sheet, "--index-dir", index_dir, embedder=hash_embedder)
    assert code == 1
    assert "schema version 2" in err and "velocinet would be lost" in err and "--replace" in err
    assert current_version(index_dir) == old.name
    code, _, err = run(
        capsys, sheet, velocinet_path, "--index-dir", index_dir, embedder=hash_embedder
    )
    assert code == 0, err
    assert set(load_version(index_dir).providers) == {"lasernet", "velocinet"}


def test_a_bad_object_store_url_is_refused_before_anything_is_written(
    capsys, sheet, index_dir, hash_embedder
) -> None:
    argv = [sheet, "--index-dir", index_dir, "--object-store", "http://store/bucket"]
    code, out, err = run(capsys, *argv, embedder=hash_embedder)
    assert code == 2 and out == ""
    assert (
        err.strip() == "error: --object-store 'http://store/bucket': expected s3://BUCKET[/PREFIX]"
    )
    assert current_version(index_dir) is None and hash_embedder.calls == 0
