"""NAME.align: one bead a line, ``[i,j]:[k]``, 0-based sentence ids, zh side first.

The writer is the contract of ``align``; the readers take our own files and published gold
sets (which may be lenient about coverage and order, see :func:`read_align_file`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from parallel_corpus.files import read_input_bytes
from parallel_corpus.messages import quote
from parallel_corpus.types import Bead, InputError

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]

_ALIGN_LINE = re.compile(r"^\s*\[\s*([0-9,\s]*)\]\s*:\s*\[\s*([0-9,\s]*)\]\s*$")


def format_ids(ids: Sequence[int]) -> str:
    """Sentence ids as one field: ``3,4`` (the .align sides, the TSV id columns, the TMX id props)."""
    return ",".join(str(i) for i in ids)


def format_align(beads: Iterable[Bead | BeadIds]) -> str:
    """The ``.align`` contract: one bead a line, ``[i,j]:[k]``, zh side first."""
    lines = []
    for bead in beads:
        zh, en = (bead.zh, bead.en) if isinstance(bead, Bead) else bead
        lines.append(f"[{format_ids(zh)}]:[{format_ids(en)}]\n")
    return "".join(lines)


def _parse_ids(field: str) -> tuple[int, ...]:
    return tuple(int(x) for x in field.replace(" ", "").split(",") if x)


def parse_align(text: str, source: str = "") -> list[BeadIds]:
    """Read ``.align`` text into (zh ids, en ids) pairs.

    Blank lines are skipped. Coverage is not checked here: published gold sets
    (Text+Berg) have duplicated or missing ids, and scoring must tolerate them.
    """
    return [bead for _, bead in parse_align_lines(text, source)]


def parse_align_lines(text: str, source: str = "") -> list[tuple[int, BeadIds]]:
    """:func:`parse_align`, each bead with its line number (for messages that point at it)."""
    path = source or None
    beads: list[tuple[int, BeadIds]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _ALIGN_LINE.match(line)
        if not match:
            raise InputError(f"not an alignment bead like [0,1]:[2]: {quote(line, 40)}", path=path, line=number)
        try:
            zh, en = _parse_ids(match.group(1)), _parse_ids(match.group(2))
        except ValueError:
            raise InputError("ids must be whole numbers separated by commas", path=path, line=number) from None
        if not zh and not en:
            raise InputError("a bead needs at least one sentence id, got []:[]", path=path, line=number)
        beads.append((number, (zh, en)))
    return beads


def read_align_file(path: str | Path, *, lenient: bool = False) -> list[BeadIds]:
    """Read a ``.align`` file; InputError names the file and line of anything malformed or impossible.

    Beads must be monotone (see :func:`check_monotone`) unless ``lenient``, for published
    gold sets that are not (Text+Berg has crossings and a sentence in two beads).
    """
    path = Path(path)
    try:
        text = read_input_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file of beads like [0,1]:[2]", path=path) from None
    numbered = parse_align_lines(text, source=str(path))
    if not numbered:
        raise InputError("no beads found (the file is empty)", path=path)
    check_ids(numbered, str(path))
    if not lenient:
        check_monotone(numbered, str(path))
    return [bead for _, bead in numbered]


# No document has ten million sentences: a larger id is a typo or a file of something else.
MAX_SENTENCE_ID = 10_000_000


def check_ids(numbered: Sequence[tuple[int, BeadIds]], source: str) -> None:
    """Refuse ids no document can have, and a sentence listed twice in one bead."""
    for number, bead in numbered:
        for lang, ids in zip(("zh", "en"), bead):
            if any(i >= MAX_SENTENCE_ID for i in ids):
                raise InputError(f"{lang} sentence id {max(ids)} is not plausible (at most "
                                 f"{MAX_SENTENCE_ID - 1}); is this an alignment file?", path=source, line=number)
            if len(set(ids)) != len(ids):
                raise InputError(f"the bead lists one {lang} sentence twice", path=source, line=number)


def check_monotone(numbered: Sequence[tuple[int, BeadIds]], source: str) -> None:
    """Each sentence in at most one bead, a bead's sentences consecutive, beads in document order.

    Sentences in no bead are allowed (gold sets leave some out); anything else
    cannot come from one reading of two documents, and scores of it mislead.
    """
    for side, lang in enumerate(("zh", "en")):
        owner: dict[int, int] = {}
        last, last_line = -1, 0
        for number, bead in numbered:
            ids = bead[side]
            for i in ids:
                if i in owner:
                    raise InputError(f"{lang} sentence {i} is also in the bead of line {owner[i]}; a sentence "
                                     "belongs in one bead (published gold sets with such beads: evaluate "
                                     "them leniently)", path=source, line=number)
                owner[i] = number
            if not ids:
                continue
            if list(ids) != list(range(ids[0], ids[0] + len(ids))):
                raise InputError(f"the {lang} sentences of a bead must be consecutive, got "
                                 f"{','.join(map(str, ids))}", path=source, line=number)
            if ids[0] <= last:
                raise InputError(f"beads out of order: {lang} sentence {ids[0]} comes after sentence {last} "
                                 f"(line {last_line}); beads follow the document", path=source, line=number)
            last, last_line = ids[-1], number
