"""Excel workbooks of terms: NAME.glossary.xlsx written, and term lists read back.

memoQ (Term base Excel import), Trados (MultiTerm Convert's Excel input, Glossary
Converter) and Phrase TMS term bases import XLSX: one sheet, one header row whose term
columns are named by language code, one row per entry. The columns are those of
NAME.glossary.csv (:func:`cat_tool_rows`): zh, en, en variants, part of speech, the two
contexts and a note. Phrase TMS term bases read XLSX or TBX, not CSV.

Every cell is a text cell, so a term beginning with ``=``, ``+``, ``-`` or ``@`` is shown
as written and never evaluated as a formula. Text is kept exactly, except the control
characters that XML (and so XLSX) cannot hold.

The workbook carries no clock time (its document dates and the zip entries' times are
1980-01-01, the zip format's first day), so the same glossary always gives the same bytes,
as the other glossary files do: the CLI, a notebook and a re-run can be compared with cmp.

The reader (:func:`parse_term_xlsx`) takes the first sheet of our own workbook or of a
memoQ/Trados-style export (a header row of language codes or names, one entry a row) as
known terms, the same way the CSV/TSV tables are read (``glossary_tables.terms_from_rows``).
Formulas count by their last computed value; numbers and dates by their text.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from parallel_corpus.types import EN_CODE, ZH_CODES, InputError

if TYPE_CHECKING:
    from parallel_corpus.glossary.types import KnownTerm, TermPair

SHEET_TITLE = "Glossary"
_WIDTHS = (24, 32, 32, 14, 60, 60, 40)  # characters; a readable first view, not a limit
_NO_TIME = datetime.datetime(1980, 1, 1)  # the earliest time a zip entry can carry


def format_glossary_xlsx(terms: Sequence[TermPair], *, zh_code: str = ZH_CODES["zh-Hans"],
                         en_code: str = EN_CODE) -> bytes:
    """The workbook's bytes: header row frozen, one string-typed row per entry, best first."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from parallel_corpus.formats.glossary_tables import cat_tool_rows
    from parallel_corpus.formats.tmx import remove_forbidden

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    for row_number, row in enumerate(cat_tool_rows(terms, zh_code=zh_code, en_code=en_code), start=1):
        for column, value in enumerate(row, start=1):
            text = remove_forbidden(value)[0]
            if not text:
                continue
            cell = sheet.cell(row=row_number, column=column)
            cell.value = text
            cell.data_type = "s"  # openpyxl types a value starting with "=" as a formula
    sheet.freeze_panes = "A2"
    for column, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    return _timeless_bytes(workbook)


def _timeless_bytes(workbook) -> bytes:
    """The workbook as openpyxl saves it, with ``_NO_TIME`` for every date it would take from the clock."""
    from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = workbook.properties.modified = _NO_TIME
    saved = io.BytesIO()
    # What Workbook.save does, without setting ``modified`` to now.
    ExcelWriter(workbook, ZipFile(saved, "w", ZIP_DEFLATED, allowZip64=True)).save()
    timeless = io.BytesIO()
    with ZipFile(saved) as source, ZipFile(timeless, "w", ZIP_DEFLATED) as target:
        for member in source.infolist():
            entry = ZipInfo(member.filename, date_time=_NO_TIME.timetuple()[:6])
            entry.compress_type, entry.external_attr = member.compress_type, member.external_attr
            target.writestr(entry, source.read(member))
    return timeless.getvalue()


def xlsx_rows(data: bytes, source: str = "") -> list[tuple[int, list[str]]]:
    """The non-blank rows of a workbook's first sheet as text cells, each with its row number.

    openpyxl parses the workbook's XML through defusedxml, so a part that declares entities
    (an "XML bomb") is refused like any other damaged workbook; the sheet is read row by row.
    """
    from xml.etree.ElementTree import ParseError
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    rows = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
                cells = ["" if value is None else str(value) for value in values]
                if any(cell.strip() for cell in cells):
                    rows.append((number, cells))
        finally:
            workbook.close()
    except (BadZipFile, InvalidFileException, KeyError, IndexError, OSError, ValueError, ParseError):
        # (defusedxml's refusals are ValueErrors)
        raise InputError("not a readable Excel workbook (.xlsx); open it in a spreadsheet and save it "
                         "again as .xlsx, .csv or .tsv", path=source or None) from None
    return rows


def parse_term_xlsx(data: bytes, source: str = "") -> list[KnownTerm]:
    """Known terms from a workbook's first sheet (see module docstring); ``source`` names the file."""
    from parallel_corpus.formats.glossary_tables import terms_from_rows

    return terms_from_rows(xlsx_rows(data, source), source)
