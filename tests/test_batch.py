"""`batch` end to end on the real pipeline: local pool, Dask LocalCluster, separate Dask processes.

Documents are small pieces of the sample report, so the whole file runs in
about a minute. Every document's files must be byte for byte what the `align`
job writes for it alone (the TMX header's creationdate aside).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from builders import SAMPLE, sample_excerpt
from lxml import etree

from parallel_corpus.atomic import write_files
from parallel_corpus.cli import main
from parallel_corpus.document import read_document
from parallel_corpus.encoders import get_encoder
from parallel_corpus.pipeline import AlignOptions, align_job

distributed = pytest.importorskip("distributed")

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
GOOD = [f"doc{k}" for k in range(6)]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Six small documents (two paragraphs per language each) and one whose English file has no English."""
    root = tmp_path_factory.mktemp("archive")
    rows = []
    for k, name in enumerate(GOOD):
        sample_excerpt(root / "in", name, slice(1 + 2 * k, 3 + 2 * k))
        rows.append(f"{name}\tin/{name}.zh.txt\tin/{name}.en.txt\n")
    report = read_document([str(SAMPLE)])
    write(root / "in" / "broken.zh.txt", report.zh[1].text + "\n")
    write(root / "in" / "broken.en.txt", report.zh[2].text + "\n")
    header = "name\tzh\ten\n"
    return SimpleNamespace(
        with_broken=write(root / "with-broken.tsv", header + "".join(rows[:3]) + "broken\tin/broken.zh.txt"
                          "\tin/broken.en.txt\n" + "".join(rows[3:])),
        good=write(root / "good.tsv", header + "".join(rows)),
        three=write(root / "three.tsv", header + "".join(rows[:3])),
        inputs={name: [str(root / "in" / f"{name}.zh.txt"), str(root / "in" / f"{name}.en.txt")]
                for name in GOOD})


@pytest.fixture(scope="module")
def reference(archive, tmp_path_factory):
    """What the `align` job writes for each document on its own."""
    outdir = tmp_path_factory.mktemp("align")
    encoder = get_encoder("use")
    for name in GOOD:
        write_files(align_job(archive.inputs[name], outdir, name, AlignOptions(), encoder=encoder).files)
    return outdir


def without_creationdate(data: bytes) -> bytes:
    return re.sub(rb' creationdate="\d{8}T\d{6}Z"', b"", data)


def assert_same_as_align(outdir: Path, reference: Path) -> None:
    expected = sorted(p.name for p in reference.iterdir())
    assert sorted(p.name for p in (outdir / "documents").iterdir()) == expected
    for name in expected:
        got, want = (outdir / "documents" / name).read_bytes(), (reference / name).read_bytes()
        if name.endswith(".tmx"):
            got, want = without_creationdate(got), without_creationdate(want)
        assert got == want, name


def status_rows(outdir: Path) -> tuple[dict[str, dict], dict]:
    rows = [json.loads(line) for line in (outdir / "batch.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows[-1]["summary"] is True
    documents = {row["name"]: row for row in rows[:-1]}
    assert len(documents) == len(rows) - 1
    return documents, rows[-1]


def assert_valid_corpus(outdir: Path, documents: int) -> None:
    tmx = etree.parse(str(outdir / "corpus.tmx"))
    assert etree.DTD(str(STANDARDS / "tmx14.dtd")).validate(tmx)
    signature_line, *lines = (outdir / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    pairs = [json.loads(line) for line in lines]
    assert len(tmx.findall("body/tu")) == len(pairs) > documents
    # the corpus files carry the signature every document's files carry, as the summary row says
    signature = status_rows(outdir)[1]["signature"]
    assert json.loads(signature_line) == {"signature": signature} and signature.startswith("encoder:use/")
    assert [(p.get("type"), p.text) for p in tmx.find("header")] == [("x-signature", signature)]
    assert signature in (outdir / "documents" / f"{GOOD[0]}.jsonl").read_text(encoding="utf-8").split("\n", 1)[0]
    assert len({(p["zh"], p["en"]) for p in pairs}) == len(pairs)
    assert not any(p["flags"] for p in pairs)


def test_dask_local_cluster_matches_align_reports_the_broken_document_and_resumes(archive, reference, tmp_path):
    outdir = tmp_path / "out"
    status = main(["batch", str(archive.with_broken), "-o", str(outdir), "--engine", "dask",
                   "--workers", "2", "--docs-per-task", "1", "--quiet"])
    assert status == 1
    documents, summary = status_rows(outdir)
    assert documents["broken"]["status"] == "failed" and "English" in documents["broken"]["error"]
    assert [documents[name]["status"] for name in GOOD] == ["ok"] * len(GOOD)
    assert (summary["ok"], summary["failed"], summary["skipped"]) == (len(GOOD), 1, 0)
    assert_same_as_align(outdir, reference)
    assert_valid_corpus(outdir, len(GOOD))

    # The encoder is built once per worker process, whatever the number of tasks it ran.
    builds: dict[str, set[str]] = {}
    for name in GOOD:
        builds.setdefault(documents[name]["worker"], set()).add(documents[name]["encoder_instance"])
    assert 1 <= len(builds) <= 2 and all(len(instances) == 1 for instances in builds.values())

    written = {p: p.stat().st_mtime_ns for p in (outdir / "documents").iterdir()}
    status = main(["batch", str(archive.with_broken), "-o", str(outdir), "--engine", "dask",
                   "--workers", "2", "--resume", "--quiet"])
    assert status == 1
    documents, summary = status_rows(outdir)
    assert [documents[name]["status"] for name in GOOD] == ["skipped"] * len(GOOD)
    assert documents["broken"]["status"] == "failed"
    assert {p: p.stat().st_mtime_ns for p in (outdir / "documents").iterdir()} == written
    assert_valid_corpus(outdir, len(GOOD))


def pool_workers(pid: int) -> list[int]:
    """Process ids of the spawn-pool workers started by process ``pid``.

    ``-ww``: without it ps cuts lines to 80 columns when its output is a pipe, and a
    long interpreter path pushes ``spawn_main`` out of sight.
    """
    listing = subprocess.run(["ps", "-ww", "--ppid", str(pid), "-o", "pid=,args="], capture_output=True, text=True).stdout
    return [int(line.split()[0]) for line in listing.splitlines() if "spawn_main" in line]


def run_and_kill_a_worker(command: list[str], outdir: Path, victim: Callable[[int], int],
                          cwd: Path | None = None, *, after_first_document: bool = True
                          ) -> tuple[dict[str, dict], dict]:
    """Run ``command`` and SIGKILL ``victim(its pid)`` mid-run; the run must still succeed.

    With ``after_first_document`` the kill waits until one document is written.
    Without it the kill comes as soon as the victim exists: pool workers spend
    their first seconds loading the encoder, so on a fast machine that is the
    only moment sure to fall inside the run.
    """
    batch = subprocess.Popen(command, stderr=subprocess.PIPE, cwd=cwd)
    try:
        deadline = time.monotonic() + 120
        while (after_first_document and not list((outdir / "documents").glob("*.tmx"))
               and batch.poll() is None):
            assert time.monotonic() < deadline, "no document finished in time"
            time.sleep(0.05)
        # The victim may not be listed at the very moment (a pool worker being started):
        # look again until it is, while the run goes on.
        while True:
            done_at_kill = len(list((outdir / "documents").glob("*.tmx")))
            assert batch.poll() is None, "the run ended before a worker could be killed"
            try:
                os.kill(victim(batch.pid), signal.SIGKILL)
                break
            except IndexError:
                assert time.monotonic() < deadline, "no worker process to kill"
                time.sleep(0.05)
        _, stderr = batch.communicate(timeout=180)
    finally:
        if batch.poll() is None:
            batch.kill()
            batch.wait()
    assert done_at_kill < len(GOOD), "the worker was killed after the run, not during it"
    assert batch.returncode == 0, stderr.decode()
    return status_rows(outdir)


def test_local_engine_survives_a_killed_worker_and_matches_align(archive, reference, tmp_path):
    outdir = tmp_path / "out"
    _, summary = run_and_kill_a_worker(
        [sys.executable, "-m", "parallel_corpus", "batch", str(archive.good), "-o", str(outdir),
         "--engine", "local", "--workers", "2", "--docs-per-task", "1", "--quiet"],
        outdir, lambda pid: pool_workers(pid)[0], after_first_document=False)
    assert summary["ok"] == len(GOOD)
    assert_same_as_align(outdir, reference)

    # ... and the reference is what the `align` command itself writes.
    aligned = tmp_path / "align"
    assert main(["align", *archive.inputs["doc0"], "-o", str(aligned), "--name", "doc0", "--quiet"]) == 0
    for path in aligned.iterdir():
        assert without_creationdate(path.read_bytes()) == without_creationdate((reference / path.name).read_bytes())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def dask_cluster_processes(workers: int, folder: Path):
    """`dask scheduler` and `dask worker` as separate processes on 127.0.0.1 (run in ``folder``), always stopped."""
    address = f"tcp://127.0.0.1:{free_port()}"
    processes: list[subprocess.Popen] = []
    with (folder / "dask.log").open("wb") as sink:
        try:
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port",
                 address.rsplit(":", 1)[1], "--no-dashboard"], stdout=sink, stderr=sink, cwd=folder))
            for number in range(workers):
                processes.append(subprocess.Popen(
                    [sys.executable, "-m", "dask", "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                     "--no-nanny", "--no-dashboard", "--name", f"worker-{number}"],
                    stdout=sink, stderr=sink, cwd=folder))
            with distributed.Client(address, timeout=60) as client:
                client.wait_for_workers(workers, timeout=60)
            yield address, processes[1:]
        finally:
            for process in reversed(processes):
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def test_separate_scheduler_and_workers_survive_a_killed_worker(archive, reference, tmp_path):
    outdir = tmp_path / "out"
    # The workers run in another folder than the batch command, whose manifest path is relative.
    with dask_cluster_processes(2, tmp_path) as (address, workers):
        _, summary = run_and_kill_a_worker(
            [sys.executable, "-m", "parallel_corpus", "batch", archive.good.name, "-o", str(outdir),
             "--engine", "dask", "--address", address, "--docs-per-task", "1", "--quiet"],
            outdir, lambda _pid: workers[0].pid, cwd=archive.good.parent)
    assert summary["ok"] == len(GOOD) and summary["workers"] is None
    assert_same_as_align(outdir, reference)


def test_local_cluster_workers_start_without_dask_malloc_trim_threshold():
    import dask

    from parallel_corpus.batch.dask_engine import worker_environment

    default = dask.config.get("distributed.nanny.pre-spawn-environ")
    environment = worker_environment()
    assert "MALLOC_TRIM_THRESHOLD_" not in environment
    assert environment == {k: v for k, v in default.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    assert dask.config.get("distributed.nanny.pre-spawn-environ") == default  # config left as it was


def batch(manifest: Path, outdir: Path, *options: str) -> tuple[dict[str, dict], dict]:
    """Run `batch` on one worker (one task for the three documents) and return its status rows."""
    assert main(["batch", str(manifest), "-o", str(outdir), "--workers", "1", "--docs-per-task", "3", "--quiet",
                 *options]) == 0
    return status_rows(outdir)


def output_bytes(outdir: Path) -> dict[str, bytes]:
    files = [*(outdir / "documents").iterdir(), outdir / "corpus.jsonl", outdir / "corpus.tmx"]
    return {path.name: without_creationdate(path.read_bytes()) for path in files}


def test_cache_serves_both_engines_and_a_cached_rerun_writes_the_same_bytes(archive, tmp_path):
    cache = tmp_path / "cache"
    first, summary = batch(archive.three, tmp_path / "local", "--cache", str(cache))
    assert summary["ok"] == 3 and all(row["cache_misses"] > 0 for row in first.values())
    shards = sorted(cache.rglob("*.npz"))
    assert shards and len(list(cache.rglob("identity.txt"))) == 1

    second, summary = batch(archive.three, tmp_path / "dask", "--engine", "dask", "--cache", str(cache))
    assert summary["ok"] == 3
    assert all(row["cache_misses"] == 0 and row["cache_hits"] > 0 for row in second.values())
    assert sorted(cache.rglob("*.npz")) == shards  # nothing new was embedded
    assert output_bytes(tmp_path / "dask") == output_bytes(tmp_path / "local")


def test_resume_redoes_only_documents_made_with_other_options(archive, tmp_path):
    outdir = tmp_path / "out"
    documents, _ = batch(archive.three, outdir)
    assert [row["status"] for row in documents.values()] == ["ok"] * 3

    def written() -> dict[Path, int]:
        return {p: p.stat().st_mtime_ns for p in (outdir / "documents").iterdir()}

    before = written()
    documents, summary = batch(archive.three, outdir, "--resume")
    assert [row["status"] for row in documents.values()] == ["skipped"] * 3
    assert (summary["skipped"], summary["redone"]) == (3, 0) and written() == before

    documents, summary = batch(archive.three, outdir, "--resume", "--max-align", "4")
    assert [(row["status"], row["redone"]) for row in documents.values()] == [("ok", "max_align 5 -> 4")] * 3
    assert (summary["ok"], summary["redone"], summary["options"]["max_align"]) == (3, 3, 4)
    after = written()
    assert after.keys() == before.keys() and all(after[p] != before[p] for p in before)

    documents, summary = batch(archive.three, outdir, "--resume", "--max-align", "4")
    assert [row["status"] for row in documents.values()] == ["skipped"] * 3 and written() == after
