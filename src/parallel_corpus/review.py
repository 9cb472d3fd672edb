"""The HTML review page (``NAME.html``): one self-contained file a translator opens offline.

Beads are rows with zh and en side by side, tinted by score, flags spelled out,
a filter for flagged and low-score rows, summary numbers at the top and the
similarity matrix as a heatmap with the alignment path drawn on it. Everything
is inline (CSS, a few lines of JS, SVG with an embedded PNG) and a
Content-Security-Policy forbids any network access, so the page works from a
USB stick or an e-mail attachment.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import statistics
import struct
import zlib
from collections import Counter

import numpy as np

from parallel_corpus.encoders import Encoder, centre, encode_unique, get_encoder
from parallel_corpus.qa import LOW_SCORE
from parallel_corpus.types import Alignment, Bead

# Longest side of the heatmap image in cells: a 3000-sentence document becomes a
# ~40 KB PNG, while short documents keep one cell per sentence pair.
HEATMAP_MAX_CELLS = 400
SCORE_BUCKETS = 10

_CSS = """
:root { font: 15px/1.45 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #1d1d1f; }
body { margin: 0 auto; max-width: 1400px; padding: 0 1rem 4rem; }
h1 { font-size: 1.35rem; margin: 1rem 0 .25rem; }
.meta { color: #555; margin: 0 0 .75rem; }
.summary { display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.summary li { background: #f2f4f7; border-radius: 6px; padding: .35rem .7rem; }
.summary b { font-size: 1.1rem; margin-right: .25rem; }
.overview { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.overview figure { margin: 0; }
figcaption, .note { color: #555; font-size: .85rem; max-width: 36rem; }
.heatmap { border: 1px solid #ccc; background: #fff; cursor: crosshair; }
.heatmap image { image-rendering: pixelated; }
.bars { border-collapse: collapse; font-size: .85rem; }
.bars td { padding: .1rem .4rem; }
.bar { display: inline-block; height: .7rem; background: #5b7bb5; }
.controls { position: sticky; top: 0; z-index: 2; background: #fff; padding: .5rem 0;
  border-bottom: 1px solid #ddd; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
table.beads { border-collapse: collapse; width: 100%; table-layout: fixed; margin-top: .5rem; }
table.beads th { text-align: left; font-weight: 600; border-bottom: 2px solid #bbb; padding: .3rem .5rem; }
table.beads td { vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #e4e4e4;
  overflow-wrap: anywhere; }
col.n { width: 5.5rem; } col.score { width: 4.5rem; } col.flags { width: 22%; }
td.n { color: #666; font-size: .8rem; } td.n a { color: inherit; }
td.n .ids { white-space: nowrap; }
td.score { font-variant-numeric: tabular-nums; font-weight: 600; }
.missing { color: #999; font-style: italic; }
tr.flagged td.n { box-shadow: inset 4px 0 0 #d9480f; }
ul.flags { margin: 0; padding: 0; list-style: none; font-size: .85rem; }
ul.flags li { margin-bottom: .2rem; }
.code { display: inline-block; background: #d9480f; color: #fff; border-radius: 4px; padding: 0 .35rem;
  margin-right: .3rem; font-size: .75rem; font-weight: 600; }
tr:target td { outline: 2px solid #1c7ed6; }
"""

_JS = """
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.beads tbody tr'));
  var mode = document.getElementById('filter');
  var threshold = document.getElementById('threshold');
  var shown = document.getElementById('shown');
  function apply() {
    var limit = parseFloat(threshold.value);
    if (isNaN(limit)) { limit = 0; }
    var visible = 0;
    rows.forEach(function (row) {
      var low = parseFloat(row.dataset.score) < limit;
      var flagged = row.dataset.flagged === '1';
      var show = mode.value === 'all' || (mode.value === 'flagged' && flagged) ||
        (mode.value === 'low' && low) || (mode.value === 'either' && (flagged || low));
      row.hidden = !show;
      if (show) { visible += 1; }
    });
    shown.textContent = 'showing ' + visible + ' of ' + rows.length + ' rows';
  }
  mode.addEventListener('change', apply);
  threshold.addEventListener('input', apply);
  var map = document.querySelector('svg.heatmap');
  if (map) {
    var centres = JSON.parse(map.dataset.centres);
    map.addEventListener('click', function (event) {
      var box = map.getBoundingClientRect();
      var x = (event.clientX - box.left) / box.width * parseFloat(map.dataset.nen);
      var y = (event.clientY - box.top) / box.height * parseFloat(map.dataset.nzh);
      var best = 0, bestDistance = Infinity;
      centres.forEach(function (c, k) {
        var d = (c[0] - x) * (c[0] - x) + (c[1] - y) * (c[1] - y);
        if (d < bestDistance) { bestDistance = d; best = k; }
      });
      var row = document.getElementById('b' + best);
      if (row.hidden) { mode.value = 'all'; apply(); }
      location.hash = 'b' + best;
    });
  }
  apply();
}());
"""

# The page's one script is allowed by its hash, no other script runs: were an escaping
# slip ever to put a <script> or an on...= attribute into a row, the browser would refuse it.
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
_CSP = f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; img-src data:"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _bucket(score: float) -> int:
    return min(SCORE_BUCKETS - 1, max(0, int(score * SCORE_BUCKETS)))


def _bucket_css() -> str:
    """Row tints from red (score 0) through amber to green (score 1)."""
    rules = []
    for k in range(SCORE_BUCKETS):
        hue = round(120 * k / (SCORE_BUCKETS - 1))
        rules.append(f"tr.s{k} td {{ background: hsl({hue} 70% 95%); }} "
                     f"tr.s{k} td.score {{ background: hsl({hue} 65% 80%); }}")
    return "\n".join(rules)


def bead_type(bead: Bead) -> str:
    """``zh-en`` sentence counts of a bead, e.g. ``1-2``."""
    return f"{len(bead.zh)}-{len(bead.en)}"


def _png(rgb: np.ndarray) -> bytes:
    """Encode an (h, w, 3) uint8 array as PNG with the standard library alone."""
    height, width, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[row].tobytes() for row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def block_starts(n: int, max_cells: int = HEATMAP_MAX_CELLS) -> np.ndarray:
    """First index of each of at most ``max_cells`` near-equal blocks covering ``range(n)``."""
    return np.linspace(0, n, min(n, max_cells), endpoint=False).astype(int)


def downsample(matrix: np.ndarray, max_cells: int = HEATMAP_MAX_CELLS) -> np.ndarray:
    """Shrink a matrix to at most ``max_cells`` per side, keeping each block's maximum.

    The maximum rather than the mean keeps the bright diagonal of true
    translation pairs visible when many sentences share one pixel.
    """
    for axis in (0, 1):
        if matrix.shape[axis] > max_cells:
            matrix = np.maximum.reduceat(matrix, block_starts(matrix.shape[axis], max_cells), axis=axis)
    return matrix


def block_similarity(zh_vectors: np.ndarray, en_vectors: np.ndarray,
                     max_cells: int = HEATMAP_MAX_CELLS, chunk_rows: int = 1024) -> np.ndarray:
    """``downsample(zh_vectors @ en_vectors.T)`` without ever holding the full matrix.

    Rows are taken a few blocks at a time, so a 10,000 x 30,000 sentence
    document needs ~120 MB at most instead of 1.2 GB.
    """
    n, m = len(zh_vectors), len(en_vectors)
    rows, cols = block_starts(n, max_cells), block_starts(m, max_cells)
    bounds = np.append(rows, n)
    out = np.empty((len(rows), len(cols)), dtype=np.float32)
    first = 0
    while first < len(rows):
        last = first + 1
        while last < len(rows) and bounds[last + 1] - bounds[first] <= chunk_rows:
            last += 1
        block = zh_vectors[bounds[first]:bounds[last]] @ en_vectors.T
        if m > max_cells:
            block = np.maximum.reduceat(block, cols, axis=1)
        out[first:last] = np.maximum.reduceat(block, rows[first:last] - bounds[first], axis=0)
        first = last
    return out


def similarity_heatmap(alignment: Alignment, encoder: str | Encoder = "use", *,
                       max_cells: int = HEATMAP_MAX_CELLS) -> np.ndarray:
    """The heatmap matrix for :func:`format_report`: cosine of centred sentence embeddings.

    Embeds both sides with ``encoder`` (as the aligner does: each language
    centred on its document mean) and returns the block-maximum summary with at
    most ``max_cells`` per side. Use the aligner's encoder so the picture shows
    the evidence it saw.
    """
    encoder = get_encoder(encoder)
    zh = centre(encode_unique(encoder, alignment.document.views("zh")))
    en = centre(encode_unique(encoder, alignment.document.texts("en")))
    if not len(zh) or not len(en):
        return np.zeros((len(zh), len(en)), dtype=np.float32)
    return block_similarity(zh, en, max_cells)


def _heatmap_png(matrix: np.ndarray) -> bytes:
    """Similarity as a white-to-dark-blue image, scaled between the 1st and 99th percentile."""
    finite = matrix[np.isfinite(matrix)]
    low, high = (np.percentile(finite, [1, 99]) if finite.size else (0.0, 1.0))
    scaled = np.clip((np.nan_to_num(matrix, nan=low) - low) / max(high - low, 1e-9), 0.0, 1.0)
    white, blue = np.array([255.0, 255.0, 255.0]), np.array([8.0, 48.0, 107.0])
    rgb = white + scaled[..., None] * (blue - white)
    return _png(np.round(rgb).astype(np.uint8))


def _similarity_matrix(alignment: Alignment, similarity) -> np.ndarray | None:
    """The full zh x en matrix, or a block summary of it (as :func:`similarity_heatmap` gives)."""
    if similarity is None:
        return None
    matrix = np.asarray(similarity, dtype=np.float32)
    n_zh, n_en = len(alignment.document.zh), len(alignment.document.en)
    if matrix.ndim != 2 or not (1 <= matrix.shape[0] <= n_zh and 1 <= matrix.shape[1] <= n_en):
        raise ValueError(f"similarity matrix has shape {matrix.shape}, expected at most ({n_zh}, {n_en}) "
                         "(zh sentences x en sentences, or a block summary of that)")
    return matrix


def _centre(ids: tuple[int, ...], previous: float) -> float:
    return (ids[0] + ids[-1] + 1) / 2 if ids else previous


def _bead_centres(beads: tuple[Bead, ...]) -> list[tuple[float, float]]:
    """(en, zh) centre of each bead in sentence units; an empty side stays where the path is."""
    centres = []
    x = y = 0.0
    for bead in beads:
        x, y = _centre(bead.en, x), _centre(bead.zh, y)
        centres.append((round(x, 2), round(y, 2)))
    return centres


def _heatmap_section(alignment: Alignment, matrix: np.ndarray | None) -> str:
    n_zh, n_en = len(alignment.document.zh), len(alignment.document.en)
    if not n_zh or not n_en:
        return '<p class="note">No heatmap: one side of the document has no sentences.</p>'
    centres = _bead_centres(alignment.beads)
    width = 560
    height = int(min(800, max(240, width * n_zh / n_en)))
    parts = [f'<svg class="heatmap" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {n_en} {n_zh}" preserveAspectRatio="none" role="img" '
             f'aria-label="similarity heatmap with the alignment path" data-nzh="{n_zh}" data-nen="{n_en}" '
             f'data-centres="{_e(json.dumps(centres))}">']
    if matrix is not None:
        shrunk = downsample(matrix)
        png = base64.b64encode(_heatmap_png(shrunk)).decode("ascii")
        parts.append(f'<image x="0" y="0" width="{n_en}" height="{n_zh}" preserveAspectRatio="none" '
                     f'href="data:image/png;base64,{png}"/>')
    points = " ".join(f"{x},{y}" for x, y in centres)
    parts.append(f'<polyline points="{points}" fill="none" stroke="#e8590c" stroke-width="1.5" '
                 'stroke-opacity="0.85" vector-effect="non-scaling-stroke"/>')
    for (x, y), bead in zip(centres, alignment.beads):
        if bead.is_null:
            parts.append(f'<path d="M{x} {y}h0" stroke="#c92a2a" stroke-width="7" stroke-linecap="round" '
                         'vector-effect="non-scaling-stroke"><title>unpaired sentence</title></path>')
    parts.append("</svg>")
    if matrix is not None:
        shape = downsample(matrix).shape
        scale = "" if shape == (n_zh, n_en) else f", shown as {shape[0]}×{shape[1]} cells (block maximum)"
        caption = (f"Sentence similarity (darker = more similar; Chinese sentences down, English across"
                   f"{scale}) with the chosen alignment path in orange, unpaired sentences as red dots. "
                   "Click to jump to the nearest pair.")
    else:
        caption = ("The alignment path (Chinese sentences down, English across; unpaired sentences as red "
                   "dots). The aligner gave no similarity matrix, so no heatmap is drawn. "
                   "Click to jump to the nearest pair.")
    return f"<figure>{''.join(parts)}<figcaption>{_e(caption)}</figcaption></figure>"


def _score_histogram(scores: list[float]) -> str:
    counts = Counter(_bucket(s) for s in scores)
    most = max(counts.values(), default=1)
    rows = []
    for k in range(SCORE_BUCKETS):
        width = round(160 * counts.get(k, 0) / most)
        rows.append(f'<tr><td>{k / SCORE_BUCKETS:.1f}–{(k + 1) / SCORE_BUCKETS:.1f}</td>'
                    f'<td><span class="bar" style="width:{width}px"></span></td>'
                    f'<td>{counts.get(k, 0)}</td></tr>')
    return ('<figure><table class="bars"><caption class="note">Pairs by score</caption>'
            + "".join(rows) + "</table></figure>")


def _summary(alignment: Alignment, low_score: float) -> str:
    beads = alignment.beads
    scores = [b.score for b in beads]
    types = Counter(bead_type(b) for b in beads)
    flag_codes = Counter(f.code for b in beads for f in b.flags)
    items = [
        (len(beads), "pairs"),
        (len(alignment.document.zh), "Chinese sentences"),
        (len(alignment.document.en), "English sentences"),
        (sum(1 for b in beads if b.is_null), "unpaired"),
        (sum(1 for b in beads if b.flags), "flagged"),
        (sum(1 for s in scores if s < low_score), f"score below {low_score:g}"),
        (f"{statistics.fmean(scores):.3f}" if scores else "–", "mean score"),
        (f"{statistics.median(scores):.3f}" if scores else "–", "median score"),
    ]
    html_items = "".join(f"<li><b>{_e(v)}</b>{_e(label)}</li>" for v, label in items)
    type_text = ", ".join(f"{t}: {n}" for t, n in sorted(types.items(), key=lambda kv: -kv[1]))
    flag_text = ", ".join(f"{code}: {n}" for code, n in flag_codes.most_common())
    notes = f'<p class="note">Pair types (zh-en sentences): {_e(type_text or "none")}'
    if flag_text:
        notes += f"<br>Flags: {_e(flag_text)}"
    return f'<ul class="summary">{html_items}</ul>{notes}</p>'


def _side(text: str, lang: str) -> str:
    if not text:
        missing = "no Chinese sentence" if lang == "zh" else "no English sentence"
        return f'<td class="{lang}"><span class="missing">({missing})</span></td>'
    return f'<td class="{lang}" lang="{"zh-CN" if lang == "zh" else "en"}">{_e(text)}</td>'


def _row(alignment: Alignment, k: int, bead: Bead) -> str:
    zh, en = alignment.pair_texts(bead)
    classes = f"s{_bucket(bead.score)}" + (" flagged" if bead.flags else "")
    ids = f'<span class="ids">zh {_id_range(bead.zh)}</span> <span class="ids">en {_id_range(bead.en)}</span>'
    flags = ""
    if bead.flags:
        flags = '<ul class="flags">' + "".join(
            f'<li><span class="code">{_e(f.code)}</span>{_e(f.message)}</li>' for f in bead.flags) + "</ul>"
    return (f'<tr id="b{k}" class="{classes}" data-score="{bead.score:.4f}" '
            f'data-flagged="{1 if bead.flags else 0}">'
            f'<td class="n"><a href="#b{k}">{k + 1}</a><br>{ids}<br>{_e(bead_type(bead))}</td>'
            f'{_side(zh, "zh")}{_side(en, "en")}<td class="score">{bead.score:.2f}</td>'
            f'<td class="flags">{flags}</td></tr>')


def _id_range(ids: tuple[int, ...]) -> str:
    """A bead's sentence numbers as a range (they are consecutive): 138–140, or – for none."""
    if not ids:
        return "–"
    return str(ids[0]) if len(ids) == 1 else f"{ids[0]}–{ids[-1]}"


def _model_description(encoder: str) -> str:
    """The sentence model in words a translator can place, not its registry name."""
    if encoder == "use":
        return "Google's multilingual Universal Sentence Encoder"
    if encoder == "e5":
        return "the multilingual E5 small model"
    if encoder.startswith("st:"):
        return f"the sentence-transformers model in {encoder[3:]}"
    return encoder


def _signature_line(signature: str | None) -> str:
    """The line that says what made the page's pairs and scores (as in the TMX header), or nothing."""
    if signature is None:
        return ""
    return f'<p class="meta signature">Made by <code>{_e(signature)}</code></p>\n'


def format_report(alignment: Alignment, *, similarity=None, low_score: float = LOW_SCORE,
                  signature: str | None = None) -> str:
    """The review page for one aligned document, as a complete HTML string.

    ``similarity`` is a zh x en sentence similarity matrix for the heatmap (see
    :func:`similarity_heatmap`); without it the page has no heatmap. Rows scoring below
    ``low_score`` are what the "low score" filter shows first (the reader can change the threshold on the page).
    ``signature`` (``pipeline.Signature.text()``) is shown under the title.
    """
    matrix = _similarity_matrix(alignment, similarity)
    name = alignment.document.name or "alignment"
    model = (f" · sentences were paired by meaning, as {_model_description(alignment.encoder)} "
             "sees it, and by length and structure") if alignment.encoder else ""
    rows = "\n".join(_row(alignment, k, bead) for k, bead in enumerate(alignment.beads))
    scores = [bead.score for bead in alignment.beads]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_e(_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(name)} – alignment review</title>
<style>{_CSS}
{_bucket_css()}</style>
</head>
<body>
<h1>{_e(name)}</h1>
{_signature_line(signature)}<p class="meta">Alignment review{_e(model)} · \
rows are tinted by score (red = doubtful, green = confident);
flagged rows have an orange edge and their findings in the last column.
Pair # is row # + 1 of the {_e(name)}.tsv table written beside this page (row 1 is its header);
under it, the Chinese and English sentence numbers (lines of {_e(name)}.zh.txt and .en.txt, from 0).
Rows scoring below {low_score:g} get the low-score flag; the filter below starts there too.</p>
{_summary(alignment, low_score)}
<div class="overview">{_heatmap_section(alignment, matrix)}{_score_histogram(scores)}</div>
<div class="controls">
<label>Show <select id="filter">
<option value="all">all rows</option>
<option value="flagged">flagged rows</option>
<option value="low">low-score rows</option>
<option value="either">flagged or low-score rows</option>
</select></label>
<label>low score means below
<input id="threshold" type="number" min="0" max="1" step="0.05" value="{low_score:g}"></label>
<span id="shown" aria-live="polite"></span>
</div>
<table class="beads">
<colgroup><col class="n"><col class="zh"><col class="en"><col class="score"><col class="flags"></colgroup>
<thead><tr><th>#</th><th>Chinese</th><th>English</th><th>score</th><th>flags</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<script>{_JS}</script>
</body>
</html>
"""
