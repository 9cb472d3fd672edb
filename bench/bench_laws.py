"""Structural consistency on the Taiwan IP laws in ../shared/data/ip-laws (never part of the tests).

Each law (Traditional Chinese + official English, one structural unit a line)
is read and segmented as `align` does, aligned with ``align_document``, and
scored with the data's own structural scorer (``../shared/tools/score_structural.py``):
*consistent* = share of paired beads inside one reference bead, *recovered* =
share of reference beads recovered without a crossing. Also prints the mean
score of the paired beads (official translations: nearly every bead is right,
so a calibrated score should come close to the consistent share) and the time
of the alignment (embedding included) per law.

    python bench/bench_laws.py [--data DIR] [--cache DIR] [--laws STEM ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from parallel_corpus.align import align_document
from parallel_corpus.document import read_document
from parallel_corpus.encoders import get_encoder
from parallel_corpus.formats.align import format_align
from parallel_corpus.segment import segment_document

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ip-laws"


def scorer_of(data: Path) -> Path:
    """The structural scorer shipped beside the data (shared/tools)."""
    return data.resolve().parents[1] / "tools" / "score_structural.py"


def score_law(data: Path, stem: str, encoder, workdir: Path) -> tuple[float, float, int, float, float]:
    """(consistent, recovered, beads, align seconds, mean paired score) of one law."""
    zh_path, en_path = data / f"{stem}.zh.txt", data / f"{stem}.en.txt"
    doc = segment_document(read_document([zh_path, en_path], name=stem))
    start = time.perf_counter()
    alignment = align_document(doc, encoder)
    seconds = time.perf_counter() - start
    zh_out, en_out, align_out = (workdir / f"{stem}{s}" for s in (".zh.txt", ".en.txt", ".align"))
    zh_out.write_text("".join(t + "\n" for t in doc.texts("zh")), encoding="utf-8")
    en_out.write_text("".join(t + "\n" for t in doc.texts("en")), encoding="utf-8")
    align_out.write_text(format_align(alignment.beads), encoding="utf-8")
    result = subprocess.run([sys.executable, str(scorer_of(data)), str(zh_path), str(en_path),
                             str(data / f"{stem}.structure.align"), str(zh_out), str(en_out), str(align_out)],
                            capture_output=True, text=True, check=True)
    fields = dict(part.split("=") for part in result.stdout.strip().splitlines()[-1].split())
    mean_score = float(np.mean([b.score for b in alignment.beads if not b.is_null]))
    return float(fields["consistent"]), float(fields["recovered"]), len(alignment.beads), seconds, mean_score


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--encoder", default="use")
    parser.add_argument("--cache", help="embedding cache folder")
    parser.add_argument("--laws", nargs="*", help="only these file stems")
    args = parser.parse_args(argv)
    if not args.data.is_dir() or not scorer_of(args.data).is_file():
        print(f"no laws or no scorer at {args.data}; nothing to benchmark", file=sys.stderr)
        return 0
    stems = args.laws or sorted(p.name[: -len(".structure.align")] for p in args.data.glob("*.structure.align"))
    encoder = get_encoder(args.encoder, cache_dir=args.cache)
    print(f"encoder={args.encoder} cache={args.cache or 'none'} load={os.getloadavg()[0]:.1f}")
    print(f"{'law':<42} {'consistent':>10} {'recovered':>9} {'beads':>6} {'align s':>7} {'score':>6}")
    totals = [0.0, 0.0, 0, 0.0, 0.0]
    with tempfile.TemporaryDirectory() as tmp:
        for stem in stems:
            row = score_law(args.data, stem, encoder, Path(tmp))
            consistent, recovered, beads, seconds, score = row
            print(f"{stem:<42} {consistent:10.4f} {recovered:9.4f} {beads:6d} {seconds:7.1f} {score:6.3f}", flush=True)
            totals = [t + x for t, x in zip(totals, row)]
    k = len(stems)
    print(f"{'mean':<42} {totals[0] / k:10.4f} {totals[1] / k:9.4f} {totals[2]:6d} {totals[3]:7.1f} {totals[4] / k:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
