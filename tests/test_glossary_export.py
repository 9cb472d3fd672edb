"""Glossary files: TBX-Basic validity, TSV/CSV round trips, OmegaT shape, --known readers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from parallel_corpus.export.glossary_tables import (format_glossary_csv, format_glossary_omegat,
                                                    format_glossary_tsv, glossary_files,
                                                    parse_glossary_tsv)
from parallel_corpus.export.tbx import format_tbx
from parallel_corpus.glossary import TermPair
from parallel_corpus.glossary.known import parse_table, parse_tbx, read_known
from parallel_corpus.types import InputError

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"  # ../shared beside the repo
PARSER = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)

TERMS = [
    TermPair("知识产权", "intellectual property", 0.91, ("IPR", "IP"), 40, 30, 28,
             "加强知识产权保护。", "Strengthened IPR protection & \"enforcement\" <2021>.", "noun", True, "report"),
    TermPair("商标", "trademark", 0.8, (), 8, 10, 8, "商标，注册", "trademark, registered", "noun", False, "a, b"),
    TermPair("行政裁决", "administrative adjudication", 0.5),
]


def test_tbx_is_valid_tbx_basic():
    rng = etree.RelaxNG(etree.parse(str(STANDARDS / "TBXcoreStructV03.rng"), PARSER))
    doc = etree.fromstring(format_tbx(TERMS), PARSER)
    assert rng.validate(doc), rng.error_log
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    assert doc.get("type") == "TBX-Basic" and doc.get("style") == "dca"
    entries = doc.findall(".//t:conceptEntry", ns)
    assert len(entries) == 3
    first = entries[0]
    assert first.find("t:langSec/t:termSec/t:termNote[@type='partOfSpeech']", ns).text == "noun"
    assert first.find(".//t:descrip[@type='context']", ns).text == TERMS[0].example_zh
    assert first.find("t:admin[@type='source']", ns).text == "report"


def test_empty_glossary_is_valid_tbx():
    rng = etree.RelaxNG(etree.parse(str(STANDARDS / "TBXcoreStructV03.rng"), PARSER))
    assert rng.validate(etree.fromstring(format_tbx([]), PARSER)), rng.error_log


def test_tbx_reads_back_as_known_terms():
    known = parse_tbx(format_tbx(TERMS))
    assert [(k.zh, k.en, k.en_variants) for k in known] == [(t.zh, t.en, t.en_variants) for t in TERMS]


def test_tsv_round_trip():
    text = format_glossary_tsv(TERMS)
    assert text.splitlines()[0].split("\t")[:9] == ["zh", "en", "score", "en_variants", "zh_freq",
                                                    "en_freq", "pair_freq", "example_zh", "example_en"]
    assert parse_glossary_tsv(text) == TERMS


cell = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=20)
cell = cell.filter(lambda s: s == " ".join(s.split()) and "|" not in s)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(cell, cell, st.lists(cell, max_size=2), cell), min_size=1, max_size=5))
def test_tsv_and_csv_round_trip_any_text(rows):
    terms = [TermPair(zh, en, 0.5, tuple(v), 2, 2, 2, ex, ex) for zh, en, v, ex in rows]
    assert parse_glossary_tsv(format_glossary_tsv(terms)) == terms
    known = parse_table(format_glossary_csv(terms), ",")
    assert [(k.zh, k.en, k.en_variants) for k in known] == [(t.zh, t.en, t.en_variants) for t in terms]


def test_csv_has_language_code_header_and_bom():
    text = format_glossary_csv(TERMS)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:2] == ["zh-CN", "en-US"]
    assert rows[1][:3] == ["知识产权", "intellectual property", "IPR | IP"]


def test_omegat_is_three_columns_per_line():
    lines = format_glossary_omegat(TERMS).splitlines()
    assert [line.split("\t")[:2] for line in lines] == [[t.zh, t.en] for t in TERMS]
    assert all(len(line.split("\t")) == 3 for line in lines)
    assert "IPR" in lines[0].split("\t")[2]


def test_glossary_files_names(tmp_path):
    files = glossary_files(TERMS, tmp_path, "doc")
    assert sorted(p.name for p in files) == ["doc.glossary.csv", "doc.glossary.omegat.txt",
                                             "doc.glossary.tbx", "doc.glossary.tsv"]


@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".tbx", ".txt"])
def test_read_known_each_format(tmp_path, suffix):
    path = tmp_path / f"known{suffix}"
    content = {".tsv": format_glossary_tsv(TERMS), ".csv": format_glossary_csv(TERMS),
               ".tbx": format_tbx(TERMS), ".txt": format_glossary_omegat(TERMS)}[suffix]
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    known = read_known(path)
    assert [(k.zh, k.en) for k in known] == [(t.zh, t.en) for t in TERMS]


def test_read_known_rejects_bad_files(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("zh\ten\n商标\t\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 2"):
        read_known(bad)
    with pytest.raises(InputError):
        read_known(tmp_path / "missing.tsv")
    odd = tmp_path / "terms.xlsx"
    odd.write_bytes(b"PK")
    with pytest.raises(InputError, match="unknown glossary format"):
        read_known(odd)
    broken = tmp_path / "broken.tbx"
    broken.write_text("<tbx", encoding="utf-8")
    with pytest.raises(InputError):
        read_known(broken)


def test_tbx_drops_control_characters_and_stays_valid():
    rng = etree.RelaxNG(etree.parse(str(STANDARDS / "TBXcoreStructV03.rng"), PARSER))
    term = TermPair("商标", "trademark", 0.5, example_zh="商标\x07。", example_en="a\x0b trademark")
    doc = etree.fromstring(format_tbx([term]), PARSER)
    assert rng.validate(doc), rng.error_log
