"""Known terms (``--known FILE``): a terminologist's list that seeds or overrides extraction.

Accepted: our own NAME.glossary.tsv/.csv/.tbx (either TBX form), CAT-tool CSV/TSV with language-code
headers (zh-CN, en-US, ...), and header-less two- or three-column lists (OmegaT
glossaries: source, target, comment).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from parallel_corpus.cells import unquote_formula
from parallel_corpus.files import read_input_bytes
from parallel_corpus.glossary.types import KnownTerm
from parallel_corpus.messages import one_line, quote
from parallel_corpus.types import InputError

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VARIANT_SEPARATOR = " | "


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for i, name in enumerate(header):
        if name.strip().lower().replace("_", "-") in names:
            return i
    return None


_ZH_NAMES = ("zh", "zh-cn", "zh-hans", "zh-sg", "chinese", "source")
_EN_NAMES = ("en", "en-us", "en-gb", "english", "target")
_VARIANT_NAMES = ("en-variants", "en variants", "variants", "en-us variants", "variants (en-us)")


def split_variants(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in text.split("|") if v.strip())


def parse_table(text: str, delimiter: str, source: str = "") -> list[KnownTerm]:
    """Terms from a CSV/TSV text; a header row naming the languages is used when present."""
    path = source or None
    rows = [(number, [unquote_formula(cell) for cell in row])
            for number, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter),
                                         start=1)
            if any(cell.strip() for cell in row)]
    if not rows:
        raise InputError("no terms found", path=path)
    header = rows[0][1]
    zh_col, en_col = _column(header, _ZH_NAMES), _column(header, _EN_NAMES)
    has_header = zh_col is not None and en_col is not None
    if has_header:
        variant_col = _column(header, _VARIANT_NAMES)
        rows = rows[1:]
    else:
        zh_col, en_col, variant_col = 0, 1, None
    terms = []
    for number, row in rows:
        if len(row) <= max(zh_col, en_col) or not row[zh_col].strip() or not row[en_col].strip():
            raise InputError("a row needs a Chinese and an English term; fill in the empty cell or delete the row", path=path, row=number)
        variants = split_variants(row[variant_col]) if variant_col is not None and len(row) > variant_col else ()
        terms.append(KnownTerm(row[zh_col].strip(), row[en_col].strip(), variants))
    return terms


_ENTRY_TAGS = ("conceptEntry", "termEntry")  # the 2019 and the 2008 form of ISO 30042
_LANGUAGE_TAGS = ("langSec", "langSet")
_TERM_GROUP_TAGS = ("termSec", "tig", "ntig")


def parse_tbx(data: bytes, source: str = "") -> list[KnownTerm]:
    """Terms from a TBX file, 2019 (``<tbx>``) or 2008 (``<martif>``) form: per entry, the
    zh term and the en terms (preferred first)."""
    from lxml import etree

    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        line, column = err.position
        raise InputError(f"not well-formed TBX ({quote(one_line(err.msg), 120)[1:-1]})",
                         path=source or None, line=line, column=column) from None
    terms = []
    for entry in root.iter(*(f"{{{TBX_NS}}}{tag}" for tag in _ENTRY_TAGS), *_ENTRY_TAGS):
        sides: dict[str, list[tuple[bool, str]]] = {"zh": [], "en": []}
        for lang_sec in entry:
            if not isinstance(lang_sec.tag, str) or etree.QName(lang_sec).localname not in _LANGUAGE_TAGS:
                continue
            lang = (lang_sec.get(XML_LANG) or "").lower().split("-")[0]
            if lang not in sides:
                continue
            for term_sec in lang_sec:
                if not isinstance(term_sec.tag, str) or etree.QName(term_sec).localname not in _TERM_GROUP_TAGS:
                    continue
                term = next((c for c in term_sec.iter() if isinstance(c.tag, str)
                             and etree.QName(c).localname == "term"), None)
                if term is None or not "".join(term.itertext()).strip():
                    continue
                preferred = any(isinstance(c.tag, str) and etree.QName(c).localname == "termNote"
                                and c.get("type") == "administrativeStatus"
                                and (c.text or "").startswith("preferred") for c in term_sec.iter())
                sides[lang].append((not preferred, "".join(term.itertext()).strip()))
        if sides["zh"] and sides["en"]:
            en = [text for _, text in sorted(sides["en"], key=lambda item: item[0])]
            terms.append(KnownTerm(sides["zh"][0][1], en[0], tuple(en[1:])))
    if not terms:
        raise InputError("no concept with both a Chinese and an English term", path=source or None)
    return terms


def read_known(path: str | Path) -> list[KnownTerm]:
    """Known terms from a .tbx, .csv or .tsv/.txt file (see module docstring)."""
    from parallel_corpus.document import read_text

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        return parse_tbx(read_input_bytes(path), str(path))
    text = read_text(path)
    if suffix == ".csv":
        return parse_table(text, ",", str(path))
    if suffix in (".tsv", ".txt", ".tab", ".utf8"):
        return parse_table(text, "\t", str(path))
    raise InputError(f"{path}: unknown glossary format {quote(suffix)}; give a .tsv, .csv, .txt or .tbx file")
