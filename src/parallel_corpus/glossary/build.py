"""The glossary algorithm: aligned documents in, :class:`TermPair` rows out.

``build_glossary(alignments)`` pools the beads of one or more aligned documents,
finds term candidates on both sides (:mod:`.candidates`), pairs them
(:mod:`.pairing`) and returns :class:`TermPair` rows, best first. Frequencies count
aligned beads (translation units), not running words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from wordfreq import zipf_frequency

from parallel_corpus.encoders import Encoder, get_encoder
from parallel_corpus.glossary.candidates import (
    Candidate,
    TextIndex,
    acronym_expansions,
    containers,
    en_candidates,
    en_key,
    inside,
    is_party_term,
    is_party_word,
    is_person_word,
    mark_string_fragments,
    rank_zh,
    written_as_name,
    zh_candidates,
)
from parallel_corpus.glossary.lexicon import (
    Lexicon,
    TermGloss,
    content_words,
    explained_shares,
    gloss_term,
    load_lexicon,
    says_word,
    spells_name,
)
from parallel_corpus.glossary.pairing import (
    Rendering,
    choose_variants,
    combined_score,
    contains_phrase,
    dice,
    pair_terms,
    prefer_expansions,
)
from parallel_corpus.glossary.params import PARAMS, GlossaryParams
from parallel_corpus.glossary.types import KnownTerm, TermPair
from parallel_corpus.glossary.vocabulary import core_renderings, is_listed_rendering
from parallel_corpus.script import simplified_view
from parallel_corpus.segment import zh_words_pos
from parallel_corpus.types import Alignment, InputError


@dataclass(frozen=True)
class _Unit:
    """One aligned bead: its texts, the Simplified view of its Chinese (``view``, as long as
    ``zh``: jieba and every Chinese statistic read it) and the document it came from."""

    zh: str
    en: str
    document: str
    view: str


def _units(alignments: Sequence[Alignment]) -> list[_Unit]:
    units = []
    for alignment in alignments:
        views = alignment.document.views("zh")
        for bead in alignment.beads:
            if bead.is_null:
                continue
            zh, en = alignment.pair_texts(bead)
            view = "".join(views[i] for i in bead.zh)
            units.append(_Unit(zh, en, alignment.document.name, view))
    return units


def _original(key: str, ids, units: list[_Unit]) -> str:
    """A term found in the Simplified view as the document writes it: the most frequent
    original spelling of its occurrences (專利 for 专利 in a Traditional text)."""
    spellings: Counter = Counter()
    for i in ids:
        unit = units[i]
        at = unit.view.find(key)
        while at >= 0:
            spellings[unit.zh[at:at + len(key)]] += 1
            at = unit.view.find(key, at + 1)
    return spellings.most_common(1)[0][0] if spellings else key


def _example(units: list[_Unit], ids) -> _Unit:
    """The shortest unit among ``ids``: the tightest context for a terminologist."""
    return min((units[i] for i in ids), key=lambda u: (len(u.zh) + len(u.en), u.zh))


def _sources(units: list[_Unit], ids) -> str:
    return ", ".join(sorted({units[i].document for i in ids}))


def _known_candidates(known: Sequence[KnownTerm], units: list[_Unit], index: TextIndex,
                      zh: dict[str, Candidate], en: dict[str, Candidate]) -> None:
    """Make sure every known term (both languages) is a candidate with its real occurrences."""
    for term in known:
        key = simplified_view(term.zh)
        if key not in zh:
            ids = index.holding(key)
            zh[key] = Candidate(key, units=ids, freq=len(ids), words=(key,))
            zh[key].surfaces[key] += 1
        for text in (term.en, *term.en_variants):
            key = en_key(text.split())
            if key in en:
                continue
            pattern = re.compile(r"(?<!\w)" + re.escape(text) + r"(?:s|es)?(?!\w)", re.IGNORECASE)
            ids = {i for i, u in enumerate(units) if pattern.search(u.en)}
            en[key] = Candidate(key, units=ids, freq=len(ids), words=tuple(key.split()))
            en[key].surfaces[text] += 1


def _core_candidates(index: TextIndex, zh: dict[str, Candidate], min_freq: int) -> None:
    """Mark the candidates the core IP vocabulary lists, and add the listed terms that
    recur in the text but that no candidate pattern found (jieba cut them apart)."""
    for key in core_renderings():
        cand = zh.get(key)
        if cand is None:
            ids = index.holding(key)
            if len(ids) < min_freq:
                continue
            cand = zh[key] = Candidate(key, units=ids, freq=len(ids),
                                       words=tuple(w for w, _ in zh_words_pos(key)), ends=len(ids))
            cand.surfaces[key] += len(ids)
        cand.core = True


def _prefer_listed(renderings: dict[str, list[Rendering]], params: GlossaryParams) -> None:
    """Put first a rendering the core vocabulary lists when it scores nearly as well as
    the best (``params.variant_share``): 商標權 -> "trademark right" and "trademark" tie on the
    evidence of a law that says both in every article."""
    for key, options in renderings.items():
        if not options or is_listed_rendering(key, options[0].text):
            continue
        listed = next((r for r in options if r.score >= params.variant_share * options[0].score
                       and is_listed_rendering(key, r.text)), None)
        if listed is not None:
            renderings[key] = [listed] + [r for r in options if r is not listed]


# How the names of public bodies end (海关总署, 市场监管局, 检察院, 委员会, 公安厅, 办公室), in the
# Simplified view the terms are keyed by.
_BODY_ENDINGS = ("署", "局", "院", "委员会", "厅", "办公室")


def _prefer_full_names(renderings: dict[str, list[Rendering]]) -> None:
    """Put first, for the name of a public body, the best-scoring English name that holds
    the best rendering whole and stands in all of its segments (省法院 -> "People’s Court
    of Guangdong Province", not "People’s Court"; 市场监管局 -> "Administration for Market
    Regulation", not "market regulation"): the embedding finds a piece of a long name
    closer than the name, but a body is rendered by its name. The dictionary must explain
    the name at least as well as the piece: 知识产权法院 is no "Guangzhou Intellectual
    Property Court"."""
    for key, options in renderings.items():
        if not options or not key.endswith(_BODY_ENDINGS):
            continue
        best = options[0]
        name = next((r for r in options if len(r.en.words) > len(best.en.words) and len(r.en.words) > 1
                     and r.pair_units >= best.pair_units and r.lexical >= best.lexical
                     and written_as_name(r.en)
                     and contains_phrase(r.en.words, best.en.words)), None)
        if name is not None:
            renderings[key] = [name] + [r for r in options if r is not name]


def _same_as_container(z: Candidate, best: Rendering, chosen: dict[str, Rendering],
                       says_term: Callable[[str, str], bool]) -> bool:
    """A fragment that ends a longer term and is rendered exactly as it, in no segment
    without it, where the dictionary finds all of the longer term in that English (标志商标
    and 地理标志商标 -> "GI trademark"): the English says the longer term, and the fragment
    is a cut of it. Not so when the longer term adds words the English leaves out
    (事项刊载专利公报 -> "Patent Gazette" says only 专利公报), or the fragment leads the longer
    term (包装 in 包装容器: "packaging" may be the modifier's)."""
    outer = chosen.get(z.container) if z.container else None
    return (outer is not None and z.container is not None and z.container.endswith(z.key)
            and outer.en.key == best.en.key and best.pair_units <= outer.pair_units
            and says_term(z.container, best.text))


def names_person(english: str) -> bool:
    """Whether an English rendering names a person or party (see candidates.is_person_word)."""
    return any(map(is_person_word, english.split()))


def _names_no_person(key: str, english: str) -> bool:
    """A term for a person (商標權人) rendered as a thing ("registered trademark")."""
    return is_party_term(key) and not names_person(english)


def _prefer_persons(renderings: dict[str, list[Rendering]], params: GlossaryParams) -> None:
    """Put first a rendering that names a person when the term does and the best one
    does not, if it scores nearly as well (商標權人 -> "proprietor of the registered
    trademark" rather than "registered trademark", which the same segments also hold)."""
    for key, options in renderings.items():
        if not options or not _names_no_person(key, options[0].text):
            continue
        person = next((r for r in options if r.score >= params.person_share * options[0].score
                       and names_person(r.text)), None)
        if person is not None:
            renderings[key] = [person] + [r for r in options if r is not person]


def _untranslated_parts(z: Candidate, best: Rendering, words_of: dict[str, set[str]]) -> int:
    """How many glossary terms inside ``z`` have no word at all in its English.

    知识产权公共信息 -> "public information" drops 知识产权 (intellectual property, IPR,
    IP); 纠纷应对 -> "handling" drops 纠纷 (dispute): the rendering is cut short.
    """
    mine = {w.lower() for w in best.en.words}
    return sum(1 for inner in inside(z.key, words_of) if not words_of[inner] & mine)


def _explained_by(renderings: dict[str, list[Rendering]], params: GlossaryParams) -> dict[str, list[str]]:
    """English phrase -> the Chinese terms that explain it: those holding most of its
    segments, as the rendering or a variant. Single words are left out: they carry
    too many loose pairings (案件 -> "case" inside 典型案例 -> "typical cases")."""
    sources: dict[str, list[str]] = {}
    for key, options in renderings.items():
        for r in [options[0], *choose_variants(options, params)]:
            if len(r.en.words) > 1 and len(r.pair_units) >= params.owned_share * len(r.en.units):
                sources.setdefault(r.en.key, []).append(key)
    return sources


def _unexplained_parts(z: Candidate, best: Rendering, sources: dict[str, list[str]]) -> int:
    """How many English phrases inside ``z``'s rendering no Chinese term inside ``z`` explains.

    综合改革试验 -> "comprehensive reform of intellectual property" says "intellectual
    property", the rendering of 知识产权, which 综合改革试验 does not contain: the English
    belongs to a longer stretch of text. Terms rendered alike count as one (侵犯 and 侵权
    -> "infringement").
    """
    words = best.en.key.split()
    phrases = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    return sum(1 for phrase in phrases & sources.keys()
               if phrase != best.en.key
               and not any(_within(k, z.key) or z.key in k for k in sources[phrase]))


def _within(short: str, long: str) -> bool:
    """Whether the characters of ``short`` occur in ``long`` in order (知识产权保护 in
    知识产权司法保护: English word order keeps "IPR protection" together)."""
    rest = iter(long)
    return all(char in rest for char in short)


def _translates(gloss: TermGloss, english: str) -> bool:
    """Whether some content word of ``english`` says what ``gloss`` says."""
    return any(says_word(gloss, word, original) for word, original in content_words(english))


def _drop_non_terms(terms: Sequence[Candidate], renderings: dict[str, list[Rendering]],
                    lexicon: Lexicon, keep: set[str]) -> None:
    """Remove the renderings of candidates that name no concept.

    Places and people are not terms: a candidate jieba tags as a place name is kept only
    when its English is not a name either (海关 -> "customs", not 广东 -> "Guangdong"),
    one with a word tagged as a person's name only when its English does not spell that
    word in pinyin (许可 -> "licensing", not 习近平总书记 -> "General Secretary Xi
    Jinping"), and pieces of a person's name rendered alike go with it (总书记). A verb
    in front stays only when the English translates it (侵犯商业秘密 -> "trade secret
    infringement"; in 入选最高人民检察院 the verb is the clause's).
    """
    names = set()
    for z in terms:
        options = renderings.get(z.key)
        if not options or z.key in keep or is_listed_rendering(z.key, options[0].text):
            continue  # the core vocabulary knows 海关 -> "Customs" as a concept, not a place
        if z.verb_led and not _translates(gloss_term(lexicon, z.words[0]), options[0].text):
            del renderings[z.key]
        elif any(spells_name(gloss_term(lexicon, person), options[0].text) for person in z.persons):
            names.add(options[0].en.key)
            del renderings[z.key]
        elif z.proper and options[0].text[:1].isupper():
            del renderings[z.key]
    for z in terms:
        options = renderings.get(z.key)
        if options and z.key not in keep and options[0].en.key in names:
            del renderings[z.key]


def _row(z: Candidate, best: Rendering, variants: Sequence[Rendering], units: list[_Unit],
         *, score: float | None, is_new: bool, extra_variants: Sequence[str] = (),
         penalty: float = 1.0, params: GlossaryParams = PARAMS) -> TermPair:
    """One entry. Its counts cover the preferred rendering and its variants together
    (知识产权 is "IPR" here and "intellectual property" there: one consistent term), and
    so does the association part of its score unless ``score`` is given."""
    rendered = set(best.en.units).union(*(v.en.units for v in variants))
    together = z.units & rendered
    if score is None:
        association = dice(len(together), len(z.units), len(rendered))
        score = combined_score(best.similarity, association, best.lexical, params)
        # The core vocabulary vouches for a term only in its IP sense: 实施 rendered
        # "exploitation" (of a patent), not "implementation" (of a plan).
        listed = z.core and is_listed_rendering(z.key, best.text)
        general = replace(z, core=False) if z.core and not listed else z
        score *= (domain_weight(general, params) * spread_weight(general, params)
                  * support_weight(len(together), params) * penalty)
        # The share of the rendering's segments that also hold the term: Dice mixes both
        # directions; this keeps an English word spread far beyond the term ("number" in
        # 28 segments for 授权量 in 4) from pairing on the term's side alone.
        score *= english_weight(best.text, params) * (len(together) / len(rendered)) ** params.exclusive_power
        score = min(1.0, score * _prior_factor(listed, best.en.words, params))
    example = _example(units, best.pair_units) if best.pair_units else None
    names = list(dict.fromkeys([*extra_variants, *(v.text for v in variants)]))
    return TermPair(
        zh=_original(z.key, z.units, units), en=best.text, score=round(score, 4), en_variants=tuple(names),
        zh_freq=len(z.units), en_freq=len(rendered), pair_freq=len(together),
        example_zh=example.zh if example else "", example_en=example.en if example else "",
        pos=z.pos, is_new=is_new, source=_sources(units, together or z.units),
    )


def _prior_factor(listed: bool, english: Sequence[str], params: GlossaryParams) -> float:
    """How the core vocabulary moves a pair: up when it lists the pair; down for a single
    English word it does not list (载明 -> "specify", 电商 -> "e-commerce"): the
    vocabulary holds the domain's one-word terms, and outside it a term is a compound."""
    if listed:
        return params.core_bonus
    if len(english) == 1 and not english[0].isupper():
        return params.single_word
    return 1.0


def support_weight(pairs: int, params: GlossaryParams = PARAMS) -> float:
    """0..1: evidence from two segments is weaker than from ten (2 -> .4, 10 -> .77, 30 -> .91).

    A law repeats its core terms in dozens of articles (商標, 註冊, 異議) while a one-off
    phrase pairs perfectly with the two segments it shares with its English: the
    number of segments is what sets them apart.
    """
    return pairs / (pairs + params.support_half)


def domain_weight(term: Candidate, params: GlossaryParams = PARAMS) -> float:
    """0..1: how far the term's words are from general language (see candidates.rank_zh);
    1 for a term of the core IP vocabulary."""
    if term.core:
        return 1.0
    return min(1.0, max(0.0, (term.domain - params.domain_floor) / params.domain_span))


def spread_weight(term: Candidate, params: GlossaryParams = PARAMS) -> float:
    """0..1: how narrowly the term is spread over general-language documents.

    The dictionary ratio (:func:`domain_weight`) cannot tell a report's everyday words
    (同比, 金额, 开展) from its terms when both are frequent here; their IDF in jieba's
    general corpus can (同比 5.4, 金额 6.2 against 商标 8.1, 侵权 9.3). Terms the table
    does not list keep weight 1.
    """
    if term.idf is None or term.core:
        return 1.0
    return min(1.0, max(0.0, (term.idf - params.idf_floor) / params.idf_span))


def english_weight(text: str, params: GlossaryParams = PARAMS) -> float:
    """0.2..1: how specific the English rendering is in general English.

    A pair whose English is an everyday word ("put", "number", "special", "case",
    "public information": Zipf 5.2-5.7) is a fragment or a loose gloss far more often
    than a term ("patent" 4.2, "trademark" 3.9, "piracy" 3.5); wordfreq's counts are
    for English what jieba's dictionary is for Chinese (see :func:`spread_weight`).
    """
    excess = max(0.0, zipf_frequency(text, "en") - params.en_zipf_floor)
    return max(params.en_zipf_min, 1.0 - params.en_zipf_slope * excess)


def _redundant(terms: Sequence[Candidate], chosen: dict[str, Rendering], keep: set[str],
               says_all: Callable[[str, str], bool],
               params: GlossaryParams = PARAMS) -> tuple[set[str], set[str], dict[str, str]]:
    """Chinese terms that only repeat another entry, decided with the English side: the
    ones to drop and the fragments to rank low (neither has a say in the other rules).

    * a fragment (nearly always inside one longer term, see candidates._mark_fragments)
      whose English is a part of the longer term's English (地理 -> "geographical" beside
      地理标志 -> "geographical indication") or pairs no better than the longer term's
      is ranked low, not dropped: it may still be a term of its own (侵权纠纷 inside
      专利侵权纠纷 -> "infringement disputes");
    * of two nested terms rendered alike, the longer one (its extra characters were not
      translated: 全省市场监管部门 and 市场监管部门 -> "market regulatory departments",
      知识产权局 and 知识产权 -> "intellectual property"), unless the string embedding
      finds the English clearly closer to it (典型案例, not 案例, is "typical cases");
    * a term whose English a shorter term inside it says entirely (``says_all``, by the
      dictionary): its extra characters went untranslated.

    The third result maps each term dropped as a nested repeat to the rendering it
    repeats: it may still have a rendering of its own (商標權 -> "trademark right" when
    "trademark" is 商標's).
    """
    dropped: set[str] = set()
    repeats: dict[str, str] = {}
    fragments: set[str] = set()
    for z in terms:
        mine = chosen.get(z.key)
        if mine is None or z.key in keep:
            continue
        outer = chosen.get(z.container) if z.container else None
        if outer is not None and (contains_phrase(outer.en.words, mine.en.words)
                                  or outer.score >= mine.score):
            fragments.add(z.key)
            dropped.add(z.key)
    by_key = {z.key: z for z in terms}
    around = containers([z.key for z in terms])
    for z in terms:
        mine = chosen.get(z.key)
        if mine is None or z.key in dropped:
            continue
        for longer in map(by_key.__getitem__, around.get(z.key, ())):
            other = chosen.get(longer.key)
            if other is None or other.en.key != mine.en.key or longer.key in dropped:
                continue
            # A party's name belongs to the term for the party: 商标代理人, not 商标代理 (agency),
            # is "trademark agent".
            party = is_party_word(mine.en.words[-1]) and is_party_term(longer.key) and not is_party_term(z.key)
            if (party or other.similarity > mine.similarity + params.same_rendering_tie) and z.key not in keep:
                dropped.add(z.key)  # the English says the longer term: 典型案例 -> "typical cases"
                repeats[z.key] = mine.en.key
                break
            if longer.key not in keep:
                dropped.add(longer.key)
                repeats[longer.key] = mine.en.key
    # 知识产权纠纷应对 -> "Intellectual Property Disputes" is all said by 知识产权纠纷;
    # 知识产权法院 -> "Intellectual Property Court" says more than 知识产权.
    for z in terms:
        mine = chosen.get(z.key)
        if mine is None or z.key in dropped or z.key in keep or mine.lexical == 0:
            continue
        if any(inner not in dropped and says_all(inner, mine.text) for inner in inside(z.key, chosen)):
            dropped.add(z.key)
    return dropped - fragments, fragments, {k: v for k, v in repeats.items() if k not in fragments}


def build_glossary(alignments: Sequence[Alignment], *, encoder: str | Encoder | None = None,
                   top: int | None = None, min_freq: int = 2,
                   known: Sequence[KnownTerm] | None = None,
                   params: GlossaryParams = PARAMS) -> list[TermPair]:
    """Term pairs of the pooled aligned documents, best first.

    ``encoder`` embeds the term strings (default: the project's default encoder);
    ``min_freq``: a Chinese term and its pairing must occur in at least that many
    beads (a pairing the dictionary attests word for word, in one); ``top`` keeps the
    best N rows; ``known`` terms are always looked for, keep their English as the
    preferred rendering and come out with ``is_new=False``; ``params`` are the ranking
    constants (see :class:`GlossaryParams`).
    """
    if min_freq < 1:
        raise InputError(f"min_freq must be at least 1, got {min_freq}")
    if top is not None and top < 1:
        raise InputError(f"top must be at least 1, got {top}")
    units = _units(alignments)
    if not units:
        raise InputError("no aligned sentence pairs to extract terms from: check that both "
                         "languages are present in the input")
    known = list(known or ())
    tagged = [zh_words_pos(u.view) for u in units]
    zh = zh_candidates([u.view for u in units], tagged, params)
    # CC-CEDICT is parsed before wordfreq's English list loads (en_candidates): the two
    # transient peaks would otherwise overlap (+30 MB).
    lexicon = load_lexicon(params)
    en = en_candidates([u.en for u in units], params)
    index = TextIndex([u.view for u in units])
    _known_candidates(known, units, index, zh, en)
    _core_candidates(index, zh, min_freq)
    ranked = [c for c in rank_zh(zh, min_freq, params) if domain_weight(c, params) > 0 and spread_weight(c, params) > 0]
    known_zh = {simplified_view(term.zh): term for term in known}
    wanted = ranked[: max(params.shortlist_floor, 3 * top) if top else None]
    listed = {c.key for c in wanted}
    mark_string_fragments(wanted, zh, index, params)
    wanted += [zh[k] for k in known_zh if k not in listed and zh[k].units]
    expansions = acronym_expansions([u.en for u in units])
    renderings = pair_terms(wanted, en, len(units), get_encoder(encoder), min_pair=min_freq,
                            lexicon=lexicon, expansions=expansions, zh_texts=[u.view for u in units],
                            zh_words=[[w for w, _ in words] for words in tagged], params=params)
    prefer_expansions(renderings, zh, en, expansions, params)
    _prefer_listed(renderings, params)
    _prefer_persons(renderings, params)
    _prefer_full_names(renderings)

    _drop_non_terms(wanted, renderings, lexicon, set(known_zh))
    chosen = {z.key: options[0] for z in wanted if (options := renderings.get(z.key))}
    def shares(key: str, text: str) -> tuple[float, float]:
        return explained_shares(gloss_term(lexicon, key, zh[key].words), text, expansions)

    dropped, fragments, repeats = _redundant(wanted, chosen, set(known_zh),
                                             lambda key, text: shares(key, text)[1] == 1.0, params)

    def says_term(key: str, text: str) -> bool:
        return shares(key, text)[0] == 1.0

    removed = dropped | fragments
    words_of = {key: {w.lower() for r in [best, *choose_variants(renderings[key], params)] for w in r.en.words}
                for key, best in chosen.items() if key not in removed}
    sources = _explained_by({key: renderings[key] for key in chosen if key not in removed}, params)
    rows: list[TermPair] = []
    for z in wanted:
        options = renderings.get(z.key, [])
        term = known_zh.get(z.key)
        if term is not None:
            fixed = en_key(term.en.split())
            match = next((r for r in options if r.en.key == fixed), None)
            best = replace(match, text=term.en) if match else Rendering(
                en[fixed], term.en, frozenset(z.units & en[fixed].units), 0.0, 0.0, 0.0, 1.0)
            variants = choose_variants([best] + [r for r in options if r is not best], params)
            rows.append(_row(z, best, variants, units, score=1.0, is_new=False,
                             extra_variants=term.en_variants, params=params))
        elif options and z.key in repeats:
            # ranked low on a rendering of its own, if it has one (see _redundant)
            repeated = repeats[z.key].split()
            own = [r for r in options if not contains_phrase(repeated, r.en.key.split())]  # nor a piece of it
            if own and own[0].score >= params.repeat_share * options[0].score:
                rows.append(_row(z, own[0], choose_variants(own, params), units, score=None, is_new=True,
                                 penalty=params.repeat_factor, params=params))
        elif options and z.key not in dropped:
            missing = (_untranslated_parts(z, options[0], words_of)
                       + _unexplained_parts(z, options[0], sources))
            rows.append(_row(z, options[0], choose_variants(options, params), units, score=None, is_new=True,
                             penalty=params.untranslated_part ** missing
                             * (params.fragment_factor if z.key in fragments else 1.0)
                             * (params.fragment_factor if _same_as_container(z, options[0], chosen, says_term) else 1.0)
                             * (params.no_person if _names_no_person(z.key, options[0].text) else 1.0),
                             params=params))
    rows.sort(key=lambda r: (-r.score, -r.pair_freq, r.zh))
    return rows[:top] if top else rows
