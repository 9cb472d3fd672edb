"""How the USE encoder uses the cores: threaded BLAS against runs of micro-batches side by side.

Encodes the sentences of MAC-Dev (../shared/data/align), of the five laws
(../shared/data/ip-laws, read and segmented as `align` does) and of the sample
report, alternating three ways of using two cores in one process, so that all
three see the same load:

- ``blas2``: one call, BLAS on two threads (what the encoder did before);
- ``blas1``: one call, BLAS on one thread;
- ``runs``: the encoder's default, two runs of whole micro-batches on two threads,
  BLAS on one thread each.

Prints each time, the median per way, and whether the vectors are byte-identical.

    python bench/bench_use_threads.py [--rounds 3] [--sets mac laws sample]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

from parallel_corpus.document import read_document
from parallel_corpus.encoders import USEEncoder
from parallel_corpus.segment import segment_document

HERE = Path(__file__).resolve().parents[1]
SHARED = HERE.parents[1] / "shared" / "data"


def lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def texts_of(which: str) -> list[str]:
    """The sentences `align` embeds for one set (both languages)."""
    if which == "mac":
        root = SHARED / "align" / "mac-dev"
        return [t for src in sorted((root / "src").glob("[0-9][0-9][0-9]"))
                for t in lines(src) + lines(root / "tgt" / src.name)]
    if which == "laws":
        docs = [segment_document(read_document([zh, zh.with_name(zh.name.replace(".zh.", ".en."))]))
                for zh in sorted((SHARED / "ip-laws").glob("*.zh.txt"))]
    else:
        docs = [segment_document(read_document([HERE / "corpus" / "guangdong-ipr-2021.zh-en.txt"]))]
    return [t for doc in docs for t in (*doc.views("zh"), *doc.views("en"))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sets", nargs="*", default=["mac", "laws", "sample"])
    args = parser.parse_args(argv)
    blas = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    print(f"BLAS variables: {blas}; cpus {os.cpu_count()}")
    before = USEEncoder(threads=1)
    before._load().threads = 2  # the model's own BLAS limit, as the encoder set it before
    ways = {"blas2": before, "blas1": USEEncoder(threads=1), "runs": USEEncoder(threads=2)}
    for encoder in ways.values():
        encoder.encode(["warm up"])
    for which in args.sets:
        texts = texts_of(which)
        times: dict[str, list[float]] = {way: [] for way in ways}
        vectors = {}
        for round_ in range(args.rounds):
            for way, encoder in (list(ways.items()) if round_ % 2 == 0 else list(ways.items())[::-1]):
                start = time.perf_counter()
                vectors[way] = encoder.encode(texts)
                times[way].append(time.perf_counter() - start)
                print(f"{which:6} {way:5} {times[way][-1]:6.2f}s load {os.getloadavg()[0]:.1f}", flush=True)
        same = all(np.array_equal(vectors["blas2"], v) for v in vectors.values())
        medians = {way: float(np.median(t)) for way, t in times.items()}
        print(f"{which:6} {len(texts)} texts; median " + " ".join(f"{w} {s:.2f}s" for w, s in medians.items())
              + f"; runs/blas2 {medians['runs'] / medians['blas2']:.2f}; vectors identical: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
