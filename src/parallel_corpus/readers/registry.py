"""Which reader a file needs, told from its first bytes; the extension is only a hint.

A reader is named in :data:`READERS` as ``"module:function"`` and imported on first
use, so reading a text file never loads python-docx, lxml or a PDF library.
"""

from __future__ import annotations

import codecs
import importlib
import re
import zipfile
from pathlib import Path

from parallel_corpus.files import check_input_file, open_input
from parallel_corpus.readers.base import Block
from parallel_corpus.types import InputError

READERS: dict[str, str] = {
    "text": "parallel_corpus.readers.text:read_text_blocks",
    "docx": "parallel_corpus.readers.docx:read_docx",
    "html": "parallel_corpus.readers.html:read_html",
    "pdf": "parallel_corpus.readers.pdf:read_pdf",
}

_SAVE_AS_DOCX = "save it as .docx (or .txt) and give that file"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office container (.doc, .xls, .ppt)
_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body", "<meta", "<title")
_HEAD_BYTES = 2048
# A BOM, blank space, comments and an XML declaration may come before the first tag.
_LEADING_NOISE = re.compile(r"^(?:\ufeff|\s|<!--.*?-->|<\?xml.*?\?>)*", re.DOTALL)


def read_blocks(path: str | Path) -> tuple[str, list[Block]]:
    """The file's format name and its blocks; InputError for a format we do not read."""
    path = check_input_file(path)
    name = detect_format(path)
    module, function = READERS[name].split(":")
    blocks = getattr(importlib.import_module(module), function)(path)
    if not any(block.text.strip() for block in blocks):
        raise InputError(f"{path}: the {name} file has no text")
    return name, blocks


def detect_format(path: Path) -> str:
    """``text``, ``docx``, ``html`` or ``pdf`` from the file's first bytes (zip: its members)."""
    with open_input(path) as handle:
        head = handle.read(_HEAD_BYTES)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(path)
    if head.lstrip(b" \t\r\n").startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        raise InputError(f"{path}: an RTF file, which we do not read; {_SAVE_AS_DOCX}")
    if head.startswith(_OLE2):
        raise InputError(f"{path}: a legacy Word (.doc) or other old Office file, which we do not read; "
                         f"{_SAVE_AS_DOCX}")
    if _looks_like_html(head, path.suffix.lower()):
        return "html"
    return "text"


def _zip_format(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError):
        raise InputError(f"{path}: a broken zip archive (a corrupt or truncated .docx?); "
                         "save it again from the program that made it") from None
    if "word/document.xml" in names:
        return "docx"
    if b"opendocument" in mimetype or "content.xml" in names:
        raise InputError(f"{path}: an OpenDocument file (.odt), which we do not read; {_SAVE_AS_DOCX}")
    raise InputError(f"{path}: a zip archive that is not a Word document; give a .txt, .docx, "
                     ".html or .pdf document (unpack archives first)")


def _looks_like_html(head: bytes, suffix: str) -> bool:
    """Markup at the start: an HTML tag, or any tag when the name says .html/.htm."""
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        start = head[: len(head) // 2 * 2].decode("utf-16", errors="ignore")
    else:
        start = head.decode("utf-8", errors="ignore")
    start = _LEADING_NOISE.sub("", start).lower()
    if start.startswith(_HTML_STARTS):
        return True
    return suffix in (".html", ".htm", ".xhtml") and start.startswith("<")
