"""The aligner with the real USE encoder on the sample report, and the `align` verb end to end."""

from pathlib import Path

import pytest

from parallel_corpus.align import align_sentences
from parallel_corpus.cli import main
from parallel_corpus.encoders import get_encoder
from parallel_corpus.evaluate import score_alignments
from parallel_corpus.formats.align import parse_align, read_align_file

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLE = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"


@pytest.fixture(scope="module")
def use():
    return get_encoder("use")


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_sample_report_against_hand_checked_gold(use):
    zh = read_lines(DATA / "guangdong-ipr-2021.gold.zh.txt")
    en = read_lines(DATA / "guangdong-ipr-2021.gold.en.txt")
    gold = read_align_file(DATA / "guangdong-ipr-2021.gold.align")
    beads = align_sentences(zh, en, use)
    scores = score_alignments([gold], [beads])
    assert scores.f1_strict >= 0.97, scores.format()
    paired = [b.score for b in beads if not b.is_null]
    assert sorted(paired)[len(paired) // 2] > 0.9  # correct beads score high


def test_align_verb_writes_the_contract_files(tmp_path, use, monkeypatch):
    monkeypatch.setattr("parallel_corpus.encoders.get_encoder", lambda spec=None, **kw: use)
    assert main(["align", str(SAMPLE), "-o", str(tmp_path), "--quiet"]) == 0
    name = "guangdong-ipr-2021"
    zh = read_lines(tmp_path / f"{name}.zh.txt")
    en = read_lines(tmp_path / f"{name}.en.txt")
    beads = parse_align((tmp_path / f"{name}.align").read_text(encoding="utf-8"))
    assert [i for z, _ in beads for i in z] == list(range(len(zh)))
    assert [j for _, e in beads for j in e] == list(range(len(en)))
    header = (tmp_path / f"{name}.tsv").read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert {"zh", "en", "score", "flags"} <= set(header)


def test_align_verb_presplit_and_max_align(tmp_path, use, monkeypatch):
    monkeypatch.setattr("parallel_corpus.encoders.get_encoder", lambda spec=None, **kw: use)
    args = ["align", str(DATA / "guangdong-ipr-2021.gold.zh.txt"), str(DATA / "guangdong-ipr-2021.gold.en.txt"),
            "--presplit", "-o", str(tmp_path), "--name", "gd", "--max-align", "3", "--quiet"]
    assert main(args) == 0
    beads = parse_align((tmp_path / "gd.align").read_text(encoding="utf-8"))
    assert all(len(z) + len(e) <= 3 for z, e in beads)
    assert read_lines(tmp_path / "gd.zh.txt") == read_lines(DATA / "guangdong-ipr-2021.gold.zh.txt")


@pytest.mark.parametrize("extra, message", [(["--encoder", "nope"], "unknown encoder"),
                                            (["--max-align", "1"], "--max-align")])
def test_align_verb_bad_options_exit_2_without_files(tmp_path, capsys, extra, message):
    assert main(["align", str(SAMPLE), "-o", str(tmp_path / "out")] + extra) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
