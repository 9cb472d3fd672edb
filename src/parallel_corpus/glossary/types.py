"""The glossary's records: what it reads (:class:`KnownTerm`) and what it gives (:class:`TermPair`).

Plain data with no imports beyond the standard library, so that the term file formats
(formats/tbx.py, formats/glossary_tables.py, formats/xlsx.py: writers and readers)
use them without loading the extraction algorithm, jieba or wordfreq.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownTerm:
    """A confirmed term: its Chinese form, preferred English and accepted English variants."""

    zh: str
    en: str
    en_variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermPair:
    """One glossary entry: a Chinese term, its preferred English rendering and the evidence.

    ``zh_freq``: aligned segments holding the Chinese term; ``en_freq``: segments holding
    the rendering or a variant; ``pair_freq``: segments holding both. ``score`` in [0, 1]
    (known terms: 1.0); ``pos`` is a TBX part of speech; ``source`` names the documents.
    """

    zh: str
    en: str
    score: float
    en_variants: tuple[str, ...] = ()
    zh_freq: int = 0
    en_freq: int = 0
    pair_freq: int = 0
    example_zh: str = ""
    example_en: str = ""
    pos: str = "noun"
    is_new: bool = True
    source: str = ""
