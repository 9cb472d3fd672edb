"""Monotone bead search: a dynamic programme restricted to a band of cells.

Coordinates count consumed sentences: cell ``(i, j)`` means the first ``i``
Chinese and ``j`` English sentences are aligned. A bead of type ``(a, b)`` moves
from ``(i - a, j - b)`` to ``(i, j)``. Row ``i`` only holds the cells
``lo[i] <= j <= hi[i]``, so time and memory grow with the band's area, not with
``n * m``. The caller picks the band (the whole matrix for short documents, a
corridor around a coarser path for long ones) and a *scorer* that returns, for
one row, the gain of every bead type ending in each of its cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

NEG = -1e18

RowGains = Callable[[int, int, int], list[np.ndarray]]


def check_band(lo: np.ndarray, hi: np.ndarray, m: int) -> None:
    """Raise ValueError unless the band is monotone, connected and spans (0, 0) to (n, m)."""
    if lo[0] != 0 or hi[-1] != m or np.any(lo > hi) or np.any(np.diff(lo) < 0) or np.any(np.diff(hi) < 0):
        raise ValueError("band must be monotone and run from (0, 0) to (n, m)")
    if np.any(lo[1:] > hi[:-1]):
        raise ValueError("consecutive band rows must overlap")


def banded_search(types: Sequence[tuple[int, int]], lo: np.ndarray, hi: np.ndarray,
                  row_gains: RowGains, null_gain: float, *,
                  tick: Callable[[int], None] | None = None) -> list[tuple[int, int]]:
    """Best-scoring monotone path of beads from (0, 0) to (n, m); returns bead types in order.

    ``types`` are the non-null bead types (a >= 1, b >= 1). ``row_gains(i, lo, hi)``
    returns one array per type with the gain of that bead ending at each cell
    of row ``i``. Null beads (1-0 and 0-1) always gain ``null_gain`` (negative),
    so every sentence can be placed and the band is always crossable. Ties
    resolve to the earliest type in ``types``, then to non-null beads, so the
    result is deterministic.
    """
    n = len(lo) - 1
    m = int(hi[-1])
    check_band(lo, hi, m)
    k_zh_null, k_en_null = len(types), len(types) + 1
    scores: list[np.ndarray] = []
    backs: list[np.ndarray] = []
    for i in range(n + 1):
        width = int(hi[i] - lo[i] + 1)
        cols = np.arange(lo[i], hi[i] + 1)
        best = np.full(width, NEG)
        back = np.full(width, -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
        else:
            gains = row_gains(i, int(lo[i]), int(hi[i]))
            for k, (a, b) in enumerate(types):
                if a > i:
                    continue
                prev = _shifted(scores[i - a], int(lo[i - a]), cols - b)
                cand = prev + gains[k]
                better = cand > best
                best = np.where(better, cand, best)
                back[better] = k
            prev = _shifted(scores[i - 1], int(lo[i - 1]), cols) + null_gain
            better = prev > best
            best = np.where(better, prev, best)
            back[better] = k_zh_null
        # 0-1 beads inside the row: best[j] = max over k <= j of best[k] + (j - k) * null_gain.
        steps = np.arange(width) * null_gain
        carried = np.maximum.accumulate(best - steps) + steps
        moved = carried > best + 1e-12
        best = np.where(moved, carried, best)
        back[moved] = k_en_null
        scores.append(best)
        backs.append(back)
        if tick is not None:
            tick(i)
    return _trace(types, lo, backs, n, m)


def _shifted(row: np.ndarray, row_lo: int, js: np.ndarray) -> np.ndarray:
    """``row`` (which starts at column ``row_lo``) read at the consecutive columns ``js``, NEG outside it."""
    out = np.full(len(js), NEG)
    start = int(js[0]) - row_lo
    lo, hi = max(start, 0), min(start + len(js), len(row))
    if lo < hi:
        out[lo - start: hi - start] = row[lo:hi]
    return out


def _trace(types, lo, backs, n: int, m: int) -> list[tuple[int, int]]:
    path: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(backs[i][j - lo[i]])
        if k < 0:
            raise RuntimeError(f"no path through cell ({i}, {j})")
        a, b = types[k] if k < len(types) else ((1, 0) if k == len(types) else (0, 1))
        path.append((a, b))
        i, j = i - a, j - b
    path.reverse()
    return path
