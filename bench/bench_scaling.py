"""Search time and peak memory against document length, on synthetic embeddings.

Each size runs in a fresh process (so peak RSS is that size's own): n Chinese
and 1.2 n English sentence vectors with a known bead structure (1-1, 1-2, 2-1,
some unpaired), dimension 512 like USE. Only the search is timed
(:func:`align_vectors`), not embedding. Writes bench/scaling.png and prints a table.

    python bench/bench_scaling.py [--sizes 1000 2000 5000 10000 20000 50000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def synthetic(n: int, dim: int = 512, seed: int = 0):
    """zh vectors, en vectors (about 1.2 n) and byte lengths with a known monotone bead structure."""
    rng = np.random.default_rng(seed)
    zh = rng.standard_normal((n, dim)).astype(np.float32)
    zh_len = rng.integers(30, 300, n).astype(np.float64)
    en, en_len = [], []
    i = 0
    while i < n:
        kind = rng.random()
        if kind < 0.2:          # one zh sentence, two en sentences
            for part in (0.6, 0.4):
                en.append(zh[i] + rng.standard_normal(dim) * 1.2)
                en_len.append(zh_len[i] * part / 1.1)
            i += 1
        elif kind < 0.25 and i + 1 < n:  # two zh sentences, one en sentence
            en.append(zh[i] + zh[i + 1] + rng.standard_normal(dim) * 1.2)
            en_len.append((zh_len[i] + zh_len[i + 1]) / 1.1)
            i += 2
        else:
            en.append(zh[i] + rng.standard_normal(dim) * 0.8)
            en_len.append(zh_len[i] / 1.1)
            i += 1
        if rng.random() < 0.01:  # an English sentence without counterpart
            en.append(rng.standard_normal(dim))
            en_len.append(float(rng.integers(30, 300)))
    unit = lambda v: (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)  # noqa: E731
    return unit(zh), unit(np.array(en, dtype=np.float32)), zh_len, np.array(en_len)


def one_size(n: int) -> dict:
    from parallel_corpus.align import SideFacts, align_vectors

    zh, en, zh_len, en_len = synthetic(n)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    beads = align_vectors(SideFacts(zh, zh_len), SideFacts(en, en_len))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"zh": len(zh), "en": len(en), "seconds": seconds, "peak_mb": peak / 1024,
            "search_mb": (peak - base) / 1024, "beads": len(beads)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000, 10000, 20000, 50000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--plot", type=Path, default=HERE / "scaling.png")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_size(args.one)))
        return 0
    print(f"cpus={os.cpu_count()} load={os.getloadavg()[0]:.1f}")
    print(f"{'zh':>7} {'en':>7} {'search s':>9} {'peak RSS MB':>12} {'beads':>7}")
    rows = []
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True,
                             check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{row['zh']:>7} {row['en']:>7} {row['seconds']:>9.1f} {row['peak_mb']:>12.0f} {row['beads']:>7}",
              flush=True)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5))
    sizes = [r["zh"] + r["en"] for r in rows]
    left.plot(sizes, [r["seconds"] for r in rows], "o-")
    left.set(xlabel="sentences (zh + en)", ylabel="search time (s)", title="time")
    right.plot(sizes, [r["peak_mb"] for r in rows], "o-", color="tab:red")
    right.set(xlabel="sentences (zh + en)", ylabel="peak RSS (MB)", title="memory (whole process)")
    fig.suptitle(f"align_vectors on synthetic 512-d embeddings (2 cores, load {os.getloadavg()[0]:.1f})")
    fig.tight_layout()
    fig.savefig(args.plot, dpi=100)
    print(f"plot: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
