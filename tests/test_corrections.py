import codecs
import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from parallel_corpus.cli import main
from parallel_corpus.corrections import Original, compare, export_job
from parallel_corpus.formats.align import format_align
from parallel_corpus.formats.pairs import TableRow, format_jsonl, format_tsv, parse_table, read_table
from parallel_corpus.qa import check_alignment
from parallel_corpus.types import Alignment, Bead, InputError, SegmentedDocument, Sentence

DTD = Path(__file__).resolve().parents[2] / "shared" / "standards" / "tmx14.dtd"

ZH = [
    "2021年全省专利授权量达到27.9万件。",
    "其中发明专利授权量为2.9万件，同比增长32.4%。",
    "商标注册量达到86万件。",
    "全省新增地理标志产品5个。",
    "知识产权质押融资金额为250亿元。",
    "版权登记量持续增长。",
    "“粤港澳大湾区”知识产权合作不断深化，<合作>机制 & 平台日益完善。",
    "全年共办理专利侵权纠纷案件3000余件。",
]
EN = [
    "In 2021 the province granted 279,000 patents.",
    "Of these, 29,000 were invention patents, up 32.4% year on year.",
    "Trademark registrations reached 860,000.",
    "Five new geographical indication products were added.",
    "Pledge financing of IP reached 25 billion yuan.",
    "Copyright registrations kept growing",
    "and so did software copyrights.",
    "IP cooperation in the \"Greater Bay Area\" deepened, with <cooperation> mechanisms & platforms improving.",
    "A wrongly aligned English sentence about trade secrets.",
    "Over 3,000 patent infringement disputes were handled in the year.",
]
BEADS = [((0,), (0,), 0.91), ((1,), (1,), 0.88), ((2,), (2,), 0.85), ((3,), (3,), 0.2),
         ((4,), (4,), 0.79), ((5,), (5, 6), 0.66), ((6,), (7,), 0.83), ((), (8,), 0.0),
         ((7,), (9,), 0.9)]


def align_outputs(folder: Path, name: str = "report") -> Alignment:
    """Write what `align` writes for the sample pairs: NAME.tsv, NAME.align and the sentence files."""
    doc = SegmentedDocument(name, tuple(Sentence(t) for t in ZH), tuple(Sentence(t) for t in EN))
    alignment = check_alignment(Alignment(doc, tuple(Bead(z, e, s) for z, e, s in BEADS)))
    (folder / f"{name}.tsv").write_text(format_tsv(alignment), encoding="utf-8")
    (folder / f"{name}.align").write_text(format_align(alignment.beads), encoding="utf-8")
    (folder / f"{name}.zh.txt").write_text("".join(t + "\n" for t in ZH), encoding="utf-8")
    (folder / f"{name}.en.txt").write_text("".join(t + "\n" for t in EN), encoding="utf-8")
    return alignment


def read_rows(path: Path, delimiter: str = "\t") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""), delimiter=delimiter))


def write_rows(path: Path, rows: list[list[str]], *, delimiter: str = "\t", bom: bool = False) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if bom else "\n").writerows(rows)
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + buffer.getvalue().encode("utf-8"))


def tmx_units(path: Path) -> list[dict]:
    tree = etree.parse(str(path))
    assert etree.DTD(str(DTD)).validate(tree), "TMX must be valid against tmx14.dtd"
    units = []
    for tu in tree.iter("tu"):
        props = {p.get("type"): p.text or "" for p in tu.iter("prop")}
        segs = [tuv.find("seg").text or "" for tuv in tu.iter("tuv")]
        units.append({"zh": segs[0], "en": segs[1], **props})
    return units


def test_unedited_table_exports_what_align_wrote(tmp_path):
    alignment = align_outputs(tmp_path)
    result = export_job(tmp_path / "report.tsv", tmp_path / "out")
    assert result.files[tmp_path / "out" / "report.jsonl"].decode("utf-8") == format_jsonl(alignment)
    changes = result.changes
    assert (changes.traced, changes.unchanged, changes.edited, changes.deleted, changes.merged) == (
        True, len(BEADS), 0, 0, 0)


def test_edit_round_trip_end_to_end(tmp_path, capsys):
    align_outputs(tmp_path)
    rows = read_rows(tmp_path / "report.tsv")
    header, body = rows[0] + ["review"], [r + [""] for r in rows[1:]]
    body[2][1] = "Trademark registrations reached 860,000 in 2021."        # typo fix / edit
    body[5][0] += "另有软件著作权登记。"                                       # a sentence the aligner missed
    del body[7]                                                             # a wrong null row
    body[3][6] = "keep"                                                     # low score, but right
    body[4][6] = "DROP "                                                    # drop, whatever its score
    merged = body[0][0] + body[1][0], body[0][1] + " " + body[1][1]        # merge rows 1 and 2 by ids
    body[0] = [merged[0], merged[1], "0.9", "", "0,1", "0,1", ""]
    del body[1]
    edited = tmp_path / "edited"
    edited.mkdir()
    for suffix in (".align", ".zh.txt", ".en.txt"):
        (edited / f"report{suffix}").write_bytes((tmp_path / f"report{suffix}").read_bytes())
    write_rows(edited / "report.csv", [header] + body, delimiter=",", bom=True)   # Excel: CSV, BOM, CRLF

    status = main(["export", str(edited / "report.csv"), "-o", str(tmp_path / "out"), "--min-score", "0.5",
                   "--zh-code", "zh-Hans", "--en-code", "en-GB"])
    assert status == 0
    err = capsys.readouterr().err
    assert ("7 rows compared with" in err and "4 unchanged, 2 edited, 1 merged (from 2 rows), 0 split, "
            "0 added, 1 deleted; 1 marked drop, 1 marked keep" in err), err

    units = tmx_units(tmp_path / "out" / "report.tmx")
    by_ids = {u["x-zh-ids"]: u for u in units}
    assert list(by_ids) == ["0,1", "2", "3", "5", "6", "7"]
    assert by_ids["0,1"]["zh"] == ZH[0] + ZH[1] and by_ids["0,1"]["en"] == EN[0] + " " + EN[1]
    assert by_ids["0,1"]["x-en-ids"] == "0,1"
    assert by_ids["2"]["en"] == "Trademark registrations reached 860,000 in 2021."
    assert by_ids["3"]["x-score"] == "0.2000"                          # kept despite --min-score 0.5
    assert by_ids["5"]["zh"] == ZH[5] + "另有软件著作权登记。"
    assert by_ids["5"]["x-en-ids"] == "5,6"
    assert by_ids["6"]["zh"] == ZH[6] and by_ids["6"]["en"] == EN[7]     # <, & and quotes survive
    tree = etree.parse(str(tmp_path / "out" / "report.tmx"))
    assert tree.find("header").get("srclang") == "zh-Hans"
    assert {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tree.iter("tuv")} == {"zh-Hans",
                                                                                                    "en-GB"}
    records = [json.loads(line) for line in (tmp_path / "out" / "report.jsonl").read_text("utf-8").splitlines()]
    assert [r["zh_ids"] for r in records] == [[0, 1], [2], [3], [5], [6], [7]]
    assert all("low-score" in r["flags"] for r in records if r["score"] < 0.3)


def test_qa_runs_on_the_edited_text(tmp_path):
    align_outputs(tmp_path)
    rows = read_rows(tmp_path / "report.tsv")
    assert rows[1][3] == ""
    rows[1][1] = "In 2021 the province granted 297,000 patents."   # a number typo the QA must catch
    write_rows(tmp_path / "report.tsv", rows)
    result = export_job(tmp_path / "report.tsv", tmp_path / "out")
    assert "number-mismatch" in [f.code for f in result.alignment.beads[0].flags]
    assert result.changes.edited == 1


def test_text_paste_merge_without_touching_ids_is_traced(tmp_path):
    align_outputs(tmp_path)
    rows = read_rows(tmp_path / "report.tsv")
    rows[3][0] += rows[4][0]
    rows[3][1] += " " + rows[4][1]
    del rows[4]
    write_rows(tmp_path / "report.tsv", rows)
    result = export_job(tmp_path / "report.tsv", tmp_path / "out")
    assert (result.changes.merged, result.changes.merged_from, result.changes.deleted) == (1, 2, 0)
    assert result.alignment.beads[2].zh == (2, 3)


def test_without_the_original_only_ids_are_counted(tmp_path):
    align_outputs(tmp_path)
    rows = read_rows(tmp_path / "report.tsv")
    del rows[3]
    rows.append(["新增的一句。", "An added sentence.", "1", "", "", ""])
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    write_rows(lonely / "report.tsv", rows)
    result = export_job(lonely / "report.tsv", tmp_path / "out")
    changes = result.changes
    assert (changes.traced, changes.missing_zh, changes.missing_en, changes.added) == (False, 1, 1, 1)
    assert "not traced" in changes.summary()
    assert result.alignment.beads[-1].zh == (8,) and result.alignment.beads[-1].en == (10,)


def drop_column(rows, index):
    for row in rows:
        row.pop(index)


def add_review(rows, value):
    rows[0].append("review")
    for row in rows[1:]:
        row.append(value)


@pytest.mark.parametrize("edit, message", [
    (lambda rows: drop_column(rows, 2), "no 'score' column"),
    (lambda rows: rows[3].__setitem__(2, "high"), r"row 4: score 'high' is not a number"),
    (lambda rows: rows[5].__setitem__(2, "1.7"), r"row 6: score '1.7'"),
    (lambda rows: rows[2].pop(), r"row 3: 5 cells but the header has 6"),
    (lambda rows: rows[2].append("stray"), r"row 3: 7 cells"),
    (lambda rows: rows[4].__setitem__(4, "3;x"), r"row 5: zh_ids '3;x' must be sentence numbers"),
    (lambda rows: rows[5].__setitem__(4, "3"), r"row 6: zh sentence 3 is also in row 5"),
    (lambda rows: rows[2].__setitem__(5, "99"), r"row 3: en_ids has 99, but .*covers only 10 en sentences"),
    (lambda rows: add_review(rows, "maybe"), r"row 2: review must be keep, drop or empty, got 'maybe'"),
    (lambda rows: rows.__delitem__(slice(1, None)), "a header but no rows"),
])
def test_malformed_edits_name_the_row(tmp_path, capsys, edit, message):
    align_outputs(tmp_path)
    rows = read_rows(tmp_path / "report.tsv")
    edit(rows)
    write_rows(tmp_path / "report.tsv", rows)
    with pytest.raises(InputError, match=message):
        export_job(tmp_path / "report.tsv", tmp_path / "out")
    assert main(["export", str(tmp_path / "report.tsv"), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_broken_quoting_names_the_line(tmp_path):
    path = tmp_path / "t.tsv"
    rows = "".join(f"甲{k}\tA{k}\t0.5\t\t{k}\t{k}\n" for k in range(4))
    path.write_text(f'zh\ten\tscore\tflags\tzh_ids\ten_ids\n"乙\tB\t0.5\t\t9\t9\n{rows}', "utf-8")
    with pytest.raises(InputError, match=r"line 2: broken quoting"):  # where the quote opened, not the end
        read_table(path)


def test_semicolon_table_with_decimal_commas(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(codecs.BOM_UTF8 + "zh;en;score;flags;zh_ids;en_ids\r\n甲。;A.;0,75;;0;0\r\n".encode())
    rows = read_table(path)
    assert (rows[0].zh, rows[0].en, rows[0].score, rows[0].zh_ids) == ("甲。", "A.", 0.75, (0,))


def test_a_table_without_header_is_refused():
    with pytest.raises(InputError, match="first row must be the header"):
        parse_table("甲\tA\t0.5\t\t0\t0\n", source="t.tsv")


cell_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=25)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(cell_text, cell_text), min_size=1, max_size=6), st.sampled_from(["\t", ","]))
def test_any_cell_text_reaches_the_outputs_byte_for_byte(pairs, delimiter):
    header = ["zh", "en", "score", "flags", "zh_ids", "en_ids"]
    rows = [[zh, en, "0.5", "", str(i), str(i)] for i, (zh, en) in enumerate(pairs)]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows([header] + rows)
    parsed = parse_table(buffer.getvalue(), source="t")
    assert [(r.zh, r.en) for r in parsed] == pairs


def test_untouched_neighbour_is_not_credited_with_a_deleted_row():
    original = Original("t.align", (((0,), (0,)), ((1,), (1,))), ("一、总则", "一、"), ("I. General", "I."))
    rows = [TableRow(2, "一、总则", "I. General", 0.9, (0,), (0,))]
    present, changes = compare(rows, original)
    assert (changes.deleted, changes.merged, changes.unchanged) == (1, 0, 1)
    assert present[0].zh_ids == (0,)
    edited = [TableRow(2, "一、总则。", "I. General.", 0.9, (0,), (0,))]
    present, changes = compare(edited, original)
    assert (changes.deleted, changes.merged) == (0, 1) and present[0].zh_ids == (0, 1)


def test_an_emptied_row_is_a_deletion_and_frees_its_ids(tmp_path):
    align_outputs(tmp_path)
    rows = read_rows(tmp_path / "report.tsv")
    rows[3][0] += rows[4][0]
    rows[3][1] += " " + rows[4][1]
    rows[3][4], rows[3][5] = "2,3", "2,3"
    rows[4][0] = rows[4][1] = ""   # cleared in the spreadsheet instead of deleted, ids left behind
    write_rows(tmp_path / "report.tsv", rows)
    result = export_job(tmp_path / "report.tsv", tmp_path / "out")
    assert (result.changes.merged, result.changes.deleted, len(result.alignment.beads)) == (1, 0, len(BEADS) - 1)
