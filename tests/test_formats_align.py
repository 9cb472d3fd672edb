"""NAME.align: the writer's contract, the readers (text and file) and their round trip."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parallel_corpus.formats.align import format_align, parse_align, read_align_file
from parallel_corpus.types import Bead, InputError

ids = st.lists(st.integers(min_value=0, max_value=10_000), max_size=4).map(tuple)


@given(st.lists(st.tuples(ids, ids).filter(lambda b: b[0] or b[1]), max_size=30))
def test_align_format_round_trips(beads):
    assert parse_align(format_align(beads)) == beads


# Beads as `align` writes them: every sentence of both sides once, in order, runs of 0-3.
monotone = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)).filter(lambda s: s != (0, 0)),
                    min_size=1, max_size=30)


@given(monotone)
def test_align_file_round_trips_through_the_checked_reader(tmp_path_factory, sizes):
    beads, zh, en = [], 0, 0
    for n_zh, n_en in sizes:
        beads.append((tuple(range(zh, zh + n_zh)), tuple(range(en, en + n_en))))
        zh, en = zh + n_zh, en + n_en
    path = tmp_path_factory.mktemp("align") / "doc.align"
    path.write_text(format_align(Bead(z, e) for z, e in beads), encoding="utf-8")
    assert read_align_file(path) == beads


def test_align_format_matches_contract():
    beads = [Bead((0, 1), (0,)), Bead((2,), ()), Bead((), (1,)), Bead((3,), (2, 3))]
    assert format_align(beads) == "[0,1]:[0]\n[2]:[]\n[]:[1]\n[3]:[2,3]\n"


def test_parse_align_tolerates_spaces_and_blank_lines():
    assert parse_align(" [0, 1] : [2]\n\n[3]:[]\n") == [((0, 1), (2,)), ((3,), ())]


@pytest.mark.parametrize("line", ["[0,1]-[2]", "[a]:[1]", "[0]:[1", "[]:[]", "0:1"])
def test_parse_align_names_the_bad_line(line):
    with pytest.raises(InputError, match=r"^gold.align: line 2: ") as raised:
        parse_align(f"[0]:[0]\n{line}\n", source="gold.align")
    assert (raised.value.path, raised.value.line) == ("gold.align", 2)


def test_read_align_file_says_no_such_file_as_every_reader_does(tmp_path):
    with pytest.raises(InputError, match=r"missing.align: no such file$"):
        read_align_file(tmp_path / "missing.align")
