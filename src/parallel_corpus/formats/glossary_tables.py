"""Glossary tables: NAME.glossary.tsv, a CAT-tool CSV and an OmegaT glossary.

* TSV: our own columns (``zh en score en_variants zh_freq ...``), best entry first;
  ``--known`` reads it back unchanged.
* CSV: one column per language headed by its code (``zh-CN``, ``en-US``), which memoQ,
  Trados (MultiTerm / Glossary Converter) and Phrase map to languages on import;
  UTF-8 with a byte-order mark so spreadsheet tools open it as UTF-8.
* OmegaT: ``source<TAB>target<TAB>comment``, UTF-8, no header.

Readers: :func:`parse_glossary_tsv` takes NAME.glossary.tsv back as TermPairs;
:func:`parse_term_table` takes any of the three, and CAT-tool tables whose header names
the languages by code or name (``zh-CN``, ``zh-TW``, ``zh-HK``, ``zh-Hant``, ``Chinese
(Taiwan)``; ``en-US``, ``en-GB``, ``English``), as known terms; :func:`terms_from_rows`
is that reading for rows from elsewhere (an XLSX sheet).

A cell breaks no line or column: tabs and line breaks in a term, an example or a source
become single spaces. Variants are joined by `` | ``, so a variant holds no ``|``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from parallel_corpus.cells import quote_formula, unquote_formula
from parallel_corpus.glossary.types import KnownTerm, TermPair
from parallel_corpus.types import EN_CODE, ZH_CODES, InputError

VARIANT_SEPARATOR = " | "

TSV_COLUMNS = ("zh", "en", "score", "en_variants", "zh_freq", "en_freq", "pair_freq",
               "example_zh", "example_en", "pos", "is_new", "source")


def _one_line(text: str) -> str:
    """Cells of line-based formats must not break lines or columns."""
    return " ".join(text.split()) if any(c in text for c in "\t\r\n") else text


def _table(rows: list[list[str]], delimiter: str) -> str:
    """Rows as CSV/TSV for spreadsheets: a cell that would run as a formula is marked as text."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([[quote_formula(cell) for cell in row] for row in rows])
    return out.getvalue()


def format_glossary_tsv(terms: Sequence[TermPair]) -> str:
    """NAME.glossary.tsv: header row, one term a row, in the order given (best first)."""
    rows = [list(TSV_COLUMNS)]
    for t in terms:
        rows.append([_one_line(t.zh), _one_line(t.en), f"{t.score:.4f}",
                     VARIANT_SEPARATOR.join(t.en_variants), str(t.zh_freq), str(t.en_freq),
                     str(t.pair_freq), _one_line(t.example_zh), _one_line(t.example_en), t.pos,
                     "yes" if t.is_new else "no", _one_line(t.source)])
    return _table(rows, "\t")


def cat_tool_rows(terms: Sequence[TermPair], *, zh_code: str = ZH_CODES["zh-Hans"],
                  en_code: str = EN_CODE) -> list[list[str]]:
    """Header and one row per entry for CAT-tool term-base imports (the CSV and the XLSX):
    language-code columns for the terms, then variants, part of speech, contexts and a note."""
    rows = [[zh_code, en_code, f"{en_code} variants", "Part of speech",
             f"Context {zh_code}", f"Context {en_code}", "Note"]]
    for t in terms:
        rows.append([t.zh, t.en, VARIANT_SEPARATOR.join(t.en_variants), t.pos,
                     t.example_zh, t.example_en, _note(t)])
    return rows


def format_glossary_csv(terms: Sequence[TermPair], *, zh_code: str = ZH_CODES["zh-Hans"],
                        en_code: str = EN_CODE) -> str:
    """CAT-tool CSV: the :func:`cat_tool_rows` columns, one line per entry."""
    rows = [[_one_line(cell) for cell in row]
            for row in cat_tool_rows(terms, zh_code=zh_code, en_code=en_code)]
    return "\ufeff" + _table(rows, ",")


def _note(t: TermPair) -> str:
    origin = "extracted" if t.is_new else "known term"
    return (f"{origin}; score {t.score:.2f}; in {t.pair_freq} of {t.zh_freq} segments"
            + (f"; source: {t.source}" if t.source else ""))


def format_glossary_omegat(terms: Sequence[TermPair]) -> str:
    """OmegaT glossary: source, target, comment (variants and evidence) per line."""
    lines = []
    for t in terms:
        comment = _note(t)
        if t.en_variants:
            comment = "also: " + ", ".join(t.en_variants) + "; " + comment
        lines.append("\t".join(_one_line(x) for x in (t.zh, t.en, comment)))
    return "".join(line + "\n" for line in lines)


def split_variants(text: str) -> tuple[str, ...]:
    """The variants of one cell joined by ``|`` (:data:`VARIANT_SEPARATOR`), blanks left out."""
    return tuple(v.strip() for v in text.split("|") if v.strip())


def parse_glossary_tsv(text: str, source: str = "") -> list[TermPair]:
    """Read NAME.glossary.tsv back into TermPairs (the inverse of :func:`format_glossary_tsv`);
    ``source`` names the file in messages."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter="\t")
    missing = {"zh", "en", "score"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"not a glossary TSV: the header lacks {', '.join(sorted(missing))}",
                         path=source or None)
    terms = []
    for number, cells in enumerate(reader, start=2):
        row = {key: unquote_formula(value) for key, value in cells.items() if isinstance(value, str)}
        try:
            terms.append(TermPair(
                zh=row["zh"], en=row["en"], score=float(row["score"]),
                en_variants=split_variants(row.get("en_variants") or ""),
                zh_freq=int(row.get("zh_freq") or 0), en_freq=int(row.get("en_freq") or 0),
                pair_freq=int(row.get("pair_freq") or 0), example_zh=row.get("example_zh") or "",
                example_en=row.get("example_en") or "", pos=row.get("pos") or "noun",
                is_new=(row.get("is_new") or "yes") != "no", source=row.get("source") or ""))
        except ValueError:
            raise InputError("a number column (score, zh_freq, en_freq, pair_freq) holds a non-number; "
                             "give numbers there or write the glossary again", path=source or None,
                             row=number) from None
    return terms


# A header cell naming a language: a code (zh, zh-TW, zh_Hant_HK, zho; en, en-GB, eng) or a name
# (Chinese, Chinese (Taiwan), Chinese_PRC, English (United Kingdom)); source/target in plain lists.
_ZH_HEADER = re.compile(r"(?:zh|zho|chi|cmn)(?:[-_][a-z0-9]+)*|chinese(?:[^a-z].*)?|中文.*|source")
_EN_HEADER = re.compile(r"(?:en|eng)(?:[-_][a-z0-9]+)*|english(?:[^a-z].*)?|英文.*|target")


def _column(header: Sequence[str], pattern: re.Pattern) -> int | None:
    """The first column whose header ``pattern`` matches; a column of variants never counts."""
    for i, name in enumerate(header):
        name = name.strip().lower()
        if "variant" not in name and pattern.fullmatch(name):
            return i
    return None


def _variant_column(header: Sequence[str]) -> int | None:
    return next((i for i, name in enumerate(header) if "variant" in name.strip().lower()), None)


def terms_from_rows(rows: Sequence[tuple[int, Sequence[str]]], source: str = "") -> list[KnownTerm]:
    """Known terms from table rows (row number, cells), blank rows already left out.

    A first row that names a Chinese and an English column is the header (a column of
    English variants is used when it names them); without one, the first two columns
    are the terms (OmegaT: source, target, comment)."""
    path = source or None
    if not rows:
        raise InputError("no terms found", path=path)
    header = rows[0][1]
    zh_col, en_col = _column(header, _ZH_HEADER), _column(header, _EN_HEADER)
    if zh_col is not None and en_col is not None:
        variant_col = _variant_column(header)
        rows = rows[1:]
        if not rows:
            raise InputError("no terms found, only a header; add a row per term below it", path=path)
    else:
        zh_col, en_col, variant_col = 0, 1, None
    terms = []
    for number, row in rows:
        if len(row) <= max(zh_col, en_col) or not row[zh_col].strip() or not row[en_col].strip():
            raise InputError("a row needs a Chinese and an English term; fill in the empty cell or delete the row",
                             path=path, row=number)
        variants = split_variants(row[variant_col]) if variant_col is not None and len(row) > variant_col else ()
        terms.append(KnownTerm(row[zh_col].strip(), row[en_col].strip(), variants))
    return terms


def parse_term_table(text: str, delimiter: str, source: str = "") -> list[KnownTerm]:
    """Known terms from a CSV/TSV text (see :func:`terms_from_rows`); ``source`` names the file.

    Rows are numbered by the line they start on. A cell that spans lines is refused:
    in a term list it is an unclosed quote, which would swallow the rows below into
    one term without a word.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff") + "\n"), delimiter=delimiter)
    rows = []
    first_line = 1
    for row in reader:
        if any("\n" in cell or "\r" in cell for cell in row):
            raise InputError("a quote opened in this row is never closed, so its cell runs on over the "
                             "rows below; close the quote or remove it", path=source or None, row=first_line)
        if any(cell.strip() for cell in row):
            rows.append((first_line, [unquote_formula(cell) for cell in row]))
        first_line = reader.line_num + 1
    return terms_from_rows(rows, source)
