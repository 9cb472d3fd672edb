"""`merge` on large invented memories: wall time and peak memory.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /work/venv/bin/python bench/bench_merge.py [--units N]

Writes two TMX files of N units each (the second half of the first file repeats in the
second, with other scores), merges them with the CLI in a child process and reports
the child's wall time and peak resident memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="bench" '
          'creationtoolversion="1" segtype="sentence" o-tmf="bench" adminlang="en" srclang="zh-CN" '
          'datatype="plaintext"/><body>\n')


def write_memory(path: Path, units: int, first: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for number in range(first, first + units):
            handle.write(f'<tu><prop type="x-score">{rng.random():.3f}</prop>'
                         f'<tuv xml:lang="zh-CN"><seg>知识产权保护第{number}条，广东省全面加强知识产权保护工作。</seg></tuv>'
                         f'<tuv xml:lang="en-US"><seg>Article {number}: Guangdong comprehensively strengthened '
                         f'IPR protection.</seg></tuv></tu>\n')
        handle.write("</body></tmx>\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=200_000, help="units per input file")
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        a, b, out = Path(folder, "a.tmx"), Path(folder, "b.tmx"), Path(folder, "merged.tmx")
        write_memory(a, args.units, 0, rng)
        write_memory(b, args.units, args.units // 2, rng)
        size = (a.stat().st_size + b.stat().st_size) / 2**20
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "parallel_corpus", "merge", str(a), str(b), "-o", str(out),
                        "--quiet"], check=True)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"merge of 2 x {args.units} units ({size:.0f} MB): {seconds:.1f} s wall, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
