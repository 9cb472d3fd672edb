"""NAME.glossary.tbx: TBX-Basic (ISO 30042:2019, DCA style).

One conceptEntry per glossary row: subject field; a zh langSec with the term, its part
of speech and a context sentence; an en langSec with the preferred rendering
(administrativeStatus preferredTerm) and the variants (admittedTerm), each with part
of speech; the source (document names) and a note with the evidence. Valid against
TBXcoreStructV03.rng and the TBX-Basic dialect rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from parallel_corpus import __version__
from parallel_corpus.export.tmx import remove_forbidden
from parallel_corpus.glossary import TermPair

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SUBJECT_FIELD = "intellectual property"


def _el(parent, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}", **attrs)
    if text is not None:
        element.text = remove_forbidden(text)[0]  # control characters cannot be XML text
    return element


def _term_sec(lang_sec, term: str, pos: str, *, status: str | None = None, context: str = ""):
    sec = _el(lang_sec, "termSec")
    _el(sec, "term", term)
    _el(sec, "termNote", pos, type="partOfSpeech")
    if status:
        _el(sec, "termNote", status, type="administrativeStatus")
    if context:
        _el(sec, "descrip", context, type="context")
    return sec


def format_tbx(terms: Sequence[TermPair], *, zh_code: str = "zh-CN", en_code: str = "en-US",
               description: str = "") -> bytes:
    """The glossary as TBX-Basic bytes (UTF-8, XML declaration)."""
    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS}, type="TBX-Basic", style="dca")
    root.set(XML_LANG, "en")
    header = _el(root, "tbxHeader")
    file_desc = _el(header, "fileDesc")
    source_desc = _el(file_desc, "sourceDesc")
    _el(source_desc, "p", description or f"Extracted by parallel-corpus {__version__} "
        "from aligned Chinese-English documents")
    text = _el(root, "text")
    body = _el(text, "body") if terms else None  # the schema wants no body rather than an empty one
    for number, t in enumerate(terms, start=1):
        entry = _el(body, "conceptEntry", id=f"c{number}")
        _el(entry, "descrip", SUBJECT_FIELD, type="subjectField")
        if t.source:
            _el(entry, "admin", t.source, type="source")
        origin = "extracted" if t.is_new else "known term"
        _el(entry, "note", f"{origin}; score {t.score:.2f}; zh in {t.zh_freq}, en in {t.en_freq}, "
            f"together in {t.pair_freq} aligned segments")
        zh_sec = _el(entry, "langSec")
        zh_sec.set(XML_LANG, zh_code)
        _term_sec(zh_sec, t.zh, t.pos, context=t.example_zh)
        en_sec = _el(entry, "langSec")
        en_sec.set(XML_LANG, en_code)
        _term_sec(en_sec, t.en, t.pos, status="preferredTerm-admn-sts", context=t.example_en)
        for variant in t.en_variants:
            _term_sec(en_sec, variant, t.pos, status="admittedTerm-admn-sts")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
