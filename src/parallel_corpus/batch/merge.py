"""One translation memory over all documents of a batch: corpus.jsonl and corpus.tmx.

Pairs are read back from each document's ``NAME.jsonl`` (the same beads as its
TMX). Exact duplicates (same zh and en text) are kept once, with the best score
(the first such occurrence in manifest order) and the number of occurrences.
Deduplication keys live in a temporary SQLite table, not in memory, so merging
stays flat in memory however large the archive is; a second pass writes the
kept pairs in manifest order. corpus.tmx is then streamed from corpus.jsonl one
unit at a time (formats.tmx's ``write_units``), so it is never held in memory either.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from parallel_corpus.atomic import open_atomic_files
from parallel_corpus.batch.chunk import DOCUMENTS_DIR
from parallel_corpus.formats.pairs import jsonl_pairs, read_jsonl, signature_line
from parallel_corpus.formats.tmx import TranslationUnit, write_units
from parallel_corpus.pipeline import AlignOptions, zh_language_code
from parallel_corpus.script import detect_script

CORPUS_JSONL = "corpus.jsonl"
CORPUS_TMX = "corpus.tmx"


@dataclass(frozen=True)
class MergedPair:
    """A kept pair: its record from the document's JSONL, the document, how often it occurred."""

    document: str
    record: dict
    occurrences: int


@dataclass
class MergeStats:
    pairs: int = 0
    duplicates_removed: int = 0
    flagged_left_out: int = 0
    below_min_score: int = 0
    removed_characters: int = 0   # characters XML 1.0 forbids, left out of corpus.tmx

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _pair_key(record: dict) -> bytes:
    text = f"{record['zh']}\0{record['en']}".encode()
    return hashlib.blake2b(text, digest_size=16).digest()


class _Eligible:
    """Which bead records may enter the merged memory, counting the ones kept out."""

    def __init__(self, options: AlignOptions, keep_flagged: bool, stats: MergeStats):
        self.options, self.keep_flagged, self.stats = options, keep_flagged, stats

    def __call__(self, record: dict, count: bool) -> bool:
        if not record["zh"] or not record["en"]:
            return False  # a null bead is not a translation unit (as in each document's TMX)
        if record["flags"] and not self.keep_flagged:
            self.stats.flagged_left_out += count
            return False
        if record["score"] < self.options.min_score:
            self.stats.below_min_score += count
            return False
        return True


def _records(outdir: Path, name: str) -> Iterator[tuple[int, dict]]:
    return read_jsonl(outdir / DOCUMENTS_DIR / f"{name}.jsonl")


def merged_pairs(outdir: str | Path, names: Callable[[], Iterable[str]], options: AlignOptions,
                 keep_flagged: bool, stats: MergeStats) -> Iterator[MergedPair]:
    """Deduplicated pairs of the documents ``names()`` (called twice: one pass each), in order."""
    outdir = Path(outdir)
    eligible = _Eligible(options, keep_flagged, stats)
    with (tempfile.TemporaryDirectory(dir=outdir, prefix=".merge.") as workdir,
          closing(sqlite3.connect(Path(workdir) / "pairs.sqlite")) as db):
        db.execute("CREATE TABLE pair (key BLOB PRIMARY KEY, score REAL, occurrences INTEGER, "
                   "document INTEGER, line INTEGER) WITHOUT ROWID")
        for document, name in enumerate(names()):
            rows = ((_pair_key(r), r["score"], document, n) for n, r in _records(outdir, name)
                    if eligible(r, count=True))
            db.executemany(
                "INSERT INTO pair VALUES (?, ?, 1, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "occurrences = occurrences + 1, "
                "document = CASE WHEN excluded.score > score THEN excluded.document ELSE document END, "
                "line = CASE WHEN excluded.score > score THEN excluded.line ELSE line END, "
                "score = max(score, excluded.score)", rows)
        for document, name in enumerate(names()):
            for number, record in _records(outdir, name):
                if not eligible(record, count=False):
                    continue
                kept = db.execute("SELECT occurrences FROM pair WHERE key = ? AND document = ? "
                                  "AND line = ?", (_pair_key(record), document, number)).fetchone()
                if kept is None:
                    stats.duplicates_removed += 1
                    continue
                stats.pairs += 1
                yield MergedPair(name, record, kept[0])


def format_pair_jsonl(pair: MergedPair) -> str:
    record = {"document": pair.document, **pair.record, "occurrences": pair.occurrences}
    return json.dumps(record, ensure_ascii=False) + "\n"


def pair_unit(record: dict, options: AlignOptions) -> TranslationUnit:
    """A merged pair as a TMX unit: the props each document's TMX has, plus ``x-occurrences``."""
    return TranslationUnit(
        variants=((zh_language_code(detect_script([record["zh"]]), options.zh_code), record["zh"]),
                  (options.en_code, record["en"])),
        props=(("x-document", record["document"]), ("x-score", f"{record['score']:.4f}"),
               ("x-flags", ",".join(record["flags"])),
               ("x-zh-ids", ",".join(map(str, record["zh_ids"]))),
               ("x-en-ids", ",".join(map(str, record["en_ids"]))),
               ("x-occurrences", str(record["occurrences"]))),
        notes=tuple(f"{code}: {note}" for code, note in zip(record["flags"], record["notes"])))


def write_corpus(outdir: str | Path, names: Callable[[], Iterable[str]], options: AlignOptions,
                 keep_flagged: bool = False, created: datetime | None = None,
                 signature: str | None = None) -> MergeStats:
    """Write OUTDIR/corpus.jsonl, then OUTDIR/corpus.tmx from it, over the documents ``names()``;
    ``signature`` (what made every document) goes into both, as into each document's files."""
    outdir = Path(outdir)
    stats = MergeStats()
    # Both files appear together or not at all: the TMX is made from the JSONL read back.
    with open_atomic_files([outdir / CORPUS_JSONL, outdir / CORPUS_TMX]) as (jsonl, tmx):
        if signature is not None:
            jsonl.write(signature_line(signature).encode("utf-8"))
        for pair in merged_pairs(outdir, names, options, keep_flagged, stats):
            jsonl.write(format_pair_jsonl(pair).encode("utf-8"))
        jsonl.seek(0)
        units = (pair_unit(record, options) for _, record in jsonl_pairs(jsonl))
        stats.removed_characters = write_units(tmx, units, srclang=zh_language_code("zh-Hans", options.zh_code),
                                               created=created, signature=signature)
    return stats
