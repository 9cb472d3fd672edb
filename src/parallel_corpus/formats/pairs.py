"""The pairs of an alignment as tables: NAME.tsv for people, NAME.jsonl for MT training.

NAME.tsv has one row per bead (zh, en, score, flags, zh_ids, en_ids); the reader takes
it back after a translator edited it in a spreadsheet (TSV, CSV or semicolon-separated;
rows may be deleted, merged, marked ``keep``/``drop`` in a ``review`` column) and refuses
every malformed edit with the row it is on. NAME.jsonl has one JSON object per bead,
after an optional first line that holds the signature.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from parallel_corpus.cells import quote_formula, unquote_formula
from parallel_corpus.files import open_input
from parallel_corpus.formats.align import format_ids
from parallel_corpus.messages import quote
from parallel_corpus.types import Alignment, Flag, InputError

TSV_COLUMNS = ("zh", "en", "score", "flags", "zh_ids", "en_ids")
JSONL_SIGNATURE = "signature"  # the key of the first line of NAME.jsonl, the one line that is not a pair

REQUIRED_COLUMNS = ("zh", "en", "score", "zh_ids", "en_ids")
REVIEW_COLUMN = "review"
REVIEW_VALUES = ("keep", "drop")
DELIMITERS = ("\t", ",", ";")

_DECIMAL_COMMA = re.compile(r"^\s*\d+,\d+\s*$")


def format_flags(flags: Iterable[Flag]) -> str:
    """Flags as one cell: ``code: message | code: message``."""
    return " | ".join(f"{flag.code}: {flag.message}" for flag in flags)


def _tsv_cell(text: str) -> str:
    """Quote a cell (RFC 4180 style) only when it holds a tab, quote or line break; mark one a
    spreadsheet would take as a formula (see cells.py).

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
        cells = [zh, en, f"{bead.score:.4f}", format_flags(bead.flags), format_ids(bead.zh), format_ids(bead.en)]
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


def jsonl_pairs(lines: Iterable[str | bytes], source: str = "") -> Iterator[tuple[int, dict]]:
    """The pair records of ``NAME.jsonl`` lines with their 0-based line numbers, without the signature line;
    ``source`` names the file in the message about a line that is not a JSON object."""
    for number, line in enumerate(lines):
        try:
            record = json.loads(line)
        except ValueError:  # also undecodable bytes
            record = None
        if not isinstance(record, dict):
            raise InputError("not a JSON object (a truncated or edited file?); write it again",
                             path=source or None, line=number + 1)
        if number == 0 and JSONL_SIGNATURE in record and "zh" not in record:
            continue
        yield number, record


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict]]:
    """:func:`jsonl_pairs` of a NAME.jsonl file, streamed (a batch's documents can be of any size)."""
    with open_input(path, max_bytes=None) as handle:
        yield from jsonl_pairs(handle, str(path))


@dataclass(frozen=True)
class TableRow:
    """One data row of the edited table; ``number`` counts rows as a spreadsheet does (header = 1)."""

    number: int
    zh: str
    en: str
    score: float
    zh_ids: tuple[int, ...]
    en_ids: tuple[int, ...]
    review: str = ""

    @property
    def is_empty(self) -> bool:
        """Both texts cleared: the translator deleted the pair's content."""
        return not self.zh.strip() and not self.en.strip()


def _delimiter(header_line: str, source: str) -> str:
    for delimiter in DELIMITERS:
        names = {name.strip().lower() for name in next(csv.reader([header_line], delimiter=delimiter))}
        if {"zh", "en"} <= names:
            return delimiter
    raise InputError(f"{source}: the first row must be the header ({', '.join(TSV_COLUMNS)}), "
                     "tab- or comma-separated; re-export the table with 'align' or restore the header")


def _id_cell(cell: str, column: str, source: str, row: int) -> tuple[int, ...]:
    parts = [part.strip() for part in cell.replace(";", ",").split(",")]
    if not any(parts):
        return ()
    if not all(part.isdigit() for part in parts):
        raise InputError(f"{column} {quote(cell)} must be sentence numbers separated by commas, like 3,4",
                         path=source, row=row)
    ids = tuple(int(part) for part in parts)
    if len(set(ids)) != len(ids):
        raise InputError(f"{column} {quote(cell)} lists a sentence twice", path=source, row=row)
    return tuple(sorted(ids))


def _score(cell: str, source: str, row: int) -> float:
    text = cell.replace(",", ".") if _DECIMAL_COMMA.match(cell) else cell
    try:
        score = float(text)
    except ValueError:
        score = math.nan
    if not 0.0 <= score <= 1.0:
        raise InputError(f"score {quote(cell)} is not a number between 0 and 1", path=source, row=row)
    return score


def parse_table(text: str, source: str = "table") -> list[TableRow]:
    """Rows of an edited table (TSV, CSV or semicolon-separated; the header decides)."""
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0].rstrip("\r")
    delimiter = _delimiter(first_line, source)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    started = 1  # the line the record being read starts on: where an unclosed quote opened
    try:
        for record in reader:
            records.append([unquote_formula(cell) for cell in record])
            started = reader.line_num + 1
    except csv.Error as err:
        raise InputError(f"broken quoting ({err}); a cell that holds a quote, tab or line break must be "
                         "quoted as a whole", path=source, line=started) from None
    header = [name.strip().lower() for name in records[0]]
    seen = set()
    for name in header:
        if name and name in seen:
            raise InputError(f"{source}: the header names column {quote(name)} twice")
        seen.add(name)
    missing = [name for name in REQUIRED_COLUMNS if name not in seen]
    if missing:
        raise InputError(f"{source}: the header has no {', '.join(repr(m) for m in missing)} column "
                         f"(expected {', '.join(TSV_COLUMNS)}, optionally {REVIEW_COLUMN}); restore it "
                         "or re-export the table with 'align'")
    column = {name: index for index, name in enumerate(header)}
    rows = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < len(header):
            raise InputError(f"{len(cells)} cells but the header has {len(header)}: a cell was removed or a "
                             "line break split the row", path=source, row=number)
        if any(cell.strip() for cell in cells[len(header):]):
            raise InputError(f"{len(cells)} cells but the header has {len(header)}: a stray "
                             f"{'tab' if delimiter == chr(9) else 'separator'} or an unquoted cell",
                             path=source, row=number)
        review = cells[column[REVIEW_COLUMN]].strip().lower() if REVIEW_COLUMN in column else ""
        if review and review not in REVIEW_VALUES:
            raise InputError(f"review must be keep, drop or empty, got {quote(cells[column[REVIEW_COLUMN]])}",
                             path=source, row=number)
        rows.append(TableRow(
            number=number, zh=cells[column["zh"]], en=cells[column["en"]],
            score=_score(cells[column["score"]], source, number),
            zh_ids=_id_cell(cells[column["zh_ids"]], "zh_ids", source, number),
            en_ids=_id_cell(cells[column["en_ids"]], "en_ids", source, number), review=review))
    if not rows:
        raise InputError(f"{source}: the table has a header but no rows")
    _check_unique_ids([row for row in rows if not row.is_empty], source)
    return rows


def _check_unique_ids(rows: Sequence[TableRow], source: str) -> None:
    for lang in ("zh", "en"):
        owner: dict[int, int] = {}
        for row in rows:
            for i in getattr(row, f"{lang}_ids"):
                if i in owner:
                    raise InputError(f"{lang} sentence {i} is also in row {owner[i]}; a sentence belongs in "
                                     "one row (to merge rows, put both texts and both ids in one row and "
                                     "delete the other)", path=source, row=row.number)
                owner[i] = row.number


def read_table(path: str | Path) -> list[TableRow]:
    """Read an edited table from disk (UTF-8 with or without BOM, UTF-16, GB18030 as documents)."""
    from parallel_corpus.document import read_text

    return parse_table(read_text(path), source=str(path))
