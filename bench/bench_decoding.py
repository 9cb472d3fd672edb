"""Short files in legacy encodings: how often each line, alone in a file, decodes right.

    /work/venv/bin/python bench/bench_decoding.py [--sample-size 300]

Each line (or clause, for the sample's Chinese) is encoded in one code page and decoded
as a one-line file would be: by charset detection alone (charset-normalizer's best
guess, the reading before GB18030 was preferred) and by ``decode_bytes``. Lines come
from the sample and ../shared/data/ip-laws (Traditional Chinese, so also Big5). Also
prints the longest line of the sample, the laws and the dev sets, in characters and
USE pieces, the numbers behind ``encoders.use.TEXT_LIMIT``.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from charset_normalizer import from_bytes

from parallel_corpus.encoders import USEEncoder
from parallel_corpus.readers.text import decode_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "data").is_dir()), ROOT.parent / "shared")
LAWS = SHARED / "data" / "ip-laws"
DEV = SHARED / "data" / "align"
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _lines(paths: list[Path]) -> list[str]:
    return [line for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _decoding(name: str, texts: list[str], encoding: str) -> None:
    total = detected_right = decoded_right = 0
    for text in texts:
        try:
            data = (text + "\n").encode(encoding)
        except UnicodeEncodeError:
            continue
        total += 1
        best = from_bytes(data).best()
        detected_right += best is not None and str(best) == text + "\n"
        decoded_right += decode_bytes(data, Path(name)) == text + "\n"
    print(f"{name:32} {encoding:10} {total:5} lines  detection alone {detected_right:5}  "
          f"decode_bytes {decoded_right:5}")


def _longest(name: str, paths: list[Path], pieces) -> None:
    lines = []
    for path in paths:
        try:
            lines += path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
    longest = sorted(lines, key=len, reverse=True)[:50]
    print(f"{name:32} longest line {len(longest[0]):6} characters, "
          f"at most {max(len(pieces.encode(line)) for line in longest)} pieces among the 50 longest")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample-size", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(0)
    sample = _lines([SAMPLE])
    sample_zh = [line for line in sample if _HAN.search(line)]
    clauses = [c for line in sample_zh for c in re.split("[，。；]", line) if _HAN.search(c)]
    sample_en = [line.replace("'", "\u2019") for line in sample if not _HAN.search(line)]
    laws = _lines(sorted(LAWS.glob("*.zh.txt")))

    def pick(texts: list[str]) -> list[str]:
        return rng.sample(texts, min(args.sample_size, len(texts)))

    _decoding("IP laws, lines", pick(laws), "big5")
    _decoding("IP laws, lines", pick(laws), "gb18030")
    _decoding("sample, Chinese clauses", pick(clauses), "gbk")
    _decoding("sample, Chinese lines", sample_zh, "gb18030")
    _decoding("sample, Chinese lines", sample_zh, "utf-16-le")
    _decoding("sample, English lines", sample_en, "cp1252")

    pieces = USEEncoder(threads=1)._load().sp
    _longest("sample", [SAMPLE], pieces)
    _longest("IP laws", sorted(LAWS.glob("*.txt")), pieces)
    _longest("dev sets", sorted(p for p in DEV.rglob("*") if p.is_file() and p.suffix not in (".align", ".md")),
             pieces)


if __name__ == "__main__":
    main()
