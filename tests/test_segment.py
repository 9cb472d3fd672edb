"""Sentence splitting: zh and en rules, structure, the lossless property, F1 against the gold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parallel_corpus.document import normalise_space, read_document, read_lines
from parallel_corpus.segment import (
    segment_document,
    split_en_sentences,
    split_zh_sentences,
    zh_words,
    zh_words_pos,
)
from parallel_corpus.types import Document, Paragraph

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"
GOLD = {lang: ROOT / "tests" / "data" / f"guangdong-ipr-2021.gold.{lang}.txt" for lang in ("zh", "en")}


@pytest.fixture(scope="module")
def segmented():
    return segment_document(read_document([SAMPLE]))


# --- Chinese -------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("坚持高位推进。省委高度重视知识产权工作。", ["坚持高位推进。", "省委高度重视知识产权工作。"]),
    ("真的吗？！是的。", ["真的吗？！", "是的。"]),
    ("他停顿了……然后离开。", ["他停顿了……", "然后离开。"]),
    ("他说：“我们走吧。”大家同意。", ["他说：“我们走吧。”", "大家同意。"]),
    ("（详见附件。）下一步工作。", ["（详见附件。）", "下一步工作。"]),
    # never inside 《》 “” （）
    ("出版《你好吗？》一书。销量很好。", ["出版《你好吗？》一书。", "销量很好。"]),
    ("他说“第一。第二。”再见。", ["他说“第一。第二。”", "再见。"]),
    ("该条例（已于5月1日施行。详见附件）正式生效。再见。", ["该条例（已于5月1日施行。详见附件）正式生效。", "再见。"]),
    # from the sample: quotes and book titles with inner quotes stay whole
    ("省政府印发《广东省知识产权保护和运用“十四五”规划》。加快编制纲要。",
     ["省政府印发《广东省知识产权保护和运用“十四五”规划》。", "加快编制纲要。"]),
    ("“北乡马蹄”“新会陈皮”被公示纳入名录。新会陈皮纳入互认名单（累计互认产品10个）。",
     ["“北乡马蹄”“新会陈皮”被公示纳入名录。", "新会陈皮纳入互认名单（累计互认产品10个）。"]),
    # an unmatched quote does not swallow the rest of the paragraph
    ("他说“好。我们走。再见。", ["他说“好。", "我们走。", "再见。"]),
    ("没有句号的结尾", ["没有句号的结尾"]),
    ("", []),
])
def test_split_zh(text, expected):
    assert split_zh_sentences(text) == expected


def test_zh_semicolon_is_off_by_default_and_an_option():
    text = "审结195055件，同比增长1.06%；新收案件43件。下一句。"
    assert split_zh_sentences(text) == ["审结195055件，同比增长1.06%；新收案件43件。", "下一句。"]
    assert split_zh_sentences(text, semicolon=True) == [
        "审结195055件，同比增长1.06%；", "新收案件43件。", "下一句。"]
    doc = Document("d", zh=(Paragraph(text),), en=(Paragraph("One."),))
    assert len(segment_document(doc).zh) == 2
    assert len(segment_document(doc, zh_semicolon=True).zh) == 3


# --- English -------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("III. Strengthened Judicial IPR Protection", ["III. Strengthened Judicial IPR Protection"]),
    ("II. Greater Strategic Role of IP Services", ["II. Greater Strategic Role of IP Services"]),
    ("The case involved Shenzhen Mingke Phantom Technology Co., Ltd., and Wang was selected. It ended.",
     ["The case involved Shenzhen Mingke Phantom Technology Co., Ltd., and Wang was selected.", "It ended."]),
    ("The goods of Guangzhou KM Industrial Co., Ltd. was included in the batch. Next.",
     ["The goods of Guangzhou KM Industrial Co., Ltd. was included in the batch.", "Next."]),
    ("It was founded by Huawei Technologies Co. Ltd. in 1987.", ["It was founded by Huawei Technologies Co. Ltd. in 1987."]),
    ("See Decision No. 5 of the Office. It applies.", ["See Decision No. 5 of the Office.", "It applies."]),
    ("See Art. 12 of the law. Nothing else.", ["See Art. 12 of the law.", "Nothing else."]),
    ("Public security organs concluded 1,982 cases, involving RMB 3.0 billion. Guangdong continued.",
     ["Public security organs concluded 1,982 cases, involving RMB 3.0 billion.", "Guangdong continued."]),
    ("The U.S. Patent and Trademark Office agreed. So did the EU.",
     ["The U.S. Patent and Trademark Office agreed.", "So did the EU."]),
    ("Exports to the U.S. The figures rose.", ["Exports to the U.S.", "The figures rose."]),
    ("Many rights, e.g. Patents and marks, were filed. Then it ended.",
     ["Many rights, e.g. Patents and marks, were filed.", "Then it ended."]),
    ("Many rights, i.e. Patents, were filed.", ["Many rights, i.e. Patents, were filed."]),
    ("It connected the employers with 1,268 IP talents online. 22 letters of intent for employment were signed.",
     ["It connected the employers with 1,268 IP talents online.",
      "22 letters of intent for employment were signed."]),
    ("It rose 4.5%. 2021 was a good year.", ["It rose 4.5%.", "2021 was a good year."]),
    ("The product, the “Great Wall Special Plan”. Jiangmen signed.",
     ["The product, the “Great Wall Special Plan”.", "Jiangmen signed."]),
    ("The average examination period was reduced to 4.5 days.",
     ["The average examination period was reduced to 4.5 days."]),
    ("He paused . . . Then he left.", ["He paused . . .", "Then he left."]),
    ("It said: 'this . . .' He left . . .'", ["It said: 'this . . .'", "He left . . .'"]),
    ("It is in Vol. 2 of the report. See Figs. 3 and 4. Then stop.",
     ["It is in Vol. 2 of the report.", "See Figs. 3 and 4.", "Then stop."]),
    ("", []),
])
def test_split_en(text, expected):
    assert split_en_sentences(text) == expected


def test_english_is_split_by_nltks_punkt_with_the_wheels_english_model():
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from parallel_corpus.segment import _english_tokenizer

    tokenizer = _english_tokenizer()
    assert type(tokenizer) is PunktSentenceTokenizer
    params = tokenizer._params
    assert {"inc", "jan"} <= params.abbrev_types  # learnt by the model
    assert {"cf", "ibid", "incl"} <= params.abbrev_types  # the curated non-breaking prefixes
    assert params.sent_starters and params.collocations and len(params.ortho_context) > 10_000


# --- documents -----------------------------------------------------------------

def test_headings_and_titles_are_own_units(segmented):
    zh_heads = [s for s in segmented.zh if s.kind != "body"]
    en_heads = [s for s in segmented.en if s.kind != "body"]
    assert [s.kind for s in zh_heads] == [s.kind for s in en_heads] == ["title"] + ["heading"] * 10
    assert segmented.en[0].text == "INTELLECTUAL PROPERTY RIGHTS PROTECTION IN GUANGDONG, CHINA IN 2021"
    assert "III. Strengthened Judicial IPR Protection" in [s.text for s in en_heads]


def test_sentences_know_their_paragraph(segmented):
    doc = read_document([SAMPLE])
    for lang, sep in (("zh", ""), ("en", " ")):
        sentences = getattr(segmented, lang)
        paragraphs = getattr(doc, lang)
        indices = [s.paragraph for s in sentences]
        assert indices == sorted(indices) and set(indices) == set(range(len(paragraphs)))
        for index, paragraph in enumerate(paragraphs):
            mine = [s for s in sentences if s.paragraph == index]
            assert sep.join(s.text for s in mine) == paragraph.text
            assert all(s.kind == paragraph.kind for s in mine)


def test_hyperlink_sentence_is_one_sentence(segmented):
    hits = [s.text for s in segmented.zh if "《广东省专业市场知识产权保护工作指引》" in s.text]
    assert hits == ["省市场监管局印发《广东省战略性产业集群中小企业知识产权保护与运用三年行动计划（2021—2023年）》"
                    "《直播电商知识产权保护工作指引》《广东省专业市场知识产权保护工作指引》，"
                    "立项起草《商业秘密保护基地（园区）建设规范》地方标准。"]


def test_presplit_takes_each_paragraph_as_one_sentence():
    doc = Document("d", zh=(Paragraph("第一句。第二句。"), Paragraph("第三句")),
                   en=(Paragraph("One. Two."), Paragraph("Three")))
    out = segment_document(doc, presplit=True)
    assert out.texts("zh") == ["第一句。第二句。", "第三句"]
    assert out.texts("en") == ["One. Two.", "Three"]
    assert [s.paragraph for s in out.en] == [0, 1]


def _boundaries(sentences: list[str]) -> set[int]:
    """Sentence ends as offsets into the text with all whitespace removed."""
    ends, offset = set(), 0
    for sentence in sentences:
        offset += len("".join(sentence.split()))
        ends.add(offset)
    return ends


def boundary_f1(gold: list[str], test: list[str]) -> float:
    assert "".join("".join(gold).split()) == "".join("".join(test).split()), "texts differ"
    gold_b, test_b = _boundaries(gold), _boundaries(test)
    hits = len(gold_b & test_b)
    precision, recall = hits / len(test_b), hits / len(gold_b)
    return 2 * precision * recall / (precision + recall) if hits else 0.0


def test_boundary_f1_helper_can_fail():
    assert boundary_f1(["a b.", "c d."], ["a b.", "c d."]) == 1.0
    assert boundary_f1(["a b.", "c d."], ["a b. c d."]) == pytest.approx(2 / 3)


@pytest.mark.parametrize("lang, expected_count", [("zh", 173), ("en", 200)])
def test_boundary_f1_against_hand_segmentation(segmented, lang, expected_count):
    gold = read_lines(GOLD[lang])
    assert len(gold) == expected_count
    f1 = boundary_f1(gold, segmented.texts(lang))
    print(f"{lang} boundary F1 = {f1:.4f} ({len(segmented.texts(lang))} sentences, gold {len(gold)})")
    assert f1 >= 0.99


# --- lossless property ------------------------------------------------------------

_ZH_ALPHABET = list("知识产权保护专利商标年件") + list("。！？；;，、…“”《》（）()〉") + ["2021", "%", " ", "IP", "\u3000"]
_EN_WORDS = ["Guangdong", "the", "IPR", "Co.,", "Ltd.", "No.", "5", "RMB", "3.0", "billion.", "U.S.",
             "e.g.", "III.", "22", "cases.", "up", "1.06%", "YoY.", "“Blue", "Sky”.", "(SMEs)", "Mr.", "a",
             "!", "?", "”", "\t", "\n", "  "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ZH_ALPHABET), max_size=60), st.booleans())
def test_zh_split_loses_and_adds_nothing(pieces, semicolon):
    text = normalise_space("".join(pieces), "zh")
    sentences = split_zh_sentences(text, semicolon=semicolon)
    assert "".join(sentences) == text
    assert all(s and s == s.strip() for s in sentences)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_EN_WORDS), max_size=40))
def test_en_split_loses_and_adds_nothing(words):
    text = normalise_space(" ".join(words), "en")
    sentences = split_en_sentences(text)
    assert " ".join(sentences) == text
    assert all(s and s == s.strip() for s in sentences)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_ZH_ALPHABET), min_size=1, max_size=40),
       st.lists(st.sampled_from(_EN_WORDS), min_size=1, max_size=30))
def test_document_segmentation_joins_back_to_paragraphs(zh_pieces, en_words):
    zh = normalise_space("".join(zh_pieces), "zh") or "空"
    en = normalise_space(" ".join(en_words)) or "empty"
    doc = Document("d", zh=(Paragraph(zh),), en=(Paragraph(en),))
    out = segment_document(doc)
    assert "".join(out.texts("zh")) == zh
    assert " ".join(out.texts("en")) == en


# --- Chinese words ------------------------------------------------------------------

def test_zh_words_and_pos():
    text = "广东省知识产权保护中心成立。"
    words = zh_words(text)
    assert "".join(words) == text and len(words) > 3
    assert "知识产权" in words
    tagged = zh_words_pos(text)
    assert "".join(w for w, _ in tagged) == text
    assert all(isinstance(tag, str) and tag for _, tag in tagged)


def test_segmenting_does_not_load_jieba():
    code = ("import sys; from parallel_corpus.document import read_document; "
            "from parallel_corpus.segment import segment_document; "
            f"segment_document(read_document([{str(SAMPLE)!r}])); "
            "print('jieba' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
