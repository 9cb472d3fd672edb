"""Table cells a spreadsheet shows as text, never runs as a formula.

NAME.tsv and the glossary CSV/TSV are meant to be opened in Excel, LibreOffice or
Google Sheets. A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return, which some of them skip first) would be taken as a formula there,
so a document could make the translator's spreadsheet compute, link or run things.
Such a cell is written with one leading apostrophe, the spreadsheet mark for "text";
readers of our tables (``export``, ``--known``) remove exactly that apostrophe again.
A cell that already starts with apostrophes before such a character gets one more,
so the mark is never confused with the text. TMX, JSONL and TBX are not spreadsheet
files and keep the text as it is.
"""

from __future__ import annotations

FORMULA_STARTS = frozenset("=+-@\t\r")
TEXT_MARK = "'"


def _needs_mark(text: str) -> bool:
    return text.lstrip(TEXT_MARK)[:1] in FORMULA_STARTS


def quote_formula(text: str) -> str:
    """``text`` as a cell a spreadsheet keeps as text (see the module docstring)."""
    return TEXT_MARK + text if _needs_mark(text) else text


def unquote_formula(cell: str) -> str:
    """The text of a cell written by :func:`quote_formula` (or typed so by a user): the inverse."""
    return cell[1:] if cell[:1] == TEXT_MARK and _needs_mark(cell[1:]) else cell
