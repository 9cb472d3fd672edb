"""NAME.glossary.tbx: the glossary as TBX-Basic, in the 2008 or the 2019 form of ISO 30042.

* ``2008`` (ISO 30042:2008, TBX-Basic 2.x): ``<martif type="TBX-Basic">`` with
  ``martifHeader`` and ``termEntry``/``langSet``/``tig``, no namespace. The form that
  OmegaT, Translate Toolkit, memoQ, MultiTerm and Phrase import, hence the default.
* ``2019`` (ISO 30042:2019, DCA style): ``<tbx type="TBX-Basic" style="dca">`` in the
  ``urn:iso:std:iso:30042:ed-2`` namespace with ``conceptEntry``/``langSec``/``termSec``;
  valid against TBXcoreStructV03.rng and the TBX-Basic dialect rules.

Both forms say the same about each glossary row, with the same TBX-Basic data categories:
the entry's subject field, source (document names) and a note with the evidence; a zh
language section with the term, its part of speech and a context sentence; an en section
with the preferred rendering (administrativeStatus preferredTerm) and the variants
(admittedTerm), each with part of speech. Term notes precede descriptions inside a term
group, as both core structures require.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parallel_corpus import __version__

if TYPE_CHECKING:
    from parallel_corpus.glossary import TermPair

# lxml and the TMX helpers load in the functions: the CLI reads TBX_FORMS when it builds its parser.

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SUBJECT_FIELD = "intellectual property"
TBX_FORMS = ("2008", "2019")
# TBX-Basic 2.x instances name the core structure DTD (a copy of TBXcoreStructV02.dtd);
# readers do not need the file (OmegaT 3.6 and Translate Toolkit were tried without it).
_DOCTYPE_2008 = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
DEFAULT_TBX_FORM = "2008"


@dataclass(frozen=True)
class _Form:
    """Element names and header of one TBX form; the content model is otherwise the same."""

    namespace: str | None
    root: str
    header: str
    entry: str
    language: str
    term_group: str


_FORMS = {
    "2008": _Form(None, "martif", "martifHeader", "termEntry", "langSet", "tig"),
    "2019": _Form(TBX_NS, "tbx", "tbxHeader", "conceptEntry", "langSec", "termSec"),
}


def _element(parent, form: _Form, tag: str, text: str | None = None, **attrs):
    from lxml import etree

    from parallel_corpus.export.tmx import remove_forbidden

    name = f"{{{form.namespace}}}{tag}" if form.namespace else tag
    element = etree.SubElement(parent, name, **attrs)
    if text is not None:
        element.text = remove_forbidden(text)[0]  # control characters cannot be XML text
    return element


def _term_group(language, form: _Form, term: str, pos: str, *, status: str | None = None,
                context: str = "") -> None:
    group = _element(language, form, form.term_group)
    _element(group, form, "term", term)
    _element(group, form, "termNote", pos, type="partOfSpeech")
    if status:
        _element(group, form, "termNote", status, type="administrativeStatus")
    if context:
        _element(group, form, "descrip", context, type="context")


def _root(form: str):
    from lxml import etree

    if form == "2019":
        root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS}, type="TBX-Basic", style="dca")
    else:
        root = etree.Element("martif", type="TBX-Basic")
    root.set(XML_LANG, "en")
    return root


def format_tbx(terms: Sequence[TermPair], *, form: str = DEFAULT_TBX_FORM, zh_code: str = "zh-CN",
               en_code: str = "en-US", description: str = "") -> bytes:
    """The glossary as TBX-Basic bytes (UTF-8, XML declaration) in ``form`` (see TBX_FORMS).

    An empty glossary gives an empty body in the 2008 form (its core structure asks for
    at least one entry, so readers simply find none) and no body in the 2019 form (whose
    schema accepts that and not an empty one).
    """
    from lxml import etree

    if form not in _FORMS:
        raise ValueError(f"unknown TBX form {form!r}; expected one of {', '.join(TBX_FORMS)}")
    shape = _FORMS[form]
    root = _root(form)
    header = _element(root, shape, shape.header)
    file_desc = _element(header, shape, "fileDesc")
    source_desc = _element(file_desc, shape, "sourceDesc")
    _element(source_desc, shape, "p", description or f"Extracted by parallel-corpus {__version__} "
             "from aligned Chinese-English documents")
    if form == "2008":  # TBX 2008 names its constraint specification in the header
        encoding_desc = _element(header, shape, "encodingDesc")
        _element(encoding_desc, shape, "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    text = _element(root, shape, "text")
    body = _element(text, shape, "body") if terms or form == "2008" else None
    for number, t in enumerate(terms, start=1):
        entry = _element(body, shape, shape.entry, id=f"c{number}")
        _element(entry, shape, "descrip", SUBJECT_FIELD, type="subjectField")
        if t.source:
            _element(entry, shape, "admin", t.source, type="source")
        origin = "extracted" if t.is_new else "known term"
        _element(entry, shape, "note", f"{origin}; score {t.score:.2f}; zh in {t.zh_freq}, "
                 f"en in {t.en_freq}, together in {t.pair_freq} aligned segments")
        zh_language = _element(entry, shape, shape.language)
        zh_language.set(XML_LANG, zh_code)
        _term_group(zh_language, shape, t.zh, t.pos, context=t.example_zh)
        en_language = _element(entry, shape, shape.language)
        en_language.set(XML_LANG, en_code)
        _term_group(en_language, shape, t.en, t.pos, status="preferredTerm-admn-sts",
                    context=t.example_en)
        for variant in t.en_variants:
            _term_group(en_language, shape, variant, t.pos, status="admittedTerm-admn-sts")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype=_DOCTYPE_2008 if form == "2008" else None)
