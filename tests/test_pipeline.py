"""The align job's signature: its text form, and every output of one run carrying it."""

import hashlib
import io
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from parallel_corpus import __version__
from parallel_corpus.cli import main
from parallel_corpus.encoders import CachedEncoder, normalise_rows
from parallel_corpus.pipeline import AlignOptions, Signature, align_job, output_paths, signature
from parallel_corpus.types import InputError

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
ZH = ["专利申请数量大幅增长。", "法院审结了一批商标侵权案件。", "海关查扣了一批侵权货物。"]
EN = ["The number of patent applications grew sharply.",
      "The courts concluded a number of trademark infringement cases.",
      "Customs seized a batch of infringing goods."]


class HashEncoder:
    """Fast and deterministic: a vector from each text's hash."""

    name = "hash"
    dim = 8
    identity = "hash/sha256/8"

    def encode(self, texts):
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8)[: self.dim] for t in texts]
        return normalise_rows(np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim) - 127.5)


@pytest.fixture
def document(tmp_path):
    (tmp_path / "doc.zh.txt").write_text("".join(t + "\n" for t in ZH), encoding="utf-8")
    (tmp_path / "doc.en.txt").write_text("".join(t + "\n" for t in EN), encoding="utf-8")
    return [tmp_path / "doc.zh.txt", tmp_path / "doc.en.txt"]


text_values = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)


@given(encoder=text_values, en_code=text_values,
       zh_code=st.one_of(st.none(), text_values.filter(lambda t: t != "auto")),
       glossary=st.one_of(st.none(), st.text("0123456789abcdef", min_size=1, max_size=16)),
       max_align=st.integers(1, 50), min_score=st.floats(0, 1), flags=st.lists(st.booleans(), min_size=3, max_size=3),
       version=text_values.filter(bool))
def test_signature_text_reads_back_as_the_same_signature(encoder, en_code, zh_code, glossary, max_align, min_score,
                                                         flags, version):
    made = Signature(encoder=encoder, max_align=max_align, presplit=flags[0], zh_semicolon=flags[1],
                     zh_code=zh_code, en_code=en_code, min_score=min_score, keep_flagged=flags[2],
                     glossary=glossary, version=version)
    text = made.text()
    assert Signature.parse(text) == made
    assert "\n" not in text and text.count("|") == 9  # one line; "|" inside a value is escaped


def test_signature_text_is_one_readable_line():
    made = signature(AlignOptions(max_align=4), HashEncoder())
    assert made.text() == ("encoder:hash/sha256/8|max_align:4|presplit:no|zh_semicolon:no|zh_code:auto|"
                           f"en_code:en-US|min_score:0.0|keep_flagged:no|glossary:none|version:{__version__}")
    unsigned = AlignOptions(cache="/tmp/x", report=True)  # neither changes a file's content
    assert signature(unsigned, HashEncoder()) == signature(AlignOptions(), HashEncoder())
    assert signature(AlignOptions(), "hash/sha256/8") == signature(AlignOptions(), HashEncoder())


def test_a_cached_encoder_signs_as_the_encoder_it_wraps(tmp_path):
    assert signature(AlignOptions(), CachedEncoder(HashEncoder(), tmp_path)).encoder == "hash/sha256/8"


@pytest.mark.parametrize("text", ["", "encoder:x", "max_align:5|max_align:5",
                                  signature(AlignOptions(), "x").text().replace("max_align:5", "max_align:five"),
                                  signature(AlignOptions(), "x").text().replace("presplit:no", "presplit:maybe"),
                                  signature(AlignOptions(), "x").text() + "|extra:1"])
def test_what_is_not_a_signature_is_refused(text):
    with pytest.raises(InputError, match="not a parallel-corpus signature"):
        Signature.parse(text)


def test_every_output_of_an_align_run_carries_the_signature(document, tmp_path):
    result = align_job(document, tmp_path / "out", "doc", AlignOptions(presplit=True, report=True),
                       encoder=HashEncoder())
    text = result.signature.text()
    assert result.signature == signature(AlignOptions(presplit=True), HashEncoder())
    files = {path.name: data for path, data in result.files.items()}
    dtd = etree.DTD(str(STANDARDS / "tmx14.dtd"))
    for name in ("doc.tmx", "doc.review.tmx"):
        tree = etree.parse(io.BytesIO(files[name]))
        assert dtd.validate(tree), dtd.error_log
        assert [(p.get("type"), p.text) for p in tree.find("header")] == [("x-signature", text)]
    jsonl = files["doc.jsonl"].decode("utf-8").splitlines()
    assert json.loads(jsonl[0]) == {"signature": text}
    assert [json.loads(line)["en"] for line in jsonl[1:]] == EN
    assert files["doc.tsv"].startswith(b"zh\ten\tscore\tflags\tzh_ids\ten_ids\n")  # the header stays row 1
    assert text.encode() not in files["doc.tsv"]
    page = etree.HTML(files["doc.html"])
    assert page.xpath("//p[contains(@class, 'signature')]/code/text()") == [text]


def test_translate_toolkit_reads_the_signed_memory(document, tmp_path):
    tmx = pytest.importorskip("translate.storage.tmx")
    result = align_job(document, tmp_path, "doc", AlignOptions(presplit=True, keep_flagged=True), encoder=HashEncoder())
    store = tmx.tmxfile(result.files[tmp_path / "doc.tmx"])
    assert [(unit.source, unit.target) for unit in store.units] == list(zip(ZH, EN))


def test_align_summary_line_ends_with_the_signature(document, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("parallel_corpus.encoders.get_encoder", lambda *args, **kwargs: HashEncoder())
    assert main(["align", *map(str, document), "-o", str(tmp_path / "out"), "--presplit", "--max-align", "3"]) == 0
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    made = signature(AlignOptions(presplit=True, max_align=3), HashEncoder())
    assert f"; signature {made.text()} -> " in summary


def test_a_new_run_leaves_no_file_of_an_earlier_run_beside_its_set(document, tmp_path, monkeypatch):
    """A review page from an earlier `--report` run would describe other settings than the new files."""
    monkeypatch.setattr("parallel_corpus.encoders.get_encoder", lambda *args, **kwargs: HashEncoder())
    out = tmp_path / "out"
    assert main(["align", *map(str, document), "-o", str(out), "--presplit", "--report", "--max-align", "3",
                 "--quiet"]) == 0
    assert (out / "doc.html").exists()
    (out / "doc.notes.txt").write_text("the user's own file")
    assert main(["align", *map(str, document), "-o", str(out), "--presplit", "--quiet"]) == 0
    assert not (out / "doc.html").exists() and (out / "doc.notes.txt").exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(["doc.notes.txt", *(p.name for p in output_paths(out, "doc"))])
