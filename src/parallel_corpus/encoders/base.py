"""The Encoder protocol and the vector helpers every backend and the aligner share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib.util import find_spec
from typing import Protocol, runtime_checkable

import numpy as np

from parallel_corpus.types import InputError


@runtime_checkable
class Encoder(Protocol):
    """Maps sentences to L2-normalised float32 vectors of length ``dim``.

    Backends may also expose ``identity``: a string that changes whenever the
    vectors would (model weights, prompt, package version); the embedding cache
    keys on it and falls back to ``name`` for encoders without one.
    """

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def encoder_identity(encoder: Encoder) -> str:
    """What the vectors of ``encoder`` depend on: its ``identity`` if it has one, else its name."""
    return getattr(encoder, "identity", None) or encoder.name


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise each row (zero rows stay zero) as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def embed_in_batches(texts: Sequence[str], batch_size: int, dim: int,
                     embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Unit-length float32 rows for ``texts``, ``embed`` called on ``batch_size`` of them at a
    time; no call at all for no texts (a 0 x ``dim`` array), so nothing loads a model for nothing."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    parts = [np.asarray(embed(texts[i:i + batch_size]), dtype=np.float32)
             for i in range(0, len(texts), batch_size)]
    return normalise_rows(np.concatenate(parts))


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


def require_extra(modules: Sequence[str], extra: str, encoder: str) -> None:
    """Fail with the install command when an optional backend's packages are missing.

    Uses ``find_spec`` so the check costs nothing: the heavy import happens on first use.
    """
    missing = [m for m in modules if find_spec(m) is None]
    if missing:
        raise InputError(f"the '{encoder}' encoder needs {', '.join(missing)}, which is not installed: "
                         f"pip install \"parallel-corpus[{extra}]\"")
