"""An embedding cache, so re-aligning an edited document re-embeds only what changed.

Without a folder the cache lives in memory for one run: the review report's heatmap
reads back the sentence vectors the aligner made instead of embedding them again.

Layout: ``DIR/<hash of the encoder identity>/`` holds ``identity.txt`` (for people)
and shard files ``*.npz``, each with the SHA-256 digests of some texts (``keys``, an
``(n, 32)`` uint8 array, so every byte survives) and their vectors. Shards of the
first layout stored the digests as numpy ``S32`` strings, which drop trailing NUL
bytes; they are still read, the stripped NULs restored (every digest is 32 bytes).

Every ``encode`` call that embeds something new writes one new shard under a
unique name, atomically (temporary file, then rename), so two processes sharing a
cache never overwrite or half-read each other's work; at worst both embed the
same text once.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from parallel_corpus.atomic import write_file
from parallel_corpus.encoders.base import Encoder, encoder_identity
from parallel_corpus.types import InputError

_KEY_SIZE = 32  # bytes of a SHA-256 digest


def _text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _keys_to_array(keys: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), _KEY_SIZE)


def _keys_from_array(keys: np.ndarray) -> list[bytes] | None:
    """The digests stored in a shard, of either layout; None when ``keys`` is neither."""
    if keys.dtype == np.uint8 and keys.ndim == 2 and keys.shape[1] == _KEY_SIZE:
        return [row.tobytes() for row in keys]
    if keys.dtype.kind == "S" and keys.ndim == 1 and keys.dtype.itemsize == _KEY_SIZE:
        return [bytes(k).ljust(_KEY_SIZE, b"\0") for k in keys]
    return None


class CachedEncoder:
    """Wraps ``encoder``; vectors already in ``cache_dir`` are read back instead of embedded.

    ``misses`` counts the distinct texts that had to be embedded, ``hits`` every
    other requested text (found in the cache, or repeated within one call), so
    ``hits + misses`` is the number of texts requested.
    """

    encoder: Encoder  # the wrapped backend (never itself a CachedEncoder)

    def __init__(self, encoder: Encoder, cache_dir: str | os.PathLike | None = None):
        if isinstance(encoder, CachedEncoder):
            encoder = encoder.encoder
        self.encoder = encoder
        self.name = encoder.name
        self.identity = encoder_identity(encoder)
        self.directory: Path | None = None
        if cache_dir is not None:
            root = Path(cache_dir)
            if root.exists() and not root.is_dir():
                raise InputError("is a file, not a folder; give a folder for the vector cache", path=root)
            self.directory = root / hashlib.sha256(self.identity.encode("utf-8")).hexdigest()[:32]
        self.hits = 0
        self.misses = 0
        self._vectors: dict[bytes, np.ndarray] = {}
        self._read_shards: set[str] = set()

    @property
    def dim(self) -> int:
        return self.encoder.dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        keys = [_text_key(t) for t in texts]
        self._read_new_shards()
        missing: dict[bytes, str] = {}
        for key, text in zip(keys, texts):
            if key not in self._vectors:
                missing.setdefault(key, text)
        self.hits += len(texts) - len(missing)
        if missing:
            vectors = np.asarray(self.encoder.encode(list(missing.values())), dtype=np.float32)
            self._write_shard(list(missing), vectors)
            self._vectors.update(zip(missing, vectors))
            self.misses += len(missing)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys])

    def _read_new_shards(self) -> None:
        """Load shards written since the last call, by this process or another."""
        if self.directory is None or not self.directory.is_dir():
            return
        for path in sorted(self.directory.glob("*.npz")):
            if path.name in self._read_shards:
                continue
            try:
                with np.load(path, allow_pickle=False) as shard:
                    keys, vectors = shard["keys"], shard["vectors"]
            except (OSError, ValueError, KeyError) as err:
                raise InputError(f"embedding cache file '{path}' is unreadable ({err}); "
                                 "delete it and run again") from err
            digests = _keys_from_array(keys)
            if digests is None or vectors.ndim != 2 or len(digests) != len(vectors):
                raise InputError(f"embedding cache file '{path}' is malformed; delete it and run again")
            self._vectors.update(zip(digests, vectors.astype(np.float32, copy=False)))
            self._read_shards.add(path.name)

    def _write_shard(self, keys: list[bytes], vectors: np.ndarray) -> None:
        if self.directory is None:
            return
        buffer = io.BytesIO()
        np.savez(buffer, keys=_keys_to_array(keys), vectors=vectors)
        name = f"{time.time_ns()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.npz"
        identity_file = self.directory / "identity.txt"
        if not identity_file.exists():
            write_file(identity_file, self.identity + "\n")
        write_file(self.directory / name, buffer.getvalue())
        self._read_shards.add(name)

