"""Terminology QA: glossary terms carried into the translation, names spelled one way.

Two checks over an aligned document, both reported as QA flags on beads:

- ``term`` (a key-term check): the Chinese side holds a glossary term while the
  English side has none of that term's renderings. Renderings match case-insensitively
  and up to English inflection (``licence`` ~ ``licences``, ``grant`` ~ ``granted``).
  A term counts where it starts and ends on word boundaries (jieba), so 省法院 is not
  found in 全省法院 ("all courts of the province"); where a longer glossary term covers
  a shorter one (专利权 over 专利), only the longer one is checked there.
- ``inconsistent``: one Chinese term or name rendered by two near-identical but
  different English strings in one document (``Blue Sword`` / ``Blue Sward`` for 蓝剑).
  Candidates are short capitalised phrases of the same length that differ in one
  word by one or two letters (not an inflection); the Chinese sides must share a term
  that is specific to them (most of the pairs holding it hold one of the two spellings).
  The spelling the dictionary gloss of that term supports is taken as right, else the
  more frequent one; if neither can be told, both are flagged.

Both work on the Simplified view of the Chinese, so a Simplified glossary checks a
Traditional document and the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parallel_corpus.qa import qa_flag
from parallel_corpus.types import Alignment, Flag

_EN_WORD = re.compile(r"[A-Za-z0-9]+")
# A run of capitalised words (Blue Sword Special Action), hyphens and apostrophes inside words allowed.
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:['’-][A-Za-z]+)*(?:[ -][A-Z][a-z]+(?:['’-][A-Za-z]+)*)*")
# Words that start a sentence or a phrase with a capital without being part of a name.
_LEADING_WORDS = frozenset("""a an the this these that those in on at for of and by with to from its their his her
our all any each where when while if it as after before since under upon such there here however""".split())
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“(]\s*)$")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")

# Near-identical: the one differing word has at least this many letters ...
MIN_DIFFERING_WORD = 4
# ... and differs by one letter (two when both words have at least this many letters:
# Brits and Britons are both in use, Shenzhen and Shenzen are not).
TWO_EDITS_FROM = 8
# The Chinese term both pairs share: 2 to this many characters ...
MAX_TERM_CHARS = 6
# ... held by at least this share of all the document's pairs that hold it.
MIN_TERM_SPECIFICITY = 0.5


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    beads: frozenset[int]

    @property
    def text(self) -> str:
        return " ".join(self.words)


def check_terms(alignment: Alignment, glossary: Sequence | None = None) -> dict[int, list[Flag]]:
    """``term`` and ``inconsistent`` flags by bead index (``glossary``: KnownTerm rows, or None)."""
    flags: dict[int, list[Flag]] = {}
    if glossary:
        for index, flag in _missing_terms(alignment, glossary):
            flags.setdefault(index, []).append(flag)
    for index, flag in _inconsistent_renderings(alignment):
        flags.setdefault(index, []).append(flag)
    return flags


def _zh_views(alignment: Alignment) -> list[str]:
    from parallel_corpus.script import simplified_view

    return [simplified_view(alignment.pair_texts(bead)[0]) if not bead.is_null else "" for bead in alignment.beads]


def _stems(text: str) -> list[str]:
    return [w.lower() for w in _EN_WORD.findall(text)]


def renders(rendering: str, english_words: Sequence[str]) -> bool:
    """Whether ``rendering`` occurs in the English words, case-insensitively and up to inflection."""
    from parallel_corpus.glossary.lexicon import same_word

    wanted = _stems(rendering)
    if not wanted:
        return True
    for start in range(len(english_words) - len(wanted) + 1):
        if all(_inflected(w, english_words[start + k], same_word) for k, w in enumerate(wanted)):
            return True
    return False


def _inflected(wanted: str, word: str, same_word) -> bool:
    """Equal, or one is the other with an inflection (-s, -es, -ed, -ing); short words must be equal."""
    if wanted == word:
        return True
    if min(len(wanted), len(word)) < 3 or wanted.isdigit() or word.isdigit():
        return False
    return same_word(wanted, word)


def _missing_terms(alignment: Alignment, glossary: Sequence) -> list[tuple[int, Flag]]:
    from parallel_corpus.script import simplified_view
    from parallel_corpus.segment import zh_words

    terms = sorted(((simplified_view(t.zh), t) for t in glossary if t.zh and t.en), key=lambda p: -len(p[0]))
    found = []
    for index, zh in enumerate(_zh_views(alignment)):
        if not zh or not any(view in zh for view, _ in terms):
            continue
        boundaries = {0}
        for word in zh_words(zh):
            boundaries.add(max(boundaries) + len(word))
        covered = [False] * len(zh)
        english = None
        for view, term in terms:
            at = zh.find(view)
            spans = []
            while at >= 0:
                if at in boundaries and at + len(view) in boundaries:
                    spans.append(at)
                at = zh.find(view, at + 1)
            free = [s for s in spans if not all(covered[s:s + len(view)])]
            if not free:
                continue
            for s in spans:
                covered[s:s + len(view)] = [True] * len(view)
            if english is None:
                english = _stems(alignment.pair_texts(alignment.beads[index])[1])
            renderings = (term.en, *term.en_variants)
            if not any(renders(r, english) for r in renderings):
                shown = " | ".join(renderings)
                found.append((index, qa_flag("term", f"zh has the glossary term {term.zh}, en has none of: {shown}")))
    return found


def _within_edits(a: str, b: str, limit: int) -> bool:
    """Whether the Levenshtein distance of ``a`` and ``b`` is at most ``limit`` (stops once it cannot be)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _capitalised_phrases(alignment: Alignment) -> list[_Phrase]:
    """Capitalised phrases of the paired English sides, each with the beads that hold it."""
    where: dict[tuple[str, ...], set[int]] = {}
    for index, bead in enumerate(alignment.beads):
        if bead.is_null:
            continue
        en = alignment.pair_texts(bead)[1]
        for m in _CAPITALISED_RUN.finditer(en):
            words = m.group().replace("-", " ").split()
            at_start = bool(_SENTENCE_START.search(en[:m.start()]))
            while words and words[0].lower() in _LEADING_WORDS:
                words, at_start = words[1:], False
            if at_start and len(words) == 1:
                continue  # a capital that only starts a sentence
            if words:
                where.setdefault(tuple(words), set()).add(index)
    return [_Phrase(words, frozenset(beads)) for words, beads in where.items()]


def _near_identical(a: _Phrase, b: _Phrase) -> tuple[str, str] | None:
    """The differing words when the two phrases differ in one word by a letter or two, not by inflection."""
    from parallel_corpus.glossary.lexicon import same_word

    if len(a.words) != len(b.words):
        return None
    differing = [(x, y) for x, y in zip(a.words, b.words) if x != y]
    if len(differing) != 1:
        return None
    x, y = differing[0]
    if min(len(x), len(y)) < MIN_DIFFERING_WORD or not (x.isalpha() and y.isalpha()):
        return None
    allowed = 2 if min(len(x), len(y)) >= TWO_EDITS_FROM else 1
    if abs(len(x) - len(y)) > allowed or x.lower() == y.lower() or not _within_edits(x.lower(), y.lower(), allowed):
        return None
    return None if same_word(x.lower(), y.lower()) else (x, y)


def _shared_term(zh_views: list[str], beads: frozenset[int]) -> str | None:
    """The Chinese string of 2+ characters in every one of ``beads`` most specific to them (the
    share of the document's pairs holding it that are among ``beads``; the longer on a tie)."""
    first = zh_views[min(beads)]
    candidates = {run[i:i + n] for run in _HAN_RUN.findall(first)
                  for n in range(MAX_TERM_CHARS, 1, -1) for i in range(len(run) - n + 1)}
    scored = [(len(beads) / sum(1 for zh in zh_views if c in zh), len(c), c)
              for c in candidates if all(c in zh_views[b] for b in beads)]
    best = max(scored, default=None)
    return best[2] if best and best[0] >= MIN_TERM_SPECIFICITY else None


def _supported(term: str, word: str) -> bool:
    """Whether the dictionary gloss of the Chinese ``term`` says the English ``word``."""
    from parallel_corpus.glossary.lexicon import gloss_term, load_lexicon, says_word

    return says_word(gloss_term(load_lexicon(), term), word.lower(), word)


def _inconsistent_renderings(alignment: Alignment) -> list[tuple[int, Flag]]:
    # Phrases that differ in one word only share the key with that word left out.
    by_rest: dict[tuple, list[_Phrase]] = {}
    for phrase in _capitalised_phrases(alignment):
        for k in range(len(phrase.words)):
            by_rest.setdefault((k, phrase.words[:k], phrase.words[k + 1:]), []).append(phrase)
    zh_views: list[str] | None = None
    found = []
    for group in by_rest.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                differing = _near_identical(a, b)
                if differing is None or a.beads & b.beads:
                    continue
                zh_views = zh_views or _zh_views(alignment)
                term = _shared_term(zh_views, a.beads | b.beads)
                if term is None:
                    continue
                found += _suspects(alignment, term, (a, differing[0]), (b, differing[1]))
    return found


def _suspects(alignment: Alignment, term: str, *variants: tuple[_Phrase, str]) -> list[tuple[int, Flag]]:
    """Flags on the beads of the spelling that is probably wrong (both, when that cannot be told)."""
    (a, word_a), (b, word_b) = variants
    supported_a, supported_b = _supported(term, word_a), _supported(term, word_b)
    if supported_a != supported_b:
        wrong = [(b, a)] if supported_a else [(a, b)]
    elif len(a.beads) != len(b.beads):
        wrong = [(b, a)] if len(a.beads) > len(b.beads) else [(a, b)]
    else:
        wrong = [(a, b), (b, a)]
    found = []
    for odd, usual in wrong:
        elsewhere = ", ".join(str(alignment.beads[k].en[0]) for k in sorted(usual.beads))
        for index in sorted(odd.beads):
            found.append((index, qa_flag("inconsistent", f"{term} is rendered “{odd.text}” here but “{usual.text}” "
                                      f"in en sentence {elsewhere}")))
    return found
