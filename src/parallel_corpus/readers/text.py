"""Plain text: bytes into characters (BOM, UTF-8, then charset detection), one block a line."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from parallel_corpus.files import read_input_bytes
from parallel_corpus.readers.base import Block
from parallel_corpus.types import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text(path: str | Path) -> str:
    """Decode one file: BOM first, then strict UTF-8, then charset detection (GB18030, UTF-16...).

    Raises InputError for a missing, empty, unreadable or binary file rather than
    guessing, so a wrong file never turns into garbage sentences.
    """
    path = Path(path)
    data = read_input_bytes(path)
    text = decode_bytes(data, path) if data else ""
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    if _looks_binary(text):
        raise InputError(f"{path}: looks like a binary file, not text; give a .txt, .docx, .html "
                         "or .pdf document")
    return text


def read_text_blocks(path: Path) -> list[Block]:
    """Every line with any character on it, as written: the text rules decide its kind.

    Lines are kept raw (not yet normalised) because a Word field code at a line's
    edge tells the document reader that the line continues the one before.
    """
    return [Block(line) for line in read_text(path).splitlines() if line.strip()]


def decode_bytes(data: bytes, path: Path) -> str:
    """The characters of ``data``; InputError when no encoding fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{path}: starts with a {encoding} byte-order mark but does not "
                                 "decode as such; re-save it as UTF-8") from None
    if b"\x00" not in data:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{path}: cannot tell the text encoding (undecodable or binary bytes); "
                         "give UTF-8 text or a .docx, .html or .pdf document")
    return str(best)


def _looks_binary(text: str) -> bool:
    """Control characters other than line and tab breaks do not occur in real documents."""
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    return controls > max(2, len(text) // 1000)
