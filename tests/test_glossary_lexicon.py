"""Dictionary evidence for term pairs (CC-CEDICT) and the candidate rules it works with."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parallel_corpus.glossary.candidates import en_candidates, zh_candidates
from parallel_corpus.glossary.lexicon import (gloss_term, lexical_match, load_lexicon, same_word,
                                              spells_name)


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def match(lexicon, zh: str, en: str, words=(), expansions=None) -> float:
    return lexical_match(gloss_term(lexicon, zh, words), en, expansions)


def test_the_dictionary_loads_from_the_wheel(lexicon):
    assert len(lexicon.raw) > 100_000
    assert "patent" in lexicon.sense("专利").words
    assert lexicon.sense("不是一个词语的字符串") is None
    # 省 has two readings (sheng3 "province", xing3 "to reflect"): both are kept.
    assert {"province", "reflect"} <= lexicon.sense("省").words


def test_words_match_up_to_inflection_and_derivation():
    assert same_word("cases", "case") and same_word("pledges", "pledge")
    assert same_word("regulatory", "regulation") and same_word("geographical", "geography")
    assert not same_word("plant", "planning") and not same_word("court", "count")


def test_word_families_and_dictionary_words_follow_the_params(lexicon):
    from parallel_corpus.glossary import GlossaryParams

    strict = GlossaryParams(min_prefix=8)
    assert not same_word("regulatory", "regulation", strict) and same_word("cases", "case", strict)
    assert lexicon.split("知识产权") != list("知识产权")
    assert load_lexicon(GlossaryParams(max_dictionary_word=1)).split("知识产权") == list("知识产权")

    def says_supervisor(params):  # 监管: "supervisory", "supervise", ...
        return gloss_term(load_lexicon(params), "监管").parts[0][1].says("supervisor", {"supervisor"})

    assert says_supervisor(GlossaryParams()) and not says_supervisor(GlossaryParams(min_prefix=11))


def test_compositional_renderings_score_higher_than_their_fragments(lexicon):
    assert match(lexicon, "植物新品种", "new plant varieties") == 1.0
    assert match(lexicon, "植物新品种", "plant") < 0.6
    assert match(lexicon, "检察机关", "prosecutorial organs", ("检察机关",)) == 1.0
    assert match(lexicon, "海关总署", "General Administration of Customs") == 1.0


def test_words_the_term_does_not_say_lower_the_score(lexicon):
    assert match(lexicon, "知识产权", "Guangdong") == 0.0
    assert match(lexicon, "知识产权", "protection") == 0.0
    assert match(lexicon, "全省", "Guangdong") == 0.0
    assert match(lexicon, "依托", "affiliation") == 0.0
    assert match(lexicon, "纠纷应对", "handling disputes", ("纠纷", "应对")) > match(
        lexicon, "纠纷应对", "handling", ("纠纷", "应对"))


def test_acronyms_match_the_initials_of_a_gloss_or_the_text_definition(lexicon):
    assert match(lexicon, "知识产权", "IPR") == 1.0
    assert match(lexicon, "知识产权", "IP") == 1.0
    assert match(lexicon, "地理标志", "GI", ("地理", "标志")) == 0.0
    assert match(lexicon, "地理标志", "GI", ("地理", "标志"), {"GI": "geographical indication"}) == 1.0


def test_names_match_their_pinyin_across_dictionary_parts(lexicon):
    assert match(lexicon, "粤商通", "Yue Shang Tong") == 1.0
    assert match(lexicon, "佛山分中心", "Foshan Branch", ("佛山", "分中心")) > 0.7
    # 北乡 is not in the dictionary: 北 + 乡 spell "beixiang" together; a sentence start
    # lowers it, which counts over two syllables or more.
    assert match(lexicon, "北乡马蹄", "beixiang Water Chestnut", ("北乡", "马蹄")) == 1.0
    assert match(lexicon, "马蹄", "long") == 0.0


def test_a_persons_name_is_spelled_in_pinyin(lexicon):
    assert spells_name(gloss_term(lexicon, "习近平"), "General Secretary Xi Jinping")
    assert not spells_name(gloss_term(lexicon, "许可"), "licensing")


# --- candidate rules that the dictionary evidence relies on --------------------------------

def test_names_join_capitalised_words_across_for_and_articles():
    found = en_candidates(["The Guangdong Administration for Market Regulation acted.",
                           "It issued the Outline for Building a Country Strong on IPR.",
                           "Seeds are protected for plant breeders."])
    assert "guangdong administration for market regulation" in found
    assert "outline for building a country strong on IPR" in found
    assert not any("for plant" in key for key in found)


def test_a_name_cut_before_its_last_word_is_marked():
    found = en_candidates(["The Administration for Market Regulation acted.",
                           "The Administration for Market Regulation spoke.",
                           "The Guangzhou Intellectual Property Court ruled."])
    assert found["administration for market"].name_of == "administration for market regulation"
    # A word in front narrows a name: the shorter one stays a rendering of its own.
    assert found["intellectual property court"].name_of is None


def test_plural_nouns_keep_their_participle():
    found = en_candidates(["The number of patents granted rose.", "The IP Court accepted 5 cases."])
    assert "patents granted" in found
    assert "IP court accepted" not in found


def test_a_participle_after_have_or_be_is_a_verb_not_a_modifier():
    found = en_candidates(["Six universities had officially offered IP major for students.",
                           "Improved IP legislation.", "Owners of registered trademarks were informed."])
    assert "IP major" in found and "offered IP major" not in found
    assert "IP legislation" in found and "improved IP legislation" not in found
    assert "registered trademark" in found


def test_a_multiword_candidate_counts_every_segment_holding_it():
    found = zh_candidates(["知识产权犯罪案件增加。", "打击知识产权犯罪。", "知识产权犯罪很严重。"])
    assert found["知识产权犯罪"].units == {0, 1, 2}
    # ... but not where the string stops before a one-character suffix (金融|化).
    found = zh_candidates(["知识产权金融化指数上升。", "发展知识产权金融。", "知识产权金融服务。"])
    assert 0 not in found["知识产权金融"].units


def test_a_domain_verb_heads_a_compound():
    found = zh_candidates(["严厉打击侵犯商业秘密行为。", "调解侵权纠纷。"])
    assert "侵犯商业秘密" in found and "侵权纠纷" in found


def test_an_acronym_and_its_one_letter_longer_form_share_a_key():
    found = en_candidates(["Courts heard 5 IP cases.", "Courts heard 7 IPR cases.", "The IPR office opened."])
    assert "IP case" not in found and found["IPR case"].units == {0, 1}
    assert found["IPR case"].surfaces  # both written forms are kept for display


def test_a_name_at_a_sentence_start_keeps_its_capital():
    from parallel_corpus.glossary.candidates import en_display

    found = en_candidates(["Beixiang Water Chestnut was listed.", "Beixiang Water Chestnut grew."])
    assert en_display(found["beixiang water chestnut"]) == "Beixiang Water Chestnut"


def test_the_spelled_out_variant_comes_before_the_acronym():
    from parallel_corpus.glossary.candidates import Candidate
    from parallel_corpus.glossary.pairing import Rendering, prefer_expansions

    def rendering(text: str, score: float) -> Rendering:
        words = tuple(text.split())
        return Rendering(Candidate(text, words=words), text, frozenset({0}), 1.0, 10.0, 0.6, score)

    options = [rendering("IPR", 0.8), rendering("intellectual property", 0.75)]
    renderings = {"知识产权": options}
    prefer_expansions(renderings, {}, {}, {})
    assert [r.text for r in renderings["知识产权"]] == ["intellectual property", "IPR"]


def test_a_term_whose_english_a_shorter_term_says_entirely_is_dropped(lexicon):
    from parallel_corpus.glossary.build import _redundant
    from parallel_corpus.glossary.candidates import Candidate
    from parallel_corpus.glossary.lexicon import explained_shares
    from parallel_corpus.glossary.pairing import Rendering

    def rendering(text: str, lexical: float) -> Rendering:
        return Rendering(Candidate(text, words=tuple(text.split())), text, frozenset(), 0, 0, 0.6, 0.6, lexical)

    terms = [Candidate("知识产权纠纷应对"), Candidate("知识产权纠纷"), Candidate("知识产权法院"), Candidate("知识产权")]
    chosen = {"知识产权纠纷应对": rendering("Intellectual Property Disputes", 0.8),
              "知识产权纠纷": rendering("IPR disputes", 1.0),
              "知识产权法院": rendering("Intellectual Property Court", 1.0),
              "知识产权": rendering("intellectual property", 1.0)}

    def says_all(key: str, text: str) -> bool:
        return explained_shares(gloss_term(lexicon, key), text)[1] == 1.0

    assert _redundant(terms, chosen, set(), says_all) == ({"知识产权纠纷应对"}, set(), {})  # no nested repeat


def test_a_verb_in_front_does_not_make_a_term_a_fragment():
    from parallel_corpus.glossary.candidates import rank_zh

    texts = ["该案入选最高人民检察院典型案例。", "该文入选最高人民检察院案例库。", "最高人民检察院发布通知。"]
    found = zh_candidates(texts)
    assert found["入选最高人民检察院"].verb_led
    rank_zh(found, 2)  # marks fragments
    assert found["最高人民检察院"].container is None


def test_a_verb_led_compound_needs_its_verb_in_the_english(lexicon):
    from parallel_corpus.glossary.build import _translates

    assert _translates(gloss_term(lexicon, "侵犯"), "trade secret infringement")
    assert not _translates(gloss_term(lexicon, "入选"), "Supreme People’s Procuratorate")


def test_a_rendering_the_dictionary_attests_may_be_seen_once():
    from builders import alignment_of

    from parallel_corpus.encoders import get_encoder
    from parallel_corpus.glossary import build_glossary

    pairs = [("海关总署发布了新的规定。", "The General Administration of Customs issued new rules."),
             ("海关总署加强了边境检查。", "The customs headquarters tightened border checks."),
             ("商标注册需要两个月。", "Trademark registration takes two months."),
             ("专利申请数量增加。", "Patent applications increased.")]
    rows = {r.zh: r for r in build_glossary([alignment_of(pairs)], encoder=get_encoder("use"))}
    row = rows["海关总署"]
    assert row.en == "General Administration of Customs"
    assert (row.zh_freq, row.pair_freq) == (2, 1)


@settings(max_examples=200, deadline=None)
@given(zh=st.text(alphabet=st.sampled_from("知识产权专利商标局省分中心马蹄北乡的了 ABC"), min_size=1, max_size=12),
       en=st.text(alphabet=st.sampled_from("abcIPRGx -’s"), max_size=30))
def test_the_match_is_a_share_for_any_text(lexicon, zh, en):
    gloss = gloss_term(lexicon, zh)
    assert "".join(part for part, _ in gloss.parts) == zh  # the parts spell the term
    score = lexical_match(gloss, en, {"GI": "geographical indication"})
    assert 0.0 <= score <= 1.0
