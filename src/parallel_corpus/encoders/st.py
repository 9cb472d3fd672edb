"""Any sentence-transformers model folder on local disk (LaBSE, paraphrase-multilingual-*, e5, bge-m3).

Only local folders are accepted, never hub names, and the model loads with the
hub switched off, so nothing downloads at run time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from parallel_corpus.encoders.base import embed_in_batches, require_extra
from parallel_corpus.types import InputError

_DEVICE = re.compile(r"cpu|cuda(:\d+)?|mps")
_E5_QUERY_PREFIX = "query: "


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InputError(f"cannot read '{path}' ({err}); is the model folder complete?") from err


def model_prompt(folder: Path) -> str:
    """The text to put before every sentence for this model.

    The model's own ``config_sentence_transformers.json`` decides when it names a
    default prompt or a ``query`` prompt (both languages get the same one: the
    task is symmetric). e5 models saved without prompts still need ``query: ``,
    so a folder whose name or base model says e5 gets it.
    """
    config_file = folder / "config_sentence_transformers.json"
    config = _read_json(config_file) if config_file.is_file() else {}
    prompts = config.get("prompts") or {}
    default = config.get("default_prompt_name")
    if default:
        if default not in prompts:
            raise InputError(f"'{config_file}' names default prompt '{default}' but defines no such prompt")
        return prompts[default]
    if prompts.get("query"):
        return prompts["query"]
    base_model = ""
    if (folder / "config.json").is_file():
        base_model = str(_read_json(folder / "config.json").get("_name_or_path", ""))
    if re.search(r"(^|[^a-z0-9])e5([^a-z0-9]|$)", f"{folder.name} {base_model}".lower()):
        return _E5_QUERY_PREFIX
    return ""


def folder_fingerprint(folder: Path) -> str:
    """Hash of every file's name and size plus the contents of its JSON configs.

    Cheap (weights are not read), and changes when the model is replaced; moving
    the folder keeps it, so the embedding cache survives a copy.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if relative.startswith("."):
            continue
        digest.update(f"{relative}\0{path.stat().st_size}\0".encode())
        if path.suffix == ".json":
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def loading_bars(shown: bool) -> Iterator[None]:
    """Let transformers and huggingface_hub draw their progress bars ("Loading weights") only if ``shown``.

    Both libraries keep that switch in module state: it is turned off for the block
    and put back as it was after, so the rest of the process is left untouched.
    """
    if shown:
        yield
        return
    from huggingface_hub.utils import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars
    from transformers.utils import logging as transformers_logging

    transformers_bars = transformers_logging.is_progress_bar_enabled()
    hub_bars = not are_progress_bars_disabled()
    transformers_logging.disable_progress_bar()  # huggingface_hub's bars too
    try:
        yield
    finally:
        if transformers_bars:
            transformers_logging.enable_progress_bar()  # huggingface_hub's bars too
        if hub_bars and are_progress_bars_disabled():
            enable_progress_bars()
        elif not hub_bars and not are_progress_bars_disabled():
            disable_progress_bars()


class SentenceTransformerEncoder:
    """A local sentence-transformers model, on CUDA when available (or as asked), batched.

    ``progress``: loading may draw the libraries' progress bars on stderr (off by default).
    """

    def __init__(self, folder: str | os.PathLike, device: str | None = None, batch_size: int = 64,
                 progress: bool = False):
        require_extra(["torch", "sentence_transformers"], "st", "st")
        self.folder = Path(folder)
        if not self.folder.exists():
            raise InputError("no such folder; st: takes a local sentence-transformers model folder "
                             "(see models/README.md), never a hub name", path=folder)
        if not self.folder.is_dir():
            raise InputError(f"'{folder}' is not a folder; st: takes a local sentence-transformers model folder")
        if not (self.folder / "modules.json").is_file():
            raise InputError(f"'{folder}' is not a sentence-transformers model folder (no modules.json); "
                             "download the whole model repository into it (see models/README.md)")
        if device is not None and not _DEVICE.fullmatch(device):
            raise InputError(f"unknown device '{device}' in 'st:{folder}@{device}'; use cpu, cuda or cuda:N")
        if device is not None and device.startswith("cuda"):
            _check_cuda(device)
        self.device = device
        self.batch_size = batch_size
        self.progress = progress
        self.prompt = model_prompt(self.folder)
        self.name = f"st:{folder}"
        self._fingerprint = folder_fingerprint(self.folder)
        self._model = None

    @classmethod
    def from_spec(cls, arg: str, progress: bool = False) -> SentenceTransformerEncoder:
        """``PATH`` or ``PATH@DEVICE`` (cpu, cuda, cuda:N, mps)."""
        if not arg:
            raise InputError("the encoder 'st:' needs a model folder, e.g. 'st:models/LaBSE'")
        path, at, device = arg.rpartition("@")
        if at and _DEVICE.fullmatch(device):
            return cls(path, device=device, progress=progress)
        return cls(arg, progress=progress)

    @property
    def identity(self) -> str:
        return f"st/{self._fingerprint}/prompt={self.prompt!r}"

    @property
    def dim(self) -> int:
        """Output size; loads the model, since Dense layers after pooling can change it."""
        return int(self._load().get_embedding_dimension())

    def _load(self):
        if self._model is None:
            # Never reach for the hub: huggingface_hub reads this once at import.
            os.environ["HF_HUB_OFFLINE"] = "1"
            import torch
            from sentence_transformers import SentenceTransformer

            device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
            try:
                with loading_bars(self.progress):
                    self._model = SentenceTransformer(str(self.folder), device=device, local_files_only=True)
            except (OSError, ValueError, RuntimeError) as err:  # RuntimeError: weights that do not fit the config
                raise InputError(f"cannot load the sentence-transformers model in '{self.folder}': "
                                 f"{str(err).splitlines()[0] if str(err) else type(err).__name__}") from err
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return embed_in_batches(texts, self.batch_size, self.dim, lambda batch: self._load().encode(
            batch, prompt=self.prompt, batch_size=self.batch_size, convert_to_numpy=True,
            normalize_embeddings=True, show_progress_bar=False))


def _check_cuda(device: str) -> None:
    import torch

    if not torch.cuda.is_available():
        raise InputError(f"device '{device}' requested but CUDA is not available here "
                         f"(torch {torch.__version__}); drop '@{device}' to run on the CPU")
    index = int(device.partition(":")[2] or 0)
    if index >= torch.cuda.device_count():
        raise InputError(f"device '{device}' requested but only {torch.cuda.device_count()} CUDA device(s) exist")
