"""QA pass on the sample report: reviewer's errors caught, flags on correct pairs, time.

    /work/venv/bin/python bench/bench_qa.py [--paragraphs | --gold | --length]

Default: the real pipeline (read_document -> segment_document -> align_document
-> check_alignment). --paragraphs: the paragraphs paired one to one by hand.
--gold: the flag rate on the gold beads of ../shared/data/align/nonlit-zh-en
(published translations, mostly correct: every flag there is a candidate false alarm).
--length: how often the length check catches a wrong bead injected into the gold
beads (zh sentence k paired with en k and k+1, zh k+1 left unpaired), per threshold.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections import Counter
from pathlib import Path

from parallel_corpus.document import read_document
from parallel_corpus.qa import check_alignment, compare_with_review, flag_summary
from parallel_corpus.types import Alignment, Bead, SegmentedDocument, Sentence

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"
REVIEW = ROOT / "tests" / "data" / "guangdong-ipr-2021.qa-expected.tsv"
NONLIT = ROOT.parent / "shared" / "data" / "align" / "nonlit-zh-en"
NONLIT_SETS = {"aca": ("001", "en"), "pol": ("002", "zh"), "mag": ("003", "en")}  # file, source language


def paragraph_alignment() -> Alignment:
    document = read_document([REPORT])
    segmented = SegmentedDocument(
        document.name,
        tuple(Sentence(p.text, i, p.kind) for i, p in enumerate(document.zh)),
        tuple(Sentence(p.text, i, p.kind) for i, p in enumerate(document.en)))
    return Alignment(segmented, tuple(Bead((i,), (i,)) for i in range(len(document.zh))))


def pipeline_alignment() -> Alignment:
    from parallel_corpus.align import align_document
    from parallel_corpus.segment import segment_document

    return align_document(segment_document(read_document([REPORT])))


def gold_sets():
    """(name, document, gold beads) for each non-literary set, zh side first."""
    from parallel_corpus.evaluate import read_align_file

    for name, (number, source) in NONLIT_SETS.items():
        src = (NONLIT / name / "src" / number).read_text(encoding="utf-8").splitlines()
        tgt = (NONLIT / name / "tgt" / number).read_text(encoding="utf-8").splitlines()
        gold = read_align_file(NONLIT / name / "gold" / f"{number}.align")
        zh, en = (src, tgt) if source == "zh" else (tgt, src)
        pairs = [(tuple(s), tuple(t)) if source == "zh" else (tuple(t), tuple(s)) for s, t in gold]
        yield name, SegmentedDocument(name, tuple(Sentence(x) for x in zh), tuple(Sentence(x) for x in en)), pairs


def gold_flag_rates() -> None:
    for name, document, pairs in gold_sets():
        start = time.perf_counter()
        checked = check_alignment(Alignment(document, tuple(Bead(z, e) for z, e in pairs)))
        seconds = time.perf_counter() - start
        beads = [b for b in checked.beads if not b.is_null]
        codes = Counter(f.code for b in beads for f in b.flags)
        flagged = sum(1 for b in beads if b.flags)
        print(f"{name}: {flagged} of {len(beads)} gold pairs flagged ({100 * flagged / len(beads):.1f} %) "
              f"{dict(codes)}; check_alignment {seconds:.2f} s")


def length_detection(trials: int = 60) -> None:
    from parallel_corpus.qa import _length_outliers

    for name, document, pairs in gold_sets():
        rng = random.Random(0)
        found = {threshold: 0 for threshold in (3.0, 4.0, 5.0)}
        injected = 0
        for _ in range(trials):
            k = rng.randrange(len(pairs) - 1)
            if not (pairs[k][0] and pairs[k][1] and pairs[k + 1][1]):
                continue
            beads = ([Bead(z, e) for z, e in pairs[:k]]
                     + [Bead(pairs[k][0], pairs[k][1] + pairs[k + 1][1]), Bead(pairs[k + 1][0], ())]
                     + [Bead(z, e) for z, e in pairs[k + 2:]])
            alignment = Alignment(document, tuple(beads))
            injected += 1
            for threshold in found:
                found[threshold] += k in _length_outliers(alignment, threshold)
        print(f"{name}: wrong beads caught by the length check, of {injected}: "
              + ", ".join(f"threshold {t:g}: {n}" for t, n in found.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", action="store_true", help="hand-paired paragraphs instead of the aligner")
    parser.add_argument("--gold", action="store_true", help="flag rate on the non-literary gold beads")
    parser.add_argument("--length", action="store_true", help="length check against injected wrong beads")
    args = parser.parse_args()
    if args.gold:
        gold_flag_rates()
        return
    if args.length:
        length_detection()
        return
    start = time.perf_counter()
    alignment = paragraph_alignment() if args.paragraphs else pipeline_alignment()
    aligned = time.perf_counter()
    checked = check_alignment(alignment)
    checked_at = time.perf_counter()
    with open(REVIEW, encoding="utf-8", newline="") as fh:
        errors = [(row["zh"], row["en"]) for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    review = compare_with_review(checked, errors)
    print(f"{'paragraph pairs' if args.paragraphs else 'pipeline'}: {len(checked.beads)} beads, "
          f"{flag_summary(checked)}; reviewer's errors caught {len(review.caught)} of {len(errors)}; "
          f"flags on correct pairs {len(review.flagged_correct)}; "
          f"read+align {aligned - start:.1f} s, check_alignment {checked_at - aligned:.2f} s")
    for index in review.flagged_correct:
        bead = checked.beads[index]
        zh, en = checked.pair_texts(bead)
        print(f"  bead {index} {[f'{f.code}: {f.message}' for f in bead.flags]}\n    {zh[:80]}\n    {en[:120]}")


if __name__ == "__main__":
    main()
