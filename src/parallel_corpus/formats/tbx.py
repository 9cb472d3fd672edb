"""NAME.glossary.tbx: the glossary as TBX-Basic, in the 2008 or the 2019 form of ISO 30042.

* ``2008`` (ISO 30042:2008, TBX-Basic 2.x): ``<martif type="TBX-Basic">`` with
  ``martifHeader`` and ``termEntry``/``langSet``/``tig``, no namespace. The default: it
  is the only form OmegaT 3.6 and Translate Toolkit read.
* ``2019`` (ISO 30042:2019, DCA style): ``<tbx type="TBX-Basic" style="dca">`` in the
  ``urn:iso:std:iso:30042:ed-2`` namespace with ``conceptEntry``/``langSec``/``termSec``;
  valid against TBXcoreStructV03.rng and the TBX-Basic dialect rules.

Both forms say the same about each glossary row, with the same TBX-Basic data categories:
the entry's subject field, source (document names) and a note with the evidence; a zh
language section with the term, its part of speech and a context sentence; an en section
with the preferred rendering (administrativeStatus preferredTerm) and the variants
(admittedTerm), each with part of speech. Term notes precede descriptions inside a term
group, as both core structures require.

The reader (:func:`parse_tbx`) takes either form, ours or another tool's, as known terms:
per entry the zh term and the en terms, preferred first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parallel_corpus import __version__
from parallel_corpus.glossary.types import KnownTerm, TermPair
from parallel_corpus.messages import one_line, quote
from parallel_corpus.types import EN_CODE, ZH_CODES, InputError

# lxml and the XML text helper load in the functions: the CLI reads TBX_FORMS when it builds its parser.

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SUBJECT_FIELD = "intellectual property"
TBX_FORMS = ("2008", "2019")
DEFAULT_TBX_FORM = "2008"


@dataclass(frozen=True)
class _Form:
    """What differs between the two forms: names, namespace and header; the content model is shared."""

    namespace: str | None
    root: str
    header: str
    entry: str
    language: str
    term_group: str
    style: str | None = None      # 2019: the dialect's style (DCA: data categories as elements)
    doctype: str | None = None    # 2008: the core structure DTD the instance names
    constraints: str | None = None  # 2008: the dialect's XCS file, named in the header
    body_when_empty: bool = False  # 2008: text must hold a body; 2019: no body rather than an empty one


_FORMS = {
    # TBX-Basic 2.x instances name their DTD (a copy of TBXcoreStructV02.dtd) and XCS; readers do not
    # fetch either (OmegaT 3.6 and Translate Toolkit read the file without them).
    "2008": _Form(None, "martif", "martifHeader", "termEntry", "langSet", "tig",
                  doctype='<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">',
                  constraints="TBXBasicXCSV02.xcs", body_when_empty=True),
    "2019": _Form(TBX_NS, "tbx", "tbxHeader", "conceptEntry", "langSec", "termSec", style="dca"),
}


def _element(parent, form: _Form, tag: str, text: str | None = None, **attrs):
    from lxml import etree

    from parallel_corpus.formats.tmx import remove_forbidden

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


def _root(form: _Form):
    from lxml import etree

    if form.namespace:
        root = etree.Element(f"{{{form.namespace}}}{form.root}", nsmap={None: form.namespace})
    else:
        root = etree.Element(form.root)
    root.set("type", "TBX-Basic")
    if form.style:
        root.set("style", form.style)
    root.set(XML_LANG, "en")
    return root


def format_tbx(terms: Sequence[TermPair], *, form: str = DEFAULT_TBX_FORM, zh_code: str = ZH_CODES["zh-Hans"],
               en_code: str = EN_CODE, description: str = "") -> bytes:
    """The glossary as TBX-Basic bytes (UTF-8, XML declaration) in ``form`` (see TBX_FORMS).

    An empty glossary gives an empty body in the 2008 form (its core structure asks for
    at least one entry, so readers simply find none) and no body in the 2019 form (whose
    schema accepts that and not an empty one).
    """
    from lxml import etree

    if form not in _FORMS:
        raise ValueError(f"unknown TBX form {form!r}; expected one of {', '.join(TBX_FORMS)}")
    shape = _FORMS[form]
    root = _root(shape)
    header = _element(root, shape, shape.header)
    file_desc = _element(header, shape, "fileDesc")
    source_desc = _element(file_desc, shape, "sourceDesc")
    _element(source_desc, shape, "p", description or f"Extracted by parallel-corpus {__version__} "
             "from aligned Chinese-English documents")
    if shape.constraints:
        encoding_desc = _element(header, shape, "encodingDesc")
        _element(encoding_desc, shape, "p", shape.constraints, type="XCSURI")
    text = _element(root, shape, "text")
    body = _element(text, shape, "body") if terms or shape.body_when_empty else None
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
                          doctype=shape.doctype)


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
                         path=source or None, line=line or None, column=column or None) from None
    terms = []
    for entry in root.iter(*(f"{{{TBX_NS}}}{tag}" for tag in _ENTRY_TAGS), *_ENTRY_TAGS):
        sides: dict[str, list[tuple[bool, str]]] = {"zh": [], "en": []}
        for lang_sec in entry:
            if not isinstance(lang_sec.tag, str) or etree.QName(lang_sec).localname not in _LANGUAGE_TAGS:
                continue
            lang = (lang_sec.get(XML_LANG) or "").lower().replace("_", "-").split("-")[0]
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
