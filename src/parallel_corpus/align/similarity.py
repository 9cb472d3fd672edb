"""Bead gains for the search: span similarity, margin, length, numbers, structure.

A span's vector is the normalised sum of its sentences' (centred) vectors, so
the similarity of every candidate bead follows from single-sentence vectors by
one small matrix product per row: nothing but single sentences is embedded for
the search itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from parallel_corpus.align.evidence import prefix


@dataclass(frozen=True)
class GainParams:
    """Weights of the bead gain (tuned on the dev sets, see docs/benchmarks.md)."""

    null_gain: float = -0.35         # per unpaired sentence
    extra_sentence_cost: float = 0.1  # per sentence beyond 1-1 (merged spans look too good)
    both_sides_cost: float = 0.1    # extra, for beads with several sentences on both sides
    margin_weight: float = 0.5      # CSLS-like hubness correction
    length_weight: float = 0.8      # times the squared log length ratio
    length_smoothing: float = 30.0  # bytes added to both sides before the ratio
    number_weight: float = 0.3      # bonus for digits shared by both sides
    number_miss_weight: float = 0.1  # malus for digits found on one side only
    heading_weight: float = 0.3     # heading paired with heading, not with body text
    mixed_heading_cost: float = 1.0  # a side joining a heading and body text in one bead
    paragraph_weight: float = 0.5   # per paragraph break inside a span (translators keep paragraphs)
    quote_weight: float = 0.1       # one side closes a quotation, the other does not
    open_quote_weight: float = 0.1  # one side ends inside a quotation (a speech runs on), the other does not
    size_power: float = 0.5         # bead value weighted by (sentences / 2) ** power
    refine_margin: float = 0.15     # gain a boundary move must win by with real span embeddings (refine.py)
    refine_doubt: float = 0.2       # summed-vector gain gap within which a boundary is re-checked (refine.py)


@dataclass(eq=False)
class SideFacts:
    """What the search knows about each sentence of one language, with prefix sums for span lookups.

    Only ``vectors`` and ``lengths`` are needed; each other fact adds its evidence to the gain.
    """

    vectors: np.ndarray               # (n, d) float32, centred and normalised
    lengths: np.ndarray               # (n,) UTF-8 bytes
    margin: np.ndarray | None = None  # (n,) mean similarity to nearest neighbours (the search adds it)
    numbers: Sequence[frozenset] | None = None  # number keys of each sentence
    headings: np.ndarray | None = None  # (n,) 1.0 for headings and titles
    breaks: np.ndarray | None = None    # (n,) 1.0 where a new paragraph starts
    quotes: np.ndarray | None = None    # (n,) 1.0 where a sentence closes a quotation
    in_quote: np.ndarray | None = None  # (n,) 1.0 where a quotation is still open after a sentence
    n: int = field(init=False)
    p_len: np.ndarray = field(init=False)
    p_margin: np.ndarray | None = field(init=False)
    p_heading: np.ndarray | None = field(init=False)
    p_break: np.ndarray | None = field(init=False)
    with_numbers: np.ndarray = field(init=False)        # indices of sentences holding a number
    p_count: np.ndarray | None = field(init=False)      # prefix sums of number-key counts

    def __post_init__(self):
        self.vectors = np.ascontiguousarray(self.vectors, dtype=np.float32)
        self.n = len(self.vectors)
        self.p_len = prefix(self.lengths)
        self.p_margin = prefix(self.margin) if self.margin is not None else None
        self.p_heading = prefix(self.headings) if self.headings is not None else None
        self.p_break = prefix(self.breaks) if self.breaks is not None else None
        self.with_numbers = (np.array([k for k, keys in enumerate(self.numbers) if keys], dtype=np.int64)
                             if self.numbers is not None else np.zeros(0, dtype=np.int64))
        self.p_count = (prefix(np.array([len(k) for k in self.numbers], dtype=np.float64))
                        if self.numbers is not None and any(self.numbers) else None)

    def number_counts(self) -> np.ndarray | None:
        """How many number keys each sentence holds (None without numbers)."""
        return None if self.numbers is None else np.array([len(k) for k in self.numbers], dtype=np.float64)

    def span_norms(self, max_len: int) -> list[np.ndarray]:
        """``norms[s][i]``: norm of the summed vectors of sentences ``i-s..i-1`` (s >= 1)."""
        norms = [np.zeros(0)]
        running = np.zeros_like(self.vectors)
        for s in range(1, max_len + 1):
            norm = np.ones(self.n + 1)
            if s <= self.n:
                running[s - 1:] += self.vectors[: self.n - s + 1]
                norm[s:] = np.linalg.norm(running[s - 1:], axis=1)
            norms.append(np.maximum(norm, 1e-6))
        return norms


class SpanScorer:
    """Gains of beads ``(a, b)`` ending at cell ``(i, j)``, row by row, for :func:`banded_search`."""

    def __init__(self, zh: SideFacts, en: SideFacts, types: Sequence[tuple[int, int]],
                 params: GainParams, ratio: float):
        self.zh, self.en, self.types, self.params, self.ratio = zh, en, list(types), params, ratio
        self.max_a = max(a for a, _ in self.types)
        self.max_b = max(b for _, b in self.types)
        self.zh_norms = zh.span_norms(self.max_a)
        self.en_norms = en.span_norms(self.max_b)

    def row_source(self, lo: np.ndarray, hi: np.ndarray, budget: int = 2_000_000):
        """A ``row_gains(i, lo_i, hi_i)`` for :func:`banded_search` over the band ``lo``/``hi``.

        Gains are computed for blocks of consecutive rows at once (numpy over
        rows x cells x types), ``budget`` floats of gathered vectors at a time.
        """
        n = len(lo) - 1
        block_start, block_stop = -1, -1
        block_gains: list[np.ndarray] = []

        def row_gains(i: int, lo_i: int, hi_i: int) -> list[np.ndarray]:
            nonlocal block_start, block_stop, block_gains
            if not block_start <= i < block_stop:
                width = int(hi[i] - lo[i] + 1)
                rows = max(1, min(512, budget // max((width + self.max_b) * self.zh.vectors.shape[1], 1)))
                stop = min(n + 1, i + rows)
                span = int((hi[i:stop] - lo[i:stop]).max()) + 1
                block_start, block_stop = i, stop
                block_gains = self.block(np.arange(i, stop), lo[i:stop], span)
            r = i - block_start
            return [g[r, : hi_i - lo_i + 1] for g in block_gains]

        return row_gains

    def block(self, rows: np.ndarray, lo_rows: np.ndarray, width: int) -> list[np.ndarray]:
        """Gains (one (R, width) array per type) of beads ending at cells ``(rows[r], lo_rows[r] + w)``."""
        a_max, b_max = self.max_a, self.max_b
        zh_vec, en_vec = self.zh.vectors, self.en.vectors
        m, n_zh = len(en_vec), len(zh_vec)
        dim = zh_vec.shape[1]
        spans = np.zeros((len(rows), a_max, dim), dtype=np.float32)
        running = np.zeros((len(rows), dim), dtype=np.float32)
        for a in range(1, a_max + 1):
            idx = rows - a
            ok = idx >= 0
            running[ok] += zh_vec[idx[ok]]
            spans[:, a - 1] = running
        offsets = np.arange(width + b_max) - b_max
        if np.all(lo_rows == lo_rows[0]):
            ext = lo_rows[0] + offsets
            inside = (ext >= 0) & (ext < m)
            gathered = np.zeros((len(ext), dim), dtype=np.float32)
            gathered[inside] = en_vec[ext[inside]]
            dots = np.einsum("rad,xd->rax", spans, gathered)
        else:
            ext = lo_rows[:, None] + offsets[None, :]
            inside = (ext >= 0) & (ext < m)
            gathered = en_vec[np.clip(ext, 0, m - 1)] * inside[..., None]
            dots = np.einsum("rad,rxd->rax", spans, gathered)
        cum = np.zeros((len(rows), a_max, width + b_max + 1))
        np.cumsum(dots, axis=2, out=cum[:, :, 1:])
        shared = self._shared_numbers(rows, lo_rows, width)
        i = rows[:, None]
        js = np.minimum(lo_rows[:, None] + np.arange(width)[None, :], m)
        out = []
        for a, b in self.types:
            if a > n_zh:
                out.append(np.full((len(rows), width), -1e18))
                continue
            # cum[..., k] sums en sentences before frame column k; sentence q sits at q - lo + b_max.
            dot = cum[:, a - 1, b_max: b_max + width] - cum[:, a - 1, b_max - b: b_max - b + width]
            sh = None if shared is None else (shared[:, a - 1, b_max: b_max + width]
                                              - shared[:, a - 1, b_max - b: b_max - b + width])
            ok = (js - b >= 0) & (i >= a)
            starts = np.maximum(js - b, 0)
            gain = self.gain(a, b, np.clip(i, a, n_zh), js, starts, dot, sh)  # invalid cells masked below
            out.append(np.where(ok, gain, -1e18))
        return out

    def _shared_numbers(self, rows: np.ndarray, lo_rows: np.ndarray, width: int) -> np.ndarray | None:
        """Cumulative counts (in the block's column frame) of en numbers also in each zh span."""
        zh_numbers, en_numbers = self.zh.numbers, self.en.numbers
        if zh_numbers is None or en_numbers is None or self.zh.p_count is None or self.en.p_count is None:
            return None
        a_max, b_max = self.max_a, self.max_b
        p_count = self.zh.p_count
        with_numbers = self.en.with_numbers
        counts = None
        for r, i in enumerate(rows):
            first_zh = max(int(i) - a_max, 0)
            if p_count[i] == p_count[first_zh]:
                continue
            if counts is None:
                counts = np.zeros((len(rows), a_max, width + b_max + 1))
            ext_lo = int(lo_rows[r]) - b_max
            first, last = np.searchsorted(with_numbers, [max(ext_lo, 0), ext_lo + width + b_max])
            keys: frozenset = frozenset()
            for a in range(1, min(a_max, int(i)) + 1):
                keys = keys | zh_numbers[i - a]
                if not keys:
                    continue
                for j in with_numbers[first:last]:
                    counts[r, a - 1, j - ext_lo + 1] = len(en_numbers[j] & keys)
        return None if counts is None else np.cumsum(counts, axis=2)

    def gain(self, a: int, b: int, i: int, js: np.ndarray, starts: np.ndarray, dot: np.ndarray,
             shared: np.ndarray | None) -> np.ndarray:
        """Gain of beads (a, b) ending at (i, js); ``dot`` is the dot product of the span sums."""
        p = self.params
        cos = dot / (self.zh_norms[a][i] * self.en_norms[b][js])
        value = cos - self.length_penalty(a, i, js, starts)
        if p.margin_weight and self.zh.p_margin is not None and self.en.p_margin is not None:
            value = value - p.margin_weight * 0.5 * (
                (self.zh.p_margin[i] - self.zh.p_margin[i - a]) / a
                + (self.en.p_margin[js] - self.en.p_margin[starts]) / b)
        value = value + self.number_term(a, i, js, starts, shared)
        gain = (0.5 * (a + b)) ** p.size_power * value - p.extra_sentence_cost * (a + b - 2)
        if a > 1 and b > 1:
            gain -= p.both_sides_cost
        return gain + self.structure_term(a, i, js, starts)

    def length_penalty(self, a: int, i: int, js, starts) -> np.ndarray:
        p = self.params
        zh_len = self.zh.p_len[i] - self.zh.p_len[i - a]
        en_len = self.en.p_len[js] - self.en.p_len[starts]
        s = p.length_smoothing
        return p.length_weight * np.log((zh_len + s) / (self.ratio * en_len + s)) ** 2

    def number_term(self, a: int, i: int, js, starts, shared) -> np.ndarray | float:
        if self.zh.p_count is None or self.en.p_count is None:
            return 0.0
        p = self.params
        total = (self.zh.p_count[i] - self.zh.p_count[i - a]) + (self.en.p_count[js] - self.en.p_count[starts])
        matched = 2 * shared if shared is not None else 0.0
        matched = np.minimum(matched, total)
        safe = np.maximum(total, 1.0)
        return np.where(total > 0, (p.number_weight * matched - p.number_miss_weight * (total - matched)) / safe, 0.0)

    def structure_term(self, a: int, i: int, js, starts) -> np.ndarray | float:
        p = self.params
        term: np.ndarray | float = 0.0
        if self.zh.p_heading is not None and self.en.p_heading is not None:
            zh_count = self.zh.p_heading[i] - self.zh.p_heading[i - a]
            en_count = self.en.p_heading[js] - self.en.p_heading[starts]
            zh_h, en_h = zh_count > 0, en_count > 0
            term = term + p.heading_weight * (zh_h & en_h).astype(float) - p.heading_weight * (zh_h ^ en_h)
            mixed = (zh_h & (zh_count < a)).astype(float) + (en_h & (en_count < js - starts))
            term = term - p.mixed_heading_cost * mixed
        if p.quote_weight and self.zh.quotes is not None and self.en.quotes is not None:
            term = term - p.quote_weight * np.abs(self.zh.quotes[i - 1] - self.en.quotes[np.maximum(js - 1, 0)])
        if p.open_quote_weight and self.zh.in_quote is not None and self.en.in_quote is not None:
            term = term - p.open_quote_weight * np.abs(self.zh.in_quote[i - 1]
                                                       - self.en.in_quote[np.maximum(js - 1, 0)])
        if self.zh.p_break is not None and a > 1:
            term = term - p.paragraph_weight * (self.zh.p_break[i] - self.zh.p_break[i - a + 1])
        if self.en.p_break is not None:
            inner_en = np.where(js - starts > 1, self.en.p_break[js] - self.en.p_break[np.minimum(starts + 1, js)], 0.0)
            term = term - p.paragraph_weight * inner_en
        return term

    def gain_with_cosine(self, a: int, b: int, i: int, j: int, cos: float) -> float:
        """The search's gain of bead (a, b) ending at (i, j), with ``cos`` in place of the span cosine."""
        dot = np.array([cos * self.zh_norms[a][i] * self.en_norms[b][j]])
        shared = self._shared_at(a, b, i, j)
        return float(np.asarray(self.gain(a, b, i, np.array([j]), np.array([j - b]), dot, shared)).ravel()[0])

    def _shared_at(self, a: int, b: int, i: int, j: int) -> np.ndarray | None:
        """How many of the en span's numbers the zh span also holds, for one bead (None without numbers)."""
        zh_numbers, en_numbers = self.zh.numbers, self.en.numbers
        if zh_numbers is None or en_numbers is None or self.zh.p_count is None or self.en.p_count is None:
            return None
        keys: frozenset = frozenset().union(*zh_numbers[i - a: i])
        return np.array([float(sum(len(en_numbers[q] & keys) for q in range(j - b, j)))])

    def bead_numbers(self, a: int, b: int, i: int, j: int) -> float:
        """The number term of one bead (a, b) ending at (i, j): for its score."""
        shared = self._shared_at(a, b, i, j)
        if shared is None:
            return 0.0
        return float(np.asarray(self.number_term(a, i, np.array([j]), np.array([j - b]), shared)).ravel()[0])
