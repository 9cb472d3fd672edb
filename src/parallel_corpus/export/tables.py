"""Plain-text alignment files: ``.align`` beads, TSV for people, JSONL for MT training."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence

from parallel_corpus.cells import quote_formula
from parallel_corpus.messages import quote
from parallel_corpus.types import Alignment, Bead, Flag, InputError

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]

TSV_COLUMNS = ("zh", "en", "score", "flags", "zh_ids", "en_ids")
JSONL_SIGNATURE = "signature"  # the key of the first line of NAME.jsonl, the one line that is not a pair

_ALIGN_LINE = re.compile(r"^\s*\[\s*([0-9,\s]*)\]\s*:\s*\[\s*([0-9,\s]*)\]\s*$")


def _ids(ids: Sequence[int]) -> str:
    return ",".join(str(i) for i in ids)


def format_align(beads: Iterable[Bead | BeadIds]) -> str:
    """The ``.align`` contract: one bead a line, ``[i,j]:[k]``, zh side first."""
    lines = []
    for bead in beads:
        zh, en = (bead.zh, bead.en) if isinstance(bead, Bead) else bead
        lines.append(f"[{_ids(zh)}]:[{_ids(en)}]\n")
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


def format_flags(flags: Iterable[Flag]) -> str:
    """Flags as one cell: ``code: message | code: message``."""
    return " | ".join(f"{flag.code}: {flag.message}" for flag in flags)


def _tsv_cell(text: str) -> str:
    """Quote a cell (RFC 4180 style) only when it holds a tab, quote or line break; mark one a
    spreadsheet would take as a formula (export.cells).

    The csv module leaves a lone carriage return unquoted when rows end in
    ``\n``, and a reader then splits the row there, so quoting is decided here.
    """
    text = quote_formula(text)
    if any(c in text for c in '\t"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def format_tsv(alignment: Alignment) -> str:
    """One row per bead with a header, ``\n`` line ends; a csv-module reader gets every cell back exactly."""
    rows = ["\t".join(TSV_COLUMNS)]
    for bead in alignment.beads:
        zh, en = alignment.pair_texts(bead)
        cells = [zh, en, f"{bead.score:.4f}", format_flags(bead.flags), _ids(bead.zh), _ids(bead.en)]
        rows.append("\t".join(_tsv_cell(c) for c in cells))
    return "".join(row + "\n" for row in rows)


def format_jsonl(alignment: Alignment, *, signature: str | None = None) -> str:
    """One JSON object per bead: text, score, flags and sentence ids (for MT training).

    With ``signature`` (``pipeline.Signature.text()``) the first line is
    ``{"signature": "..."}``, which has no ``zh``/``en``; :func:`jsonl_pairs` skips it.
    """
    lines = [] if signature is None else [signature_line(signature)]
    for bead in alignment.beads:
        zh, en = alignment.pair_texts(bead)
        record = {
            "zh": zh,
            "en": en,
            "score": round(bead.score, 4),
            "flags": [flag.code for flag in bead.flags],
            "notes": [flag.message for flag in bead.flags],
            "zh_ids": list(bead.zh),
            "en_ids": list(bead.en),
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def signature_line(signature: str) -> str:
    """The first line of a JSONL file of pairs: ``{"signature": "..."}``."""
    return json.dumps({JSONL_SIGNATURE: signature}, ensure_ascii=False) + "\n"


def jsonl_pairs(lines: Iterable[str | bytes]) -> Iterator[tuple[int, dict]]:
    """The pair records of ``NAME.jsonl`` lines with their 0-based line numbers, without the signature line."""
    for number, line in enumerate(lines):
        record = json.loads(line)
        if number == 0 and JSONL_SIGNATURE in record and "zh" not in record:
            continue
        yield number, record
