"""Wall time of `parallel-corpus segment` on the sample report, process start to files written.

Run: /work/venv/bin/python bench/bench_segment.py [--runs N]
Target: well under 2 s per run including interpreter start-up (issue 2).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"


def _command() -> list[str]:
    """The installed console script beside this interpreter, else `python -m parallel_corpus`."""
    script = Path(sys.executable).with_name("parallel-corpus")
    if script.exists():
        return [str(script)]
    found = shutil.which("parallel-corpus")
    return [found] if found else [sys.executable, "-m", "parallel_corpus"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    command = _command()
    times = []
    with tempfile.TemporaryDirectory() as outdir:
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([*command, "segment", str(SAMPLE), "-o", outdir, "--quiet"], check=True)
            times.append(time.perf_counter() - start)
        lines = [sum(1 for _ in (Path(outdir) / f"guangdong-ipr-2021.{lang}.txt").open(encoding="utf-8"))
                 for lang in ("zh", "en")]
    print(f"segment {SAMPLE.name}: {lines[0]} zh + {lines[1]} en sentences; "
          f"median {statistics.median(times):.3f} s, min {min(times):.3f} s, max {max(times):.3f} s "
          f"over {args.runs} runs ({' '.join(command)})")


if __name__ == "__main__":
    main()
