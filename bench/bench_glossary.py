"""Glossary on the sample report: wall time per stage, precision@100 and recall.

    /work/venv/bin/python bench/bench_glossary.py [--show]

Quality is measured against tests/data/guangdong-ipr-2021.terms.tsv, a hand-made list of
the report's IP terms (zh, en, accepted variants). The end-to-end time is that of the
CLI run (`parallel-corpus glossary corpus/guangdong-ipr-2021.zh-en.txt -o OUT`), which
must stay within 10 s.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"
REFERENCE = ROOT / "tests" / "data" / "guangdong-ipr-2021.terms.tsv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="list the wrong rows and missing terms")
    parser.add_argument("-k", type=int, default=100)
    args = parser.parse_args()

    from parallel_corpus.align import align_document
    from parallel_corpus.document import read_document
    from parallel_corpus.encoders import get_encoder
    from parallel_corpus.glossary import build_glossary, read_known
    from parallel_corpus.glossary.evaluate import score_glossary
    from parallel_corpus.segment import segment_document

    clock = time.perf_counter()
    encoder = get_encoder("use")
    segmented = segment_document(read_document([SAMPLE]))
    t_segment = time.perf_counter() - clock
    alignment = align_document(segmented, encoder)
    t_align = time.perf_counter() - clock - t_segment
    terms = build_glossary([alignment], encoder=encoder)
    t_glossary = time.perf_counter() - clock - t_segment - t_align

    zh_texts = [alignment.pair_texts(b)[0] for b in alignment.beads if not b.is_null]
    scores = score_glossary(terms, read_known(REFERENCE), zh_texts, k=args.k)
    print(f"beads {len(alignment.beads)}  terms {len(terms)}")
    print(f"in-process: segment {t_segment:.2f} s, align {t_align:.2f} s (incl. encoder load), "
          f"glossary {t_glossary:.2f} s")
    print(f"precision@{scores.k}: {scores.precision_at_k:.3f} ({scores.correct}/{scores.k})  "
          f"recall of recurring reference terms: {scores.recall:.3f} ({scores.found}/{scores.recurring})")
    if args.show:
        print("wrong:", " ; ".join(f"{r.zh}={r.en}" for r in scores.wrong))
        print("missing:", " ".join(scores.missing))

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-m", "parallel_corpus", "glossary", str(SAMPLE), "-o", out,
                        "--quiet"], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        # On a shared machine wall time is inflated; CPU time (user+sys) is the steadier proxy.
        print(f"CLI end to end: {time.perf_counter() - start:.2f} s wall, {cpu:.2f} s CPU (limit 10 s)")


if __name__ == "__main__":
    main()
