"""How the glossary verb turns its INPUTs into documents (no aligning here)."""

from parallel_corpus.cli import _glossary_documents, build_parser


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
