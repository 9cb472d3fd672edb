"""Word (.docx): paragraphs and tables in reading order, with what Word knows about them.

Styles and outline levels give titles and headings; tracked changes are read as
accepted; Word's automatic list numbers (一、 1. (一)), which are not in the text
runs, are rebuilt from the numbering definitions because they are alignment
evidence; a two-column table with a Chinese and an English column is a
bilingual document whose rows translate each other.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from parallel_corpus.files import read_input_bytes
from parallel_corpus.readers.base import Block
from parallel_corpus.readers.tables import is_bilingual
from parallel_corpus.types import InputError, UnitKind

# What a .docx may unpack to. The XML of a 2000-page text document is about 20 MB;
# more is a zip bomb or many images, and python-docx would hold it all in memory.
MAX_UNPACKED_BYTES = 128 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Subtrees whose text is not part of the paragraph as it reads once changes are accepted:
# deletions and moved-away text, properties, text boxes (their own paragraphs, placed
# anywhere), and the compatibility copy of a drawing.
_SKIP = {_W + "del", _W + "moveFrom", _W + "pPr", _W + "rPr", _W + "txbxContent", _MC_FALLBACK}
_CHARACTERS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
# Containers whose children are body content (content controls, custom XML, moved-in text).
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml"}
# Numbering formats whose text we can write; other formats (pictures, rare scripts) are left out.
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_STEMS_BRANCHES = "甲乙丙丁戊己庚辛壬癸"
_CHINESE_COUNTING = {"chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
                     "taiwaneseCountingThousand", "japaneseCounting", "ideographDigital"}


def read_docx(path: Path) -> list[Block]:
    """The blocks of a Word file; InputError for a broken or oversized package."""
    data = read_input_bytes(path)
    _check_unpacked_size(data, path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(data))
        reader = _Reader(document)
        return list(reader.blocks(document.element.body))
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, PackageNotFoundError,
            etree.XMLSyntaxError):
        raise InputError(f"{path}: not a readable Word document (a corrupt .docx); "
                         "save it again from Word") from None


def _check_unpacked_size(data: bytes, path: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, EOFError):
        raise InputError(f"{path}: a broken zip archive (a corrupt or truncated .docx); "
                         "save it again from Word") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(f"{path}: would unpack to {unpacked / 2**20:.0f} MB, over the "
                         f"{MAX_UNPACKED_BYTES / 2**20:.0f} MB limit for one Word document (a zip bomb?); "
                         "split it and use `batch`")


@dataclass(frozen=True)
class _Level:
    """One level of a list definition: how its number is written."""

    start: int
    format: str
    text: str  # the pattern, "%1、" or "(%2)"
    legal: bool  # every level's number written in decimal (isLgl)


class _Reader:
    """Walks one document, keeping the list counters and the table-row count."""

    def __init__(self, document):
        self.styles = {s.get(_W + "styleId"): s for s in document.styles.element.iter(_W + "style")}
        self.default_style = next((sid for sid, s in self.styles.items()
                                   if s.get(_W + "type") == "paragraph" and s.get(_W + "default") in ("1", "true")),
                                  None)
        self.lists, self.list_of = _numbering(document)
        self.counters: dict[str, dict[int, int]] = {}  # per list definition: level -> current number
        self.started: set[str] = set()  # list instances seen (their start overrides applied)
        self.rows = 0

    def blocks(self, container) -> Iterator[Block]:
        for child in container:
            if child.tag == _W + "p":
                block = self.paragraph(child)
                if block.text.strip():
                    yield block
            elif child.tag == _W + "tbl":
                yield from self.table(child)
            elif child.tag in _WRAPPERS:
                yield from self.blocks(child)

    def paragraph(self, p, row: int | None = None) -> Block:
        parts: list[str] = []
        _collect_text(p, parts)
        text = "".join(parts)
        number = self.list_number(p) if text.strip() else None
        if number:
            separator = "" if _is_wide(number[-1]) or _is_wide(text.lstrip()[:1]) else " "
            text = number + separator + text.lstrip()
        return Block(text, self.kind(p), row)

    def table(self, table) -> Iterator[Block]:
        rows = [[tc for tc in tr.iter(_W + "tc") if tc.getparent() is tr or tc.getparent().getparent() is tr]
                for tr in table.iter(_W + "tr") if _nearest_table(tr) is table]
        if is_bilingual([["".join(_cell_text(cell)) for cell in cells] for cells in rows]):
            for cells in rows:
                self.rows += 1
                row = self.rows if len(cells) == 2 else None  # a caption across the table pairs with nothing
                for cell in cells:
                    for p in cell.iter(_W + "p"):
                        block = self.paragraph(p, row)
                        if block.text.strip():
                            yield block
            return
        for cells in rows:
            for cell in cells:
                yield from self.blocks(cell)

    def style_chain(self, p) -> Iterator:
        """The paragraph's style and the styles it is based on, nearest first."""
        ppr = p.find(_W + "pPr")
        node = ppr.find(_W + "pStyle") if ppr is not None else None
        style_id = node.get(_W + "val") if node is not None else self.default_style
        seen = set()
        while style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(_W + "basedOn")
            style_id = based.get(_W + "val") if based is not None else None

    def kind(self, p) -> UnitKind | None:
        """Title and heading styles or an outline level say so; other paragraphs: the text rules."""
        chain = list(self.style_chain(p))
        names = [(s.find(_W + "name").get(_W + "val") or "").lower()
                 for s in chain if s.find(_W + "name") is not None]
        if "title" in names:
            return "title"
        for props in [p.find(_W + "pPr"), *(s.find(_W + "pPr") for s in chain)]:
            level = props.find(_W + "outlineLvl") if props is not None else None
            if level is not None:
                return "heading" if int(level.get(_W + "val", "9")) < 9 else None
        return "heading" if any(name.startswith("heading ") for name in names) else None

    def list_number(self, p) -> str | None:
        """The automatic number Word shows before this paragraph, when its definition can be written."""
        numbered = (props.find(_W + "numPr") for props in
                    [p.find(_W + "pPr"), *(s.find(_W + "pPr") for s in self.style_chain(p))] if props is not None)
        numpr = next((n for n in numbered if n is not None and n.find(_W + "numId") is not None), None)
        if numpr is None:
            return None
        num_id = numpr.find(_W + "numId").get(_W + "val")
        level_node = numpr.find(_W + "ilvl")
        level = int(level_node.get(_W + "val", "0")) if level_node is not None else 0
        if num_id not in self.list_of:  # "0" (numbering switched off) or an unknown list
            return None
        definition, overrides = self.list_of[num_id]
        levels = {**self.lists.get(definition, {}), **overrides.get("levels", {})}
        counters = self.counters.setdefault(definition, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for restart_level, start in overrides.get("starts", {}).items():
                counters[restart_level] = start - 1
        if level not in levels:
            return None
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        return _number_text(levels, counters, level)


def _collect_text(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        else:
            _collect_text(child, parts)


def _cell_text(cell) -> Iterator[str]:
    for p in cell.iter(_W + "p"):
        parts: list[str] = []
        _collect_text(p, parts)
        yield from parts


def _nearest_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != _W + "tbl":
        parent = parent.getparent()
    return parent


def _is_wide(ch: str) -> bool:
    return bool(ch) and ord(ch) >= 0x2E80


def _numbering(document) -> tuple[dict[str, dict[int, _Level]], dict[str, tuple[str, dict]]]:
    """List definitions (abstractNum) by id, and each list instance (num): its definition and overrides."""
    try:
        root = document.part.numbering_part.element
    except NotImplementedError:  # python-docx's answer when the document has no numbering part
        return {}, {}
    lists = {node.get(_W + "abstractNumId"): _levels(node) for node in root.iter(_W + "abstractNum")}
    instances = {}
    for node in root.iter(_W + "num"):
        abstract = node.find(_W + "abstractNumId")
        if abstract is None:
            continue
        overrides: dict = {"starts": {}, "levels": {}}
        for override in node.iter(_W + "lvlOverride"):
            level = int(override.get(_W + "ilvl", "0"))
            start = override.find(_W + "startOverride")
            if start is not None:
                overrides["starts"][level] = int(start.get(_W + "val", "1"))
            overrides["levels"].update(_levels(override))
        instances[node.get(_W + "numId")] = (abstract.get(_W + "val"), overrides)
    return lists, instances


def _levels(node) -> dict[int, _Level]:
    def value(lvl, name: str, default: str) -> str:
        child = lvl.find(_W + name)
        return child.get(_W + "val", default) if child is not None else default

    levels = {}
    for lvl in node.findall(_W + "lvl"):
        levels[int(lvl.get(_W + "ilvl", "0"))] = _Level(
            start=int(value(lvl, "start", "0")), format=value(lvl, "numFmt", "decimal"),
            text=value(lvl, "lvlText", ""), legal=lvl.find(_W + "isLgl") is not None)
    return levels


def _number_text(levels: dict[int, _Level], counters: dict[int, int], level: int) -> str | None:
    """The level's pattern with each %k replaced by level k-1's number; None when one cannot be written."""
    if levels[level].format == "bullet":  # a symbol, not a number: no evidence to align on
        return None
    pattern = levels[level].text
    out, k = [], 0
    while k < len(pattern):
        if pattern[k] == "%" and k + 1 < len(pattern) and pattern[k + 1].isdigit():
            other = int(pattern[k + 1]) - 1
            if other not in levels:
                return None
            count = counters.get(other, levels[other].start)
            written = _format_number(count, "decimal" if levels[level].legal else levels[other].format)
            if written is None:
                return None
            out.append(written)
            k += 2
        else:
            out.append(pattern[k])
            k += 1
    return "".join(out).strip() or None


def _format_number(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" and n < 10 else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = _LETTERS[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in _CHINESE_COUNTING and n >= 0:
        import cn2an

        return cn2an.an2cn(n)
    if fmt == "ideographTraditional" and 1 <= n <= len(_STEMS_BRANCHES):
        return _STEMS_BRANCHES[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    return None


def _roman(n: int) -> str:
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)
