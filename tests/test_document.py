"""Reading documents: encodings, script split, field-code repair, structure, bad input."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from parallel_corpus.document import normalise_space, read_document, read_lines, read_text, script_of
from parallel_corpus.types import InputError, Paragraph

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"

ZH_PARAS = ["专利保护状况", "一、加强保护", "坚持高位推进。省委高度重视知识产权工作。", "二、发挥作用", "组织召开座谈会。"]
EN_PARAS = ["Patent Protection Status", "I. Strengthened Protection",
            "Support from the top. The committee attached great importance to IP.",
            "II. Greater Role", "It held a workshop."]


@pytest.fixture(scope="module")
def sample():
    return read_document([SAMPLE])


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_sample_splits_into_both_halves(sample):
    assert sample.name == "guangdong-ipr-2021"
    assert len(sample.zh) == len(sample.en) == 47
    assert all(script_of(p.text) == "zh" for p in sample.zh)
    assert all(script_of(p.text) == "en" for p in sample.en)
    assert sample.source == (str(SAMPLE),)


def test_titles_and_headings_are_structure(sample):
    assert sample.zh[0] == Paragraph("2021年广东省知识产权保护状况", "title")
    # The English title is broken over two lines in the file: one unit here.
    assert sample.en[0] == Paragraph("INTELLECTUAL PROPERTY RIGHTS PROTECTION IN GUANGDONG, CHINA IN 2021", "title")
    zh_headings = [p.text for p in sample.zh if p.kind == "heading"]
    en_headings = [p.text for p in sample.en if p.kind == "heading"]
    assert len(zh_headings) == len(en_headings) == 10
    assert zh_headings[0] == "一、加强知识产权保护工作统筹协调"
    assert zh_headings[7] == "八、完善知识产权服务体系"  # indented in the file
    assert "III. Strengthened Judicial IPR Protection" in en_headings
    assert en_headings[-1] == "X. Improved IP Cultural Environment"
    assert sum(p.kind == "title" for p in sample.zh + sample.en) == 2


def test_hyperlink_field_code_is_removed_and_sentence_rejoined(sample):
    assert not any("HYPERLINK" in p.text or "_blank" in p.text for p in sample.zh)
    joined = [p.text for p in sample.zh if "《直播电商知识产权保护工作指引》" in p.text]
    assert len(joined) == 1
    assert joined[0].startswith("完善知识产权法规政策。")
    assert "《直播电商知识产权保护工作指引》《广东省专业市场知识产权保护工作指引》，立项起草" in joined[0]


def test_field_code_at_line_end_joins_with_next_line(tmp_path):
    text = ("The office issued the guidelines\n"
            'for IPR protection HYPERLINK "http://example.org/a.html" \\t "_blank" \n'
            "in markets. It also held a workshop.\n"
            "知识产权保护。\n")
    doc = read_document([_write(tmp_path / "doc.txt", text)])
    assert [p.text for p in doc.en] == ["The office issued the guidelines",
                                        "for IPR protection in markets. It also held a workshop."]


def test_field_code_does_not_join_after_a_finished_sentence(tmp_path):
    text = ('省政府印发规划。\n HYPERLINK "http://example.org/a.html" \\t "_blank" 《专业市场指引》印发。\n'
            "The plan was issued. The guidelines were issued.\n")
    doc = read_document([_write(tmp_path / "doc.txt", text)])
    assert [p.text for p in doc.zh] == ["省政府印发规划。", "《专业市场指引》印发。"]


def test_field_code_inside_a_line(tmp_path):
    text = ('省政府印发 HYPERLINK "http://example.org/a.html" \\t "_blank" 《专业市场指引》。\n'
            'It issued the HYPERLINK \\l "_Toc123" Guidelines PAGEREF _Toc456 \\h on page 5.\n')
    doc = read_document([_write(tmp_path / "doc.txt", text)])
    assert [p.text for p in doc.zh] == ["省政府印发《专业市场指引》。"]
    assert [p.text for p in doc.en] == ["It issued the Guidelines on page 5."]


def test_ordinary_words_are_not_field_codes(tmp_path):
    text = '知识产权。\nThe word HYPERLINK alone and a REF "quoted" stay.\n'
    doc = read_document([_write(tmp_path / "doc.txt", text)])
    assert doc.en[0].text == 'The word HYPERLINK alone and a REF "quoted" stay.'


def test_whitespace_is_normalised(tmp_path):
    text = "    加强知识产权海外纠纷应对机制建设。\u3000新成立分中心。 编制规范。\n" \
           "\tProtection projects - Xuwen Pineapple,  Longmen\u00a0Huxu  Chicken.\u200b\n"
    doc = read_document([_write(tmp_path / "doc.txt", text)])
    assert doc.zh[0].text == "加强知识产权海外纠纷应对机制建设。新成立分中心。编制规范。"
    assert doc.en[0].text == "Protection projects - Xuwen Pineapple, Longmen Huxu Chicken."
    assert normalise_space("  a \t b\n") == "a b"
    assert normalise_space("启动第20 批工作。 下一句", "zh") == "启动第20 批工作。下一句"


def test_english_first_layout(tmp_path):
    text = "\n\n".join(EN_PARAS + ZH_PARAS)
    doc = read_document([_write(tmp_path / "en-zh.txt", text)])
    assert [p.text for p in doc.zh] == ZH_PARAS
    assert [p.text for p in doc.en] == EN_PARAS
    assert [p.kind for p in doc.zh] == ["title", "heading", "body", "heading", "body"]
    assert [p.kind for p in doc.en] == ["title", "heading", "body", "heading", "body"]


def test_alternating_paragraphs(tmp_path):
    text = "\n".join(line for pair in zip(ZH_PARAS, EN_PARAS) for line in pair)
    doc = read_document([_write(tmp_path / "alt.txt", text)])
    assert [p.text for p in doc.zh] == ZH_PARAS
    assert [p.text for p in doc.en] == EN_PARAS


def test_a_latin_line_inside_the_chinese_half_stays_chinese(tmp_path):
    """An untranslated acronym between Chinese paragraphs must not join the English title."""
    zh = ["广东知识产权报告", "2021年，广东专利授权量达到87.2万件。", "WTO TRIPS", "商标注册申请量增长10%。"]
    en = ["Guangdong IP Report", "In 2021, Guangdong granted 872,000 patents.", "Trademark applications grew 10%."]
    doc = read_document([_write(tmp_path / "doc.txt", "\n\n".join(zh + en))])
    assert [p.text for p in doc.zh] == zh
    assert [(p.text, p.kind) for p in doc.en][0] == ("Guangdong IP Report", "title")
    # paragraph by paragraph, one-line paragraphs keep their own language
    doc = read_document([_write(tmp_path / "alt.txt", "\n".join(["甲。", "One.", "乙。", "Two.", "丙。", "Three."]))])
    assert [p.text for p in doc.en] == ["One.", "Two.", "Three."]


def test_line_without_letters_stays_with_the_line_before(tmp_path):
    text = "知识产权保护。\n2021\nIP protection.\n2022\n"
    doc = read_document([_write(tmp_path / "doc.txt", text)])
    assert [p.text for p in doc.zh] == ["知识产权保护。", "2021"]
    assert [p.text for p in doc.en] == ["IP protection.", "2022"]


def test_english_with_chinese_names_stays_english(tmp_path):
    text = "知识产权保护。\nThe Blue Sky (蓝天) campaign was implemented in Guangdong Province.\n"
    doc = read_document([_write(tmp_path / "doc.txt", text)])
    assert len(doc.zh) == 1 and len(doc.en) == 1


@pytest.mark.parametrize("order", ["zh-en", "en-zh"])
def test_two_files_in_either_order(tmp_path, order):
    zh = _write(tmp_path / "report.zh.txt", "\n".join(ZH_PARAS), "gb18030")
    en = _write(tmp_path / "report.en.txt", "\n\n".join(EN_PARAS))
    paths = [zh, en] if order == "zh-en" else [en, zh]
    doc = read_document(paths, name="report")
    assert doc.name == "report"
    assert [p.text for p in doc.zh] == ZH_PARAS
    assert [p.text for p in doc.en] == EN_PARAS


def test_monolingual_file_keeps_its_foreign_lines(tmp_path):
    zh = _write(tmp_path / "zh.txt", "知识产权保护。\nWIPO\n专利授权。\n")
    en = _write(tmp_path / "en.txt", "IP protection.\n")
    doc = read_document([zh, en])
    assert [p.text for p in doc.zh] == ["知识产权保护。", "WIPO", "专利授权。"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings_read_the_same_text(tmp_path, encoding):
    original = SAMPLE.read_text(encoding="utf-8")
    if encoding == "gbk":  # GBK lacks a few characters of the sample; use a GBK-safe part
        original = "\n".join(ZH_PARAS + EN_PARAS)
    path = _write(tmp_path / f"doc.{encoding}.txt", original, encoding)
    assert read_text(path) == original


def test_sample_as_gb18030_and_utf16_reads_identically(tmp_path, sample):
    text = SAMPLE.read_text(encoding="utf-8")
    for encoding in ("gb18030", "utf-16"):
        path = _write(tmp_path / f"guangdong-ipr-2021.{encoding}.txt", text, encoding)
        doc = read_document([path], name=sample.name)
        assert (doc.zh, doc.en) == (sample.zh, sample.en)


def test_presplit_keeps_every_line(tmp_path):
    text = ("TITLE LINE ONE\nTITLE LINE TWO\nFirst sentence\n"
            '中文标题\n HYPERLINK "http://x.org" 第一句\n')
    doc = read_document([_write(tmp_path / "p.txt", text)], presplit=True)
    assert [p.text for p in doc.en] == ["TITLE LINE ONE", "TITLE LINE TWO", "First sentence"]
    assert [p.text for p in doc.zh] == ["中文标题", "第一句"]


def test_read_lines_decodes_and_drops_blank_lines(tmp_path):
    path = _write(tmp_path / "gold.txt", "第一句。\n\n  第二句。 \r\n", "utf-16")
    assert read_lines(path) == ["第一句。", "第二句。"]


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"", "empty"),
    (b" \n\r\n\t\n", "empty"),
    (" \n".encode("utf-16"), "empty"),
    ("只有中文。\n没有英文。\n".encode(), "no English"),
    (b"Only English here.\n", "no Chinese"),
    (b"2021 2022\n", "no Chinese"),
    (random.Random(0).randbytes(4000), "binary|encoding"),
    (b"\x00\x01\x02\x03" * 300, "binary|encoding"),
])
def test_bad_input_raises_input_error(tmp_path, content, message):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document([path])


def test_bad_file_combinations(tmp_path):
    zh = _write(tmp_path / "a.txt", "知识产权保护。\n")
    zh2 = _write(tmp_path / "b.txt", "专利授权。\n")
    en = _write(tmp_path / "c.txt", "IP protection.\n")
    with pytest.raises(InputError, match="both Chinese"):
        read_document([zh, zh2])
    with pytest.raises(InputError, match="got 3"):
        read_document([zh, en, zh2])
    with pytest.raises(InputError, match="folder"):
        read_document([tmp_path])
    with pytest.raises(InputError, match="no input"):
        read_document([])


def test_input_error_messages_are_one_line(tmp_path):
    for paths in ([tmp_path / "missing.txt"], [_write(tmp_path / "en.txt", "English only.\n")]):
        with pytest.raises(InputError) as caught:
            read_document(paths)
        assert "\n" not in str(caught.value)


# --- legal structure (excerpts of Taiwan's Trademark Act and Patent Act Enforcement Rules) ---

TRADEMARK_ZH = """商標法
第 一 章 總則
第 1 條
為保障商標權、證明標章權、團體標章權、團體商標權及消費者利益，維護市場公平競爭，促進工商企業正常發展，特制定本法。
第 2 條
欲取得商標權、證明標章權、團體標章權或團體商標權者，應依本法申請註冊。
第 3 條
本法之主管機關為經濟部。
商標業務，由經濟部指定專責機關辦理。
"""
TRADEMARK_EN = """Trademark Act
Chapter I General Provisions
Article 1
Purpose of this Act
This Act is enacted for protection of the rights of trademark, certification mark, collective membership mark, collective trademark and the interests of consumers, maintenance of fair competition, and promotion of development of the industry and commerce.
Article 2
Registration for protection
Any person who wishes to obtain the rights of trademark, certification mark, collective membership mark, or collective trademark shall apply for registration therefor in accordance with this Act.
Article 3
Competent Authority and Registrar Office
The Competent Authority of this Act is the Ministry of Economic Affairs (hereinafter as the MOEA).
Trademark affairs shall be administered under a registrar office appointed by the MOEA.
"""


@pytest.mark.parametrize("layout", ["two files", "one bilingual file"])
def test_law_title_chapter_and_article_lines_stay_separate_units(tmp_path, layout):
    if layout == "two files":
        paths = [_write(tmp_path / "law.zh.txt", TRADEMARK_ZH), _write(tmp_path / "law.en.txt", TRADEMARK_EN)]
    else:
        paths = [_write(tmp_path / "law.zh-en.txt", TRADEMARK_ZH + TRADEMARK_EN)]
    doc = read_document(paths)
    assert [(p.text, p.kind) for p in doc.zh[:4]] == [
        ("商標法", "title"), ("第 一 章 總則", "heading"), ("第 1 條", "heading"), (TRADEMARK_ZH.splitlines()[3], "body")]
    assert len(doc.zh) == len(TRADEMARK_ZH.splitlines())
    assert len(doc.en) == len(TRADEMARK_EN.splitlines())
    assert [p.kind for p in doc.en[:5]] == ["title", "heading", "heading", "heading", "body"]


def test_english_captions_after_article_lines_are_headings(tmp_path):
    doc = read_document([_write(tmp_path / "law.zh.txt", TRADEMARK_ZH), _write(tmp_path / "law.en.txt", TRADEMARK_EN)])
    captions = [doc.en[i + 1].text for i, p in enumerate(doc.en[:-1])
                if p.text.startswith("Article") and doc.en[i + 1].kind == "heading"]
    assert captions == ["Purpose of this Act", "Registration for protection", "Competent Authority and Registrar Office"]
    assert doc.en[-1].kind == doc.en[-2].kind == "body"


def test_one_unpunctuated_body_line_after_an_article_is_not_a_caption(tmp_path):
    # The English of the Enforcement Rules has no captions; one body line lacks its final colon.
    en = ("Enforcement Rules of the Patent Act\nArticle 59\nThe request shall be filed in writing.\n"
          "Article 60\nWhen requesting to correct the description or drawing(s) due to translation errors, "
          "a request form shall be submitted and accompanied by the following documents\n"
          "1. the corrected sheet(s) of the description;\n2.the complete set of replacement description.\n"
          "Article 61\n(delete)\nArticle 62\nThe fee shall be paid.\n")
    zh = "專利法施行細則\n第 59 條\n申請應以書面為之。\n第 60 條\n申請更正者，應備具下列文件：\n一、更正頁。\n二、全份說明書。\n第 61 條\n（刪除）\n第 62 條\n規費應繳納。\n"
    doc = read_document([_write(tmp_path / "r.zh.txt", zh), _write(tmp_path / "r.en.txt", en)])
    assert [p.text for p in doc.en if p.kind == "heading"] == ["Article 59", "Article 60", "Article 61", "Article 62"]


@pytest.mark.parametrize("line", ["第 1 條", "第一条", "第 一 章 總則", "第一章总则", "第 一 節 申請註冊", "第四十八條之九",
                                  "第 5-1 條", "第 一 編 總則", "第 二 款 通則", "第三目"])
def test_chinese_legal_headings(tmp_path, line):
    doc = read_document([_write(tmp_path / "d.txt", f"著作權法\n{line}\n本法所稱主管機關為經濟部。\nThe Act.\n")])
    assert [p.kind for p in doc.zh] == ["title", "heading", "body"]


@pytest.mark.parametrize("line", ["Article 12", "Article 48-9", "Chapter II", "Chapter Two - Qualifications of Judges",
                                  "CHAPTER III UNFAIR COMPETITION", "Section 1", "Section VII Infringement Remedies"])
def test_english_legal_headings(tmp_path, line):
    doc = read_document([_write(tmp_path / "d.txt", f"本法。\nCopyright Act\n{line}\nThis Act applies.\n")])
    assert [p.kind for p in doc.en] == ["title", "heading", "body"]


@pytest.mark.parametrize("line", ["第一款規定之申請", "第一條規定之情形", "Article 5 of the Act shall apply."])
def test_references_in_running_text_are_not_headings(tmp_path, line):
    lang = "en" if line.startswith("Article") else "zh"
    zh, en = "第 1 條\n本法適用之。\n", "Article 1\nThis Act applies.\n"
    text = zh + en + line if lang == "en" else zh + line + "\n" + en
    doc = read_document([_write(tmp_path / "d.txt", text)])
    assert [p.kind for p in getattr(doc, lang)] == ["heading", "body", "body"]


def test_field_code_on_an_article_number_does_not_join_it_with_its_caption(tmp_path):
    # Law databases link article numbers; saved as text, the link leaves a field code at the line end.
    text = ('第 3 條 HYPERLINK "https://law.example.org/a3" \\t "_blank" \n本法之主管機關為經濟部。\n'
            'Article 3 HYPERLINK "https://law.example.org/a3" \\t "_blank" \n'
            "Competent Authority\nThe Competent Authority of this Act is the Ministry of Economic Affairs.\n")
    doc = read_document([_write(tmp_path / "law.txt", text)])
    assert [p.text for p in doc.zh] == ["第 3 條", "本法之主管機關為經濟部。"]
    assert [(p.text, p.kind) for p in doc.en] == [
        ("Article 3", "heading"), ("Competent Authority", "heading"),
        ("The Competent Authority of this Act is the Ministry of Economic Affairs.", "body")]
