"""Documents in any format through the CLI: bad files refused in one line, Word files aligned end to end,
and table rows kept as anchors that no bead crosses."""

import io
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import docx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parallel_corpus.align import align_document
from parallel_corpus.cli import main
from parallel_corpus.formats.align import parse_align
from parallel_corpus.types import Bead, SegmentedDocument, Sentence
from test_readers import EN_ARTICLES, ZH_ARTICLES, bilingual_table, law_paragraphs, save


def word_file(tmp_path: Path, name: str = "law.docx") -> Path:
    document = docx.Document()
    document.add_paragraph("商標法 Trademark Act")
    return save(document, tmp_path / name)


def rewritten_zip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name in replace.keys() - set(old.namelist()):
            new.writestr(name, replace[name])
    return target


def corrupt_member(tmp_path: Path) -> Path:
    """A zip whose directory is intact but whose document.xml data is damaged (CRC fails)."""
    path = word_file(tmp_path, "damaged.docx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 5, start + info.compress_size - 5):
        data[k] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each bad file and a piece of the one line that must explain it."""
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(word_file(tmp_path, "whole.docx").read_bytes()[:600])
    odt = tmp_path / "law.odt"
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    sheet = tmp_path / "data.xlsx"
    with zipfile.ZipFile(sheet, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    doc = tmp_path / "law.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    rtf = tmp_path / "law.rtf"
    rtf.write_bytes(rb"{\rtf1\ansi\ansicpg936 {\fonttbl}" + "商標法".encode("gbk") + b"}")
    empty_page = tmp_path / "empty.html"
    empty_page.write_text("<!DOCTYPE html><html><head><title></title><script>var a = '中文';</script></head>"
                          "<body><nav>Home</nav>\n</body></html>", encoding="utf-8")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(257 * 2**20)  # sparse: the size check must refuse it before reading
    image = tmp_path / "scan.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    not_xml = rewritten_zip(word_file(tmp_path, "source.docx"), tmp_path / "notxml.docx",
                            {"word/document.xml": b"<w:document><unclosed"})
    return {
        "corrupt docx (broken zip)": (truncated, "broken zip archive"),
        "corrupt docx (damaged data)": (corrupt_member(tmp_path), "corrupt .docx"),
        "corrupt docx (bad XML)": (not_xml, "corrupt .docx"),
        "odt": (odt, "save it as .docx"),
        "doc": (doc, "save it as .docx"),
        "rtf": (rtf, "save it as .docx"),
        "other zip": (sheet, "not a Word document"),
        "html without text": (empty_page, "has no text"),
        "too large": (huge, "too large for one input.*batch"),
        "image": (image, "binary.*give.*docx"),
    }


CASES = ["corrupt docx (broken zip)", "corrupt docx (damaged data)", "corrupt docx (bad XML)", "odt", "doc",
         "rtf", "other zip", "html without text", "too large", "image"]


def assert_refused(code: int, err: str, message: str, outdir: Path) -> None:
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert re.search(message, err), err
    assert not outdir.exists() or not any(outdir.iterdir())


@pytest.mark.parametrize("case", CASES)
def test_bad_files_exit_2_with_one_line_and_no_output(tmp_path, capsys, case):
    path, message = bad_inputs(tmp_path)[case]
    outdir = tmp_path / "out"
    code = main(["segment", str(path), "-o", str(outdir)])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_refused(code, captured.err, message, outdir)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, capsys, monkeypatch):
    import parallel_corpus.readers.docx as reader

    bomb = rewritten_zip(word_file(tmp_path, "source.docx"), tmp_path / "bomb.docx",
                         {"word/media/padding.bin": bytes(4 * 2**20)})
    assert bomb.stat().st_size < 100_000
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 2**20)
    monkeypatch.setattr(reader.zipfile.ZipFile, "read", lambda *a: pytest.fail("unpacked a member"))
    outdir = tmp_path / "out"
    code = main(["align", str(bomb), "-o", str(outdir)])
    assert_refused(code, capsys.readouterr().err, r"would unpack to \d+ MB.*zip bomb.*batch", outdir)


def test_corrupt_word_file_in_a_real_process(tmp_path):
    path, message = bad_inputs(tmp_path)["corrupt docx (damaged data)"]
    outdir = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "parallel_corpus", "align", str(path), "-o", str(outdir)],
                            check=False, capture_output=True, text=True)
    assert_refused(result.returncode, result.stderr, message, outdir)


# --- end to end ----------------------------------------------------------------------

def located_in_order(sentences: list[str], source: str) -> list[int]:
    """Where each sentence starts in ``source`` (whitespace ignored), searching on from the last one."""
    text = re.sub(r"\s+", "", source)
    starts, position = [], 0
    for sentence in sentences:
        found = text.find(re.sub(r"\s+", "", sentence), position)
        assert found >= 0, f"not found in order: {sentence!r}"
        starts.append(found)
        position = found + len(re.sub(r"\s+", "", sentence))
    return starts


def run_align(tmp_path: Path, inputs: list[Path], name: str):
    outdir = tmp_path / "out"
    assert main(["align", *map(str, inputs), "-o", str(outdir), "--name", name, "--quiet"]) == 0
    zh = (outdir / f"{name}.zh.txt").read_text(encoding="utf-8").splitlines()
    en = (outdir / f"{name}.en.txt").read_text(encoding="utf-8").splitlines()
    beads = [Bead(tuple(z), tuple(e)) for z, e in parse_align((outdir / f"{name}.align").read_text(encoding="utf-8"))]
    assert [i for b in beads for i in b.zh] == list(range(len(zh)))
    assert [j for b in beads for j in b.en] == list(range(len(en)))
    return zh, en, beads


def articles_text(articles) -> str:
    return "".join(number + "".join(texts) for number, texts in articles)


def test_align_a_word_pair(tmp_path):
    zh_doc, en_doc = docx.Document(), docx.Document()
    zh_doc.add_paragraph("商標法", style="Title")
    en_doc.add_paragraph("Trademark Act", style="Title")
    zh_doc.add_heading("第 一 章 總則", level=1)
    en_doc.add_heading("Chapter I General Provisions", level=1)
    law_paragraphs(zh_doc, ZH_ARTICLES)
    law_paragraphs(en_doc, EN_ARTICLES)
    inputs = [save(en_doc, tmp_path / "law.en.docx"), save(zh_doc, tmp_path / "law.zh.docx")]
    zh, en, beads = run_align(tmp_path, inputs, "law")
    located_in_order(zh, "商標法第一章總則" + articles_text(ZH_ARTICLES))
    located_in_order(en, "Trademark Act Chapter I General Provisions" + articles_text(EN_ARTICLES))
    assert zh[:3] == ["商標法", "第 一 章 總則", "第 1 條"]
    assert (0,) in [b.zh for b in beads if b.en == (0,)]  # the two titles pair


def test_align_a_bilingual_word_table_keeps_rows_together(tmp_path):
    document = docx.Document()
    document.add_paragraph("商標法", style="Title")
    document.add_paragraph("Trademark Act", style="Title")
    # One row per article, the article line and its paragraphs in one cell: rows are the only
    # boundaries the aligner is told, and sentences inside a row still align.
    bilingual_table(document, [("", [n, *ts]) for n, ts in ZH_ARTICLES],
                    [("", [n, *ts]) for n, ts in EN_ARTICLES])
    zh, en, beads = run_align(tmp_path, [save(document, tmp_path / "table.docx")], "table")
    zh_starts = located_in_order(zh, "商標法" + articles_text(ZH_ARTICLES))
    en_starts = located_in_order(en, "Trademark Act" + articles_text(EN_ARTICLES))

    def rows(starts, articles, title):
        bounds = np.cumsum([len(title)] + [len(re.sub(r"\s+", "", n + "".join(ts))) for n, ts in articles])
        return [int(np.searchsorted(bounds, s, side="right")) for s in starts]

    zh_rows, en_rows = rows(zh_starts, ZH_ARTICLES, "商標法"), rows(en_starts, EN_ARTICLES, "TrademarkAct")
    for bead in beads:
        assert len({zh_rows[i] for i in bead.zh} | {en_rows[j] for j in bead.en}) == 1, bead
    pairs = {zh[b.zh[0]]: en[b.en[0]] for b in beads if len(b.zh) == len(b.en) == 1}
    assert pairs[ZH_ARTICLES[2][1][0]] == EN_ARTICLES[2][1][0]  # inside a row, sentence by sentence
    assert pairs[ZH_ARTICLES[2][1][1]] == EN_ARTICLES[2][1][1]


# --- anchors in the aligner ---------------------------------------------------------------

class HashEncoder:
    """Random unit vectors per text: enough to exercise the search."""

    name = "hash"
    dim = 16

    def encode(self, texts):
        out = np.stack([np.random.default_rng(zlib.crc32(t.encode())).standard_normal(self.dim) for t in texts])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 12), st.integers(0, 12), st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), max_size=5))
def test_anchors_split_the_alignment_and_no_bead_crosses_one(n, m, raw_anchors):
    anchors = tuple(sorted(set(raw_anchors)))
    doc = SegmentedDocument("d", tuple(Sentence(f"zh {i}", i) for i in range(n)),
                            tuple(Sentence(f"en {j}", j) for j in range(m)), anchors=anchors)
    beads = align_document(doc, HashEncoder()).beads
    assert [i for b in beads for i in b.zh] == list(range(n))
    assert [j for b in beads for j in b.en] == list(range(m))
    used = [(i, j) for i, j in anchors if 0 < i < n and 0 < j < m]
    kept, last = [], (0, 0)
    for i, j in used:
        if i > last[0] and j > last[1]:
            kept.append((i, j))
            last = (i, j)
    for i, j in kept:  # every anchor that cuts both sides is a bead boundary on both sides
        for b in beads:
            assert not (b.zh and b.zh[0] < i <= b.zh[-1]) and not (b.en and b.en[0] < j <= b.en[-1])
            before = (b.zh and b.zh[-1] < i) or (b.en and b.en[-1] < j)
            after = (b.zh and b.zh[0] >= i) or (b.en and b.en[0] >= j)
            assert not (before and after), (b, i, j)
