"""Glossary: the tiny invented corpus, known terms, the hard negatives, and the sample report."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from builders import alignment_of
from parallel_corpus.encoders import get_encoder
from parallel_corpus.glossary import KnownTerm, build_glossary, read_known
from parallel_corpus.glossary.evaluate import score_glossary
from parallel_corpus.types import Alignment, Bead, InputError, Sentence, SegmentedDocument

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"
REFERENCE = ROOT / "tests" / "data" / "guangdong-ipr-2021.terms.tsv"

# An invented mini corpus (our own sentences) where the right pairs are known.
TINY = [
    ("该公司申请了三项专利。", "The company applied for three patents."),
    ("法院审理了一起专利纠纷。", "The court heard a patent dispute."),
    ("商标注册需要两个月。", "Trademark registration takes two months."),
    ("他们的商标被仿冒了。", "Their trademark was counterfeited."),
    ("商业秘密必须得到保护。", "Trade secrets must be protected."),
    ("员工泄露了商业秘密。", "An employee disclosed a trade secret."),
    ("著作权保护期限很长。", "The term of copyright protection is long."),
    ("软件也受著作权法律保护。", "Software is also protected by copyright law."),
    ("专利和商标都是工业产权。", "Patents and trademarks are both industrial property."),
]


@pytest.fixture(scope="module")
def encoder():
    return get_encoder("use")


@pytest.fixture(scope="module")
def tiny(encoder):
    return build_glossary([alignment_of(TINY)], encoder=encoder)


def test_tiny_corpus_pairs_are_the_known_translations(tiny):
    found = {row.zh: row.en.lower() for row in tiny}
    assert found["专利"] in {"patent", "patents"}
    assert found["商标"] in {"trademark", "trademarks"}
    assert found["商业秘密"] in {"trade secret", "trade secrets"}
    assert found["著作权"] == "copyright"


def test_rows_are_best_first_and_carry_their_evidence(tiny):
    assert [r.score for r in tiny] == sorted((r.score for r in tiny), reverse=True)
    row = next(r for r in tiny if r.zh == "商业秘密")
    assert row.zh_freq == 2 and row.pair_freq == 2 and row.is_new
    assert "商业秘密" in row.example_zh and "secret" in row.example_en.lower()


def test_documents_pool_into_one_glossary(encoder):
    half = len(TINY) // 2
    pooled = build_glossary([alignment_of(TINY[:half], "a"), alignment_of(TINY[half:], "b")],
                            encoder=encoder)
    row = next(r for r in pooled if r.zh == "专利")
    assert row.zh_freq == 3
    assert set(row.source.split(", ")) == {"a", "b"}


def test_min_freq_and_top(encoder):
    strict = build_glossary([alignment_of(TINY)], encoder=encoder, min_freq=3)
    assert {r.zh for r in strict} <= {"专利", "商标"}
    assert len(build_glossary([alignment_of(TINY)], encoder=encoder, top=2)) == 2


def test_known_terms_override_and_are_not_new(encoder):
    known = [KnownTerm("商标", "trade mark", ("TM",)), KnownTerm("专利", "patent")]
    rows = {r.zh: r for r in build_glossary([alignment_of(TINY)], encoder=encoder, known=known)}
    assert rows["商标"].en == "trade mark" and not rows["商标"].is_new
    assert "TM" in rows["商标"].en_variants
    assert rows["专利"].en == "patent" and not rows["专利"].is_new
    assert rows["商业秘密"].is_new


# The same sentences in Traditional characters (our own conversion of TINY).
TINY_TRADITIONAL = [
    ("該公司申請了三項專利。", "The company applied for three patents."),
    ("法院審理了一起專利糾紛。", "The court heard a patent dispute."),
    ("商標註冊需要兩個月。", "Trademark registration takes two months."),
    ("他們的商標被仿冒了。", "Their trademark was counterfeited."),
    ("商業秘密必須得到保護。", "Trade secrets must be protected."),
    ("員工洩露了商業秘密。", "An employee disclosed a trade secret."),
    ("著作權保護期限很長。", "The term of copyright protection is long."),
    ("軟體也受著作權法律保護。", "Software is also protected by copyright law."),
    ("專利和商標都是工業產權。", "Patents and trademarks are both industrial property."),
]


def test_traditional_text_is_read_through_its_simplified_view_and_keeps_its_characters(encoder):
    from dataclasses import replace

    alignment = alignment_of(TINY_TRADITIONAL)
    alignment = replace(alignment, document=replace(alignment.document, script="zh-Hant"))
    rows = build_glossary([alignment], encoder=encoder)
    found = {row.zh: row for row in rows}
    assert found["專利"].en.lower() == "patent"
    assert found["商標"].en.lower() == "trademark"
    assert found["著作權"].en.lower() == "copyright"
    assert found["商業秘密"].example_zh in {z for z, _ in TINY_TRADITIONAL}
    text = "".join(z for z, _ in TINY_TRADITIONAL)
    assert all(row.zh in text for row in rows)  # every term as the document writes it


def test_bad_arguments_are_input_errors(encoder):
    with pytest.raises(InputError):
        build_glossary([alignment_of(TINY)], encoder=encoder, min_freq=0)
    empty = Alignment(SegmentedDocument("e", (Sentence("中文。"),), ()), (Bead((0,), ()),))
    with pytest.raises(InputError):
        build_glossary([empty], encoder=encoder)


# --- the sample report -------------------------------------------------------------

@pytest.fixture(scope="module")
def sample(encoder):
    from parallel_corpus.align import align_document
    from parallel_corpus.document import read_document
    from parallel_corpus.segment import segment_document

    alignment = align_document(segment_document(read_document([SAMPLE])), encoder)
    return alignment, build_glossary([alignment], encoder=encoder)


HARD_NEGATIVES = [("知识产权", "guangdong"), ("知识产权", "protection"), ("全省", "guangdong")]


def test_hard_negatives_never_appear(sample):
    _, rows = sample
    for row in rows:
        renderings = {row.en.lower(), *(v.lower() for v in row.en_variants)}
        for zh, en in HARD_NEGATIVES:
            assert not (row.zh == zh and en in renderings), row


def test_sample_core_terms(sample):
    _, rows = sample
    found = {r.zh: r for r in rows}
    assert found["知识产权"].en.lower() in {"intellectual property", "ipr", "ip"}
    assert found["商业秘密"].en.lower() in {"trade secret", "trade secrets"}
    assert found["商标"].en.lower() in {"trademark", "trademarks"}


def test_sample_quality_against_the_reference_list(sample):
    alignment, rows = sample
    reference = read_known(REFERENCE)
    zh_texts = [alignment.pair_texts(b)[0] for b in alignment.beads if not b.is_null]
    scores = score_glossary(rows, reference, zh_texts, k=100)
    # Measured 0.75 and 0.701 (bench/bench_glossary.py); the margin absorbs aligner changes.
    assert scores.precision_at_k >= 0.70
    assert scores.recall >= 0.65


def test_sample_words_cut_by_the_segmenter_are_completed(sample):
    _, rows = sample
    found = {r.zh: r for r in rows}
    assert "正当竞争" not in found  # jieba reads 反不|正当竞争
    assert found["粤商通"].en == "Yue Shang Tong"  # not "Shang Tong"
    assert found["地理标志"].en == "geographical indication" and "GI" in found["地理标志"].en_variants
    assert not {"广东省知识产权", "深化知识产权", "同比"} & set(found)
    assert found["海关"].en == "customs"  # jieba tags it a place; its English is no name
    assert not {"广东", "深圳", "广州"} & set(found)


# --- the pieces, on invented text ------------------------------------------------------

def test_bound_neighbour_characters_complete_a_candidate():
    from parallel_corpus.glossary.candidates import zh_candidates

    texts = ["打击不正当竞争行为。", "不正当竞争案件增加。", "查处反不正当竞争案件。", "不正当竞争必须制止。"]
    found = zh_candidates(texts)
    assert found["正当竞争"].bound
    assert found["不正当竞争"].units == {0, 1, 2, 3}


def test_a_modifier_on_a_much_more_frequent_term_is_not_ranked():
    from parallel_corpus.glossary.candidates import rank_zh, zh_candidates

    texts = ["深化知识产权运用。", "深化知识产权保护。", "知识产权很重要。", "保护知识产权。", "知识产权制度。",
             "知识产权法院。", "知识产权纠纷。", "知识产权保护。"]
    ranked = {c.key for c in rank_zh(zh_candidates(texts), 2)}
    assert "知识产权" in ranked and "深化知识产权" not in ranked


def test_english_candidates_join_parts_with_of_and_on_but_never_start_or_end_with_them():
    from parallel_corpus.glossary.candidates import en_candidates

    found = en_candidates(["The General Administration of Customs acted.", "A country strong on IPR."])
    assert "general administration of customs" in found and "country strong on IPR" in found
    assert not any(k.split()[0] in {"of", "on"} or k.split()[-1] in {"of", "on"} for k in found)


def test_acronyms_defined_in_brackets_are_expanded():
    from parallel_corpus.glossary.candidates import acronym_expansions

    found = acronym_expansions(["Our geographical indication (GI) products.",
                                "Technology and Innovation Support Centers (TISCs) opened.",
                                "The fee (EUR) rose."])
    assert found == {"GI": "geographical indication",
                     "TISC": "technology and innovation support center"}


def test_general_language_statistics_come_from_jieba():
    from parallel_corpus.glossary.general import zh_dictionary_counts, zh_general_idf

    counts, total = zh_dictionary_counts({"专利", "不是一个词语的字符串"})
    assert set(counts) == {"专利"} and 0 < counts["专利"] < total
    idf = zh_general_idf({"同比", "侵权", "不是一个词语的字符串"})
    assert set(idf) == {"同比", "侵权"} and idf["同比"] < idf["侵权"]


def test_everyday_english_renderings_weigh_less_than_terms():
    from parallel_corpus.glossary.build import english_weight
    assert english_weight("trademark") == 1.0
    assert english_weight("infringement") == 1.0
    assert english_weight("number") < 0.3
    assert english_weight("put") < english_weight("special action") < 1.0


def test_a_rendering_that_says_more_than_the_chinese_term_is_found():
    from parallel_corpus.glossary.build import _unexplained_parts
    from parallel_corpus.glossary.candidates import Candidate
    from parallel_corpus.glossary.pairing import Rendering

    def rendering(key: str) -> Rendering:
        return Rendering(Candidate(key, words=tuple(key.split())), key, frozenset(), 0, 0, 0, 0)

    sources = {"intellectual property": ["知识产权"], "IPR protection": ["知识产权保护"]}
    assert _unexplained_parts(Candidate("综合改革试验"), rendering("comprehensive reform of intellectual property"),
                              sources) == 1
    assert _unexplained_parts(Candidate("知识产权综合改革"), rendering("comprehensive reform of intellectual property"),
                              sources) == 0
    # English word order keeps what Chinese splits: 知识产权|司法|保护 -> "judicial IPR protection"
    assert _unexplained_parts(Candidate("知识产权司法保护"), rendering("judicial IPR protection"), sources) == 0


def test_string_indexes_find_what_a_full_scan_finds():
    from parallel_corpus.glossary.candidates import TextIndex, containers, inside

    texts = ["专利侵权纠纷案件", "商标专利", "侵权", "专利权人", ""]
    index = TextIndex(texts)
    for key in ["专利", "侵权纠纷", "利侵", "专", "商标专利", "不存在"]:
        assert index.holding(key) == {i for i, t in enumerate(texts) if key in t}
    keys = ["专利", "专利权", "专利权人", "权人", "商标"]
    assert inside("专利权人", set(keys)) == {"专利", "专利权", "权人"}
    assert containers(keys) == {"专利": ["专利权", "专利权人"], "专利权": ["专利权人"], "权人": ["专利权人"]}


# --- a Traditional Chinese law (an excerpt of the Taiwan Trademark Act) -----------------

LAW_EXCERPT = ROOT / "tests" / "data" / "tw-trademark-act-excerpt.tsv"
# General words of legal drafting: frequent in any statute, never glossary terms.
LAW_NEGATIVES = {"規定", "前項", "本法", "其他", "情形", "不得", "下列", "期間", "事項", "提出", "方式", "相關"}


@pytest.fixture(scope="module")
def law(encoder):
    import csv
    from dataclasses import replace

    lines = [line for line in LAW_EXCERPT.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    pairs = [tuple(row) for row in csv.reader(lines[1:], delimiter="\t")]
    alignment = alignment_of(pairs)
    alignment = replace(alignment, document=replace(alignment.document, script="zh-Hant"))
    return pairs, build_glossary([alignment], encoder=encoder)


def test_law_terms_keep_their_traditional_characters(law):
    pairs, rows = law
    text = "".join(z for z, _ in pairs)
    assert all(row.zh in text and row.example_zh in text for row in rows)
    found = {row.zh: row.en for row in rows[:15]}
    assert found["商標"] == "trademark" and found["商標權"] == "trademark right"
    assert found["證明標章"] == "certification mark"


def test_law_hard_negatives_stay_out_of_the_top_rows(law):
    _, rows = law
    assert not LAW_NEGATIVES & {row.zh for row in rows[:50]}
    assert all(row.score < 0.2 for row in rows if row.zh in LAW_NEGATIVES)


def test_renderings_are_lower_case_singular_unless_names_or_acronyms():
    from parallel_corpus.glossary.candidates import en_candidates, en_display

    found = en_candidates([
        "Judicial IPR Protection",  # a heading: its capitals are style
        "The courts strengthened judicial IPR protection and heard patent disputes.",
        "Judicial IPR protection improved.",
        "Two patent disputes went to the Ministry of Economic Affairs in Taipei.",
        "The Ministry of Economic Affairs awarded damages and seized the goods.",
    ])
    assert en_display(found["judicial IPR protection"]) == "judicial IPR protection"
    assert en_display(found["patent dispute"]) == "patent dispute"
    assert en_display(found["ministry of economic affair"]) == "Ministry of Economic Affairs"
    assert en_display(found["damages"]) == "damages" and en_display(found["goods"]) == "goods"


def test_variants_are_other_renderings_not_word_forms_or_pieces():
    from parallel_corpus.glossary.candidates import Candidate
    from parallel_corpus.glossary.pairing import Rendering, choose_variants

    def rendering(text: str, score: float) -> Rendering:
        return Rendering(Candidate(text, words=tuple(text.split())), text, frozenset(), 0, 0, 0, score)

    options = [rendering("high-value invention patent", 0.9), rendering("high-value invention patents stood", 0.85),
               rendering("invention patents and high-value", 0.85), rendering("HVP", 0.8)]
    assert [r.text for r in choose_variants(options)] == ["HVP"]
    assert choose_variants([rendering("infringement", 0.9), rendering("infringing", 0.88)]) == []


def test_ranking_constants_are_parameters(encoder):
    from parallel_corpus.glossary import GlossaryParams
    from parallel_corpus.glossary.build import domain_weight, english_weight
    from parallel_corpus.glossary.candidates import Candidate

    term = Candidate("术语", domain=4.5)
    assert domain_weight(term) == 0.5 and domain_weight(term, GlossaryParams(domain_floor=0.5)) == 1.0
    assert english_weight("number") < 0.3 and english_weight("number", GlossaryParams(en_zipf_floor=7.0)) == 1.0
    plain = {r.zh: r.score for r in build_glossary([alignment_of(TINY)], encoder=encoder)}
    unaided = {r.zh: r.score for r in build_glossary([alignment_of(TINY)], encoder=encoder,
                                                      params=GlossaryParams(core_bonus=1.0))}
    assert unaided["商业秘密"] < plain["商业秘密"]  # the vocabulary lists "trade secret"


def test_candidates_pairing_and_ranking_read_their_numbers_from_the_params(encoder):
    from parallel_corpus.glossary import GlossaryParams
    from parallel_corpus.glossary.candidates import zh_candidates

    texts = [zh for zh, _ in TINY]
    assert "商业秘密" in zh_candidates(texts)
    assert "商业秘密" not in zh_candidates(texts, params=GlossaryParams(max_zh_chars=3))

    def rows(**changes):
        terms = build_glossary([alignment_of(TINY)], encoder=encoder, params=GlossaryParams(**changes))
        return {r.zh: (r.en, r.score) for r in terms}

    plain = rows()
    assert rows(min_similarity=1.0, lexical_proof=1.01) == {}  # pairing: no pair is close enough
    assert rows(similarity_weight=0.0) != plain  # the pair's score
    assert plain["商业秘密"][0] == "trade secret"
    assert rows(max_en_words=1).get("商业秘密", ("",))[0] != "trade secret"  # English candidates


def test_a_term_for_a_person_is_rendered_as_one():
    from parallel_corpus.glossary.build import _names_no_person, names_person

    assert names_person("licensee") and names_person("trademark right holder") and names_person("applicant")
    assert not names_person("registered trademark")
    assert _names_no_person("商标权人", "registered trademark")
    assert not _names_no_person("商标权人", "proprietor") and not _names_no_person("商标", "trademark")


def test_a_string_nearly_always_inside_a_longer_candidate_is_its_fragment():
    from parallel_corpus.glossary.candidates import Candidate, TextIndex, mark_string_fragments

    texts = ["商标代理人应登记。", "商标代理人名簿。", "委任商标代理人。", "商标代理业务。", "商标很多。", "注册商标。"]
    found = {key: Candidate(key, units={i for i, t in enumerate(texts) if key in t})
             for key in ("商标代理", "商标代理人", "商标")}
    mark_string_fragments([found["商标代理"], found["商标"]], found, TextIndex(texts))
    assert found["商标代理"].container is None  # 3 of its 4 occurrences: below the share
    texts[3] = "商标代理人业务。"
    found = {key: Candidate(key, units={i for i, t in enumerate(texts) if key in t})
             for key in ("商标代理", "商标代理人", "商标")}
    mark_string_fragments([found["商标代理"], found["商标"]], found, TextIndex(texts))
    assert found["商标代理"].container == "商标代理人" and found["商标"].container is None


def test_phrases_joined_by_zhi_are_candidates_and_leave_their_parts_whole():
    from parallel_corpus.glossary.candidates import rank_zh, zh_candidates

    texts = ["有致相关消费者混淆误认之虞者，不得注册。", "商标有混淆误认之虞时，应予撤销。",
             "混淆误认之虞由法院判断。", "有下列情形之一者，不得注册。", "有下列情形之一时，应予撤销。"]
    found = zh_candidates(texts)
    assert found["混淆误认之虞"].units == {0, 1, 2}
    assert not found["混淆误认之虞"].bound  # 者 after it is grammar, not part of the term
    assert not any(key.endswith("之一") or key.endswith("之虞者") for key in found)
    rank_zh(found, 2)
    assert found["混淆误认"].container is None  # 之 ends a word: the part is a term of its own


def test_a_party_named_by_what_it_holds_is_an_english_candidate():
    from parallel_corpus.glossary.candidates import en_candidates, en_display

    found = en_candidates(["The proprietor of a registered trademark may act.",
                           "Where the proprietor of the registered trademark dies.",
                           "Enforcement of the article begins.", "Each proprietor of a registered trademark pays."])
    party = found["proprietor of registered trademark"]  # one party, with or without the article
    assert party.units == {0, 1, 3} and en_display(party) == "proprietor of a registered trademark"
    assert "enforcement of article" not in found  # not a party


PARTY = [
    ("商标权人得授权他人使用其注册商标。",
     "The proprietor of a registered trademark may license another person to use the registered trademark."),
    ("商标权人应缴纳注册费。", "The proprietor of a registered trademark shall pay the registration fee."),
    ("商标权人死亡时，注册商标由继承人承受。",
     "Where the proprietor of the registered trademark dies, the registered trademark passes to the heir."),
    ("注册商标之使用应符合规定。", "The use of a registered trademark shall comply with the rules."),
    ("商标权人得提出异议。", "The proprietor of a registered trademark may file an opposition."),
]


def test_a_term_for_a_party_takes_the_partys_full_name(encoder):
    rows = {r.zh: r.en for r in build_glossary([alignment_of(PARTY)], encoder=encoder)}
    assert rows["商标权人"] == "proprietor of a registered trademark"  # not "proprietor", not "registered trademark"
    assert rows["注册商标"] == "registered trademark"


def test_a_nested_term_that_repeats_a_rendering_keeps_its_own():
    from parallel_corpus.glossary.build import _redundant
    from parallel_corpus.glossary.candidates import Candidate
    from parallel_corpus.glossary.pairing import Rendering

    short, long = Candidate("商标", units={0, 1, 2}), Candidate("商标权", units={1, 2})
    trademark = Candidate("trademark", units={0, 1, 2}, words=("trademark",))

    def rendering(similarity):
        return Rendering(trademark, "trademark", frozenset({1, 2}), 0.8, 5.0, similarity, 0.5)

    dropped, fragments, repeats = _redundant([short, long], {"商标": rendering(0.8), "商标权": rendering(0.7)},
                                             set(), lambda key, text: False)
    assert dropped == {"商标权"} and not fragments
    assert repeats == {"商标权": "trademark"}  # build ranks it low on its next rendering instead


def test_an_english_phrase_before_an_article_ends_in_a_verb():
    from parallel_corpus.glossary.candidates import en_candidates

    found = en_candidates(["An application containing the mark.", "The application containing a drawing.",
                           "The application was filed."])
    assert found["application containing"].before_article == 2 == found["application containing"].freq
    assert found["application"].before_article == 0


def test_a_partys_name_goes_to_the_term_for_the_party():
    from parallel_corpus.glossary.build import _redundant
    from parallel_corpus.glossary.candidates import Candidate
    from parallel_corpus.glossary.pairing import Rendering

    agency, agent = Candidate("商标代理", units={0, 1, 2}), Candidate("商标代理人", units={0, 1})
    english = Candidate("trademark agent", units={0, 1, 2}, words=("trademark", "agent"))
    chosen = {key: Rendering(english, "trademark agent", frozenset({0, 1}), 0.9, 9.0, 0.86, 0.9)
              for key in ("商标代理", "商标代理人")}
    dropped, _, repeats = _redundant([agency, agent], chosen, set(), lambda key, text: False)
    assert dropped == {"商标代理"} and repeats == {"商标代理": "trademark agent"}  # not the longer term


def test_two_phrases_joined_by_or_are_an_english_candidate_for_a_coordinated_term():
    from parallel_corpus.glossary.candidates import Candidate, en_candidates
    from parallel_corpus.glossary.pairing import shortlist

    texts = ["Goods or services may bear the mark.", "The goods or services are listed.",
             "A trademark or collective trademark right lapses.", "The goods or services of the firm."]
    found = en_candidates(texts)
    pair = found["goods or service"]
    assert pair.link == "or" and pair.units == {0, 1, 3}
    assert "trademark or collective trademark" not in found  # its second phrase goes on ("... right")
    assert en_candidates(["Identical or similar goods are listed."])["identical or similar"].link == "or"
    together = {"goods or service": {0, 1, 3}, "service": {0, 1, 3}}
    for zh, wanted in (("商品或服务", {"goods or service", "service"}), ("服务", {"service"})):
        term = Candidate(zh, units={0, 1, 3})
        listed = shortlist(term, together, found, 4, 2, lambda key: 0.0, lambda key: False)
        assert {key for key, *_ in listed} == wanted  # "or" renders only a term that joins two


def test_an_act_and_its_object_joined_by_for_renders_only_a_verb_led_term():
    from parallel_corpus.glossary.candidates import Candidate, en_candidates
    from parallel_corpus.glossary.pairing import shortlist

    texts = ["An application for registration is filed.", "The application for the registration was refused.",
             "The applicant for a trademark pays.", "The Administration for Market Regulation acts."]
    found = en_candidates(texts)
    assert found["application for registration"].link == "for"
    assert found["application for registration"].units == {0, 1}  # with or without the article
    assert "applicant for trademark" not in found  # a party, not an act
    assert not found["administration for market regulation"].link  # a name's run, counted once
    together = {"application for registration": {0, 1}, "registration": {0, 1}}
    act = Candidate("申请注册", units={0, 1}, verb_led=True)
    thing = Candidate("注册", units={0, 1})
    for term, wanted in ((act, {"application for registration", "registration"}), (thing, {"registration"})):
        listed = shortlist(term, together, found, 4, 2, lambda key: 0.0, lambda key: False)
        assert {key for key, *_ in listed} == wanted


def test_a_phrase_after_a_possessive_is_no_english_candidate():
    from parallel_corpus.glossary.candidates import en_candidates

    found = en_candidates(["It imitates another person’s well-known trademark.", "See CNIPA’s guide list."])
    assert "person’s well-known trademark" not in found and "person’s well-known" not in found
    assert "well-known trademark" in found
    assert "cnipa’s guide list" in found  # a name's possessive stays inside the name


def test_a_phrase_ending_in_a_short_participle_is_no_english_candidate():
    from parallel_corpus.glossary.candidates import en_candidates

    found = en_candidates(["He registered the trademark and used it.", "The trademarks used abroad count."])
    assert "trademark and used" not in found
    assert "trademarks used" in found  # a plural noun and its participle: a reduced relative


def test_legal_adverbs_in_there_are_no_part_of_a_term():
    from parallel_corpus.glossary.candidates import en_candidates

    found = en_candidates(["It shall pay damages arising therefrom.", "It shall cease therefrom."])
    assert not any("therefrom" in key for key in found)
    assert "damages arising" in found


def test_a_public_body_is_rendered_by_its_full_name():
    from parallel_corpus.glossary.build import _prefer_full_names
    from parallel_corpus.glossary.candidates import Candidate
    from parallel_corpus.glossary.pairing import Rendering

    def rendering(text, display, units, similarity, lexical):
        words = tuple(text.split())
        cand = Candidate(text, units=set(units), words=words, surfaces=Counter({display: 2}))
        return Rendering(cand, display, frozenset(units), 1.0, 9.0, similarity, similarity, lexical)

    piece = rendering("market regulation", "market regulation", {0, 1}, 0.79, 0.44)
    name = rendering("administration for market regulation", "Administration for Market Regulation",
                     {0, 1}, 0.73, 0.73)
    elsewhere = rendering("guangzhou administration for market regulation",
                          "Guangzhou Administration for Market Regulation", {0}, 0.6, 0.8)
    renderings = {"市场监管局": [piece, name, elsewhere], "市场监管": [piece, name]}
    _prefer_full_names(renderings)
    assert renderings["市场监管局"][0] is name  # a body: its name, which holds the piece in all its segments
    assert renderings["市场监管"][0] is piece  # no body's name: unchanged
    unexplained = rendering("guangzhou market regulation", "Guangzhou Market Regulation", {0, 1}, 0.7, 0.3)
    renderings = {"市场监管局": [piece, unexplained]}
    _prefer_full_names(renderings)
    assert renderings["市场监管局"][0] is piece  # the dictionary explains the name less than the piece


def test_a_fragment_ending_a_term_and_rendered_as_it_is_a_cut_of_it():
    from parallel_corpus.glossary.build import _same_as_container
    from parallel_corpus.glossary.candidates import Candidate
    from parallel_corpus.glossary.pairing import Rendering

    gi = Candidate("gi trademark", units={0, 1, 2}, words=("gi", "trademark"))
    shared = Rendering(gi, "GI trademark", frozenset({0, 1}), 0.9, 9.0, 0.8, 0.6)
    chosen = {"地理标志商标": shared}
    cut = Candidate("标志商标", units={0, 1}, container="地理标志商标")
    lead = Candidate("地理标志", units={0, 1}, container="地理标志商标")

    def says_all(key, text):
        return key == "地理标志商标"

    assert _same_as_container(cut, shared, chosen, says_all)
    assert not _same_as_container(lead, shared, chosen, says_all)  # a leading part may own the English
    assert not _same_as_container(cut, shared, chosen, lambda key, text: False)  # the longer term is not all said
    wider = replace(shared, pair_units=frozenset({0, 1, 3}))
    assert not _same_as_container(cut, wider, chosen, says_all)  # its English stands where the longer term does not
