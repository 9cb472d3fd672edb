"""Manifest reading, the engines' chunk loop, resume records and the merged memory, without workers (fast)."""

from __future__ import annotations

import json
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from builders import alignment_of
from lxml import etree

from parallel_corpus.batch import ManifestEntry, open_manifest
from parallel_corpus.batch.chunk import (
    DOCUMENTS_DIR,
    WorkerEncoder,
    document_outputs,
    outputs_complete,
    process_chunk,
    provenance_path,
    stale_reason,
)
from parallel_corpus.batch.engines import PoolBroken, run_bounded
from parallel_corpus.batch.merge import write_corpus
from parallel_corpus.batch.status import DocumentStatus
from parallel_corpus.cli import main
from parallel_corpus.formats.tmx import read_tmx
from parallel_corpus.pipeline import AlignOptions, AlignResult, Signature, signature
from parallel_corpus.types import InputError

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_tsv_manifest_both_layouts_paths_relative_to_the_manifest(tmp_path):
    write(tmp_path / "m" / "two.tsv", "name\tzh\ten\nreport\tin/r.zh.txt\tin/r.en.txt\n\n"
          f"abs\t{tmp_path}/a.zh\t{tmp_path}/a.en\n")
    write(tmp_path / "m" / "one.tsv", "\ufeffPath\tName\nsub/r.zh-en.txt\tr\n")
    two = list(open_manifest(tmp_path / "m" / "two.tsv"))
    assert [(e.name, e.inputs) for e in two] == [
        ("report", (f"{tmp_path}/m/in/r.zh.txt", f"{tmp_path}/m/in/r.en.txt")),
        ("abs", (f"{tmp_path}/a.zh", f"{tmp_path}/a.en")),
    ]
    one = open_manifest(tmp_path / "m" / "one.tsv")
    assert len(one) == 1 and list(one)[0].inputs == (f"{tmp_path}/m/sub/r.zh-en.txt",)


@pytest.mark.parametrize("text, message", [
    ("name\tfile\nr\tx.txt\n", "header"),
    ("name\tzh\ten\nr\tx.zh\n", "expected 3 tab-separated columns, got 2"),
    ('name\tzh\ten\n"q\tx.zh\tx.en\nr\tx.zh\n', "line 3: expected 3"),  # a quote is text, lines stay exact
    ("name\tzh\ten\nr\tx.zh\t\n", "empty file path"),
    ("name\tpath\nr\ta.txt\nr\tb.txt\n", "appears twice"),
    ("name\tpath\n../r\ta.txt\n", "plain file name"),
    ("name\tpath\n", "no documents"),
])
def test_bad_tsv_manifest_is_one_clear_error(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        open_manifest(write(tmp_path / "m.tsv", text))


def test_folder_manifest_pairs_files_by_name(tmp_path):
    for name in ("b.zh.txt", "b.en.txt", "a.zh-en.txt", "c.en-zh.txt", ".hidden"):
        write(tmp_path / "in" / name, "x")
    (tmp_path / "in" / "out").mkdir()
    entries = [(e.name, tuple(Path(p).name for p in e.inputs)) for e in open_manifest(tmp_path / "in")]
    assert entries == [("a", ("a.zh-en.txt",)), ("b", ("b.zh.txt", "b.en.txt")), ("c", ("c.en-zh.txt",))]


@pytest.mark.parametrize("names, message", [
    (["a.zh.txt"], "needs both"),
    (["a.zh.txt", "a.en.txt", "a.zh-en.txt"], "needs both"),
    (["notes.txt"], "cannot tell the language"),
    (["a.zh.txt", "a.zh.md"], "two 'zh' files"),
])
def test_bad_folder_manifest_is_one_clear_error(tmp_path, names, message):
    for name in names:
        write(tmp_path / name, "x")
    with pytest.raises(InputError, match=message):
        open_manifest(tmp_path)


def test_cli_bad_manifest_exits_2_without_output(tmp_path, capsys):
    manifest = write(tmp_path / "m.tsv", "name\tzh\n")
    assert main(["batch", str(manifest), "-o", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "header" in err
    assert not (tmp_path / "out").exists()


def _bead(zh: str, en: str, score: float, flags=()) -> str:
    return json.dumps({"zh": zh, "en": en, "score": score, "flags": list(flags), "notes": [],
                       "zh_ids": [0], "en_ids": [0]}, ensure_ascii=False) + "\n"


def test_merge_keeps_best_of_exact_duplicates_and_leaves_flagged_out(tmp_path):
    docs = tmp_path / DOCUMENTS_DIR
    write(docs / "a.jsonl", _bead("专利", "patent", 0.5) + _bead("商标", "trademark", 0.9)
          + _bead("", "Orphan", 0.0) + _bead("数字 3", "number 4", 0.8, ["number_mismatch"]))
    write(docs / "b.jsonl", _bead("商标", "trademark", 0.7) + _bead("专利", "patent", 0.95)
          + _bead("专利", "patents", 0.6))
    stats = write_corpus(tmp_path, lambda: iter(["a", "b"]), AlignOptions())
    rows = [json.loads(line) for line in (tmp_path / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["document"], r["zh"], r["en"], r["score"], r["occurrences"]) for r in rows] == [
        ("a", "商标", "trademark", 0.9, 2), ("b", "专利", "patent", 0.95, 2), ("b", "专利", "patents", 0.6, 1)]
    assert (stats.pairs, stats.duplicates_removed, stats.flagged_left_out) == (3, 2, 1)

    tmx = (tmp_path / "corpus.tmx").read_bytes()
    assert etree.DTD(str(STANDARDS / "tmx14.dtd")).validate(etree.fromstring(tmx))
    units = read_tmx(tmp_path / "corpus.tmx")
    assert [(u.text("zh"), u.text("en"), dict(u.props)["x-occurrences"], dict(u.props)["x-document"])
            for u in units] == [("商标", "trademark", "2", "a"), ("专利", "patent", "2", "b"),
                                ("专利", "patents", "1", "b")]

    kept = write_corpus(tmp_path, lambda: iter(["a", "b"]), AlignOptions(), keep_flagged=True)
    assert kept.pairs == 4 and kept.flagged_left_out == 0


def test_corpus_files_appear_together_or_not_at_all(tmp_path, monkeypatch):
    from parallel_corpus.batch import merge

    write(tmp_path / DOCUMENTS_DIR / "a.jsonl", _bead("专利", "patent", 0.5))
    write_corpus(tmp_path, lambda: iter(["a"]), AlignOptions())
    before = {name: (tmp_path / name).read_bytes() for name in ("corpus.jsonl", "corpus.tmx")}
    write(tmp_path / DOCUMENTS_DIR / "a.jsonl", _bead("商标", "trademark", 0.9))

    def broken(handle, units, **_):
        handle.write(b"<tmx")
        raise OSError("disk full")

    monkeypatch.setattr(merge, "write_units", broken)
    with pytest.raises(OSError, match="disk full"):
        write_corpus(tmp_path, lambda: iter(["a"]), AlignOptions())
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([DOCUMENTS_DIR, *before])


def _chunks_pulled(log: list[int], count: int):
    for number in range(count):
        log.append(number)
        yield [ManifestEntry(f"d{number}", ("x",))]


def _rows(chunk):
    if chunk[0].name == "d3":
        raise RuntimeError("worker lost")
    return [DocumentStatus(chunk[0].name, ("x",), "ok")]


def test_engine_loop_reads_the_manifest_lazily_and_turns_a_failed_chunk_into_failed_rows():
    pulled: list[int] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = run_bounded(_chunks_pulled(pulled, 50), lambda chunk: pool.submit(_rows, chunk),
                              lambda futures: wait(futures, return_when=FIRST_COMPLETED).done, window=4)
        first = next(results)
        assert len(pulled) <= 5  # the window, plus at most the one that replaced the first result
        rows = [first[1], *(rows for _, rows in results)]
    assert len(rows) == 50
    assert [r.as_row() for chunk_rows in rows for r in chunk_rows if r.status == "failed"] == [
        {"name": "d3", "inputs": ["x"], "status": "failed", "error": "RuntimeError: worker lost"}]


def test_engine_loop_hands_back_unfinished_chunks_when_the_pool_breaks():
    def rows_or_break(chunk):
        if chunk[0].name == "d2":
            raise BrokenProcessPool("a worker died")
        return [DocumentStatus(chunk[0].name, ("x",), "ok")]

    finished = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        with pytest.raises(PoolBroken) as broke:
            for chunk, _ in run_bounded(_chunks_pulled([], 10), lambda chunk: pool.submit(rows_or_break, chunk),
                                        lambda futures: wait(futures, return_when=FIRST_COMPLETED).done,
                                        window=3, broken=(BrokenProcessPool,)):
                finished.append(chunk[0].name)
    unfinished = [chunk[0].name for chunk in broke.value.chunks]
    assert "d2" in unfinished and not set(unfinished) & set(finished)
    assert sorted(finished + unfinished, key=lambda n: int(n[1:])) == [f"d{k}" for k in range(len(finished + unfinished))]


class _NamedEncoder:
    """Never asked to embed: the fake job below does not align."""

    def __init__(self, identity: str):
        self.name, self.dim, self.identity = "fake", 4, identity

    def encode(self, texts):
        raise AssertionError("the fake job embeds nothing")


def _fake_job(inputs, outdir, name, options, *, encoder):
    if options.zh_code == "zz-fail":
        raise InputError("a failing document")
    files = {path: f"{path.name} max_align={options.max_align}\n".encode() for path in
             document_outputs(Path(outdir).parent, name, options)}
    return AlignResult(alignment_of([("甲", "A")], name=name), files, 1, 0, 0, signature(options, encoder))


def test_each_document_records_what_made_it_and_resume_compares_the_record(tmp_path):
    entries = [ManifestEntry(name, (str(write(tmp_path / "in" / f"{name}.zh-en.txt", f"{name} 文本 text\n")),))
               for name in ("a", "b")]
    options = AlignOptions(cache=str(tmp_path / "cache"))
    worker = WorkerEncoder(_NamedEncoder("fake/1"), "host:1", "x")
    rows = process_chunk(entries, worker, outdir=tmp_path / "out", options=options, job=_fake_job)
    assert [row.status for row in rows] == ["ok", "ok"]
    assert all(outputs_complete(tmp_path / "out", e.name, options) for e in entries)
    recorded = json.loads(provenance_path(tmp_path / "out", "a").read_text())["signature"]
    assert Signature.parse(recorded) == signature(options, "fake/1") and Signature.parse(recorded).max_align == 5

    def reason(entry=entries[0], identity="fake/1", **changes):
        changed = AlignOptions(**{**options.__dict__, **changes})
        return stale_reason(tmp_path / "out", entry, changed, signature(changed, identity))

    assert reason() is None

    # A document that fails keeps its earlier files and the record that goes with them.
    failing = AlignOptions(**{**options.__dict__, "zh_code": "zz-fail"})
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("a.*")}
    rows = process_chunk(entries[:1], worker, outdir=tmp_path / "out", options=failing, job=_fake_job)
    assert rows[0].status == "failed" and rows[0].error == "a failing document"
    assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("a.*")} == before
    assert reason() is None and reason(zh_code="zz-fail") == "zh_code auto -> zz-fail"

    assert reason(cache=None) is None  # the cache only saves work
    assert reason(max_align=3) == "max_align 5 -> 3"
    assert reason(identity="e5/x", min_score=0.5) == "encoder fake/1 -> e5/x; min_score 0.0 -> 0.5"
    assert reason(identity="fake/2") == "encoder fake/1 -> fake/2"
    write(Path(entries[1].inputs[0]), "b edited\n")
    assert reason(entries[1]) == "input files changed"
    provenance_path(tmp_path / "out", "a").write_text(json.dumps({"options": options.__dict__}))  # an older record
    assert reason() == "no signature in the record of the options that made them"
    for damaged in (123, ["max_align:5"], "max_align:xyz"):  # a record edited by hand: redone, not a traceback
        provenance_path(tmp_path / "out", "a").write_text(json.dumps({"signature": damaged}))
        assert reason() == "the record's signature is malformed"
    provenance_path(tmp_path / "out", "a").write_text("{broken")
    assert reason() == "no record of the options that made them"
