"""The glossary verb end to end on small invented files: outputs, pooling, --known, bad input."""

from __future__ import annotations

from pathlib import Path

from parallel_corpus.cli import main
from parallel_corpus.export.glossary_tables import parse_glossary_tsv

ZH = ["该公司申请了三项专利。", "法院审理了一起专利纠纷。", "商标注册需要两个月。", "他们的商标被仿冒了。",
      "商业秘密必须得到保护。", "员工泄露了商业秘密。", "著作权保护期限很长。", "软件也受著作权法律保护。"]
EN = ["The company applied for three patents.", "The court heard a patent dispute.",
      "Trademark registration takes two months.", "Their trademark was counterfeited.",
      "Trade secrets must be protected.", "An employee disclosed a trade secret.",
      "The term of copyright protection is long.", "Software is also protected by copyright law."]


def write_pair(folder: Path, stem: str, zh: list[str], en: list[str]) -> str:
    (folder / f"{stem}.zh.txt").write_text("\n\n".join(zh) + "\n", encoding="utf-8")
    (folder / f"{stem}.en.txt").write_text("\n\n".join(en) + "\n", encoding="utf-8")
    return f"{folder / stem}.zh.txt+{folder / stem}.en.txt"


def test_pair_inputs_are_pooled_into_every_glossary_file(tmp_path):
    first = write_pair(tmp_path, "a", ZH[:4], EN[:4])
    second = write_pair(tmp_path, "b", ZH[4:], EN[4:])
    out = tmp_path / "out"
    assert main(["glossary", first, second, "-o", str(out), "--name", "ip", "--quiet"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["ip.glossary.csv", "ip.glossary.omegat.txt", "ip.glossary.tbx", "ip.glossary.tsv",
                     "ip.glossary.xlsx"]
    rows = {r.zh: r for r in parse_glossary_tsv((out / "ip.glossary.tsv").read_text(encoding="utf-8"))}
    assert rows["商业秘密"].en.lower() in {"trade secret", "trade secrets"}
    assert set(rows["专利"].source.split(", ")) == {"a"} and set(rows["著作权"].source.split(", ")) == {"b"}


def test_known_file_marks_entries(tmp_path):
    pair = write_pair(tmp_path, "doc", ZH, EN)
    known = tmp_path / "known.csv"
    known.write_text("zh-CN,en-US\n商标,trade mark\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["glossary", pair, "-o", str(out), "--known", str(known), "--quiet"]) == 0
    rows = {r.zh: r for r in parse_glossary_tsv((out / "doc.glossary.tsv").read_text(encoding="utf-8"))}
    assert rows["商标"].en == "trade mark" and not rows["商标"].is_new
    assert rows["专利"].is_new


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["glossary", str(tmp_path / "missing.txt"), "-o", str(out)]) == 2
    pair = write_pair(tmp_path, "doc", ZH, EN)
    assert main(["glossary", pair, "-o", str(out), "--known", str(tmp_path / "none.tsv")]) == 2
    assert main(["glossary", pair, "-o", str(out), "--min-freq", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("error: ") for line in err)
    assert not out.exists()


def test_a_chinese_file_and_its_english_file_side_by_side_work_as_in_align(tmp_path):
    write_pair(tmp_path, "doc", ZH, EN)
    zh, en = str(tmp_path / "doc.zh.txt"), str(tmp_path / "doc.en.txt")
    side_by_side, joined = tmp_path / "side", tmp_path / "joined"
    assert main(["glossary", zh, en, "-o", str(side_by_side), "--quiet"]) == 0
    assert main(["glossary", f"{zh}+{en}", "-o", str(joined), "--quiet"]) == 0
    table = (side_by_side / "doc.glossary.tsv").read_text(encoding="utf-8")
    assert table == (joined / "doc.glossary.tsv").read_text(encoding="utf-8")
    assert "商业秘密" in table
