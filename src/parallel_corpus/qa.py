"""QA pass: flag the pairs a translator should look at before they enter a memory.

Checks per bead (codes are stable, messages are for humans):

- ``null``: a sentence with no counterpart (not a heading or caption: those go
  unpaired by design, as the English captions of Taiwan's laws do).
- ``number-mismatch``: a quantity on one side has no equal on the other, after
  normalisation (see :mod:`parallel_corpus.numbers`); a year or ordinal that one
  side merely adds or drops is context, a different one is a mismatch.
- ``number-swap``: both sides hold the same rates but two of them exchanged the
  counts they describe (``A件、B件，分别增长x%、y%`` against ``A …, up y%, B …, up x%``).
  Rates swapped between two beads show up as ``number-mismatch`` in both.
- ``direction``: the same rate given as a rise on one side and a fall on the other.
- ``length-ratio``: the en byte length is far from what the zh byte length
  predicts: en ~ c * zh, with a variance that has a part growing with length
  (Gale-Church) and a part growing with its square (a translator's own
  verbosity, :data:`RELATIVE_LENGTH_SPREAD`); c and the first part are
  estimated robustly from the document's own pairs, so a verbose translation
  (legal English runs 1.5x the Chinese bytes, 5x its characters) is its own norm.
- ``low-score``: the aligner's score, read as the probability that the pair is
  a true translation unit, is below :data:`LOW_SCORE` (a QA threshold of its own;
  ``min_score`` elsewhere is the cut for what enters the TMX), unless the pair's
  numbers corroborate it: at least :data:`CORROBORATING_NUMBERS` distinct values
  that agree on both sides and none that disagrees.
- ``term`` and ``inconsistent``: terminology (see :mod:`parallel_corpus.terminology`):
  a glossary term whose renderings are all missing from the English, and a term
  or name spelled in two near-identical ways within the document.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from parallel_corpus.numbers import Quantity, en_quantities, format_quantity, zh_quantities
from parallel_corpus.types import Alignment, Bead, Flag

if TYPE_CHECKING:
    from parallel_corpus.glossary.types import KnownTerm

AlignmentT = TypeVar("AlignmentT", bound=Alignment)  # a corrected alignment stays one

# Every code QA gives, with what it means. Codes are stable: tables, TMX props and the
# review page's filters key on them, and README's QA table lists exactly these.
FLAGS = {
    "number-mismatch": "a quantity on one side has no equal on the other",
    "number-swap": "two rates exchanged the counts they describe",
    "direction": "a rise on one side is a fall on the other",
    "length-ratio": "the English length is far from what the Chinese length predicts",
    "low-score": "the aligner's score is below the QA threshold and no numbers vouch for the pair",
    "term": "the Chinese holds a glossary term, the English none of its renderings",
    "inconsistent": "a term or name spelled two near-identical ways in the document",
    "null": "a sentence with no counterpart",
}
NUMBER_CODES = frozenset({"number-mismatch", "number-swap", "direction"})
# Roles a translator may add or drop for context without a number being wrong.
CONTEXT_ROLES = ("year", "ordinal", "date")

# Fewer pairs than this give no stable median: the length check is skipped.
MIN_PAIRS_FOR_LENGTH = 8
# Floor for the variance per byte of the length model, so that a document of
# near-identical ratios does not turn every small difference into an outlier.
MIN_VARIANCE_PER_BYTE = 1.0
# Relative spread of a correct pair's length around c * zh that does not shrink
# with length: translators are more or less verbose sentence by sentence. Measured
# on the gold beads of non-literary and MAC-Dev and the beads of five laws: with
# 0.05 and 4 SD, 0.27 % of pairs are flagged (no document more than before) and
# 48 % of injected 1-2 and 2-1 merges caught; Gale-Church alone: 0.44 % (4.1 % on
# one law) and 51 %.
RELATIVE_LENGTH_SPREAD = 0.05
# How many standard deviations of the length model a pair may stray.
MAX_LENGTH_DEVIATION = 4.0
# Median of the chi-square distribution with one degree of freedom: turns the
# median squared deviation into a variance estimate that one bad pair cannot move.
_CHI2_1_MEDIAN = 0.4549
# Aligner scores below this get ``low-score``: the aligner gives the pair less than
# a 30 % chance of being a true translation unit.
LOW_SCORE = 0.3
# Distinct numbers agreeing on both sides that vouch for a low-scored pair (one
# may be a coincidence: neighbouring paragraphs of a law cite the same article).
CORROBORATING_NUMBERS = 2


def qa_flag(code: str, message: str) -> Flag:
    """A QA finding: ``code`` must be one of :data:`FLAGS`, so a misspelt code fails here
    instead of slipping past every reader that filters on it."""
    if code not in FLAGS:
        raise ValueError(f"unknown QA flag code {code!r}; add it to qa.FLAGS and to README's QA table")
    return Flag(code, message)


def check_alignment(alignment: AlignmentT, *, low_score: float = LOW_SCORE,
                    max_length_deviation: float = MAX_LENGTH_DEVIATION,
                    glossary: Sequence[KnownTerm] | None = None) -> AlignmentT:
    """The same alignment with every bead's ``flags`` recomputed (running it twice changes nothing).

    ``low_score``: beads scored below it get ``low-score`` unless their numbers
    corroborate them. ``max_length_deviation``: how many standard deviations of
    the length model a pair's en byte length may stray from the length its zh
    side predicts before it gets ``length-ratio``. ``glossary``: terms whose
    renderings the English must hold (``term``).
    """
    from parallel_corpus.terminology import check_terms

    length_outliers = _length_outliers(alignment, max_length_deviation)
    term_flags = check_terms(alignment, glossary)
    beads = []
    for index, bead in enumerate(alignment.beads):
        flags: list[Flag] = []
        if bead.is_null:
            if not _only_headings(alignment, bead):
                flags.append(_null_flag(bead))
        else:
            zh, en = alignment.pair_texts(bead)
            number_flags = check_pair(zh, en)
            flags.extend(number_flags)
            if index in length_outliers:
                flags.append(length_outliers[index])
            if bead.score < low_score and (number_flags or _agreeing_numbers(zh, en) < CORROBORATING_NUMBERS):
                flags.append(qa_flag("low-score", f"alignment score {bead.score:.2f} is below {low_score:.2f}"))
            flags.extend(term_flags.get(index, ()))
        beads.append(replace(bead, flags=tuple(flags)))
    return replace(alignment, beads=tuple(beads))


def check_pair(zh: str, en: str) -> list[Flag]:
    """The number checks for one zh/en pair: mismatch, swapped rates, reversed direction."""
    zh_q, en_q = zh_quantities(zh), en_quantities(en)
    flags = []
    mismatch = _mismatch_message(zh_q, en_q)
    if mismatch:
        flags.append(qa_flag("number-mismatch", mismatch))
    swap = _swap_message(zh_q, en_q)
    if swap:
        flags.append(qa_flag("number-swap", swap))
    direction = _direction_message(zh_q, en_q)
    if direction:
        flags.append(qa_flag("direction", direction))
    return flags


def _agreeing_numbers(zh: str, en: str) -> int:
    """How many distinct values, written out in digits or legal numbering on one side at least, both sides share."""
    zh_q, en_q = zh_quantities(zh), en_quantities(en)
    return len({q.key for q in zh_q for o in en_q if q.matches(o) and not (q.soft and o.soft)})


def flag_summary(alignment: Alignment) -> str:
    """One line for the CLI: how many beads carry at least one flag."""
    flagged = sum(1 for bead in alignment.beads if bead.flags)
    return f"{flagged} of {len(alignment.beads)} pairs flagged"


@dataclass(frozen=True)
class ReviewComparison:
    """How the QA flags of an alignment compare with a reviewer's list of number errors."""

    caught: tuple[int, ...]        # indices into the reviewer's list whose pair got a number flag
    missed: tuple[int, ...]        # indices into the reviewer's list that no number flag covers
    flagged_correct: tuple[int, ...]  # beads with any flag that hold none of the listed sentences


def compare_with_review(alignment: Alignment, errors: Sequence[tuple[str, str]]) -> ReviewComparison:
    """Measure the QA pass against known errors, each given as (zh sentence, en sentence).

    An error counts as caught when a bead holding its zh or its en sentence carries a
    number flag (``number-mismatch``, ``number-swap`` or ``direction``); null beads
    are not pairs and are left out of ``flagged_correct``.
    """
    texts = [alignment.pair_texts(bead) for bead in alignment.beads]
    caught, missed, involved = [], [], set()
    for number, (zh, en) in enumerate(errors):
        beads = [i for i, (z, e) in enumerate(texts) if zh in z or en in e]
        involved.update(beads)
        if any(NUMBER_CODES & {f.code for f in alignment.beads[i].flags} for i in beads):
            caught.append(number)
        else:
            missed.append(number)
    flagged = [i for i, bead in enumerate(alignment.beads) if bead.flags and not bead.is_null and i not in involved]
    return ReviewComparison(tuple(caught), tuple(missed), tuple(flagged))


def _describe(q: Quantity) -> str:
    shown = format_quantity(q)
    if q.role == "year":
        shown = str(int(q.value))
    return q.text if q.text.replace(",", "") == shown.replace(",", "") else f"{q.text} (= {shown})"


def _unmatched(side: Sequence[Quantity], other: Sequence[Quantity]) -> list[Quantity]:
    seen: set = set()
    result = []
    for q in side:
        if q.soft or q.key in seen or any(q.matches(o) for o in other):
            continue
        seen.add(q.key)
        result.append(q)
    return result


def _mismatch_message(zh_q: list[Quantity], en_q: list[Quantity]) -> str:
    """Quantities without an equal on the other side.

    Years, ordinals and dates count only when both sides have one left over (a
    different year), not when one side merely adds or drops one: translators add
    "in 1978" or "the 18th CPC Central Committee" for context.
    """
    zh_left, en_left = _unmatched(zh_q, en_q), _unmatched(en_q, zh_q)
    for role in CONTEXT_ROLES:
        if not any(q.role == role for q in zh_left) or not any(q.role == role for q in en_left):
            zh_left = [q for q in zh_left if q.role != role]
            en_left = [q for q in en_left if q.role != role]
    parts = [f"zh has {_describe(q)}, en lacks it" for q in zh_left]
    parts += [f"en has {_describe(q)}, zh lacks it" for q in en_left]
    return "; ".join(parts)


def _rate_anchors(quantities: list[Quantity]) -> list[tuple[Quantity, Quantity | None]]:
    """Each rate with the count it describes.

    A run of k rates after a run of at least k counts pairs item by item with
    the last k counts (the "respectively" pattern); otherwise every rate in the
    run describes the count just before it. Years, ordinals and dates are not counts.
    """
    sequence = [q for q in quantities if q.is_rate or q.role == "amount"]
    pairs: list[tuple[Quantity, Quantity | None]] = []
    i = 0
    while i < len(sequence):
        if not sequence[i].is_rate:
            i += 1
            continue
        j = i
        while j < len(sequence) and sequence[j].is_rate:
            j += 1
        k = i
        while k > 0 and not sequence[k - 1].is_rate:
            k -= 1
        counts, rates = sequence[k:i], sequence[i:j]
        for n, rate in enumerate(rates):
            if not counts:
                anchor = None
            elif len(rates) > 1 and len(counts) >= len(rates):
                anchor = counts[len(counts) - len(rates) + n]
            else:
                anchor = counts[-1]
            pairs.append((rate, anchor))
        i = j
    return pairs


def _swap_message(zh_q: list[Quantity], en_q: list[Quantity]) -> str:
    """Rates that exchanged their counts between the two sides.

    Only an exchange counts (x% goes with A in zh and with B in en while another
    rate goes with B in zh and with A in en): a single rate tied to a different
    count is usually just a different word order.
    """
    zh_pairs, en_pairs = _rate_anchors(zh_q), _rate_anchors(en_q)
    moved: list[tuple[Quantity, Quantity, Quantity]] = []
    for rate, zh_anchor in zh_pairs:
        same_rate = [(r, a) for r, a in en_pairs if r.matches(rate)]
        if (zh_anchor is None or len(same_rate) != 1
                or sum(1 for r, _ in zh_pairs if r.matches(rate)) != 1):
            continue
        en_anchor = same_rate[0][1]
        if en_anchor is None or en_anchor.matches(zh_anchor):
            continue
        # Only a re-pairing among numbers both sides share is a swap; anything else is a mismatch.
        if any(zh_anchor.matches(q) for q in en_q) and any(en_anchor.matches(q) for q in zh_q):
            moved.append((rate, zh_anchor, en_anchor))
    parts = [f"{_describe(rate)} goes with {_describe(zh_anchor)} in zh but with {_describe(en_anchor)} in en"
             for rate, zh_anchor, en_anchor in moved
             if any(other is not rate and other_zh.matches(en_anchor) for other, other_zh, _ in moved)
             and any(other is not rate and other_en.matches(zh_anchor) for other, _, other_en in moved)]
    return "; ".join(parts)


def _direction_message(zh_q: list[Quantity], en_q: list[Quantity]) -> str:
    words = {1: "a rise", -1: "a fall"}
    parts = []
    for rate in (q for q in zh_q if q.is_rate and q.direction):
        stated = [q.direction for q in en_q if q.is_rate and q.direction and q.matches(rate)]
        if stated and all(d == -rate.direction for d in stated):
            parts.append(f"zh gives {_describe(rate)} as {words[rate.direction]}, "
                         f"en as {words[-rate.direction]}")
    return "; ".join(parts)


def _only_headings(alignment: Alignment, bead: Bead) -> bool:
    """A heading or caption with no counterpart is a layout choice, not an omission: the English
    versions of Taiwan's laws caption articles that the Chinese leaves bare."""
    document = alignment.document
    units = [document.zh[i] for i in bead.zh] + [document.en[j] for j in bead.en]
    return all(unit.kind in ("heading", "title") for unit in units)


def _null_flag(bead: Bead) -> Flag:
    if bead.zh:
        ids = ", ".join(str(i) for i in bead.zh)
        return qa_flag("null", f"zh sentence {ids} has no English counterpart")
    ids = ", ".join(str(i) for i in bead.en)
    return qa_flag("null", f"en sentence {ids} has no Chinese counterpart")


def _length_outliers(alignment: Alignment, max_deviation: float) -> dict[int, Flag]:
    """Beads whose en byte length is far from ``c * zh``, in standard deviations of a robust length model.

    c is the document's median en/zh byte ratio. The variance of en is
    ``v * zh + (RELATIVE_LENGTH_SPREAD * c * zh) ** 2``: short pairs get
    proportionally more room, as their ratios vary more (Gale-Church), and long
    ones keep a fixed relative room for the translator's verbosity. v is the
    median of (en - c*zh)^2 / zh over the document's pairs, scaled to a variance.
    """
    lengths: dict[int, tuple[int, int]] = {}
    for index, bead in enumerate(alignment.beads):
        if bead.is_null:
            continue
        zh, en = (len(t.encode("utf-8")) for t in alignment.pair_texts(bead))
        if zh and en:
            lengths[index] = (zh, en)
    if len(lengths) < MIN_PAIRS_FOR_LENGTH:
        return {}
    ratio = statistics.median(en / zh for zh, en in lengths.values())
    spread = RELATIVE_LENGTH_SPREAD * ratio
    variance = max(MIN_VARIANCE_PER_BYTE,
                   statistics.median((en - ratio * zh) ** 2 / zh for zh, en in lengths.values()) / _CHI2_1_MEDIAN)
    outliers = {}
    for index, (zh, en) in lengths.items():
        deviation = (en - ratio * zh) / math.sqrt(zh * variance + (spread * zh) ** 2)
        if abs(deviation) > max_deviation:
            outliers[index] = qa_flag("length-ratio", f"en has {en} bytes where {ratio * zh:.0f} are expected from "
                                   f"the zh side ({en / zh:.2f}x against the document's {ratio:.2f}x, "
                                   f"{deviation:+.1f} SD)")
    return outliers
