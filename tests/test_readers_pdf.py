"""read_pdf on real PDFs made by LibreOffice (bench/make_pdf_fixtures.py remakes them)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parallel_corpus.readers import pdf
from parallel_corpus.readers.pdf import looks_like_pdf, read_pdf
from parallel_corpus.types import InputError

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "data" / "pdf"


def _fixture_texts():
    """The paragraphs the fixtures were made from, from the script that made them."""
    spec = importlib.util.spec_from_file_location("make_pdf_fixtures", ROOT / "bench" / "make_pdf_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.MIXED, module.RUNNING


MIXED, RUNNING = _fixture_texts()


def _printed_lines(path: Path) -> list[str]:
    return [line.text.strip() for page in pdf._read_lines(path) for line in page]


def test_wrapped_chinese_and_english_paragraphs_come_back_whole(capfd):
    blocks = read_pdf(FIXTURES / "mixed-cjk.pdf")
    assert [b.text for b in blocks] == [text for text, _ in MIXED]
    # The fixture really wraps: more printed lines than paragraphs, in both languages.
    lines = _printed_lines(FIXTURES / "mixed-cjk.pdf")
    assert len(lines) > len(MIXED) + 10
    assert "為保障商標權、證明標章權、團體標章權、團體商標權及消費者利益" not in lines
    assert capfd.readouterr().err == ""


def test_layout_marks_title_and_heading_only_where_the_font_is_larger():
    kinds = [b.kind for b in read_pdf(FIXTURES / "mixed-cjk.pdf")]
    assert kinds == ["title", None, None, "heading", None, None]


def test_hyphens_that_split_words_are_removed():
    lines = _printed_lines(FIXTURES / "mixed-cjk.pdf")
    cut = [line for line in lines if line.endswith("-")]
    assert len(cut) >= 2  # LibreOffice hyphenated words at line ends
    read = " ".join(b.text for b in read_pdf(FIXTURES / "mixed-cjk.pdf"))
    source = " ".join(text for text, _ in MIXED)
    hyphenated = lambda text: sorted(word for word in text.split() if "-" in word)
    assert hyphenated(read) == hyphenated(source)  # state-owned, well-known, privately-held


def test_a_real_hyphen_at_a_line_and_page_end_is_kept():
    lines = _printed_lines(FIXTURES / "running-header.pdf")
    assert any(line.endswith("state-") for line in lines)
    blocks = read_pdf(FIXTURES / "running-header.pdf")
    assert all("stateowned" not in b.text for b in blocks)
    assert sum("A state-owned enterprise" in b.text for b in blocks) == 18


def test_running_header_footer_and_page_numbers_are_removed():
    path = FIXTURES / "running-header.pdf"
    lines = _printed_lines(path)
    assert lines.count("Trademark Act (excerpt)") >= 3 and "Page 2 of 4" in lines
    blocks = read_pdf(path)
    assert [b.text for b in blocks] == [text for text, _ in RUNNING]
    assert not any("excerpt" in b.text or "Page " in b.text for b in blocks)


def test_a_paragraph_across_a_page_break_stays_one_paragraph():
    pages = pdf._read_lines(FIXTURES / "running-header.pdf")
    # Page 2's body starts mid-paragraph (below the running header), so the join is tested.
    assert pages[1][1].text.strip().startswith("owned enterprise")
    assert len(read_pdf(FIXTURES / "running-header.pdf")) == len(RUNNING)


def test_image_only_pdf_has_no_text_layer(capfd):
    with pytest.raises(InputError, match=r"scanned\.pdf: no text layer \(scanned\?\); run OCR first$"):
        read_pdf(FIXTURES / "scanned.pdf")
    assert capfd.readouterr().err == ""


def test_encrypted_pdf_says_so_and_what_to_do(capfd):
    with pytest.raises(InputError) as caught:
        read_pdf(FIXTURES / "encrypted.pdf")
    message = str(caught.value)
    assert "encrypted" in message and "without protection" in message and "\n" not in message
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage",
    (FIXTURES / "running-header.pdf").read_bytes()[:9000],
])
def test_corrupt_pdf_is_one_line(tmp_path, capfd, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_pdf(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: not a readable PDF") and "\n" not in message
    assert capfd.readouterr().err == ""


def test_looks_like_pdf_is_the_magic():
    assert looks_like_pdf((FIXTURES / "mixed-cjk.pdf").read_bytes()[:1024])
    assert looks_like_pdf(b"\r\n%PDF-1.4")
    assert not looks_like_pdf(b"PK\x03\x04 a docx")


@pytest.mark.parametrize("line", ["3", "- 3 -", "— 12 —", "第 3 頁", "第3页 共10页", "共 10 頁，第 3 頁",
                                  "Page 3 of 10", "page 7", "3 / 10", "iv"])
def test_page_number_lines(line):
    assert pdf._PAGE_NUMBER.fullmatch(line)


@pytest.mark.parametrize("line", ["Article 3", "第 3 條", "3. Scope", "Chapter II"])
def test_lines_that_are_not_page_numbers(line):
    assert not pdf._PAGE_NUMBER.fullmatch(line)


@pytest.mark.parametrize(("head", "tail", "words", "splits"), [
    # The document's own spelling decides first.
    ("the promo", "tion of trade", Counter({"promotion": 2}), True),
    ("a co", "operation agreement", Counter({"co-operation": 1}), False),
    # Without it, word frequencies: two words rarely written solid are a compound.
    ("a state", "owned enterprise", Counter(), False),
    ("well", "known marks", Counter(), False),
    ("intel", "lectual property", Counter(), True),
    ("infringe", "ment", Counter(), True),
    # Not a word cut in two: names, numbers.
    ("Sino", "US trade", Counter(), False),
    ("2021", "2035", Counter(), False),
    # An all-capitals title cut mid-word.
    ("RIGHTS PROTEC", "TION IN", Counter(), True),
])
def test_line_end_hyphen(head, tail, words, splits):
    assert pdf._splits_word(head, tail, words) is splits


@pytest.mark.parametrize("name", ["mixed-cjk.pdf", "running-header.pdf"])
def test_no_character_is_lost_or_added(name):
    pages = pdf._drop_running_lines(pdf._read_lines(FIXTURES / name))
    printed = "".join(line.text for page in pages for line in page)
    read = "".join(b.text for b in read_pdf(FIXTURES / name))
    layout = str.maketrans("", "", " -")
    assert read.translate(layout) == printed.translate(layout)


@given(page=st.integers(1, 9999), pages=st.integers(1, 9999))
def test_page_number_patterns_match_any_number(page, pages):
    for line in (f"- {page} -", f"Page {page} of {pages}", f"第 {page} 頁", f"第{page}页 共{pages}页", f"{page} / {pages}"):
        assert pdf._PAGE_NUMBER.fullmatch(line)


@pytest.mark.parametrize(("before", "line", "opens"), [
    ("並應釋明其與正本相符。", "第 26-1 條", True),
    ("其與正本相符。", "第四十八條之九 專利權", True),
    ("the following:", "(1)Consisting exclusively of", True),
    ("商標專責機關辦理。", "三、將商標用於", True),
    ("as prescribed in", "Article 9 of this Act", False),  # the clause goes on
])
def test_a_numbered_item_after_a_finished_clause_opens_a_paragraph(before, line, opens):
    assert bool(pdf._ENDS_CLAUSE.search(before) and pdf._OPENS_ITEM.match(line)) is opens
