"""End to end on the sample report: the QA pass finds the reviewer's errors and little else."""

import csv
from pathlib import Path

import pytest

from parallel_corpus.document import read_document
from parallel_corpus.qa import check_alignment
from parallel_corpus.types import Alignment, Bead, SegmentedDocument, Sentence

ROOT = Path(__file__).parent.parent
REPORT = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"
NUMBER_CODES = {"number-mismatch", "number-swap", "direction"}
MAX_FLAGS_ON_CORRECT_PAIRS = 5


def expected_errors():
    with open(ROOT / "tests" / "data" / "guangdong-ipr-2021.qa-expected.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def paragraph_alignment():
    """The report's paragraphs paired one to one, as a reviewer would pair them by hand."""
    document = read_document([REPORT])
    assert len(document.zh) == len(document.en)
    segmented = SegmentedDocument(
        document.name,
        tuple(Sentence(p.text, i, p.kind) for i, p in enumerate(document.zh)),
        tuple(Sentence(p.text, i, p.kind) for i, p in enumerate(document.en)))
    beads = tuple(Bead((i,), (i,)) for i in range(len(document.zh)))
    return check_alignment(Alignment(segmented, beads))


def error_beads(alignment, error):
    """Beads holding the erroneous zh sentence or its en rendering."""
    result = []
    for index, bead in enumerate(alignment.beads):
        zh, en = alignment.pair_texts(bead)
        if error["zh"] in zh or error["en"] in en:
            result.append(index)
    return result


def test_every_reviewer_error_is_caught_and_few_correct_pairs_are_flagged(paragraph_alignment):
    errors = expected_errors()
    involved: set[int] = set()
    for error in errors:
        beads = error_beads(paragraph_alignment, error)
        assert beads, error["problem"]
        involved.update(beads)
        caught = [i for i in beads if {f.code for f in paragraph_alignment.beads[i].flags} & NUMBER_CODES]
        assert caught, f"not caught: {error['problem']}"
    false_flags = [i for i, bead in enumerate(paragraph_alignment.beads)
                   if bead.flags and not bead.is_null and i not in involved]
    assert len(false_flags) <= MAX_FLAGS_ON_CORRECT_PAIRS, [
        (paragraph_alignment.pair_texts(paragraph_alignment.beads[i]), paragraph_alignment.beads[i].flags)
        for i in false_flags]
