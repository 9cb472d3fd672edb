"""Helpers behind the notebooks: gold files, per-type recall, bead checks, concordance, rank correlation."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parallel_corpus import studies
from parallel_corpus.document import Document, Paragraph
from parallel_corpus.glossary.concordance import concordance, format_concordance
from parallel_corpus.segment import segment_document
from parallel_corpus.types import Alignment, Bead, Flag, InputError, SegmentedDocument, Sentence

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def _gold_sample() -> studies.GoldDocument:
    return studies.read_gold_files(DATA / "guangdong-ipr-2021.gold.zh.txt", DATA / "guangdong-ipr-2021.gold.en.txt",
                                   DATA / "guangdong-ipr-2021.gold.align", set_name="ours")


def test_shipped_gold_covers_every_sentence_once_in_order():
    gold = _gold_sample()
    zh = [i for z, _ in gold.gold for i in z]
    en = [j for _, e in gold.gold for j in e]
    assert zh == list(range(len(gold.zh))) and en == list(range(len(gold.en)))
    assert gold.name == "guangdong-ipr-2021.gold"


def test_shipped_gold_agrees_with_the_segmenter_on_the_sample_report():
    """The gold sentence files are the sample report's segmentation, so gold ids index the real pipeline."""
    from parallel_corpus.document import read_document

    segmented = segment_document(read_document([ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"]))
    gold = _gold_sample()
    assert tuple(segmented.texts("zh")) == gold.zh
    assert tuple(segmented.texts("en")) == gold.en


def test_gold_ids_past_the_sentence_files_are_input_errors(tmp_path):
    (tmp_path / "a.zh").write_text("一。\n二。\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("One.\n", encoding="utf-8")
    (tmp_path / "a.align").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"\[1\]:\[1\] points past"):
        studies.read_gold_files(tmp_path / "a.zh", tmp_path / "a.en", tmp_path / "a.align")


def test_head_keeps_the_first_beads_and_their_sentences():
    part = _gold_sample().head(3)
    assert part.gold == (((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)))
    assert len(part.zh) == 3 and len(part.en) == 4


def test_read_gold_sets_rejects_unknown_sets_and_missing_roots(tmp_path):
    with pytest.raises(InputError, match="no gold sets"):
        studies.read_gold_sets(tmp_path / "nothing")
    with pytest.raises(InputError, match="unknown gold set"):
        studies.read_gold_sets(tmp_path, sets=["MAC-Test"])


def test_read_gold_sets_swaps_english_source_documents(tmp_path):
    base = tmp_path / "nonlit-zh-en" / "aca"
    for sub in ("src", "tgt", "gold"):
        (base / sub).mkdir(parents=True)
    (base / "src" / "001").write_text("One.\nTwo.\n", encoding="utf-8")
    (base / "tgt" / "001").write_text("一二。\n", encoding="utf-8")
    (base / "gold" / "001.align").write_text("[0,1]:[0]\n", encoding="utf-8")
    [doc] = studies.read_gold_sets(tmp_path, sets=["nonlit zh-en"], limit=1)
    assert doc.zh == ("一二。",) and doc.en == ("One.", "Two.")
    assert doc.gold == (((0,), (0, 1)),)


def test_find_upwards(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    assert studies.find_upwards("corpus/x.txt", tmp_path / "notebooks") == tmp_path / "corpus" / "x.txt"
    with pytest.raises(InputError, match="not found"):
        studies.find_upwards("corpus/missing.txt", tmp_path / "notebooks")


def test_recall_by_bead_type_counts_exact_matches_per_gold_type():
    gold = [[((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((3,), (3,))]]
    test = [[Bead((0,), (0,)), Bead((1,), (1,)), Bead((), (2,)), Bead((2,), ()), Bead((3,), (3,))]]
    recalls = {r.bead_type: (r.found, r.gold) for r in studies.recall_by_bead_type(gold, test)}
    assert recalls == {"1-1": (2, 2), "1-2": (0, 1), "1-0": (1, 1)}
    with pytest.raises(ValueError):
        studies.recall_by_bead_type(gold, [])


def test_check_beads_marks_wrong_beads_at_their_position():
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))]
    checks = studies.check_beads(gold, test)
    assert [c.correct for c in checks] == [True, False, False, True]
    assert [c.position for c in checks] == [0.0, 2 / 7, 4 / 7, 5 / 7]


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=30))
def test_rank_correlation_is_one_with_itself_and_minus_one_reversed(values):
    if len(set(values)) < 2:
        assert studies.rank_correlation(values, values) == 0.0
        return
    assert studies.rank_correlation(values, values) == pytest.approx(1.0)
    assert studies.rank_correlation(values, [-v for v in values]) == pytest.approx(-1.0)


def test_flagged_rows_and_html_table_escape_text():
    doc = SegmentedDocument("d", (Sentence("甲<b>"),), (Sentence("A & B"),))
    alignment = Alignment(doc, (Bead((0,), (0,), 0.2, (Flag("low-score", "score 0.20 < 0.3"),)),))
    rows = studies.flagged_rows(alignment)
    assert rows == [{"bead": "0", "score": "0.20", "zh": "甲<b>", "en": "A & B", "flags": "low-score: score 0.20 < 0.3"}]
    table = studies.html_table(rows)
    assert "甲&lt;b&gt;" in table and "A &amp; B" in table and table.count("<tr>") == 2


def _alignment() -> Alignment:
    doc = segment_document(Document("d", (Paragraph("我们保护商标。商标很重要。没有这个词。"),),
                                    (Paragraph("We protect trademarks. The mark matters. Nothing here."),)))
    return Alignment(doc, tuple(Bead((k,), (k,), 0.9) for k in range(3)))


def test_concordance_cuts_both_sides_around_the_term():
    lines = concordance([_alignment()], "商标", ["trademark"])
    assert [(line.bead, line.zh_term, line.en_term) for line in lines] == [(0, "商标", "trademarks"), (1, "商标", "")]
    assert lines[0].zh_left == "我们保护" and lines[0].en_left == "We protect "
    text = format_concordance(lines)
    assert "[商标]" in text and "[trademarks]" in text and "(no rendering found)" in text
    assert concordance([_alignment()], "商标", ["trademark"], limit=1) == lines[:1]
    with pytest.raises(ValueError):
        concordance([_alignment()], "", [])


def test_plots_draw_the_path_and_keep_every_document_in_range():
    pytest.importorskip("matplotlib", reason="the [notebooks] extra is not installed (pip install -e '.[notebooks]')")
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    from matplotlib.patches import Rectangle

    from parallel_corpus import plots

    doc = SegmentedDocument("d", tuple(Sentence(f"{k}。") for k in range(3)), tuple(Sentence(f"{k}.") for k in range(4)))
    alignment = Alignment(doc, (Bead((0,), (0, 1), 0.9), Bead((1,), ()), Bead((2,), (2, 3), 0.8)))
    ax = plots.plot_similarity(alignment, np.eye(3, 4, dtype=np.float32))
    boxes = [(p.get_x(), p.get_y(), p.get_width(), p.get_height()) for p in ax.patches if isinstance(p, Rectangle)]
    assert boxes == [(0, 0, 2, 1), (2, 2, 2, 1)]
    assert ax.get_xlim() == (0, 4) and ax.get_ylim() == (3, 0)

    calm = studies.check_beads([((0,), (0,))] * 1, [((0,), (0,))])
    rough = studies.check_beads([], [((k,), (k,)) for k in range(10)])
    ax = plots.plot_errors_along_document(rough, window=5)
    plots.plot_errors_along_document(calm, ax=ax)
    assert ax.get_ylim()[1] >= 1.0  # the second, error-free document did not shrink the range
