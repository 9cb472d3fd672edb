"""Import arrows point down only: the lower layers never import the ones built on them.

Read from the source with ast (imports inside functions count too), so a lazy import
cannot hide an upward arrow.
"""

import ast
from pathlib import Path

import pytest

import parallel_corpus

PACKAGE = Path(parallel_corpus.__file__).parent

# The jobs and the layers that write or check results: everything reading, embedding and aligning sits below.
JOBS = ("pipeline", "cli", "qa", "review", "batch", "corrections")
LOWER = {
    # reading, segmenting, embedding, aligning, numbers; plain data; checked input and atomic output:
    # none of the layers built on them
    ("encoders", "align", "readers", "segment.py", "document.py", "script.py", "types.py", "files.py",
     "atomic.py", "numbers.py", "messages.py", "cells.py", "signature.py"):
        ("formats", "glossary", "evaluate", "plots", "studies", "terminology", *JOBS),
    # the file formats: below the jobs; of the glossary they use only its records
    ("formats",): JOBS,
    # the glossary reads term files through formats, and is used by the jobs
    ("glossary",): JOBS,
}


def imported_modules(source: Path, root: Path = PACKAGE) -> set[str]:
    """Every parallel_corpus module ``source`` (a file under ``root``) imports, as a dotted name
    relative to the package; ``from pkg import name`` also counts as importing ``pkg.name``."""
    names = set()
    package = source.relative_to(root.parent).with_suffix("").parts[:-1]
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return {name.removeprefix("parallel_corpus.") for name in names if name.startswith("parallel_corpus.")}


def sources(places: tuple[str, ...]) -> list[Path]:
    found = []
    for place in places:
        path = PACKAGE / place
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    assert all(p.is_file() for p in found), found
    return found


@pytest.mark.parametrize("places", list(LOWER), ids=lambda places: "+".join(places))
def test_no_upward_imports(places):
    forbidden = LOWER[places]
    wrong = [f"{source.relative_to(PACKAGE)} imports {name}"
             for source in sources(places) for name in sorted(imported_modules(source))
             if name.split(".")[0] in forbidden or name.split(".")[0].removesuffix(".py") in forbidden]
    assert not wrong, "\n".join(wrong)


def test_formats_use_only_the_records_of_the_glossary():
    wrong = [f"{source.relative_to(PACKAGE)} imports {name}" for source in sources(("formats",))
             for name in sorted(imported_modules(source))
             if name.startswith("glossary") and not name.startswith("glossary.types")]
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_an_upward_import(tmp_path):
    """The parse finds absolute, relative and function-level imports, so the tests above can fail."""
    fake = tmp_path / "parallel_corpus"
    (fake / "align").mkdir(parents=True)
    module = fake / "align" / "x.py"
    module.write_text("from ..formats import tmx\ndef f():\n    import parallel_corpus.pipeline\n",
                      encoding="utf-8")
    assert imported_modules(module, fake) == {"formats", "formats.tmx", "pipeline"}
