"""Alignment studies: gold sets, per-bead checks and tables for notebooks and benchmarks.

Plain data in, plain data out (no plotting here: see :mod:`parallel_corpus.plots`),
so the same numbers can be printed, tabulated or drawn.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from parallel_corpus.document import read_lines
from parallel_corpus.formats.align import BeadIds, read_align_file
from parallel_corpus.formats.pairs import format_flags
from parallel_corpus.glossary.pairing import dice, log_likelihood
from parallel_corpus.review import bead_type as review_bead_type
from parallel_corpus.types import Alignment, Bead, InputError

# Layout of the gold sets under shared/data/align (see its README): set name, folder,
# documents (sub/stem), suffix of the gold files. Sub-folders `aca` and `mag` hold
# English-source documents: their src side is English, so zh and en swap places.
GOLD_SETS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("MAC-Dev", "mac-dev", tuple(f"{k:03d}" for k in range(1, 7)), ".align"),
    ("nonlit zh-en", "nonlit-zh-en", ("aca/001", "pol/002", "mag/003"), ".align"),
    ("Text+Berg de-fr", "textberg-de-fr", tuple(f"{k:03d}" for k in range(1, 8)), ""),
)
ENGLISH_SOURCE = frozenset({"aca", "mag"})


@dataclass(frozen=True)
class GoldDocument:
    """One document of a gold set: sentence lists and the gold beads (zh ids, en ids).

    For sets that are not zh-en (Text+Berg de-fr) ``zh`` holds the source side and
    ``en`` the target side: the aligner and the scorer only need two sides.
    """

    set_name: str
    name: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    gold: tuple[BeadIds, ...]

    def head(self, beads: int) -> GoldDocument:
        """The first ``beads`` gold beads and the sentences they cover (a quick, smaller document)."""
        kept = self.gold[:beads]
        zh_end = max((i + 1 for zh, _ in kept for i in zh), default=0)
        en_end = max((j + 1 for _, en in kept for j in en), default=0)
        return GoldDocument(self.set_name, f"{self.name}[:{beads}]", self.zh[:zh_end], self.en[:en_end], kept)


def find_upwards(relative: str | Path, start: str | Path | None = None) -> Path:
    """``start/relative`` or the same path under the nearest ancestor of ``start`` that has it.

    Lets a notebook find ``corpus/…`` or ``tests/data/…`` whether it runs from the
    repository root or from ``notebooks/``.
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / relative).exists():
            return folder / relative
    raise InputError(f"{relative} not found in {here} or any folder above it")


def read_gold_files(zh_path: str | Path, en_path: str | Path, align_path: str | Path, *,
                    set_name: str = "", name: str = "") -> GoldDocument:
    """A gold document from one-sentence-a-line files and a ``.align`` file (zh ids first)."""
    zh, en = read_lines(zh_path), read_lines(en_path)
    gold = read_align_file(align_path, lenient=True)
    _check_ids(gold, len(zh), len(en), align_path)
    return GoldDocument(set_name, name or Path(align_path).stem, tuple(zh), tuple(en), tuple(gold))


def read_gold_sets(root: str | Path, *, sets: Iterable[str] | None = None,
                   limit: int | None = None) -> list[GoldDocument]:
    """The gold documents under ``root`` (``shared/data/align``), zh side first.

    ``sets`` keeps only the named sets (e.g. ``["MAC-Dev"]``); ``limit`` keeps the
    first documents of each set (a quick run).
    """
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"no gold sets at {root}: expected the folder shared/data/align")
    wanted = set(sets) if sets is not None else None
    unknown = wanted - {s for s, *_ in GOLD_SETS} if wanted else set()
    if unknown:
        raise InputError(f"unknown gold set(s) {sorted(unknown)}; known: {[s for s, *_ in GOLD_SETS]}")
    documents = []
    for set_name, folder, names, suffix in GOLD_SETS:
        if wanted is not None and set_name not in wanted:
            continue
        for doc in names[:limit]:
            sub, _, stem = doc.rpartition("/")
            base = root / folder / sub
            src, tgt = read_lines(base / "src" / stem), read_lines(base / "tgt" / stem)
            gold = read_align_file(base / "gold" / f"{stem}{suffix}", lenient=True)  # published as is
            if sub in ENGLISH_SOURCE:
                src, tgt = tgt, src
                gold = [(en, zh) for zh, en in gold]
            _check_ids(gold, len(src), len(tgt), base / "gold" / f"{stem}{suffix}")
            documents.append(GoldDocument(set_name, doc, tuple(src), tuple(tgt), tuple(gold)))
    return documents


def _check_ids(gold: Sequence[BeadIds], n_zh: int, n_en: int, source: str | Path) -> None:
    for zh, en in gold:
        if any(i >= n_zh for i in zh) or any(j >= n_en for j in en):
            raise InputError(f"{source}: bead {list(zh)}:{list(en)} points past the sentence files "
                             f"({n_zh} zh, {n_en} en sentences)")


def _ids(bead: Bead | BeadIds) -> BeadIds:
    return (tuple(bead.zh), tuple(bead.en)) if isinstance(bead, Bead) else (tuple(bead[0]), tuple(bead[1]))


def bead_type(bead: Bead | BeadIds) -> str:
    """``zh-en`` sentence counts of a bead, e.g. ``1-2`` or ``0-1`` (gold tuples accepted too)."""
    return review_bead_type(bead if isinstance(bead, Bead) else Bead(*_ids(bead)))


def bead_type_counts(beads: Iterable[Bead | BeadIds]) -> dict[str, int]:
    """How many beads of each type, most common first."""
    return dict(Counter(bead_type(b) for b in beads).most_common())


@dataclass(frozen=True)
class TypeRecall:
    """Gold beads of one type and how many of them the test alignment has exactly."""

    bead_type: str
    gold: int
    found: int

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0


def recall_by_bead_type(gold: Sequence[Sequence[Bead | BeadIds]],
                        test: Sequence[Sequence[Bead | BeadIds]]) -> list[TypeRecall]:
    """Strict recall per gold bead type over several documents (one bead list each), most common first.

    Shows where an aligner loses: 1-1 beads are usually found, merges (1-2, 2-1)
    and unpaired sentences much less often.
    """
    if len(gold) != len(test):
        raise ValueError(f"{len(gold)} gold documents but {len(test)} test documents")
    totals: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for gold_doc, test_doc in zip(gold, test):
        predicted = {_ids(b) for b in test_doc}
        for bead in gold_doc:
            kind = bead_type(bead)
            totals[kind] += 1
            found[kind] += _ids(bead) in predicted
    return [TypeRecall(kind, n, found[kind]) for kind, n in totals.most_common()]


@dataclass(frozen=True)
class BeadCheck:
    """One test bead against gold: exact match or not, and where it sits in the document.

    ``position`` is the share of both sides' sentences before the bead (0 at the
    start, near 1 at the end), so documents of any length share one axis.
    """

    zh: tuple[int, ...]
    en: tuple[int, ...]
    correct: bool
    position: float


def check_beads(gold: Sequence[Bead | BeadIds], test: Sequence[Bead | BeadIds]) -> list[BeadCheck]:
    """Each test bead of one document marked correct (exactly in gold) or wrong, in document order."""
    reference = {_ids(b) for b in gold}
    n_zh = sum(len(_ids(b)[0]) for b in test)
    n_en = sum(len(_ids(b)[1]) for b in test)
    total = max(n_zh + n_en, 1)
    done = 0
    checks = []
    for bead in test:
        zh, en = _ids(bead)
        checks.append(BeadCheck(zh, en, (zh, en) in reference, done / total))
        done += len(zh) + len(en)
    return checks


def flagged_rows(alignment: Alignment) -> list[dict[str, str]]:
    """The beads that carry QA flags, as table rows (bead number, score, zh, en, flags)."""
    rows = []
    for k, bead in enumerate(alignment.beads):
        if not bead.flags:
            continue
        zh, en = alignment.pair_texts(bead)
        rows.append({"bead": str(k), "score": f"{bead.score:.2f}", "zh": zh, "en": en,
                     "flags": format_flags(bead.flags)})
    return rows


def html_table(rows: Sequence[Mapping[str, object]], columns: Sequence[str] | None = None) -> str:
    """Rows of dicts as an HTML table (text escaped), for ``IPython.display.HTML`` without pandas."""
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(row.get(c, '')))}</td>" for c in columns) + "</tr>"
                   for row in rows)
    return f'<table style="text-align:left"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


@dataclass(frozen=True)
class Association:
    """One glossary entry under several association measures (see :mod:`parallel_corpus.glossary.pairing`)."""

    zh: str
    en: str
    pair_freq: int
    zh_freq: int
    en_freq: int
    dice: float
    log_likelihood: float
    score: float


def association_measures(terms: Sequence, alignments: Sequence[Alignment]) -> list[Association]:
    """Dice and Dunning's log-likelihood of each glossary entry, beside the glossary's own score.

    ``terms`` are :class:`parallel_corpus.glossary.TermPair` rows built from
    ``alignments``; the counts are paired beads, as the glossary counts them.
    """
    total = sum(1 for alignment in alignments for bead in alignment.beads if not bead.is_null)
    return [Association(t.zh, t.en, t.pair_freq, t.zh_freq, t.en_freq,
                        round(dice(t.pair_freq, t.zh_freq, t.en_freq), 4),
                        round(log_likelihood(t.pair_freq, t.zh_freq, t.en_freq, total), 2), t.score)
            for t in terms]


def rank_correlation(a: Sequence[float], b: Sequence[float]) -> float:
    """Spearman's rho of two score lists (average ranks for ties)."""
    if len(a) != len(b) or len(a) < 2:
        raise ValueError("need two score lists of the same length, at least 2 each")
    ra, rb = _ranks(np.asarray(a, dtype=float)), _ranks(np.asarray(b, dtype=float))
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def _ranks(values: np.ndarray) -> np.ndarray:
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values), dtype=float)
    for value in np.unique(values):
        tied = values == value
        ranks[tied] = ranks[tied].mean()
    return ranks
