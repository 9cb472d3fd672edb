"""Experiment: a deterministic word aligner for glossary renderings (not part of the product).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /work/venv/bin/python bench/bench_word_alignment.py [--show]

Aligns the words of the sample report's aligned beads and counts for how many recurring
reference terms (tests/data/guangdong-ipr-2021.terms.tsv) the English span most often
linked to the term is an accepted rendering, overall and among the terms the glossary
misses. docs/benchmarks.md has the numbers and why the aligner stays out of the glossary.

Co-occurrence and string embeddings see a term and a phrase of the same beads; they
cannot tell which words of a long English sentence translate 证券化 ("securitization")
rather than 证券化产品 ("securitization product"), or find "Blue Sword" for 蓝剑 when
the text writes it once as "Blue Sward". A word aligner can.

The model is IBM Model 1 trained in both directions with expectation-maximisation, as
in fast_align, with two kinds of prior knowledge that a corpus of a few hundred
sentences needs: a preference for the diagonal (words early in one side translate
words early in the other) and CC-CEDICT (a dictionary pair starts as far more likely
than any other). EM is deterministic: the same text always gives the same links.
Links are the intersection of both directions grown to neighbouring links of the
union, the usual symmetrisation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parallel_corpus.glossary.candidates import _EN_TOKEN
from parallel_corpus.glossary.lexicon import Lexicon, content_words, gloss_term

ITERATIONS = 5
DICTIONARY_PRIOR = 50.0  # starting weight of a dictionary pair against 1 for any other pair
DIAGONAL_TENSION = 1.0   # how sharply the prior falls off away from the diagonal
NULL_WEIGHT = 0.01       # weight of "translates nothing" against a learnt t(e|f) (after the first round)
LINK_POSTERIOR = 0.3     # a link needs at least this posterior in a direction
MAX_SPAN_WORDS = 8       # aligned English spans longer than this are no rendering

_EDGE_WORDS = frozenset("a an the of and or in on for to by with at from as".split())
_NEIGHBOURS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1))


@dataclass(frozen=True)
class WordAlignment:
    """Links between the Chinese words and English tokens of each unit."""

    zh: tuple[tuple[str, ...], ...]
    en: tuple[tuple[str, ...], ...]
    links: tuple[frozenset[tuple[int, int]], ...]

    def spans(self, term: str, units: Sequence[int] | None = None) -> dict[tuple[str, ...], set[int]]:
        """English token spans aligned to ``term`` where it stands as whole words, with the
        units that give each (edge function words and punctuation trimmed)."""
        found: dict[tuple[str, ...], set[int]] = {}
        for unit in (range(len(self.zh)) if units is None else units):
            for start, end in _occurrences(self.zh[unit], term):
                span = self._span(unit, start, end)
                if span:
                    found.setdefault(span, set()).add(unit)
        return found

    def _span(self, unit: int, start: int, end: int) -> tuple[str, ...]:
        targets = sorted(j for i, j in self.links[unit] if start <= i < end)
        if not targets:
            return ()
        tokens = self.en[unit]
        first, last = targets[0], targets[-1]
        while first < last and not _is_word(tokens[first]):
            first += 1
        while last > first and not _is_word(tokens[last]):
            last -= 1
        span = tokens[first:last + 1]
        if len(span) > MAX_SPAN_WORDS or not all(t[0].isalnum() for t in span):
            return ()
        return span


def _is_word(token: str) -> bool:
    return token[0].isalpha() and token.lower() not in _EDGE_WORDS


def _occurrences(words: Sequence[str], term: str) -> list[tuple[int, int]]:
    """Word ranges [start, end) whose words spell ``term`` exactly."""
    found = []
    for start in range(len(words)):
        if not term.startswith(words[start]):
            continue
        joined, end = "", start
        while end < len(words) and len(joined) < len(term):
            joined += words[end]
            end += 1
        if joined == term:
            found.append((start, end))
    return found


def align_words(zh_words: Sequence[Sequence[str]], en_texts: Sequence[str],
                lexicon: Lexicon) -> WordAlignment:
    """Word links of each unit (its jieba words and its English text)."""
    zh = tuple(tuple(w for w in words if w.strip()) for words in zh_words)
    en = tuple(tuple(_EN_TOKEN.findall(text)) for text in en_texts)
    zh_ids: dict[str, int] = {}
    en_ids: dict[str, int] = {}
    zi = [np.array([zh_ids.setdefault(w, len(zh_ids)) for w in words], dtype=np.int64) for words in zh]
    ei = [np.array([en_ids.setdefault(t.lower(), len(en_ids)) for t in tokens], dtype=np.int64)
          for tokens in en]
    knows = _DictionaryPairs(lexicon)
    # One id per (Chinese word, English token) pair seen in a unit; t tables are over pair ids.
    codes = [z[:, None] * len(en_ids) + e[None, :] for z, e in zip(zi, ei)]
    flat = np.concatenate([c.ravel() for c in codes]) if codes else np.zeros(0, dtype=np.int64)
    pair_codes, inverse = np.unique(flat, return_inverse=True)
    pair_zh, pair_en = pair_codes // max(len(en_ids), 1), pair_codes % max(len(en_ids), 1)
    zh_words_of = list(zh_ids)
    written = {}
    for tokens in en:
        for token in tokens:
            written.setdefault(token.lower(), token)
    en_words_of = list(written.values())  # as first written, in id order
    in_dictionary = np.array([knows(zh_words_of[f], en_words_of[e]) for f, e in zip(pair_zh, pair_en)],
                             dtype=bool)
    cells, at = [], 0
    for c in codes:
        cells.append(inverse[at:at + c.size].reshape(c.shape))
        at += c.size
    diagonals = [_diagonal(*c.shape) for c in cells]
    forward = _model1(cells, diagonals, in_dictionary, pair_zh, axis=0)   # English from Chinese
    backward = _model1(cells, diagonals, in_dictionary, pair_en, axis=1)  # Chinese from English
    links = tuple(frozenset(_symmetrise(f, b)) for f, b in zip(forward, backward))
    return WordAlignment(zh, en, links)


class _DictionaryPairs:
    """Whether CC-CEDICT lets a Chinese word say an English token (a gloss, a name's pinyin,
    an acronym), asked once per pair; a token the same on both sides ("PCT") counts too."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._glosses: dict = {}

    def __call__(self, zh: str, en: str) -> bool:
        if zh.lower() == en.lower():
            return True
        if not en[0].isalpha():
            return False
        gloss = self._glosses.get(zh)
        if gloss is None:
            gloss = self._glosses[zh] = gloss_term(self.lexicon, zh)
        return any(gloss.explaining(word, original) for word, original in content_words(en))


def _diagonal(m: int, n: int) -> np.ndarray:
    i = (np.arange(m)[:, None] + 0.5) / m
    j = (np.arange(n)[None, :] + 0.5) / n
    return np.exp(-DIAGONAL_TENSION * np.abs(i - j))


def _model1(cells: list[np.ndarray], diagonals: list[np.ndarray], in_dictionary: np.ndarray,
            given: np.ndarray, axis: int) -> list[np.ndarray]:
    """Link posteriors of IBM Model 1 per unit (Chinese rows, English columns), each token
    of the generated side (columns when ``axis`` is 0) spread over the other side's words
    and a null word. ``given``: the conditioning word of each pair id."""
    table = np.ones(len(in_dictionary)) + DICTIONARY_PRIOR * in_dictionary
    posteriors: list[np.ndarray] = []
    for round_ in range(ITERATIONS):
        counts = np.zeros(len(in_dictionary))
        posteriors = []
        for cell, diagonal in zip(cells, diagonals):
            weights = table[cell] * diagonal
            size = cell.shape[axis]
            null = NULL_WEIGHT if round_ else 1.0 / (size + 1)
            post = weights / (weights.sum(axis=axis, keepdims=True) + null)
            posteriors.append(post)
            np.add.at(counts, cell.ravel(), post.ravel())
        totals = np.bincount(given, weights=counts, minlength=int(given.max(initial=0)) + 1)
        table = counts / np.maximum(totals[given], 1e-12)
    return posteriors


def _symmetrise(forward: np.ndarray, backward: np.ndarray) -> set[tuple[int, int]]:
    """Links both directions agree on, grown to neighbouring links that either direction has."""
    one = forward > LINK_POSTERIOR
    other = backward > LINK_POSTERIOR
    links = one & other
    union = one | other
    grown = True
    while grown:
        grown = False
        for i, j in zip(*np.nonzero(union & ~links)):
            if any(0 <= i + di < links.shape[0] and 0 <= j + dj < links.shape[1] and links[i + di, j + dj]
                   for di, dj in _NEIGHBOURS):
                links[i, j] = True
                grown = True
    return {(int(i), int(j)) for i, j in zip(*np.nonzero(links))}


def main() -> None:
    import argparse
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="list the aligned spans of the missed terms")
    args = parser.parse_args()

    from parallel_corpus.align import align_document
    from parallel_corpus.document import read_document
    from parallel_corpus.encoders import get_encoder
    from parallel_corpus.glossary import build_glossary, read_known
    from parallel_corpus.glossary.candidates import en_key
    from parallel_corpus.glossary.evaluate import _accepted, score_glossary
    from parallel_corpus.glossary.lexicon import load_lexicon
    from parallel_corpus.segment import segment_document, zh_words_pos

    encoder = get_encoder("use")
    alignment = align_document(segment_document(read_document([root / "corpus" / "guangdong-ipr-2021.zh-en.txt"])),
                               encoder)
    pairs = [alignment.pair_texts(b) for b in alignment.beads if not b.is_null]
    reference = read_known(root / "tests" / "data" / "guangdong-ipr-2021.terms.tsv")
    missed = set(score_glossary(build_glossary([alignment], encoder=encoder), reference,
                                [zh for zh, _ in pairs]).missing)
    lexicon = load_lexicon()
    clock = time.perf_counter()
    words = align_words([[w for w, _ in zh_words_pos(zh)] for zh, _ in pairs], [en for _, en in pairs], lexicon)
    seconds = time.perf_counter() - clock
    accepted = _accepted(reference)
    recurring = [zh for zh in accepted if sum(zh in text for text, _ in pairs) >= 2]
    right, right_missed = 0, 0
    for term in recurring:
        votes = Counter()
        for span, units in words.spans(term).items():
            votes[en_key(span).lower()] += len(units)
        ok = bool(votes) and votes.most_common(1)[0][0] in accepted[term]
        right += ok
        if term in missed:
            right_missed += ok
            if args.show:
                print("OK " if ok else "   ", term, votes.most_common(3))
    print(f"word alignment of {len(pairs)} pairs: {seconds:.2f} s (CC-CEDICT already loaded)")
    print(f"majority aligned span accepted for {right}/{len(recurring)} recurring reference terms, "
          f"{right_missed}/{len(missed)} of those the glossary misses")


if __name__ == "__main__":
    main()
