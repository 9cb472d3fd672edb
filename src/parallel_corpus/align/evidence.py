"""Evidence besides embeddings: text length, shared numbers, document structure.

Each helper turns per-sentence facts into arrays the bead scorer can read in
bulk (prefix sums over sentences), so the search never loops over cells in
Python.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from parallel_corpus.numbers import en_quantities, zh_quantities


def utf8_lengths(texts: Sequence[str]) -> np.ndarray:
    """UTF-8 byte length of each text: a Chinese character is 3 bytes, which puts
    zh and en lengths of a translation pair on a comparable scale."""
    return np.array([len(t.encode("utf-8")) for t in texts], dtype=np.float64)


def length_ratio(zh_lengths: np.ndarray, en_lengths: np.ndarray) -> float:
    """The document's zh/en length ratio (total over total; 1.0 if either side is empty)."""
    total_zh, total_en = float(zh_lengths.sum()), float(en_lengths.sum())
    if total_zh <= 0 or total_en <= 0:
        return 1.0
    return total_zh / total_en


def prefix(values: np.ndarray) -> np.ndarray:
    """Prefix sums with a leading zero: ``p[i] - p[i - a]`` sums a span ending before ``i``."""
    return np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])


def number_keys(texts: Sequence[str], lang: str) -> list[frozenset]:
    """The hard quantities (written in digits) of each sentence, as comparable keys.

    Numbers written with digits survive translation (196796 / 196,796,
    462.71万 / 4.6271 million), so a number present on both sides is strong
    evidence that two spans belong together. Numbers in words are left out:
    they are idiomatic (一站式, "one of the"), except a written-out reference to a
    part of a law (第二十六條, 第二款, Chapter II), which a translation numbers too.
    """
    extract = zh_quantities if lang == "zh" else en_quantities
    keys: list[frozenset] = []
    for text in texts:
        if any(ch.isdigit() for ch in text):
            keys.append(frozenset(q.key for q in extract(text) if not q.soft))
        elif _may_name_a_part(text, lang):
            keys.append(frozenset(q.key for q in extract(text) if q.role == "ordinal" and not q.soft))
        else:
            keys.append(frozenset())
    return keys


def _may_name_a_part(text: str, lang: str) -> bool:
    """A cheap test for a numbered part written without digits: 第二十六條, 第 一 節, Chapter II."""
    return "第" in text if lang == "zh" else any(f" {numeral}" in text for numeral in "IVX")


def paragraph_breaks(paragraphs: Sequence[int]) -> np.ndarray:
    """``breaks[k] = 1`` if sentence ``k`` starts a new paragraph (k > 0)."""
    out = np.zeros(len(paragraphs), dtype=np.float64)
    for k in range(1, len(paragraphs)):
        out[k] = float(paragraphs[k] != paragraphs[k - 1])
    return out


_CLOSING_QUOTES = ("”", "’", "」", "』", "\"", "'", "»", "«")


def closes_quote(texts: Sequence[str]) -> np.ndarray:
    """1.0 where a sentence ends a quotation (closing quote mark, maybe before punctuation).

    Dialogue turns end with a quote in both languages, so a bead should close a
    quotation on both sides or on neither: this fixes off-by-one boundaries in
    dialogue, where embeddings of short turns say little.
    """
    out = np.zeros(len(texts))
    for k, text in enumerate(texts):
        tail = text.rstrip().rstrip(".,;:!?。，；：！？…—-) ")
        out[k] = float(text.rstrip().endswith(_CLOSING_QUOTES) or tail.endswith(_CLOSING_QUOTES))
    return out


_ZH_OPENING, _ZH_CLOSING = "“‘「『", "”’」』"
# English quotes: curly ones say which way they face (’ inside a word is an apostrophe); a straight
# quote opens at the start of a word and closes after one ("don't" holds neither).
_OPENING_QUOTE = re.compile(r"[“‘]|(?:^|(?<=[\s(\[—–-]))[\"']")
_CLOSING_QUOTE = re.compile(r"”|’(?!\w)|[\"'](?=$|[\s,.;:!?)\]—–-])")
LONGEST_QUOTATION = 8  # sentences; a quotation open longer than this is not followed (stray mark)


def inside_quotation(texts: Sequence[str], lang: str, longest: int = LONGEST_QUOTATION) -> np.ndarray:
    """1.0 where a quotation is still open after a sentence (a speech that runs on).

    In fiction a speech often spans several sentences, and a translation opens
    and closes it at the same places, so a bead should end inside a quotation
    on both sides or on neither. The last quote mark read decides: this follows
    English speeches that reopen at each paragraph without closing, and forgets
    an unbalanced mark at the next mark (a quote nested in another reads as
    closing both; beads rarely end there). A quotation open for more than
    ``longest`` sentences is taken for a stray mark, and those sentences count
    as outside.
    """
    out = np.zeros(len(texts))
    is_open = False
    for k, text in enumerate(texts):
        if lang == "zh":
            marks = [(pos, ch in _ZH_OPENING) for pos, ch in enumerate(text) if ch in _ZH_OPENING + _ZH_CLOSING]
        else:
            marks = sorted([(m.start(), True) for m in _OPENING_QUOTE.finditer(text)]
                           + [(m.start(), False) for m in _CLOSING_QUOTE.finditer(text)])
        if marks:
            is_open = marks[-1][1]
        out[k] = float(is_open)
    start = 0
    while start < len(out):  # drop runs longer than ``longest``
        stop = start
        while stop < len(out) and out[stop]:
            stop += 1
        if stop - start > longest:
            out[start:stop] = 0.0
        start = stop + 1
    return out
