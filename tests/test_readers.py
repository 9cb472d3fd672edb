"""Format readers: Word and HTML into blocks, picked by content, and into Documents with table anchors."""

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from parallel_corpus.document import read_document
from parallel_corpus.readers import detect_format, read_blocks
from parallel_corpus.readers.base import Block
from parallel_corpus.readers.text import decode_bytes
from parallel_corpus.types import InputError

# Articles 1-3 of Taiwan's Trademark Act (law.moj.gov.tw, Open Government Data License TW v1.0).
ZH_ARTICLES = [
    ("第 1 條", ["為保障商標權、證明標章權、團體標章權、團體商標權及消費者利益，維護市場公平競爭，"
                 "促進工商企業正常發展，特制定本法。"]),
    ("第 2 條", ["欲取得商標權、證明標章權、團體標章權或團體商標權者，應依本法申請註冊。"]),
    ("第 3 條", ["本法之主管機關為經濟部。", "商標業務，由經濟部指定專責機關辦理。"]),
]
EN_ARTICLES = [
    ("Article 1", ["This Act is enacted for protection of the rights of trademark, certification mark, "
                   "collective membership mark, collective trademark and the interests of consumers, "
                   "maintenance of fair competition, and promotion of development of the industry and commerce."]),
    ("Article 2", ["Any person who wishes to obtain the rights of trademark, certification mark, collective "
                   "membership mark, or collective trademark shall apply for registration therefor in "
                   "accordance with this Act."]),
    ("Article 3", ["The Competent Authority of this Act is the Ministry of Economic Affairs.",
                   "Trademark affairs shall be administered under a registrar office appointed by the MOEA."]),
]


def save(document, path: Path) -> Path:
    document.save(str(path))
    return path


def add_list(document, levels: list[tuple[str, str]], starts: dict[int, int] | None = None) -> str:
    """A list definition with ``levels`` (numFmt, lvlText) and one instance of it; the instance's id."""
    root = document.part.numbering_part.element
    abstract_id = str(100 + len(root.findall(qn("w:abstractNum"))))
    lvls = "".join(f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:lvlText w:val="{text}"/></w:lvl>' for k, (fmt, text) in enumerate(levels))
    root.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'))
    num_id = str(200 + len(root.findall(qn("w:num"))))
    overrides = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                        for k, v in (starts or {}).items())
    root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                          f'{overrides}</w:num>'))
    return num_id


def numbered(document, text: str, num_id: str, level: int = 0):
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def run_xml(text: str, tag: str = "w:t") -> str:
    return f'<w:r {nsdecls("w")}><{tag} xml:space="preserve">{text}</{tag}></w:r>'


def law_paragraphs(document, articles) -> None:
    for number, paragraphs in articles:
        document.add_paragraph(number)
        for text in paragraphs:
            document.add_paragraph(text)


# --- Word ------------------------------------------------------------------------

def test_word_styles_and_outline_levels_give_kinds(tmp_path):
    document = docx.Document()
    document.add_paragraph("商標法", style="Title")
    document.add_heading("第一章 總則", level=1)
    document.add_heading("第一節 通則", level=2)
    document.add_paragraph("本法之主管機關為經濟部。")
    outlined = document.add_paragraph("附則")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    body_level = document.add_paragraph("第二章 商標", style="Heading 2")
    body_level._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="9"/>'))
    name, blocks = read_blocks(save(document, tmp_path / "law.docx"))
    assert name == "docx"
    assert [(b.text, b.kind) for b in blocks] == [
        ("商標法", "title"), ("第一章 總則", "heading"), ("第一節 通則", "heading"),
        ("本法之主管機關為經濟部。", None), ("附則", "heading"), ("第二章 商標", None)]


def test_format_kinds_survive_into_the_document_and_the_rest_gets_the_text_rules(tmp_path):
    document = docx.Document()
    document.add_paragraph("商標法", style="Title")
    document.add_heading("總則", level=1)
    document.add_paragraph("一、將商標用於商品。")
    for text in ("Trademark Act", "General Provisions"):
        document.add_paragraph(text)
    document.add_paragraph("I. To apply a trademark to goods.")
    read = read_document([save(document, tmp_path / "law.docx")])
    assert [(p.text, p.kind) for p in read.zh] == [("商標法", "title"), ("總則", "heading"),
                                                   ("一、將商標用於商品。", "body")]
    # No style on the English side: today's rules merge the leading short lines into a title.
    assert [(p.text, p.kind) for p in read.en] == [("Trademark Act General Provisions", "title"),
                                                   ("I. To apply a trademark to goods.", "body")]


def test_tracked_changes_are_read_as_accepted(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("本法之主管機關為")
    w = nsdecls("w")
    paragraph._p.append(parse_xml(f'<w:ins {w} w:id="1" w:author="a">{run_xml("經濟部")}</w:ins>'))
    paragraph._p.append(parse_xml(f'<w:del {w} w:id="2" w:author="a">{run_xml("內政部", "w:delText")}</w:del>'))
    paragraph._p.append(parse_xml(f'<w:moveFrom {w} w:id="3" w:author="a">{run_xml("舊文")}</w:moveFrom>'))
    paragraph._p.append(parse_xml(run_xml("。")))
    assert read_blocks(save(document, tmp_path / "t.docx"))[1] == [Block("本法之主管機關為經濟部。")]


def test_field_codes_leave_their_result_text_only(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("See ")
    w = nsdecls("w")
    for xml in (f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {w}><w:instrText xml:space="preserve"> HYPERLINK "http://example.org" \\t "_blank" </w:instrText></w:r>',
                f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>',
                run_xml("the register"),
                f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>',
                run_xml(" for details.")):
        paragraph._p.append(parse_xml(xml))
    assert read_blocks(save(document, tmp_path / "f.docx"))[1] == [Block("See the register for details.")]


def test_automatic_list_numbers_are_recovered(tmp_path):
    document = docx.Document()
    chinese = add_list(document, [("chineseCounting", "%1、"), ("chineseCounting", "(%2)")])
    for text, level in (("總則", 0), ("定義", 1), ("範圍", 1), ("申請", 0), ("程序", 1)):
        numbered(document, text, chinese, level)
    decimal = add_list(document, [("decimal", "%1."), ("lowerLetter", "(%2)")], starts={0: 11})
    numbered(document, "Eleventh", decimal)
    numbered(document, "first sub", decimal, 1)
    numbered(document, "Twelfth", decimal)
    bullets = add_list(document, [("bullet", "\uf0b7")])
    numbered(document, "no number for a bullet", bullets)
    texts = [b.text for b in read_blocks(save(document, tmp_path / "n.docx"))[1]]
    assert texts == ["一、總則", "(一)定義", "(二)範圍", "二、申請", "(一)程序",
                     "11. Eleventh", "(a) first sub", "12. Twelfth", "no number for a bullet"]


def test_word_list_style_numbers_come_from_the_style(tmp_path):
    document = docx.Document()
    for text in ("First item", "Second item"):
        document.add_paragraph(text, style="List Number")
    assert [b.text for b in read_blocks(save(document, tmp_path / "s.docx"))[1]] == ["1. First item", "2. Second item"]


def test_an_ordinary_table_is_read_row_by_row(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["年份", "收案", "結案"], ["2021", "四十三件", "十九件"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    blocks = read_blocks(save(document, tmp_path / "t.docx"))[1]
    assert [b.text for b in blocks] == ["年份", "收案", "結案", "2021", "四十三件", "十九件"]
    assert all(b.row is None for b in blocks)


def bilingual_table(document, zh_articles, en_articles, zh_first: bool = True) -> None:
    table = document.add_table(rows=0, cols=2)
    for (zh_number, zh_texts), (en_number, en_texts) in zip(zh_articles, en_articles):
        cells = table.add_row().cells
        zh_cell, en_cell = (cells[0], cells[1]) if zh_first else (cells[1], cells[0])
        zh_cell.text, en_cell.text = zh_number, en_number
        for text in zh_texts:
            zh_cell.add_paragraph(text)
        for text in en_texts:
            en_cell.add_paragraph(text)


@pytest.mark.parametrize("zh_first", [True, False])
def test_bilingual_table_rows_become_paragraph_anchors(tmp_path, zh_first):
    document = docx.Document()
    document.add_paragraph("商標法", style="Title")
    document.add_paragraph("Trademark Act", style="Title")
    bilingual_table(document, ZH_ARTICLES, EN_ARTICLES, zh_first)
    read = read_document([save(document, tmp_path / "table.docx")])
    assert [p.text for p in read.zh] == ["商標法", "第 1 條", ZH_ARTICLES[0][1][0], "第 2 條",
                                         ZH_ARTICLES[1][1][0], "第 3 條", *ZH_ARTICLES[2][1]]
    assert [p.text for p in read.en][:2] == ["Trademark Act", "Article 1"]
    assert read.anchors == ((1, 1), (3, 3), (5, 5))


def test_a_two_column_table_in_one_language_is_not_bilingual(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([["名稱", "說明"], ["商標", "表彰商品來源之標識"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    assert all(b.row is None for b in read_blocks(save(document, tmp_path / "t.docx"))[1])


def test_two_files_of_different_formats_make_one_document(tmp_path):
    document = docx.Document()
    law_paragraphs(document, ZH_ARTICLES)
    html = tmp_path / "en.html"
    html.write_text("<html><body>" + "".join(f"<h3>{n}</h3>" + "".join(f"<p>{t}</p>" for t in ts)
                                             for n, ts in EN_ARTICLES) + "</body></html>", encoding="utf-8")
    read = read_document([html, save(document, tmp_path / "zh.docx")])
    assert len(read.zh) == 7 and len(read.en) == 7 and read.anchors == ()
    assert read.en[0].kind == "heading"


# --- HTML ------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>全國法規資料庫 - 商標法</title>
<style>p { color: red }</style><script>var note = "不應出現";</script></head>
<body><nav><a href="/">首頁</a> | <a href="/en">English</a></nav>
<header><p>全國法規資料庫</p></header>
<article><header><h1>商標法</h1></header>
<h2>第 一 章 總則</h2>
<p>為保障商標權，<b>特制定</b>本法。</p>
<div>本法之主管機關為經濟部。<br>商標業務，由經濟部指定專責機關辦理。</div>
<ul><li>一、將商標用於商品。</li><li>二、持有前款之商品。</li></ul>
</article>
<aside>相關法規</aside><footer>© 法務部</footer>
<noscript>請啟用 JavaScript</noscript></body></html>
"""


def test_html_blocks_headings_and_dropped_page_furniture(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    name, blocks = read_blocks(path)
    assert name == "html"
    assert [(" ".join(b.text.split()), b.kind) for b in blocks] == [
        ("商標法", "heading"), ("第 一 章 總則", "heading"), ("為保障商標權，特制定本法。", None),
        ("本法之主管機關為經濟部。", None), ("商標業務，由經濟部指定專責機關辦理。", None),
        ("一、將商標用於商品。", None), ("二、持有前款之商品。", None)]


def test_html_title_stands_in_for_a_missing_h1(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes("<html><head><title>商標法</title></head><body><p>本法之主管機關為經濟部。</p></body></html>"
                     .encode("big5"))
    path.write_bytes(b'<meta charset="big5">' + path.read_bytes())
    assert read_blocks(path)[1] == [Block("商標法", "title"), Block("本法之主管機關為經濟部。")]


def test_bilingual_html_page_is_split_like_a_bilingual_text(tmp_path):
    path = tmp_path / "page.html"
    body = "".join(f"<h3>{zn}</h3><h3>{en}</h3>" + "".join(f"<p>{z}</p><p>{e}</p>" for z, e in zip(zt, et))
                   for (zn, zt), (en, et) in zip(ZH_ARTICLES, EN_ARTICLES))
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    read = read_document([path])
    assert [p.text for p in read.zh] == [t for n, ts in ZH_ARTICLES for t in (n, *ts)]
    assert [p.text for p in read.en] == [t for n, ts in EN_ARTICLES for t in (n, *ts)]
    assert {p.kind for p in read.zh[::2][:2]} == {"heading"}


def test_bilingual_html_table_gives_anchors(tmp_path):
    path = tmp_path / "table.html"
    rows = "".join(f"<tr><td>{z}</td><td>{e}</td></tr>" for z, e in
                   zip([t for n, ts in ZH_ARTICLES for t in (n, " ".join(ts))],
                       [t for n, ts in EN_ARTICLES for t in (n, " ".join(ts))]))
    path.write_text(f"<html><body><h1>商標法</h1><h1>Trademark Act</h1><table>{rows}</table></body></html>",
                    encoding="utf-8")
    assert read_document([path]).anchors == ((1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6))


# --- picking the reader -----------------------------------------------------------

@pytest.mark.parametrize("written_as, named, expected", [
    ("docx", "report.txt", "docx"), ("html", "report.txt", "html"), ("text", "report.html", "text"),
    ("text", "report.docx", "text"), ("pdf", "report.docx", "pdf"), ("html", "report", "html"),
])
def test_format_is_picked_by_content_not_by_name(tmp_path, written_as, named, expected):
    path = tmp_path / named
    if written_as == "docx":
        save(docx.Document(), path)
    elif written_as == "html":
        path.write_text("<!-- saved page -->\n<!DOCTYPE html><html><body><p>本法。</p></body></html>",
                        encoding="utf-8")
    elif written_as == "pdf":
        path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    else:
        path.write_text("商標法\nTrademark Act\n", encoding="utf-8")
    assert detect_format(path) == expected


def test_a_fragment_of_markup_counts_as_html_only_when_named_so(tmp_path):
    fragment = "<p>本法之主管機關為經濟部。</p>"
    (tmp_path / "a.html").write_text(fragment, encoding="utf-8")
    (tmp_path / "a.txt").write_text(fragment, encoding="utf-8")
    assert detect_format(tmp_path / "a.html") == "html"
    assert detect_format(tmp_path / "a.txt") == "text"


def test_utf16_html_is_detected(tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes("<html><body><p>本法。</p><p>This Act.</p></body></html>".encode("utf-16"))
    assert read_blocks(path) == ("html", [Block("本法。"), Block("This Act.")])


def test_text_lines_reach_the_document_unchanged(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("商標法\n\n  Trademark Act \n", encoding="utf-8")
    assert read_blocks(path) == ("text", [Block("商標法"), Block("  Trademark Act ")])


def test_word_without_text_is_refused(tmp_path):
    with pytest.raises(InputError, match="has no text"):
        read_blocks(save(docx.Document(), tmp_path / "empty.docx"))


def test_a_caption_row_across_a_bilingual_table_pairs_with_nothing(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    caption = table.cell(0, 0).merge(table.cell(0, 1))
    caption.text = "商標法 Trademark Act"
    for (zh_number, zh_texts), (en_number, en_texts) in zip(ZH_ARTICLES[:2], EN_ARTICLES[:2]):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = zh_number, en_number
        cells[0].add_paragraph(zh_texts[0])
        cells[1].add_paragraph(en_texts[0])
    blocks = read_blocks(save(document, tmp_path / "t.docx"))[1]
    assert [b.row for b in blocks] == [None, 2, 2, 2, 2, 3, 3, 3, 3]


# --- text decoding ------------------------------------------------------------

SHORT_CHINESE = ["专利法第一条。\nArticle 1 of the Patent Act.\n", "商标法。\n", "知识产权保护状况\n",
                 "移送司法机关159宗\n", "2021年广东省知识产权保护状况\n专利保护工作持续推进。\n",
                 "授信额度超6亿元，同比增长12.5%。\n"]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
@pytest.mark.parametrize("text", SHORT_CHINESE)
def test_short_gb_text_is_not_taken_for_another_code_page(tmp_path, text, encoding):
    """Detection alone reads these as Korean, Japanese or Big5 garbage without an error."""
    assert decode_bytes(text.encode(encoding), tmp_path / "short.txt") == text


@pytest.mark.parametrize("text, encoding", [
    ("本法之主管機關為經濟部。\nThis Act.\n", "big5"),
    ("為保障商標權，特制定本法。\n", "big5"),
    ("商標法。\n專利法第一條。\n", "utf-16"),
    ("商標法。\n專利法第一條。\n", "utf-16-le"),
    ("The Patent Act’s first article.\n", "cp1252"),
])
def test_other_encodings_still_read(tmp_path, text, encoding):
    assert decode_bytes(text.encode(encoding), tmp_path / "other.txt") == text
