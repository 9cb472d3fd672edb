"""Benchmark `parallel-corpus batch`: documents/s and peak memory per engine and worker count.

Documents are resampled from the sample report (runs of 1-3 consecutive
paragraph pairs, so sizes vary like a real archive of short reports). Each run is
the real CLI in a subprocess; memory is sampled from its whole process tree
(driver, pool or Dask nanny and worker processes) every 0.1 s.

    python bench/bench_batch.py                      # 200 documents, local and dask, 1 and 2 workers
    python bench/bench_batch.py --documents 50 --engines local --workers 2

Prints a Markdown table: wall time, documents/s over the whole run (start-up
included) and in steady state (between the first and the last finished
document), speed-up over 1 worker, peak RSS of the tree, of the driver and of
the largest worker. Then checks that memory stays flat as the manifest grows
(the same small documents, a manifest 4x longer).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from parallel_corpus.document import read_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"


def make_archive(folder: Path, documents: int, seed: int, max_paragraphs: int = 3) -> Path:
    """Write ``documents`` zh/en file pairs cut from the sample report, and their manifest."""
    report = read_document([str(SAMPLE)])
    pairs = min(len(report.zh), len(report.en))
    rng = random.Random(seed)
    rows = ["name\tzh\ten\n"]
    for number in range(documents):
        size = rng.randint(1, max_paragraphs)
        start = rng.randrange(0, pairs - size)
        name = f"doc{number:05d}"
        for lang, paragraphs in (("zh", report.zh), ("en", report.en)):
            text = "\n\n".join(p.text for p in paragraphs[start:start + size]) + "\n"
            (folder / f"{name}.{lang}.txt").write_text(text, encoding="utf-8")
        rows.append(f"{name}\t{name}.zh.txt\t{name}.en.txt\n")
    manifest = folder / "manifest.tsv"
    manifest.write_text("".join(rows), encoding="utf-8")
    return manifest


def run_batch(manifest: Path, outdir: Path, engine: str, workers: int) -> dict:
    """One CLI run, sampling the RSS of its process tree; returns timings and memory peaks."""
    command = [sys.executable, "-m", "parallel_corpus", "batch", str(manifest), "-o", str(outdir),
               "--engine", engine, "--workers", str(workers), "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command)
    driver = psutil.Process(process.pid)
    tree_peak = driver_peak = worker_peak = 0
    while process.poll() is None:
        try:
            children = driver.children(recursive=True)
            driver_rss = driver.memory_info().rss
            child_rss = [c.memory_info().rss for c in children]
        except psutil.Error:  # a process ended between listing and reading it
            continue
        driver_peak = max(driver_peak, driver_rss)
        worker_peak = max([worker_peak, *child_rss])
        tree_peak = max(tree_peak, driver_rss + sum(child_rss))
        time.sleep(0.1)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"batch exited with {process.returncode}: {' '.join(command)}")
    rows = [json.loads(line) for line in (outdir / "batch.jsonl").read_text(encoding="utf-8").splitlines()]
    finished = sorted(row["finished"] for row in rows if row.get("status") == "ok")
    steady = (len(finished) - 1) / (finished[-1] - finished[0]) if len(finished) > 1 else float("nan")
    return {"engine": engine, "workers": workers, "documents": len(finished), "wall_s": wall,
            "docs_per_s": len(finished) / wall, "steady_docs_per_s": steady,
            "tree_peak_mb": tree_peak / 2**20, "driver_peak_mb": driver_peak / 2**20,
            "worker_peak_mb": worker_peak / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--engines", default="local,dask")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--memory-documents", type=int, default=100,
                        help="small documents in the shorter manifest of the memory check (0: skip it)")
    args = parser.parse_args()
    print(f"# bench_batch: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-batch.") as tmp:
        tmp = Path(tmp)
        (tmp / "docs").mkdir()
        manifest = make_archive(tmp / "docs", args.documents, args.seed)
        results = []
        for engine in args.engines.split(","):
            for workers in (int(w) for w in args.workers.split(",")):
                results.append(run_batch(manifest, tmp / f"out-{engine}-{workers}", engine, workers))
                print(json.dumps(results[-1]), file=sys.stderr, flush=True)
        print(f"\n{args.documents} documents (1-3 paragraph pairs of the sample report each)\n")
        print("| engine | workers | wall s | docs/s | steady docs/s | speed-up (steady) "
              "| peak RSS tree MB | driver MB | largest worker MB |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in results:
            base = next((b for b in results if b["engine"] == r["engine"] and b["workers"] == 1), None)
            speedup = f"{r['steady_docs_per_s'] / base['steady_docs_per_s']:.2f}" if base else "-"
            print(f"| {r['engine']} | {r['workers']} | {r['wall_s']:.1f} | {r['docs_per_s']:.2f} "
                  f"| {r['steady_docs_per_s']:.2f} | {speedup} | {r['tree_peak_mb']:.0f} "
                  f"| {r['driver_peak_mb']:.0f} | {r['worker_peak_mb']:.0f} |")
        if args.memory_documents:
            print("\nMemory as the manifest grows (local, 2 workers, one paragraph pair per document):\n")
            print("| documents | peak RSS tree MB | driver MB | largest worker MB | docs/s |")
            print("|---|---|---|---|---|")
            for size in (args.memory_documents, 4 * args.memory_documents):
                folder = tmp / f"small-{size}"
                folder.mkdir()
                small = make_archive(folder, size, args.seed, max_paragraphs=1)
                r = run_batch(small, tmp / f"out-small-{size}", "local", 2)
                print(f"| {size} | {r['tree_peak_mb']:.0f} | {r['driver_peak_mb']:.0f} "
                      f"| {r['worker_peak_mb']:.0f} | {r['docs_per_s']:.2f} |", flush=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
