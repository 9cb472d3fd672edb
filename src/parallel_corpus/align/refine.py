"""Bead-boundary refinement with real embeddings of the few spans in doubt.

The search scores a merged span by the normalised sum of its sentences'
vectors, which cannot tell whether a short sentence at the edge of a bead
belongs to it or to the neighbouring bead (1-2 + 1-1 against 1-1 + 1-2). After
the search, each boundary between two paired beads of which at least one is
larger than 1-1 is re-decided locally: the boundary moves one sentence on
either side, and the four alternatives and the search's choice are compared
using real embeddings of the concatenated spans (the encoder sees the merged
text). A move is taken only when it wins by a margin (``GainParams.refine_margin``), so
the search's choice stands unless the real embeddings clearly disagree.

Only spans around close calls are embedded, in one batch (14% more texts
than sentences on MAC-Dev, 4% on the non-literary set); a real embedding of
every span did not help (see docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

# Embeds spans of one side: (side "zh" or "en", sentence-id tuples) -> centred, normalised rows.
SpanEmbedder = Callable[[str, Sequence[tuple[int, ...]]], np.ndarray]

# Gain of bead (a, b) ending at (i, j) given its span cosine: the search's gain with another cosine.
BeadGain = Callable[[int, int, int, int, float], float]

_MOVES = ((-1, 0), (1, 0), (0, -1), (0, 1))


def join_sentences(texts: Sequence[str]) -> str:
    """Concatenate sentences as the text would run: no space next to CJK text, one space otherwise."""
    out = texts[0]
    for text in texts[1:]:
        cjk = (out and ord(out[-1]) >= 0x2E80) or (text and ord(text[0]) >= 0x2E80)
        glue = "" if cjk else " "
        out = out + glue + text
    return out


def refine_path(path: list[tuple[int, int]], zh_vectors: np.ndarray, en_vectors: np.ndarray,
                embed: SpanEmbedder, gain: BeadGain, margin: float, doubt: float,
                max_align: int) -> list[tuple[int, int]]:
    """The search's bead types with doubtful boundaries moved; same sentences, still monotone.

    ``gain`` scores a bead as the search does (length, numbers, margins,
    structure) but with the real span cosine; a move must gain ``margin`` more
    than the search's two beads. Only close calls are embedded: boundaries
    where some move, scored with summed sentence vectors, comes within
    ``doubt`` of the search's choice.
    """
    starts = np.cumsum([(0, 0), *path], axis=0)[:-1]
    boundaries = [k for k in range(len(path) - 1) if _in_doubt(path[k], path[k + 1])]
    options = {k: _options(path[k], path[k + 1], max_align) for k in boundaries}

    def summed_gain(a: int, b: int, i: int, j: int) -> float:
        zh_sum, en_sum = zh_vectors[i: i + a].sum(axis=0), en_vectors[j: j + b].sum(axis=0)
        cos = float(zh_sum @ en_sum) / max(float(np.linalg.norm(zh_sum) * np.linalg.norm(en_sum)), 1e-12)
        return gain(a, b, i + a, j + b, cos)

    def close_call(k: int) -> bool:
        i0, j0 = (int(x) for x in starts[k])
        totals = [summed_gain(*f, i0, j0) + summed_gain(*g, i0 + f[0], j0 + f[1]) for f, g in options[k]]
        return len(totals) > 1 and max(totals[1:]) >= totals[0] - doubt

    boundaries = [k for k in boundaries if close_call(k)]
    zh_spans, en_spans = set(), set()
    for k in boundaries:
        i0, j0 = (int(x) for x in starts[k])
        for first, second in options[k]:
            for (a, b), (i, j) in ((first, (i0, j0)), (second, (i0 + first[0], j0 + first[1]))):
                if a > 1:
                    zh_spans.add(tuple(range(i, i + a)))
                if b > 1:
                    en_spans.add(tuple(range(j, j + b)))
    zh_real = _lookup("zh", zh_spans, zh_vectors, embed)
    en_real = _lookup("en", en_spans, en_vectors, embed)

    def bead_gain(a: int, b: int, i: int, j: int) -> float:
        return gain(a, b, i + a, j + b, float(zh_real(tuple(range(i, i + a))) @ en_real(tuple(range(j, j + b)))))

    refined = list(path)
    moved_into: set[int] = set()
    for k in boundaries:
        if k in moved_into:  # bead k was reshaped by the previous boundary: its options are stale
            continue
        i0, j0 = (int(x) for x in starts[k])
        scored = []
        for first, second in options[k]:
            total = bead_gain(*first, i0, j0) + bead_gain(*second, i0 + first[0], j0 + first[1])
            scored.append((total, first, second))
        current, best = scored[0][0], max(scored, key=lambda s: s[0])
        if best[0] > current + margin:
            refined[k], refined[k + 1] = best[1], best[2]
            moved_into.add(k + 1)
    return refined


def _in_doubt(first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Two paired beads whose shared boundary could move (one of them holds more than 1-1)."""
    return min(*first, *second) >= 1 and sum(first) + sum(second) > 4


def _options(first: tuple[int, int], second: tuple[int, int],
             max_align: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The search's two beads first, then every one-sentence boundary move that keeps both paired."""
    out = [(first, second)]
    for dz, de in _MOVES:
        a1, b1, a2, b2 = first[0] + dz, first[1] + de, second[0] - dz, second[1] - de
        if min(a1, b1, a2, b2) >= 1 and a1 + b1 <= max_align and a2 + b2 <= max_align:
            out.append(((a1, b1), (a2, b2)))
    return out


def _lookup(side: str, spans: set[tuple[int, ...]], vectors: np.ndarray,
            embed: SpanEmbedder) -> Callable[[tuple[int, ...]], np.ndarray]:
    """Vector of a span: the sentence's own for one sentence, the real span embedding otherwise."""
    ordered = sorted(spans)
    real = dict(zip(ordered, embed(side, ordered))) if ordered else {}
    return lambda ids: vectors[ids[0]] if len(ids) == 1 else real[ids]
