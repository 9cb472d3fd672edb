"""What every format reader returns: the file's text as blocks in reading order."""

from __future__ import annotations

from dataclasses import dataclass

from parallel_corpus.types import UnitKind


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of a file, before it is assigned a language.

    ``kind`` is what the format itself says (a Word heading style, an HTML ``<h2>``);
    None leaves it to the text rules that plain text gets. Blocks with the same
    ``row`` come from one row of a bilingual table: they translate each other.
    """

    text: str
    kind: UnitKind | None = None
    row: int | None = None
