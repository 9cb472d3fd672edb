"""PDF files: the text layer back into the paragraphs the author wrote.

A PDF keeps positioned lines, not paragraphs. PDFium (through pypdfium2) gives every
character with its box in content order; this module groups them into lines, drops
running headers, footers and page numbers, and joins lines into paragraphs where the
layout says a paragraph goes on: no extra vertical gap, no first-line indent, and the
line before was full (the next line's first word would not have fitted on it).
Chinese lines join without a space, English lines with one; a hyphen at a line end is
removed only where it split a word, judged by the word's other occurrences in the
document and, failing those, by English word frequencies.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from parallel_corpus.files import read_input_bytes
from parallel_corpus.readers.base import Block
from parallel_corpus.types import InputError, UnitKind

PDF_MAGIC = b"%PDF-"
# Readers accept junk before the header within the first KiB (PDF 1.7, annex H.3).
_MAGIC_WINDOW = 1024

# PDFium's marks: 0x02 stands for a hyphen it found at a line end; CR/LF are line breaks
# it generated between lines.
_PDFIUM_HYPHEN = 0x02
_LINE_BREAKS = frozenset((0x0A, 0x0D))
_HYPHENS = frozenset("-\u2010\u00ad")
# Stands for a space PDFium inferred from a gap (it is not in the PDF) until the gap is judged.
_INFERRED_SPACE = "\x00"

# Characters after which (or before which) lines join without a space: CJK ideographs,
# kana, full-width forms and CJK punctuation.
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")
# Those and the punctuation Chinese text shares with Latin (dashes, curly quotes, ellipsis):
# a gap PDFium sees next to them is CJK spacing, not a typed space.
_CJK_SPACING = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
                          r"\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u00b7]")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# CJK punctuation that may not begin a line: the layout pulls the character before it down
# too, so a full line can end one character short.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…·")

# A line that is only a page number: "3", "- 3 -", "第 3 頁", "第3页 共10页", "Page 3 of 10",
# "3 / 10", "iv".
_PAGE_NUMBER = re.compile(
    r"[-–—\s]*(?:"
    r"\d{1,4}|[ivxlc]{1,6}"
    r"|第\s*\d{1,4}\s*[頁页](?:\s*[，,]?\s*共\s*\d{1,4}\s*[頁页])?"
    r"|共\s*\d{1,4}\s*[頁页]\s*[，,]?\s*第\s*\d{1,4}\s*[頁页]"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r")[-–—\s]*",
    re.IGNORECASE,
)

# A line that ends a clause, and a line that opens a numbered item, article or chapter: with
# nothing else to tell, such a pair is a paragraph break (a list item that fills its line).
_ENDS_CLAUSE = re.compile(r"[。！？；：.!?;:][”’\"')）」』]?\s*$")
_OPENS_ITEM = re.compile(
    r"\s*(?:[一二三四五六七八九十百零〇]+[、．]|[（(][一二三四五六七八九十百零〇\d]+[）)]"
    r"|\d{1,3}[.、．)）]\s*\S"
    r"|第\s*[\d一二三四五六七八九十百零〇]+(?:\s*[-之]\s*[\d一二三四五六七八九十]+)?\s*[條条章節节款項项編编]"
    r"|(?:Article|Chapter|Section|Part)\s+[\dIVXLC]+\b)"
)

# How many lines at the top and bottom of a page can be a running header or footer.
_RUNNING_ZONE = 2
# A heading's font is at least this much larger than the body font; a title's much larger still.
_HEADING_SIZE = 1.2
_TITLE_SIZE = 1.5


@dataclass(frozen=True)
class _Line:
    """One printed line: its text and where it sits (PDF units, y grows upwards)."""

    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    # Width of what the line begins with (its first word; two characters for CJK):
    # if that fitted at the end of the line before, the line before ended a paragraph.
    lead_width: float
    # The line ends with a hyphen drawn at the line end (maybe splitting a word).
    hyphen_end: bool


def looks_like_pdf(head: bytes) -> bool:
    """True when the file's first bytes carry the PDF header (``%PDF-`` within the first KiB)."""
    return PDF_MAGIC in head[:_MAGIC_WINDOW]


def read_pdf(path: Path) -> list[Block]:
    """The paragraphs of a PDF's text layer in reading order.

    Raises InputError for a PDF that is encrypted, damaged or has no text layer.
    ``kind`` is set only where the font size clearly marks a title or heading.
    """
    path = Path(path)
    body = _drop_running_lines(_read_lines(path))
    lines = [line for page in body for line in page]
    if not lines:  # no text at all, or only page numbers (a scan with a printed footer)
        raise InputError(f"{path}: no text layer (scanned?); run OCR first")
    paragraphs = _paragraphs(lines)
    words = _word_counts(lines)
    body_size = _body_size(lines)
    blocks: list[Block] = []
    for index, paragraph in enumerate(paragraphs):
        text = _join_lines(paragraph, words)
        if text:
            blocks.append(Block(text, _kind(paragraph, body_size, first=not blocks and index == 0)))
    return blocks


# -- PDFium ---------------------------------------------------------------------------------

def _read_lines(path: Path) -> list[list[_Line]]:
    """Every page's printed lines, in the content order PDFium reads them."""
    import pypdfium2 as pdfium

    _quiet_pdfium()
    data = read_input_bytes(path)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if getattr(err, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise InputError(f"{path}: the PDF is encrypted (password-protected); open it with the "
                             "password and save or print a copy without protection, then give that copy") from None
        raise InputError(f"{path}: not a readable PDF (damaged or truncated: {_pdfium_reason(err)}); "
                         "export or download it again") from None
    try:
        if len(document) == 0:
            raise InputError(f"{path}: the PDF has no pages")
        pages = []
        for number in range(len(document)):
            page = document[number]
            text_page = page.get_textpage()
            try:
                pages.append(list(_page_lines(text_page.raw, number)))
            finally:
                text_page.close()
                page.close()
        return pages
    finally:
        document.close()


def _quiet_pdfium() -> None:
    """Keep pypdfium2's log records (a circular bookmark, an unsupported feature: the file's
    extras, never its text) off stderr: bad input is reported once, as an InputError."""
    logger = logging.getLogger("pypdfium2")
    if logger.propagate:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _pdfium_reason(err: Exception) -> str:
    """PDFium's own words for a load failure, without the wrapper's sentence around them."""
    found = re.search(r"PDFium: ([^)]*)", str(err))
    return found.group(1).lower() if found else str(err).rstrip(".")


def _page_lines(text_page, page: int) -> Iterator[_Line]:
    """Group one page's characters into lines: a break where PDFium puts one or where the
    text moves down and back to the left (after a line-end hyphen PDFium puts none)."""
    from pypdfium2 import raw

    box = raw.FS_RECTF()
    # (character, left, right, top, bottom, index in PDFium's character list)
    chars: list[tuple[str, float, float, float, float, int]] = []
    hyphen_end = False
    for index in range(raw.FPDFText_CountChars(text_page)):
        code = raw.FPDFText_GetUnicode(text_page, index)
        if code in _LINE_BREAKS:
            if chars:
                yield _line(text_page, chars, page, hyphen_end)
                chars, hyphen_end = [], False
            continue
        if not raw.FPDFText_GetLooseCharBox(text_page, index, ctypes.byref(box)):
            continue
        left, right, top, bottom = box.left, box.right, box.top, box.bottom
        if chars and left < chars[-1][1] and top < chars[-1][4]:
            # Further left and wholly below the last character: a new line without a break mark.
            yield _line(text_page, chars, page, hyphen_end)
            chars, hyphen_end = [], False
        if code == _PDFIUM_HYPHEN:
            chars.append(("-", left, right, top, bottom, index))
            hyphen_end = True
            continue
        hyphen_end = False
        if code == 0x20 and raw.FPDFText_IsGenerated(text_page, index):
            # PDFium infers a space from a gap; _line decides whether that gap is a space.
            chars.append((_INFERRED_SPACE, left, right, top, bottom, index))
            continue
        chars.append((chr(code), left, right, top, bottom, index))
    if chars:
        yield _line(text_page, chars, page, hyphen_end)


def _line(text_page, chars, page: int, hyphen_end: bool) -> _Line:
    from pypdfium2 import raw

    inked = [c for c in chars if not c[0].isspace() and c[0] != _INFERRED_SPACE] or chars
    size = raw.FPDFText_GetFontSize(text_page, inked[len(inked) // 2][5])
    chars = _real_spaces(chars, size)
    if len(inked) > 1 and inked[-1][0] in _HYPHENS and inked[-1][1] - inked[-2][2] < 0.2 * size:
        # A hyphen set close to its word: PDFium may have put a space of its own before it.
        chars = [*chars[:chars.index(inked[-2]) + 1], inked[-1]]
        hyphen_end = True
    text = "".join(c[0] for c in chars)
    start = len(chars) - len(text.lstrip())
    # The height of the line's main script: CJK and Latin fonts sit differently on a baseline.
    wide = [c for c in inked if _WIDE.match(c[0])]
    main = wide if len(wide) * 2 >= len(inked) else [c for c in inked if not _WIDE.match(c[0])]
    return _Line(
        text=text,
        page=page,
        x0=inked[0][1],
        x1=inked[-1][2],
        top=max(c[3] for c in main),
        bottom=min(c[4] for c in main),
        size=size,
        lead_width=_lead_width(chars[start:] or chars),
        hyphen_end=hyphen_end,
    )


def _real_spaces(chars, size: float):
    """Turn PDFium's inferred spaces into spaces only where the gap is one.

    Between Latin letters any gap it saw is a word space. Next to CJK, gaps come from
    justification (letter-spacing) and CJK-Latin autospacing: a gap between two CJK
    characters is a space only when wider than the line's usual gap between them, and one
    between CJK and Latin text is never one.
    """
    if not any(c[0] == _INFERRED_SPACE for c in chars):
        return chars
    def wide(char):
        return bool(_CJK_SPACING.match(char[0]))
    usual = [b[1] - a[2] for a, b in itertools.pairwise(chars) if wide(a) and wide(b)]
    bridged = [b[1] - a[2] for a, s, b in zip(chars, chars[1:], chars[2:])
               if s[0] == _INFERRED_SPACE and wide(a) and wide(b)]
    # A line whose every CJK gap PDFium bridged is letter-spaced evenly: its narrowest gap is usual.
    spread = statistics.median(usual) if usual else min(bridged, default=0.0)
    kept = []
    for index, char in enumerate(chars):
        if char[0] != _INFERRED_SPACE:
            kept.append(char)
            continue
        before = kept[-1] if kept else None
        after = next((c for c in chars[index + 1:] if c[0] != _INFERRED_SPACE), None)
        if before is None or after is None:
            continue
        sides = wide(before), wide(after)
        if sides == (False, False) or (sides == (True, True) and after[1] - before[2] > spread + 0.15 * size):
            kept.append((" ", *char[1:]))
    return kept


def _lead_width(chars) -> float:
    """Width of the line's first word, or of its first CJK character (two if the second may
    not start a line)."""
    if _WIDE.match(chars[0][0]):
        end = 2 if len(chars) > 1 and chars[1][0] in _NO_LINE_START else 1
    else:
        end = next((i for i, c in enumerate(chars) if c[0].isspace() or _WIDE.match(c[0])), len(chars))
    end = max(end, 1)
    return chars[end - 1][2] - chars[0][1]


# -- running headers and footers ------------------------------------------------------------

def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Remove page numbers and lines repeated on most pages, working in from the top and
    the bottom edge of each page and stopping at the first line that is neither.

    So body text that repeats (a formula clause, a table header) is kept: it would have
    to sit at the page edge, or right under a running line, on most pages.
    """
    def edges(page: list[_Line]) -> list[_Line]:
        by_height = sorted(page, key=lambda line: -line.top)
        return by_height[:_RUNNING_ZONE] + by_height[::-1][:_RUNNING_ZONE]

    def key(line: _Line) -> tuple[str, int]:
        # The size too: a title in large type that repeats the running header is kept.
        return re.sub(r"\d+", "#", _SPACES.sub("", line.text)), round(line.size)

    heights: dict[tuple[str, int], list[float]] = {}
    for page in pages:
        for line in {id(line): line for line in edges(page)}.values():
            heights.setdefault(key(line), []).append(line.top)
    needed = max(2, len(pages) // 2 + 1)

    def running(line: _Line) -> bool:
        """A page number, or a line printed at this height on most pages (a title that
        repeats the header's words lower down on page 1 is kept)."""
        if _PAGE_NUMBER.fullmatch(line.text):
            return True
        near = [top for top in heights.get(key(line), ()) if abs(top - line.top) < 0.5 * line.size]
        return len(near) >= needed

    kept = []
    for page in pages:
        by_height = sorted(page, key=lambda line: -line.top)
        dropped = set()
        for side in (by_height, by_height[::-1]):
            for line in side[:_RUNNING_ZONE]:
                if not running(line):
                    break
                dropped.add(id(line))
        kept.append([line for line in page if id(line) not in dropped])
    return kept


# -- paragraphs -----------------------------------------------------------------------------

def _paragraphs(lines: Sequence[_Line]) -> list[list[_Line]]:
    """Split the body lines of the whole document where a paragraph ends."""
    layout = _Layout(
        left=_left_margin(lines),
        right=_right_edge(lines),
        pitch=_line_pitch(lines),
        first_line_indents=False,
    )
    layout = _Layout(layout.left, layout.right, layout.pitch, _first_line_indents(lines, layout))
    paragraphs = [[lines[0]]]
    for before, line in itertools.pairwise(lines):
        if _starts_paragraph(before, line, layout, opened=len(paragraphs[-1]) == 1):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


@dataclass(frozen=True)
class _Layout:
    """What the body text of this document looks like, measured over all its lines."""

    left: float  # the left margin
    right: dict[int, float]  # where full lines end, per page
    pitch: dict[tuple, float]  # from one line of a paragraph to the next, per style
    # Paragraphs open with an indented line and go on at the margin (not hanging lists).
    first_line_indents: bool

    def indented(self, line: _Line) -> bool:
        return line.x0 > self.left + 0.6 * line.size

    def full(self, line: _Line) -> bool:
        return self.right[line.page] - line.x1 < 1.5 * line.size

    def centred(self, line: _Line) -> bool:
        middle = (self.left + self.right[line.page]) / 2
        return not self.full(line) and abs((line.x0 + line.x1) / 2 - middle) < line.size


def _starts_paragraph(before: _Line, line: _Line, layout: _Layout, *, opened: bool) -> bool:
    """Whether ``line`` begins a paragraph; ``opened``: ``before`` was a paragraph's first line."""
    size = max(before.size, line.size)
    if abs(before.size - line.size) > 0.15 * size:
        return True
    if line.page == before.page:
        if abs(line.bottom - before.bottom) < 0.3 * size:
            return False  # the same row, printed in two pieces
        if line.bottom > before.bottom:
            return True  # the text went back up: another column or a float
        if before.bottom - line.bottom > layout.pitch.get(_style(line), before.bottom) + 0.3 * size:
            return True
    if before.hyphen_end:
        return False  # a word or compound goes on
    if layout.indented(line) and not (layout.centred(line) and layout.centred(before)):
        if line.x0 > before.x0 + 0.6 * line.size:
            return True  # a first-line indent
        if layout.first_line_indents and opened and abs(line.x0 - before.x0) < 0.3 * line.size:
            return True  # two opening lines in a row: the paragraph before was one line long
    if _ENDS_CLAUSE.search(before.text) and _OPENS_ITEM.match(line.text):
        return True  # a numbered item or article after a finished clause
    # The line before stopped short although this line's first word would have fitted.
    space = 0 if _WIDE.match(line.text[:1]) or _WIDE.match(before.text.rstrip()[-1:]) else 0.3 * line.size
    room = layout.right[before.page] - before.x1
    return room > line.lead_width + space + 0.1 * line.size


def _first_line_indents(lines: Sequence[_Line], layout: _Layout) -> bool:
    """Whether a full indented line is mostly followed by one at the margin (first-line indents)
    rather than by one at the same indent (hanging or indented blocks)."""
    back, kept = 0, 0
    for above, below in itertools.pairwise(lines):
        if layout.indented(above) and layout.full(above) and not layout.indented(below):
            back += 1
        elif layout.indented(above) and layout.full(above) and abs(below.x0 - above.x0) < 0.3 * below.size:
            kept += 1
    return back > kept


def _style(line: _Line) -> tuple[float, bool]:
    """Lines of one size and script: CJK fonts give taller lines than Latin ones at one size."""
    return round(line.size), len(_WIDE.findall(line.text)) * 2 > len(line.text)


def _line_pitch(lines: Sequence[_Line]) -> dict[tuple, float]:
    """The distance from one line to the next within a paragraph, per style: a low quantile
    of it over consecutive lines of that style (a paragraph break only adds to it)."""
    pitches: dict[tuple, list[float]] = {}
    for above, below in itertools.pairwise(lines):
        if above.page == below.page and below.bottom < above.bottom and _style(above) == _style(below):
            pitches.setdefault(_style(below), []).append(above.bottom - below.bottom)
    return {style: _quantile(values, 0.2) for style, values in pitches.items()}


def _right_edge(lines: Sequence[_Line]) -> dict[int, float]:
    """Where the text column ends on each page (its long lines' right end), for the fit test."""
    overall = _quantile([line.x1 for line in lines], 0.9)
    pages: dict[int, list[float]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line.x1)
    return {page: _quantile(ends, 0.9) if len(ends) >= 8 else overall for page, ends in pages.items()}


def _quantile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


def _left_margin(lines: Sequence[_Line]) -> float:
    """The leftmost x where many lines start (not the commonest: in a law of one-line
    paragraphs with first-line indents, most lines start indented)."""
    starts = Counter(round(line.x0) for line in lines)
    enough = max(2, len(lines) // 20)
    return min((x for x, count in starts.items() if count >= enough), default=min(starts))


def _body_size(lines: Sequence[_Line]) -> float:
    """The font size most characters are printed in."""
    weights: Counter = Counter()
    for line in lines:
        weights[round(line.size, 1)] += len(line.text)
    return weights.most_common(1)[0][0]


def _kind(paragraph: Sequence[_Line], body_size: float, *, first: bool) -> UnitKind | None:
    size = min(line.size for line in paragraph)
    if size >= _TITLE_SIZE * body_size and first:
        return "title"
    if size >= _HEADING_SIZE * body_size:
        return "heading"
    return None


# -- joining lines --------------------------------------------------------------------------

def _join_lines(paragraph: Sequence[_Line], words: Counter) -> str:
    """One paragraph's text: no space where a line ends or starts with CJK (in a Chinese
    paragraph, with the dashes and quotes it shares with Latin too), a space elsewhere."""
    text = _SPACES.sub(" ", paragraph[0].text).strip()
    joined = "".join(line.text for line in paragraph)
    tight = _CJK_SPACING if len(_WIDE.findall(joined)) * 2 > len(joined) else _WIDE
    for before, line in itertools.pairwise(paragraph):
        following = _SPACES.sub(" ", line.text).strip()
        if not following:
            continue
        if before.hyphen_end and text[-1:] in _HYPHENS:
            text = text[:-1] if _splits_word(text[:-1], following, words) else text[:-1] + "-"
            text += following
        elif tight.match(text[-1:]) or tight.match(following[:1]):
            text += following
        else:
            text += " " + following
    return text


def _word_counts(lines: Sequence[_Line]) -> Counter:
    """How often each word and each hyphenated pair occurs within a line: the pieces of a
    word cut at a line end (before a hyphen, or after one on the next line) are not counted."""
    counts: Counter = Counter()
    cut_before = False
    for line in lines:
        inner = line.text.strip()
        if line.hyphen_end:
            inner = re.sub(r"\S*$", "", inner)
        if cut_before:
            inner = re.sub(r"^\S*", "", inner)
        cut_before = line.hyphen_end
        for word in _WORD.findall(inner):
            parts = word.lower().split("-")
            counts.update(parts)
            counts.update(f"{a}-{b}" for a, b in itertools.pairwise(parts))
    return counts


def _splits_word(head: str, tail: str, words: Counter) -> bool:
    """Whether the hyphen between ``head`` (before the line end) and ``tail`` split one word.

    The document decides first: the word written elsewhere solid ("promotion") or with its
    hyphen ("state-owned"). Without that, English word frequencies (imported only then: the
    import takes a few tenths of a second): two real words much rarer written solid than
    either alone are a compound ("state-owned"); anything else is one word cut in two.
    """
    left = re.search(r"[A-Za-z]+$", head)
    right = re.match(r"[A-Za-z]+", tail)
    if not left or not right or (tail[0].isupper() and not left.group().isupper()):
        return False  # a number range, a name ("Sino-US") or not a word: keep the hyphen
    left_part, right_part = left.group().lower(), right.group().lower()
    joined, hyphenated = left_part + right_part, f"{left_part}-{right_part}"
    if words[joined] != words[hyphenated]:
        return words[joined] > words[hyphenated]
    from wordfreq import zipf_frequency

    whole = zipf_frequency(joined, "en", wordlist="small")
    parts = min(zipf_frequency(left_part, "en", wordlist="small"), zipf_frequency(right_part, "en", wordlist="small"))
    return not (parts > 0 and whole < parts - 1.0)
