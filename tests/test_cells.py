"""Spreadsheet formulas: cells our tables write never start like a formula, and every reader of those
tables gets the text back exactly; TMX and JSONL keep the text as it is."""

import csv
import io
import json

from builders import alignment_of
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from parallel_corpus.cells import FORMULA_STARTS, quote_formula, unquote_formula
from parallel_corpus.formats.glossary_tables import format_glossary_csv, format_glossary_tsv
from parallel_corpus.formats.pairs import format_jsonl, format_tsv, parse_table
from parallel_corpus.formats.tmx import format_tmx
from parallel_corpus.glossary.types import TermPair

any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
# Text that starts like a formula (or with apostrophes before one) comes up often, not by luck.
risky = st.builds(lambda marks, start, rest: "'" * marks + start + rest,
                  st.integers(0, 2), st.sampled_from(sorted(FORMULA_STARTS) + ["'", "a", ""]), any_text)
cell_text = st.one_of(any_text, risky)


@given(cell_text)
def test_a_marked_cell_never_starts_like_a_formula_and_reads_back(text):
    cell = quote_formula(text)
    assert cell[:1] not in FORMULA_STARTS
    assert unquote_formula(cell) == text
    assert cell == text or cell == "'" + text


def test_examples():
    assert quote_formula("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert quote_formula("-8.43%") == "'-8.43%"
    assert quote_formula("'=1") == "''=1"
    assert quote_formula("'Tis") == "'Tis" and quote_formula("专利") == "专利"
    assert unquote_formula("'=1") == "=1" and unquote_formula("'Tis") == "'Tis"


nonblank = cell_text.filter(lambda s: s.strip() and "\x00" not in s)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(nonblank, nonblank), min_size=1, max_size=6))
def test_align_table_round_trips_through_export_and_memories_keep_the_text(pairs):
    alignment = alignment_of(pairs)
    table = format_tsv(alignment)
    cells = list(csv.reader(io.StringIO(table, newline=""), delimiter="\t"))
    assert not any(cell[:1] in FORMULA_STARTS for row in cells for cell in row)
    rows = parse_table(table, source="doc.tsv")  # what `export` reads back from the edited table
    assert [(row.zh, row.en) for row in rows] == pairs
    records = [json.loads(line) for line in format_jsonl(alignment).split("\n")[:-1]]
    assert [(r["zh"], r["en"]) for r in records] == pairs


def test_tmx_keeps_formula_like_text_unmarked():
    tmx, _ = format_tmx([alignment_of([("=1+1 专利。", "-5% @home.")])])
    segs = [seg.text for seg in etree.fromstring(tmx).iter("seg")]
    assert segs == ["=1+1 专利。", "-5% @home."]


def test_glossary_spreadsheets_mark_formula_cells():
    terms = [TermPair("=cmd|' /C calc'!A0", "+SUM(A1)", 0.5, ("@risk",), 2, 2, 2, "-x", "=y")]
    for text, delimiter in ((format_glossary_tsv(terms), "\t"), (format_glossary_csv(terms)[1:], ",")):
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        assert not any(cell[:1] in FORMULA_STARTS for row in rows for cell in row)
