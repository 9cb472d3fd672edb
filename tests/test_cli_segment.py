"""End to end: `parallel-corpus segment` on the sample report, other encodings, bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from parallel_corpus.cli import main
from parallel_corpus.document import read_lines

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"
GOLD = {lang: ROOT / "tests" / "data" / f"guangdong-ipr-2021.gold.{lang}.txt" for lang in ("zh", "en")}


def _outputs(outdir: Path, name: str = "guangdong-ipr-2021") -> tuple[str, str]:
    return ((outdir / f"{name}.zh.txt").read_text(encoding="utf-8"),
            (outdir / f"{name}.en.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("segment")
    result = subprocess.run([sys.executable, "-m", "parallel_corpus", "segment", str(SAMPLE), "-o", str(outdir)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") == 1 and "173 Chinese and 200 English sentences" in result.stderr
    return _outputs(outdir)


def test_segment_sample_end_to_end(sample_output):
    zh, en = sample_output
    assert zh.splitlines() == read_lines(GOLD["zh"])
    assert en.splitlines() == read_lines(GOLD["en"])
    assert zh.endswith("。\n") and en.endswith(".\n")


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_give_identical_sentences(tmp_path, sample_output, encoding):
    source = tmp_path / "guangdong-ipr-2021.zh-en.txt"
    source.write_bytes(SAMPLE.read_text(encoding="utf-8").encode(encoding))
    assert main(["segment", str(source), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert _outputs(tmp_path / "out") == sample_output


@pytest.mark.parametrize("swap", [False, True])
def test_two_monolingual_files_any_order(tmp_path, swap):
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    cut = next(i for i, line in enumerate(text) if line.startswith("INTELLECTUAL"))
    zh = tmp_path / "report.zh.txt"
    en = tmp_path / "report.en.txt"
    zh.write_text("\n".join(text[:cut]), encoding="gb18030")
    en.write_text("\n".join(text[cut:]), encoding="utf-8")
    inputs = [str(en), str(zh)] if swap else [str(zh), str(en)]
    assert main(["segment", *inputs, "-o", str(tmp_path / "out"), "--quiet"]) == 0
    zh_out, en_out = _outputs(tmp_path / "out", "report")
    assert zh_out.splitlines() == read_lines(GOLD["zh"])
    assert en_out.splitlines() == read_lines(GOLD["en"])


def test_presplit_keeps_lines_as_sentences(tmp_path):
    outdir = tmp_path / "out"
    assert main(["segment", str(GOLD["en"]), str(GOLD["zh"]), "--presplit", "--name", "gold",
                 "-o", str(outdir), "--quiet"]) == 0
    zh_out, en_out = _outputs(outdir, "gold")
    assert zh_out == GOLD["zh"].read_text(encoding="utf-8")
    assert en_out == GOLD["en"].read_text(encoding="utf-8")


def test_bilingual_presplit_file_is_split_by_script(tmp_path):
    source = tmp_path / "pairs.txt"
    source.write_text("第一句。第二句。\nOne. Two.\nTITLE\n标题\n", encoding="utf-8")
    assert main(["segment", str(source), "--presplit", "-o", str(tmp_path), "--quiet"]) == 0
    zh_out, en_out = _outputs(tmp_path, "pairs")
    assert zh_out == "第一句。第二句。\n标题\n"
    assert en_out == "One. Two.\nTITLE\n"


def test_zh_semicolon_option(tmp_path):
    source = tmp_path / "doc.txt"
    source.write_text("审结195055件；新收43件。\nConcluded 195,055 cases and accepted 43.\n", encoding="utf-8")
    assert main(["segment", str(source), "--zh-semicolon", "-o", str(tmp_path), "--quiet"]) == 0
    assert _outputs(tmp_path, "doc")[0] == "审结195055件；\n新收43件。\n"


def _bad_inputs(tmp_path: Path) -> dict[str, list[str]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "zh.txt").write_text("只有中文。\n", encoding="utf-8")
    (tmp_path / "zh2.txt").write_text("还是中文。\n", encoding="utf-8")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 20)
    return {
        "missing": [str(tmp_path / "missing.txt")],
        "empty": [str(tmp_path / "empty.txt")],
        "one language only": [str(tmp_path / "zh.txt")],
        "two files of one language": [str(tmp_path / "zh.txt"), str(tmp_path / "zh2.txt")],
        "binary": [str(tmp_path / "binary.bin")],
        "three inputs": [str(SAMPLE), str(tmp_path / "zh.txt"), str(tmp_path / "zh2.txt")],
        "unknown option": [str(SAMPLE), "--no-such-option"],
    }


@pytest.mark.parametrize("case", ["missing", "empty", "one language only", "two files of one language",
                                  "binary", "three inputs", "unknown option"])
def test_bad_input_exit_2_one_line_no_output(tmp_path, capsys, case):
    args = _bad_inputs(tmp_path)[case]
    outdir = tmp_path / "out"
    assert main(["segment", *args, "-o", str(outdir)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    assert not outdir.exists() or not any(outdir.iterdir())


def test_bad_input_in_a_real_process(tmp_path):
    result = subprocess.run([sys.executable, "-m", "parallel_corpus", "segment", str(tmp_path / "nope.txt"),
                             "-o", str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no such file" in result.stderr
    assert not (tmp_path / "out").exists()


# Excerpt of Taiwan's Trademark Act: the English captions each article, the Chinese does not.
LAW_ZH = "商標法\n第 一 章 總則\n第 1 條\n為保障商標權及消費者利益，特制定本法。\n第 2 條\n欲取得商標權者，應依本法申請註冊。\n"
LAW_EN = ("Trademark Act\nChapter I General Provisions\nArticle 1\nPurpose of this Act\n"
          "This Act is enacted for protection of the rights of trademark and the interests of consumers.\n"
          "Article 2\nRegistration for protection\n"
          "Any person who wishes to obtain the rights of trademark shall apply for registration.\n")


@pytest.mark.parametrize("layout", ["two files", "one bilingual file"])
def test_law_title_chapter_and_article_lines_are_sentences_of_their_own(tmp_path, layout):
    if layout == "two files":
        (tmp_path / "law.zh.txt").write_text(LAW_ZH, encoding="utf-8")
        (tmp_path / "law.en.txt").write_text(LAW_EN, encoding="utf-8")
        inputs = [str(tmp_path / "law.zh.txt"), str(tmp_path / "law.en.txt")]
    else:
        (tmp_path / "law.zh-en.txt").write_text(LAW_ZH + LAW_EN, encoding="utf-8")
        inputs = [str(tmp_path / "law.zh-en.txt")]
    assert main(["segment", *inputs, "-o", str(tmp_path / "out"), "--name", "law", "--quiet"]) == 0
    zh, en = _outputs(tmp_path / "out", "law")
    assert zh == LAW_ZH and en == LAW_EN
