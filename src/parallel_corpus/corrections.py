"""Corrections round trip: a translator's edited ``NAME.tsv`` back into TMX and JSONL.

The translator opens the table that ``align`` wrote in a spreadsheet or an
editor, deletes wrong rows, merges two rows into one, fixes typos, and may mark
rows ``keep`` or ``drop`` in an optional ``review`` column. The table is read
strictly by :func:`parallel_corpus.formats.pairs.read_table` (every malformed
edit is an :class:`InputError` naming the row); this module works out what
changed by comparing the rows' ``zh_ids``/``en_ids`` with
the ``NAME.align``/``NAME.zh.txt``/``NAME.en.txt`` that ``align`` wrote beside
the table, re-runs the QA checks on the edited text and builds the files again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from parallel_corpus.formats.align import BeadIds, read_align_file
from parallel_corpus.formats.pairs import TableRow, read_table
from parallel_corpus.types import EN_CODE, Alignment, Bead, InputError, SegmentedDocument, Sentence

TABLE_SUFFIXES = (".tsv", ".csv", ".txt")


@dataclass(frozen=True)
class Original:
    """What ``align`` wrote beside the table: the beads and the sentence texts they index."""

    source: str
    beads: tuple[BeadIds, ...]
    zh: tuple[str, ...]
    en: tuple[str, ...]

    def texts(self, bead: BeadIds) -> tuple[str, str]:
        """Bead texts joined the way :meth:`Alignment.pair_texts` joins them."""
        return "".join(self.zh[i] for i in bead[0]), " ".join(self.en[i] for i in bead[1])


@dataclass(frozen=True)
class Changes:
    """What the translator changed, by row; ``traced`` is false when no original was found."""

    rows: int
    traced: bool
    source: str = ""
    unchanged: int = 0
    edited: int = 0
    merged: int = 0           # rows made of two or more original rows
    merged_from: int = 0      # the original rows they were made of
    split: int = 0            # rows holding part of one original row
    added: int = 0            # rows without any original sentence id
    deleted: int = 0          # original rows no longer in the table (or with both texts cleared)
    dropped: int = 0          # rows marked drop
    kept: int = 0             # rows marked keep
    missing_zh: int = 0       # untraced only: sentence ids below the largest id that no row holds
    missing_en: int = 0

    def summary(self) -> str:
        """One line for stderr."""
        review = f"; {self.dropped} marked drop, {self.kept} marked keep"
        if not self.traced:
            return (f"{self.rows} rows; no original .align beside the table, so edits and merges are not "
                    f"traced (give --original NAME.align); {self.missing_zh} zh and {self.missing_en} en "
                    f"sentence ids are in no row, {self.added} rows have no ids{review}")
        merged = f"{self.merged} merged" + (f" (from {self.merged_from} rows)" if self.merged else "")
        return (f"{self.rows} rows compared with {self.source}: {self.unchanged} unchanged, {self.edited} "
                f"edited, {merged}, {self.split} split, {self.added} added, {self.deleted} deleted{review}")


@dataclass(frozen=True)
class CorrectedAlignment(Alignment):
    """An alignment whose pair texts are the table's cells, under the original sentence ids.

    A fix belongs to the row: a merged row's edited text cannot be cut back into
    its sentences, so :meth:`pair_texts` returns each row's cells exactly as
    typed, and the ids still point into the ``NAME.zh.txt``/``NAME.en.txt`` the
    table came from (rows added by hand get ids after the last known sentence).
    """

    cells: dict = field(default_factory=dict, compare=False, hash=False)

    def pair_texts(self, bead: Bead, sep_zh: str = "", sep_en: str = " ") -> tuple[str, str]:
        return self.cells[(bead.zh, bead.en)]


def table_stem(path: str | Path) -> str:
    """``out/doc.tsv`` -> ``doc``: the NAME the table was written under."""
    path = Path(path)
    return path.stem if path.suffix.lower() in TABLE_SUFFIXES else path.name


def _sentence_file(path: Path) -> tuple[str, ...]:
    from parallel_corpus.document import read_text

    if not path.exists():
        raise InputError("no such file; the original .align needs the sentence files 'align' wrote beside it",
                         path=path)
    return tuple(read_text(path).split("\n")[:-1])


def read_original(align_path: str | Path) -> Original:
    """``NAME.align`` with the ``NAME.zh.txt``/``NAME.en.txt`` beside it."""
    align_path = Path(align_path)
    stem = align_path.name[: -len(".align")] if align_path.name.endswith(".align") else align_path.stem
    beads = tuple(read_align_file(align_path))
    zh = _sentence_file(align_path.with_name(f"{stem}.zh.txt"))
    en = _sentence_file(align_path.with_name(f"{stem}.en.txt"))
    for zh_ids, en_ids in beads:
        if any(i >= len(zh) for i in zh_ids) or any(i >= len(en) for i in en_ids):
            raise InputError(f"{align_path}: sentence ids beyond {stem}.zh.txt/{stem}.en.txt; the files "
                             "are not from the same 'align' run")
    return Original(str(align_path), beads, zh, en)


def _check_ids_known(rows: Sequence[TableRow], original: Original, source: str) -> None:
    for row in rows:
        for lang, count in (("zh", len(original.zh)), ("en", len(original.en))):
            for i in getattr(row, f"{lang}_ids"):
                if i >= count:
                    raise InputError(f"{lang}_ids has {i}, but {original.source} covers only {count} {lang} "
                                     f"sentences (0-{count - 1})", path=source, row=row.number)


def _absorb_text_merges(rows: list[TableRow], original: Original) -> list[TableRow]:
    """Credit a deleted row to a neighbour whose text now contains it.

    Merging in a spreadsheet usually means pasting row B's text into row A and
    deleting row B, leaving A's ids alone; B's ids then join A's so the merged
    row keeps pointing at every sentence it holds. Only a neighbour whose text
    was changed qualifies, so a short deleted row ("1.") is never credited to an
    untouched neighbour that happens to contain it.
    """
    bead_of = _bead_index(original)
    holder: dict[int, int] = {}
    for index, row in enumerate(rows):
        for k in _touched(row, bead_of):
            holder[k] = index
    for k, bead in enumerate(original.beads):
        if k in holder:
            continue
        zh, en = original.texts(bead)
        for neighbour in (k - 1, k + 1):
            held_by = holder.get(neighbour)
            if held_by is None:
                continue
            row = rows[held_by]
            grew = (row.zh, row.en) != original.texts((row.zh_ids, row.en_ids))
            if grew and (zh or en) and (not zh or zh in row.zh) and (not en or en in row.en):
                rows[held_by] = replace(row, zh_ids=tuple(sorted(row.zh_ids + bead[0])),
                                        en_ids=tuple(sorted(row.en_ids + bead[1])))
                holder[k] = held_by
                break
    return rows


def _bead_index(original: Original) -> dict[tuple[str, int], int]:
    index = {}
    for k, (zh_ids, en_ids) in enumerate(original.beads):
        index.update({("zh", i): k for i in zh_ids})
        index.update({("en", i): k for i in en_ids})
    return index


def _touched(row: TableRow, bead_of: dict[tuple[str, int], int]) -> set[int]:
    return ({bead_of[("zh", i)] for i in row.zh_ids if ("zh", i) in bead_of}
            | {bead_of[("en", i)] for i in row.en_ids if ("en", i) in bead_of})


def compare(rows: Sequence[TableRow], original: Original | None) -> tuple[list[TableRow], Changes]:
    """The rows that still hold text (ids extended by detected merges) and what changed."""
    present = [row for row in rows if not row.is_empty]
    dropped = sum(1 for r in rows if r.review == "drop")
    kept = sum(1 for r in rows if r.review == "keep")
    if original is None:
        missing = {}
        for lang in ("zh", "en"):
            ids = {i for row in present for i in getattr(row, f"{lang}_ids")}
            missing[lang] = (max(ids) + 1 - len(ids)) if ids else 0
        added = sum(1 for row in present if not row.zh_ids and not row.en_ids)
        return present, Changes(len(rows), traced=False, missing_zh=missing["zh"], missing_en=missing["en"],
                                added=added, dropped=dropped, kept=kept)
    present = _absorb_text_merges(list(present), original)
    bead_of = _bead_index(original)
    counts = dict.fromkeys(("unchanged", "edited", "merged", "merged_from", "split", "added"), 0)
    held: set[int] = set()
    for row in present:
        touched = _touched(row, bead_of)
        held |= touched
        if not touched:
            counts["added"] += 1
        elif len(touched) > 1:
            counts["merged"] += 1
            counts["merged_from"] += len(touched)
        else:
            bead = original.beads[next(iter(touched))]
            if (row.zh_ids, row.en_ids) != bead:
                counts["split"] += 1
            elif (row.zh, row.en) != original.texts(bead):
                counts["edited"] += 1
            else:
                counts["unchanged"] += 1
    deleted = len(original.beads) - len(held)
    return present, Changes(len(rows), traced=True, source=original.source, deleted=deleted,
                            dropped=dropped, kept=kept, **counts)


def corrected_alignment(rows: Sequence[TableRow], name: str, *, first_new_zh: int = 0,
                        first_new_en: int = 0) -> CorrectedAlignment:
    """Rows as beads under their original ids (``drop`` and emptied rows excluded).

    A side without text has no ids. A side with text but no ids (a row typed in
    by hand) gets the next free id, after the largest id in use and at least
    ``first_new_*`` (the original sentence count). The document holds each row's
    text on the first id of its side, so it stays indexable by every bead.
    """
    next_id = {"zh": max([first_new_zh - 1, *(i for r in rows for i in r.zh_ids)]) + 1,
               "en": max([first_new_en - 1, *(i for r in rows for i in r.en_ids)]) + 1}
    beads, cells = [], {}
    sentences: dict[str, dict[int, str]] = {"zh": {}, "en": {}}
    for row in rows:
        if row.review == "drop" or row.is_empty:
            continue
        ids: dict[str, tuple[int, ...]] = {}
        for lang, text, given in (("zh", row.zh, row.zh_ids), ("en", row.en, row.en_ids)):
            if not text.strip():
                ids[lang] = ()
                continue
            if not given:
                given = (next_id[lang],)
                next_id[lang] += 1
            ids[lang] = given
            sentences[lang][given[0]] = text
        beads.append(Bead(ids["zh"], ids["en"], row.score))
        cells[(ids["zh"], ids["en"])] = (row.zh, row.en)
    zh, en = (tuple(Sentence(sentences[lang].get(i, "")) for i in range(next_id[lang])) for lang in ("zh", "en"))
    document = SegmentedDocument(name, zh, en)
    return CorrectedAlignment(document, tuple(beads), cells=cells)


@dataclass(frozen=True)
class ExportResult:
    """The files an ``export`` run writes (not yet written) and what it did."""

    alignment: CorrectedAlignment
    changes: Changes
    files: dict[Path, bytes]
    tmx_units: int
    below_min_score: int       # pairs left out of the TMX for scoring below min_score
    kept_below_min_score: int  # pairs marked keep that entered the TMX despite their score
    removed_characters: int    # characters XML 1.0 forbids, removed from the TMX text
    review_units: int = 0      # QA-flagged pairs not marked keep: in NAME.review.tmx, not NAME.tmx


def export_paths(outdir: str | Path, name: str) -> list[Path]:
    """The files an ``export`` run writes, in a fixed order."""
    return [Path(outdir) / f"{name}{suffix}" for suffix in (".tmx", ".review.tmx", ".jsonl")]


def find_original(table: str | Path) -> Path | None:
    """``NAME.align`` beside ``NAME.tsv`` (or ``NAME.csv``), if ``align`` left one there."""
    candidate = Path(table).with_name(f"{table_stem(table)}.align")
    return candidate if candidate.is_file() else None


def export_job(table: str | Path, outdir: str | Path, name: str | None = None, *,
               zh_code: str | None = None, en_code: str = EN_CODE, min_score: float = 0.0,
               original: str | Path | None = None) -> ExportResult:
    """Read an edited table, trace the changes, re-run QA and build ``NAME.tmx`` and ``NAME.jsonl``.

    ``original`` is the ``.align`` the table came from (default: the one beside
    the table, when there is one). Rows marked ``keep`` enter the TMX whatever
    their score; other pairs scoring below ``min_score`` stay out of it, as in
    ``align``. The JSONL holds every pair that is not marked ``drop``. The
    ``flags`` column is ignored: QA runs again on the edited text.
    """
    from parallel_corpus.formats.pairs import format_jsonl
    from parallel_corpus.formats.tmx import format_tmx
    from parallel_corpus.pipeline import zh_language_code
    from parallel_corpus.qa import check_alignment
    from parallel_corpus.script import detect_script

    name = name or table_stem(table)
    rows = read_table(table)
    original_path = Path(original) if original is not None else find_original(table)
    source = read_original(original_path) if original_path else None
    if source:
        _check_ids_known(rows, source, str(table))
    present, changes = compare(rows, source)
    alignment = check_alignment(corrected_alignment(
        present, name, first_new_zh=len(source.zh) if source else 0,
        first_new_en=len(source.en) if source else 0))
    reviews = [row.review for row in present if row.review != "drop"]
    in_tmx, to_review, below, kept_below = [], [], 0, 0
    for bead, review in zip(alignment.beads, reviews, strict=True):
        if bead.flags and not bead.is_null and review != "keep":
            to_review.append(bead)
        elif bead.is_null or bead.score >= min_score:
            in_tmx.append(bead)
        elif review == "keep":
            in_tmx.append(bead)
            kept_below += 1
        else:
            below += 1
    script = detect_script(row.zh for row in present)
    zh_code = zh_language_code(script, zh_code)
    tmx, stats = format_tmx([replace(alignment, beads=tuple(in_tmx))], zh_code=zh_code, en_code=en_code)
    review_tmx, review_stats = format_tmx([replace(alignment, beads=tuple(to_review))], zh_code=zh_code,
                                          en_code=en_code)
    tmx_path, review_path, jsonl_path = export_paths(outdir, name)
    files = {tmx_path: tmx, review_path: review_tmx, jsonl_path: format_jsonl(alignment).encode("utf-8")}
    return ExportResult(alignment, changes, files, stats.units, below, kept_below,
                        stats.removed_characters + review_stats.removed_characters, review_stats.units)
