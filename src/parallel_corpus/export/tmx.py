"""TMX 1.4b: write aligned pairs as a translation memory, read memories back, merge them.

CAT tools (Trados, memoQ, OmegaT, Phrase) import the output, so it follows
``tmx14.dtd`` to the letter: UTF-8 without BOM, XML declaration, DOCTYPE, every
required header attribute, ``xml:lang`` on every ``tuv``. Text goes through
byte for byte; the only change ever made is removing characters XML 1.0 cannot
hold (C0 controls other than tab/newline/CR, U+FFFE, U+FFFF, lone surrogates),
and those are counted so the caller can warn.

The reader is tolerant of what other tools write (UTF-16 with a BOM, ``lang=``
instead of ``xml:lang``, assorted date formats) and reads plain text: the
content of inline codes (``bpt``/``ept``/``ph``/``it``/``ut``) is dropped and
counted, the text of ``hi``/``sub`` is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from parallel_corpus import __version__
from parallel_corpus.export.files import open_atomic
from parallel_corpus.types import Alignment, InputError

TMX_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TOOL = "parallel-corpus"
_TU_DEPTH = 2  # tmx/body/tu: how deep a unit is indented
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_INLINE_CODES = {"bpt", "ept", "ph", "it", "ut"}
_DATE_FORMATS = ("%Y%m%dT%H%M%SZ", "%Y%m%dT%H%M%S", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S",
                 "%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%Y-%m-%d", "%Y%m%d")


@dataclass(frozen=True)
class TranslationUnit:
    """One ``tu``: its language variants in file order, props, notes and date."""

    variants: tuple[tuple[str, str], ...]        # (language code, plain text)
    props: tuple[tuple[str, str], ...] = ()      # (type, value)
    notes: tuple[str, ...] = ()
    creationdate: datetime | None = None
    inline_codes: int = 0                        # inline code elements whose content was dropped

    def text(self, lang: str) -> str | None:
        """The text of the first variant whose primary language subtag is ``lang`` (``zh`` matches ``zh-CN``)."""
        wanted = lang.lower().split("-")[0]
        for code, text in self.variants:
            if code.lower().split("-")[0] == wanted:
                return text
        return None

    @property
    def score(self) -> float | None:
        """The ``x-score`` prop, if there is a readable one."""
        for kind, value in self.props:
            if kind == "x-score":
                try:
                    return float(value)
                except ValueError:
                    return None
        return None


@dataclass(frozen=True)
class TmxStats:
    """What :func:`format_tmx` wrote and left out."""

    units: int                 # tu elements written
    skipped: int               # non-null beads left out for scoring below min_score
    removed_characters: int    # characters XML 1.0 forbids, removed from the text


@dataclass(frozen=True)
class MergeStats:
    """What :func:`merge_tmx` read and wrote."""

    files: int
    units_read: int
    duplicates_removed: int
    units: int
    removed_characters: int
    inline_codes_dropped: int


def remove_forbidden(text: str) -> tuple[str, int]:
    """``text`` without the characters XML 1.0 cannot contain, and how many there were."""
    cleaned, count = _FORBIDDEN.subn("", text)
    return cleaned, count


def format_tmx(alignments: Sequence[Alignment], *, zh_code: str = "zh-CN", en_code: str = "en-US",
               min_score: float = 0.0, created: datetime | None = None) -> tuple[bytes, TmxStats]:
    """A TMX document with one ``tu`` per non-null bead scoring at least ``min_score``.

    Props per unit: ``x-document``, ``x-score``, ``x-flags`` (codes, comma-separated),
    ``x-zh-ids``/``x-en-ids`` (sentence indices); one ``note`` per flag with its message.
    ``created`` (default: now) is written as the header's UTC ``creationdate``.
    """
    units: list[TranslationUnit] = []
    skipped = 0
    for alignment in alignments:
        for bead in alignment.beads:
            if bead.is_null:
                continue
            if bead.score < min_score:
                skipped += 1
                continue
            zh, en = alignment.pair_texts(bead)
            units.append(TranslationUnit(
                variants=((zh_code, zh), (en_code, en)),
                props=(("x-document", alignment.document.name),
                       ("x-score", f"{bead.score:.4f}"),
                       ("x-flags", ",".join(f.code for f in bead.flags)),
                       ("x-zh-ids", ",".join(str(i) for i in bead.zh)),
                       ("x-en-ids", ",".join(str(i) for i in bead.en))),
                notes=tuple(f"{f.code}: {f.message}" for f in bead.flags)))
    data, removed = format_units(units, srclang=zh_code, created=created)
    return data, TmxStats(units=len(units), skipped=skipped, removed_characters=removed)


def format_units(units: Iterable[TranslationUnit], *, srclang: str,
                 created: datetime | None = None) -> tuple[bytes, int]:
    """Serialise units as TMX 1.4b; returns the bytes and the count of forbidden characters removed."""
    buffer = BytesIO()
    removed = write_units(buffer, units, srclang=srclang, created=created)
    return buffer.getvalue(), removed


def write_units(handle: BinaryIO, units: Iterable[TranslationUnit], *, srclang: str,
                created: datetime | None = None) -> int:
    """Write units as TMX 1.4b to a binary handle, one ``tu`` at a time; returns the forbidden characters removed.

    Only one unit's elements exist at any moment, so a memory of any size streams
    through in constant memory. The bytes are what lxml's pretty-printed
    serialisation of the whole tree gives: each ``tu`` is indented as its depth
    (``tmx/body/tu``) asks before it is written, and an empty body is ``<body/>``.
    """
    removed = 0

    def clean(text: str) -> str:
        nonlocal removed
        text, count = remove_forbidden(text)
        removed += count
        return text

    header = etree.Element("header", {
        "creationtool": TOOL, "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": TOOL, "adminlang": "en-US", "srclang": srclang, "datatype": "plaintext",
        "creationdate": _format_date(created or datetime.now(timezone.utc))})
    units = iter(units)
    first = next(units, None)
    with etree.xmlfile(handle, encoding="UTF-8") as xml:
        xml.write_declaration()
        xml.write_doctype(TMX_DOCTYPE)
        with xml.element("tmx", version="1.4"):
            xml.write("\n  ", header, "\n  ")
            if first is None:
                xml.write(etree.Element("body"))
            else:
                with xml.element("body"):
                    for number, unit in enumerate(chain([first], units), start=1):
                        tu = _unit_element(number, unit, clean)
                        etree.indent(tu, level=_TU_DEPTH)
                        xml.write("\n    ", tu)
                    xml.write("\n  ")
            xml.write("\n")
    handle.write(b"\n")  # after the root, where the incremental writer takes no text
    return removed


def _unit_element(number: int, unit: TranslationUnit, clean: Callable[[str], str]) -> etree._Element:
    """One ``tu`` element, every text passed through ``clean``."""
    tu = etree.Element("tu", tuid=str(number))
    if unit.creationdate is not None:
        tu.set("creationdate", _format_date(unit.creationdate))
    for kind, value in unit.props:
        etree.SubElement(tu, "prop", type=clean(kind)).text = clean(value)
    for note in unit.notes:
        etree.SubElement(tu, "note").text = clean(note)
    for lang, text in unit.variants:
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = clean(text)
    return tu


def read_tmx(path: str | Path) -> list[TranslationUnit]:
    """The translation units of a TMX file (any TMX version, UTF-8 or UTF-16 with BOM)."""
    return _read_tmx(path)[1]


def _read_tmx(path: str | Path) -> tuple[str, list[TranslationUnit]]:
    """The header's srclang and the units of a TMX file; InputError says what is wrong and where."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read the file ({err.strerror})") from None
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        line, column = err.position
        raise InputError(f"{path}: line {line}, column {column}: not well-formed XML ({err.msg}); "
                         "fix the file or leave it out") from None
    if root.tag != "tmx":
        raise InputError(f"{path}: line {root.sourceline}: root element is <{root.tag}>, not <tmx>; "
                         "is this a TMX file?")
    body = root.find("body")
    if body is None:
        raise InputError(f"{path}: no <body> element; is this a TMX file?")
    header = root.find("header")
    srclang = "" if header is None else header.get("srclang", "")
    return srclang, [_read_unit(path, tu) for tu in body.iter("tu")]


def merge_tmx(paths: Sequence[str | Path], output: str | Path, *,
              created: datetime | None = None) -> MergeStats:
    """Several memories as one file ``output``: exact duplicates (same texts in the same languages) removed.

    Of a set of duplicates the best-scored unit (``x-score``; units without a
    score rank last) is kept, with its props and notes; ties keep the first read.
    Units keep their first-seen order. ``srclang`` is the inputs' common source
    language, or ``*all*`` when they differ. Deduplication holds the kept units in
    memory; the output is streamed, and nothing is written unless every input reads.
    """
    if not paths:
        raise InputError("merge needs at least one TMX file")
    best: dict[tuple, TranslationUnit] = {}
    srclangs: set[str] = set()
    units_read = inline = 0
    for path in paths:
        srclang, units = _read_tmx(path)
        srclangs.add(srclang)
        for unit in units:
            units_read += 1
            inline += unit.inline_codes
            key = tuple(sorted((lang.lower(), text) for lang, text in unit.variants))
            kept = best.get(key)
            if kept is None or _rank(unit) > _rank(kept):
                best[key] = unit
    srclang = srclangs.pop() if len(srclangs) == 1 else "*all*"
    with open_atomic(output) as handle:
        removed = write_units(handle, best.values(), srclang=srclang, created=created)
    return MergeStats(files=len(paths), units_read=units_read, duplicates_removed=units_read - len(best),
                      units=len(best), removed_characters=removed, inline_codes_dropped=inline)


def _rank(unit: TranslationUnit) -> float:
    score = unit.score
    return float("-inf") if score is None else score


def _read_unit(path: Path, tu) -> TranslationUnit:
    variants = []
    inline = 0
    for tuv in tu.findall("tuv"):
        lang = tuv.get(XML_LANG) or tuv.get("lang")
        if not lang:
            raise InputError(f"{path}: line {tuv.sourceline}: <tuv> has no xml:lang (or lang) attribute")
        seg = tuv.find("seg")
        if seg is None:
            raise InputError(f"{path}: line {tuv.sourceline}: <tuv> has no <seg>")
        text, codes = _seg_text(seg)
        variants.append((lang, text))
        inline += codes
    if not variants:
        raise InputError(f"{path}: line {tu.sourceline}: <tu> has no <tuv>")
    props = tuple((p.get("type", ""), p.text or "") for p in tu.findall("prop"))
    notes = tuple(n.text or "" for n in tu.findall("note"))
    raw_date = tu.get("creationdate")
    date = None
    if raw_date:
        date = _parse_date(raw_date)
        if date is None:
            raise InputError(f"{path}: line {tu.sourceline}: unreadable creationdate {raw_date!r} "
                             "(expected e.g. 20210131T120000Z)")
    return TranslationUnit(tuple(variants), props, notes, date, inline)


def _seg_text(element) -> tuple[str, int]:
    """Plain text of a ``seg`` (or ``hi``/``sub``): inline codes are dropped and counted."""
    parts = [element.text or ""]
    codes = 0
    for child in element:
        if child.tag in _INLINE_CODES:
            codes += 1
        else:
            text, inner = _seg_text(child)
            parts.append(text)
            codes += inner
        parts.append(child.tail or "")
    return "".join(parts), codes


def _parse_date(raw: str) -> datetime | None:
    raw = raw.strip()
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00") if "-" in raw else raw)
    except ValueError:
        parsed = None
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(raw, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


def _format_date(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
