"""Pair Chinese terms with English renderings over aligned beads.

Two kinds of evidence, combined into one score:

* association: how consistently the two occur in the same beads (Dice; the log-likelihood
  ratio guards against pairs that co-occur no more than chance would give);
* meaning: cosine of the encoder's embeddings of the two term strings themselves.

Co-occurrence alone pairs 知识产权 with ``Guangdong`` (both are in almost every bead);
the embedding of the strings says they mean different things. Embedding alone pairs
知识产权 with ``intellectual property rights protection center``; co-occurrence and
the length of the candidates keep the rendering tight.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from parallel_corpus.encoders import Encoder, encode_unique
from parallel_corpus.glossary.candidates import COORDINATORS, Candidate, _singular, containers, en_display, joins
from parallel_corpus.glossary.lexicon import (
    Lexicon,
    TermGloss,
    content_words,
    gloss_term,
    lexical_match,
    same_word,
    says_word,
)
from parallel_corpus.glossary.params import PARAMS, GlossaryParams
from parallel_corpus.glossary.vocabulary import is_listed_rendering
from parallel_corpus.segment import zh_words_pos


def _missing_words(zh: Candidate, en: Candidate) -> int:
    """How many words shorter the English is than the Chinese (acronyms excepted).

    维权援助 (two words) is not "assistance"; the embedding, matching 援助 alone,
    cannot tell. 地理标志 -> GI is an acronym and fine.
    """
    if len(en.words) == 1 and en.words[0].isupper():
        return 0
    return max(0, len(zh.words) - len(en.words))


@dataclass(frozen=True)
class Rendering:
    """One English candidate for a Chinese term, with the evidence behind it."""

    en: Candidate
    text: str
    pair_units: frozenset[int]
    dice: float
    llr: float
    similarity: float
    score: float
    lexical: float = 0.0


def combined_score(similarity: float, association: float, lexical: float,
                   params: GlossaryParams = PARAMS) -> float:
    """One number from the three kinds of evidence for a pair."""
    return (params.similarity_weight * similarity + params.association_weight * association
            + params.lexical_weight * lexical)


def dice(pair: int, a: int, b: int) -> float:
    return 2.0 * pair / (a + b) if a + b else 0.0


def log_likelihood(pair: int, a: int, b: int, total: int) -> float:
    """Dunning's G2 for the 2x2 table of units holding a, b, both or neither."""
    cells = (pair, a - pair, b - pair, total - a - b + pair)
    rows = (a, total - a)
    cols = (b, total - b)
    g2 = 0.0
    for k, observed in enumerate(cells):
        expected = rows[k // 2] * cols[k % 2] / total if total else 0.0
        if observed > 0 and expected > 0:
            g2 += observed * math.log(observed / expected)
    return 2.0 * g2


def contains_phrase(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    n = len(shorter)
    return any(tuple(longer[i:i + n]) == tuple(shorter) for i in range(len(longer) - n + 1))


def _co_occurring(zh: Candidate, en_by_unit: dict[int, list[str]]) -> dict[str, set[int]]:
    """English keys found in the beads of ``zh``, with those beads."""
    together: dict[str, set[int]] = {}
    for unit in zh.units:
        for key in en_by_unit.get(unit, ()):
            together.setdefault(key, set()).add(unit)
    return together


def shortlist(zh: Candidate, together: dict[str, set[int]], en: dict[str, Candidate],
              total_units: int, min_pair: int, lexical: Callable[[str], float],
              attested: Callable[[str], bool],
              params: GlossaryParams = PARAMS) -> list[tuple[str, frozenset[int], float, float]]:
    """English keys that co-occur with ``zh`` beyond chance, best Dice first, and those the
    dictionary attests even in one segment (``attested``: 检察机关 is "prosecutorial
    organs" in one segment and "procuratorial organs" in another).

    Ties go to dictionary evidence (``lexical`` of a key): a term seen in two segments
    ties with every phrase found only there. ``together``: the English keys found in the
    term's segments, with those segments.
    """
    scored, proven = [], []
    may_prove = min_pair <= len(zh.units) <= params.max_attested_units
    coordinated = any(char in zh.key for char in COORDINATORS)
    for key, units in together.items():
        if en[key].name_of:
            continue  # a name cut short (its full form is here too)
        if len(en[key].words) > 1 and en[key].before_article > params.verb_final_share * en[key].freq:
            continue  # it ends in a verb: "application containing" (the ...), "trademark contain" (a ...)
        if (en[key].link == "or" and not coordinated) or (en[key].link == "for" and not zh.verb_led):
            continue  # "opposition or invalidation" renders only a term that joins two (商品或服務),
            #           "application for registration" only an act and its object (申請註冊)
        if len(units) < min_pair and not (may_prove and attested(key)):
            continue
        item = (key, frozenset(units), dice(len(units), len(zh.units), len(en[key].units)),
                log_likelihood(len(units), len(zh.units), len(en[key].units), total_units))
        if len(units) >= min_pair and (item[3] >= params.min_llr or len(units) == len(zh.units)):
            scored.append(item)
        elif len(units) < min_pair:
            proven.append(item)
    scored.sort(key=lambda item: (-item[2], -lexical(item[0]), -item[3], item[0]))
    return scored[:params.shortlist_size] + sorted(proven)


def pair_terms(zh_terms: Sequence[Candidate], en: dict[str, Candidate], total_units: int,
               encoder: Encoder, *, min_pair: int = 1, lexicon: Lexicon | None = None,
               expansions: dict[str, str] | None = None, zh_texts: Sequence[str] = (),
               zh_words: Sequence[Sequence[str]] = (),
               params: GlossaryParams = PARAMS) -> dict[str, list[Rendering]]:
    """Scored English renderings of each Chinese term, best first (empty when none qualifies).

    ``lexicon`` adds dictionary evidence (none without it); ``expansions`` are the
    acronyms the text defines (see candidates.acronym_expansions); ``zh_texts`` are the
    Chinese sides of the units and ``zh_words`` their jieba words, which tell what else a
    segment says (see :class:`SegmentGlosses`).
    """
    en_by_unit: dict[int, list[str]] = {}
    for key, cand in en.items():
        for unit in cand.units:
            en_by_unit.setdefault(unit, []).append(key)
    evidence = DictionaryEvidence(lexicon, expansions) if lexicon else None
    segments = SegmentGlosses(lexicon, zh_texts, zh_words) if lexicon and zh_texts else None

    def lexical(z: Candidate, key: str) -> float:
        return evidence.lexical(z, en_display(en[key])) if evidence else 0.0

    def attested(z: Candidate, key: str) -> bool:
        return evidence.attested(z, en_display(en[key])) if evidence else False

    together = {z.key: _co_occurring(z, en_by_unit) for z in zh_terms}
    lists = {z.key: shortlist(z, together[z.key], en, total_units, min_pair, partial(lexical, z),
                              partial(attested, z), params)
             for z in zh_terms}
    outer_zh = containers([z.key for z in zh_terms])

    en_keys = sorted({key for items in lists.values() for key, *_ in items})
    paired = [z for z in zh_terms if lists[z.key]]  # only terms with an English candidate are embedded
    term_texts = [z.key for z in paired]
    en_texts = [en_display(en[k]) for k in en_keys]
    # No centring here (unlike sentence alignment): the phrases all come from one
    # domain, so the mean vector is that domain ("IP"), and removing it drops
    # 知识产权 -> IPR and 地理标志 -> GI below the similarity floor.
    vectors = _encode_by_length(encoder, term_texts + en_texts)
    zh_vecs = vectors[: len(term_texts)]
    en_vecs = vectors[len(term_texts):]
    en_row = {k: i for i, k in enumerate(en_keys)}

    result: dict[str, list[Rendering]] = {}
    for zi, z in enumerate(paired):
        renderings = []
        for key, units, assoc, llr in lists[z.key]:
            sim = float(zh_vecs[zi] @ en_vecs[en_row[key]])
            lex = lexical(z, key)
            if sim < params.min_similarity and lex < params.lexical_proof:
                continue
            score = combined_score(sim, assoc, lex, params) * params.short_rendering ** _missing_words(z, en[key])
            if segments and evidence:  # both or neither: they come from the same lexicon
                score *= params.overreach ** segments.said_elsewhere(z, evidence.gloss(z), en_texts[en_row[key]],
                                                                     units)
            renderings.append(Rendering(en[key], en_texts[en_row[key]], units, assoc, llr, sim, score, lex))
        renderings.sort(key=lambda r: (-r.score, r.text))
        result[z.key] = _prefer_closer_nested(renderings, params)

    # Longer forms of each preferred rendering, kept when the string embedding does not
    # find them further from the Chinese term (the veto keeps "copyright" from becoming
    # "copyright infringement" when the two always come together).
    taken = {z.key: result[z.key][0].en.key for z in zh_terms if result.get(z.key)}
    # The renderings of longer terms around a term are not its longer forms, but a phrase
    # joined to it by 之 takes none from it (產地之標示 leaves 產地 "place of origin").
    outer_taken = {z.key: {taken[o] for o in outer_zh.get(z.key, ()) if o in taken and not joins(o, z.key)}
                   for z in zh_terms}
    longer = {z.key: [r for r in _longer_renderings(
                  z, result[z.key][0], together[z.key], en, outer_taken[z.key], total_units, params)
                  if not (segments and evidence and segments.said_elsewhere(
                      z, evidence.gloss(z), r.text, r.pair_units,
                      [w for w, _ in content_words(result[z.key][0].text)]))]
              for z in zh_terms if result.get(z.key)}
    extra_keys = sorted({r.en.key for items in longer.values() for r in items} - set(en_row))
    if extra_keys:
        extra_vecs = _encode_by_length(encoder, [en_display(en[k]) for k in extra_keys])
        en_vecs = np.vstack([en_vecs, extra_vecs])
        en_row.update({k: len(en_keys) + i for i, k in enumerate(extra_keys)})
    for zi, z in enumerate(paired):
        if not result.get(z.key):
            continue  # no rendering, so no longer forms either
        best = result[z.key][0]
        for r in longer.get(z.key, ()):
            sim = float(zh_vecs[zi] @ en_vecs[en_row[r.en.key]])
            lex = lexical(z, r.en.key)
            if sim >= best.similarity - params.longer_tie:
                result[z.key] = [replace(r, similarity=sim, lexical=lex)] + result[z.key]
                break
    return result


def _encode_by_length(encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
    """``encode_unique`` over the texts shortest first: a batch is padded to its longest
    text, and term strings run from two characters to ten words (~2x faster with USE)."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors = encode_unique(encoder, [texts[i] for i in order])
    result = np.empty_like(vectors)
    result[np.asarray(order, dtype=int)] = vectors
    return result


def _longer_renderings(z: Candidate, best: Rendering, together: dict[str, set[int]],
                       en: dict[str, Candidate], taken: set[str],
                       total_units: int, params: GlossaryParams) -> list[Rendering]:
    """English phrases around ``best`` found in (nearly) all of its beads with ``z``, longest first.

    Co-occurrence cannot cut a name short: "Shang Tong" and "Yue Shang Tong",
    "procuratorial" and "procuratorial organs" come together. A longer form that a longer
    Chinese term containing ``z`` has taken (``taken``: 商业秘密保护基地 -> "Trade Secret
    Protection Bases") belongs to that term, not to ``z``.
    """
    need = params.complete_support * len(best.pair_units)
    found = []
    for key, units in together.items():
        cand = en[key]
        if (len(cand.words) <= len(best.en.words) or len(units) < need
                or not contains_phrase(cand.words, best.en.words)):
            continue
        if key in taken or cand.link:
            continue  # "goods or services" is no longer form of "services"
        found.append(Rendering(cand, en_display(cand), frozenset(units),
                               dice(len(units), len(z.units), len(cand.units)),
                               log_likelihood(len(units), len(z.units), len(cand.units), total_units),
                               best.similarity, best.score))
    found.sort(key=lambda r: (-len(r.en.words), -len(r.pair_units), r.text))
    return found[:params.max_longer]


class DictionaryEvidence:
    """Dictionary scores of (Chinese term, English phrase) pairs, each computed once."""

    def __init__(self, lexicon: Lexicon, expansions: dict[str, str] | None = None) -> None:
        self.lexicon = lexicon
        self.expansions = expansions
        self._glosses: dict[str, TermGloss] = {}
        self._lexical: dict[tuple[str, str], float] = {}
        self._says: dict[tuple[str, str, str], bool] = {}
        self._words: dict[str, list[tuple[str, str]]] = {}

    def gloss(self, z: Candidate) -> TermGloss:
        if z.key not in self._glosses:
            self._glosses[z.key] = gloss_term(self.lexicon, z.key, z.words)
        return self._glosses[z.key]

    def lexical(self, z: Candidate, english: str) -> float:
        """See :func:`lexicon.lexical_match`; 1 for a rendering the core IP vocabulary lists."""
        if (z.key, english) not in self._lexical:
            self._lexical[z.key, english] = 1.0 if is_listed_rendering(z.key, english) else lexical_match(
                self.gloss(z), english, self.expansions)
        return self._lexical[z.key, english]

    def attested(self, z: Candidate, english: str) -> bool:
        """Whether the dictionary accounts for every word of both sides. Word by word
        first: most phrases of a segment fail on a word the term cannot say."""
        if is_listed_rendering(z.key, english):
            return True
        if english not in self._words:
            self._words[english] = content_words(english)
        for word, original in self._words[english]:
            if (z.key, word, original) not in self._says:
                self._says[z.key, word, original] = says_word(self.gloss(z), word, original)
            if not self._says[z.key, word, original]:
                return False
        return self.lexical(z, english) == 1.0


class SegmentGlosses:
    """What a segment's Chinese side says, word by word: the dictionary parts of its jieba
    words with their character spans, to ask which English words something else in the
    segment than a given term translates. Built once per segment, answers kept per word."""

    def __init__(self, lexicon: Lexicon, zh_texts: Sequence[str],
                 zh_words: Sequence[Sequence[str]] = ()) -> None:
        self.lexicon = lexicon
        self.zh_texts = zh_texts
        self.zh_words = zh_words  # jieba's words of each text, when already known
        self._glosses: dict[int, tuple[TermGloss, list[tuple[int, int]]]] = {}
        self._saying: dict[tuple[int, str, str], list[tuple[int, int]]] = {}

    def _gloss(self, unit: int) -> tuple[TermGloss, list[tuple[int, int]]]:
        if unit not in self._glosses:
            text = self.zh_texts[unit]
            words = self.zh_words[unit] if self.zh_words else [w for w, _ in zh_words_pos(text)]
            gloss = gloss_term(self.lexicon, text, words)
            spans, at = [], 0
            for part, _ in gloss.parts:  # the parts spell the text in order
                spans.append((at, at + len(part)))
                at += len(part)
            self._glosses[unit] = gloss, spans
        return self._glosses[unit]

    def says_outside(self, term: str, unit: int, word: str, original: str) -> bool:
        """Whether a part of the segment that does not overlap ``term`` says ``word``."""
        if (unit, word, original) not in self._saying:
            gloss, spans = self._gloss(unit)
            self._saying[unit, word, original] = [spans[i] for i in gloss.explaining(word, original)]
        saying = self._saying[unit, word, original]
        if not saying:
            return False
        text = self.zh_texts[unit]
        taken = []
        at = text.find(term)
        while at >= 0:
            taken.append((at, at + len(term)))
            at = text.find(term, at + 1)
        return any(all(end <= a or start >= b for a, b in taken) for start, end in saying)

    def said_elsewhere(self, z: Candidate, gloss: TermGloss, english: str, units: Iterable[int],
                       known: Iterable[str] = ()) -> int:
        """How many words of ``english`` (beyond ``known``) translate other Chinese words
        of most of ``units``, and nothing in ``z``: 知识产权纠纷 is "intellectual property
        disputes", and "Overseas" in front is 海外, which stands beside it (海外知识产权纠纷)."""
        have = set(known)
        extra = [(w, o) for w, o in content_words(english) if w not in have and not says_word(gloss, w, o)]
        if not extra:
            return 0
        units = list(units)
        counts = [sum(self.says_outside(z.key, unit, w, o) for unit in units) for w, o in extra]
        return sum(1 for count in counts if count > len(units) / 2)


def _prefer_closer_nested(renderings: list[Rendering], params: GlossaryParams) -> list[Rendering]:
    """Among a rendering and its longer or shorter forms, put the closest in meaning first.

    Co-occurrence cannot tell "copyright" from "copyright infringement" or
    "competition" from "unfair competition" (they come together); the string
    embedding can. A longer form that occurs wherever the shorter one does is its
    complete form and wins unless clearly further in meaning.
    """
    if not renderings:
        return renderings
    best = renderings[0]
    for r in renderings[1:]:
        if r.score < params.variant_share * best.score:
            break
        if not (contains_phrase(r.en.words, best.en.words) or contains_phrase(best.en.words, r.en.words)):
            continue
        if r.en.link or best.en.link:
            continue  # "goods or services" is no longer form of "services", nor that a shorter one of it
        gain = r.similarity - best.similarity
        # A longer form found everywhere the shorter is found completes it
        # ("Blue" -> "Blue Sword", "Shang Tong" -> "Yue Shang Tong").
        completes = len(r.en.words) > len(best.en.words) and r.en.units == best.en.units
        if gain > params.nested_tie or (completes and gain >= -params.nested_tie):
            best = r
    return [best] + [r for r in renderings if r is not best]


def prefer_expansions(renderings: dict[str, list[Rendering]], zh: dict[str, Candidate],
                      en: dict[str, Candidate], expansions: dict[str, str],
                      params: GlossaryParams = PARAMS) -> None:
    """Put the spelled-out form first where the preferred rendering is an acronym the text
    defines: 地理标志 -> "geographical indication", with "GI" kept as a variant; or, among
    the term's own variants, a phrase whose initials begin the acronym: 知识产权 ->
    "intellectual property" before "IPR"."""
    for key, options in renderings.items():
        if not options:
            continue
        acronym = options[0]
        if acronym.en.key not in expansions:
            spelled = next((r for r in choose_variants(options, params)
                            if _abbreviates(acronym.text, r.en.words)), None)
            if spelled is not None:
                renderings[key] = [spelled] + [r for r in options if r is not spelled]
            continue
        full = en.get(expansions[options[0].en.key])
        if full is None:
            continue
        units = frozenset(zh[key].units & full.units)
        if not units:
            continue
        spelled = replace(acronym, en=full, text=en_display(full), pair_units=units)
        renderings[key] = [spelled] + [r for r in options if r.en.key != full.key]


def _abbreviates(acronym: str, words: Sequence[str]) -> bool:
    """Whether ``acronym`` (IPR) starts with the initials of two or more ``words``
    ("intellectual property")."""
    initials = "".join(w[0] for w in words).upper()
    return acronym.isupper() and len(words) > 1 and acronym.startswith(initials)


def _forms(words: Sequence[str]) -> tuple[str, ...]:
    """Words compared as forms of a term: lower case (acronyms kept), singular."""
    return tuple(w if w.isupper() else _singular(w).lower() for w in words)


def _same_family(a: Sequence[str], b: Sequence[str], params: GlossaryParams) -> bool:
    """Whether two renderings are the same words up to inflection or derivation
    (abandon/abandonment, terminate/termination): one rendering, not two."""
    return len(a) == len(b) and all(same_word(x, y, params) for x, y in zip(a, b))


_COORDINATORS = frozenset({"and", "or"})


def _coordinates(variant: Sequence[str], best: Sequence[str]) -> bool:
    """Whether the variant joins words of the preferred rendering with "and"/"or" that
    the rendering itself has not: a piece of an enumeration, not another rendering."""
    joins = _COORDINATORS & set(variant)
    return bool(joins) and not joins & set(best) and bool(set(variant) & set(best))


def choose_variants(renderings: Sequence[Rendering], params: GlossaryParams = PARAMS) -> list[Rendering]:
    """Other renderings the text really uses for the term, not mere parts of the preferred one.

    IPR and IP for 知识产权 are variants of "intellectual property"; "property" and
    "intellectual property protection" are not (a fragment, a longer phrase), nor is
    "law" beside "enforcement" (both pieces of "law enforcement").
    """
    if not renderings:
        return []
    best = renderings[0]
    chosen: list[Rendering] = []
    for r in renderings[1:]:
        if r.score < params.variant_share * best.score:
            break
        words = _forms(r.en.words)
        if any(contains_phrase(words, _forms(c.en.words)) or contains_phrase(_forms(c.en.words), words)
               or _same_family(words, _forms(c.en.words), params) for c in [best, *chosen]):
            continue  # "trademark pledges stood" beside "trademark pledge"; "infringing" beside "infringement"
        if _coordinates(words, _forms(best.en.words)):
            continue  # "invention patents and high-value" beside "high-value invention patent"
        if any(contains_phrase(o.en.words, words) and contains_phrase(o.en.words, best.en.words)
               for o in renderings if o is not r and o is not best):
            continue  # "law" beside "enforcement": two pieces of "law enforcement"
        chosen.append(r)
        if len(chosen) == params.max_variants:
            break
    return chosen
