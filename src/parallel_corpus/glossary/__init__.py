"""A zh-en term glossary from aligned documents: the package's face, re-exports only.

The algorithm lives in :mod:`.build` (candidates, pairing, ranking) and loads jieba,
wordfreq and CC-CEDICT; it is imported on first use of :func:`build_glossary`, so the
writers and readers of term files (which need only :mod:`.types`) stay light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from parallel_corpus.glossary.known import read_known
from parallel_corpus.glossary.params import GlossaryParams
from parallel_corpus.glossary.types import KnownTerm, TermPair

if TYPE_CHECKING:
    from parallel_corpus.glossary.build import build_glossary

__all__ = ["GlossaryParams", "KnownTerm", "TermPair", "build_glossary", "read_known"]

_LAZY = {"build_glossary": "parallel_corpus.glossary.build"}


def __getattr__(name: str):
    """``build_glossary`` from :mod:`.build`, imported when first asked for."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
