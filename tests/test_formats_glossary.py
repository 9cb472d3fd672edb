"""The glossary's file formats (formats/tbx.py, formats/glossary_tables.py, formats/xlsx.py): TBX-Basic
validity in both forms, Translate Toolkit and openpyxl reading them back, write -> read round trips of
every form with any text, OmegaT shape, --known readers (CAT-tool headers, XLSX term lists), and the
--tbx option on the sample report."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from parallel_corpus.cli import _tbx_forms, build_parser, main
from parallel_corpus.formats.glossary_tables import (
    cat_tool_rows,
    format_glossary_csv,
    format_glossary_omegat,
    format_glossary_tsv,
    parse_glossary_tsv,
    parse_term_table,
)
from parallel_corpus.formats.tbx import TBX_FORMS, XML_LANG, format_tbx, parse_tbx
from parallel_corpus.formats.tmx import remove_forbidden
from parallel_corpus.formats.xlsx import format_glossary_xlsx, parse_term_xlsx
from parallel_corpus.glossary.known import read_known
from parallel_corpus.glossary.types import KnownTerm, TermPair
from parallel_corpus.pipeline import glossary_files
from parallel_corpus.types import InputError

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"  # ../shared beside the repo
SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "guangdong-ipr-2021.zh-en.txt"
SAMPLE_NAME = "guangdong-ipr-2021"
PARSER = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)

# The ISO 30042:2008 core structure (TBXcoreStructV02.dtd) for the elements the 2008 form uses, written
# from the standard; each model here is a restriction of the standard's (auxInfo narrowed to the
# descrip/admin/note we write, no front/back matter), so a file valid here is valid there. The
# standards folder holds no 2008 schema; the sample's file was also checked against the XSD of the
# same structure that OmegaT 3.6 ships (see docs/benchmarks.md).
TBX_2008_CORE = etree.DTD(io.StringIO("""
<!ENTITY % aux "(descrip | admin | note)*">
<!ELEMENT martif (martifHeader, text)>
<!ATTLIST martif type CDATA #REQUIRED xml:lang CDATA #REQUIRED>
<!ELEMENT martifHeader (fileDesc, encodingDesc?)>
<!ELEMENT fileDesc (sourceDesc+)>
<!ELEMENT sourceDesc (p+)>
<!ELEMENT encodingDesc (p+)>
<!ELEMENT p (#PCDATA)>
<!ATTLIST p type CDATA #IMPLIED>
<!ELEMENT text (body)>
<!ELEMENT body (termEntry+)>
<!ELEMENT termEntry (%aux;, langSet+)>
<!ATTLIST termEntry id ID #IMPLIED>
<!ELEMENT langSet (%aux;, tig+)>
<!ATTLIST langSet xml:lang CDATA #REQUIRED>
<!ELEMENT tig (term, termNote*, %aux;)>
<!ELEMENT term (#PCDATA)>
<!ELEMENT termNote (#PCDATA)>
<!ATTLIST termNote type CDATA #REQUIRED>
<!ELEMENT descrip (#PCDATA)>
<!ATTLIST descrip type CDATA #REQUIRED>
<!ELEMENT admin (#PCDATA)>
<!ATTLIST admin type CDATA #REQUIRED>
<!ELEMENT note (#PCDATA)>
"""))

# TBX-Basic's data categories, where each may stand, and its picklists for the values we write.
TBX_BASIC_2008 = {
    ("termEntry", "descrip"): {"subjectField"}, ("termEntry", "admin"): {"source"},
    ("tig", "termNote"): {"partOfSpeech", "administrativeStatus"}, ("tig", "descrip"): {"context"},
}
PART_OF_SPEECH = {"noun", "verb", "adjective", "adverb", "properNoun", "other"}
ADMINISTRATIVE_STATUS = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts",
                         "supersededTerm-admn-sts"}

TERMS = [
    TermPair("知识产权", "intellectual property", 0.91, ("IPR", "IP"), 40, 30, 28,
             "加强知识产权保护。", "Strengthened IPR protection & \"enforcement\" <2021>.", "noun", True, "report"),
    TermPair("商标", "trademark", 0.8, (), 8, 10, 8, "商标，注册", "trademark, registered", "noun", False, "a, b"),
    TermPair("行政裁决", "administrative adjudication", 0.5),
]


def test_tbx_2019_is_valid_tbx_basic():
    rng = etree.RelaxNG(etree.parse(str(STANDARDS / "TBXcoreStructV03.rng"), PARSER))
    doc = etree.fromstring(format_tbx(TERMS, form="2019"), PARSER)
    assert rng.validate(doc), rng.error_log
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    assert doc.get("type") == "TBX-Basic" and doc.get("style") == "dca"
    entries = doc.findall(".//t:conceptEntry", ns)
    assert len(entries) == 3
    first = entries[0]
    assert first.find("t:langSec/t:termSec/t:termNote[@type='partOfSpeech']", ns).text == "noun"
    assert first.find(".//t:descrip[@type='context']", ns).text == TERMS[0].example_zh
    assert first.find("t:admin[@type='source']", ns).text == "report"


def test_empty_glossary_is_valid_tbx_2019():
    rng = etree.RelaxNG(etree.parse(str(STANDARDS / "TBXcoreStructV03.rng"), PARSER))
    assert rng.validate(etree.fromstring(format_tbx([], form="2019"), PARSER)), rng.error_log


@pytest.mark.parametrize("form", TBX_FORMS)
def test_tbx_reads_back_as_known_terms(form):
    known = parse_tbx(format_tbx(TERMS, form=form))
    assert [(k.zh, k.en, k.en_variants) for k in known] == [(t.zh, t.en, t.en_variants) for t in TERMS]


def test_tsv_round_trip():
    text = format_glossary_tsv(TERMS)
    assert text.splitlines()[0].split("\t")[:9] == ["zh", "en", "score", "en_variants", "zh_freq",
                                                    "en_freq", "pair_freq", "example_zh", "example_en"]
    assert parse_glossary_tsv(text) == TERMS


# Cells of the line-based tables: any text but line and column breaks (those become spaces, see
# formats/glossary_tables.py), so CSV/TSV specials, full-width punctuation and control characters.
TRICKY_CELL = "\"',;=+-@&<> ，。；：“”（）【】、！？\x00\x07\x7f专利權"
cell = st.text(st.sampled_from(TRICKY_CELL) | st.characters(blacklist_categories=("Cs", "Zl", "Zp")),
               min_size=1, max_size=20)
cell = cell.filter(lambda s: s == " ".join(s.split()) and "|" not in s)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(cell, cell, st.lists(cell, max_size=2), cell), min_size=1, max_size=5))
def test_tsv_and_csv_round_trip_any_text(rows):
    terms = [TermPair(zh, en, 0.5, tuple(v), 2, 2, 2, ex, ex) for zh, en, v, ex in rows]
    assert parse_glossary_tsv(format_glossary_tsv(terms)) == terms
    known = parse_term_table(format_glossary_csv(terms), ",")
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


def test_glossary_files_names_and_tbx_forms(tmp_path):
    files = glossary_files(TERMS, tmp_path, "doc")
    assert sorted(p.name for p in files) == ["doc.glossary.csv", "doc.glossary.omegat.txt",
                                             "doc.glossary.tbx", "doc.glossary.tsv", "doc.glossary.xlsx"]
    assert etree.fromstring(files[tmp_path / "doc.glossary.tbx"], PARSER).tag == "martif"
    both = glossary_files(TERMS, tmp_path, "doc", tbx_forms=("2008", "2019"))
    assert etree.fromstring(both[tmp_path / "doc.glossary.tbx"], PARSER).tag == "martif"
    assert both[tmp_path / "doc.glossary.2019.tbx"] == format_tbx(TERMS, form="2019")
    only_2019 = glossary_files(TERMS, tmp_path, "doc", tbx_forms=("2019",))
    assert only_2019[tmp_path / "doc.glossary.tbx"] == format_tbx(TERMS, form="2019")
    assert tmp_path / "doc.glossary.2019.tbx" not in only_2019


@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".xlsx", ".tbx", ".2019.tbx", ".txt"])
def test_read_known_each_format(tmp_path, suffix):
    path = tmp_path / f"known{suffix}"
    content = {".tsv": format_glossary_tsv(TERMS), ".csv": format_glossary_csv(TERMS),
               ".xlsx": format_glossary_xlsx(TERMS), ".tbx": format_tbx(TERMS),
               ".2019.tbx": format_tbx(TERMS, form="2019"),
               ".txt": format_glossary_omegat(TERMS)}[suffix]
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
    odd = tmp_path / "terms.ods"
    odd.write_bytes(b"PK")
    with pytest.raises(InputError, match="unknown glossary format"):
        read_known(odd)
    not_a_workbook = tmp_path / "terms.xlsx"
    not_a_workbook.write_bytes(b"PK")
    with pytest.raises(InputError, match=r"terms.xlsx: not a readable Excel workbook"):
        read_known(not_a_workbook)
    broken = tmp_path / "broken.tbx"
    broken.write_text("<tbx", encoding="utf-8")
    with pytest.raises(InputError):
        read_known(broken)


def test_tbx_drops_control_characters_and_stays_valid():
    rng = etree.RelaxNG(etree.parse(str(STANDARDS / "TBXcoreStructV03.rng"), PARSER))
    term = TermPair("商标", "trademark", 0.5, example_zh="商标\x07。", example_en="a\x0b trademark")
    doc = etree.fromstring(format_tbx([term], form="2019"), PARSER)
    assert rng.validate(doc), rng.error_log
    doc_2008 = etree.fromstring(format_tbx([term], form="2008"), PARSER)
    assert TBX_2008_CORE.validate(doc_2008), TBX_2008_CORE.error_log
    assert doc_2008.find(".//descrip[@type='context']").text == "商标。"


# --- TBX 2008 (<martif>) -------------------------------------------------------------

def check_tbx_2008(data: bytes) -> etree._Element:
    """``data`` parsed, after checking the core structure and the TBX-Basic categories it uses."""
    doc = etree.fromstring(data, PARSER)
    assert TBX_2008_CORE.validate(doc), TBX_2008_CORE.error_log
    assert doc.get("type") == "TBX-Basic"
    assert doc.getroottree().docinfo.system_url == "TBXBasiccoreStructV02.dtd"
    for element in doc.iter("descrip", "admin", "termNote"):
        allowed = TBX_BASIC_2008.get((element.getparent().tag, element.tag), set())
        assert element.get("type") in allowed, etree.tostring(element)
    assert {n.text for n in doc.iter("termNote") if n.get("type") == "partOfSpeech"} <= PART_OF_SPEECH
    assert {n.text for n in doc.iter("termNote")
            if n.get("type") == "administrativeStatus"} <= ADMINISTRATIVE_STATUS
    return doc


def test_tbx_2008_is_valid_tbx_basic():
    doc = check_tbx_2008(format_tbx(TERMS, form="2008"))
    entries = doc.findall("text/body/termEntry")
    assert len(entries) == 3
    first = entries[0]
    assert first.find("descrip[@type='subjectField']").text == "intellectual property"
    assert first.find("admin[@type='source']").text == "report"
    zh, en = first.findall("langSet")
    assert zh.get(XML_LANG) == "zh-CN" and en.get(XML_LANG) == "en-US"
    assert zh.find("tig/descrip[@type='context']").text == TERMS[0].example_zh
    assert [t.text for t in en.findall("tig/term")] == ["intellectual property", "IPR", "IP"]
    assert [n.text for n in en.findall("tig/termNote[@type='administrativeStatus']")] == [
        "preferredTerm-admn-sts", "admittedTerm-admn-sts", "admittedTerm-admn-sts"]


def test_unknown_tbx_form_is_refused():
    with pytest.raises(ValueError, match="2008"):
        format_tbx(TERMS, form="2010")


def translate_toolkit_units(data: bytes):
    from translate.storage.tbx import tbxfile

    return tbxfile.parsestring(data, sourcelanguage="zh-CN", targetlanguage="en-US").units


def test_translate_toolkit_reads_the_2008_form():
    units = translate_toolkit_units(format_tbx(TERMS, form="2008"))
    assert [(u.source, [t.text for t in u.get_target_terms()]) for u in units] == [
        (t.zh, [t.en, *t.en_variants]) for t in TERMS]
    contexts = [n.text for n in units[0].get_source_terms()[0].notes if n.category == "context"]
    assert contexts == [TERMS[0].example_zh]


def test_empty_glossary_opens_with_no_entries_in_the_2008_form():
    assert translate_toolkit_units(format_tbx([], form="2008")) == []


# Text a terminologist's file must carry unchanged: markup characters, CJK and full-width
# punctuation, spaces, tabs, line breaks; and control characters, which XML cannot hold at all.
TRICKY = "&<>\"'\u3000，。；：“”（）【】《》、！？%#=+-@ 专利權aZ9\t\n\r\x00\x07\x0b\x1f"
tricky_text = st.text(alphabet=TRICKY, min_size=1, max_size=12).filter(
    lambda s: remove_forbidden(s)[0].strip())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(tricky_text, tricky_text, st.lists(tricky_text, max_size=2), tricky_text),
                min_size=1, max_size=4))
def test_2008_text_survives_translate_toolkit_exactly(rows):
    terms = [TermPair(zh, en, 0.5, tuple(variants), 1, 1, 1, example, example)
             for zh, en, variants, example in rows]
    units = translate_toolkit_units(format_tbx(terms, form="2008"))
    assert len(units) == len(terms)
    for unit, term in zip(units, terms):
        assert unit.source == remove_forbidden(term.zh)[0]
        assert [t.text for t in unit.get_target_terms()] == [
            remove_forbidden(x)[0] for x in (term.en, *term.en_variants)]
        contexts = [n.text for n in unit.get_target_terms()[0].notes if n.category == "context"]
        assert contexts == [remove_forbidden(term.example_en)[0]]


# --- XLSX ------------------------------------------------------------------------------

def read_xlsx(data: bytes) -> list[list]:
    """Every row of the workbook's only sheet, after checking that no cell is anything but text."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Glossary"]
    rows = []
    for row in workbook.active.iter_rows():
        assert all(cell.data_type == "s" for cell in row if cell.value is not None)
        rows.append(["" if cell.value is None else cell.value for cell in row])
    return rows


def test_xlsx_reads_back_with_language_code_header():
    rows = read_xlsx(format_glossary_xlsx(TERMS))
    assert rows[0] == ["zh-CN", "en-US", "en-US variants", "Part of speech", "Context zh-CN",
                       "Context en-US", "Note"]
    assert rows == cat_tool_rows(TERMS)
    assert rows[1][:3] == ["知识产权", "intellectual property", "IPR | IP"]


def test_xlsx_cells_are_never_formulas():
    import zipfile

    risky = [TermPair("=1+1", "+cmd", 0.5, ("-2", "@SUM(A1)"), example_zh="=HYPERLINK(\"x\")")]
    data = format_glossary_xlsx(risky)
    assert read_xlsx(data)[1][:3] == ["=1+1", "+cmd", "-2 | @SUM(A1)"]
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(tricky_text, tricky_text, tricky_text), min_size=1, max_size=4))
def test_xlsx_text_survives_exactly(rows):
    terms = [TermPair(zh, en, 0.5, example_zh=example) for zh, en, example in rows]
    expected = [[remove_forbidden(cell)[0] for cell in row] for row in cat_tool_rows(terms)]
    assert read_xlsx(format_glossary_xlsx(terms)) == expected


# --- write -> read round trips of the term formats, any text --------------------------------

def read_back(text: str) -> str:
    """What a term reader gives for a written cell: XML-forbidden characters gone, ends stripped."""
    return remove_forbidden(text)[0].strip()


term_text = tricky_text.filter(lambda s: "|" not in s)  # " | " joins variants in one cell


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(term_text, term_text, st.lists(term_text.filter(read_back), max_size=2)),
                min_size=1, max_size=4).filter(lambda rows: all(read_back(zh) and read_back(en)
                                                                for zh, en, _ in rows)),
       st.sampled_from(TBX_FORMS))
def test_tbx_round_trips_in_both_forms(rows, form):
    terms = [TermPair(zh, en, 0.5, tuple(variants)) for zh, en, variants in rows]
    assert parse_tbx(format_tbx(terms, form=form)) == [
        KnownTerm(read_back(zh), read_back(en), tuple(read_back(v) for v in variants)) for zh, en, variants in rows]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(term_text, term_text, st.lists(term_text.filter(read_back), max_size=2)),
                min_size=1, max_size=4).filter(lambda rows: all(read_back(zh) and read_back(en)
                                                                for zh, en, _ in rows)))
def test_xlsx_round_trips_as_known_terms(rows):
    terms = [TermPair(zh, en, 0.5, tuple(variants)) for zh, en, variants in rows]
    assert parse_term_xlsx(format_glossary_xlsx(terms, zh_code="zh-TW", en_code="en-GB")) == [
        KnownTerm(read_back(zh), read_back(en), tuple(read_back(v) for v in variants)) for zh, en, variants in rows]


# --- CAT-tool term lists: language-code or language-name headers, CSV/TSV and XLSX -------------

@pytest.mark.parametrize("zh_header, en_header", [
    ("zh-TW", "en-GB"), ("zh-HK", "en-US"), ("zh-Hant", "en"), ("zh_TW", "EN_GB"), ("zh-Hant-TW", "en-GB"),
    ("zh-CN", "en-AU"), ("ZH", "EN"), ("Chinese (Taiwan)", "English (United Kingdom)"),
    ("Chinese_PRC", "English_United_States"), ("chinese", "english")])
def test_cat_tool_headers_name_the_languages_in_any_usual_way(zh_header, en_header):
    text = f"Note,{en_header},{zh_header},{en_header} variants\nn,patent,專利,invention patent | patents\n"
    assert parse_term_table(text, ",", "t.csv") == [KnownTerm("專利", "patent", ("invention patent", "patents"))]


def test_our_csv_with_traditional_and_british_codes_reads_back():
    terms = [TermPair("著作權", "copyright", 0.9, ("authors' rights",))]
    text = format_glossary_csv(terms, zh_code="zh-TW", en_code="en-GB")
    assert text.lstrip("\ufeff").startswith("zh-TW,en-GB,en-GB variants,")
    assert parse_term_table(text, ",") == [KnownTerm("著作權", "copyright", ("authors' rights",))]


def _workbook(rows) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_memoq_style_workbook_is_read_as_known_terms(tmp_path):
    """A term-base export: a header row of language codes, extra columns, a blank row, a number cell."""
    path = tmp_path / "termbase.xlsx"
    path.write_bytes(_workbook([["Entry_ID", "zh-HK", "en-GB", "en-GB variants", "Definition"],
                                [1, "商標", "trade mark", "trademark | mark", "a sign"],
                                [None, None, None, None, None],
                                [2, "專利", "patent", None, None],
                                [3, "2019", 2019, None, None]]))
    assert read_known(path) == [KnownTerm("商標", "trade mark", ("trademark", "mark")),
                                KnownTerm("專利", "patent"), KnownTerm("2019", "2019")]


def test_a_workbook_with_an_entity_bomb_is_refused_in_one_line(tmp_path):
    """A sheet that declares entities is refused (defusedxml under openpyxl), never expanded."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_workbook([["zh-TW", "en-US"], ["商標", "trademark"]])))
    bomb = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            data = bomb if member.filename == "xl/worksheets/sheet1.xml" else source.read(member)
            target.writestr(member, data)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match=r"bomb.xlsx: not a readable Excel workbook"):
        read_known(path)


def test_a_workbook_row_without_a_term_names_its_row(tmp_path):
    path = tmp_path / "terms.xlsx"
    path.write_bytes(_workbook([["zh-TW", "en-US"], ["商標", "trademark"], ["專利", None]]))
    with pytest.raises(InputError, match=r"terms.xlsx: row 3: a row needs a Chinese and an English term"):
        read_known(path)



@pytest.mark.parametrize("suffix, text", [
    (".tsv", 'zh\ten\n知识产权\t"IP\n商标\ttrademark\n专利\n'),
    (".tsv", 'zh\ten\n知识产权\t"IP\n商标\ttrademark\n专利'),
    (".csv", 'zh,en\n\n知识产权,"IP\n商标,trademark\n'),
    (".txt", '商标\ttrademark\n知识产权\t"IP'),
])
def test_an_unclosed_quote_is_refused_at_its_row(tmp_path, suffix, text):
    """Not one term holding the rows below it ('"IP 商标 trademark 专利')."""
    path = tmp_path / f"terms{suffix}"
    path.write_text(text, encoding="utf-8")
    row = text.split("\n").index(next(line for line in text.split("\n") if '"' in line)) + 1
    with pytest.raises(InputError, match=rf"terms{suffix}: row {row}: a quote .* close the quote or remove it"):
        read_known(path)


def test_quoted_cells_on_one_line_still_read(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text('zh,en\n"知识产权","IP, intellectual property"\n商标,"the ""mark"""\n', encoding="utf-8")
    assert [(k.zh, k.en) for k in read_known(path)] == [("知识产权", "IP, intellectual property"),
                                                       ("商标", 'the "mark"')]


@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".xlsx"])
def test_a_header_without_rows_is_refused_like_an_empty_list(tmp_path, suffix):
    path = tmp_path / f"terms{suffix}"
    if suffix == ".xlsx":
        path.write_bytes(_workbook([["zh-CN", "en-US"]]))
    else:
        path.write_text({".tsv": "zh\ten\n\n", ".csv": "\ufeffzh-CN,en-US\n"}[suffix], encoding="utf-8")
    with pytest.raises(InputError, match=rf"terms{suffix}: no terms found"):
        read_known(path)

# --- the sample report through the CLI, --tbx both ----------------------------------------

@pytest.fixture(scope="module")
def sample_glossary(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample-glossary")
    assert main(["glossary", str(SAMPLE), "-o", str(out), "--tbx", "both", "--quiet"]) == 0
    return out, parse_glossary_tsv((out / f"{SAMPLE_NAME}.glossary.tsv").read_text(encoding="utf-8"))


def test_sample_writes_both_tbx_forms_and_the_xlsx(sample_glossary):
    out, _ = sample_glossary
    assert sorted(p.name for p in out.iterdir()) == [
        f"{SAMPLE_NAME}.glossary.{suffix}"
        for suffix in ("2019.tbx", "csv", "omegat.txt", "tbx", "tsv", "xlsx")]
    rng = etree.RelaxNG(etree.parse(str(STANDARDS / "TBXcoreStructV03.rng"), PARSER))
    doc_2019 = etree.parse(str(out / f"{SAMPLE_NAME}.glossary.2019.tbx"), PARSER)
    assert rng.validate(doc_2019), rng.error_log


def test_sample_2008_tbx_opens_in_translate_toolkit_with_every_entry(sample_glossary):
    out, terms = sample_glossary
    data = (out / f"{SAMPLE_NAME}.glossary.tbx").read_bytes()
    check_tbx_2008(data)
    units = translate_toolkit_units(data)
    assert len(units) == len(terms) > 100
    assert [(u.source, [t.text for t in u.get_target_terms()]) for u in units] == [
        (t.zh, [t.en, *t.en_variants]) for t in terms]
    assert {u.getlanguageNodes()[0].get(XML_LANG) for u in units} == {"zh-CN"}


def test_sample_xlsx_matches_the_tsv(sample_glossary):
    out, terms = sample_glossary
    rows = read_xlsx((out / f"{SAMPLE_NAME}.glossary.xlsx").read_bytes())
    assert rows == cat_tool_rows(terms)


def test_tbx_option_picks_the_forms(tmp_path, capsys):
    def forms(*option):
        return _tbx_forms(build_parser().parse_args(["glossary", "x.txt", "-o", "out", *option]).tbx)

    assert forms() == ("2008",)
    assert forms("--tbx", "2019") == ("2019",)
    assert forms("--tbx", "both") == ("2008", "2019")
    assert main(["glossary", "x.txt", "-o", str(tmp_path / "out"), "--tbx", "2010"]) == 2
    assert "--tbx" in capsys.readouterr().err


def test_the_glossary_writers_do_not_load_the_extraction():
    """Writing a term file needs the records, not the algorithm, jieba or wordfreq."""
    code = ("import sys\n"
            "import parallel_corpus.formats.glossary_tables, parallel_corpus.formats.xlsx, "
            "parallel_corpus.formats.tbx\n"
            "from parallel_corpus.glossary import TermPair, read_known\n"
            "print(' '.join(m for m in ('parallel_corpus.glossary.build', 'wordfreq', 'jieba') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == ""


def test_the_workbook_is_the_same_bytes_whatever_the_clock_says(monkeypatch):
    import time

    terms = [TermPair("专利", "patent", 0.9)]
    now = format_glossary_xlsx(terms)
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # the zip entries' clock, in 2033
    assert format_glossary_xlsx(terms) == now

