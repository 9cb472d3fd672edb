"""Atomic output: checks before the work, all files or none, one line for a failed write, and the
temporary files of killed runs removed by the next run."""

import errno
import os
import subprocess
import sys

import pytest

from parallel_corpus import atomic as files
from parallel_corpus.atomic import (
    check_output_folder,
    check_output_name,
    check_targets,
    open_atomic,
    remove_stale_temporaries,
    write_files,
)
from parallel_corpus.types import InputError


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("name", ["../escape", "/abs/x", "a/b", "a\\b", ".hidden", " padded", "two\nlines",
                                  "tab\tname", "nul\0", ""])
def test_output_names_must_be_plain(name):
    with pytest.raises(InputError, match="plain file name"):
        check_output_name(name, "--name")


def test_a_plain_name_passes():
    assert check_output_name("报告 2021 (v2)", "--name") == "报告 2021 (v2)"


def test_output_folder_may_not_be_or_lie_under_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(InputError, match="is a file, not a folder"):
        check_output_folder(tmp_path / "f")
    with pytest.raises(InputError, match="lies under .*f, which is a file"):
        check_output_folder(tmp_path / "f" / "sub" / "deeper")
    assert check_output_folder(tmp_path / "new" / "folder") == tmp_path / "new" / "folder"
    assert not (tmp_path / "new").exists()  # checked, not created


def test_read_only_output_folder_is_refused(tmp_path, monkeypatch):
    # (as root, chmod cannot make a folder read-only, so the permission answer is faked)
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(InputError, match="read-only or no permission"):
        check_output_folder(tmp_path / "out")


def test_targets_that_are_folders_or_too_long_are_refused(tmp_path):
    (tmp_path / "a.tmx").mkdir()
    with pytest.raises(InputError, match="a.tmx is a folder"):
        check_targets([tmp_path / "a.txt", tmp_path / "a.tmx"])
    with pytest.raises(InputError, match=r"too long \(304 bytes, at most 230 here\)"):
        check_targets([tmp_path / ("n" * 300 + ".tsv")])
    name = "n" * 226 + ".tsv"
    assert write_files({tmp_path / name: "ok"}) == [tmp_path / name]


def test_a_failed_rename_puts_every_file_back(tmp_path, monkeypatch):
    write_files({tmp_path / "a.txt": "old a", tmp_path / "b.txt": "old b"})
    real_replace, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # a.txt and b.txt are already renamed when c.txt fails
            raise OSError(errno.EIO, "Input/output error", src, None, dst)
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(InputError, match="cannot write .*c.txt: Input/output error"):
        write_files({tmp_path / "a.txt": "new", tmp_path / "b.txt": "new", tmp_path / "c.txt": "new"})
    monkeypatch.undo()
    assert listing(tmp_path) == ["a.txt", "b.txt"]
    assert (tmp_path / "a.txt").read_text() == "old a" and (tmp_path / "b.txt").read_text() == "old b"


@pytest.mark.parametrize("code, advice", [(errno.ENOSPC, "No space left on device; free some space"),
                                          (errno.EROFS, "Read-only file system; choose a writable output folder")])
def test_a_full_or_read_only_disk_is_one_line_and_writes_nothing(tmp_path, monkeypatch, code, advice):
    def fsync(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(InputError, match=advice):
        write_files({tmp_path / "a.txt": "x", tmp_path / "b.txt": "y"})
    with pytest.raises(InputError, match=advice):
        with open_atomic(tmp_path / "log.jsonl") as handle:
            handle.write(b"row\n")
    assert listing(tmp_path) == []


def test_a_write_error_inside_a_stream_is_one_line_but_other_errors_pass(tmp_path):
    with pytest.raises(InputError, match="No space left on device"):
        with open_atomic(tmp_path / "corpus.tmx"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    with pytest.raises(FileNotFoundError):  # reading an input is not a write: it stays what it is
        with open_atomic(tmp_path / "corpus.tmx"):
            open(tmp_path / "missing")
    assert listing(tmp_path) == []


KILLED_WRITER = """
import os, signal, sys
from parallel_corpus.atomic import open_atomic
with open_atomic(sys.argv[1]) as handle:
    handle.write(b"half a log")
    handle.flush()
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_temporary_files_of_killed_runs_are_removed_by_the_next_run(tmp_path):
    log = tmp_path / "batch.jsonl"
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(log)])
    assert killed.returncode == -9
    (left,) = [p for p in tmp_path.iterdir() if p.name.startswith(".batch.jsonl.")]
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".batch.jsonl.{running.pid}.abcd1234.tmp"   # a run still writing
        others = [tmp_path / ".batch.jsonl.notes.tmp", tmp_path / ".other.99999999.x.tmp",
                  tmp_path / ".corpus.tmx.1.abcd1234.tmx"]
        for path in (live, *others):
            path.write_text("keep")
        with open_atomic(log) as handle:
            handle.write(b"done\n")
        assert not left.exists() and live.exists() and all(p.exists() for p in others)
        assert log.read_text() == "done\n"
    finally:
        running.kill()
        running.wait()
    assert remove_stale_temporaries(tmp_path) == [live]  # once that run is gone, the next one cleans up


def test_write_files_keeps_the_umask_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        (path,) = write_files({tmp_path / "a.txt": "x"})
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644
    assert files.check_targets([path]) == [path]  # an existing file may be replaced


def test_temporaries_of_a_killed_unreaped_process_are_stale(tmp_path):
    import time

    child = subprocess.Popen(["sleep", "30"])
    child.kill()
    time.sleep(0.2)  # killed, not yet waited for: a zombie that still answers kill(pid, 0)
    try:
        left = tmp_path / f".doc0.tsv.{child.pid}.abcdefgh.tmp"
        left.write_bytes(b"partial")
        assert remove_stale_temporaries(tmp_path) == [left] and not left.exists()
    finally:
        child.wait()
