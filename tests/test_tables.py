import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parallel_corpus.cells import FORMULA_STARTS, unquote_formula
from parallel_corpus.export.tables import format_align, format_jsonl, format_tsv, parse_align
from parallel_corpus.types import Alignment, Bead, Flag, InputError, SegmentedDocument, Sentence

ids = st.lists(st.integers(min_value=0, max_value=10_000), max_size=4).map(tuple)


@given(st.lists(st.tuples(ids, ids).filter(lambda b: b[0] or b[1]), max_size=30))
def test_align_format_round_trips(beads):
    assert parse_align(format_align(beads)) == beads


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


def _alignment(zh, en, beads):
    doc = SegmentedDocument("t", tuple(Sentence(t) for t in zh), tuple(Sentence(t) for t in en))
    return Alignment(doc, tuple(beads))


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(st.lists(st.tuples(text, text), min_size=1, max_size=8))
def test_tsv_survives_any_text(pairs):
    zh = [p[0] for p in pairs]
    en = [p[1] for p in pairs]
    beads = [Bead((i,), (i,), 0.5, (Flag("low-score", "a\tb | c"),)) for i in range(len(pairs))]
    rows = list(csv.reader(io.StringIO(format_tsv(_alignment(zh, en, beads)), newline=""), delimiter="\t"))
    assert rows[0][:4] == ["zh", "en", "score", "flags"]
    assert [(unquote_formula(r[0]), unquote_formula(r[1])) for r in rows[1:]] == pairs
    assert not any(cell[:1] in FORMULA_STARTS for r in rows for cell in r)  # a spreadsheet runs none
    assert all(r[3] == "low-score: a\tb | c" for r in rows[1:])


def test_tsv_joins_merged_sentences_per_language():
    alignment = _alignment(["甲。", "乙。"], ["A.", "B."], [Bead((0, 1), (0, 1), 0.91234)])
    row = format_tsv(alignment).splitlines()[1].split("\t")
    assert row == ["甲。乙。", "A. B.", "0.9123", "", "0,1", "0,1"]


def test_jsonl_records():
    alignment = _alignment(["甲“<&>”。"], ["A \"<&>\"."], [Bead((0,), (0,), 0.8, (Flag("number-mismatch", "3 vs 4"),)),
                                                          Bead((), (), 0.0)][:1])
    record = json.loads(format_jsonl(alignment))
    assert record == {"zh": "甲“<&>”。", "en": "A \"<&>\".", "score": 0.8, "flags": ["number-mismatch"],
                      "notes": ["3 vs 4"], "zh_ids": [0], "en_ids": [0]}
