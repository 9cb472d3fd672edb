"""Bead scores calibrated on the document itself.

One fixed mapping from similarity to probability cannot fit every document: a
verbose legal translation (five English bytes per Chinese byte, with
definitions spelled out) and a literary one (loose, low cosines) put their
true pairs at very different cosines and length ratios. So each document
fits its own model on its own beads:

- the length expectation is the document's: the median and spread (MAD) of
  the log length ratio over the search's beads, not one ratio for all;
- a logistic model of "search bead" against "near miss" on three features
  (span cosine plus the number agreement, the squared length deviation in the
  document's spreads, a bias) is fitted with the search's beads as positives
  and their near misses as negatives (the English span shifted one or two
  sentences, either span grown or shrunk by one sentence), the two classes
  weighted alike. The fit is pulled towards the fixed mapping measured on the
  dev sets (a Gaussian prior), so a short document keeps that mapping.
- The search's beads mix true units with mistakes that look like near misses,
  so the model's odds r are pi * true/miss + (1 - pi); beads two sentences off
  (surely wrong) show the floor 1 - pi, and a bead's score is 1 - (1 - pi) / r,
  or the fixed mapping's probability where that is higher.
  The floor is never below the mistake share the fixed mapping expects, so a
  search through text that is no translation (each bead merely the best of
  its noisy neighbours) still scores low.

A score is then the probability that a bead is a true translation unit; its
reliability on the dev sets, the sample gold and the laws is in
docs/benchmarks.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from parallel_corpus.align.evidence import prefix

_MAX_DEVIATION = 16.0  # four spreads, squared
# (a, b, i, j) changes of a bead ending at (i, j): English span shifted; a span grown or shrunk at its end or start.
_MOVES = ((0, 0, 0, -2), (0, 0, 0, -1), (0, 0, 0, 1), (0, 0, 0, 2),
          (0, 1, 0, 1), (0, -1, 0, -1), (0, 1, 0, 0), (0, -1, 0, 0),
          (1, 0, 1, 0), (-1, 0, -1, 0), (1, 0, 0, 0), (-1, 0, 0, 0))


@dataclass(frozen=True)
class CalibrationParams:
    """The prior mapping (fitted on the dev sets) and how strongly a document's own fit is pulled to it."""

    slope: float = 11.8          # logistic(slope * (cos + numbers - length_weight * log_dev^2 - midpoint))
    midpoint: float = 0.29
    length_weight: float = 0.8
    prior_strength: float = 2.0  # Gaussian prior precision on the three weights
    min_spread: float = 0.1      # floor of the document's log-ratio spread
    min_beads: int = 8           # fewer paired beads: keep the prior mapping


class BeadFeatures:
    """Span cosine, number agreement and log length ratio of any bead, from per-sentence facts."""

    def __init__(self, zh_vectors: np.ndarray, en_vectors: np.ndarray, zh_lengths: np.ndarray,
                 en_lengths: np.ndarray, ratio: float, smoothing: float,
                 number_term: Callable[[int, int, int, int], float],
                 number_counts: tuple[np.ndarray, np.ndarray] | None = None):
        """``number_counts``: how many numbers each zh and en sentence holds; beads without any
        skip ``number_term`` (one Python call per bead)."""
        self.zh_sum = _prefix_rows(zh_vectors)
        self.en_sum = _prefix_rows(en_vectors)
        self.zh_len, self.en_len = prefix(zh_lengths), prefix(en_lengths)
        self.ratio, self.smoothing, self.number_term = ratio, smoothing, number_term
        self.counts = None if number_counts is None else (prefix(number_counts[0]), prefix(number_counts[1]))

    def __call__(self, beads: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(cosine + number term, log length ratio) of beads given as rows (a, b, i, j), ending at (i, j)."""
        a, b, i, j = beads.T
        zh = self.zh_sum[i] - self.zh_sum[i - a]
        en = self.en_sum[j] - self.en_sum[j - b]
        norms = np.maximum(np.linalg.norm(zh, axis=1) * np.linalg.norm(en, axis=1), 1e-12)
        sim = (np.einsum("kd,kd->k", zh, en) / norms).astype(np.float64)
        if self.counts is not None:
            zh_count, en_count = self.counts
            with_numbers = np.flatnonzero((zh_count[i] - zh_count[i - a]) + (en_count[j] - en_count[j - b]) > 0)
            for k in with_numbers:
                sim[k] += self.number_term(*(int(x) for x in beads[k]))
        s = self.smoothing
        log_ratio = np.log((self.zh_len[i] - self.zh_len[i - a] + s)
                           / (self.ratio * (self.en_len[j] - self.en_len[j - b]) + s))
        return sim, log_ratio


def _prefix_rows(vectors: np.ndarray) -> np.ndarray:
    """Row prefix sums with a leading zero row (float32: span sums of unit vectors stay exact enough)."""
    out = np.zeros((len(vectors) + 1, vectors.shape[1]), dtype=np.float32)
    np.cumsum(vectors, axis=0, out=out[1:])
    return out


def calibrated_scores(path: Sequence[tuple[int, int]], features: BeadFeatures, n: int, m: int,
                      params: CalibrationParams = CalibrationParams()) -> list[float]:
    """One score per bead of ``path`` (0 for null beads), from a model fitted on this document."""
    ends = np.cumsum(np.array([(0, 0), *path]), axis=0)[1:]
    paired = np.array([(a, b, i, j) for (a, b), (i, j) in zip(path, ends) if a and b], dtype=np.int64)
    if len(paired) == 0:
        return [0.0] * len(path)
    sim, log_ratio = features(paired)
    centre, spread = _location(log_ratio, params)
    weights = _prior(params, spread)
    negatives, far = _near_misses(paired, n, m)
    probs = 1.0 / (1.0 + np.exp(-(_design(sim, log_ratio, centre, spread) @ weights)))
    if len(paired) >= params.min_beads and len(negatives):
        neg_sim, neg_ratio = features(negatives)
        x_pos, x_neg = _design(sim, log_ratio, centre, spread), _design(neg_sim, neg_ratio, centre, spread)
        y = np.concatenate([np.ones(len(paired)), np.zeros(len(negatives))])
        w = np.concatenate([np.ones(len(paired)), np.full(len(negatives), len(paired) / len(negatives))])
        x = np.vstack([x_pos, x_neg])
        fitted = _fit_logistic(x, y, w, weights, params.prior_strength)
        if fitted[1] > 0:  # a bead cannot get likelier by a worse length: drop that feature instead
            weights[1] = 0.0
            fitted = _fit_logistic(x * np.array([1.0, 0.0, 1.0]), y, w, weights, params.prior_strength)
        weights = fitted
        # The odds r(x) of "a search bead" against "a near miss" mix true beads with the search's
        # mistakes, which look like near misses: r = pi * true/miss + (1 - pi). Beads two sentences
        # off, surely wrong, show 1 - pi; the true share of a bead's odds is then 1 - (1 - pi) / r.
        odds_pos = np.exp(np.clip(x_pos @ weights, -30, 30))
        odds_far = np.exp(np.clip(x_neg[far] @ weights, -30, 30))
        floor = float(np.median(odds_far)) if len(odds_far) else 0.0
        # The dev-set mapping bounds the share of mistakes from below, so that a search that found
        # no translation at all (every bead a local best among noise) is not taken at its word.
        floor = min(max(floor, 1.0 - float(probs.mean())), 1.0)
        # Never below the fixed mapping: a bead the document's model rules out but that looks
        # like a translation by the dev sets' measure is more often right than not.
        probs = np.maximum(np.clip(1.0 - floor / odds_pos, 0.0, 1.0), probs)
    out, k = [], 0
    for a, b in path:
        if a and b:
            out.append(float(probs[k]))
            k += 1
        else:
            out.append(0.0)
    return out


def _location(log_ratio: np.ndarray, params: CalibrationParams) -> tuple[float, float]:
    """The document's typical log length ratio and its spread (median, 1.4826 x MAD, floored)."""
    centre = float(np.median(log_ratio))
    spread = 1.4826 * float(np.median(np.abs(log_ratio - centre)))
    return centre, max(spread, params.min_spread)


def _design(sim: np.ndarray, log_ratio: np.ndarray, centre: float, spread: float) -> np.ndarray:
    """Features: similarity, squared length deviation in spreads (capped: one outlier must not steer the fit), 1."""
    deviation = np.minimum(((log_ratio - centre) / spread) ** 2, _MAX_DEVIATION)
    return np.column_stack([sim, deviation, np.ones(len(sim))])


def _prior(params: CalibrationParams, spread: float) -> np.ndarray:
    """The fixed dev-set mapping written in this document's features."""
    return np.array([params.slope, -params.slope * params.length_weight * spread ** 2,
                     -params.slope * params.midpoint])


def _near_misses(paired: np.ndarray, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Beads next to each search bead: the English span shifted by one or two sentences, and either
    span grown or shrunk by one sentence at either end (the mistakes a search makes). Also says
    which are far (shifted by two: surely wrong)."""
    rows, far = [], []
    for move in _MOVES:
        moved = paired + np.array(move)
        a, b, i, j = moved.T
        ok = (a >= 1) & (b >= 1) & (i - a >= 0) & (j - b >= 0) & (i <= n) & (j <= m)
        rows.append(moved[ok])
        far.append(np.full(int(ok.sum()), abs(move[3]) == 2 and move[1] == 0))
    return np.vstack(rows), np.concatenate(far)


def _fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, prior: np.ndarray, strength: float,
                  steps: int = 25) -> np.ndarray:
    """Weighted logistic regression with a Gaussian prior centred on ``prior`` (Newton steps)."""
    beta = prior.copy()
    scale = w.sum() / max(float((w > 0).sum()), 1.0)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        grad = x.T @ (w * (p - y)) / scale + strength * (beta - prior)
        hess = (x * (w * p * (1 - p))[:, None]).T @ x / scale + strength * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        step *= min(1.0, 5.0 / max(float(np.abs(step).max()), 1e-12))  # damped: no jump past the data
        beta = beta - step
        if np.abs(step).max() < 1e-6:
            break
    return beta
