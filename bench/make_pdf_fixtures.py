"""Real PDFs for the PDF reader: Word documents made with python-docx, laid out by LibreOffice.

LibreOffice wraps lines, hyphenates English where the docx asks for it, embeds subsets of the
Noto CJK fonts and prints running headers and footers with page numbers, as a real export does.
The bench (bench/bench_pdf.py) builds its PDFs with the same functions; this script writes the
small fixtures the tests read, so they can be remade.

Needs: Debian's libreoffice-writer-nogui, fonts-noto-cjk and hyphen-en-us, and python-docx.
Run: /work/venv/bin/python bench/make_pdf_fixtures.py [--out tests/data/pdf]
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "data" / "pdf"


@dataclass(frozen=True)
class Layout:
    """How the Word document is set: what LibreOffice then wraps, indents and numbers."""

    east_asian_font: str = "Noto Serif CJK TC"
    latin_font: str = "Liberation Serif"
    size_pt: float = 11
    justify: bool = True
    first_line_indent_pt: float = 0
    space_after_pt: float = 0
    header: str | None = None
    # A footer line around the page number: "{page}" is the PAGE field, "{pages}" NUMPAGES.
    footer: str | None = None
    hyphenate: bool = False
    page_width_cm: float = 21.0
    page_height_cm: float = 29.7


def write_docx(paragraphs: list[tuple[str, str]], path: Path, layout: Layout) -> None:
    """A .docx of (text, kind) paragraphs; kind "title" and "heading" get larger bold type."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(layout.page_width_cm), Cm(layout.page_height_cm)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    normal = document.styles["Normal"]
    normal.font.name = layout.latin_font
    normal.font.size = Pt(layout.size_pt)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), layout.east_asian_font)
    normal.paragraph_format.space_after = Pt(layout.space_after_pt)
    normal.paragraph_format.space_before = Pt(0)
    if layout.hyphenate:
        settings = document.settings.element
        hyphenation = settings.makeelement(qn("w:autoHyphenation"), {qn("w:val"): "true"})
        settings.append(hyphenation)
    for text, kind in paragraphs:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.font.name = layout.latin_font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), layout.east_asian_font)
        if kind in ("title", "heading"):
            run.bold = True
            run.font.size = Pt(layout.size_pt * (1.8 if kind == "title" else 1.3))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if kind == "title" else WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.space_after = Pt(layout.size_pt * 0.6)
            paragraph.paragraph_format.keep_with_next = True
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if layout.justify else WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.first_line_indent = Pt(layout.first_line_indent_pt)
    if layout.header:
        section.header.paragraphs[0].text = layout.header
        section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if layout.footer:
        _footer_with_page_number(section.footer.paragraphs[0], layout.footer)
    document.save(path)


def _footer_with_page_number(paragraph, pattern: str) -> None:
    """Fill a footer paragraph with ``pattern``, its {page}/{pages} as Word fields."""
    import re

    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in re.split(r"(\{page\}|\{pages\})", pattern):
        if piece in ("{page}", "{pages}"):
            field = paragraph._p.makeelement(qn("w:fldSimple"),
                                             {qn("w:instr"): "PAGE" if piece == "{page}" else "NUMPAGES"})
            run = paragraph.add_run("1")._r
            paragraph._p.remove(run)
            field.append(run)
            paragraph._p.append(field)
        elif piece:
            paragraph.add_run(piece)


def docx_to_pdf(docx: Path, outdir: Path) -> Path:
    """LibreOffice's PDF export of ``docx`` into ``outdir`` (a private profile, so runs never clash)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("needs LibreOffice: apt-get install -y libreoffice-writer-nogui fonts-noto-cjk hyphen-en-us")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pdf = outdir / (docx.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"LibreOffice wrote no PDF for {docx}")
    return pdf


def make_pdf(paragraphs: list[tuple[str, str]], path: Path, layout: Layout) -> Path:
    """Lay ``paragraphs`` out as the PDF ``path`` (through a docx in a temporary folder)."""
    with tempfile.TemporaryDirectory() as work:
        docx = Path(work) / (path.stem + ".docx")
        write_docx(paragraphs, docx, layout)
        pdf = docx_to_pdf(docx, Path(work))
        shutil.move(pdf, path)
    return path


# Fixture texts. The law articles are short excerpts of Taiwan's Trademark Act (商標法), which is
# not under copyright (ROC Copyright Act, Art. 9); the English is written for these tests.
# LibreOffice hyphenates the English; compounds keep their real hyphens.
MIXED = [
    ("商標法", "title"),
    (("為保障商標權、證明標章權、團體標章權、團體商標權及消費者利益，維護市場公平競爭，促進工商企業正常發展，"
      "特制定本法。本法之主管機關為經濟部。商標業務，由經濟部指定專責機關辦理。"), "body"),
    (("外國人所屬之國家，與中華民國如未共同參加保護商標之國際條約或無互相保護商標之條約、協定，"
      "或對中華民國國民申請商標註冊不予受理者，其商標註冊之申請，得不予受理。"), "body"),
    ("Trademark Act", "heading"),
    (("This Act is enacted for the protection of trademark rights and the interests of consumers, "
      "for the maintenance of fair competition and for the promotion of the development of "
      "industry and commerce, including state-owned enterprises and well-known marks."), "body"),
    (("An application filed by a national of a foreign country may be inadmissible where that country "
      "does not protect the trademarks of nationals of the Republic of China; the registrar office shall "
      "decide on such an application within a reasonable time, taking into account state-owned "
      "and privately-held interests alike, notwithstanding any intergovernmental understandings."), "body"),
]

_RUNNING_BODY = (
    "Any person who wishes to obtain the right to a trademark shall apply for registration under this "
    "Act. The registrar office shall examine the application and publish its decision. A state-owned "
    "enterprise is treated as any other applicant. Paragraph {n} applies to certification marks and "
    "collective marks as well, unless the nature of the mark requires otherwise."
)
RUNNING = [("Chapter I General Provisions", "heading")] + [
    (_RUNNING_BODY.format(n=n), "body") for n in range(1, 19)
]


def image_only_pdf(path: Path) -> Path:
    """One page that is only a picture of text, as a scanner makes: no text layer at all."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(page)
    for line in range(12):
        draw.text((60, 80 + 40 * line), f"A scanned page of a trademark law, line {line + 1}", fill=0)
    page.save(path, "PDF", resolution=75)
    return path


def encrypted_pdf(source: Path, path: Path, password: str = "secret") -> Path:
    """``source`` encrypted with a user password (AES-256), as a protected export is."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FIXTURES)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    make_pdf(MIXED, args.out / "mixed-cjk.pdf",
             Layout(first_line_indent_pt=22, hyphenate=True, page_width_cm=14.8, page_height_cm=21.0))
    running = make_pdf(RUNNING, args.out / "running-header.pdf",
                       Layout(justify=False, space_after_pt=8, header="Trademark Act (excerpt)",
                              footer="Page {page} of {pages}", page_width_cm=14.8, page_height_cm=21.0))
    image_only_pdf(args.out / "scanned.pdf")
    encrypted_pdf(running, args.out / "encrypted.pdf")
    for pdf in sorted(args.out.glob("*.pdf")):
        print(f"{pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf}: {pdf.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
