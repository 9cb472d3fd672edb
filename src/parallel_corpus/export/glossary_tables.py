"""Glossary tables: NAME.glossary.tsv, a CAT-tool CSV and an OmegaT glossary.

* TSV: our own columns (``zh en score en_variants zh_freq ...``), best entry first;
  ``--known`` reads it back unchanged.
* CSV: one column per language headed by its code (``zh-CN``, ``en-US``), which memoQ,
  Trados (MultiTerm / Glossary Converter) and Phrase map to languages on import;
  UTF-8 with a byte-order mark so spreadsheet tools open it as UTF-8.
* OmegaT: ``source<TAB>target<TAB>comment``, UTF-8, no header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from parallel_corpus.cells import quote_formula, unquote_formula
from parallel_corpus.export.tbx import DEFAULT_TBX_FORM
from parallel_corpus.glossary.types import TermPair
from parallel_corpus.glossary.known import VARIANT_SEPARATOR
from parallel_corpus.types import EN_CODE, ZH_CODES

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


def parse_glossary_tsv(text: str, source: str = "") -> list[TermPair]:
    """Read NAME.glossary.tsv back into TermPairs (the inverse of :func:`format_glossary_tsv`);
    ``source`` names the file in messages."""
    from parallel_corpus.glossary.known import split_variants
    from parallel_corpus.types import InputError

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


def glossary_paths(outdir, name: str, tbx_forms: Sequence[str] = (DEFAULT_TBX_FORM,)) -> list:
    """The files a glossary run writes: .tsv, .csv, .xlsx, .omegat.txt, then .tbx (the first of
    ``tbx_forms``) and NAME.glossary.FORM.tbx for any other form."""
    from pathlib import Path

    forms = list(dict.fromkeys(tbx_forms))
    suffixes = [".tsv", ".csv", ".xlsx", ".omegat.txt", ".tbx", *(f".{form}.tbx" for form in forms[1:])]
    return [Path(outdir) / f"{name}.glossary{suffix}" for suffix in suffixes]


def glossary_files(terms: Sequence[TermPair], outdir, name: str, *, zh_code: str = ZH_CODES["zh-Hans"],
                   en_code: str = EN_CODE, tbx_forms: Sequence[str] = (DEFAULT_TBX_FORM,)) -> dict:
    """Every glossary output file (path -> content), ready for ``export.files.write_files``.

    The first of ``tbx_forms`` is NAME.glossary.tbx; any other form is written beside it
    as NAME.glossary.FORM.tbx (``("2008", "2019")`` adds NAME.glossary.2019.tbx).
    """
    from parallel_corpus.export.glossary_xlsx import format_glossary_xlsx
    from parallel_corpus.export.tbx import format_tbx

    forms = list(dict.fromkeys(tbx_forms))
    contents = [format_glossary_tsv(terms), format_glossary_csv(terms, zh_code=zh_code, en_code=en_code),
                format_glossary_xlsx(terms, zh_code=zh_code, en_code=en_code), format_glossary_omegat(terms),
                *(format_tbx(terms, form=form, zh_code=zh_code, en_code=en_code) for form in forms)]
    return dict(zip(glossary_paths(outdir, name, forms), contents, strict=True))
