import pickle

import pytest

from parallel_corpus.cli import main
from parallel_corpus.formats.glossary_tables import parse_glossary_tsv, parse_term_table
from parallel_corpus.types import InputError


@pytest.mark.parametrize("place, shown", [
    ({}, "what is wrong; what to do"),
    ({"path": "doc.tmx"}, "doc.tmx: what is wrong; what to do"),
    ({"path": "doc.tmx", "line": 12}, "doc.tmx: line 12: what is wrong; what to do"),
    ({"path": "doc.tmx", "line": 12, "column": 3}, "doc.tmx: line 12, column 3: what is wrong; what to do"),
    ({"path": "t.tsv", "row": 4}, "t.tsv: row 4: what is wrong; what to do"),
    ({"line": 2}, "line 2: what is wrong; what to do"),
])
def test_input_error_puts_the_place_first_the_same_way_everywhere(place, shown):
    err = InputError("what is wrong; what to do", **place)
    assert str(err) == shown
    assert err.message == "what is wrong; what to do"


def test_input_error_keeps_its_place_across_processes():
    """Batch workers send errors back pickled: the place must survive the trip."""
    copy = pickle.loads(pickle.dumps(InputError("bad", path="m.tsv", line=3)))
    assert (str(copy), copy.path, copy.line) == ("m.tsv: line 3: bad", "m.tsv", 3)


def test_table_rows_are_counted_as_a_spreadsheet_shows_them():
    with pytest.raises(InputError, match=r"^k.tsv: row 4: a row needs a Chinese and an English term"):
        parse_term_table("zh\ten\n\n商标\ttrademark\n专利\t\n", "\t", "k.tsv")
    text = "zh\ten\tscore\n商标\ttrademark\t0.9\n专利\tpatent\thigh\n"
    with pytest.raises(InputError, match=r"^g.tsv: row 3: a number column") as raised:
        parse_glossary_tsv(text, "g.tsv")
    assert raised.value.row == 3


def test_cli_prints_the_placed_message_on_one_line(tmp_path, capsys):
    gold = tmp_path / "g.align"
    gold.write_text("[0]:[0]\n[0]:[1]\n", encoding="utf-8")
    assert main(["evaluate", str(gold), str(gold)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {gold}: line 2: zh sentence 0 is also in the bead of line 1; a sentence belongs in " \
                  "one bead (published gold sets with such beads: evaluate them leniently)\n"
