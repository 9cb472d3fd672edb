"""Plain data passed between pipeline stages.

Every stage (read, segment, embed, align, check, export) takes and returns
these objects, so each can be used alone from Python or a notebook and the CLI
stays a thin layer on top.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Literal

from parallel_corpus.script import ZhScript

Lang = Literal["zh", "en"]
UnitKind = Literal["title", "heading", "body"]

# Language codes the outputs (TMX, TBX, CAT-tool columns) carry unless the user gives
# others: the Chinese side's by the script it is written in, and the English side's.
ZH_CODES: dict[ZhScript, str] = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
EN_CODE = "en-US"
# A BCP 47 tag as TMX and TBX write it in xml:lang: a language, then subtags (zh, zh-TW, zh-Hant-TW, en-GB).
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def check_language_code(code: str, parameter: str) -> str:
    """``code`` if it is a language tag (zh-CN, en-GB); else InputError naming ``parameter``."""
    if not _LANGUAGE_CODE.fullmatch(code):
        raise InputError(f"{parameter} must be a language code such as zh-CN, zh-TW or en-US, got {code!r}")
    return code


class InputError(Exception):
    """Bad input from the user: the CLI prints the message on one line and exits 2.

    ``path`` names the file at fault and ``line`` (with ``column``) or ``row`` (a table's
    record, as a spreadsheet numbers it) the place in it; the message then says only what
    is wrong and what to do, and ``str`` puts the place first, the same way for every
    file: ``doc.tmx: line 12, column 3: what, what to do``.
    """

    def __init__(self, message: str, *, path: str | os.PathLike | None = None, line: int | None = None,
                 column: int | None = None, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.column = column
        self.row = row

    def __str__(self) -> str:
        place = [] if self.path is None else [self.path]
        if self.line is not None:
            place.append(f"line {self.line}" + ("" if self.column is None else f", column {self.column}"))
        if self.row is not None:
            place.append(f"row {self.row}")
        return ": ".join([*place, self.message])


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (or heading, or title) of one language version of a document."""

    text: str
    kind: UnitKind = "body"


@dataclass(frozen=True)
class Document:
    """A bilingual document as read from disk, before sentence splitting.

    ``script`` is the variety the Chinese is written in; the text itself is kept as read.
    ``anchors`` are (zh, en) paragraph indices known to start together (the rows of a
    bilingual table), increasing on both sides.
    """

    name: str
    zh: tuple[Paragraph, ...]
    en: tuple[Paragraph, ...]
    source: tuple[str, ...] = ()
    script: ZhScript = "zh-Hans"
    anchors: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Sentence:
    """One sentence with the structure it came from.

    ``paragraph`` is the index of its paragraph in the language version, so the
    aligner can use paragraph breaks and headings as evidence.
    """

    text: str
    paragraph: int = 0
    kind: UnitKind = "body"


@dataclass(frozen=True)
class SegmentedDocument:
    """A document split into sentences, one list per language.

    ``anchors`` are (zh, en) sentence indices known to start together: no bead crosses them.
    """

    name: str
    zh: tuple[Sentence, ...]
    en: tuple[Sentence, ...]
    script: ZhScript = "zh-Hans"
    anchors: tuple[tuple[int, int], ...] = ()

    def texts(self, lang: Lang) -> list[str]:
        return [s.text for s in getattr(self, lang)]

    def views(self, lang: Lang) -> list[str]:
        """The texts that models read: Traditional Chinese through its Simplified view.

        A view has as many characters as its text, so spans carry over; outputs use ``texts``.
        """
        texts = self.texts(lang)
        if lang == "zh" and self.script == "zh-Hant":
            from parallel_corpus.script import simplified_view

            return [simplified_view(t) for t in texts]
        return texts


@dataclass(frozen=True)
class Flag:
    """A QA finding on one bead: a short machine code plus a message for humans."""

    code: str
    message: str


# The largest bead the search takes (a + b sentences): it keeps each cell's bead type in an
# int8, and 2..16 gives at most 122 types; larger beads are no translation units anyway.
LARGEST_MAX_ALIGN = 16


@dataclass(frozen=True)
class Bead:
    """Consecutive zh sentences paired with consecutive en sentences.

    ``zh``/``en`` hold 0-based sentence indices; one side may be empty (a null
    bead). ``score`` is in [0, 1]: the aligner's confidence that the pair is a
    correct translation unit.
    """

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 1.0
    flags: tuple[Flag, ...] = ()

    @property
    def is_null(self) -> bool:
        return not self.zh or not self.en


@dataclass(frozen=True)
class Alignment:
    """An aligned document: beads in document order covering every sentence once."""

    document: SegmentedDocument
    beads: tuple[Bead, ...]
    encoder: str = ""

    def pair_texts(self, bead: Bead, sep_zh: str = "", sep_en: str = " ") -> tuple[str, str]:
        """The zh and en text of a bead, sentences joined as they would read."""
        zh = sep_zh.join(self.document.zh[i].text for i in bead.zh)
        en = sep_en.join(self.document.en[i].text for i in bead.en)
        return zh, en
