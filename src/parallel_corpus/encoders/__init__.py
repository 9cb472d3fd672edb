"""Sentence encoders behind one small protocol and a name registry.

``get_encoder("use")`` returns the default, offline encoder. Models load on the
first ``encode`` call, never at import or construction, so building the CLI or
listing encoders costs nothing. Specs:

- ``use``: multilingual USE v3 (default, inside a core dependency);
- ``e5``: multilingual-e5-small, 4-bit (extra ``[e5]``);
- ``st:PATH`` or ``st:PATH@DEVICE``: a local sentence-transformers model folder (extra ``[st]``).

``get_encoder(spec, cache_dir=DIR)`` puts the encoder behind an on-disk embedding cache;
``progress=True`` lets a backend's libraries draw their own loading bars (off by default,
so ``--quiet`` runs, batch workers and notebooks load silently).
"""

from parallel_corpus.encoders.base import Encoder, centre, encode_unique, encoder_identity, normalise_rows
from parallel_corpus.encoders.cache import CachedEncoder
from parallel_corpus.encoders.registry import encoder_names, get_encoder, register_encoder
from parallel_corpus.encoders.use import USEEncoder

__all__ = [
    "CachedEncoder", "Encoder", "USEEncoder", "centre", "encode_unique", "encoder_identity", "encoder_names",
    "get_encoder", "normalise_rows", "register_encoder",
]
