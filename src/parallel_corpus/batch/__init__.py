"""Many documents at once: `parallel-corpus batch` on local cores or a Dask cluster.

``run_batch(manifest, outdir, ...)`` streams a manifest (TSV or folder) in chunks
to an engine, writes every document's files exactly as ``align`` does, logs one
status row per document to ``batch.jsonl`` and merges all pairs into one
deduplicated memory (``corpus.jsonl``, ``corpus.tmx``).
"""

from parallel_corpus.batch.manifest import Manifest, ManifestEntry, open_manifest
from parallel_corpus.batch.runner import ENGINES, STATUS_LOG, BatchSummary, run_batch

__all__ = ["ENGINES", "STATUS_LOG", "BatchSummary", "Manifest", "ManifestEntry", "open_manifest", "run_batch"]
