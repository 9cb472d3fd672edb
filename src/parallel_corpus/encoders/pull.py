"""Fetching a sentence-transformers model into a local folder, only when the user asks.

The toolkit never downloads at run time: ``st:PATH`` loads a folder with the hub
switched off. ``parallel-corpus models pull NAME`` is the one explicit step that goes
online, so that afterwards ``--encoder st:models/NAME`` runs offline.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from parallel_corpus.encoders.base import require_extra
from parallel_corpus.types import InputError

_REPO_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*")
# Weights for other frameworks: a sentence-transformers folder needs none of them
# (LaBSE's repository is 1.8 GB with them, half that without).
_OTHER_FRAMEWORKS = ["*.h5", "*.msgpack", "*.ot", "*.onnx", "onnx/*", "openvino/*", "*.tflite"]


def pull_model(repo_id: str, models_dir: str | Path = "models", *, endpoint: str | None = None,
               progress: bool = True) -> Path:
    """Download hub model ``repo_id`` (``owner/name``) into ``models_dir/name`` and return that folder.

    The files land in a temporary folder beside the target and are moved into place only
    when the download is complete and is a sentence-transformers model (has
    ``modules.json``), so an interrupted or wrong pull leaves nothing that ``st:`` would load.
    ``endpoint`` is another hub address (a mirror); None means the library's default.
    """
    if not _REPO_ID.fullmatch(repo_id):
        raise InputError(f"'{repo_id}' is not a model name of the form owner/name "
                         "(for example sentence-transformers/LaBSE)")
    require_extra(["huggingface_hub", "sentence_transformers"], "st", f"st:{repo_id}")
    import huggingface_hub
    from huggingface_hub.utils import disable_progress_bars, enable_progress_bars

    models_dir = Path(models_dir)
    target = models_dir / repo_id.split("/")[1]
    if target.exists():
        raise InputError(f"already exists; use it as the encoder 'st:{target}', or delete it to pull again",
                         path=target)
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=models_dir))
    except OSError as err:
        raise InputError(f"{models_dir}: cannot create the model folder ({err.strerror})") from None
    try:
        if not progress:
            disable_progress_bars()
        try:
            huggingface_hub.snapshot_download(repo_id, local_dir=staging, endpoint=endpoint,
                                              ignore_patterns=_OTHER_FRAMEWORKS)
        except Exception as err:  # any failure means the same to the user: no model was fetched
            raise InputError(f"cannot download '{repo_id}' ({type(err).__name__}: {_first_line(err)}); "
                             "check the name and the network, or download the folder elsewhere "
                             "(see models/README.md)") from None
        finally:
            if not progress:
                enable_progress_bars()
        if not (staging / "modules.json").is_file():
            raise InputError(f"'{repo_id}' has no modules.json: it is not a sentence-transformers model")
        shutil.rmtree(staging / ".cache", ignore_errors=True)  # the library's download bookkeeping
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _first_line(err: Exception, limit: int = 160) -> str:
    text = (str(err).strip().splitlines() or [""])[0]
    return text if len(text) <= limit else text[: limit - 1] + "…"
