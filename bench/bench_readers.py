"""`align` on Word versions of the Taiwan IP laws: a .docx pair and a bilingual two-column .docx table.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /work/venv/bin/python bench/bench_readers.py \
        [--laws tw-trademark-act tw-fair-trade-act] [--data ../shared/data/ip-laws]

For each law the one-paragraph-a-line .txt pair is written into Word with python-docx: the title in
the Title style, chapter lines as Heading 1, section lines as Heading 2, article-number lines as
Heading 3, every other line a Normal paragraph. The table version has one row per title, chapter,
section and article (the article line, an English caption line and the paragraphs in one cell), the
Chinese column on the left. The .txt pair, the Word pair and the table are aligned with the CLI in a
child process (wall and CPU time: the machine is shared) and scored with the shared
``score_structural.py``; as every Word paragraph is one
source line, the tool's in-order search maps each output sentence back to the .txt line it came from.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORER = Path("/work/shared/tools/score_structural.py")

# Structure lines of the laws (chapter, section, article), each starting a table row.
_LEVELS = {
    "zh": [re.compile(r"^第 \S+ 章 "), re.compile(r"^第 \S+ 節 "), re.compile(r"^第 [\d-]+ 條$")],
    "en": [re.compile(p, re.IGNORECASE) for p in (r"^Chapter [IVXLC]+\b", r"^Section [IVXLC]+\b", r"^Article [\d-]+$")],
}


def level_of(line: str, lang: str) -> int | None:
    """1 chapter, 2 section, 3 article line; None for any other line."""
    return next((k + 1 for k, pattern in enumerate(_LEVELS[lang]) if pattern.match(line)), None)


def lines_of(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def word_file(lines: list[str], lang: str, path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(lines[0], style="Title")
    for line in lines[1:]:
        level = level_of(line, lang)
        document.add_paragraph(line, style=f"Heading {level}" if level else None)
    document.save(str(path))


def groups(lines: list[str], lang: str) -> list[list[str]]:
    """The title, then one group per structure line with the lines up to the next one."""
    out = [[lines[0]]]
    for line in lines[1:]:
        if level_of(line, lang) or len(out) == 1:
            out.append([line])
        else:
            out[-1].append(line)
    return out


def table_file(zh: list[str], en: list[str], path: Path) -> int:
    import docx

    zh_groups, en_groups = groups(zh, "zh"), groups(en, "en")
    if len(zh_groups) != len(en_groups):
        raise SystemExit(f"{path.name}: {len(zh_groups)} zh and {len(en_groups)} en rows; cannot pair them")
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for zh_lines, en_lines in zip(zh_groups, en_groups):
        cells = table.add_row().cells
        for cell, texts in zip(cells, (zh_lines, en_lines)):
            cell.text = texts[0]
            for text in texts[1:]:
                cell.add_paragraph(text)
    document.save(str(path))
    return len(zh_groups)


def align_and_score(inputs: list[Path], name: str, outdir: Path, zh_txt: Path, en_txt: Path,
                    reference: Path) -> tuple[float, float, list[str]]:
    """Wall and CPU seconds of the `align` child, and the scorer's last two lines."""
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "parallel_corpus", "align", *map(str, inputs), "-o", str(outdir),
                    "--name", name, "--quiet"], check=True)
    seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu
    result = subprocess.run([sys.executable, str(SCORER), str(zh_txt), str(en_txt), str(reference),
                             str(outdir / f"{name}.zh.txt"), str(outdir / f"{name}.en.txt"),
                             str(outdir / f"{name}.align")], capture_output=True, text=True, check=True)
    return seconds, cpu, result.stdout.strip().splitlines()[-2:]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--laws", nargs="+", default=["tw-trademark-act", "tw-fair-trade-act"])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ip-laws")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for law in args.laws:
            zh_txt, en_txt = args.data / f"{law}.zh.txt", args.data / f"{law}.en.txt"
            reference = args.data / f"{law}.structure.align"
            zh, en = lines_of(zh_txt), lines_of(en_txt)
            word_file(zh, "zh", tmp / f"{law}.zh.docx")
            word_file(en, "en", tmp / f"{law}.en.docx")
            rows = table_file(zh, en, tmp / f"{law}.table.docx")
            runs = {"txt pair": [zh_txt, en_txt],
                    "docx pair": [tmp / f"{law}.zh.docx", tmp / f"{law}.en.docx"],
                    f"docx table ({rows} rows)": [tmp / f"{law}.table.docx"]}
            for label, inputs in runs.items():
                seconds, cpu, (counts, scores) = align_and_score(inputs, law, tmp / label.replace(" ", "-"),
                                                                 zh_txt, en_txt, reference)
                print(f"{law:18s} {label:22s} wall {seconds:5.1f} s cpu {cpu:5.1f} s  {scores}  ({counts})",
                      flush=True)


if __name__ == "__main__":
    main()
