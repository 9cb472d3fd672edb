"""A bilingual concordance: each aligned bead holding a term, cut around the term on both sides.

A terminologist judges a glossary entry by its contexts: does 商标 really come out as
"trademark" in these sentences, and where does the rendering change?
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parallel_corpus.glossary.candidates import en_key
from parallel_corpus.types import Alignment


@dataclass(frozen=True)
class ConcordanceLine:
    """One bead with the term: left context, the term as written, right context, per side.

    ``en_term`` is empty (and ``en_left`` holds the start of the English) when none
    of the English renderings occurs in the bead: exactly the lines worth a look.
    """

    document: str
    bead: int
    zh_left: str
    zh_term: str
    zh_right: str
    en_left: str
    en_term: str
    en_right: str


def _english_pattern(renderings: Sequence[str]) -> re.Pattern | None:
    """Any of the renderings as whole words, case-insensitive, with a regular plural."""
    forms = []
    # The glossary may show a plural ("patents"); its key (en_key) is the singular to match from.
    texts = {t for r in renderings if (t := r.strip())} | {en_key(r.split()) for r in renderings if r.strip()}
    for text in sorted(texts, key=len, reverse=True):
        if text[-1] == "y" and len(text) > 2 and text[-2] not in "aeiou":
            forms.append(re.escape(text[:-1]) + "(?:y|ies)")
        else:
            forms.append(re.escape(text) + "(?:s|es)?")
    if not forms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(forms) + r")(?!\w)", re.IGNORECASE)


def _cut(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    if start > width:
        left = "…" + left
    if len(text) - end > width:
        right += "…"
    return left, text[start:end], right


def concordance(alignments: Sequence[Alignment], zh_term: str, en_renderings: Sequence[str] = (), *,
                zh_width: int = 14, en_width: int = 40, limit: int | None = None) -> list[ConcordanceLine]:
    """Every paired bead whose Chinese side holds ``zh_term`` (first occurrence), in document order.

    ``en_renderings``: the entry's English (preferred rendering and variants); the
    first one found in the bead's English is cut out the same way.
    """
    if not zh_term:
        raise ValueError("zh_term must not be empty")
    pattern = _english_pattern(en_renderings)
    lines: list[ConcordanceLine] = []
    for alignment in alignments:
        for k, bead in enumerate(alignment.beads):
            if bead.is_null:
                continue
            zh, en = alignment.pair_texts(bead)
            at = zh.find(zh_term)
            if at < 0:
                continue
            zh_parts = _cut(zh, at, at + len(zh_term), zh_width)
            match = pattern.search(en) if pattern is not None else None
            if match:
                en_parts = _cut(en, match.start(), match.end(), en_width)
            else:
                en_parts = (en[:2 * en_width] + ("…" if len(en) > 2 * en_width else ""), "", "")
            lines.append(ConcordanceLine(alignment.document.name, k, *zh_parts, *en_parts))
            if limit is not None and len(lines) >= limit:
                return lines
    return lines


def format_concordance(lines: Sequence[ConcordanceLine]) -> str:
    """Plain-text KWIC, one bead a line: zh context [term] context ‖ en context [term] context."""
    out = []
    for line in lines:
        en = (f"{line.en_left}[{line.en_term}]{line.en_right}" if line.en_term
              else f"{line.en_left}  (no rendering found)")
        out.append(f"{line.bead:>4}  {line.zh_left}[{line.zh_term}]{line.zh_right}  ‖  {en}")
    return "\n".join(out)
