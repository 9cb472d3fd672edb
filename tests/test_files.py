import os

import pytest

from parallel_corpus.export.files import open_atomic, open_atomic_files, write_files


def test_write_files_writes_all_with_umask_mode(tmp_path):
    old = os.umask(0o022)
    try:
        paths = write_files({tmp_path / "a" / "x.txt": "甲\n", tmp_path / "y.bin": b"\x00\x01"})
    finally:
        os.umask(old)
    assert [p.read_bytes() for p in paths] == ["甲\n".encode(), b"\x00\x01"]
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in paths)


def test_write_files_leaves_nothing_when_one_file_fails(tmp_path):

    files = {tmp_path / "first.txt": "ok", tmp_path / "second.txt": object()}
    with pytest.raises(TypeError):
        write_files(files)  # the second content cannot be encoded
    assert list(tmp_path.iterdir()) == []


def test_open_atomic_keeps_old_file_on_error(tmp_path):
    target = tmp_path / "corpus.tmx"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with open_atomic(target) as handle:
            handle.write(b"new")
            raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.tmx"]


def test_open_atomic_files_can_read_back_and_rename_together(tmp_path):
    first, second = tmp_path / "corpus.jsonl", tmp_path / "corpus.tmx"
    with open_atomic_files([first, second]) as (a, b):
        a.write(b"line 1\nline 2\n")
        a.seek(0)
        b.write(b"".join(line.upper() for line in a))
        assert not first.exists() and not second.exists()  # nothing in place before the end
    assert first.read_bytes() == b"line 1\nline 2\n"
    assert second.read_bytes() == b"LINE 1\nLINE 2\n"
