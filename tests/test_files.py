"""Input files: one checked way in, so pipes, devices, folders and huge files are refused up front."""

import os

import pytest

from parallel_corpus.files import check_input_file, read_input_bytes
from parallel_corpus.types import InputError


def test_reads_a_regular_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert read_input_bytes(path) == b"abc"


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "no such file"),
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: os.mkfifo(p), "not a regular file"),
])
def test_refuses_what_is_not_a_readable_regular_file(tmp_path, make, message):
    path = tmp_path / "input.txt"
    make(path)
    with pytest.raises(InputError, match=message):
        check_input_file(path)


def test_refuses_devices_without_reading_them():
    with pytest.raises(InputError, match="not a regular file"):
        read_input_bytes("/dev/zero")


def test_refuses_a_file_over_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(InputError, match="too large for one input.*batch"):
        read_input_bytes(path, max_bytes=100)
    assert read_input_bytes(path, max_bytes=101) == b"x" * 101


def _readers():
    from parallel_corpus.document import read_document
    from parallel_corpus.formats.align import read_align_file
    from parallel_corpus.formats.pairs import read_jsonl, read_table
    from parallel_corpus.formats.tmx import read_tmx
    from parallel_corpus.glossary.known import read_known

    return {"doc.txt": lambda p: read_document([p]), "gold.align": read_align_file, "doc.tsv": read_table,
            "doc.jsonl": lambda p: list(read_jsonl(p)), "memory.tmx": read_tmx,
            **{f"terms{suffix}": read_known for suffix in (".tsv", ".csv", ".xlsx", ".tbx")}}


@pytest.mark.parametrize("name", list(_readers()))
def test_every_reader_says_no_such_file_the_same_way(tmp_path, name):
    path = tmp_path / name
    with pytest.raises(InputError) as raised:
        _readers()[name](path)
    assert str(raised.value) == f"{path}: no such file"
