"""Known terms (``--known FILE``, ``align --glossary FILE``): a terminologist's list that seeds
or overrides extraction.

Accepted: our own NAME.glossary.tsv/.csv/.xlsx/.tbx (either TBX form), CAT-tool CSV/TSV/XLSX
with language-code headers (zh-CN, zh-TW, zh-HK, zh-Hant, en-US, en-GB, ...), and header-less
two- or three-column lists (OmegaT glossaries: source, target, comment). This module only
chooses the reader by the file's suffix; each format's reader lives in :mod:`parallel_corpus.formats`.
"""

from __future__ import annotations

from pathlib import Path

from parallel_corpus.files import read_input_bytes
from parallel_corpus.glossary.types import KnownTerm
from parallel_corpus.messages import quote
from parallel_corpus.types import InputError

_DELIMITERS = {".csv": ",", ".tsv": "\t", ".txt": "\t", ".tab": "\t", ".utf8": "\t"}


def read_known(path: str | Path) -> list[KnownTerm]:
    """Known terms from a .tbx, .xlsx, .csv or .tsv/.txt file (see module docstring)."""
    # The format modules import glossary.types, whose package imports this module: they load here.
    from parallel_corpus.document import read_text
    from parallel_corpus.formats.glossary_tables import parse_term_table
    from parallel_corpus.formats.tbx import parse_tbx
    from parallel_corpus.formats.xlsx import parse_term_xlsx

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        return parse_tbx(read_input_bytes(path), str(path))
    if suffix == ".xlsx":
        return parse_term_xlsx(read_input_bytes(path), str(path))
    if suffix in _DELIMITERS:
        return parse_term_table(read_text(path), _DELIMITERS[suffix], str(path))
    raise InputError(f"{path}: unknown glossary format {quote(suffix)}; "
                     "give a .tsv, .csv, .txt, .xlsx or .tbx file")
