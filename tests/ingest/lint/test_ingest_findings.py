"""The findings of every ingest: printed on stderr, never blocking the publish, kept with the
version (kept providers keep theirs), and ``--lint`` compared with the index's providers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest import cli
from ingest import sheets as reading
from ingest.index import current_version, read_findings
from tests.factories import DATA, LASERNET, HashEmbedder


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv], embedder=HashEmbedder())
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sheets(tmp_path: Path) -> Path:
    folder = tmp_path / "sheets"
    folder.mkdir()
    shutil.copy(LASERNET, folder / "lasernet.txt")
    shutil.copy(DATA / "velocinet.txt", folder / "velocinet.txt")
    return folder


def test_ingest_prints_the_findings_and_publishes_all_the_same(
    capsys: pytest.CaptureFixture[str], sheets: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    sheet = sheets / "lasernet.txt"
    code, out, err = _run(capsys, sheet, "--index-dir", index_dir)
    assert code == 0 and out.startswith("published ")
    printed = [line for line in err.splitlines() if line.startswith(f"{sheet}:")]
    assert [line.split(":")[1] for line in printed] == ["15", "36", "112", "134", "195"]
    assert "lint: 5 findings (they do not block a publish)" in err
    kept = read_findings(index_dir)
    assert kept is not None and [f.format() for f in kept] == printed

    # A rerun, by another spelling of the same path, publishes nothing and still says what the
    # sheet lacks, with the path it was given.
    again = sheet.parent / "." / sheet.name
    code, out, err = _run(capsys, again, "--index-dir", index_dir)
    assert code == 0 and out.startswith("unchanged: ")
    shown = [line for line in err.splitlines() if line.startswith(f"{again}:")]
    assert [line.replace(str(again), str(sheet)) for line in shown] == printed


def test_quiet_prints_no_finding(
    capsys: pytest.CaptureFixture[str], sheets: Path, tmp_path: Path
) -> None:
    code, out, err = _run(capsys, sheets / "lasernet.txt", "--index-dir", tmp_path, "--quiet")
    assert (code, out, err) == (0, "", "")


def test_a_kept_provider_keeps_its_findings(
    capsys: pytest.CaptureFixture[str], sheets: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    assert _run(capsys, sheets / "lasernet.txt", "--index-dir", index_dir)[0] == 0
    first = read_findings(index_dir)
    assert first is not None
    code, _, err = _run(capsys, sheets / "velocinet.txt", "--index-dir", index_dir)
    assert code == 0
    # Only the given sheet's findings are printed; the kept one's are in the version.
    assert f"{sheets / 'lasernet.txt'}:" not in err and f"{sheets / 'velocinet.txt'}:" in err
    both = read_findings(index_dir)
    assert both is not None
    assert [f for f in both if f.provider == "lasernet"] == first
    assert {f.provider for f in both} == {"lasernet", "velocinet"}


def test_lint_compares_with_the_index_providers_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    peers = [DATA / "velocinet.txt", DATA / "fibramax.txt", DATA / "ventonet.txt"]
    assert _run(capsys, *peers, "--index-dir", index_dir, "--quiet")[0] == 0
    version = current_version(index_dir)
    brisanet = DATA / "brisanet.txt"
    code, out, err = _run(capsys, "--lint", brisanet, "--index-dir", index_dir)
    assert code == 0
    assert current_version(index_dir) == version
    missing = [line for line in out.splitlines() if ": section-missing: " in line]
    assert missing and all(line.startswith(f"{brisanet}:1: section-missing: ") for line in missing)
    assert len(missing) == len(set(missing)), "each missing section once"
    assert any("WhatsApp" in line for line in missing)
    assert all(line.startswith(f"{brisanet}:") for line in out.splitlines()), "given sheets only"
    assert "compared with 3 other providers" in err
    # Without the index, nothing to compare with: no section is missing.
    _, alone, _ = _run(capsys, "--lint", brisanet, "--index-dir", tmp_path / "none")
    assert ": section-missing: " not in alone


def test_findings_follow_the_partitions_and_the_comparison_is_made_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sheets"
    folder.mkdir()
    for name in ("brisanet", "velocinet", "fibramax", "ventonet"):
        shutil.copy(DATA / f"{name}.txt", folder / f"{name}.txt")
    index_dir = tmp_path / "index"
    assert _run(capsys, folder, "--index-dir", index_dir, "--quiet")[0] == 0
    first = read_findings(index_dir)
    assert first is not None
    own = [f for f in first if f.provider == "brisanet" and f.kind != "section-missing"]
    missing = [f for f in first if f.provider == "brisanet" and f.kind == "section-missing"]
    assert own and missing and any("WhatsApp" in f.message for f in missing)

    parsed: list[str] = []
    real = reading.parse_sheet

    def counted(text: str, provider: str) -> object:
        parsed.append(provider)
        return real(text, provider)

    monkeypatch.setattr(reading, "parse_sheet", counted)
    # Two peers dropped: no sheet parsed, brisanet's own findings kept from its partition, and
    # with one other provider left nothing is missing any more.
    code, _, _ = _run(
        capsys, "--remove", "fibramax", "--remove", "ventonet", "--index-dir", index_dir
    )
    assert code == 0 and parsed == []
    alone = read_findings(index_dir)
    assert alone is not None
    assert [f for f in alone if f.provider == "brisanet"] == own
    assert not [f for f in alone if f.kind == "section-missing"]

    # The peers back (only they are parsed): brisanet lacks the same topics again.
    code, _, err = _run(
        capsys, folder / "fibramax.txt", folder / "ventonet.txt", "--index-dir", index_dir
    )
    assert code == 0 and sorted(parsed) == ["fibramax", "ventonet"]
    assert f"{folder / 'brisanet.txt'}:" not in err, "only the given sheets' findings printed"
    assert read_findings(index_dir) == first

    # Unchanged: nothing parsed, the kept findings printed with the paths given.
    code, out, err = _run(capsys, folder, "--index-dir", index_dir)
    assert (
        code == 0 and out.startswith("unchanged: ") and sorted(parsed) == ["fibramax", "ventonet"]
    )
    printed = [line for line in err.splitlines() if ": " in line and not line.startswith("lint:")]
    assert printed == [f.format() for f in first]
