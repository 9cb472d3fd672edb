"""Terminology QA: glossary terms in the translation (``term``) and near-identical spellings (``inconsistent``)."""

import hashlib

import pytest

from builders import alignment_of
from parallel_corpus.formats.pairs import jsonl_pairs
from parallel_corpus.glossary.types import KnownTerm
from parallel_corpus.qa import check_alignment
from parallel_corpus.terminology import renders


def codes(alignment):
    return [[f.code for f in b.flags] for b in alignment.beads]


@pytest.mark.parametrize("rendering, english", [
    ("trademark", "Trademarks shall be registered."),          # case and plural
    ("license", "The patent was licensed to him."),            # -ed
    ("patent right", "patent rights"),
    ("process", "while processing the request"),              # -ing
    ("property", "intellectual properties"),                   # y -> ies
    ("IPR protection", "strengthen IPR Protection"),
])
def test_renderings_match_case_insensitively_and_with_inflection(rendering, english):
    assert renders(rendering, [w.lower() for w in english.replace(".", " ").split()])


def test_renderings_must_be_whole_words_in_order():
    words = "the protection of rights".split()
    assert not renders("rights protection", words)
    assert not renders("IP", "ipr cases".split())


GLOSSARY = [KnownTerm("商标", "trademark", ("mark",)), KnownTerm("专利权", "patent right"),
            KnownTerm("专利", "patent"), KnownTerm("省法院", "High People's Court")]


def test_a_term_without_any_rendering_is_flagged():
    alignment = alignment_of([
        ("商標註冊申請案應予核准。", "An application for trademark registration shall be accepted."),  # Traditional
        ("申请的商标应当核准。", "The application for registration shall be accepted."),
        ("申请注册的标志应当具有显著特征。", "A mark applied for shall be distinctive."),               # no term
        ("专利权人应当缴纳年费。", "The owner of the patent rights shall pay annual fees."),            # 专利权 covers 专利
        ("全省法院受理案件。", "The courts in the Province accepted cases."),                           # not 省法院
    ])
    checked = check_alignment(alignment, glossary=GLOSSARY)
    assert codes(checked) == [[], ["term"], [], [], []]
    assert checked.beads[1].flags[0].message == "zh has the glossary term 商标, en has none of: trademark | mark"
    assert codes(check_alignment(alignment)) == [[]] * 5


SWORD = [
    ("持续开展“蓝剑”行动，重点打击侵犯商业秘密犯罪。",
     "Guangdong continued the Blue Sword Special Action, focusing on trade secret crimes."),
    ("成功发起“蓝剑”专案169宗，“飓风”专案33宗。",
     "It investigated 169 cases from the Blue Sward Special Action and 33 from the Hurricane Special Action."),
    ("全省知识产权工作取得新进展。", "IP work in the Province made new progress."),
    ("知识产权保护水平持续提升。", "The level of IP protection kept rising."),
]


def test_a_name_spelled_two_near_identical_ways_is_flagged_where_it_is_wrong():
    # real: the sample spells 蓝剑 "Blue Sword" and then "Blue Sward"; the dictionary says 剑 is a sword
    checked = check_alignment(alignment_of(SWORD))
    assert codes(checked) == [[], ["inconsistent"], [], []]
    message = checked.beads[1].flags[0].message
    assert "蓝剑" in message and "Blue Sward Special Action" in message and "en sentence 0" in message


@pytest.mark.parametrize("first, second", [
    ("the Blue Sword Special Action", "the Blue Sword Special Actions"),   # an inflection
    ("the Brits", "the Britons"),                                          # two spellings in use
    ("the Blue Sword Special Action", "the Blue Shield Special Action"),   # a different name
])
def test_ordinary_variation_is_not_inconsistent(first, second):
    pairs = [(SWORD[0][0], f"Guangdong continued {first}, focusing on crimes."),
             (SWORD[1][0], f"It investigated 169 cases from {second} and 33 from the Hurricane.")] + SWORD[2:]
    assert codes(check_alignment(alignment_of(pairs))) == [[]] * 4


def test_near_identical_spellings_need_a_shared_chinese_term():
    pairs = [("持续开展行动。", "Guangdong continued the Blue Sword Special Action."),
             ("成功发起专案。", "It investigated cases from the Blue Sward Special Action.")]
    assert codes(check_alignment(alignment_of(pairs))) == [[], []]


def test_align_glossary_flags_travel_to_every_output(tmp_path):
    from parallel_corpus.pipeline import AlignOptions, align_job

    (tmp_path / "doc.zh.txt").write_text("".join(z + "\n" for z, _ in SWORD[:2]) + "商标应当核准注册。\n",
                                         encoding="utf-8")
    (tmp_path / "doc.en.txt").write_text("".join(e + "\n" for _, e in SWORD[:2]) + "The mark shall be registered.\n",
                                         encoding="utf-8")
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("zh\ten\n商标\ttrademark\n", encoding="utf-8")
    result = align_job([tmp_path / "doc.zh.txt", tmp_path / "doc.en.txt"], tmp_path, "doc",
                       AlignOptions(presplit=True, glossary=str(glossary), report=True))
    assert [[f.code for f in b.flags] for b in result.alignment.beads] == [[], ["inconsistent"], ["term"]]
    files = {path.suffix: data.decode("utf-8") for path, data in result.files.items()}
    assert "term: zh has the glossary term 商标" in files[".tsv"]
    flags = [record["flags"] for _, record in jsonl_pairs(files[".jsonl"].splitlines())]
    assert flags == [[], ["inconsistent"], ["term"]]
    digest = hashlib.sha256(glossary.read_bytes()).hexdigest()[:16]
    assert result.signature.glossary == digest and f"|glossary:{digest}|" in files[".jsonl"].splitlines()[0]
    assert '<prop type="x-flags">term</prop>' in files[".tmx"]
    assert "inconsistent" in files[".html"] and "term" in files[".html"]


def test_align_with_an_unreadable_glossary_exits_2_and_writes_nothing(tmp_path, capsys):
    from parallel_corpus.cli import main

    (tmp_path / "doc.zh.txt").write_text("商标应当核准注册。\n", encoding="utf-8")
    (tmp_path / "doc.en.txt").write_text("The trademark shall be registered.\n", encoding="utf-8")
    (tmp_path / "terms.docx").write_bytes(b"not a glossary")
    out = tmp_path / "out"
    status = main(["align", str(tmp_path / "doc.zh.txt"), str(tmp_path / "doc.en.txt"), "-o", str(out),
                   "--glossary", str(tmp_path / "terms.docx"), "--quiet"])
    assert status == 2
    assert "unknown glossary format" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())
