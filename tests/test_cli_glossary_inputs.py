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
