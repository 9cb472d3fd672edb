"""TMX 1.4b writer, tolerant reader, merge and the `merge` verb.

Every TMX written here is validated against shared/standards/tmx14.dtd and read
back with the standard library's ElementTree (an independent reader).
"""

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from itertools import repeat
from pathlib import Path

import pytest
from builders import alignment_of
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from parallel_corpus import __version__
from parallel_corpus.cli import main
from parallel_corpus.formats import tmx as tmx_module
from parallel_corpus.formats.tmx import (
    TranslationUnit,
    format_tmx,
    format_units,
    merge_tmx,
    read_tmx,
    remove_forbidden,
    write_units,
)
from parallel_corpus.types import Alignment, Bead, Flag, InputError, SegmentedDocument, Sentence

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CREATED = datetime(2026, 11, 27, 3, 4, 5, tzinfo=timezone.utc)
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@pytest.fixture(scope="module")
def dtd():
    return etree.DTD(str(STANDARDS / "tmx14.dtd"))


def assert_valid(data: bytes, dtd) -> ET.Element:
    """DTD-valid, xml:lang on every tuv, and parsed by the independent reader."""
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    doc = etree.fromstring(data, parser)
    assert dtd.validate(doc), dtd.error_log
    assert all(tuv.get(XML_LANG) for tuv in doc.iter("tuv"))
    assert not any(tuv.get("lang") for tuv in doc.iter("tuv"))
    return ET.fromstring(data)


def seg_texts(root: ET.Element):
    return [[seg.text or "" for seg in tu.iter("seg")] for tu in root.iter("tu")]


def test_header_and_units_follow_tmx_14b(dtd):
    alignment = alignment_of(
        [("专利授权量增长22.89%。", "Patents granted rose 22.89%."), (None, "Unpaired."),
         ("商标<注册>&“申请”。", "Trademarks <registered> & \"filed\"."), ("低分句。", "Low score.")],
        scores=[0.9, 1.0, 0.8, 0.1],
        flags=[[], [], [Flag("number-mismatch", "zh has 3, en lacks it")], []])
    data, stats = format_tmx([alignment], min_score=0.5, created=CREATED)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">")
    assert not data.startswith(b"\xef\xbb\xbf")
    root = assert_valid(data, dtd)
    header = root.find("header").attrib
    assert header == {"creationtool": "parallel-corpus", "creationtoolversion": __version__,
                      "segtype": "sentence", "o-tmf": "parallel-corpus", "adminlang": "en-US",
                      "srclang": "zh-CN", "datatype": "plaintext", "creationdate": "20261127T030405Z"}
    assert (stats.units, stats.skipped, stats.removed_characters) == (2, 1, 0)
    tus = root.findall("body/tu")
    assert [tu.get("tuid") for tu in tus] == ["1", "2"]
    assert seg_texts(root) == [["专利授权量增长22.89%。", "Patents granted rose 22.89%."],
                               ["商标<注册>&“申请”。", "Trademarks <registered> & \"filed\"."]]
    props = {p.get("type"): p.text or "" for p in tus[1].findall("prop")}
    assert props == {"x-document": "doc", "x-score": "0.8000", "x-flags": "number-mismatch",
                     "x-zh-ids": "1", "x-en-ids": "2"}
    assert [n.text for n in tus[1].findall("note")] == ["number-mismatch: zh has 3, en lacks it"]
    assert [tuv.get(XML_LANG) for tuv in tus[0].iter("tuv")] == ["zh-CN", "en-US"]


def test_creationdate_is_utc_now_by_default(dtd):
    data, _ = format_tmx([alignment_of([("一。", "One.")])])
    stamp = ET.fromstring(data).find("header").get("creationdate")
    assert re.fullmatch(r"\d{8}T\d{6}Z", stamp)
    written = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    assert abs((datetime.now(timezone.utc) - written).total_seconds()) < 60


def test_language_codes_are_configurable(dtd):
    data, _ = format_tmx([alignment_of([("一。", "One.")])], zh_code="zh-Hans", en_code="en-GB", created=CREATED)
    root = assert_valid(data, dtd)
    assert root.find("header").get("srclang") == "zh-Hans"
    assert [tuv.get(XML_LANG) for tuv in root.iter("tuv")] == ["zh-Hans", "en-GB"]


def test_multi_sentence_beads_join_as_they_read(dtd):
    doc = SegmentedDocument("d", (Sentence("甲。"), Sentence("乙。")), (Sentence("A."), Sentence("B.")))
    data, _ = format_tmx([Alignment(doc, (Bead((0, 1), (0, 1), 0.7),))], created=CREATED)
    root = assert_valid(data, dtd)
    assert seg_texts(root) == [["甲。乙。", "A. B."]]
    assert {p.get("type"): p.text for p in root.iter("prop")}["x-zh-ids"] == "0,1"


def test_forbidden_characters_are_removed_and_counted(dtd):
    data, stats = format_tmx([alignment_of([("页\x0c眉\x00", "Form\x0bfeed\ufffe")])], created=CREATED)
    root = assert_valid(data, dtd)
    assert seg_texts(root) == [["页眉", "Formfeed"]]
    assert stats.removed_characters == 4


text_with_everything = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(text_with_everything, text_with_everything), min_size=1, max_size=4))
@example([("温度\r\n<100 &amp; ’“”\x00\ud800\U00020000", "a\x1fb\tc\x7f\x85\u2028 ]]>")])
def test_text_survives_byte_for_byte(pairs):
    alignment = alignment_of(pairs)
    data, stats = format_tmx([alignment], created=CREATED)
    expected = [[FORBIDDEN.sub("", z), FORBIDDEN.sub("", e)] for z, e in pairs]
    assert seg_texts(ET.fromstring(data)) == expected
    assert stats.removed_characters == sum(len(FORBIDDEN.findall(z + e)) for z, e in pairs)
    assert [[text for _, text in u.variants] for u in read_tmx_bytes(data)] == expected


def read_tmx_bytes(data: bytes):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.tmx"
        path.write_bytes(data)
        return read_tmx(path)


def test_the_sample_report_round_trips(dtd, tmp_path):
    from parallel_corpus.document import read_document

    document = read_document([Path(__file__).parent.parent / "corpus" / "guangdong-ipr-2021.zh-en.txt"])
    pairs = [(z.text, e.text) for z, e in zip(document.zh, document.en)]
    data, stats = format_tmx([alignment_of(pairs, name=document.name)], created=CREATED)
    assert stats.units == len(pairs)
    assert seg_texts(assert_valid(data, dtd)) == [list(p) for p in pairs]


LEGACY_TMX = """<?xml version="1.0" encoding="UTF-16"?>
<tmx version="1.1">
<header creationtool="Old" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="EN"
        srclang="ZH-CN" datatype="rtf" creationdate="2021-03-04 05:06:07"/>
<body>
<tu creationdate="20210304"><prop type="x-score">0.5</prop><note>old</note>
  <tuv lang="ZH-CN"><seg>温度&lt;100<bpt i="1">{b}</bpt>高<ept i="1">{/b}</ept>。</seg></tuv>
  <tuv lang="EN-GB"><seg>Temperature &lt;100 <hi type="b">high</hi>.</seg></tuv>
</tu>
<tu creationdate="2021-03-04T05:06:07+08:00">
  <tuv xml:lang="zh-CN"><seg>二。</seg></tuv><tuv xml:lang="en-US"><seg>Two.</seg></tuv>
</tu>
</body>
</tmx>
"""


def test_reader_is_tolerant(tmp_path):
    path = tmp_path / "legacy.tmx"
    path.write_bytes(LEGACY_TMX.encode("utf-16"))  # with a BOM
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    first, second = read_tmx(path)
    assert first.variants == (("ZH-CN", "温度<100高。"), ("EN-GB", "Temperature <100 high."))
    assert first.inline_codes == 2
    assert first.text("zh") == "温度<100高。" and first.text("en-US") == "Temperature <100 high."
    assert first.score == 0.5 and first.notes == ("old",)
    assert first.creationdate == datetime(2021, 3, 4, tzinfo=timezone.utc)
    assert second.creationdate == datetime(2021, 3, 3, 21, 6, 7, tzinfo=timezone.utc)
    assert second.score is None


@pytest.mark.parametrize("content, where", [
    (b"<tmx><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>", "line 1: <tuv> has no xml:lang"),
    (b"<tmx version='1.4'>\n<body>\n<tu><tuv xml:lang='en'><seg>x</tuv></tu></body></tmx>", "line 3, column"),
    (b"<xliff><body/></xliff>", "not <tmx>"),
    (b"<tmx><body><tu creationdate='yesterday'><tuv xml:lang='en'><seg>x</seg></tuv></tu></body></tmx>",
     "unreadable creationdate 'yesterday'"),
])
def test_malformed_tmx_says_what_and_where(tmp_path, content, where):
    path = tmp_path / "bad.tmx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(where)) as info:
        read_tmx(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_merge_removes_exact_duplicates_and_keeps_the_best_score(dtd, tmp_path):
    a = tmp_path / "a.tmx"
    b = tmp_path / "b.tmx"
    a.write_bytes(format_tmx([alignment_of([("一。", "One."), ("二。", "Two.")], name="a", scores=[0.4, 0.9])],
                             created=CREATED)[0])
    b.write_bytes(format_tmx([alignment_of([("一。", "One."), ("二。", "Two!"), ("二。", "Two.")], name="b",
                                           scores=[0.8, 0.6, 0.5])], created=CREATED)[0])
    stats = merge_tmx([a, b], tmp_path / "c.tmx", created=CREATED)
    root = assert_valid((tmp_path / "c.tmx").read_bytes(), dtd)
    assert seg_texts(root) == [["一。", "One."], ["二。", "Two."], ["二。", "Two!"]]
    kept = [{p.get("type"): p.text for p in tu.findall("prop")} for tu in root.iter("tu")]
    assert [(k["x-document"], k["x-score"]) for k in kept] == [("b", "0.8000"), ("a", "0.9000"), ("b", "0.6000")]
    assert (stats.files, stats.units_read, stats.duplicates_removed, stats.units) == (2, 5, 2, 3)
    assert root.find("header").get("srclang") == "zh-CN"


def test_merge_of_different_source_languages_uses_all(dtd, tmp_path):
    units = [TranslationUnit((("en-US", "One."), ("zh-CN", "一。")))]
    (tmp_path / "a.tmx").write_bytes(format_units(units, srclang="en-US", created=CREATED)[0])
    (tmp_path / "b.tmx").write_bytes(format_units(units, srclang="zh-CN", created=CREATED)[0])
    stats = merge_tmx([tmp_path / "a.tmx", tmp_path / "b.tmx"], tmp_path / "c.tmx", created=CREATED)
    assert assert_valid((tmp_path / "c.tmx").read_bytes(), dtd).find("header").get("srclang") == "*all*"
    assert stats.units == 1


def test_merge_reads_the_source_language_of_a_memory_without_units(dtd, tmp_path):
    (tmp_path / "a.tmx").write_bytes(format_units([], srclang="en-US", created=CREATED)[0])
    (tmp_path / "b.tmx").write_bytes(format_tmx([alignment_of([("一。", "One.")])], created=CREATED)[0])
    stats = merge_tmx([tmp_path / "a.tmx", tmp_path / "b.tmx"], tmp_path / "c.tmx", created=CREATED)
    root = assert_valid((tmp_path / "c.tmx").read_bytes(), dtd)
    assert root.find("header").get("srclang") == "*all*" and stats.units == 1


def test_merge_stops_when_an_input_changes_between_its_two_readings(tmp_path, monkeypatch):
    path = tmp_path / "a.tmx"
    path.write_bytes(format_tmx([alignment_of([("一。", "One."), ("二。", "Two.")])], created=CREATED)[0])
    grown = format_tmx([alignment_of([("一。", "One."), ("二。", "Two."), ("三。", "Three.")])], created=CREATED)[0]
    original = tmx_module.write_units

    def grow_then_write(handle, units, **kwargs):
        path.write_bytes(grown)  # the first reading is over; the second sees three units
        return original(handle, units, **kwargs)

    monkeypatch.setattr(tmx_module, "write_units", grow_then_write)
    with pytest.raises(InputError, match="changed while it was being merged"):
        merge_tmx([path], tmp_path / "c.tmx", created=CREATED)
    assert not (tmp_path / "c.tmx").exists()


def test_merge_verb_writes_one_valid_file(dtd, tmp_path, capsys):
    a, b, out = tmp_path / "a.tmx", tmp_path / "b.tmx", tmp_path / "out" / "c.tmx"
    a.write_bytes(format_tmx([alignment_of([("一。", "One.")])], created=CREATED)[0])
    b.write_bytes(LEGACY_TMX.encode("utf-16"))
    assert main(["merge", str(a), str(b), "-o", str(out)]) == 0
    root = assert_valid(out.read_bytes(), dtd)
    assert len(root.findall("body/tu")) == 3
    err = capsys.readouterr().err
    assert "3 units from 2 files, 0 duplicates removed" in err and "dropped 2 inline codes" in err


def test_merge_verb_bad_input_is_one_line_and_no_output(tmp_path, capsys):
    good, bad, out = tmp_path / "a.tmx", tmp_path / "bad.tmx", tmp_path / "c.tmx"
    good.write_bytes(format_tmx([alignment_of([("一。", "One.")])], created=CREATED)[0])
    bad.write_bytes(b"<tmx><body><tu>")
    assert main(["merge", str(good), str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.tmx: line 1" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["merge", str(tmp_path / "missing.tmx"), "-o", str(out)]) == 2
    assert "missing.tmx: no such file" in capsys.readouterr().err


def test_remove_forbidden_keeps_tab_newline_and_non_bmp():
    assert remove_forbidden("a\tb\nc\rd\U00020000\x7f") == ("a\tb\nc\rd\U00020000\x7f", 0)
    assert remove_forbidden("\x00\x1f\ud800") == ("", 3)


# --- streaming writer -----------------------------------------------------------

AWKWARD_UNITS = [
    TranslationUnit((("zh-CN", "专利：“商标”（注册）！\t第二行\n第三行\r"), ("en-US", "Patents & <marks> \"filed\" 'now' 🙂")),
                    props=(("x-score", "0.9000"), ("x-flags", ""), ("x-note\t&\"", "a<b>'c'")),
                    notes=("", "number-mismatch: 3 ≠ 4")),
    TranslationUnit((("zh-CN", "页\x0c眉\x00\ufffe"), ("en-US", "")),
                    creationdate=datetime(2021, 3, 4, 5, 6, 7, tzinfo=timezone.utc)),
]
# What the in-memory serialisation (lxml tostring of the whole tree, pretty-printed) wrote for
# AWKWARD_UNITS before the writer streamed: the streamed bytes must not differ by one.
AWKWARD_TMX = """<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="parallel-corpus" creationtoolversion="VERSION" segtype="sentence" \
o-tmf="parallel-corpus" adminlang="en-US" srclang="zh-CN" datatype="plaintext" creationdate="20261127T030405Z"/>
  <body>
    <tu tuid="1">
      <prop type="x-score">0.9000</prop>
      <prop type="x-flags"></prop>
      <prop type="x-note&#9;&amp;&quot;">a&lt;b&gt;'c'</prop>
      <note></note>
      <note>number-mismatch: 3 ≠ 4</note>
      <tuv xml:lang="zh-CN">
        <seg>专利：“商标”（注册）！\t第二行\n第三行&#13;</seg>
      </tuv>
      <tuv xml:lang="en-US">
        <seg>Patents &amp; &lt;marks&gt; "filed" 'now' 🙂</seg>
      </tuv>
    </tu>
    <tu tuid="2" creationdate="20210304T050607Z">
      <tuv xml:lang="zh-CN">
        <seg>页眉</seg>
      </tuv>
      <tuv xml:lang="en-US">
        <seg></seg>
      </tuv>
    </tu>
  </body>
</tmx>
""".replace("VERSION", __version__).encode("utf-8")
EMPTY_TMX = AWKWARD_TMX[:AWKWARD_TMX.index(b"  <body>")] + b"  <body/>\n</tmx>\n"


def test_streamed_bytes_are_those_of_the_whole_tree(dtd, tmp_path):
    path = tmp_path / "s.tmx"
    with path.open("wb") as handle:
        removed = write_units(handle, iter(AWKWARD_UNITS), srclang="zh-CN", created=CREATED)
    assert path.read_bytes() == AWKWARD_TMX and removed == 3
    assert format_units(AWKWARD_UNITS, srclang="zh-CN", created=CREATED) == (AWKWARD_TMX, 3)
    assert_valid(AWKWARD_TMX, dtd)
    assert format_units([], srclang="zh-CN", created=CREATED) == (EMPTY_TMX, 0)
    assert_valid(EMPTY_TMX, dtd)


languages = st.sampled_from(["zh-CN", "en-US", "zh-Hans", "en-GB", "fr"])
units_to_stream = st.lists(st.builds(
    TranslationUnit,
    variants=st.lists(st.tuples(languages, text_with_everything), min_size=1, max_size=3).map(tuple),
    props=st.lists(st.tuples(text_with_everything, text_with_everything), max_size=3).map(tuple),
    notes=st.lists(text_with_everything, max_size=2).map(tuple),
    creationdate=st.none() | st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1),
                                          timezones=st.just(timezone.utc)).map(lambda d: d.replace(microsecond=0))),
    max_size=5)


@settings(max_examples=100, deadline=None)
@given(units_to_stream, languages)
def test_streamed_units_read_back_and_are_valid(dtd, units, srclang):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.tmx"
        with path.open("wb") as handle:
            removed = write_units(handle, units, srclang=srclang, created=CREATED)
        data = path.read_bytes()
        read = read_tmx(path)
    root = assert_valid(data, dtd)
    assert root.find("header").get("srclang") == srclang

    def clean(text: str) -> str:
        return FORBIDDEN.sub("", text)

    assert [u.variants for u in read] == [tuple((lang, clean(t)) for lang, t in u.variants) for u in units]
    assert [u.props for u in read] == [tuple((clean(k), clean(v)) for k, v in u.props) for u in units]
    assert [u.notes for u in read] == [tuple(map(clean, u.notes)) for u in units]
    assert [u.creationdate for u in read] == [u.creationdate for u in units]
    texts = [t for u in units for t in (*(t for _, t in u.variants), *(x for p in u.props for x in p), *u.notes)]
    assert removed == sum(len(FORBIDDEN.findall(t)) for t in texts)


def test_streaming_memory_stays_flat_however_many_units(tmp_path):
    """tracemalloc peak while 10,000 units stream to a file, against the same units as one document.

    Measured (2026-11-27, this unit): streaming peaks at 11-12 kB for 10,000 and for 30,000
    units; the whole document in memory (format_units) at 4.7 MB and 15.2 MB, about its size.
    tracemalloc does not see libxml2's own allocations, where the old whole tree lived: with
    batch-like units, peak RSS for 30,000 was 210 MB with the tree against 23 MB streamed
    (300,000: 1.9 GB against 24 MB). 10,000 units keep this test at 3-6 s under tracemalloc.
    """
    import tracemalloc

    unit = AWKWARD_UNITS[0]
    bound = 1_000_000
    tracemalloc.start()
    try:
        with (tmp_path / "many.tmx").open("wb") as handle:
            tracemalloc.reset_peak()
            write_units(handle, repeat(unit, 10_000), srclang="zh-CN", created=CREATED)
            streamed_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        data, _ = format_units(repeat(unit, 10_000), srclang="zh-CN", created=CREATED)
        whole_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    written = (tmp_path / "many.tmx").read_bytes()
    assert written == data and written.count(b"<tu ") == 10_000
    assert streamed_peak < bound < len(data) <= whole_peak


def _memory_with(doctype: str, zh: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<tmx version="1.4"><header srclang="zh-CN"/>'
            f'<body><tu><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en-US"><seg>x</seg></tuv>'
            '</tu></body></tmx>').encode("utf-8")


def test_merge_expands_entities_the_file_declares(tmp_path):
    path = tmp_path / "a.tmx"
    path.write_bytes(_memory_with('<!DOCTYPE tmx [<!ENTITY co "华为 Ltd"><!ENTITY both "&co; &amp; &co;">]>',
                                  "甲&co;乙 &both;"))
    assert read_tmx(path)[0].variants[0] == ("zh-CN", "甲华为 Ltd乙 华为 Ltd & 华为 Ltd")


LAUGHS = ('<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
          + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefgh", "bcdefghi")) + "]>")


@pytest.mark.parametrize("doctype, zh, message", [
    (LAUGHS, "&i;", "amplification"),                                              # billion laughs
    (f'<!DOCTYPE tmx [<!ENTITY x SYSTEM "{Path(__file__).as_uri()}">]>', "&x;", "Entity 'x' not defined"),
    ('<!DOCTYPE tmx [<!ENTITY % p SYSTEM "http://example.invalid/p.dtd"> %p;]>', "a", "Entity 'p' not defined"),
])
def test_merge_never_reads_external_entities_nor_expands_without_limit(tmp_path, capsys, doctype, zh, message):
    path, out = tmp_path / "a.tmx", tmp_path / "out.tmx"
    path.write_bytes(_memory_with(doctype, zh))
    assert main(["merge", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and not out.exists()


SIGNED_A = ("encoder:use/1|max_align:5|presplit:no|zh_semicolon:no|zh_code:auto|en_code:en-US|min_score:0.0|"
            "keep_flagged:no|glossary:none|version:1")
SIGNED_B = SIGNED_A.replace("encoder:use/1", "encoder:e5/1")


def test_merge_keeps_a_signature_all_inputs_share(dtd, tmp_path):
    paths = [tmp_path / "a.tmx", tmp_path / "b.tmx"]
    for path, pair in zip(paths, [("一。", "One."), ("二。", "Two.")]):
        path.write_bytes(format_tmx([alignment_of([pair])], created=CREATED, signature=SIGNED_A)[0])
    stats = merge_tmx(paths, tmp_path / "c.tmx")
    assert stats.signatures == (SIGNED_A, SIGNED_A) and len(stats.signature_groups(paths)) == 1
    root = assert_valid((tmp_path / "c.tmx").read_bytes(), dtd)
    assert [(p.get("type"), p.text) for p in root.find("header")] == [("x-signature", SIGNED_A)]


def test_merge_verb_warns_which_inputs_were_made_differently(dtd, tmp_path, capsys):
    a, b, c, d = (tmp_path / f"{n}.tmx" for n in "abcd")
    a.write_bytes(format_tmx([alignment_of([("一。", "One.")], scores=[0.9])], signature=SIGNED_A)[0])
    b.write_bytes(format_tmx([alignment_of([("一。", "One.")], scores=[0.95])], signature=SIGNED_B)[0])
    c.write_bytes(format_tmx([alignment_of([("二。", "Two.")])])[0])
    d.write_bytes(format_tmx([alignment_of([("三。", "Three.")])], signature=SIGNED_A)[0])
    assert main(["merge", str(a), str(d), "-o", str(tmp_path / "same.tmx")]) == 0
    assert "warning" not in capsys.readouterr().err

    assert main(["merge", str(a), str(b), str(c), str(d), "-o", str(tmp_path / "mixed.tmx")]) == 0
    err = capsys.readouterr().err
    assert "warning: the inputs were made by different encoders or settings" in err
    assert f"  {SIGNED_A}: {a}, {d}\n" in err and f"  {SIGNED_B}: {b}\n" in err
    assert f"  no signature (unknown): {c}\n" in err
    root = assert_valid((tmp_path / "mixed.tmx").read_bytes(), dtd)
    assert root.find("header/prop") is None  # no one signature describes the merged scores


def test_merge_compares_signatures_as_signatures(tmp_path, capsys):
    """Two spellings of one signature are one; text that is no signature is shown escaped, not raw."""
    fields = SIGNED_A.split("|")
    reordered = "|".join([fields[1], fields[0], *fields[2:]])
    a, b, c = (tmp_path / f"{n}.tmx" for n in "abc")
    a.write_bytes(format_tmx([alignment_of([("一。", "One.")])], signature=SIGNED_A)[0])
    b.write_bytes(format_tmx([alignment_of([("二。", "Two.")])], signature=f" {reordered} ")[0])
    assert main(["merge", str(a), str(b), "-o", str(tmp_path / "same.tmx")]) == 0
    assert "warning" not in capsys.readouterr().err
    c.write_bytes(format_tmx([alignment_of([("三。", "Three.")])], signature="max_align:abc\tx")[0])
    assert main(["merge", str(a), str(c), "-o", str(tmp_path / "mixed.tmx")]) == 0
    err = capsys.readouterr().err
    assert f"  malformed: max_align:abc%09x: {c}\n" in err
