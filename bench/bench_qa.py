"""QA pass on the sample report: reviewer's errors caught, flags on correct pairs, time.

    /work/venv/bin/python bench/bench_qa.py [--paragraphs | --gold | --length | --laws] [--glossary FILE]

Default: the real pipeline (read_document -> segment_document -> align_document
-> check_alignment). --paragraphs: the paragraphs paired one to one by hand.
--glossary FILE: check terms too (``term``), as ``align --glossary`` does.
--gold: the flag rate per code on the gold beads of ../shared/data/align/nonlit-zh-en
and mac-dev (published translations, mostly correct: every flag there is a candidate
false alarm).
--length: how often the length check catches a wrong bead injected into the gold
beads (zh sentence k paired with en k and k+1, zh k+1 left unpaired), per threshold.
--laws: ``align`` on each law of ../shared/data/ip-laws (zh and en as two files), the
share of beads flagged per code; official translations, so nearly every flag is false.
Flags on beads that cross the law's structural reference (a pair the aligner got
wrong, such as a caption merged into a paragraph) are counted apart.
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
# ../shared beside the checkout (or beside a folder of worktrees above it).
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "data").is_dir()), ROOT.parent / "shared")
NONLIT = SHARED / "data" / "align" / "nonlit-zh-en"
MAC_DEV = SHARED / "data" / "align" / "mac-dev"
LAWS = SHARED / "data" / "ip-laws"
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
    from parallel_corpus.formats.align import read_align_file

    for name, (number, source) in NONLIT_SETS.items():
        src = (NONLIT / name / "src" / number).read_text(encoding="utf-8").splitlines()
        tgt = (NONLIT / name / "tgt" / number).read_text(encoding="utf-8").splitlines()
        gold = read_align_file(NONLIT / name / "gold" / f"{number}.align")
        zh, en = (src, tgt) if source == "zh" else (tgt, src)
        pairs = [(tuple(s), tuple(t)) if source == "zh" else (tuple(t), tuple(s)) for s, t in gold]
        yield name, SegmentedDocument(name, tuple(Sentence(x) for x in zh), tuple(Sentence(x) for x in en)), pairs


def mac_dev_sets():
    """(name, document, gold beads) for each MAC-Dev document (zh source, en target)."""
    from parallel_corpus.formats.align import read_align_file

    for gold in sorted((MAC_DEV / "gold").glob("*.align")):
        zh = (MAC_DEV / "src" / gold.stem).read_text(encoding="utf-8").splitlines()
        en = (MAC_DEV / "tgt" / gold.stem).read_text(encoding="utf-8").splitlines()
        pairs = [(tuple(z), tuple(e)) for z, e in read_align_file(gold)]
        yield (f"mac-dev/{gold.stem}", SegmentedDocument(gold.stem, tuple(Sentence(x) for x in zh),
                                                          tuple(Sentence(x) for x in en)), pairs)


def gold_flag_rates() -> None:
    total, total_flagged, total_codes = 0, 0, Counter()
    for name, document, pairs in [*gold_sets(), *mac_dev_sets()]:
        start = time.perf_counter()
        checked = check_alignment(Alignment(document, tuple(Bead(z, e) for z, e in pairs)))
        seconds = time.perf_counter() - start
        beads = [b for b in checked.beads if not b.is_null]
        codes = Counter(f.code for b in beads for f in b.flags)
        flagged = sum(1 for b in beads if b.flags)
        total, total_flagged, total_codes = total + len(beads), total_flagged + flagged, total_codes + codes
        print(f"{name}: {flagged} of {len(beads)} gold pairs flagged ({100 * flagged / len(beads):.1f} %) "
              f"{dict(codes)}; check_alignment {seconds:.2f} s")
    print(f"all gold sets: {total_flagged} of {total} pairs flagged ({100 * total_flagged / total:.1f} %) "
          f"{dict(total_codes)}")


def _structure_keys(name: str, alignment: Alignment) -> list[bool]:
    """For each bead, whether it lies inside one bead of the law's structural reference."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("score_structural", SHARED / "tools" / "score_structural.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    lines = {lang: [line.rstrip("\n") for line in open(LAWS / f"{name}.{lang}.txt", encoding="utf-8") if line.strip()]
             for lang in ("zh", "en")}
    zh_map = scorer.locate(lines["zh"], alignment.document.texts("zh"), "zh")
    en_map = scorer.locate(lines["en"], alignment.document.texts("en"), "en")
    zh_ref, en_ref = {}, {}
    for k, (zh, en) in enumerate(scorer.beads(LAWS / f"{name}.structure.align")):
        zh_ref.update((i, k) for i in zh)
        en_ref.update((j, k) for j in en)
    return [len({zh_ref.get(line, -1) for i in bead.zh for line in zh_map[i]}
                | {en_ref.get(line, -2) for j in bead.en for line in en_map[j]}) == 1
            for bead in alignment.beads]


def law_flag_rates(glossary: str | None = None) -> None:
    from parallel_corpus.encoders import get_encoder
    from parallel_corpus.pipeline import AlignOptions, align_job

    encoder = get_encoder("use")
    total, total_flagged, total_codes, crossing_flagged, crossing = 0, 0, Counter(), 0, 0
    for zh_file in sorted(LAWS.glob("*.zh.txt")):
        name = zh_file.name[:-len(".zh.txt")]
        start = time.perf_counter()
        result = align_job([zh_file, LAWS / f"{name}.en.txt"], "/nonexistent", name,
                           AlignOptions(glossary=glossary) if glossary else AlignOptions(), encoder=encoder)
        seconds = time.perf_counter() - start
        beads = result.alignment.beads
        inside = _structure_keys(name, result.alignment)
        codes = Counter(f.code for b in beads for f in b.flags)
        flagged = sum(1 for b in beads if b.flags)
        wrong = [b for b, ok in zip(beads, inside) if not ok and not b.is_null]
        total, total_flagged, total_codes = total + len(beads), total_flagged + flagged, total_codes + codes
        crossing, crossing_flagged = crossing + len(wrong), crossing_flagged + sum(1 for b in wrong if b.flags)
        print(f"{name}: {flagged} of {len(beads)} beads flagged ({100 * flagged / len(beads):.1f} %) {dict(codes)}; "
              f"{sum(1 for b in wrong if b.flags)} of them on the {len(wrong)} beads crossing the reference; "
              f"align {seconds:.1f} s")
    print(f"all laws: {total_flagged} of {total} beads flagged ({100 * total_flagged / total:.1f} %) "
          f"{dict(total_codes)}; {crossing_flagged} of the {crossing} beads crossing the reference flagged")


def length_detection(trials: int = 60) -> None:
    from parallel_corpus.qa import _length_outliers

    for name, document, pairs in [*gold_sets(), *mac_dev_sets()]:
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
    parser.add_argument("--laws", action="store_true", help="flag rates of align on the Taiwan IP laws")
    parser.add_argument("--glossary", metavar="FILE", help="also check the terms of FILE (flag 'term')")
    args = parser.parse_args()
    if args.gold:
        gold_flag_rates()
        return
    if args.length:
        length_detection()
        return
    if args.laws:
        law_flag_rates(args.glossary)
        return
    start = time.perf_counter()
    alignment = paragraph_alignment() if args.paragraphs else pipeline_alignment()
    aligned = time.perf_counter()
    glossary = None
    if args.glossary:
        from parallel_corpus.glossary.known import read_known

        glossary = read_known(args.glossary)
    checked = check_alignment(alignment, glossary=glossary) if glossary else check_alignment(alignment)
    checked_at = time.perf_counter()
    with open(REVIEW, encoding="utf-8", newline="") as fh:
        errors = [(row["zh"], row["en"]) for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    review = compare_with_review(checked, errors)
    print(f"{'paragraph pairs' if args.paragraphs else 'pipeline'}: {len(checked.beads)} beads, "
          f"{flag_summary(checked)}; reviewer's errors caught {len(review.caught)} of {len(errors)}; "
          f"flags on correct pairs {len(review.flagged_correct)}; "
          f"read+align {aligned - start:.1f} s, check_alignment {checked_at - aligned:.2f} s; "
          f"flags per code {dict(Counter(f.code for b in checked.beads for f in b.flags))}")
    for index in review.flagged_correct:
        bead = checked.beads[index]
        zh, en = checked.pair_texts(bead)
        print(f"  bead {index} {[f'{f.code}: {f.message}' for f in bead.flags]}\n    {zh[:80]}\n    {en[:120]}")


if __name__ == "__main__":
    main()
