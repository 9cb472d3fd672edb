"""Wall time of whole `align` runs, one process per document, as a user runs them.

Each document of MAC-Dev (presplit), the five laws of ../shared/data/ip-laws and the
sample report is aligned by `python -m parallel_corpus align` in a fresh process
(imports, model load, QA and export included). With ``--before SRC`` (the ``src``
folder of another version, e.g. from ``git archive``) every document is also run
with that version, alternating, so both see the same load; the script prints the
ratio of the totals and checks that the ``.align`` files are byte-identical.

    python bench/bench_align_runs.py [--before /tmp/base/src] [--rounds 1]
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
SHARED = HERE.parents[1] / "shared" / "data"


def documents(align_data: Path, laws: Path) -> list[tuple[str, list[str]]]:
    """(set, align arguments) of every document found."""
    docs = []
    mac = align_data / "mac-dev"
    for src in sorted((mac / "src").glob("[0-9][0-9][0-9]")) if mac.is_dir() else []:
        docs.append(("MAC-Dev", [str(src), str(mac / "tgt" / src.name), "--presplit", "--name", src.name]))
    for zh in sorted(laws.glob("*.zh.txt")) if laws.is_dir() else []:
        docs.append(("laws", [str(zh), str(zh.with_name(zh.name.replace(".zh.", ".en.")))]))
    docs.append(("sample", [str(HERE / "corpus" / "guangdong-ipr-2021.zh-en.txt")]))
    return docs


def run(src: Path, args: list[str], outdir: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(src))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "parallel_corpus", "align", *args, "-o", str(outdir), "--quiet"],
                   env=env, check=True)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--align-data", type=Path, default=SHARED / "align")
    parser.add_argument("--laws", type=Path, default=SHARED / "ip-laws")
    parser.add_argument("--before", type=Path, help="src folder of the version to compare with")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    versions = {"after": HERE / "src"} | ({"before": args.before} if args.before else {})
    blas = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    print(f"BLAS variables: {blas}; load at start {os.getloadavg()[0]:.1f}")
    totals = {(s, v): 0.0 for s, _ in documents(args.align_data, args.laws) for v in versions}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(args.rounds):
            for k, (set_name, doc_args) in enumerate(documents(args.align_data, args.laws)):
                order = list(versions) if (k + round_) % 2 == 0 else list(versions)[::-1]
                times = {}
                for version in order:
                    out = Path(tmp) / version / str(k)
                    times[version] = run(versions[version], doc_args, out)
                    totals[set_name, version] += times[version]
                same = ""
                if len(versions) == 2:
                    pair = [next((Path(tmp) / v / str(k)).glob("*.align")) for v in versions]
                    same = " .align identical" if filecmp.cmp(*pair, shallow=False) else " .align DIFFERS"
                print(f"{set_name:8} {Path(doc_args[0]).name:42} "
                      + " ".join(f"{v} {t:6.2f}s" for v, t in times.items())
                      + f" load {os.getloadavg()[0]:.1f}{same}", flush=True)
    for set_name in dict.fromkeys(s for s, _ in totals):
        row = {v: totals[set_name, v] for v in versions}
        ratio = f" after/before {row['after'] / row['before']:.2f}" if "before" in row else ""
        print(f"total {set_name:8} " + " ".join(f"{v} {t:6.1f}s" for v, t in row.items()) + ratio)
    return 0


if __name__ == "__main__":
    sys.exit(main())
