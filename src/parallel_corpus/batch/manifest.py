"""The list of documents a batch runs over: a TSV manifest or a folder of paired files.

A TSV manifest is read as a stream (one row at a time), so an archive of millions
of documents never sits in memory; :func:`open_manifest` makes one validating
pass first, so a malformed manifest fails before any work starts (exit 2) and
the progress bar knows the total.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from parallel_corpus.atomic import check_output_name
from parallel_corpus.files import check_input_file, open_input
from parallel_corpus.messages import quote
from parallel_corpus.types import InputError

TSV_LAYOUTS = (("name", "zh", "en"), ("name", "path"))

# report.zh.txt + report.en.txt, or report.zh-en.txt (the extension is optional).
_FOLDER_FILE = re.compile(r"^(?P<name>[^.].*?)\.(?P<tag>zh-en|en-zh|zh|en)(?:\.[A-Za-z0-9]+)?$")


@dataclass(frozen=True)
class ManifestEntry:
    """One document of a batch: its output name and its one or two input files."""

    name: str
    inputs: tuple[str, ...]


class Manifest:
    """Documents of a batch, validated once and then streamed on every iteration."""

    def __init__(self, path: str | Path):
        # Absolute, so that workers started in another folder (a cluster) find the documents.
        self.path = Path(path).absolute()
        if not self.path.exists():
            raise InputError("no such file or folder; give a TSV manifest or a folder of documents", path=path)
        if not self.path.is_dir():
            check_input_file(self.path, max_bytes=None)  # streamed, so any size; never a pipe
        self._size = 0
        seen: set[str] = set()
        for entry in self:
            if entry.name in seen:
                raise InputError(f"{self.path}: document name {quote(entry.name)} appears twice; "
                                 "names must be unique because they name the output files")
            seen.add(entry.name)
            self._size += 1
        if not self._size:
            raise InputError(f"{self.path}: no documents found")

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[ManifestEntry]:
        if self.path.is_dir():
            return _folder_entries(self.path)
        return _tsv_entries(self.path)


def open_manifest(path: str | Path) -> Manifest:
    """Validate MANIFEST (TSV file or folder) and return it, ready to stream."""
    return Manifest(path)


def _tsv_entries(path: Path) -> Iterator[ManifestEntry]:
    base = path.parent
    try:
        with io.TextIOWrapper(open_input(path, max_bytes=None), encoding="utf-8-sig", newline="") as handle:
            # One row a line and no quoting: a quote is part of a name or path, and line numbers stay exact.
            rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(rows, None)
            columns = tuple(cell.strip().lower() for cell in header or ())
            if sorted(columns) not in [sorted(layout) for layout in TSV_LAYOUTS]:
                raise InputError(f"the header must name the columns 'name, zh, en' or 'name, path' "
                                 f"(tab-separated), got {quote(', '.join(columns))}", path=path, line=1)
            for row in rows:
                if not any(cell.strip() for cell in row):
                    continue
                line = rows.line_num
                if len(row) != len(columns):
                    raise InputError(f"expected {len(columns)} tab-separated columns, got {len(row)}",
                                     path=path, line=line)
                cells = dict(zip(columns, (cell.strip() for cell in row)))
                files = [cells["path"]] if "path" in cells else [cells["zh"], cells["en"]]
                if not all(files):
                    raise InputError("an empty file path; give the document's file(s) or delete the row",
                                     path=path, line=line)
                yield ManifestEntry(check_output_name(cells["name"], path=path, line=line),
                                    tuple(str(base / f) for f in files))
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: the manifest must be UTF-8 text ({err.reason})") from None
    except csv.Error as err:
        raise InputError(f"{path}: malformed TSV ({err})") from None


def _folder_entries(folder: Path) -> Iterator[ManifestEntry]:
    """Pair NAME.zh.* with NAME.en.*, or take NAME.zh-en.* alone, in name order."""
    groups: dict[str, dict[str, str]] = {}
    for file in sorted(folder.iterdir()):
        if file.name.startswith(".") or file.is_dir():
            continue
        match = _FOLDER_FILE.match(file.name)
        if not match:
            raise InputError(f"{folder}: cannot tell the language of {quote(file.name)}; name files "
                             "NAME.zh.txt and NAME.en.txt, or NAME.zh-en.txt for one bilingual file")
        tag = "zh-en" if match["tag"] in ("zh-en", "en-zh") else match["tag"]
        group = groups.setdefault(match["name"], {})
        if tag in group:
            raise InputError(f"{folder}: two '{tag}' files for document {quote(match['name'])}: "
                             f"{quote(Path(group[tag]).name)} and {quote(file.name)}")
        group[tag] = str(file)
    for name, group in groups.items():
        where = f"{folder}/{name}"
        if set(group) == {"zh-en"}:
            yield ManifestEntry(check_output_name(name, where), (group["zh-en"],))
        elif set(group) == {"zh", "en"}:
            yield ManifestEntry(check_output_name(name, where), (group["zh"], group["en"]))
        else:
            shown = ", ".join(Path(p).name for p in group.values())
            raise InputError(f"{folder}: document {quote(name)} has {quote(shown, 120)}; it needs both a .zh and an "
                             ".en file, or one .zh-en file")
