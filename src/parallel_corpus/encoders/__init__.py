"""Sentence encoders behind one small protocol and a name registry.

``get_encoder("use")`` returns the default, offline encoder. Models load on the
first ``encode`` call, never at import or construction, so building the CLI or
listing encoders costs nothing. Specs:

- ``use``: multilingual USE v3 (default, inside a core dependency);
- ``e5``: multilingual-e5-small, 4-bit (extra ``[e5]``);
- ``st:PATH`` or ``st:PATH@DEVICE``: a local sentence-transformers model folder (extra ``[st]``);
- ``A+B``: an ensemble of any of the above (vectors concatenated, renormalised).

``get_encoder(spec, cache_dir=DIR)`` puts the encoder behind an on-disk embedding cache.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from parallel_corpus.encoders.base import (
    Encoder,
    centre,
    encode_unique,
    encoder_identity,
    normalise_rows,
)
from parallel_corpus.encoders.cache import CachedEncoder, with_cache
from parallel_corpus.encoders.ensemble import EnsembleEncoder
from parallel_corpus.encoders.use import USEEncoder
from parallel_corpus.types import InputError

__all__ = [
    "CachedEncoder", "Encoder", "EnsembleEncoder", "USEEncoder", "centre", "encode_unique",
    "encoder_identity", "encoder_names", "get_encoder", "normalise_rows", "register_encoder", "with_cache",
]

EncoderFactory = Callable[[str], Encoder]
_REGISTRY: dict[str, EncoderFactory] = {}


def register_encoder(name: str, factory: EncoderFactory) -> None:
    """Make ``--encoder NAME`` (or ``NAME:ARG``) build an encoder with ``factory(ARG)``."""
    _REGISTRY[name] = factory


def encoder_names() -> list[str]:
    return sorted(_REGISTRY)


def get_encoder(spec: str | Encoder | None = None,
                cache_dir: str | os.PathLike | None = None) -> Encoder:
    """Build the encoder named by ``spec`` ("use", "NAME:ARG", "A+B"); an Encoder passes through.

    With ``cache_dir`` the encoder goes behind an embedding cache (:func:`with_cache`),
    so texts embedded by an earlier run (same model) are read back instead of re-embedded.
    """
    if spec is None:
        spec = "use"
    if isinstance(spec, str):
        parts = _split_ensemble(spec)
        encoder = EnsembleEncoder([_build(p) for p in parts]) if len(parts) > 1 else _build(spec)
    else:
        encoder = spec
    return with_cache(encoder, cache_dir) if cache_dir is not None else encoder


def _split_ensemble(spec: str) -> list[str]:
    """Split ``A+B`` into specs; a '+' not followed by a known encoder name is part of a path."""
    parts: list[str] = []
    for piece in spec.split("+"):
        if parts and piece.partition(":")[0] not in _REGISTRY:
            parts[-1] += "+" + piece
        else:
            parts.append(piece)
    return parts


def _build(spec: str) -> Encoder:
    name, _, arg = spec.partition(":")
    factory = _REGISTRY.get(name)
    if factory is None:
        raise InputError(f"unknown encoder '{spec}'; choose one of: {', '.join(encoder_names())} "
                         "(or A+B for an ensemble)")
    return factory(arg)


def _use_factory(arg: str) -> Encoder:
    if arg:
        raise InputError(f"the 'use' encoder takes no argument, got 'use:{arg}'")
    return USEEncoder()


def _e5_factory(arg: str) -> Encoder:
    from parallel_corpus.encoders.e5 import E5Encoder

    if arg:
        raise InputError(f"the 'e5' encoder takes no argument, got 'e5:{arg}'")
    return E5Encoder()


def _st_factory(arg: str) -> Encoder:
    from parallel_corpus.encoders.st import SentenceTransformerEncoder

    return SentenceTransformerEncoder.from_spec(arg)


register_encoder("use", _use_factory)
register_encoder("e5", _e5_factory)
register_encoder("st", _st_factory)
