"""Glossary: wall time per stage, precision@100 and recall, on the sample report or any document.

    /work/venv/bin/python bench/bench_glossary.py [--show]
    /work/venv/bin/python bench/bench_glossary.py --input ZH EN [--reference TERMS.tsv] [--negatives NEG.tsv] [--sizes]

Without ``--input`` it runs on the sample report and its hand-made reference list
tests/data/guangdong-ipr-2021.terms.tsv (zh, en, accepted variants). ``--input`` names
another document (one bilingual file, or a Chinese and an English file such as a Taiwan
law in ../shared/data/ip-laws) and ``--reference`` its list, made by reading the texts;
without a list only the time is measured; ``--negatives`` counts the hard negatives (general
words) among the first k rows. ``--sizes`` also times the glossary on the
first third, two thirds and all of the document's beads (it must grow linearly). The
end-to-end time is that of the CLI run (`parallel-corpus glossary INPUT... -o OUT`),
with its peak memory.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"
REFERENCE = ROOT / "tests" / "data" / "guangdong-ipr-2021.terms.tsv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="list the wrong rows and missing terms")
    parser.add_argument("-k", type=int, default=100)
    parser.add_argument("--input", nargs="+", type=Path, help="the document's file(s) (default: the sample)")
    parser.add_argument("--reference", type=Path, help="its reference term list (TSV: zh, en, variants)")
    parser.add_argument("--sizes", action="store_true", help="time a third, two thirds and all of it")
    parser.add_argument("--negatives", type=Path, help="hard negatives (TSV, zh first) that must stay out of the top k")
    args = parser.parse_args()
    inputs = args.input or [SAMPLE]
    reference = args.reference or (REFERENCE if not args.input else None)

    from parallel_corpus.align import align_document
    from parallel_corpus.document import read_document
    from parallel_corpus.encoders import get_encoder
    from parallel_corpus.glossary import build_glossary, read_known
    from parallel_corpus.glossary.evaluate import score_glossary
    from parallel_corpus.segment import segment_document

    clock = time.perf_counter()
    encoder = get_encoder("use")
    segmented = segment_document(read_document(inputs))
    t_segment = time.perf_counter() - clock
    alignment = align_document(segmented, encoder)
    t_align = time.perf_counter() - clock - t_segment
    terms = build_glossary([alignment], encoder=encoder)
    t_glossary = time.perf_counter() - clock - t_segment - t_align

    print(f"{' '.join(p.name for p in inputs)}: beads {len(alignment.beads)}  terms {len(terms)}")
    print(f"in-process: segment {t_segment:.2f} s, align {t_align:.2f} s (incl. encoder load), "
          f"glossary {t_glossary:.2f} s")
    if reference:
        zh_texts = [alignment.pair_texts(b)[0] for b in alignment.beads if not b.is_null]
        scores = score_glossary(terms, read_known(reference), zh_texts, k=args.k)
        print(f"precision@{scores.k}: {scores.precision_at_k:.3f} ({scores.correct}/{scores.k})  "
              f"recall of recurring reference terms: {scores.recall:.3f} ({scores.found}/{scores.recurring})")
        # Counts only: a held-out list is used through its scores, not read entry by entry.
        rows = {r.zh for r in terms}
        unrowed = sum(1 for zh in scores.missing if zh not in rows)
        print(f"missing recurring terms: {unrowed} with no row, {len(scores.missing) - unrowed} with a row "
              f"of another rendering; wrong rows in the top {scores.k}: {len(scores.wrong)}")
        if args.show:
            print("wrong:", " ; ".join(f"{r.zh}={r.en}" for r in scores.wrong))
            print("missing:", " ".join(scores.missing))
    if args.negatives:
        lines = args.negatives.read_text(encoding="utf-8").splitlines()[1:]
        negatives = {line.split("\t")[0] for line in lines if line.strip()}
        print(f"hard negatives in the top {args.k}: {sum(r.zh in negatives for r in terms[:args.k])}")
    if args.sizes:
        for share in (1 / 3, 2 / 3, 1.0):
            part = replace(alignment, beads=alignment.beads[: round(share * len(alignment.beads))])
            start, cpu_start = time.perf_counter(), time.process_time()
            build_glossary([part], encoder=encoder)
            print(f"  {len(part.beads):5d} beads ({share:.2f}): glossary {time.perf_counter() - start:.2f} s wall, "
                  f"{time.process_time() - cpu_start:.2f} s CPU")

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        document = "+".join(map(str, inputs))  # the CLI reads ZH+EN as one document
        subprocess.run([sys.executable, "-m", "parallel_corpus", "glossary", document, "-o", out,
                        "--quiet"], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        # On a shared machine wall time is inflated; CPU time (user+sys) is the steadier proxy.
        print(f"CLI end to end: {time.perf_counter() - start:.2f} s wall, {cpu:.2f} s CPU, "
              f"peak {after.ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
