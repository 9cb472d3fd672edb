"""Legal structure on the five Taiwan IP laws in ../shared/data/ip-laws (never part of the tests).

Each law is aligned twice with `parallel-corpus align`: as its two files, and as one bilingual file
(the Chinese file followed by the English one). For each run it prints how many structural source
lines (the title, chapter/section lines, article-number lines) did not come out as a sentence of
their own, i.e. were joined with another unit (target 0), and the structural consistency and
recovery of the alignment from ../shared/tools/score_structural.py.

    python bench/bench_legal.py [--data DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
LAWS = ["tw-trademark-act", "tw-patent-act-enforcement-rules", "tw-fair-trade-act",
        "tw-ip-commercial-court-organization-act", "tw-patent-term-extension-regs"]
# Structural lines as the data publishes them (one unit a line); the first line is the title.
STRUCTURE = {"zh": re.compile(r"第 \S+ [編章節款目]( .*)?|第 [\d-]+ 條"),
             "en": re.compile(r"(?i:chapter|section) .{1,100}|Article [\d-]+")}


def source_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def joined_structure(data: Path, law: str, outdir: Path) -> tuple[int, int]:
    """Structural source lines that are not one output sentence, and how many there are."""
    joined = total = 0
    for lang in ("zh", "en"):
        lines = source_lines(data / f"{law}.{lang}.txt")
        structure = [lines[0]] + [line for line in lines[1:] if STRUCTURE[lang].fullmatch(line)]
        sentences = set((outdir / f"{law}.{lang}.txt").read_text(encoding="utf-8").splitlines())
        total += len(structure)
        joined += sum(1 for line in structure if line not in sentences)
    return joined, total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "ip-laws")
    parser.add_argument("--out", type=Path, help="keep the outputs here (default: a temporary folder)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"skipped: no data at {args.data}")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        for law in LAWS:
            zh, en = args.data / f"{law}.zh.txt", args.data / f"{law}.en.txt"
            bilingual = out / f"{law}.zh-en.txt"
            bilingual.write_text(zh.read_text(encoding="utf-8") + en.read_text(encoding="utf-8"), encoding="utf-8")
            for layout, inputs in (("two files", [zh, en]), ("one file", [bilingual])):
                outdir = out / layout.replace(" ", "-")
                subprocess.run([sys.executable, "-m", "parallel_corpus", "align", *map(str, inputs),
                                "-o", str(outdir), "--name", law, "--quiet"], check=True)
                joined, total = joined_structure(args.data, law, outdir)
                score = subprocess.run(
                    [sys.executable, str(SHARED / "tools" / "score_structural.py"), str(zh), str(en),
                     str(args.data / f"{law}.structure.align"), *(str(outdir / f"{law}.{suffix}")
                                                                  for suffix in ("zh.txt", "en.txt", "align"))],
                    capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
                print(f"{law:42} {layout:9} structural lines joined {joined:3}/{total:3}  {score}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
