"""A small core IP vocabulary: the domain prior of term extraction.

About three hundred concepts of patent, trademark, copyright, trade-secret and
competition law and of their enforcement, written by the project from general IP
knowledge (data/core_ip_terms.tsv: zh in Simplified characters, the usual English
rendering, accepted variants; Taiwan's own words such as 新型, 举发, 证明标章 and
智慧财产 are listed in Simplified form, and Traditional text reaches them through its
Simplified view). It is evidence, not an answer: a listed term is always looked for
and never treated as general language, and a rendering it lists counts as dictionary
proof, but the glossary still takes the rendering the document itself uses.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from parallel_corpus.formats.glossary_tables import parse_term_table
from parallel_corpus.glossary.candidates import en_key
from parallel_corpus.glossary.types import KnownTerm

_FILE = "data/core_ip_terms.tsv"


@lru_cache(maxsize=1)
def core_terms() -> tuple[KnownTerm, ...]:
    """The vocabulary's concepts, read once per process."""
    text = resources.files(__package__).joinpath(_FILE).read_text(encoding="utf-8")
    return tuple(parse_term_table(text, "\t", _FILE))


@lru_cache(maxsize=1)
def core_renderings() -> dict[str, frozenset[str]]:
    """Simplified Chinese term -> the lower-case grouping keys of its listed renderings."""
    found: dict[str, set[str]] = {}
    for term in core_terms():
        keys = found.setdefault(term.zh, set())
        keys.update(en_key(text.split()).lower() for text in (term.en, *term.en_variants))
    return {zh: frozenset(keys) for zh, keys in found.items()}


def is_listed_rendering(zh: str, english: str) -> bool:
    """Whether the vocabulary lists ``english`` (any case, singular or plural) for ``zh``."""
    keys = core_renderings().get(zh)
    return keys is not None and en_key(english.split()).lower() in keys
