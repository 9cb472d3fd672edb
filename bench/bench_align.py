"""Alignment quality and speed on the gold sets in ../shared/data/align (never part of the tests).

For each set: strict and lax P/R/F1 (Vecalign score.py semantics), embedding
time and search time, and how well bead scores are calibrated: ECE (expected
calibration error over 10 score bins) and Brier score of the paired beads'
scores against "this bead is in the gold". The sample report's hand-checked
gold (tests/data) is scored as a fourth set. Sets whose source language is English (nonlit aca, mag)
are aligned zh-first and the beads flipped back to the gold's src:tgt order.

    python bench/bench_align.py [--data DIR] [--encoder use] [--cache DIR] [--max-align 5] [--errors]

``--errors`` also prints, per set, how the aligner treats each gold bead type it gets wrong: merged
(one larger bead holds it), split (only smaller beads, inside it) or shifted (beads crossing its edges).
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from pathlib import Path

import numpy as np

from parallel_corpus.align import align_sentences
from parallel_corpus.encoders import get_encoder
from parallel_corpus.evaluate import score_alignments
from parallel_corpus.formats.align import read_align_file

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "align"

# (set, subfolder, document ids, gold suffix, is the src side English?)
SETS = [
    ("MAC-Dev", "mac-dev", [f"{k:03d}" for k in range(1, 7)], ".align", False),
    ("nonlit zh-en", "nonlit-zh-en", ["aca/001", "pol/002", "mag/003"], ".align", None),
    ("Text+Berg de-fr", "textberg-de-fr", [f"{k:03d}" for k in range(1, 8)], "", False),
    ("sample gold", "sample", ["guangdong"], "", False),
]
ENGLISH_SOURCE = {"aca", "mag"}
SAMPLE_GOLD = Path(__file__).resolve().parents[1] / "tests" / "data"


class TimedEncoder:
    """Passes calls through to an encoder and adds up the time they take."""

    def __init__(self, encoder):
        self.encoder, self.name, self.dim, self.seconds = encoder, encoder.name, encoder.dim, 0.0

    def encode(self, texts):
        start = time.perf_counter()
        out = self.encoder.encode(texts)
        self.seconds += time.perf_counter() - start
        return out


def lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def calibration(scored: list[tuple[float, bool]], bins: int = 10) -> tuple[float, float]:
    """(ECE, Brier) of bead scores against whether each bead is right."""
    scores = np.array([s for s, _ in scored])
    right = np.array([r for _, r in scored], dtype=float)
    which = np.minimum((scores * bins).astype(int), bins - 1)
    ece = sum(abs(scores[which == k].mean() - right[which == k].mean()) * (which == k).sum()
              for k in range(bins) if (which == k).any()) / len(scores)
    return float(ece), float(((scores - right) ** 2).mean())


def bead_errors(gold: list[tuple], test: list[tuple]) -> collections.Counter:
    """(gold type "a-b", what the test made of it: "ok", "merged", "split" or "shifted") counts."""
    found = set(test)
    owner = {}
    for bead in test:
        owner.update({("zh", k): bead for k in bead[0]} | {("en", k): bead for k in bead[1]})
    out: collections.Counter = collections.Counter()
    for zh, en in gold:
        kind = f"{len(zh)}-{len(en)}"
        touching = {owner[("zh", k)] for k in zh} | {owner[("en", k)] for k in en}
        if (zh, en) in found:
            out[(kind, "ok")] += 1
        elif len(touching) == 1:
            out[(kind, "merged")] += 1
        elif all(set(t[0]) <= set(zh) and set(t[1]) <= set(en) for t in touching):
            out[(kind, "split")] += 1
        else:
            out[(kind, "shifted")] += 1
    return out


def print_errors(errors: collections.Counter) -> None:
    totals = collections.Counter()
    for (kind, _), count in errors.items():
        totals[kind] += count
    for kind, total in totals.most_common():
        wrong = {how: errors[(kind, how)] for how in ("merged", "split", "shifted") if errors[(kind, how)]}
        if wrong:
            print(f"    gold {kind:<4} {total - sum(wrong.values()):5d}/{total:<5d} right; wrong: "
                  + ", ".join(f"{how} {count}" for how, count in wrong.items()))
    print("    all wrong: " + ", ".join(f"{how} {sum(c for (_, h), c in errors.items() if h == how)}"
                                    for how in ("merged", "split", "shifted")))


def run_set(root: Path, folder: str, docs: list[str], gold_suffix: str, encoder: TimedEncoder,
            max_align: int):
    gold, test, scored = [], [], []
    errors: collections.Counter = collections.Counter()
    total = 0.0
    for doc in docs:
        sub, _, stem = doc.rpartition("/")
        if folder == "sample":
            src, tgt = (lines(SAMPLE_GOLD / f"guangdong-ipr-2021.gold.{lang}.txt") for lang in ("zh", "en"))
            gold_path = SAMPLE_GOLD / "guangdong-ipr-2021.gold.align"
        else:
            base = root / folder / sub if sub else root / folder
            src, tgt = lines(base / "src" / stem), lines(base / "tgt" / stem)
            gold_path = base / "gold" / f"{stem}{gold_suffix}"
        flip = sub in ENGLISH_SOURCE
        zh, en = (tgt, src) if flip else (src, tgt)
        start = time.perf_counter()
        beads = align_sentences(zh, en, encoder, max_align=max_align)
        total += time.perf_counter() - start
        pairs = [(b.en, b.zh) if flip else (b.zh, b.en) for b in beads]
        test.append(pairs)
        gold.append(read_align_file(gold_path, lenient=True))  # Text+Berg gold has crossings
        gold_set = {(tuple(z), tuple(e)) for z, e in gold[-1]}
        errors += bead_errors([(tuple(z), tuple(e)) for z, e in gold[-1]], pairs)
        scored += [(b.score, pair in gold_set) for b, pair in zip(beads, pairs) if not b.is_null]
    return score_alignments(gold, test), total, calibration(scored), errors


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--encoder", default="use")
    parser.add_argument("--cache", help="embedding cache folder (times then exclude re-embedding)")
    parser.add_argument("--max-align", type=int, default=5)
    parser.add_argument("--sets", nargs="*", help="only these set folders")
    parser.add_argument("--errors", action="store_true", help="print what becomes of each gold bead type")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no gold data at {args.data}; nothing to benchmark", file=sys.stderr)
        return 0
    blas = ", ".join(f"{k}={os.environ[k]}" if k in os.environ else f"{k} unset"
                     for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"))
    print(f"encoder={args.encoder} max_align={args.max_align} cache={args.cache or 'none'} "
          f"cpus={os.cpu_count()} load={os.getloadavg()[0]:.1f} ({blas})")
    print(f"{'set':<17} {'P':>6} {'R':>6} {'F1':>6} | {'laxP':>6} {'laxR':>6} {'laxF1':>6} | "
          f"{'embed s':>7} {'align s':>7} | {'ECE':>5} {'Brier':>5}")
    for label, folder, docs, suffix, _ in SETS:
        if args.sets and folder not in args.sets:
            continue
        if folder != "sample" and not (args.data / folder).is_dir():
            print(f"{label:<17} (absent, skipped)")
            continue
        encoder = TimedEncoder(get_encoder(args.encoder, cache_dir=args.cache))
        scores, total, (ece, brier), errors = run_set(args.data, folder, docs, suffix, encoder, args.max_align)
        print(f"{label:<17} {scores.precision_strict:6.3f} {scores.recall_strict:6.3f} {scores.f1_strict:6.3f} | "
              f"{scores.precision_lax:6.3f} {scores.recall_lax:6.3f} {scores.f1_lax:6.3f} | "
              f"{encoder.seconds:7.1f} {total - encoder.seconds:7.1f} | {ece:5.3f} {brier:5.3f}", flush=True)
        if args.errors:
            print_errors(errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
