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

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO
from itertools import chain
from pathlib import Path
from typing import BinaryIO

import numpy as np
from lxml import etree

from parallel_corpus import __version__
from parallel_corpus.atomic import open_atomic
from parallel_corpus.files import open_input
from parallel_corpus.messages import quote
from parallel_corpus.signature import canonical_signature
from parallel_corpus.types import Alignment, InputError

TMX_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TOOL = "parallel-corpus"
SIGNATURE_PROP = "x-signature"  # header prop: what made the units (pipeline.Signature's text)
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
    signatures: tuple[str | None, ...] = ()   # each input's x-signature, None where it has none

    def signature_groups(self, paths: Sequence[str | Path]) -> dict[str | None, list[str]]:
        """The inputs ``paths`` (as given to merge) by signature; more than one group means their
        ``x-score`` values may come from different encoders or settings and do not compare."""
        groups: dict[str | None, list[str]] = {}
        for path, signature in zip(paths, self.signatures):
            groups.setdefault(signature, []).append(str(path))
        return groups


def remove_forbidden(text: str) -> tuple[str, int]:
    """``text`` without the characters XML 1.0 cannot contain, and how many there were."""
    cleaned, count = _FORBIDDEN.subn("", text)
    return cleaned, count


def format_tmx(alignments: Sequence[Alignment], *, zh_code: str = "zh-CN", en_code: str = "en-US",
               min_score: float = 0.0, created: datetime | None = None,
               signature: str | None = None) -> tuple[bytes, TmxStats]:
    """A TMX document with one ``tu`` per non-null bead scoring at least ``min_score``.

    Props per unit: ``x-document``, ``x-score``, ``x-flags`` (codes, comma-separated),
    ``x-zh-ids``/``x-en-ids`` (sentence indices); one ``note`` per flag with its message.
    ``created`` (default: now) is written as the header's UTC ``creationdate``;
    ``signature`` (``pipeline.Signature.text()``) as the header's ``x-signature`` prop.
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
    data, removed = format_units(units, srclang=zh_code, created=created, signature=signature)
    return data, TmxStats(units=len(units), skipped=skipped, removed_characters=removed)


def format_units(units: Iterable[TranslationUnit], *, srclang: str, created: datetime | None = None,
                 signature: str | None = None) -> tuple[bytes, int]:
    """Serialise units as TMX 1.4b; returns the bytes and the count of forbidden characters removed."""
    buffer = BytesIO()
    removed = write_units(buffer, units, srclang=srclang, created=created, signature=signature)
    return buffer.getvalue(), removed


def write_units(handle: BinaryIO, units: Iterable[TranslationUnit], *, srclang: str,
                created: datetime | None = None, signature: str | None = None) -> int:
    """Write units as TMX 1.4b to a binary handle, one ``tu`` at a time; returns the forbidden characters removed.

    ``signature``, when given, is the header's ``x-signature`` prop.

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
    if signature is not None:
        etree.SubElement(header, "prop", type=SIGNATURE_PROP).text = clean(signature)
        etree.indent(header, level=1)
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
    return list(TmxStream(path))


class TmxStream:
    """The units of a TMX file, parsed as a stream: each ``tu`` is freed once read, so a
    memory of any size takes constant memory. ``srclang`` is the header's, once read.
    InputError says what is wrong and where."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.srclang = ""
        self.signature: str | None = None   # the header's x-signature prop, once read

    def __iter__(self) -> Iterator[TranslationUnit]:
        return (_read_unit(self.path, element) for element in self.elements())

    def elements(self) -> Iterator[etree._Element]:
        """The ``tu`` elements, each valid until the next is asked for."""
        path = self.path
        with open_input(path, max_bytes=None) as handle:  # streamed, so any size; never a pipe
            # Entities the file declares itself are expanded (libxml2 caps their amplification, so
            # "billion laughs" is refused as not well-formed); external ones are never read.
            events = etree.iterparse(handle, events=("end",), tag=("tu", "header"), no_network=True,
                                     load_dtd=False, resolve_entities="internal", huge_tree=True)
            root = None
            try:
                for _, element in events:
                    if root is None:  # (iterparse sets its own .root only at the end)
                        root = element.getroottree().getroot()
                        self._check_root(root)
                    parent = element.getparent()
                    if element.tag == "header":
                        if parent is root:
                            self.srclang = element.get("srclang", "")
                            self.signature = next((p.text or "" for p in element.findall("prop")
                                                   if p.get("type") == SIGNATURE_PROP), None)
                    elif parent is not None and parent.tag == "body" and parent.getparent() is root:
                        yield element
                        element.clear(keep_tail=True)
                        while element.getprevious() is not None:
                            del parent[0]
            except etree.XMLSyntaxError as err:
                line, column = err.position
                advice = ("an entity declared outside the file is never read: replace it with its text"
                          if err.msg.startswith("Entity '") else "fix the file or leave it out")
                raise InputError(f"not well-formed XML ({quote(err.msg, 120)[1:-1]}); {advice}",
                                 path=path, line=line or None, column=column or None) from None
            self._check_root(events.root)
            if events.root.find("body") is None:
                raise InputError(f"{path}: no <body> element; is this a TMX file?")

    def _check_root(self, root: etree._Element) -> None:
        if root.tag != "tmx":
            raise InputError(f"root element is <{root.tag}>, not <tmx>; is this a TMX file?",
                             path=self.path, line=root.sourceline)


def merge_tmx(paths: Sequence[str | Path], output: str | Path, *,
              created: datetime | None = None) -> MergeStats:
    """Several memories as one file ``output``: exact duplicates (same texts in the same languages) removed.

    Of a set of duplicates the best-scored unit (``x-score``; units without a
    score rank last) is kept, with its props and notes; ties keep the first read.
    Units keep their first-seen order. ``srclang`` is the inputs' common source
    language, or ``*all*`` when they differ. The output keeps the inputs' ``x-signature``
    when they all have the same one; the stats list each input's, so that the caller
    can warn when the kept scores come from different encoders or settings.
    Nothing is written unless every input reads.

    Two streamed passes keep memory small: the first reads every input and keeps, per
    distinct pair of texts, a 16-byte digest and where its best unit is; the second
    reads the inputs again and writes those units. Only a unit that beats an earlier
    duplicate waits in memory until the units before its place are written.
    """
    if not paths:
        raise InputError("merge needs at least one TMX file")
    best: dict[bytes, tuple[int, float, int, int]] = {}  # digest -> (place, rank, file, unit)
    counts: list[int] = []
    srclangs: set[str] = set()
    signatures: list[str | None] = []
    units_read = inline = 0
    for file, path in enumerate(paths):
        stream = TmxStream(path)
        count = 0
        for unit in stream:
            inline += unit.inline_codes
            digest, rank = _unit_digest(unit), _rank(unit)
            kept = best.get(digest)
            if kept is None or rank > kept[1]:
                best[digest] = (len(best) if kept is None else kept[0], rank, file, count)
            count += 1
        srclangs.add(stream.srclang)
        signatures.append(canonical_signature(stream.signature))
        counts.append(count)
        units_read += count
    places = [np.full(count, -1, dtype=np.int64) for count in counts]
    for place, _, file, index in best.values():
        places[file][index] = place
    kept_units = len(best)
    del best
    srclang = srclangs.pop() if len(srclangs) == 1 else "*all*"
    common = signatures[0] if len(set(signatures)) == 1 else None
    with open_atomic(output) as handle:
        removed = write_units(handle, _units_in_place(paths, places), srclang=srclang, created=created,
                              signature=common)
    return MergeStats(files=len(paths), units_read=units_read, duplicates_removed=units_read - kept_units,
                      units=kept_units, removed_characters=removed, inline_codes_dropped=inline,
                      signatures=tuple(signatures))


def _unit_digest(unit: TranslationUnit) -> bytes:
    """Identity of a unit's texts, whatever the order of its variants or the case of their language codes."""
    digest = hashlib.blake2b(digest_size=16)
    for lang, text in sorted((lang.lower(), text) for lang, text in unit.variants):
        # XML 1.0 cannot hold U+0000 or U+0001, so they separate the fields unambiguously.
        digest.update(f"{lang}\x00{text}\x01".encode("utf-8", "surrogatepass"))
    return digest.digest()


def _units_in_place(paths: Sequence[str | Path], places: list[np.ndarray]) -> Iterator[TranslationUnit]:
    """The kept units of the second pass, in the places the first pass gave them."""
    waiting: dict[int, TranslationUnit] = {}
    next_place = 0
    for file, path in enumerate(map(Path, paths)):
        count = 0
        for element in TmxStream(path).elements():
            if count == len(places[file]):
                raise InputError(f"{path}: the file changed while it was being merged; run merge again")
            place = int(places[file][count])
            count += 1
            if place < 0:
                continue  # a duplicate: not even parsed
            waiting[place] = _read_unit(path, element)
            while next_place in waiting:
                yield waiting.pop(next_place)
                next_place += 1
        if count != len(places[file]):
            raise InputError(f"{path}: the file changed while it was being merged; run merge again")
    if waiting:
        raise InputError("an input changed while it was being merged; run merge again")


def _rank(unit: TranslationUnit) -> float:
    score = unit.score
    return float("-inf") if score is None else score


def _read_unit(path: Path, tu) -> TranslationUnit:
    variants = []
    inline = 0
    for tuv in tu.findall("tuv"):
        lang = tuv.get(XML_LANG) or tuv.get("lang")
        if not lang:
            raise InputError("<tuv> has no xml:lang (or lang) attribute; fix the file or leave it out",
                             path=path, line=tuv.sourceline)
        seg = tuv.find("seg")
        if seg is None:
            raise InputError("<tuv> has no <seg>; fix the file or leave it out", path=path, line=tuv.sourceline)
        text, codes = _seg_text(seg)
        variants.append((lang, text))
        inline += codes
    if not variants:
        raise InputError("<tu> has no <tuv>; fix the file or leave it out", path=path, line=tu.sourceline)
    props = tuple((p.get("type", ""), p.text or "") for p in tu.findall("prop"))
    notes = tuple(n.text or "" for n in tu.findall("note"))
    raw_date = tu.get("creationdate")
    date = None
    if raw_date:
        date = _parse_date(raw_date)
        if date is None:
            raise InputError(f"unreadable creationdate {quote(raw_date)} (expected e.g. 20210131T120000Z)",
                             path=path, line=tu.sourceline)
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
