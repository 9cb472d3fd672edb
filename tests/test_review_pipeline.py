"""The review page and the corrections round trip on real `align` output (the sample report)."""

import csv
import io
from pathlib import Path

import lxml.html
import numpy as np
import pytest
from lxml import etree

from parallel_corpus.atomic import write_files
from parallel_corpus.corrections import export_job
from parallel_corpus.encoders import get_encoder
from parallel_corpus.pipeline import AlignOptions, align_job
from parallel_corpus.review import format_report, similarity_heatmap

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "guangdong-ipr-2021.zh-en.txt"
DTD = ROOT.parent / "shared" / "standards" / "tmx14.dtd"


@pytest.fixture(scope="module")
def aligned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("aligned")
    encoder = get_encoder("use")
    result = align_job([SAMPLE], folder, "gd", AlignOptions(report=True), encoder=encoder)
    write_files(result.files)
    return folder, result, encoder


class CountingEncoder:
    """The real encoder (same vectors, so the same identity), recording every text it is asked to embed."""

    def __init__(self, encoder):
        self.encoder, self.name, self.dim, self.identity = encoder, encoder.name, encoder.dim, encoder.identity
        self.embedded: list[str] = []

    def encode(self, texts):
        self.embedded.extend(texts)
        return self.encoder.encode(texts)


def test_report_reuses_the_aligners_sentence_vectors(aligned, tmp_path):
    folder, result, encoder = aligned
    counting = CountingEncoder(encoder)
    again = align_job([SAMPLE], tmp_path, "gd", AlignOptions(report=True), encoder=counting)
    sentences = set(result.alignment.document.texts("zh")) | set(result.alignment.document.texts("en"))
    assert sentences <= set(counting.embedded)
    assert len(counting.embedded) == len(set(counting.embedded))  # no text embedded twice
    report = next(data for path, data in again.files.items() if path.suffix == ".html")
    assert report == next(data for path, data in result.files.items() if path.suffix == ".html")


def tmx_pairs(data: bytes) -> list[tuple[str, str, str, str]]:
    tree = etree.parse(io.BytesIO(data))
    assert etree.DTD(str(DTD)).validate(tree)
    pairs = []
    for tu in tree.iter("tu"):
        props = {p.get("type"): p.text or "" for p in tu.iter("prop")}
        zh, en = (tuv.find("seg").text or "" for tuv in tu.iter("tuv"))
        pairs.append((zh, en, props["x-zh-ids"], props["x-en-ids"]))
    return pairs


def test_report_has_one_row_per_bead_with_its_text(aligned):
    folder, result, _ = aligned
    alignment = result.alignment
    tree = lxml.html.fromstring((folder / "gd.html").read_text("utf-8"))
    rows = tree.xpath("//table[@class='beads']/tbody/tr")
    assert len(rows) == len(alignment.beads)
    for row, bead in zip(rows, alignment.beads):
        zh, en = alignment.pair_texts(bead)
        assert row.xpath("td[@class='zh']")[0].text_content() == (zh or "(no Chinese sentence)")
        assert row.xpath("td[@class='en']")[0].text_content() == (en or "(no English sentence)")
        assert row.get("data-flagged") == ("1" if bead.flags else "0")


def test_heatmap_of_the_sample_is_brightest_on_the_chosen_path(aligned):
    _, result, encoder = aligned
    alignment = result.alignment
    matrix = similarity_heatmap(alignment, encoder)
    assert matrix.shape == (len(alignment.document.zh), len(alignment.document.en))
    one_to_one = [b for b in alignment.beads if len(b.zh) == 1 and len(b.en) == 1]
    on_path = [int(matrix[b.zh[0]].argmax()) == b.en[0] for b in one_to_one]
    assert len(one_to_one) >= 10 and np.mean(on_path) > 0.8
    assert "data:image/png;base64," in format_report(alignment, similarity=matrix)


def flagged_and_trusted(alignment) -> tuple[list[tuple], list[tuple]]:
    flagged, trusted = [], []
    for bead in alignment.beads:
        if not bead.is_null:
            zh, en = alignment.pair_texts(bead)
            ids = (",".join(map(str, bead.zh)), ",".join(map(str, bead.en)))
            (flagged if bead.flags else trusted).append((zh, en, *ids))
    return flagged, trusted


def test_flagged_pairs_stay_out_of_the_trusted_memory(aligned):
    folder, result, _ = aligned
    flagged, trusted = flagged_and_trusted(result.alignment)
    assert tmx_pairs(result.files[folder / "gd.tmx"]) == trusted
    assert tmx_pairs(result.files[folder / "gd.review.tmx"]) == flagged
    swapped = [pair for pair in flagged if "10.8% YoY" in pair[1] and "4.5%" in pair[0]]
    assert swapped and result.review_units == len(flagged) > 0


def test_keep_flagged_puts_every_pair_in_the_memory(aligned, tmp_path):
    _, result, encoder = aligned
    kept = align_job([SAMPLE], tmp_path, "gd", AlignOptions(keep_flagged=True), encoder=encoder)
    flagged, trusted = flagged_and_trusted(kept.alignment)
    assert sorted(tmx_pairs(kept.files[tmp_path / "gd.tmx"])) == sorted(flagged + trusted)
    assert tmx_pairs(kept.files[tmp_path / "gd.review.tmx"]) == [] and kept.review_units == 0


def test_unedited_table_exports_the_same_pairs(aligned, tmp_path):
    folder, result, _ = aligned
    exported = export_job(folder / "gd.tsv", tmp_path)
    signature_line, pairs = result.files[folder / "gd.jsonl"].split(b"\n", 1)
    assert signature_line.startswith(b'{"signature": "encoder:use/')  # export re-runs no aligner: no signature
    assert exported.files[tmp_path / "gd.jsonl"] == pairs
    assert tmx_pairs(exported.files[tmp_path / "gd.tmx"]) == tmx_pairs(result.files[folder / "gd.tmx"])
    assert (tmx_pairs(exported.files[tmp_path / "gd.review.tmx"])
            == tmx_pairs(result.files[folder / "gd.review.tmx"]))
    assert exported.changes.unchanged == len(result.alignment.beads)


def test_edited_table_round_trip(aligned, tmp_path):
    folder, result, _ = aligned
    rows = list(csv.reader(io.StringIO((folder / "gd.tsv").read_text("utf-8"), newline=""), delimiter="\t"))
    original = tmx_pairs(result.files[folder / "gd.tmx"])
    assert rows[2][1] == original[1][1]
    rows[2][1] = rows[2][1].replace("2021", "2021 (corrected)", 1)
    del rows[3]
    edited = tmp_path / "gd.tsv"
    for suffix in (".align", ".zh.txt", ".en.txt"):
        (tmp_path / f"gd{suffix}").write_bytes((folder / f"gd{suffix}").read_bytes())
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t", lineterminator="\n").writerows(rows)
    edited.write_text(buffer.getvalue(), encoding="utf-8")
    exported = export_job(edited, tmp_path / "out")
    pairs = tmx_pairs(exported.files[tmp_path / "out" / "gd.tmx"])
    assert pairs[1][1] == rows[2][1] and "(corrected)" in pairs[1][1]
    assert pairs[2:] == original[3:] and len(pairs) == len(original) - 1
    assert (exported.changes.edited, exported.changes.deleted) == (1, 1)
