"""Reading documents: bytes on disk into a :class:`Document` of zh and en paragraphs.

This is the only stage that reads files. It decodes (UTF-8 with or without BOM,
UTF-16, GB18030/GBK), removes Word field-code leftovers, normalises whitespace,
splits a bilingual file into its Chinese and English parts by script and marks
titles and headings, so that later stages see clean paragraphs with structure.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parallel_corpus.files import read_input_bytes
from parallel_corpus.numbers import _EN_WORD_NUMBER
from parallel_corpus.script import detect_script
from parallel_corpus.types import Document, InputError, Lang, Paragraph, UnitKind

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A Word field code left in plain text when a .doc is saved as .txt, e.g.
#  HYPERLINK "http://example.org/x.html" \t "_blank" ; the field's display text follows it.
_FIELD_CODE = re.compile(
    r'[ \t\u3000]*\b(?:HYPERLINK(?:[ \t\u3000]+(?:"[^"\n]*"|\\[a-z](?:[ \t\u3000]+"[^"\n]*")?))+'
    r'|PAGEREF[ \t\u3000]+_\w+(?:[ \t\u3000]+\\[a-z])*)[ \t\u3000]*'
)
# Characters from the CJK blocks on: no space is written next to them in Chinese.
_WIDE = re.compile(r"[\u2e80-\U0003ffff]")

# Zero-width characters that carry no text (a BOM in the middle of a file, ZWSP, ZWNBSP).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_WHITESPACE = re.compile(r"\s+")
# In Chinese text a space after full-width sentence punctuation or a closing mark is
# layout, not content; removing it lets sentences join back with ''.
_ZH_SPACE_AFTER_PUNCT = re.compile(r"(?<=[。！？；;…⋯”’」』）)》】〕〉]) +")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

_ZH_TERMINAL = "。！？!?…；;：:"
_EN_TERMINAL = ".!?;:…"
_CLOSERS = "”’」』）》】〕\"')]"

# Legal numbering: Chinese numerals or digits, spaced or not (第 一 章, 第1條, 第 5-1 條).
_ZH_NUMERAL = r"[一二三四五六七八九十百千零〇\d]+"
# An article-number line, nothing else on it: 第 1 條, 第一条, 第四十八條之九, 第 5-1 條.
_ZH_ARTICLE = re.compile(rf"第\s*{_ZH_NUMERAL}(?:\s*-\s*\d+)?\s*[條条](?:\s*之\s*{_ZH_NUMERAL})?")
# A division of a law, its own title may follow: 第 一 編 總則, 第一章总则, 第 二 節 審查; 款 and
# 目 (also words of running text: 第一款規定) only when a space or the line's end follows.
_ZH_DIVISION = re.compile(rf"第\s*{_ZH_NUMERAL}\s*(?:[編编章節节篇]|部分|[款目](?=\s|$))")
_ZH_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百零〇]+[、．.]"
    r"|[（(][一二三四五六七八九十百零〇]+[）)]"
    rf"|{_ZH_DIVISION.pattern}|{_ZH_ARTICLE.pattern}(?![^\s（(]))"
)
# An article-number line: Article 12, Article 48-9, Article IV, Art. 5.
_EN_ARTICLE = re.compile(r"(?i:Article|Art\.)\s+(?:\d+(?:-\d+)?|[IVXLC]+)")
# A division of a law or report, its title may follow: Chapter II, Chapter Two - ..., Section 1.
_EN_DIVISION = re.compile(r"(?i:Chapter|Part|Section|Subsection|Division)\s+"
                          rf"(?:[\dIVXLC]+\b|(?i:{_EN_WORD_NUMBER.pattern}))")
_EN_HEADING = re.compile(
    rf"^(?:{_EN_DIVISION.pattern}|{_EN_ARTICLE.pattern}\b"
    r"|[IVXLC]+\.\s+\S"
    r"|\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z])"
)
_MAX_HEADING_CHARS = {"zh": 50, "en": 160}


def read_text(path: str | Path) -> str:
    """Decode one file: BOM first, then strict UTF-8, then charset detection (GB18030, UTF-16...).

    Raises InputError for a missing, empty, unreadable or binary file rather than
    guessing, so a wrong file never turns into garbage sentences.
    """
    path = Path(path)
    data = read_input_bytes(path)
    text = _decode(data, path) if data else ""
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    if _looks_binary(text):
        raise InputError(f"{path}: looks like a binary file, not text; give a plain-text document "
                         "(save Word files as .txt)")
    return text


def _decode(data: bytes, path: Path) -> str:
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
                         "re-save it as UTF-8")
    return str(best)


def _looks_binary(text: str) -> bool:
    """Control characters other than line and tab breaks do not occur in real documents."""
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    return controls > max(2, len(text) // 1000)


def read_lines(path: str | Path) -> list[str]:
    """Non-empty lines of a presplit or gold file, whitespace-normalised (same decoding as documents)."""
    lines = [normalise_space(line) for line in read_text(path).splitlines()]
    return [line for line in lines if line]


def normalise_space(text: str, lang: Lang | None = None) -> str:
    """Strip, drop zero-width characters and collapse any whitespace run to one space.

    For Chinese, spaces after sentence punctuation and closing marks go too.
    """
    text = _WHITESPACE.sub(" ", text.translate(_INVISIBLE)).strip()
    if lang == "zh":
        text = _ZH_SPACE_AFTER_PUNCT.sub("", text)
    return text


def script_of(text: str) -> Lang | None:
    """'zh' or 'en' by the letters a text is written in; None when it has neither (numbers only)."""
    han = len(_HAN.findall(text))
    latin = len(_LATIN.findall(text))
    if han == 0 and latin == 0:
        return None
    # One Han character carries about as much text as three Latin letters.
    return "zh" if han * 3 >= latin else "en"


@dataclass
class _Line:
    """One non-empty line of a file with what reading it found out."""

    text: str
    continues: bool  # a field code broke the text here: this line continues the one before
    lang: Lang | None


def _scan_lines(text: str) -> list[_Line]:
    """Non-empty lines with field codes removed, each marked with its script."""
    lines: list[_Line] = []
    broken = False  # the previous line ended in a field code
    for raw in text.splitlines():
        fields = list(_FIELD_CODE.finditer(raw))
        stripped = normalise_space(_FIELD_CODE.sub(_field_replacement, raw))
        starts_with_field = bool(fields) and not raw[: fields[0].start()].strip()
        if stripped:
            lines.append(_Line(stripped, broken or starts_with_field, script_of(stripped)))
            broken = bool(fields) and not raw[fields[-1].end():].strip()
        else:
            broken = broken or bool(fields)
    _inherit_language(lines)
    return lines


def _field_replacement(match: re.Match) -> str:
    """Nothing between Chinese characters, one space between words."""
    text, start, end = match.string, match.start(), match.end()
    left = text[start - 1] if start else ""
    right = text[end] if end < len(text) else ""
    return "" if _WIDE.match(left) or _WIDE.match(right) else " "


def _inherit_language(lines: list[_Line]) -> None:
    """Lines without letters (a lone year, a rule line) belong with the line before them."""
    previous: Lang | None = next((line.lang for line in lines if line.lang), None)
    for line in lines:
        if line.lang is None:
            line.lang = previous
        previous = line.lang


def _join(a: str, b: str, lang: Lang) -> str:
    return a + b if lang == "zh" else f"{a} {b}"


def _ends_sentence(text: str, lang: Lang) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in (_ZH_TERMINAL if lang == "zh" else _EN_TERMINAL)


def _paragraphs(lines: list[_Line], lang: Lang, *, presplit: bool) -> list[Paragraph]:
    """Lines of one language into paragraphs: re-join lines a field code broke, mark structure."""
    texts: list[str] = []
    for line in lines:
        if (not presplit and texts and line.continues and not _ends_sentence(texts[-1], lang)
                and not _is_legal_heading(texts[-1], lang) and not _is_legal_heading(line.text, lang)):
            texts[-1] = _join(texts[-1], line.text, lang)
        else:
            texts.append(line.text)
    kinds = _mark_captions(texts, [_kind(text, lang) for text in texts], lang)
    texts, kinds = _mark_title(texts, kinds, lang, merge=not presplit)
    return [Paragraph(normalise_space(t, lang), k) for t, k in zip(texts, kinds)]


def _kind(text: str, lang: Lang) -> UnitKind:
    if len(text) > _MAX_HEADING_CHARS[lang] or _ends_sentence(text, lang):
        return "body"
    pattern = _ZH_HEADING if lang == "zh" else _EN_HEADING
    return "heading" if pattern.match(text) else "body"


def _is_legal_heading(text: str, lang: Lang) -> bool:
    """An article-number line or a division line (chapter, section...) of a law."""
    if lang == "zh":
        return bool(_ZH_ARTICLE.fullmatch(text) or _ZH_DIVISION.match(text)) and _kind(text, lang) == "heading"
    return bool(_EN_ARTICLE.fullmatch(text) or _EN_DIVISION.match(text)) and _kind(text, lang) == "heading"


def _mark_captions(texts: list[str], kinds: list[UnitKind], lang: Lang) -> list[UnitKind]:
    """Mark an article's caption line as a heading: "Article 1" / "Purpose of this Act" / body.

    A caption is a short unpunctuated line between an article-number line and the
    article's body. Some translations caption every article where the original has
    none, so a caption is believed only where the document does it for at least half
    its articles: one unpunctuated body line after an article number is not a style.
    """
    article = _ZH_ARTICLE if lang == "zh" else _EN_ARTICLE
    numbers = [i for i, text in enumerate(texts) if article.fullmatch(text)]
    captions = [i + 1 for i in numbers
                if i + 2 < len(texts) and kinds[i + 1] == "body"
                and len(texts[i + 1]) <= _MAX_HEADING_CHARS[lang] and not _ends_sentence(texts[i + 1], lang)
                and not _is_legal_heading(texts[i + 2], lang)]
    if not captions or 2 * len(captions) < len(numbers):
        return kinds
    marked = list(kinds)
    for i in captions:
        marked[i] = "heading"
    return marked


def _mark_title(texts: list[str], kinds: list[UnitKind], lang: Lang,
                *, merge: bool) -> tuple[list[str], list[UnitKind]]:
    """The short unpunctuated lines before the first heading or body text form the title.

    A title broken over several lines (as the English one of the sample report is)
    becomes one unit when ``merge``, so it aligns with its one-line translation.
    """
    count = 0
    while (count < len(texts) and kinds[count] == "body"
           and len(texts[count]) <= _MAX_HEADING_CHARS[lang] and not _ends_sentence(texts[count], lang)):
        count += 1
    if count == 0 or count == len(texts):
        return texts, kinds
    if not merge:
        return texts, ["title"] * count + kinds[count:]
    title = texts[0]
    for text in texts[1:count]:
        title = _join(title, text, lang)
    return [title, *texts[count:]], ["title", *kinds[count:]]


def _language_name(lang: Lang) -> str:
    return {"zh": "Chinese", "en": "English"}[lang]


def read_document(paths: Sequence[str | Path], name: str | None = None, *,
                  presplit: bool = False) -> Document:
    """Read one bilingual file or two monolingual files (either order) into a Document.

    A bilingual file may hold the Chinese half first, the English half first, or the
    two alternating paragraph by paragraph: every line goes to the language of its
    script. With ``presplit`` each non-empty line stays its own paragraph (no
    re-joining, no title merging), so it can become exactly one sentence.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if not paths:
        raise InputError("no input file given")
    if len(paths) > 2:
        raise InputError(f"expected one bilingual file or two files (one per language), got {len(paths)}")
    if name is None:
        name = paths[0].name.split(".")[0] or paths[0].name
    scanned = [_scan_lines(read_text(p)) for p in paths]
    by_lang: dict[Lang, list[_Line]] = {"zh": [], "en": []}
    if len(paths) == 1:
        for line in scanned[0]:
            if line.lang:  # None only when no line of the file has letters: reported below
                by_lang[line.lang].append(line)
    else:
        for path, lines in zip(paths, scanned):
            lang = _majority_language(lines, path)
            if by_lang[lang]:
                raise InputError(f"{paths[0]} and {paths[1]} are both {_language_name(lang)}; "
                                 "give one Chinese and one English file")
            by_lang[lang] = lines
    for lang in ("zh", "en"):
        if not by_lang[lang]:
            where = " and ".join(str(p) for p in paths)
            raise InputError(f"{where}: no {_language_name(lang)} text found; give a bilingual "
                             "document or one file per language")
    zh = tuple(_paragraphs(by_lang["zh"], "zh", presplit=presplit))
    return Document(
        name=name,
        zh=zh,
        en=tuple(_paragraphs(by_lang["en"], "en", presplit=presplit)),
        source=tuple(str(p) for p in paths),
        script=detect_script(p.text for p in zh),
    )


def _majority_language(lines: list[_Line], path: Path) -> Lang:
    """The language of a monolingual file: the script most of its text is written in."""
    size = {"zh": 0, "en": 0}
    for line in lines:
        if line.lang:
            size[line.lang] += len(line.text) * (3 if line.lang == "zh" else 1)
    if not any(size.values()):
        raise InputError(f"{path}: no Chinese or English text found")
    return max(size, key=size.get)
