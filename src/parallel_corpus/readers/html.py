"""HTML: the page's readable text as paragraphs, its title and h1–h6 as structure.

Block elements (p, div, li, td …) and line breaks end a paragraph; the <title>
stands for a missing <h1>; scripts,
styles, navigation and page-level headers, footers and sidebars are dropped, so
only the text a reader of the page would align remains. A two-column table with
a Chinese and an English column gives paragraph pairs, as in Word.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from parallel_corpus.files import read_input_bytes
from parallel_corpus.readers.base import Block
from parallel_corpus.readers.tables import is_bilingual
from parallel_corpus.readers.text import decode_bytes
from parallel_corpus.types import InputError, UnitKind

_DROPPED = {"head", "script", "style", "noscript", "template", "nav", "aside", "svg", "math", "iframe",
            "object", "button", "select", "textarea", "form"}
# Dropped when they belong to the page, kept when they head or close an article or section.
_PAGE_FRAME = {"header", "footer"}
_CONTENT = {"article", "main", "section"}
_BLOCKS = {"address", "article", "blockquote", "caption", "dd", "details", "dialog", "div", "dl", "dt",
           "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer",
           "hgroup", "hr", "legend", "li", "main", "ol", "p", "pre", "section", "summary", "table",
           "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body", "center"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# lxml refuses a str that still declares an encoding; the text is already decoded.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def read_html(path: Path) -> list[Block]:
    """The blocks of an HTML page: title, headings and paragraphs in reading order."""
    import lxml.etree
    import lxml.html

    text = _XML_DECLARATION.sub("", _decode(read_input_bytes(path), path))
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        raise InputError(f"{path}: the HTML page has no text") from None
    walker = _Walker()
    body = root.find("body")
    walker.visit(body if body is not None else root)
    walker.flush()
    title = " ".join((root.findtext(".//title") or "").split())
    return _with_title(title, walker.blocks, has_h1=root.find(".//h1") is not None)


def _decode(data: bytes, path: Path) -> str:
    """The charset the page declares when Python knows it, else the text files' detection."""
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(codecs.lookup(declared.group(1).decode("ascii")).name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, path)


def _with_title(title: str, blocks: list[Block], has_h1: bool) -> list[Block]:
    """The <title> first when the page has no <h1>; else the page's own headings carry it.

    A <title> often adds the site's name or joins both languages, so it only
    stands in for a heading that is missing.
    """
    return blocks if has_h1 or not title else [Block(title, "title"), *blocks]


class _Walker:
    """Collects inline text into the current paragraph; a block element or <br> closes it."""

    def __init__(self):
        self.blocks: list[Block] = []
        self.pending: list[str] = []
        self.kind: UnitKind | None = None
        self.row: int | None = None
        self.rows = 0

    def flush(self) -> None:
        text = "".join(self.pending)
        self.pending = []
        if text.strip():
            self.blocks.append(Block(text, self.kind, self.row))

    def visit(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else None  # None: a comment
        if tag is None or not self._dropped(element, tag):
            if tag == "br":
                self.flush()
            elif tag == "table" and self._bilingual_table(element):
                pass
            elif tag in _BLOCKS:
                self.flush()
                outer = self.kind
                self.kind = "heading" if tag in _HEADINGS else outer
                self._inside(element)
                self.flush()
                self.kind = outer
            elif tag is not None:
                self._inside(element)
        self.pending.append(element.tail or "")

    def _inside(self, element) -> None:
        self.pending.append(element.text or "")
        for child in element:
            self.visit(child)

    def _dropped(self, element, tag: str) -> bool:
        if tag in _DROPPED or element.get("hidden") is not None:
            return True
        return tag in _PAGE_FRAME and not any(a.tag in _CONTENT for a in element.iterancestors())

    def _bilingual_table(self, table) -> bool:
        """Reads the table as paragraph pairs and says True when it is a bilingual one."""
        rows = [[cell for cell in tr if cell.tag in ("td", "th")]
                for tr in table.iter("tr") if next(tr.iterancestors("table")) is table]
        if not is_bilingual([[cell.text_content() for cell in cells] for cells in rows]):
            return False
        self.flush()
        for cells in rows:
            self.rows += 1
            self.row = self.rows if len(cells) == 2 else None  # a caption across the table pairs with nothing
            for cell in cells:
                self.visit(cell)
            self.row = None
        return True
