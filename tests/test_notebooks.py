"""The research notebooks run top to bottom on a clean kernel and are committed without outputs.

Each notebook is executed with nbclient in a fresh kernel of this very Python (a
kernelspec written to a temporary folder, so no ``ipykernel install`` is needed
and no other Jupyter installation is picked up), with ``notebooks/`` as the
working directory and ``PARALLEL_CORPUS_QUICK=1`` (02 then evaluates a subset).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the [notebooks] extra is not installed "
                               "(pip install -e '.[notebooks]')")
nbclient = pytest.importorskip("nbclient", reason="the [notebooks] extra is not installed "
                               "(pip install -e '.[notebooks]')")
pytest.importorskip("ipykernel", reason="the [notebooks] extra is not installed (pip install -e '.[notebooks]')")
pytest.importorskip("matplotlib", reason="the [notebooks] extra is not installed (pip install -e '.[notebooks]')")

from ipykernel.kernelspec import write_kernel_spec  # noqa: E402
from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
EXPECTED = {  # notebook -> figures it must draw at least
    "01-align-a-report.ipynb": 3,
    "02-evaluate.ipynb": 2,
    "03-ip-glossary.ipynb": 2,
}
CELL_TIMEOUT = 600  # seconds: a hang guard on a busy machine, not a speed check


def test_the_notebooks_are_all_there():
    assert sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_committed_without_outputs(name):
    notebook = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    for k, cell in enumerate(code):
        assert cell.outputs == [], f"{name}: code cell {k} was committed with outputs"
        assert cell.execution_count is None, f"{name}: code cell {k} has an execution count"


@pytest.fixture(scope="module")
def kernel_specs(tmp_path_factory) -> KernelSpecManager:
    """A kernelspec for this interpreter in a private folder."""
    kernels = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(kernels / "parallel-corpus-test")
    return KernelSpecManager(kernel_dirs=[str(kernels)], ensure_native_kernel=False)


def _outputs(notebook) -> list[dict]:
    return [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]


def _execute(name: str, kernel_specs: KernelSpecManager, monkeypatch, *, quick: bool) -> list[dict]:
    """Run one notebook in a fresh kernel and return its outputs (raises on the first failing cell)."""
    if quick:
        monkeypatch.setenv("PARALLEL_CORPUS_QUICK", "1")
    else:
        monkeypatch.delenv("PARALLEL_CORPUS_QUICK", raising=False)
    # The inline backend renders with Agg and hands PNGs to the notebook (no display needed).
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    manager = KernelManager(kernel_name="parallel-corpus-test", kernel_spec_manager=kernel_specs)
    client = nbclient.NotebookClient(notebook, km=manager, timeout=CELL_TIMEOUT,
                                     resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    client.execute()  # raises CellExecutionError (with the traceback) if any cell fails
    return _outputs(notebook)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_runs_top_to_bottom(name, kernel_specs, monkeypatch):
    outputs = _execute(name, kernel_specs, monkeypatch, quick=True)
    figures = sum("image/png" in out.get("data", {}) for out in outputs)
    assert figures >= EXPECTED[name], f"{name} drew {figures} figures"
    stderr = "".join(out.get("text", "") for out in outputs if out.get("name") == "stderr")
    assert "Glyph" not in stderr, f"{name}: characters missing from the plot font:\n{stderr[:500]}"
    assert "Traceback" not in json.dumps(outputs)

