"""The glossary verb: how it turns INPUTs into documents, its outputs on small invented files
(pooling, --known, bad input), and that it writes what glossary_job returns."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import HashEncoder

from parallel_corpus import encoders
from parallel_corpus.cli import _glossary_documents, build_parser, main
from parallel_corpus.formats.glossary_tables import parse_glossary_tsv
from parallel_corpus.pipeline import AlignOptions, GlossaryOptions, glossary_job

# --- INPUTs as documents (no aligning here) ---------------------------------------

def test_manifest_file_and_folder_expand_to_their_documents(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.zh.txt").write_text("专利。\n", encoding="utf-8")
        (tmp_path / f"{name}.en.txt").write_text("Patent.\n", encoding="utf-8")
    manifest = tmp_path.parent / f"{tmp_path.name}-archive.tsv"
    manifest.write_text(f"name\tzh\ten\na\t{tmp_path.name}/a.zh.txt\t{tmp_path.name}/a.en.txt\n",
                        encoding="utf-8")
    from_file = _glossary_documents([str(manifest)])
    assert from_file == [[str(tmp_path / "a.zh.txt"), str(tmp_path / "a.en.txt")]]
    from_folder = _glossary_documents([str(tmp_path)])
    assert sorted(sorted(d) for d in from_folder) == [
        sorted([str(tmp_path / f"{n}.zh.txt"), str(tmp_path / f"{n}.en.txt")]) for n in ("a", "b")]


def test_plus_joins_a_language_pair_and_plain_paths_stay(tmp_path):
    bilingual = tmp_path / "report.zh-en.txt"
    bilingual.write_text("专利。\nPatent.\n", encoding="utf-8")
    assert _glossary_documents(["x.zh.txt+x.en.txt", str(bilingual)]) == [
        ["x.zh.txt", "x.en.txt"], [str(bilingual)]]


def test_default_name_comes_from_the_manifest_stem():
    from parallel_corpus.cli import _output_name

    args = build_parser().parse_args(["glossary", "archive.tsv", "-o", "out"])
    assert _output_name(args, ["archive.tsv"]) == "archive"


# Excerpt of Taiwan's Patent Term Extension Regulations, one file per language.
LAW_ZH = "專利權期間延長核定辦法\n第 1 條\n本辦法依專利法（以下簡稱本法）第五十三條第五項規定訂定之。\n"
LAW_EN = ("Regulations Governing the Determination of Patent Term Extension\nArticle 1\n"
          "These Regulations are formulated pursuant to Paragraph 5, Article 53 of the Patent Act "
          "(hereinafter referred to as “the Act”).\n")


def _law_files(folder):
    zh, en = folder / "regs.zh.txt", folder / "regs.en.txt"
    zh.write_text(LAW_ZH, encoding="utf-8")
    en.write_text(LAW_EN, encoding="utf-8")
    return str(zh), str(en)


def test_a_chinese_file_and_its_english_file_are_one_document_as_align_takes_them(tmp_path):
    zh, en = _law_files(tmp_path)
    assert _glossary_documents([zh, en]) == [[zh, en]]
    assert _glossary_documents([en, zh]) == [[en, zh]]


def test_language_pairs_and_bilingual_files_mix(tmp_path):
    zh, en = _law_files(tmp_path)
    bilingual = tmp_path / "report.zh-en.txt"
    bilingual.write_text("专利。\nPatent.\n", encoding="utf-8")
    # A file with a few lines of the other language is still one language's half.
    named = tmp_path / "named.zh.txt"
    named.write_text(LAW_ZH * 3 + "Patent Act\n", encoding="utf-8")
    assert _glossary_documents([zh, en, str(bilingual), str(named), en]) == [
        [zh, en], [str(bilingual)], [str(named), en]]


def test_a_half_without_its_partner_is_read_alone_and_fails_there(tmp_path, capsys):
    from parallel_corpus.cli import main

    zh, _ = _law_files(tmp_path)
    bilingual = tmp_path / "report.zh-en.txt"
    bilingual.write_text("专利。\nPatent.\n", encoding="utf-8")
    assert _glossary_documents([zh, str(bilingual)]) == [[zh], [str(bilingual)]]
    assert main(["glossary", zh, "-o", str(tmp_path / "out"), "--quiet"]) == 2
    assert "no English text found" in capsys.readouterr().err


# --- end to end ------------------------------------------------------------------

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


# --- one code path: the CLI writes what glossary_job returns ----------------------

@pytest.fixture
def hash_encoder(monkeypatch):
    """``--encoder hash``: a fake that needs no model, so these runs take a second."""
    monkeypatch.setitem(encoders.registry._REGISTRY, "hash", lambda arg, progress: HashEncoder(16, "hash"))


def test_cli_writes_the_bytes_glossary_job_returns(tmp_path, hash_encoder):
    first = write_pair(tmp_path, "a", ZH[:4], EN[:4])
    second = write_pair(tmp_path, "b", ZH[4:], EN[4:])
    out = tmp_path / "out"
    assert main(["glossary", first, second, "-o", str(out), "--name", "ip", "--encoder", "hash",
                 "--max-align", "3", "--min-freq", "1", "--tbx", "both", "--quiet"]) == 0
    options = GlossaryOptions(align=AlignOptions(encoder="hash", max_align=3), min_freq=1,
                              tbx_forms=("2008", "2019"))
    result = glossary_job([p.split("+") for p in (first, second)], out, "ip", options)
    assert result.terms and sorted(result.files) == sorted(out.iterdir())
    for path, content in result.files.items():
        assert path.read_bytes() == content, path.name


def test_a_tbx_form_no_longer_asked_for_does_not_stay_from_an_earlier_run(tmp_path, hash_encoder):
    pair = write_pair(tmp_path, "a", ZH, EN)
    out = tmp_path / "out"
    base = ["glossary", pair, "-o", str(out), "--name", "ip", "--encoder", "hash", "--min-freq", "1", "--quiet"]
    assert main([*base, "--tbx", "both"]) == 0 and (out / "ip.glossary.2019.tbx").exists()
    assert main([*base, "--tbx", "2008"]) == 0
    assert not (out / "ip.glossary.2019.tbx").exists() and (out / "ip.glossary.tbx").exists()


def test_max_align_and_cache_reach_the_aligner(tmp_path, hash_encoder, monkeypatch):
    from parallel_corpus import align

    seen = []
    real = align.align_document
    monkeypatch.setattr(align, "align_document",
                        lambda doc, encoder, **kw: seen.append(kw["max_align"]) or real(doc, encoder, **kw))
    pair, cache = write_pair(tmp_path, "doc", ZH, EN), tmp_path / "cache"
    assert main(["glossary", pair, "-o", str(tmp_path / "out"), "--encoder", "hash", "--max-align", "2",
                 "--cache", str(cache), "--quiet"]) == 0
    assert seen == [2] and any(cache.iterdir())
    assert main(["glossary", pair, "-o", str(tmp_path / "out"), "--max-align", "1", "--quiet"]) == 2


# Taiwan's Trademark Act, Articles 1 to 3 (the official Chinese and English, without headings).
TW_ZH = ["為保障商標權、證明標章權、團體標章權、團體商標權及消費者利益，維護市場公平競爭，"
         "促進工商企業正常發展，特制定本法。",
         "欲取得商標權、證明標章權、團體標章權或團體商標權者，應依本法申請註冊。",
         "本法之主管機關為經濟部。", "商標業務，由經濟部指定專責機關辦理。"]
TW_EN = ["This Act is enacted for protection of the rights of trademark, certification mark, collective "
         "membership mark, collective trademark and the interests of consumers, maintenance of fair "
         "competition, and promotion of development of the industry and commerce.",
         "Any person who wishes to obtain the rights of trademark, certification mark, collective membership "
         "mark, or collective trademark shall apply for registration therefor in accordance with this Act.",
         "The Competent Authority of this Act is the Ministry of Economic Affairs (hereinafter as the MOEA).",
         "Trademark affairs shall be administered under a registrar office appointed by the MOEA."]


def test_traditional_input_gives_zh_tw_terms_unless_a_code_is_given(tmp_path, hash_encoder):
    pair = write_pair(tmp_path, "act", TW_ZH, TW_EN)
    out, chosen = tmp_path / "out", tmp_path / "chosen"
    assert main(["glossary", pair, "-o", str(out), "--encoder", "hash", "--min-freq", "1", "--quiet"]) == 0
    assert (out / "act.glossary.csv").read_text(encoding="utf-8-sig").startswith("zh-TW,en-US,")
    assert 'xml:lang="zh-TW"' in (out / "act.glossary.tbx").read_text(encoding="utf-8")
    assert main(["glossary", pair, "-o", str(chosen), "--encoder", "hash", "--min-freq", "1",
                 "--zh-code", "zh-Hant", "--en-code", "en-GB", "--quiet"]) == 0
    assert (chosen / "act.glossary.csv").read_text(encoding="utf-8-sig").startswith("zh-Hant,en-GB,")
    simplified = write_pair(tmp_path, "report", ZH, EN)
    assert main(["glossary", simplified, "-o", str(out), "--encoder", "hash", "--quiet"]) == 0
    assert (out / "report.glossary.csv").read_text(encoding="utf-8-sig").startswith("zh-CN,")


@pytest.mark.parametrize("spec, message", [("+", "'+' names no file"), ("+zh.txt", "zh.txt: no such file")])
def test_a_plus_without_its_files_is_one_line(tmp_path, capsys, spec, message):
    assert main(["glossary", spec, "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
