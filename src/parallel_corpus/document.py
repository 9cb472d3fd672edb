"""Reading documents: bytes on disk into a :class:`Document` of zh and en paragraphs.

This is the only stage that reads files. A reader per format (:mod:`readers`:
text in any common encoding, Word, HTML, PDF) gives the file's blocks; here
Word field-code leftovers are removed, whitespace is normalised, a bilingual
file is split into its Chinese and English parts by script and titles and
headings are marked, so that later stages see clean paragraphs with structure
whatever format they came in.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parallel_corpus.numbers import _EN_WORD_NUMBER
from parallel_corpus.readers import read_blocks
from parallel_corpus.readers.base import Block
from parallel_corpus.readers.text import read_text
from parallel_corpus.script import detect_script
from parallel_corpus.types import Document, InputError, Lang, Paragraph, UnitKind

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
    kind: UnitKind | None = None  # what the format said (a Word heading style); None: the text rules
    row: int | None = None  # the bilingual table row it came from


def _scan_lines(blocks: Sequence[Block]) -> list[_Line]:
    """Non-empty blocks with field codes removed, each marked with its script."""
    lines: list[_Line] = []
    broken = False  # the previous line ended in a field code
    for block in blocks:
        raw = block.text
        fields = list(_FIELD_CODE.finditer(raw))
        stripped = normalise_space(_FIELD_CODE.sub(_field_replacement, raw))
        starts_with_field = bool(fields) and not raw[: fields[0].start()].strip()
        if stripped:
            lines.append(_Line(stripped, broken or starts_with_field, script_of(stripped),
                               block.kind, block.row))
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


# A file is in halves when each language has one run holding at least this share of its lines.
_HALF_SHARE = 2 / 3


def _keep_islands_in_their_half(lines: list[_Line]) -> None:
    """A line or two in the other script inside one language's half of a bilingual file belong to
    that half: an untranslated "WTO TRIPS" or a URL between Chinese paragraphs is Chinese text,
    and would otherwise join the English title or a sentence it has nothing to do with.

    Only in a file laid out in halves; paragraph-by-paragraph files and table rows keep
    every line's own language.
    """
    if any(line.row is not None for line in lines):
        return
    while True:
        runs = [(lang, len(list(group))) for lang, group in itertools.groupby(line.lang for line in lines)]
        largest = {lang: max(length for run_lang, length in runs if run_lang == lang) for lang, _ in runs}
        total = {lang: sum(length for run_lang, length in runs if run_lang == lang) for lang, _ in runs}
        if any(largest[lang] < _HALF_SHARE * total[lang] for lang in largest):
            return
        start = 0
        for k, (lang, length) in enumerate(runs):
            if (0 < k < len(runs) - 1 and length <= 2 and length < largest[lang]
                    and runs[k - 1][0] == runs[k + 1][0] != lang):
                for line in lines[start:start + length]:
                    line.lang = runs[k - 1][0]
                break
            start += length
        else:
            return


def _join(a: str, b: str, lang: Lang) -> str:
    return a + b if lang == "zh" else f"{a} {b}"


def _ends_sentence(text: str, lang: Lang) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in (_ZH_TERMINAL if lang == "zh" else _EN_TERMINAL)


def _paragraphs(lines: list[_Line], lang: Lang, *, presplit: bool) -> list[Paragraph]:
    """Lines of one language into paragraphs: re-join lines a field code broke, mark structure."""
    texts: list[str] = []
    given: list[UnitKind | None] = []  # the kind the format gave each paragraph
    for line in lines:
        if (not presplit and texts and line.continues and not _ends_sentence(texts[-1], lang)
                and not _is_legal_heading(texts[-1], lang) and not _is_legal_heading(line.text, lang)):
            texts[-1] = _join(texts[-1], line.text, lang)
        else:
            texts.append(line.text)
            given.append(line.kind)
    kinds = _mark_captions(texts, [kind or _kind(text, lang) for text, kind in zip(texts, given)], lang)
    texts, kinds = _mark_title(texts, kinds, lang, merge=not presplit)
    return [Paragraph(normalise_space(t, lang), k) for t, k in zip(texts, kinds)]


def _kind(text: str, lang: Lang) -> UnitKind:
    if len(text) > _MAX_HEADING_CHARS[lang] or _ends_sentence(text, lang):
        return "body"
    pattern = _ZH_HEADING if lang == "zh" else _EN_HEADING
    return "heading" if pattern.match(text) else "body"


def _is_legal_heading(text: str, lang: Lang) -> bool:
    """An article-number line or a division line (chapter, section...) of a law."""
    article, division = (_ZH_ARTICLE, _ZH_DIVISION) if lang == "zh" else (_EN_ARTICLE, _EN_DIVISION)
    return bool(article.fullmatch(text) or division.match(text)) and _kind(text, lang) == "heading"


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
        titles: list[UnitKind] = ["title"] * count
        return texts, titles + kinds[count:]
    title = texts[0]
    for text in texts[1:count]:
        title = _join(title, text, lang)
    return [title, *texts[count:]], ["title", *kinds[count:]]


def _language_name(lang: Lang) -> str:
    return {"zh": "Chinese", "en": "English"}[lang]


def read_document(paths: str | Path | Sequence[str | Path], name: str | None = None, *,
                  presplit: bool = False) -> Document:
    """Read one bilingual file or two monolingual files (either order) into a Document.

    Each file may be text, Word, HTML or PDF, told apart by content. A bilingual
    file may hold the Chinese half first, the English half first, the two
    alternating paragraph by paragraph, or a two-column table: every line goes to
    the language of its script, and the rows of a table become ``anchors``. With
    ``presplit`` each non-empty line stays its own paragraph (no re-joining, no
    title merging), so it can become exactly one sentence.
    """
    files = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    if not files:
        raise InputError("no input file given")
    if len(files) > 2:
        raise InputError(f"expected one bilingual file or two files (one per language), got {len(files)}")
    if name is None:
        name = files[0].name.split(".")[0] or files[0].name
    scanned = [_scan_lines(read_blocks(p)[1]) for p in files]
    by_lang: dict[Lang, list[_Line]] = {"zh": [], "en": []}
    if len(files) == 1:
        _keep_islands_in_their_half(scanned[0])
        for line in scanned[0]:
            if line.lang:  # None only when no line of the file has letters: reported below
                by_lang[line.lang].append(line)
    else:
        for path, lines in zip(files, scanned):
            lang = _majority_language(lines, path)
            if by_lang[lang]:
                raise InputError(f"{files[0]} and {files[1]} are both {_language_name(lang)}; "
                                 "give one Chinese and one English file")
            by_lang[lang] = lines
    for lang in ("zh", "en"):
        if not by_lang[lang]:
            where = " and ".join(str(p) for p in files)
            raise InputError(f"{where}: no {_language_name(lang)} text found; give a bilingual "
                             "document or one file per language")
    zh = tuple(_paragraphs(by_lang["zh"], "zh", presplit=presplit))
    en = tuple(_paragraphs(by_lang["en"], "en", presplit=presplit))
    anchors = _row_anchors(by_lang["zh"], zh, by_lang["en"], en) if len(files) == 1 else ()
    return Document(
        name=name,
        zh=zh,
        en=en,
        source=tuple(str(p) for p in files),
        script=detect_script(p.text for p in zh),
        anchors=anchors,
    )


def _row_anchors(zh_lines: list[_Line], zh: Sequence[Paragraph],
                 en_lines: list[_Line], en: Sequence[Paragraph]) -> tuple[tuple[int, int], ...]:
    """(zh, en) paragraph indices where one bilingual table row starts on both sides, in order."""
    zh_starts, en_starts = _row_starts(zh_lines, zh), _row_starts(en_lines, en)
    anchors: list[tuple[int, int]] = []
    for row in sorted(zh_starts.keys() & en_starts.keys()):
        pair = (zh_starts[row], en_starts[row])
        if not anchors or (pair[0] > anchors[-1][0] and pair[1] > anchors[-1][1]):
            anchors.append(pair)
    return tuple(anchors)


def _row_starts(lines: list[_Line], paragraphs: Sequence[Paragraph]) -> dict[int, int]:
    """For each table row, the paragraph its first line starts.

    Paragraphs are lines joined in order (field-code repairs, a title over several
    lines); a row whose first line went into the paragraph before it starts none.
    Found by following the characters, so it holds whatever joined the lines.
    """
    targets = [_WHITESPACE.sub("", p.text) for p in paragraphs]
    starts: dict[int, int | None] = {}
    index, filled = 0, ""
    for line in lines:
        if index < len(targets) and filled == targets[index]:
            index, filled = index + 1, ""
        key = _WHITESPACE.sub("", line.text)
        if index == len(targets) or not targets[index].startswith(filled + key):
            return {}  # not the lines joined in order: claim no anchor rather than a wrong one
        if line.row is not None and line.row not in starts:
            starts[line.row] = None if filled else index
        filled += key
    return {row: index for row, index in starts.items() if index is not None}


def _majority_language(lines: list[_Line], path: Path) -> Lang:
    """The language of a monolingual file: the script most of its text is written in."""
    size: dict[Lang, int] = {"zh": 0, "en": 0}
    for line in lines:
        if line.lang:
            size[line.lang] += len(line.text) * (3 if line.lang == "zh" else 1)
    if not any(size.values()):
        raise InputError(f"{path}: no Chinese or English text found")
    return max(size, key=lambda lang: size[lang])
