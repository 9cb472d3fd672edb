"""PDF reading: libraries compared, read_pdf's paragraphs checked, its time against `align`.

Builds real PDFs in a temporary folder (python-docx, then LibreOffice; see make_pdf_fixtures.py)
from the sample report's two halves and from two Taiwan laws (Traditional Chinese + official
English), with running headers, page-number footers, first-line indents or paragraph spacing,
and LibreOffice's English hyphenation. Then:

1. libraries: seconds to get the text of each PDF out of pdfplumber, pdfminer.six, pypdf and
   pypdfium2 (imports done beforehand), and whether that text has the source's characters in
   the source's order (whitespace, hyphens and the known header/footer lines ignored);
2. read_pdf: paragraphs recovered exactly (same text, same order) and the whole text unchanged;
3. speed: read_pdf of both PDFs in a fresh interpreter (import included) against `align` of the
   same document in text form.

Run: /work/venv/bin/python bench/bench_pdf.py [--skip-align]
Needs LibreOffice, fonts-noto-cjk and hyphen-en-us (Debian), python-docx, and for the library
comparison pdfplumber/pdfminer.six/pypdf beside pypdfium2. Reads ../shared/data/ip-laws.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from make_pdf_fixtures import Layout, make_pdf

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"
LAWS = ROOT.parent / "shared" / "data" / "ip-laws"
if not LAWS.exists():
    LAWS = Path("/work/shared/data/ip-laws")


@dataclass(frozen=True)
class Case:
    name: str
    paragraphs: list[tuple[str, str]]
    layout: Layout
    running: str  # regex of the header and footer lines LibreOffice prints


def _cases() -> list[Case]:
    sys.path.insert(0, str(ROOT / "src"))
    from parallel_corpus.document import read_document

    sample = read_document([SAMPLE])
    law = lambda stem: [(line.strip(), "body") for line in (LAWS / stem).read_text(encoding="utf-8").splitlines()
                        if line.strip()]
    return [
        Case("sample.zh", [(p.text, p.kind) for p in sample.zh],
             Layout(east_asian_font="Noto Serif CJK SC", first_line_indent_pt=22,
                    header="广东省知识产权保护状况（白皮书）", footer="- {page} -"),
             r"广东省知识产权保护状况（白皮书）|- \d+ -"),
        Case("sample.en", [(p.text, p.kind) for p in sample.en],
             Layout(space_after_pt=6, hyphenate=True, header="IP Protection in Guangdong (white paper)",
                    footer="Page {page} of {pages}"),
             r"IP Protection in Guangdong \(white paper\)|Page \d+ of \d+"),
        Case("trademark.zh", law("tw-trademark-act.zh.txt"),
             Layout(first_line_indent_pt=22, header="中華民國商標法（全文）", footer="第 {page} 頁"),
             r"中華民國商標法（全文）|第 \d+ 頁"),
        Case("trademark.en", law("tw-trademark-act.en.txt"),
             Layout(space_after_pt=4, hyphenate=True, header="Trademark Act of the ROC (full text)",
                    footer="- {page} -"),
             r"Trademark Act of the ROC \(full text\)|- \d+ -"),
        # No indent, no spacing, ragged right: only the short last line shows a paragraph end.
        Case("fair-trade.zh", law("tw-fair-trade-act.zh.txt"),
             Layout(justify=False, header="公平交易法", footer="{page}"), r"公平交易法|\d+"),
        Case("fair-trade.en", law("tw-fair-trade-act.en.txt"),
             Layout(justify=False, hyphenate=True, header="Fair Trade Act", footer="{page}"),
             r"Fair Trade Act|\d+"),
        # Word's look: sans fonts, 12 pt, 8 pt after each paragraph, 1.15 line spacing unset.
        Case("patent-rules.zh", law("tw-patent-act-enforcement-rules.zh.txt"),
             Layout(east_asian_font="Noto Sans CJK TC", latin_font="Liberation Sans", size_pt=12,
                    space_after_pt=8, header="專利法施行細則", footer="第 {page} 頁，共 {pages} 頁"),
             r"專利法施行細則|第 \d+ 頁，共 \d+ 頁"),
        Case("patent-rules.en", law("tw-patent-act-enforcement-rules.en.txt"),
             Layout(east_asian_font="Noto Sans CJK TC", latin_font="Liberation Sans", size_pt=12,
                    space_after_pt=8, justify=False, header="Enforcement Rules of the Patent Act",
                    footer="{page} / {pages}"),
             r"Enforcement Rules of the Patent Act|\d+ / \d+"),
    ]


def _pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def _pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(path)


def _pypdf(path: Path) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _pypdfium2(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    document.close()
    return text


LIBRARIES = {"pdfplumber": _pdfplumber, "pdfminer.six": _pdfminer, "pypdf": _pypdf, "pypdfium2": _pypdfium2}
# Whitespace, hyphens (LibreOffice's and PDFium's line-end marks) are layout, not text.
_LAYOUT = re.compile(r"[\s\-\u00ad\u0002\ufffe]")


def _same_text(extracted: str, case: Case) -> str:
    """'yes', or where the extracted text first departs from the source."""
    running = re.compile(rf"\s*(?:{case.running})\s*")
    # A source line that reads like a header (a title repeated as one) is left out on both sides.
    lines = [line for line in re.split(r"\r\n|[\n\r\f]", extracted) if not running.fullmatch(line)]
    got = _LAYOUT.sub("", "".join(lines))
    want = _LAYOUT.sub("", "".join(text for text, _ in case.paragraphs if not running.fullmatch(text)))
    if got == want:
        return "yes"
    at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    return f"no (from char {at}: {got[at:at + 12]!r})"


def _compare_libraries(pdfs: dict[str, Path], cases: dict[str, Case]) -> None:
    logging.disable(logging.WARNING)
    print("\n## libraries: seconds to extract the text (imports excluded), same characters in order?")
    for name, extract in LIBRARIES.items():
        extract(pdfs["sample.zh"])  # import and warm up
        for doc, pdf in pdfs.items():
            start = time.perf_counter()
            text = extract(pdf)
            seconds = time.perf_counter() - start
            print(f"{name:13s} {doc:14s} {seconds:6.3f} s  {_same_text(text, cases[doc])}")


def _check_reader(pdfs: dict[str, Path], cases: dict[str, Case]) -> None:
    from parallel_corpus.readers.pdf import read_pdf

    print("\n## read_pdf: source paragraphs recovered exactly, in order")
    for doc, pdf in pdfs.items():
        start = time.perf_counter()
        blocks = read_pdf(pdf)
        seconds = time.perf_counter() - start
        got = [re.sub(r"\s+", " ", b.text) for b in blocks]
        want = [re.sub(r"\s+", " ", text) for text, _ in cases[doc].paragraphs]
        matched = sum(m.size for m in difflib.SequenceMatcher(None, got, want, autojunk=False).get_matching_blocks())
        same = _LAYOUT.sub("", "".join(got)) == _LAYOUT.sub("", "".join(want))
        print(f"{doc:14s} {len(pdf.read_bytes()) // 1024:4d} KB  {seconds:6.3f} s  paragraphs {matched}/{len(want)} "
              f"exact ({len(got)} read)  characters unchanged: {'yes' if same else 'no'}")
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, got, want, autojunk=False).get_opcodes():
            if tag != "equal":
                print(f"    {tag}: read {got[i1:i2][:2]!r}\n    {'':{len(tag)}}  want {want[j1:j2][:2]!r}")


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    return time.perf_counter() - start


def _compare_with_align(pdfs: dict[str, Path], out: Path) -> None:
    print("\n## read_pdf of both PDFs (fresh interpreter, import included) / align of the text form")
    texts = {"sample": [SAMPLE],
             "trademark": [LAWS / "tw-trademark-act.zh.txt", LAWS / "tw-trademark-act.en.txt"],
             "fair-trade": [LAWS / "tw-fair-trade-act.zh.txt", LAWS / "tw-fair-trade-act.en.txt"]}
    for doc, inputs in texts.items():
        pair = [str(pdfs[f"{doc}.zh"]), str(pdfs[f"{doc}.en"])]
        read_code = ("import sys; from pathlib import Path; from parallel_corpus.readers.pdf import read_pdf; "
                     "[read_pdf(Path(p)) for p in sys.argv[1:]]")
        start_only = _timed([sys.executable, "-c", "import parallel_corpus.document"])
        reading = min(_timed([sys.executable, "-c", read_code, *pair]) for _ in range(3)) - start_only
        aligning = _timed([sys.executable, "-m", "parallel_corpus", "align", *map(str, inputs),
                           "-o", str(out / doc), "--quiet"])
        print(f"{doc:11s} read_pdf {reading:5.2f} s  align {aligning:6.2f} s  ratio {reading / aligning:5.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-align", action="store_true", help="leave out the (slow) align runs")
    parser.add_argument("--skip-libraries", action="store_true")
    args = parser.parse_args()
    cases = {case.name: case for case in _cases()}
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        pdfs = {}
        for name, case in cases.items():
            pdfs[name] = make_pdf(case.paragraphs, work / f"{name}.pdf", case.layout)
        if not args.skip_libraries:
            _compare_libraries(pdfs, cases)
        _check_reader(pdfs, cases)
        if not args.skip_align:
            _compare_with_align(pdfs, work)


if __name__ == "__main__":
    main()
