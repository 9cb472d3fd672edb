"""Matplotlib figures for alignment and glossary studies (extra ``[notebooks]``).

Every function draws on ``ax`` (a new figure when none is given) and returns the
axes, so notebooks can combine panels. The numbers come from the library
(:mod:`parallel_corpus.review`, :mod:`parallel_corpus.studies`, the glossary);
nothing here computes alignment evidence of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.ft2font import FT2Font
from matplotlib.patches import Rectangle

from parallel_corpus.encoders import Encoder
from parallel_corpus.review import similarity_heatmap
from parallel_corpus.studies import BeadCheck, TypeRecall, bead_type_counts
from parallel_corpus.types import Alignment, Bead


def _axes(ax: Axes | None, size: tuple[float, float] = (6.0, 4.0)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def plot_similarity(alignment: Alignment, matrix: np.ndarray | None = None, *,
                    encoder: str | Encoder = "use", ax: Axes | None = None) -> Axes:
    """Sentence similarity heatmap (zh down, en across) with the beads drawn as boxes.

    ``matrix`` is :func:`parallel_corpus.review.similarity_heatmap`'s output
    (full or block-maximum summary); when omitted it is computed with
    ``encoder`` (use the aligner's). Paired beads are orange boxes over the
    cells they join, unpaired sentences red marks on the path.
    """
    n_zh, n_en = len(alignment.document.zh), len(alignment.document.en)
    if matrix is None:
        matrix = similarity_heatmap(alignment, encoder)
    ax = _axes(ax, (7.0, 7.0 * max(n_zh, 1) / max(n_en, 1)))
    if n_zh and n_en:
        low, high = np.percentile(matrix, [1, 99])
        image = ax.imshow(matrix, cmap="Blues", vmin=low, vmax=high, extent=(0, n_en, n_zh, 0),
                          aspect="auto", interpolation="nearest")
        ax.figure.colorbar(image, ax=ax, shrink=0.8, label="cosine (centred embeddings)")
    zh_at = en_at = 0
    for bead in alignment.beads:
        if bead.is_null:
            ax.plot(en_at + len(bead.en) / 2, zh_at + len(bead.zh) / 2, "x", color="#c92a2a", markersize=5)
        else:
            ax.add_patch(Rectangle((en_at, zh_at), len(bead.en), len(bead.zh), fill=False,
                                   edgecolor="#e8590c", linewidth=0.9))
        zh_at, en_at = zh_at + len(bead.zh), en_at + len(bead.en)
    ax.set_xlim(0, max(n_en, 1))
    ax.set_ylim(max(n_zh, 1), 0)
    ax.set_xlabel("English sentence")
    ax.set_ylabel("Chinese sentence")
    ax.set_title(f"{alignment.document.name}: similarity and alignment path")
    return ax


def plot_bead_types(beads: Sequence[Bead], ax: Axes | None = None) -> Axes:
    """Bar chart of bead types (zh-en sentence counts), most common first."""
    counts = bead_type_counts(beads)
    ax = _axes(ax)
    bars = ax.bar(list(counts), list(counts.values()), color="#5b7bb5")
    ax.bar_label(bars)
    ax.set_xlabel("bead type (zh-en sentences)")
    ax.set_ylabel("beads")
    ax.set_title("Bead types")
    return ax


def plot_score_histogram(beads: Sequence[Bead], ax: Axes | None = None, *, bins: int = 20,
                         threshold: float | None = None) -> Axes:
    """Distribution of bead scores (paired beads; nulls score 0 by definition), with an optional threshold line."""
    scores = [b.score for b in beads if not b.is_null]
    ax = _axes(ax)
    ax.hist(scores, bins=bins, range=(0.0, 1.0), color="#5b7bb5", edgecolor="white")
    if threshold is not None:
        ax.axvline(threshold, color="#c92a2a", linestyle="--", label=f"threshold {threshold:g}")
        ax.legend()
    ax.set_xlabel("bead score")
    ax.set_ylabel("beads")
    ax.set_title(f"Scores of {len(scores)} paired beads")
    return ax


def plot_errors_along_document(checks: Sequence[BeadCheck], ax: Axes | None = None, *,
                               window: int = 25, label: str | None = None) -> Axes:
    """Wrong beads (ticks at the bottom) and the running error rate over ``window`` beads.

    Errors that cluster (a drifting stretch, a missed paragraph) show as a hump;
    isolated misses as single ticks.
    """
    ax = _axes(ax, (8.0, 3.0))
    positions = np.array([c.position for c in checks])
    wrong = np.array([not c.correct for c in checks], dtype=float)
    top = 0.1
    if len(checks):
        width = max(1, min(window, len(checks)))
        rate = np.convolve(wrong, np.ones(width) / width, mode="same")
        line, = ax.plot(positions, rate, label=label or f"error rate ({width} beads)")
        ax.plot(positions[wrong > 0], np.zeros(int(wrong.sum())), "|", color=line.get_color(),
                markersize=12)
        top = max(top, 1.15 * float(rate.max()))
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.03, max(top, ax.get_ylim()[1]))  # only grows: several documents may share the axes
    ax.set_xlabel("position in the document (share of sentences before the bead)")
    ax.set_ylabel("wrong beads")
    ax.legend(loc="upper right")
    return ax


def plot_recall_by_type(recalls: Sequence[TypeRecall], ax: Axes | None = None) -> Axes:
    """Strict recall per gold bead type, each bar labelled with found/gold counts."""
    ax = _axes(ax)
    bars = ax.bar([r.bead_type for r in recalls], [r.recall for r in recalls], color="#5b7bb5")
    ax.bar_label(bars, labels=[f"{r.found}/{r.gold}" for r in recalls])
    ax.set_ylim(0, 1.1)
    ax.set_xlabel("gold bead type (zh-en sentences)")
    ax.set_ylabel("strict recall")
    ax.set_title("Recall per bead type")
    return ax


def chinese_font() -> str | None:
    """Family name of an installed font with Chinese glyphs, or None.

    Matplotlib's default fonts have none; without such a font Chinese labels
    would draw as empty boxes, so the glossary plots label in English instead.
    """
    for entry in font_manager.fontManager.ttflist:
        if entry.name.startswith("Last Resort"):
            continue  # matplotlib's own placeholder font: a box for every character
        try:
            if FT2Font(entry.fname).get_char_index(ord("权")):
                return entry.name
        except (OSError, RuntimeError, ValueError):
            continue
    return None


def _term_labels(terms: Sequence) -> tuple[list[str], dict]:
    """Tick labels ``zh  en`` with a Chinese-capable font, else ``en`` alone."""
    family = chinese_font()
    if family is None:
        return [t.en for t in terms], {}
    return [f"{t.zh}  {t.en}" for t in terms], {"fontfamily": [family, "DejaVu Sans"]}


def plot_term_frequencies(terms: Sequence, ax: Axes | None = None, *, top: int = 25) -> Axes:
    """Horizontal bars per glossary entry: beads with the zh term, with the en rendering, with both.

    ``terms`` are :class:`parallel_corpus.glossary.TermPair` rows (best first).
    Labels show the Chinese term only when a font with Chinese glyphs is installed
    (:func:`chinese_font`); the English rendering is always there.
    """
    rows = list(terms[:top])[::-1]
    ax = _axes(ax, (7.0, 0.3 * len(rows) + 1.0))
    y = np.arange(len(rows))
    height = 0.27
    ax.barh(y + height, [r.zh_freq for r in rows], height, label="zh term", color="#5b7bb5")
    ax.barh(y, [r.en_freq for r in rows], height, label="en rendering", color="#94b3e0")
    ax.barh(y - height, [r.pair_freq for r in rows], height, label="both in one bead", color="#e8590c")
    labels, font = _term_labels(rows)
    ax.set_yticks(y, labels, **font)
    ax.set_xlabel("aligned beads")
    ax.set_title(f"Top {len(rows)} glossary entries: frequencies"
                 + ("" if font else "\n(labelled in English: no font with Chinese glyphs installed)"))
    ax.legend(loc="lower right")
    return ax


def plot_association(rows: Sequence, ax: Axes | None = None, *, wrong: Collection[str] = ()) -> Axes:
    """Dice against log-likelihood, one point per glossary entry; entries in ``wrong`` (zh terms) in red.

    ``rows`` are :class:`parallel_corpus.studies.Association`. Dice rewards
    consistent pairs whatever their frequency; log-likelihood grows with evidence,
    so frequent pairs stand out and rare exact pairs sink.
    """
    ax = _axes(ax, (6.0, 4.5))
    bad = [r for r in rows if r.zh in wrong]
    good = [r for r in rows if r.zh not in wrong]
    if bad:
        ax.scatter([r.dice for r in bad], [r.log_likelihood for r in bad], s=14, color="#c92a2a",
                   alpha=0.6, label="not in the reference")
    ax.scatter([r.dice for r in good], [r.log_likelihood for r in good], s=14, color="#1c7ed6",
               alpha=0.8, label="reference rendering" if wrong else "entry")
    ax.set_yscale("symlog", linthresh=10)
    ax.set_xlabel("Dice")
    ax.set_ylabel("log-likelihood (G²)")
    ax.set_title("Association of each glossary entry")
    ax.legend()
    return ax
