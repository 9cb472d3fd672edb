"""Several encoders as one: their vectors side by side.

Each part's vectors are L2-normalised, so after concatenation every part weighs
the same; the concatenation is renormalised to keep the Encoder contract. The
aligner's per-language centring (:func:`centre`) runs on the concatenation
afterwards, which subtracts each part's language mean at once (the mean of a
concatenation is the concatenation of the means).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from parallel_corpus.encoders.base import Encoder, encoder_identity, normalise_rows


class EnsembleEncoder:
    """Concatenation of the normalised vectors of ``parts`` (``--encoder use+e5``)."""

    def __init__(self, parts: Sequence[Encoder]):
        if len(parts) < 2:
            raise ValueError("an ensemble needs at least two encoders")
        self.parts = tuple(parts)
        self.name = "+".join(p.name for p in self.parts)

    @property
    def dim(self) -> int:
        return sum(p.dim for p in self.parts)

    @property
    def identity(self) -> str:
        return "+".join(encoder_identity(p) for p in self.parts)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(np.concatenate([normalise_rows(p.encode(texts)) for p in self.parts], axis=1))
