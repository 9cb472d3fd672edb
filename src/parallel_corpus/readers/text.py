"""Plain text: bytes into characters (BOM, UTF-8, then charset detection), one block a line."""

from __future__ import annotations

import codecs
import re
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

# Characters Chinese text is not written with. It is: ASCII, ideographs, CJK and full-width
# punctuation, and the symbols GB and Big5 texts use (° × · § ℃ Ⅳ ① ■ ★ ≤); not kana,
# Hangul, private-use or small/vertical forms, which a wrong code page decodes into.
_NOT_CHINESE_TEXT_CHAR = re.compile(r"[^\t\n\r\f\v\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u27bf"
                                    r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uff60\uffe0-\uffef]")
_MOSTLY_CHINESE = 0.95  # least share of Chinese-text characters for a GB18030 reading to count
# Japanese and Korean code pages: outside this tool's languages, so they never win a tie.
_FOREIGN_CJK_ENCODINGS = frozenset({"cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp",
                                    "euc_jis_2004", "euc_jisx0213", "iso2022_jp", "cp949", "euc_kr",
                                    "johab", "iso2022_kr"})


def read_text(path: str | Path) -> str:
    """Decode one file: BOM first, then strict UTF-8, then GB18030 or charset detection (UTF-16, Big5...).

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
    detected = None if best is None else str(best)
    rival = None if best is None or best.encoding in _FOREIGN_CJK_ENCODINGS else detected
    gb18030 = _gb18030_reading(data, rival)
    if gb18030 is not None:
        return gb18030
    if detected is None:
        raise InputError(f"{path}: cannot tell the text encoding (undecodable or binary bytes); "
                         "give UTF-8 text or a .docx, .html or .pdf document")
    return detected


def _gb18030_reading(data: bytes, rival: str | None) -> str | None:
    """``data`` as GB18030 when that reads as Chinese text and the ``rival`` reading less so.

    Charset detection needs more text than a heading or two: it takes a short GBK
    file for Korean, Japanese or Big5 and returns garbage without an error. Chinese
    files are this tool's input, so a clean GB18030 reading that is mostly Chinese
    characters wins, unless the detected reading (a Big5 file, a cp1252 English
    one; never a Japanese or Korean one) is at least as plainly text.
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    share = _chinese_text_share(text)
    if share < _MOSTLY_CHINESE or (rival is not None and _chinese_text_share(rival) >= share):
        return None
    return text


def _chinese_text_share(text: str) -> float:
    return 1 - sum(1 for _ in _NOT_CHINESE_TEXT_CHAR.finditer(text)) / max(1, len(text))


def _looks_binary(text: str) -> bool:
    """Control characters other than line and tab breaks do not occur in real documents."""
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    return controls > max(2, len(text) // 1000)
