"""The n-m sentence aligner: embed single sentences once, search coarse to fine.

1. Embed every distinct sentence once, centre each language's vectors over the
   document (removes the shared direction that inflates every cosine).
2. Find a corridor: for long documents, halve both sides (pairs of sentences
   summed) until the whole matrix is small, align there, and project the path
   back down as a band of ``band`` cells either side; short documents use the
   whole matrix. Time and memory grow linearly with document length.
3. Search the band for the best sequence of beads up to ``max_align``
   sentences (a + b <= max_align, plus 1-0 / 0-1) with the gains of
   :mod:`similarity`: span cosine (span vector = normalised sum of its
   sentences' vectors) corrected for hubness, a length model on UTF-8 bytes
   with the document's own ratio, shared numbers, headings and paragraph breaks.
4. When the encoder is at hand (:func:`align_sentences`), re-decide the
   boundaries next to beads larger than 1-1 with real embeddings of the
   concatenated spans (:mod:`refine`).
5. Score each bead with a model fitted on the document's own beads against
   their near misses (:mod:`calibrate`).
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from threadpoolctl import threadpool_limits

from parallel_corpus.align.calibrate import BeadFeatures, CalibrationParams, calibrated_scores
from parallel_corpus.align.dp import banded_search
from parallel_corpus.align.evidence import (
    closes_quote,
    inside_quotation,
    length_ratio,
    number_keys,
    paragraph_breaks,
    utf8_lengths,
)
from parallel_corpus.align.refine import SpanEmbedder, join_sentences, refine_path
from parallel_corpus.align.similarity import GainParams, SideFacts, SpanScorer
from parallel_corpus.encoders import CachedEncoder, Encoder, centre, encode_unique, get_encoder, normalise_rows
from parallel_corpus.types import LARGEST_MAX_ALIGN, Alignment, Bead, SegmentedDocument, Sentence


@dataclass(frozen=True)
class SearchParams:
    """How the search is laid out (quality/speed), apart from the gain weights."""

    full_cells: int = 250_000     # align the whole matrix when n * m is at most this
    band: int = 12                # half-width of the corridor around a coarse path
    margin_k: int = 4             # neighbours averaged for the hubness correction
    gains: GainParams = field(default_factory=GainParams)
    scores: CalibrationParams = field(default_factory=CalibrationParams)


def bead_types(max_align: int) -> list[tuple[int, int]]:
    """Non-null bead types with a + b <= max_align, 1-1 first, then by size."""
    if not 2 <= max_align <= LARGEST_MAX_ALIGN:
        raise ValueError(f"max_align must be between 2 (1-1 beads) and {LARGEST_MAX_ALIGN}, got {max_align}")
    types = [(a, s - a) for s in range(2, max_align + 1) for a in range(1, s)]
    return sorted(types, key=lambda t: (t[0] + t[1], abs(t[0] - t[1]), t))


def align_document(doc: SegmentedDocument, encoder: str | Encoder = "use", *, max_align: int = 5,
                   progress: bool = False) -> Alignment:
    """Align a segmented document, using its headings and paragraphs as extra evidence.

    The document's anchors (rows of a bilingual table) cut it into pieces aligned
    one by one, so no bead crosses a row that the file itself pairs.
    """
    encoder = get_encoder(encoder)
    zh, en = doc.views("zh"), doc.views("en")
    pieces = _pieces(doc.anchors, len(zh), len(en))
    if len(pieces) > 1:  # embed every sentence in one call; the pieces then read them back
        encoder = encoder if isinstance(encoder, CachedEncoder) else CachedEncoder(encoder)
        encoder.encode([*zh, *en])
    beads: list[Bead] = []
    for (i0, j0), (i1, j1) in pieces:
        found = align_sentences(zh[i0:i1], en[j0:j1], encoder, zh_units=doc.zh[i0:i1], en_units=doc.en[j0:j1],
                                max_align=max_align, progress=progress and len(pieces) == 1)
        beads += [Bead(tuple(i + i0 for i in b.zh), tuple(j + j0 for j in b.en), b.score, b.flags) for b in found]
    return Alignment(doc, tuple(beads), encoder=encoder.name)


def _pieces(anchors: Sequence[tuple[int, int]], n: int, m: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) sentence corners of the pieces between anchors that cut both sides."""
    cuts = [(0, 0)]
    for i, j in anchors:
        if cuts[-1][0] < i < n and cuts[-1][1] < j < m:
            cuts.append((i, j))
    cuts.append((n, m))
    return list(itertools.pairwise(cuts))


def align_sentences(zh: Sequence[str], en: Sequence[str], encoder: str | Encoder = "use", *,
                    zh_units: Sequence[Sentence] | None = None, en_units: Sequence[Sentence] | None = None,
                    max_align: int = 5, progress: bool = False,
                    params: SearchParams | None = None) -> list[Bead]:
    """Align two sentence lists; beads cover every sentence once, in order.

    ``zh_units``/``en_units`` (the :class:`Sentence` objects behind the texts)
    add headings and paragraph breaks as evidence.

    Each bead's ``score`` estimates the probability that its two sides are a
    true translation unit, from a model fitted on this document's own beads
    against their near misses (:mod:`calibrate`): a verbose translation's
    long English sides are what that document expects. Null beads score 0
    (nothing is paired).
    """
    if not zh or not en:
        return [Bead((i,), ()) for i in range(len(zh))] + [Bead((), (j,)) for j in range(len(en))]
    encoder = get_encoder(encoder)
    zh_raw, en_raw = encode_unique(encoder, list(zh)), encode_unique(encoder, list(en))
    texts, means = {"zh": zh, "en": en}, {"zh": _centre_offset(zh_raw), "en": _centre_offset(en_raw)}

    def embed_spans(side: str, spans: Sequence[tuple[int, ...]]) -> np.ndarray:
        joined = [join_sentences([texts[side][k] for k in ids]) for ids in spans]
        return normalise_rows(encode_unique(encoder, joined) - means[side])

    return align_vectors(side_facts(centre(zh_raw), zh, "zh", zh_units), side_facts(centre(en_raw), en, "en", en_units),
                         max_align=max_align, progress=progress, params=params, span_embedder=embed_spans)


def side_facts(vectors: np.ndarray, texts: Sequence[str], lang: str,
               units: Sequence[Sentence] | None = None) -> SideFacts:
    """Everything the search uses about one language's sentences: (centred, normalised)
    ``vectors``, byte lengths, numbers and quotations of ``texts``, and the headings
    and paragraph breaks of ``units`` (the :class:`Sentence` objects behind the texts)."""
    headings, breaks = _structure(units)
    return SideFacts(vectors, utf8_lengths(texts), numbers=number_keys(texts, lang), headings=headings,
                     breaks=breaks, quotes=closes_quote(texts), in_quote=inside_quotation(texts, lang))


def _centre_offset(raw: np.ndarray) -> np.ndarray:
    """The vector :func:`centre` subtracts from these rows (none for a single row)."""
    return raw.mean(axis=0) if len(raw) >= 2 else np.zeros(raw.shape[1], dtype=raw.dtype)


def align_vectors(zh: SideFacts, en: SideFacts, *, max_align: int = 5, progress: bool = False,
                  params: SearchParams | None = None, span_embedder: SpanEmbedder | None = None) -> list[Bead]:
    """The search alone, on what is known of each side's sentences (:func:`side_facts`;
    at least centred, normalised vectors and byte lengths: ``SideFacts(vectors, lengths)``).

    With ``span_embedder`` (real embeddings of concatenated spans, centred like
    the sentence vectors) doubtful bead boundaries are refined after the search.
    """
    params = params or SearchParams()
    if zh.n == 0 or en.n == 0:
        return [Bead((i,), ()) for i in range(zh.n)] + [Bead((), (j,)) for j in range(en.n)]
    # The search makes many small matrix products; threaded BLAS only adds overhead
    # there (and stalls badly on a busy machine).
    with threadpool_limits(limits=1, user_api="blas"):
        return _search(zh, en, max_align, progress, params, span_embedder)


def _search(zh: SideFacts, en: SideFacts, max_align: int, progress: bool, params: SearchParams,
            span_embedder: SpanEmbedder | None) -> list[Bead]:
    ratio = length_ratio(zh.lengths, en.lengths)
    lo, hi = _corridor(zh.vectors, en.vectors, zh.lengths, en.lengths, ratio, params)
    zh_margin, en_margin = _margins(zh.vectors, en.vectors, lo, hi, params.margin_k)
    zh, en = replace(zh, margin=zh_margin), replace(en, margin=en_margin)
    types = bead_types(max_align)
    scorer = SpanScorer(zh, en, types, params.gains, ratio)
    with _progress_bar(zh.n + 1, progress) as bar:
        path = banded_search(types, lo, hi, scorer.row_source(lo, hi), params.gains.null_gain,
                             tick=(lambda _i: bar.update(1)) if bar is not None else None)
    if span_embedder is not None:
        path = refine_path(path, zh.vectors, en.vectors, span_embedder, scorer.gain_with_cosine,
                           params.gains.refine_margin, params.gains.refine_doubt, max_align)
    zh_counts, en_counts = zh.number_counts(), en.number_counts()
    counts = (zh_counts, en_counts) if zh_counts is not None and en_counts is not None else None
    features = BeadFeatures(zh.vectors, en.vectors, zh.lengths, en.lengths, ratio, params.gains.length_smoothing,
                            scorer.bead_numbers, counts)
    scores = calibrated_scores(path, features, zh.n, en.n, params.scores)
    return _beads(path, scores)


def _structure(units: Sequence[Sentence] | None) -> tuple[np.ndarray | None, np.ndarray | None]:
    if not units:
        return None, None
    headings = np.array([1.0 if u.kind != "body" else 0.0 for u in units])
    paragraphs = [u.paragraph for u in units]
    # When no paragraph holds two sentences (presplit lines), a break says nothing a sentence end does not.
    if len(set(paragraphs)) == len(paragraphs):
        return headings, None
    return headings, paragraph_breaks(paragraphs)


def _beads(path: list[tuple[int, int]], scores: list[float]) -> list[Bead]:
    beads = []
    i = j = 0
    for (a, b), score in zip(path, scores):
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), round(score, 4)))
        i, j = i + a, j + b
    return beads


def _corridor(zh: np.ndarray, en: np.ndarray, zh_len: np.ndarray, en_len: np.ndarray, ratio: float,
              params: SearchParams) -> tuple[np.ndarray, np.ndarray]:
    """Band ``lo[i]..hi[i]`` (per row) that the final search explores."""
    n, m = len(zh), len(en)
    if n * m <= params.full_cells or n < 4 or m < 4:
        return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
    zh2, en2 = _halve(zh), _halve(en)
    zh_len2, en_len2 = _halve_sum(zh_len), _halve_sum(en_len)
    lo2, hi2 = _corridor(zh2, en2, zh_len2, en_len2, ratio, params)
    coarse_types = [(1, 1), (1, 2), (2, 1)]
    scorer = SpanScorer(SideFacts(zh2, zh_len2), SideFacts(en2, en_len2), coarse_types, params.gains, ratio)
    path = banded_search(coarse_types, lo2, hi2, scorer.row_source(lo2, hi2), params.gains.null_gain)
    return _project(path, n, m, params.band)


def _halve(vectors: np.ndarray) -> np.ndarray:
    """Sum consecutive pairs of rows (the last one alone if odd) and renormalise."""
    pairs = vectors[: len(vectors) // 2 * 2].reshape(-1, 2, vectors.shape[1]).sum(axis=1)
    if len(vectors) % 2:
        pairs = np.concatenate([pairs, vectors[-1:]])
    return normalise_rows(pairs)


def _halve_sum(values: np.ndarray) -> np.ndarray:
    pairs = values[: len(values) // 2 * 2].reshape(-1, 2).sum(axis=1)
    return np.concatenate([pairs, values[-1:]]) if len(values) % 2 else pairs


def _project(path: list[tuple[int, int]], n: int, m: int, band: int) -> tuple[np.ndarray, np.ndarray]:
    """Fine-level band around a path found on the halved document."""
    rows = np.cumsum([0] + [a for a, _ in path]) * 2
    cols = np.cumsum([0] + [b for _, b in path]) * 2
    rows, cols = np.minimum(rows, n), np.minimum(cols, m)
    lo_c = np.full(n + 1, np.inf)
    hi_c = np.full(n + 1, -np.inf)
    for (r1, c1), (r2, c2) in zip(zip(rows[:-1], cols[:-1]), zip(rows[1:], cols[1:])):
        rr = np.arange(r1, r2 + 1)
        cc = c1 + (c2 - c1) * (rr - r1) / max(r2 - r1, 1)
        np.minimum.at(lo_c, rr, np.minimum(cc, c1 if r1 == r2 else cc))
        np.maximum.at(hi_c, rr, np.maximum(cc, c2 if r1 == r2 else cc))
    lo = np.clip(np.floor(lo_c) - band, 0, m).astype(np.int64)
    hi = np.clip(np.ceil(hi_c) + band, 0, m).astype(np.int64)
    lo = np.maximum.accumulate(lo)
    hi = np.maximum.accumulate(hi)
    lo[0], hi[-1] = 0, m
    lo[1:] = np.minimum(lo[1:], hi[:-1])
    return lo, hi


def _margins(zh: np.ndarray, en: np.ndarray, lo: np.ndarray, hi: np.ndarray,
             k: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean cosine of each sentence with its ``k`` nearest other-language sentences in the band.

    A sentence close to many others (short, generic) gets a high value, which
    the gain subtracts (a CSLS-like correction), so hubs stop attracting beads.
    """
    n, m = len(zh), len(en)
    # Sentence p lives in rows p and p + 1; sentence q in the rows whose band holds q or q + 1.
    zh_lo, zh_hi = lo[:-1], hi[1:]
    en_lo = np.searchsorted(hi, np.arange(m), side="left")
    en_hi = np.searchsorted(lo, np.arange(m) + 1, side="right")
    return (_band_topk_mean(zh, en, np.maximum(zh_lo - 1, 0), np.minimum(zh_hi + 1, m), k),
            _band_topk_mean(en, zh, np.maximum(en_lo - 1, 0), np.minimum(en_hi, n), k))


def _band_topk_mean(rows: np.ndarray, cols: np.ndarray, start: np.ndarray, stop: np.ndarray,
                    k: int) -> np.ndarray:
    """For each row r, mean of the top ``k`` of ``rows[r] . cols[start[r]:stop[r]]``."""
    width = int((stop - start).max())
    out = np.zeros(len(rows))
    chunk = max(1, 4_000_000 // max(width * rows.shape[1], 1))
    for s in range(0, len(rows), chunk):
        r = np.arange(s, min(s + chunk, len(rows)))
        if width == len(cols) and np.all(start[r] == 0):
            sims = rows[r] @ cols.T
            valid = np.ones_like(sims, dtype=bool)
        else:
            idx = start[r, None] + np.arange(width)[None, :]
            valid = idx < stop[r, None]
            idx = np.minimum(idx, len(cols) - 1)
            sims = np.einsum("rd,rwd->rw", rows[r], cols[idx])
        sims = np.where(valid, sims, -1.0)
        kk = min(k, sims.shape[1])
        top = np.partition(sims, sims.shape[1] - kk, axis=1)[:, -kk:]
        out[r] = np.where(top > -1.0, top, np.nan).mean(axis=1) if kk else 0.0
    return np.nan_to_num(out)


class _progress_bar:
    """tqdm on stderr when asked for and stderr is a terminal; otherwise nothing."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled = total, enabled and sys.stderr.isatty() and total > 2000
        self.bar = None

    def __enter__(self):
        if self.enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, desc="aligning", unit="row", file=sys.stderr, leave=False)
        return self.bar

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()
        return False
