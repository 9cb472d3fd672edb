"""End to end on the sample report: the QA pass finds the reviewer's errors and little else."""

import csv
from pathlib import Path

import pytest

from parallel_corpus.document import read_document
from parallel_corpus.qa import check_alignment, compare_with_review
from parallel_corpus.types import Alignment, Bead, SegmentedDocument, Sentence

ROOT = Path(__file__).parent.parent
REPORT = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"
MAX_FLAGS_ON_CORRECT_PAIRS = 5


def reviewer_errors():
    with open(ROOT / "tests" / "data" / "guangdong-ipr-2021.qa-expected.tsv", encoding="utf-8", newline="") as fh:
        return [(row["zh"], row["en"]) for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


def test_reviewer_list_quotes_the_report():
    report = REPORT.read_text(encoding="utf-8")
    errors = reviewer_errors()
    assert len(errors) >= 3
    assert all(zh in report and en in report for zh, en in errors)


@pytest.fixture(scope="module")
def pipeline_alignment():
    """The real pipeline on the report: read, segment, align (USE encoder), check."""
    from parallel_corpus.align import align_document
    from parallel_corpus.segment import segment_document

    segmented = segment_document(read_document([REPORT]))
    return segmented, check_alignment(align_document(segmented))


def test_pipeline_catches_every_reviewer_error(pipeline_alignment):
    segmented, alignment = pipeline_alignment
    review = compare_with_review(alignment, reviewer_errors())
    assert review.missed == ()
    assert len(review.flagged_correct) <= MAX_FLAGS_ON_CORRECT_PAIRS, [
        (alignment.pair_texts(alignment.beads[i]), alignment.beads[i].flags) for i in review.flagged_correct]
    # every sentence is in exactly one bead, so every pair was checked
    assert sorted(i for b in alignment.beads for i in b.zh) == list(range(len(segmented.zh)))
    assert sorted(i for b in alignment.beads for i in b.en) == list(range(len(segmented.en)))


def test_paragraph_pairs():
    """The report's paragraphs paired one to one, as a reviewer pairs them by hand."""
    document = read_document([REPORT])
    assert len(document.zh) == len(document.en)
    segmented = SegmentedDocument(
        document.name,
        tuple(Sentence(p.text, i, p.kind) for i, p in enumerate(document.zh)),
        tuple(Sentence(p.text, i, p.kind) for i, p in enumerate(document.en)))
    alignment = check_alignment(Alignment(segmented, tuple(Bead((i,), (i,)) for i in range(len(document.zh)))))
    review = compare_with_review(alignment, reviewer_errors())
    assert review.missed == ()
    assert len(review.flagged_correct) <= MAX_FLAGS_ON_CORRECT_PAIRS


def test_compare_with_review_counts_misses_and_false_flags():
    segmented = SegmentedDocument("d", (Sentence("增长5%。"), Sentence("共3件。")),
                                  (Sentence("Up 5%."), Sentence("4 items.")))
    alignment = check_alignment(Alignment(segmented, (Bead((0,), (0,)), Bead((1,), (1,)))))
    review = compare_with_review(alignment, [("增长5%。", "Up 5%.")])
    assert (review.caught, review.missed, review.flagged_correct) == ((), (0,), (1,))


def test_pipeline_tmx_is_valid_and_holds_every_sentence(pipeline_alignment):
    import xml.etree.ElementTree as ET

    from lxml import etree

    from parallel_corpus.formats.tmx import format_tmx

    segmented, alignment = pipeline_alignment
    data, stats = format_tmx([alignment])
    dtd = etree.DTD(str(ROOT.parent / "shared" / "standards" / "tmx14.dtd"))
    assert dtd.validate(etree.fromstring(data, etree.XMLParser(no_network=True, load_dtd=False))), dtd.error_log
    units = ET.fromstring(data).findall("body/tu")
    assert len(units) == stats.units == sum(1 for b in alignment.beads if not b.is_null)
    zh_text = "".join(tu.findall("tuv")[0].find("seg").text for tu in units)
    en_text = " ".join(tu.findall("tuv")[1].find("seg").text for tu in units)
    paired = {i for b in alignment.beads if not b.is_null for i in b.zh}, {i for b in alignment.beads if not b.is_null for i in b.en}
    assert all(s.text in zh_text for i, s in enumerate(segmented.zh) if i in paired[0])
    assert all(s.text in en_text for i, s in enumerate(segmented.en) if i in paired[1])
    flagged = [tu for tu in units if any(p.get("type") == "x-flags" and p.text for p in tu.findall("prop"))]
    assert len(flagged) == sum(1 for b in alignment.beads if b.flags and not b.is_null)
