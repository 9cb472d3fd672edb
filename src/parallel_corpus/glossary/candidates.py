"""Term candidates in each language, found per text unit (one aligned bead side).

Chinese: runs of jieba words (``segment.zh_words_pos``) whose part-of-speech tags fit
a noun-phrase pattern (知识产权 / 知识产权保护中心 / 高价值发明专利 / 行政裁决), plus
single domain verbs (侵权, 调解). Termhood, in the spirit of C-value (Frantzi et al.
2000), grows with length and frequency and with how much more often the words occur
here than in general Chinese (jieba's dictionary counts are the general-language
reference) or owns a word (地理 only in 地理标志); fragments that nearly always sit inside
one longer candidate are marked, pieces jieba cut out of a longer word (反不|正当竞争) are
completed from their neighbour characters, and a modifier on a much more frequent term
(广东省 + 知识产权) is no candidate.

English: a rule-based chunker (no offline POS tagger ships in a registry package
we trust): maximal runs of content words between function words, punctuation and
numbers (joined across of/on/and inside), and every sub-run of them; plural and
singular share one key; acronyms defined in brackets map to their spelled-out form.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from parallel_corpus.glossary.general import zh_dictionary_counts, zh_general_idf
from parallel_corpus.glossary.params import PARAMS, GlossaryParams
from parallel_corpus.segment import zh_words_pos

# jieba tags that may sit inside a Chinese term: nouns (n, ng, nz, nr, ns, nt, nrt, nrfg),
# verbal and adjectival nouns, distinguishers (b), idioms (l), abbreviations (j), Latin (eng),
# adjectives (a: 高价值) and verbs (v: 行政裁决, 惩罚性赔偿) when a noun comes first.
_NOMINAL = {"n", "ng", "nz", "nr", "nrt", "nrfg", "ns", "nt", "nl", "vn", "an", "l", "j", "eng"}
_MODIFIER = {"a", "b"}
_VERB = {"v"}
_HAN = re.compile(r"[\u4e00-\u9fff]")  # a Chinese term has Chinese characters (not "PCT")
_PLACE = {"ns"}  # jieba's person tags (nr) are too noisy (许可, 蓝剑) and nt names institutions
_PERSON = {"nr", "nrfg", "nrt"}  # ... so a person tag counts only beside a pinyin rendering
_JOINER_TAGS = {"u", "uj"}  # jieba's tags of 之 as a particle (not the verb "go")


@dataclass
class Candidate:
    """One candidate term: its key, how it reads, where it occurs and how term-like it is."""

    key: str
    units: set[int] = field(default_factory=set)
    freq: int = 0
    surfaces: Counter = field(default_factory=Counter)
    pos: str = "noun"
    words: tuple[str, ...] = ()
    proper: bool = False  # tagged as a place name only (广东, 深圳; jieba also tags 海关 so)
    persons: frozenset[str] = frozenset()  # words tagged as people's names (习近平; also 许可)
    verb_led: bool = False  # a verb and what follows it (侵犯商业秘密; also 入选最高人民检察院)
    name_of: str | None = None  # English: the longer name this one is always cut from
    display: str = ""  # English: how the glossary writes it (see _normalised_display)
    domain: float = 0.0
    termhood: float = 0.0
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (unit, first word, end)
    names: frozenset[str] = frozenset()  # words tagged as place names
    container: str | None = None  # the longer candidate this one is nearly always part of
    ends: int = 0  # occurrences after which no noun or verb continues the phrase
    idf: float | None = None  # general-language IDF of the whole term, when jieba lists it
    bound: bool = False  # a piece of a longer word (see _complete_bound): counted, never ranked
    neighbours: list[tuple[tuple[str, str], tuple[str, str]]] = field(default_factory=list)
    core: bool = False  # listed in the core IP vocabulary (see glossary.vocabulary)
    before_article: int = 0  # English: occurrences followed by a/an/the, as a verb is ("application containing the")
    link: str = ""  # English: "or" or "for" when two phrases joined by it (see _linked_spans)


# --- Finding strings in linear time ---------------------------------------------------

def inside(key: str, keys) -> set[str]:
    """The members of ``keys`` (a set or dict) found inside ``key``, itself excluded.

    Every substring of ``key`` is looked up: the cost grows with the key's length (a
    term has at most a dozen characters), not with how many keys there are, so that
    comparing all terms with each other stays linear in the document.
    """
    n = len(key)
    return {key[i:j] for i in range(n) for j in range(i + 1, n + 1) if j - i < n and key[i:j] in keys}


def containers(keys) -> dict[str, list[str]]:
    """Each key -> the other keys that contain it, in the order of ``keys``."""
    found: dict[str, list[str]] = {}
    present = set(keys)
    for key in keys:
        for sub in inside(key, present):
            found.setdefault(sub, []).append(key)
    return found


class TextIndex:
    """Which texts may hold a string, by the character pairs they contain: finding every
    text that holds a term reads only the few texts with its first and last pair
    instead of all of them (which made term counting quadratic in the document)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._pairs: dict[str, set[int]] = {}
        self._chars: dict[str, set[int]] = {}
        for index, text in enumerate(texts):
            for at in range(len(text)):
                self._chars.setdefault(text[at], set()).add(index)
                self._pairs.setdefault(text[at:at + 2], set()).add(index)

    def candidates(self, key: str) -> list[int]:
        """Indices of the texts that may hold ``key`` (a superset), in order."""
        if len(key) < 2:
            return sorted(self._chars.get(key, ()))
        first, last = self._pairs.get(key[:2], set()), self._pairs.get(key[-2:], set())
        return sorted(first & last)

    def holding(self, key: str) -> set[int]:
        """Indices of the texts that hold ``key``."""
        return {i for i in self.candidates(key) if key in self.texts[i]}


# --- Chinese -----------------------------------------------------------------------

def _zh_pos(tags: Sequence[str]) -> str:
    """TBX part of speech of a Chinese candidate from its words' tags."""
    if len(tags) == 1 and tags[0] in _VERB:
        return "verb"
    if len(tags) == 1 and tags[0] in _MODIFIER:
        return "adjective"
    return "noun"


def _zh_spans(words: Sequence[tuple[str, str]], params: GlossaryParams):
    """Yield (start, end) word spans that fit the term pattern."""
    n = len(words)
    for start in range(n):
        first_word, first_tag = words[start]
        if first_tag in _VERB and len(first_word) >= 2:
            yield start, start + 1  # 侵权, 调解, 质押: domain verbs name concepts too
            # ... and head compounds: 侵权纠纷, 侵犯商业秘密 (a verb and its object
            # also match: 加强保护; the English side tells them apart, see glossary)
            # ... and two verbs that make one legal act (撤销|注册, 核驳|审定, 申请|查扣)
            for end in range(start + 1, min(n, start + params.max_verb_led)):
                word, tag = words[end]
                if tag not in _NOMINAL and not (end == start + 1 and tag in _VERB and len(word) >= 2):
                    break
                yield start, end + 1
            continue
        if first_tag not in _NOMINAL and first_tag not in _MODIFIER:
            continue
        has_noun = first_tag in _NOMINAL
        chars = 0
        for end in range(start, min(n, start + params.max_zh_words)):
            word, tag = words[end]
            chars += len(word)
            if chars > params.max_zh_chars:
                break
            if tag in _NOMINAL:
                has_noun = True
            elif tag in _VERB:
                if not has_noun:
                    break
            elif tag not in _MODIFIER:
                break
            if tag in _MODIFIER or not has_noun:
                continue  # a term does not end in a modifier
            if chars < 2:
                continue
            yield start, end + 1


_JOINER = "之"  # the literary genitive of legal Chinese: 混淆誤認之虞, 不專用之聲明


def _split_joiner(words: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """jieba's words with a fused 之 split off (之虞 comes out as one word, tagged a place)."""
    split: list[tuple[str, str]] = []
    for word, tag in words:
        if len(word) == 2 and word[0] == _JOINER and tag in _NOMINAL | _PLACE:  # not 之一, 之间
            split += [(_JOINER, "u"), (word[1], "ng")]
        else:
            split.append((word, tag))
    return split


def _joined_spans(words: Sequence[tuple[str, str]], spans: Sequence[tuple[int, int]],
                  params: GlossaryParams):
    """Yield spans of two phrases joined by 之: a candidate span right before 之 and one to
    ``params.max_joined_right`` nouns after it (混淆誤認 + 之 + 虞, 專用 + 之 + 聲明).

    Legal Chinese names many concepts so, and jieba never keeps them together.
    """
    lefts: dict[int, list[int]] = {}
    for start, end in spans:
        lefts.setdefault(end, []).append(start)
    for at, (word, tag) in enumerate(words):
        if word != _JOINER or tag not in _JOINER_TAGS or at not in lefts:
            continue
        chars = 0
        for end in range(at + 1, min(len(words), at + 1 + params.max_joined_right)):
            right, right_tag = words[end]
            if right_tag not in _NOMINAL or right_tag in _PERSON:
                break
            chars += len(right)
            if end + 1 < len(words) and words[end + 1][1] in _NOMINAL:
                continue  # the phrase goes on (商標之|商標權人): no term ends here
            for start in lefts[at]:
                if chars + 1 + sum(len(w) for w, _ in words[start:at]) <= params.max_zh_chars:
                    yield start, end + 1


def zh_candidates(texts: Sequence[str], tagged: Sequence[list[tuple[str, str]]] | None = None,
                  params: GlossaryParams = PARAMS) -> dict[str, Candidate]:
    """Chinese candidates of every text, keyed by the term string; ``units`` are text indices.

    ``tagged``: the texts' words with their tags when the caller has them already
    (``segment.zh_words_pos`` of each text).
    """
    found: dict[str, Candidate] = {}
    tagged = tagged if tagged is not None else [zh_words_pos(text) for text in texts]
    for index in range(len(texts)):
        words = _split_joiner(tagged[index])
        spans = list(_zh_spans(words, params))
        for start, end in spans + list(_joined_spans(words, spans, params)):
            span = words[start:end]
            key = "".join(w for w, _ in span)
            cand = found.get(key)
            if cand is None:
                cand = found[key] = Candidate(key, pos=_zh_pos([t for _, t in span]),
                                              words=tuple(w for w, _ in span),
                                              proper=all(t in _PLACE for _, t in span),
                                              persons=frozenset(w for w, t in span if t in _PERSON),
                                              verb_led=len(span) > 1 and span[0][1] in _VERB,
                                              names=frozenset(w for w, t in span if t in _PLACE))
            cand.units.add(index)
            cand.freq += 1
            cand.surfaces[key] += 1
            cand.spans.append((index, start, end))
            if end == len(words) or (words[end][1] not in _NOMINAL and words[end][1] not in _VERB):
                cand.ends += 1
            cand.neighbours.append((words[start - 1] if start else ("", "x"),
                                    words[end] if end < len(words) else ("", "x")))
    text_index = TextIndex(texts)
    _complete_bound(found, text_index, params)
    _count_every_occurrence(found, text_index, tagged)
    return found


def _count_every_occurrence(found: dict[str, Candidate], index_of: TextIndex,
                            tagged: Sequence[list[tuple[str, str]]]) -> None:
    """Units of a multi-word candidate: every text holding its string, however jieba cut it.

    jieba cuts one string differently in different contexts (知识产权|犯罪 here,
    知识产权|犯罪案件 there), so counting only the spans that fit the pattern makes a
    recurring term look like a one-off. An occurrence may cut a word of the text where
    two words of two or more characters meet (犯罪|案件), not before a one-character
    suffix: 知识产权金融 does not occur in 知识产权|金融化 (financialisation).
    """
    cuts = [_suffix_cuts(words) for words in tagged]
    texts = index_of.texts
    for cand in found.values():
        if len(cand.words) < 2:
            continue
        for index in index_of.candidates(cand.key):
            text = texts[index]
            at = text.find(cand.key)
            while at >= 0:
                if not {at, at + len(cand.key)} & cuts[index]:
                    cand.units.add(index)
                    break
                at = text.find(cand.key, at + 1)


def _suffix_cuts(words: Sequence[tuple[str, str]]) -> set[int]:
    """Offsets inside a word that leave a piece of one character on either side."""
    cuts, at = set(), 0
    for word, _ in words:
        for inside in range(1, len(word)):
            if inside == 1 or len(word) - inside == 1:
                cuts.add(at + inside)
        at += len(word)
    return cuts


# Tags of neighbours that never belong to the word beside them (numbers, punctuation,
# particles, prepositions, conjunctions, pronouns, places and times).
_FREE_NEIGHBOUR = {"x", "m", "mq", "q", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "f",
                   "s", "t", "zg", "ns", "k"}


def _bound_char(cand: Candidate, side: int, params: GlossaryParams) -> str | None:
    """The character of a one-character (or, on the left, adverb) neighbour word nearly
    always found on one side (0 left, 1 right) of the candidate, if any.

    Boundary evidence where jieba's segmentation is wrong (反不|正当竞争, 新会|陈皮 read as
    新|会陈皮): a string whose neighbour hardly varies is a piece of a longer word. A
    name or a word of two characters beside it (广州 + 知识产权法院, 移送 + 司法机关) is a
    separate word; single characters (集聚|区, 新|会陈皮) and adverbs before it (反不) are
    the suspects.
    """
    if len(cand.neighbours) < params.min_bound_evidence:
        return None
    chars: Counter[str] = Counter()
    for pair in cand.neighbours:
        word, tag = pair[side]
        if word and tag not in _FREE_NEIGHBOUR and (len(word) == 1 or (tag == "d" and side == 0)):
            chars[word[-1] if side == 0 else word[0]] += 1
    if not chars:
        return None
    char, count = chars.most_common(1)[0]
    if count < params.bound_share * len(cand.neighbours) or not _HAN.match(char):
        return None
    return char


def _extend(key: str, index: TextIndex, side: int, params: GlossaryParams) -> str:
    """``key`` with the characters that (nearly) always precede or follow it in the texts."""
    for _ in range(params.max_extension):
        seen: Counter = Counter()
        total = 0
        for text in map(index.texts.__getitem__, index.candidates(key)):
            at = text.find(key)
            while at >= 0:
                total += 1
                near = at - 1 if side == 0 else at + len(key)
                if 0 <= near < len(text):
                    seen[text[near]] += 1
                at = text.find(key, at + 1)
        char, count = seen.most_common(1)[0] if seen else ("", 0)
        if count < params.bound_share * total or not _HAN.match(char):
            break
        key = char + key if side == 0 else key + char
    return key


def _complete_bound(found: dict[str, Candidate], index: TextIndex, params: GlossaryParams) -> None:
    """Mark candidates cut out of a longer word as bound and add the complete word.

    正当竞争 (always after 反不|不) becomes 不正当竞争, 陈皮 (after 新|会) 新会陈皮. A bound
    verb is marked and nothing is added: a verb and its neighbour make no term.
    """
    for key in list(found):
        cand = found[key]
        if _JOINER in key:
            continue  # a joined phrase ends at its own boundaries (see _joined_spans)
        whole = key
        for side in (0, 1):
            if _bound_char(cand, side, params) is not None:
                whole = _extend(whole, index, side, params)
        if whole == key:
            continue
        cand.bound = True
        if cand.pos != "noun" or whole in found:
            continue
        units = index.holding(whole)
        found[whole] = Candidate(whole, units=units, freq=len(units),
                                 words=tuple(w for w, _ in zh_words_pos(whole)), ends=len(units))
        found[whole].surfaces[whole] += len(units)


def _mark_fragments(kept: dict[str, Candidate], params: GlossaryParams) -> None:
    """Set ``container`` on candidates that nearly always occur inside one longer candidate.

    地理 sits inside 地理标志 every time, 战略性产业 inside 战略性产业集群: fragments. A
    name around a term does not make it a fragment (广州 + 知识产权法院), nor does a verb
    in front (入选 + 最高人民检察院), nor do varied containers (海关 in 省内海关,
    海关总署, 香港海关).
    """
    at: dict[tuple[int, int, int], Candidate] = {}
    for cand in kept.values():
        for span in cand.spans:
            at[span] = cand
    for cand in kept.values():
        around: Counter = Counter()
        for unit, start, end in cand.spans:
            for span in ((unit, start - 1, end), (unit, start, end + 1)):
                outer = at.get(span)
                if outer is not None and not outer.proper and not outer.verb_led and not joins(outer.key, cand.key):
                    extra = outer.words[0] if span[1] < start else outer.words[-1]
                    if extra not in outer.names:
                        around[outer.key] += 1
        if around:
            key, count = around.most_common(1)[0]
            if count >= params.dominant_share * len(cand.spans):
                cand.container = key


def joins(outer: str, term: str) -> bool:
    """Whether the longer term ``outer`` joins ``term`` to another phrase with 之: 之 marks
    a word boundary, so the term stands on its own (商標權 in 商標權之移轉)."""
    return _JOINER in outer and _JOINER not in term


def mark_string_fragments(terms: Sequence[Candidate], candidates: dict[str, Candidate],
                          index: TextIndex, params: GlossaryParams = PARAMS) -> None:
    """Set ``container`` on terms whose string nearly always stands inside one longer
    candidate's string, however jieba cut it (标志商标 inside 地理标志商标, 商标代理 inside
    商标代理人): :func:`_mark_fragments` sees only spans that jieba cut alike. Names and
    verbs around a term do not count (see there)."""
    recurring = [k for k, c in candidates.items() if len(c.units) >= 2]
    around = containers(recurring)
    for term in terms:
        if term.container or term.key not in around:
            continue
        total = sum(index.texts[i].count(term.key) for i in index.holding(term.key))
        best, most = None, 0
        for key in around[term.key]:
            outer = candidates[key]
            if (outer.proper or outer.verb_led or joins(outer.key, term.key)
                    or any(name not in term.key for name in outer.names)):
                continue
            count = key.count(term.key) * sum(index.texts[i].count(key) for i in index.holding(key))
            if count > most:
                best, most = key, count
        if best is not None and most >= params.dominant_share * total:
            term.container = best


def _modifies_general_term(cand: Candidate, candidates: dict[str, Candidate], params: GlossaryParams) -> bool:
    """True for a modifier plus a much more frequent term that never ends a phrase.

    广东省知识产权, 深化知识产权, 知识产权行政 are always followed by more nouns (…局,
    …保护, …运用): the term in them is 知识产权 or the longer phrase, not this piece.
    """
    if not cand.spans or cand.ends >= params.open_share * len(cand.spans):
        return False
    for k in range(1, len(cand.words)):
        inner = candidates.get("".join(cand.words[k:])) or candidates.get("".join(cand.words[:k]))
        if inner is not None and inner.freq >= params.general_term_ratio * cand.freq:
            return True
    return False


def _ownership(cand: Candidate, single: dict[str, int], params: GlossaryParams) -> float:
    """0..1: the largest share of one of the compound's words' occurrences found in it.

    地理标志 is built from everyday words (地理, 标志), yet 地理 occurs here only inside it:
    a fixed collocation, the mark of a term. 全省专利 owns neither 全省 nor 专利.
    """
    if len(cand.words) < 2 or cand.freq < params.min_owned:
        return 0.0  # two occurrences of a rare word prove nothing
    shares = [cand.freq / single[w] for w in cand.words if single.get(w, 0) >= cand.freq]
    return max(shares, default=0.0)


def rank_zh(candidates: dict[str, Candidate], min_freq: int, params: GlossaryParams = PARAMS) -> list[Candidate]:
    """Candidates in at least ``min_freq`` units, most term-like first (termhood filled in).

    termhood = log2(1 + words) x units x domain ratio. Fragments are marked (see
    :func:`_mark_fragments`) and dropped after pairing when their English is only a
    part of their container's. The domain ratio is the mean log ratio, over the candidate's dictionary words,
    of a word's relative frequency here to that in general Chinese.
    """
    kept = {k: c for k, c in candidates.items() if len(c.units) >= min_freq}
    general, general_total = zh_dictionary_counts({w for c in kept.values() for w in c.words})
    single = {k: c.freq for k, c in candidates.items() if len(c.words) == 1}
    corpus_total = max(1, sum(single.values()))

    def domain_ratio(word: str) -> float:
        here = single.get(word, 1) / corpus_total
        return math.log(here / ((general.get(word, 0) + 1) / general_total))

    _mark_fragments(kept, params)
    idf = zh_general_idf(set(kept))
    ranked = []
    for cand in kept.values():
        if not _HAN.search(cand.key):
            continue
        if not cand.core and (len(cand.key) < 2 or cand.bound or _modifies_general_term(cand, candidates, params)):
            continue
        # Words jieba only knows from its HMM (not in the dictionary) would look infinitely
        # specific; a compound is as domain-specific as its dictionary words on average
        # (监管部门, 服务体系: one specific word does not make an IP term).
        known = [w for w in cand.words if w in general and w != _JOINER] or list(cand.words)
        cand.domain = (sum(domain_ratio(w) for w in known) / len(known)
                       + params.ownership_bonus * _ownership(cand, single, params))
        cand.idf = idf.get(cand.key)
        if cand.core:
            cand.domain = max(cand.domain, params.core_domain)
        cand.termhood = math.log2(1 + len(cand.words)) * len(cand.units) * max(cand.domain, 0.0)
        if cand.termhood > 0:
            ranked.append(cand)
    ranked.sort(key=lambda c: (-c.termhood, c.key))
    return ranked


# --- English -----------------------------------------------------------------------

_EN_TOKEN = re.compile(r"[A-Za-z][A-Za-z’']*(?:-[A-Za-z0-9][A-Za-z’']*)*|\d[\d,.]*|\S")

# Function words and general verbs/adverbs: a term never contains one at its edges,
# and a run of content words ends at any of them.
_STOP = frozenset("""
a an the and or nor but of in on at to for from by with without within into onto over under
up down out off about above below between among through during before after since until
against via per as than then so such that this these those which who whom whose what when
where while how why if whether because although though also both either neither each every
all any some no not more most less least much many few other another same own only just
is are was were be been being am has have had having do does did done will would shall
should can could may might must it its they them their he his she her we our you your i
there here thus besides further furthermore moreover respectively totaling total including
involving according regarding concerning well very year years yoy
said thereof therein thereto thereunder thereafter thereby therefrom thereupon therefor therewith thereon
hereof herein hereto hereunder hereinafter hereby
whereby wherein whereof aforesaid aforementioned foregoing pursuant upon unless otherwise
mutatis mutandis
""".split())


_SINGULAR_ENDINGS = (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"))
_NOT_PLURAL = ("ss", "us", "is", "ics", " series", "news")
# Nouns whose plural is a meaning of its own (damages: compensation; customs: the authority).
_PLURAL_ONLY = frozenset("""goods damages customs proceedings means premises headquarters species
whereabouts arms earnings savings belongings surroundings""".split())


def _singular(word: str) -> str:
    """Grouping form of a plural noun (centers -> center, GIs -> GI); other words unchanged.

    Only a key: the glossary shows the form the text used. A few suffix rules, because
    ``inflect.singular_noun`` costs ~40 ms a call, too slow for every n-gram.
    """
    low = word.lower()
    if len(low) < 3 or not low.endswith("s") or low.endswith(_NOT_PLURAL) or low in _PLURAL_ONLY:
        return word
    if word[:-1].isupper():
        return word[:-1]
    for plural, single in _SINGULAR_ENDINGS:
        if low.endswith(plural) and len(low) > len(plural) + 1:
            return word[: -len(plural)] + single
    return word[:-1]


def en_key(words: Sequence[str]) -> str:
    """Grouping key of an English phrase: lowercase (acronyms kept), last word singular."""
    words = list(words)
    words[-1] = _singular(words[-1])
    return _lower_words(words)


def _lower_words(words: Sequence[str]) -> str:
    """Words joined in lower case, acronyms (IPR, GI, PCT) kept."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)


# Function words that may join the parts of one term inside it ("General Administration of
# Customs", "country strong on IPR", "Guidance Center for Handling ..."), never at its edges.
_CONNECTORS = frozenset({"of", "on", "and"})
# Joins two capitalised words only, inside a name ("Administration for Market Regulation",
# "Guidance Center for Handling ..."); lower case "protection for plant varieties" is two phrases.
_NAME_CONNECTORS = frozenset({"for", "a", "the", "in", "to"})
_EDGE_STOP = _CONNECTORS | _NAME_CONNECTORS


def _is_content(tok: str) -> bool:
    return tok[0].isalpha() and tok.lower() not in _STOP and not tok.lower().endswith("ly")


def _content_runs(tokens: list[str]) -> list[list[tuple[int, str]]]:
    """Maximal runs of content words, joined across single connectors between content words."""
    runs: list[list[tuple[int, str]]] = []
    run: list[tuple[int, str]] = []
    for i, tok in enumerate(tokens):
        joins = (run and i + 1 < len(tokens) and _is_content(tokens[i + 1])
                 and (tok.lower() in _CONNECTORS
                      or (tok in _NAME_CONNECTORS and run[-1][1][0].isupper() and tokens[i + 1][0].isupper()
                          and tokens[i + 1][1:2].islower())))
        if _is_content(tok) or joins:
            run.append((i, tok))
        else:
            if run:
                runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def _is_participle(word: str) -> bool:
    return len(word) > 3 and word.lower().endswith("ed") and not word.lower().endswith("eed") and not word.isupper()


_AUXILIARIES = frozenset("has have had having is are was were be been being".split())


def _after_auxiliary(tokens: Sequence[str], first: int) -> bool:
    """Whether a form of "have" or "be" comes before token ``first``, across adverbs in -ly:
    the participle there is a verb ("had officially offered IP major")."""
    k = first - 1
    while k >= 0 and tokens[k].lower().endswith("ly") and tokens[k][0].isalpha():
        k -= 1
    return k >= 0 and tokens[k].lower() in _AUXILIARIES


def _is_reduced_relative(span: Sequence[str]) -> bool:
    """A plural noun and its participle: "patents granted", "trademarks registered" (the
    statistics terms 授权量, 注册量 name); "IP Court accepted" is a clause."""
    if len(span) < 2:
        return False
    noun = span[-2]
    return noun.islower() and _singular(noun) != noun


_SENTENCE_END = frozenset(".!?:")
_PERSON_ENDINGS = ("er", "or", "ee", "ant", "ent", "ist", "ian", "ary")
_PERSON_WORDS = frozenset(
    "person persons party parties owner holder proprietor people agent representative heir".split())
_ARTICLES = frozenset({"a", "an", "the"})
_PARTY_ENDINGS = ("ant", "ee", "or")  # applicant, licensee, proprietor (not -er, -ent: member, judgment)


def is_person_word(word: str) -> bool:
    """Whether an English word names a person or party: "person", "owner", "holder" or a
    word with an agent ending (applicant, licensee, examiner)."""
    low = word.lower()
    return low in _PERSON_WORDS or (len(low) > 4 and low.endswith(_PERSON_ENDINGS))


_PARTY_SUFFIXES = ("人", "者")  # 申请人, 权利人, 被授权人, 使用者: a person or a party


def is_party_term(key: str) -> bool:
    """Whether a Chinese term names a person or party (申请人, 商标代理人, 使用者)."""
    return len(key) > 2 and key.endswith(_PARTY_SUFFIXES)


def is_party_word(word: str) -> bool:
    """Whether an English word surely names a party: "owner", "agent" or an agent noun in
    -ant, -ee, -or (applicant, licensee, proprietor), not any word in -er or -ent
    (register, enforcement) as :func:`is_person_word` allows."""
    low = word.lower()
    return low in _PERSON_WORDS or (len(low) > 5 and low.endswith(_PARTY_ENDINGS))


def _person_of_spans(tokens: Sequence[str], params: GlossaryParams):
    """Yield (start, end, key words) of "<party> of [a|the] <noun phrase>" in ``tokens``.

    Laws name a party by what it holds ("proprietor of a registered trademark", "owner of
    detained articles") where Chinese says 商標權人; the article in between ends a content
    run, so these are no run. The key leaves the article out: "proprietor of the
    registered trademark" is the same party.
    """
    for i in range(len(tokens) - 2):
        if tokens[i + 1].lower() != "of" or not _is_content(tokens[i]) or not is_party_word(tokens[i]):
            continue
        first = i + 3 if tokens[i + 2].lower() in _ARTICLES else i + 2
        end = first
        while end < len(tokens) and end - first < params.max_en_words - 2 and _is_content(tokens[end]):
            end += 1
            span = list(tokens[first:end])
            if not _is_participle(span[-1]):
                yield i, end, [tokens[i], "of", *span]


COORDINATORS = "或及與与和"  # what a Chinese term that an "X or Y" phrase renders holds (商品或服務)


def _linked_spans(tokens: Sequence[str], params: GlossaryParams):
    """Yield (start, end, link) of two short phrases joined by "or" or "for".

    Laws name a pair by two phrases joined by "or" ("goods or services", "identical or
    similar") where Chinese has one term (商品或服務, 相同或近似), and an act by its object
    after "for" ("application for registration", "apply for registration": 申請註冊). Both
    words end a content run, so these are no run. Each side has at most
    ``max_coordinated_side`` words (one before "for"), and the second ends where its noun
    phrase ends ("trademark or collective [trademark]" is none), unless two words joined by
    "or" come before a head they share; the article after "for" is skipped.
    """
    side = params.max_coordinated_side
    for i in range(1, len(tokens) - 1 if side else 0):
        link = tokens[i].lower()
        if link not in ("or", "for"):
            continue
        first = i + 2 if link == "for" and tokens[i + 1].lower() in _ARTICLES else i + 1
        if link == "for" and first == i + 1 and tokens[i - 1][0].isupper() and tokens[i + 1][0].isupper():
            continue  # "Administration for Market Regulation": a name's content run already
        left = 0
        while left < (side if link == "or" else 1) and i - left - 1 >= 0 and _is_content(tokens[i - left - 1]):
            left += 1
        right = 0
        while right < side and first + right < len(tokens) and _is_content(tokens[first + right]):
            right += 1
        if link == "or" and left and right > 1:
            yield i - 1, i + 2, link  # two words before a head they share: "identical or similar [goods]"
        after = first + right
        if right == 0 or _is_participle(tokens[after - 1]) or (right == side and after < len(tokens) and (
                _is_content(tokens[after]) or (tokens[after].lower() in _CONNECTORS and after + 1 < len(tokens)
                                               and _is_content(tokens[after + 1])))):
            continue
        for n in range(1, left + 1):
            if not (link == "for" and (is_party_word(tokens[i - 1]) or _is_participle(tokens[i - 1]))):
                # "applicant for a trademark", "protected for plant breeders": no act and its object
                yield i - n, after, link


def en_candidates(texts: Sequence[str], params: GlossaryParams = PARAMS) -> dict[str, Candidate]:
    """English noun-phrase-like candidates of every text, keyed by :func:`en_key`."""
    found: dict[str, Candidate] = {}
    capitals: Counter = Counter()  # running text: how often each word is capitalised mid-sentence
    seen: Counter = Counter()
    for index, text in enumerate(texts):
        tokens = _EN_TOKEN.findall(text)
        heading = _is_heading(tokens, params)
        if not heading:
            for i, tok in enumerate(tokens):
                if i and tok[0].isalpha() and tokens[i - 1] not in _SENTENCE_END:
                    seen[tok.lower()] += 1
                    capitals[tok.lower()] += tok[0].isupper()
        for run in _content_runs(tokens):
            words = [w for _, w in run]
            first = run[0][0]
            at_start = first == 0 or tokens[first - 1] in _SENTENCE_END
            verb_first = _is_participle(words[0]) and (at_start or _after_auxiliary(tokens, first))
            for start in range(len(words)):
                initial = at_start and start == 0
                if start == 0 and verb_first:
                    continue  # "Improved IP legislation", "had officially offered IP major": a verb
                for end in range(start + 1, min(len(words), start + params.max_name_words) + 1):
                    span = words[start:end]
                    if span[0].lower() in _EDGE_STOP or span[-1].lower() in _EDGE_STOP:
                        continue
                    if end - start > params.max_en_words and not _capitalised(span):
                        break
                    if _is_participle(span[-1]) and not _is_reduced_relative(span):
                        continue  # "IP Court accepted": a term ends in a noun
                    if any(w.endswith(("’s", "'s")) and w.islower() for w in span[:-1]):
                        continue  # "person’s registered trademark": whose it is, no term
                    if span[-1].endswith(("’s", "'s")) and len(span[-1]) > 2:
                        span = [*span[:-1], span[-1][:-2]]  # "CNIPA’s guide" -> CNIPA
                    key = en_key(span)
                    cand = found.get(key)
                    if cand is None:
                        cand = found[key] = Candidate(key, words=tuple(key.split()))
                    cand.units.add(index)
                    cand.freq += 1
                    after = run[end - 1][0] + 1
                    cand.before_article += after < len(tokens) and tokens[after].lower() in _ARTICLES
                    # A capital at a sentence start says nothing: such forms only win
                    # when no other form was seen (see en_display), and keep it only
                    # inside a name ("Beixiang Water Chestnut, ...").
                    if heading:
                        cand.surfaces[" ".join(span)] += 0  # a heading's capitals say nothing either
                    elif initial:
                        name = len(span) > 1 and _capitalised(span[1:])
                        cand.surfaces[" ".join([span[0] if name else span[0].lower(), *span[1:]])] += 0
                    else:
                        cand.surfaces[" ".join(span)] += 1
        for start, end, words in _person_of_spans(tokens, params):
            _add_phrase(found, tokens, start, end, words, index, heading)
        for start, end, link in _linked_spans(tokens, params):
            words = [w for w in tokens[start:end] if w.lower() not in _ARTICLES]
            _add_phrase(found, tokens, start, end, words, index, heading).link = link
    _merge_acronym_forms(found)
    _mark_cut_names(found)
    proper = {word for word, count in capitals.items() if count >= params.proper_share * seen[word]}
    for cand in found.values():
        cand.display = _normalised_display(cand, proper, seen, params)
    return found


def _add_phrase(found: dict[str, Candidate], tokens: Sequence[str], start: int, end: int,
                words: Sequence[str], index: int, heading: bool) -> Candidate:
    """Count one occurrence of a phrase that is no content run (tokens[start:end], keyed by ``words``)."""
    key = en_key(words)
    cand = found.setdefault(key, Candidate(key, words=tuple(key.split())))
    cand.units.add(index)
    cand.freq += 1
    surface = " ".join(tokens[start:end])
    at_start = start == 0 or tokens[start - 1] in _SENTENCE_END
    cand.surfaces[surface[:1].lower() + surface[1:] if at_start else surface] += 0 if heading else 1
    return cand


def _is_heading(tokens: Sequence[str], params: GlossaryParams) -> bool:
    """Whether a line is written in Title Case ("Judicial IPR Protection", "Purpose"):
    its capitals are style, not names."""
    content = [t for t in tokens if t[0].isalpha() and t.lower() not in _STOP]
    if not content or (len(content) < 2 and len(tokens) > 3):
        return False
    return sum(t[0].isupper() for t in content) >= params.heading_capitals * len(content)


def _normalised_display(cand: Candidate, proper: set[str], seen: Counter, params: GlossaryParams) -> str:
    """How the glossary writes an English term: lower case unless a name or an acronym,
    and singular (the last word of a lower-case term).

    A form the running text writes mid-sentence wins (see :func:`en_display`); a phrase
    seen only in headings or at a sentence start ("Judicial IPR Protection") is lower
    case but its acronyms, unless it holds a name's word: one the running text
    capitalises (Ministry, Guangdong) or, if the running text never has it, no English
    word (pinyin: Beixiang).
    """
    from wordfreq import zipf_frequency

    def is_name(word: str) -> bool:
        low = word.lower()
        if (word.isupper() and len(word) > 1) or low in proper:
            return True
        return not seen[low] and word[:1].isupper() and zipf_frequency(low, "en") < params.name_zipf

    written = en_display(cand)
    if cand.surfaces.get(written, 0) == 0 and not any(is_name(w) and not w.isupper() for w in written.split()):
        # no name ("Ministry of Economic Affairs" stays whole): lower case but acronyms
        written = " ".join(w if is_name(w) else w.lower() for w in written.split())
    words = written.split()
    if words[-1].islower():
        words[-1] = _singular(words[-1])
    return " ".join(words)


def _merge_acronym_forms(found: dict[str, Candidate]) -> None:
    """One key for phrases that differ only by an acronym and its one-letter-longer form.

    "IP cases" and "IPR cases", "IP information public service nodes" and "IPR
    information ...": one text writes both for one thing. Counted apart, each form holds
    only part of the segments and the consistent rendering is the piece they share.
    The form the text uses most is shown (see en_display).
    """
    acronyms = {w for cand in found.values() for w in cand.words if w.isupper() and len(w) > 1}
    longer: dict[str, list[str]] = {}
    for short in acronyms:
        longer[short] = [a for a in acronyms if len(a) == len(short) + 1 and a.startswith(short)]
    merge = {short: forms[0] for short, forms in longer.items() if len(forms) == 1}
    for key in [k for k, c in found.items() if any(w in merge for w in c.words)]:
        cand = found.pop(key)
        words = tuple(merge.get(w, w) for w in cand.words)
        into = found.get(" ".join(words))
        if into is None:
            cand.key, cand.words = " ".join(words), words
            found[cand.key] = cand
            continue
        into.units |= cand.units
        into.freq += cand.freq
        into.surfaces.update(cand.surfaces)


def _capitalised(span: Sequence[str]) -> bool:
    return all(w[:1].isupper() or w in _EDGE_STOP for w in span)


def written_as_name(cand: Candidate) -> bool:
    """Whether the phrase is written as a name: every word but connectors capitalised."""
    return _capitalised(en_display(cand).split()[1:])  # the first word may start a sentence


def _mark_cut_names(found: dict[str, Candidate]) -> None:
    """Set ``name_of`` on names that never occur without the word that follows them.

    "Administration for Market" always stands in "Administration for Market Regulation":
    a name cut before its end is no rendering. A word in front only narrows a name
    ("Guangzhou Intellectual Property Court" is one Intellectual Property Court), and
    lower-case phrases keep their own entries ("trademark pledges" is a term even if the
    text always goes on "... stood at").
    """
    for cand in found.values():
        if len(cand.words) < 2 or not written_as_name(cand):
            continue
        words = list(cand.words[:-1])
        while words and words[-1] in _EDGE_STOP:
            words.pop()  # "Outline for Building a Country": the name before "a" is cut too
        shorter = found.get(en_key(words)) if words else None
        if (shorter is not None and shorter.freq == cand.freq and shorter.units == cand.units
                and written_as_name(shorter)):
            shorter.name_of = cand.key


_ACRONYM = re.compile(r"\(([A-Z]{2,8})s?\)")


def acronym_expansions(texts: Sequence[str]) -> dict[str, str]:
    """Acronyms the texts define, as candidate keys: {"GI": "geographical indication"}.

    "geographical indication (GI)", "Technology and Innovation Support Centers (TISCs)":
    the words before the bracket whose initials spell the acronym (of/on/and inside).
    """
    found: dict[str, str] = {}
    for text in texts:
        for match in _ACRONYM.finditer(text):
            letters = list(match.group(1))
            before = _EN_TOKEN.findall(text[:match.start()])
            words: list[str] = []
            for word in reversed(before):
                if not letters or not word[0].isalpha():
                    break
                if word.lower() in _CONNECTORS and words:
                    words.insert(0, word)
                    continue
                if word[0].upper() != letters[-1]:
                    break
                letters.pop()
                words.insert(0, word)
            if not letters and words:
                found[en_key([match.group(1)])] = en_key(words)
    return found


def en_display(cand: Candidate) -> str:
    """How an English term is written in the glossary.

    The singular lower-case form when the text uses it mid-sentence ("patent"), else
    the most frequent lower-case form ("intellectual property", though names
    capitalise it; "punitive damages"), else the most frequent mid-sentence form
    (names, acronyms).
    """
    if cand.display:
        return cand.display
    if cand.surfaces.get(cand.key):
        return cand.key  # the singular, lower-case form, used in the text: "patent"
    lower = [(count, form) for form, count in cand.surfaces.items()
             if count and form == _lower_words(form.split())]
    if lower:
        return max(lower)[1]
    return max(cand.surfaces.items(), key=lambda item: item[1])[0]
