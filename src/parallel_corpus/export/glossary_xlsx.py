"""NAME.glossary.xlsx: the CAT-tool term list as an Excel workbook.

memoQ (Term base Excel import), Trados (MultiTerm Convert's Excel input, Glossary
Converter) and Phrase TMS term bases import XLSX: one sheet, one header row whose term
columns are named by language code, one row per entry. The columns are those of
NAME.glossary.csv (:func:`cat_tool_rows`): zh, en, en variants, part of speech, the two
contexts and a note. Phrase TMS term bases read XLSX or TBX, not CSV.

Every cell is a text cell, so a term beginning with ``=``, ``+``, ``-`` or ``@`` is shown
as written and never evaluated as a formula. Text is kept exactly, except the control
characters that XML (and so XLSX) cannot hold.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parallel_corpus.glossary.types import TermPair

SHEET_TITLE = "Glossary"
_WIDTHS = (24, 32, 32, 14, 60, 60, 40)  # characters; a readable first view, not a limit


def format_glossary_xlsx(terms: Sequence[TermPair], *, zh_code: str = "zh-CN",
                         en_code: str = "en-US") -> bytes:
    """The workbook's bytes: header row frozen, one string-typed row per entry, best first."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from parallel_corpus.export.glossary_tables import cat_tool_rows
    from parallel_corpus.export.tmx import remove_forbidden

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
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
