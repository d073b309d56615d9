"""The output gate on its own: where a path points after links and `..`, names compared without case
on Windows, a failed write that leaves the old file whole, and a name taken meanwhile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from station_app.core.errors import OutputExistsError, OutputFileError, OutputInDataFolderError
from station_app.core.fsutil import atomic_output
from station_app.core.outputs import OutputFiles, is_inside


@pytest.fixture
def gate(tmp_path: Path) -> OutputFiles:
    data = tmp_path / "station"
    data.mkdir()
    (data / "station.db").write_bytes(b"the records")
    return OutputFiles(data)


def test_inside_means_the_folder_itself_or_anything_under_it(tmp_path: Path) -> None:
    data = tmp_path / "station"
    data.mkdir()
    assert is_inside(data, data) and is_inside(data / "a" / "b.csv", data)
    assert is_inside(tmp_path / "x" / ".." / "station" / "station.db", data)
    assert not is_inside(tmp_path / "station-reports" / "r.csv", data)  # a sibling with a longer name
    assert not is_inside(tmp_path / "r.csv", data)


def test_names_differing_only_in_case_are_the_same_file_on_windows(tmp_path: Path) -> None:
    data = tmp_path / "Station"
    data.mkdir()
    upper = tmp_path / "STATION" / "STATION.DB"
    assert is_inside(upper, data, case_insensitive=True)
    assert not is_inside(upper, data, case_insensitive=False)  # distinct files on Linux


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(
    gate: OutputFiles, tmp_path: Path
) -> None:
    target = tmp_path / "report.csv"
    target.write_bytes(b"old report")
    with pytest.raises(RuntimeError), gate.open(target, what="The report", replace=True) as handle:
        handle.write(b"half of the new")
        raise RuntimeError("disk pulled out")
    assert target.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv", "station"]


def test_a_name_taken_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "copy.pdf"
    with pytest.raises(FileExistsError), atomic_output(target, replace=False) as handle:
        handle.write(b"ours")
        target.write_bytes(b"someone else's")  # appears between the check and the rename
    assert target.read_bytes() == b"someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["copy.pdf"]


def test_the_refusals_and_their_exit_codes(gate: OutputFiles, tmp_path: Path) -> None:
    with pytest.raises(OutputInDataFolderError) as inside:
        gate.write_bytes(gate.data_folder / "station.db", b"x", what="The report", replace=True)
    assert inside.value.exit_code == 18 and (gate.data_folder / "station.db").read_bytes() == b"the records"
    existing = tmp_path / "r.csv"
    existing.write_bytes(b"mine")
    with pytest.raises(OutputExistsError) as exists:
        gate.write_bytes(existing, b"x", what="The report", replace=False)
    assert exists.value.exit_code == 17 and existing.read_bytes() == b"mine"
    assert "add --force" in exists.value.hint
    with pytest.raises(OutputFileError, match="that is a folder"):
        gate.write_bytes(tmp_path, b"x", what="The report", replace=True)
    with pytest.raises(OutputFileError, match="there is no folder"):
        gate.write_bytes(tmp_path / "no" / "r.csv", b"x", what="The report", replace=True)
    with pytest.raises(OutputInDataFolderError):
        gate.check_folder(gate.data_folder / "backups", what="The backup")


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_folder_the_officer_cannot_write_is_a_plain_message(gate: OutputFiles, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    # root may write anywhere (CI runs as root): there a full pseudo-file stands in for the locked folder
    target = locked / "r.csv" if not os.access(locked, os.W_OK) else Path("/proc/version")
    with pytest.raises(OutputFileError, match="could not be written to"):
        gate.write_bytes(target, b"x", what="The report", replace=True)
