import pytest

from parallel_corpus.cli import main
from parallel_corpus.evaluate import score_alignments

GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2, 3))]


def test_perfect_alignment_scores_one():
    s = score_alignments([GOLD], [GOLD])
    assert (s.f1_strict, s.f1_lax) == (1.0, 1.0)


def test_strict_and_lax_counts():
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), (2,)), ((), (3,))]
    s = score_alignments([GOLD], [test])
    # precision over 6 test beads: exact (0)(0), (3)(); lax adds (1)(1), (4)(2); nulls (2)() and ()(3) miss
    assert s.precision_strict == pytest.approx(2 / 6)
    assert s.precision_lax == pytest.approx(4 / 6)
    # recall over 3 non-null gold beads: (0)(0) exact; (1,2)(1) and (4)(2,3) overlap a test bead
    assert s.recall_strict == pytest.approx(1 / 3)
    assert s.recall_lax == pytest.approx(3 / 3)


def test_micro_average_over_documents():
    s = score_alignments([GOLD, [((0,), (0,))]], [GOLD, [((0,), (1,))]])
    assert s.precision_strict == pytest.approx(4 / 5)
    assert s.recall_strict == pytest.approx(3 / 4)


def test_cli_prints_scores(tmp_path, capsys):
    gold = tmp_path / "gold.align"
    test = tmp_path / "test.align"
    gold.write_text("[0]:[0]\n[1,2]:[1]\n")
    test.write_text("[0]:[0]\n[1]:[1]\n[2]:[]\n")
    assert main(["evaluate", str(gold), str(test)]) == 0
    out = capsys.readouterr().out
    assert "strict  P=0.333  R=0.500  F1=0.400" in out
    assert "lax     P=0.667  R=1.000  F1=0.800" in out


def test_cli_folders_are_matched_by_name(tmp_path, capsys):
    for folder in ("gold", "test"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.align").write_text("[0]:[0]\n")
        (tmp_path / folder / "b.align").write_text("[0]:[0]\n[1]:[1]\n")
    assert main(["evaluate", str(tmp_path / "gold"), str(tmp_path / "test")]) == 0
    assert "F1=1.000" in capsys.readouterr().out


@pytest.mark.parametrize("content, message", [
    ("[0]:[0]\n[1]=[1]\n", "test.align: line 2: not an alignment bead"),
    ("", "no beads found"),
])
def test_cli_malformed_file_exits_2_with_line(tmp_path, capsys, content, message):
    gold = tmp_path / "gold.align"
    gold.write_text("[0]:[0]\n")
    test = tmp_path / "test.align"
    test.write_text(content)
    assert main(["evaluate", str(gold), str(test)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_cli_missing_file_exits_2(tmp_path, capsys):
    assert main(["evaluate", str(tmp_path / "nope.align"), str(tmp_path / "nope2.align")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


@pytest.mark.parametrize("content, message", [
    ("[0]:[0]\n[0]:[1]\n", "g.align: line 2: zh sentence 0 is also in the bead of line 1"),
    ("[0]:[0]\n[1]:[2,1]\n", "g.align: line 2: the en sentences of a bead must be consecutive, got 2,1"),
    ("[0,1]:[0]\n[2]:[2]\n[3]:[1]\n", "g.align: line 3: beads out of order: en sentence 1 comes after sentence 2 (line 2)"),
    ("[0,2]:[0]\n", "g.align: line 1: the zh sentences of a bead must be consecutive"),
    ("[0]:[0]\n\n[99999999999]:[1]\n", "g.align: line 3: zh sentence id 99999999999 is not plausible"),
    ("[0]:[0,0]\n", "g.align: line 1: the bead lists one en sentence twice"),
])
def test_impossible_files_are_refused_with_their_line(tmp_path, capsys, content, message):
    gold = tmp_path / "g.align"
    gold.write_text(content)
    assert main(["evaluate", str(gold), str(gold)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_lenient_scores_published_gold_with_crossings_but_not_absurd_ids(tmp_path, capsys):
    gold = tmp_path / "g.align"
    gold.write_text("[0]:[0]\n[2]:[1]\n[1]:[2]\n[3]:[3]\n[3]:[4]\n")  # a crossing and a sentence twice
    assert main(["evaluate", "--lenient", str(gold), str(gold)]) == 0
    assert "F1=1.000" in capsys.readouterr().out
    gold.write_text("[0]:[10000000]\n")
    assert main(["evaluate", "--lenient", str(gold), str(gold)]) == 2
