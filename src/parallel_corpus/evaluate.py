"""Score test alignments against gold: strict and lax precision, recall and F1.

The semantics follow the ones the alignment literature reports (Vecalign's
scorer): counts are micro-averaged over documents; precision is taken over the
test beads, where a null bead counts only when it matches a gold bead exactly;
recall is taken over the non-null gold beads. *Strict* needs the exact bead;
*lax* accepts a bead that shares a sentence on both sides with some gold bead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parallel_corpus.formats.align import BeadIds
from parallel_corpus.types import InputError


@dataclass(frozen=True)
class Counts:
    strict_hits: int = 0
    strict_misses: int = 0
    lax_hits: int = 0
    lax_misses: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.strict_hits + other.strict_hits, self.strict_misses + other.strict_misses,
                      self.lax_hits + other.lax_hits, self.lax_misses + other.lax_misses)


@dataclass(frozen=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float
    test_beads: int
    gold_beads: int

    def format(self) -> str:
        return (f"strict  P={self.precision_strict:.3f}  R={self.recall_strict:.3f}  F1={self.f1_strict:.3f}\n"
                f"lax     P={self.precision_lax:.3f}  R={self.recall_lax:.3f}  F1={self.f1_lax:.3f}\n"
                f"({self.test_beads} test beads, {self.gold_beads} gold beads)")


def _normalise(beads: Sequence) -> list[BeadIds]:
    out = []
    for bead in beads:
        zh, en = (bead.zh, bead.en) if hasattr(bead, "zh") else bead
        out.append((tuple(zh), tuple(en)))
    return out


def _match_counts(reference: list[BeadIds], candidates: list[BeadIds]) -> Counts:
    """How many ``candidates`` are in ``reference`` exactly (strict) or overlap one on both sides (lax)."""
    exact = set(reference)
    zh_owner: dict[int, set[int]] = {}
    en_owner: dict[int, set[int]] = {}
    for k, (zh, en) in enumerate(reference):
        for i in zh:
            zh_owner.setdefault(i, set()).add(k)
        for j in en:
            en_owner.setdefault(j, set()).add(k)
    strict_hits = strict_misses = lax_hits = lax_misses = 0
    for zh, en in candidates:
        if (zh, en) in exact:
            strict_hits += 1
            lax_hits += 1
            continue
        strict_misses += 1
        zh_refs = set().union(*(zh_owner.get(i, set()) for i in zh))
        en_refs = set().union(*(en_owner.get(j, set()) for j in en))
        if zh_refs & en_refs:
            lax_hits += 1
        else:
            lax_misses += 1
    return Counts(strict_hits, strict_misses, lax_hits, lax_misses)


def _ratio(hits: int, misses: int) -> float:
    return hits / (hits + misses) if hits + misses else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_alignments(gold: Sequence[Sequence], test: Sequence[Sequence]) -> Scores:
    """Score several documents at once (one bead list per document, same order in both)."""
    if len(gold) != len(test):
        raise ValueError(f"{len(gold)} gold documents but {len(test)} test documents")
    precision = recall = Counts()
    n_test = n_gold = 0
    for gold_doc, test_doc in zip(gold, test):
        gold_beads, test_beads = _normalise(gold_doc), _normalise(test_doc)
        n_test += len(test_beads)
        n_gold += len(gold_beads)
        precision += _match_counts(gold_beads, test_beads)
        gold_pairs = [b for b in gold_beads if b[0] and b[1]]
        test_pairs = [b for b in test_beads if b[0] and b[1]]
        recall += _match_counts(test_pairs, gold_pairs)
    ps, pl = _ratio(precision.strict_hits, precision.strict_misses), _ratio(precision.lax_hits, precision.lax_misses)
    rs, rl = _ratio(recall.strict_hits, recall.strict_misses), _ratio(recall.lax_hits, recall.lax_misses)
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl), n_test, n_gold)


def paired_align_files(gold: str | Path, test: str | Path) -> list[tuple[Path, Path]]:
    """Gold/test file pairs: two files, or two folders whose ``.align`` files match by name."""
    gold, test = Path(gold), Path(test)
    for path in (gold, test):
        if not path.exists():
            raise InputError("no such file or folder", path=path)
    if gold.is_dir() != test.is_dir():
        raise InputError("GOLD and TEST must both be files or both be folders")
    if not gold.is_dir():
        return [(gold, test)]
    gold_files = {p.name: p for p in sorted(gold.glob("*.align"))}
    if not gold_files:
        raise InputError(f"no .align files in {gold}")
    missing = [name for name in gold_files if not (test / name).is_file()]
    if missing:
        raise InputError(f"{test} lacks {len(missing)} alignment file(s) that {gold} has, e.g. {missing[0]}")
    return [(g, test / name) for name, g in gold_files.items()]
