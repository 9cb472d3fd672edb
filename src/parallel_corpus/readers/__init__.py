"""One reader per file format, chosen by what the file holds; the extension is only a hint.

Every reader takes a path and returns :class:`Block`s in reading order;
:func:`read_blocks` picks it (see :mod:`parallel_corpus.readers.registry`).
"""

from parallel_corpus.readers.base import Block
from parallel_corpus.readers.registry import READERS, detect_format, read_blocks

__all__ = ["READERS", "Block", "detect_format", "read_blocks"]
