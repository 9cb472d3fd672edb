"""The reproductions of issue 17 ("Defects" 1-11), run through the CLI: each ends at once with exit 2,
one line on stderr and no traceback, writes nothing outside -o and leaves no partial output set."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from builders import SAMPLE, sample_excerpt

from parallel_corpus.cli import main

NAME = "guangdong-ipr-2021"


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root`` with its bytes (None for a folder or special file)."""
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else None for p in sorted(root.rglob("*"))}


def refused(capsys, *argv: str, within: float = 30.0) -> str:
    """Run the CLI in this process; it must exit 2 with one line on stderr, in time. The line."""
    started = time.perf_counter()
    status = main(list(argv))
    elapsed = time.perf_counter() - started
    err = capsys.readouterr().err
    assert status == 2, err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert elapsed < within, f"took {elapsed:.1f} s"
    return err


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "f.txt"
    os.mkfifo(path)
    return path


# --- 1. pipes, devices and size ------------------------------------------------------------------

def test_pipe_and_device_inputs_are_refused_in_a_real_process(tmp_path, fifo):
    for source in (fifo, Path("/dev/zero")):
        run = subprocess.run([sys.executable, "-m", "parallel_corpus", "align", str(source), "-o",
                              str(tmp_path / "o"), "--name", "x"], capture_output=True, text=True, timeout=30)
        assert run.returncode == 2 and run.stderr.count("\n") == 1, run.stderr
        assert "not a regular file (a pipe or device)" in run.stderr
    assert not (tmp_path / "o").exists()


def test_every_verb_refuses_a_pipe(tmp_path, capsys, fifo):
    out = tmp_path / "o"
    manifest = tmp_path / "m.tsv"
    manifest.write_text(f"name\tpath\nd\t{SAMPLE}\n")
    cases = [["merge", str(fifo), "-o", str(out / "m.tmx")],
             ["batch", str(fifo), "-o", str(out)],
             ["evaluate", str(fifo), str(fifo)],
             ["export", str(fifo), "-o", str(out), "--name", "t"],
             ["glossary", str(SAMPLE), "--known", str(fifo), "-o", str(out)],
             ["segment", str(fifo), "-o", str(out)]]
    for argv in cases:
        assert "not a regular file" in refused(capsys, *argv, within=5), argv
    assert not out.exists()


# --- 2 and 7. the output folder and its targets, checked before the work ---------------------------

def test_a_folder_where_an_output_goes_fails_before_the_alignment(tmp_path, capsys):
    out = tmp_path / "o"
    (out / f"{NAME}.tmx").mkdir(parents=True)
    err = refused(capsys, "align", str(SAMPLE), "-o", str(out), within=1.0)
    assert f"{NAME}.tmx is a folder" in err
    assert tree(out) == {f"{NAME}.tmx": None}  # no other output, no temporary file


@pytest.mark.parametrize("verb", ["segment", "align", "glossary", "export", "batch", "merge"])
def test_output_under_a_file_or_read_only_fails_at_once(tmp_path, capsys, monkeypatch, verb):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file")
    table = tmp_path / "t.tsv"
    table.write_text("zh\ten\tscore\tflags\tzh_ids\ten_ids\n甲。\tA.\t0.9\t\t0\t0\n")
    manifest = tmp_path / "m.tsv"
    manifest.write_text(f"name\tpath\nd\t{SAMPLE}\n")
    inputs = {"segment": [str(SAMPLE)], "align": [str(SAMPLE)], "glossary": [str(SAMPLE)],
              "export": [str(table)], "batch": [str(manifest)], "merge": [str(SAMPLE)]}[verb]
    before = tree(tmp_path)

    def output(folder: Path) -> str:  # merge's -o is the file it writes
        return str(folder / "m.tmx") if verb == "merge" else str(folder)

    for folder, message in ((blocker, "is a file, not a folder"), (blocker / "sub", "lies under")):
        assert message in refused(capsys, verb, *inputs, "-o", output(folder), within=5)
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # a read-only folder (root ignores chmod)
    assert "read-only or no permission" in refused(capsys, verb, *inputs, "-o", output(tmp_path / "ro"), within=5)
    assert tree(tmp_path) == before


def test_merge_onto_a_folder_is_refused(tmp_path, capsys):
    memory = tmp_path / "a.tmx"
    memory.write_text('<tmx version="1.4"><header srclang="zh-CN"/><body/></tmx>')
    (tmp_path / "out.tmx").mkdir()
    assert "out.tmx is a folder" in refused(capsys, "merge", str(memory), "-o", str(tmp_path / "out.tmx"))


def test_a_full_disk_in_align_is_one_line_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    inputs = sample_excerpt(tmp_path / "in", "doc", slice(1, 3))
    out = tmp_path / "o"

    def fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    err = refused(capsys, "align", *inputs, "-o", str(out))
    assert "No space left on device; free some space" in err
    assert not out.exists() or tree(out) == {}


# --- 4 and 7. --name ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../../escape", "/abs/x", "a\nb", "n" * 300])
@pytest.mark.parametrize("verb", ["segment", "align", "glossary", "export"])
def test_name_stays_a_plain_short_file_name_in_every_verb(tmp_path, capsys, verb, name):
    table = tmp_path / "t.tsv"
    table.write_text("zh\ten\tscore\tflags\tzh_ids\ten_ids\n甲。\tA.\t0.9\t\t0\t0\n")
    before = tree(tmp_path)
    source = str(table) if verb == "export" else str(SAMPLE)
    err = refused(capsys, verb, source, "-o", str(tmp_path / "o1"), "--name", name, within=5)
    assert ("too long" if len(name) == 300 else "must be a plain file name") in err
    assert len(err) < 300
    assert tree(tmp_path) == before and not Path("/abs/x").exists()


# --- 1, 3, 7 and 10 in batch -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def batch_run(tmp_path_factory):
    """One small document aligned by `batch`, beside a manifest row that names a pipe."""
    root = tmp_path_factory.mktemp("batch")
    zh, en = sample_excerpt(root / "in", "good", slice(1, 3))
    os.mkfifo(root / "in" / "pipe.txt")
    (root / "all.tsv").write_text(f"name\tzh\ten\ngood\t{zh}\t{en}\npipe\tin/pipe.txt\tin/pipe.txt\n")
    (root / "good.tsv").write_text(f"name\tzh\ten\ngood\t{zh}\t{en}\n")
    started = time.perf_counter()
    status = main(["batch", str(root / "all.tsv"), "-o", str(root / "out"), "--workers", "1", "--quiet"])
    return root, status, time.perf_counter() - started


def rows(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "batch.jsonl").read_text().splitlines()]


def test_a_pipe_in_a_manifest_fails_its_row_and_the_batch_goes_on(batch_run):
    root, status, seconds = batch_run
    by_name = {row.get("name"): row for row in rows(root / "out")}
    assert status == 1 and seconds < 60
    assert by_name["good"]["status"] == "ok"
    assert by_name["pipe"]["status"] == "failed" and "not a regular file" in by_name["pipe"]["error"]


def test_resume_redoes_a_damaged_document_and_cleans_up_after_a_killed_run(batch_run, capsys):
    root, _, _ = batch_run
    out = root / "damaged"
    shutil.copytree(root / "out", out)
    original = {name: (out / "documents" / name).read_bytes() for name in ("good.jsonl", "good.align")}
    jsonl, tmx = out / "documents" / "good.jsonl", out / "documents" / "good.tmx"
    jsonl.write_bytes(jsonl.read_bytes()[:-7] + "\u4e2d".encode()[:2])  # cut inside a character
    tmx.write_bytes(tmx.read_bytes()[:100])
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    leftovers = [out / f".batch.jsonl.{dead}.abcd1234.tmp", out / "documents" / f".good.tmx.{dead}.abcd1234.tmp"]
    for path in leftovers:
        path.write_text("left by a killed run")
    assert main(["batch", str(root / "good.tsv"), "-o", str(out), "--workers", "1", "--resume", "--quiet"]) == 0
    (row, summary) = rows(out)
    assert row["status"] == "ok" and "good.jsonl, good.tmx damaged" in row["redone"]
    assert summary["redone"] == 1
    assert {name: (out / "documents" / name).read_bytes() for name in original} == original
    assert not any(path.exists() for path in leftovers)
    assert main(["batch", str(root / "good.tsv"), "-o", str(out), "--workers", "1", "--resume", "--quiet"]) == 0
    assert rows(out)[0]["status"] == "skipped"


def test_a_full_disk_while_merging_keeps_the_status_log(batch_run, capsys, monkeypatch):
    root, _, _ = batch_run
    out = root / "full"
    shutil.copytree(root / "out", out)
    for name in ("corpus.jsonl", "corpus.tmx"):
        (out / name).unlink()
    real_fsync = os.fsync

    def fsync(fd):
        if "corpus" in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    err = refused(capsys, "batch", str(root / "good.tsv"), "-o", str(out), "--workers", "1", "--resume")
    assert "No space left on device" in err and "batch.jsonl" in err
    (row, summary) = rows(out)
    assert row["status"] == "skipped" and "No space left" in summary["merged"]["error"]
    assert not (out / "corpus.jsonl").exists() and not (out / "corpus.tmx").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


# --- 8, 9 and 11 ---------------------------------------------------------------------------------

def test_merge_expands_internal_entities(tmp_path, capsys):
    memory = tmp_path / "a.tmx"
    memory.write_text('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY co "Company">]><tmx version="1.4">'
                      '<header srclang="zh-CN"/><body><tu><tuv xml:lang="zh-CN"><seg>公司</seg></tuv>'
                      '<tuv xml:lang="en-US"><seg>&co; Ltd</seg></tuv></tu></body></tmx>', encoding="utf-8")
    assert main(["merge", str(memory), "-o", str(tmp_path / "m.tmx"), "--quiet"]) == 0
    merged = (tmp_path / "m.tmx").read_text(encoding="utf-8")
    assert "<seg>Company Ltd</seg>" in merged and "&amp;co;" not in merged


def test_evaluate_refuses_a_sentence_in_two_beads(tmp_path, capsys):
    gold = tmp_path / "g.align"
    gold.write_text("[0]:[0]\n[0]:[1]\n")
    assert "g.align: line 2: zh sentence 0 is also in the bead of line 1" in refused(capsys, "evaluate", str(gold),
                                                                                str(gold))


def test_long_values_are_cut_short_in_one_line(tmp_path, capsys):
    table = tmp_path / "t.tsv"
    table.write_text("zh\ten\tscore\tflags\tzh_ids\ten_ids\n甲。\tA.\t" + "9" * 10_000 + "\t\t0\t0\n")
    err = refused(capsys, "export", str(table), "-o", str(tmp_path / "o"))
    assert "score '9999" in err and "(10000 characters)" in err and len(err) < 300
    tbx = tmp_path / "huge.tbx"
    tbx.write_bytes(b'<?xml version="1.0"?><tbx a="' + b"x" * 10_000_001 + b'"><text/></tbx>')
    err = refused(capsys, "glossary", str(SAMPLE), "--known", str(tbx), "-o", str(tmp_path / "o"))
    assert "not well-formed TBX" in err and len(err) < 300
    assert not (tmp_path / "o").exists()
