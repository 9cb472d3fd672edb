"""NAME.tsv and NAME.jsonl: what a spreadsheet or a csv reader sees, and write -> read round trips."""

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parallel_corpus.cells import FORMULA_STARTS, unquote_formula
from parallel_corpus.formats.pairs import format_jsonl, format_tsv, jsonl_pairs, parse_table, read_jsonl
from parallel_corpus.types import Alignment, Bead, Flag, InputError, SegmentedDocument, Sentence


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


# Any text a document can hold: CJK and full-width punctuation, XML and CSV specials, tabs, line
# breaks (CR alone too) and control characters; TSV and JSONL carry all of them unchanged.
TRICKY = "&<>\"'\u3000，。；：“”（）【】《》、！？%#=+-@ 专利權aZ9\t\n\r\x00\x07\x0b\x1f\u2028\U00020000"
tricky = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(blacklist_categories=("Cs",)), max_size=20)
flag = st.builds(Flag, st.sampled_from(["low-score", "number-mismatch"]), tricky)


pairs_strategy = st.lists(st.tuples(tricky, tricky).filter(lambda p: p[0].strip() or p[1].strip()),
                          min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(pairs_strategy, st.data())
def test_tsv_round_trips_through_the_table_reader(pairs, data):
    n = len(pairs)
    scores = data.draw(st.lists(st.floats(0, 1), min_size=n, max_size=n))
    beads = [Bead((i,), (i,), score) for i, score in enumerate(scores)]
    rows = parse_table(format_tsv(_alignment([z for z, _ in pairs], [e for _, e in pairs], beads)), "t.tsv")
    assert [(r.zh, r.en) for r in rows] == pairs
    assert [(r.zh_ids, r.en_ids) for r in rows] == [((i,), (i,)) for i in range(n)]
    assert [r.score for r in rows] == [float(f"{s:.4f}") for s in scores]


@settings(max_examples=60, deadline=None)
@given(pairs_strategy, st.data())
def test_jsonl_round_trips_with_and_without_signature(pairs, data):
    n = len(pairs)
    flags = data.draw(st.lists(st.lists(flag, max_size=2), min_size=n, max_size=n))
    signature = data.draw(st.none() | tricky)
    beads = [Bead((i,), (i,), 0.5, tuple(fl)) for i, fl in enumerate(flags)]
    text = format_jsonl(_alignment([z for z, _ in pairs], [e for _, e in pairs], beads), signature=signature)
    records = [record for _, record in jsonl_pairs(io.BytesIO(text.encode("utf-8")))]  # as a file reads
    assert [(r["zh"], r["en"]) for r in records] == pairs
    assert [list(zip(r["flags"], r["notes"])) for r in records] == [[(f.code, f.message) for f in fl]
                                                                     for fl in flags]
    assert text.count("\n") == n + (signature is not None)  # line breaks in text are escaped


def test_read_jsonl_streams_a_file(tmp_path):
    path = tmp_path / "doc.jsonl"
    path.write_text(format_jsonl(_alignment(["甲"], ["A"], [Bead((0,), (0,), 0.5)]), signature="s"),
                    encoding="utf-8")
    assert [(n, r["zh"]) for n, r in read_jsonl(path)] == [(1, "甲")]


def test_read_jsonl_names_a_broken_line(tmp_path):
    path = tmp_path / "doc.jsonl"
    path.write_bytes(b'{"signature": "s"}\n{"zh": "\xe7\x94\xb2", "en": "A"}\n{"zh": "\xe4\xb9\x99", "e\n')
    with pytest.raises(InputError, match=r"doc.jsonl: line 3: not a JSON object"):
        list(read_jsonl(path))
