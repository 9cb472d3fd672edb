"""The review page in a real headless Chromium, driven over the DevTools protocol.

The protocol runs over ``--remote-debugging-pipe`` (NUL-separated JSON on file
descriptors 3 and 4): no TCP port that parallel test runs could fight over, no
driver binary and no client library to install, only Debian's ``chromium``.
"""

import base64
import fcntl
import io
import json
import os
import select
import shutil
import signal
import subprocess
import time

import numpy as np
import pytest
from PIL import Image

from parallel_corpus.review import format_report
from parallel_corpus.types import Alignment, Bead, Flag, SegmentedDocument, Sentence

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium); CI installs it")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         "--remote-debugging-pipe"]


def _onto_fds_3_and_4(commands_in: int, replies_out: int) -> None:
    """In the child: put the pipe ends where --remote-debugging-pipe expects them.

    Both are first copied above 9 so that moving one onto 3 or 4 cannot clobber
    the other; os.dup2 leaves the copies inheritable, everything else Python
    opened is not, so close_fds=False passes on exactly these two.
    """
    high_in = fcntl.fcntl(commands_in, fcntl.F_DUPFD, 10)
    high_out = fcntl.fcntl(replies_out, fcntl.F_DUPFD, 10)
    os.dup2(high_in, 3)
    os.dup2(high_out, 4)
    os.close(high_in)
    os.close(high_out)


class DevToolsPipe:
    """A Chromium process and its DevTools protocol connection over a pipe pair."""

    def __init__(self, binary: str, profile: str):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=lambda: _onto_fds_3_and_4(to_browser_r, from_browser_w), close_fds=False,
            start_new_session=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._last_id = 0
        self.events: list[dict] = []

    def _next_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._from_browser], [], [], remaining)[0]:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise ConnectionError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 15.0) -> dict:
        self._last_id += 1
        request = {"id": self._last_id, "method": method, "params": params or {}}
        if session:
            request["sessionId"] = session
        os.write(self._to_browser, json.dumps(request).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            message = self._next_message(deadline)
            if message.get("id") == self._last_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 15.0) -> dict:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._next_message(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except (TimeoutError, ConnectionError, RuntimeError, OSError):
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)   # the browser and its renderer processes
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


def review_alignment(n: int = 300) -> tuple[Alignment, np.ndarray]:
    """A few hundred beads with hostile text, a mix of scores, flags and null beads, and a similarity matrix."""
    rng = np.random.default_rng(7)
    zh = [f'第{i}条 <script>alert("{i}")</script> & “专利”。' for i in range(n)]
    en = [f"Article {i}: </td><b>patent</b> & 'trademark' \"{i}\"." for i in range(n)]
    beads = []
    for i in range(n):
        score = float(rng.random())
        flags = ()
        if i % 7 == 3:
            flags = (Flag("numbers", f'zh has "{i}", en has <{i + 1}>'),)
        if i % 50 == 49:
            beads.append(Bead((i,), (), 0.0, (Flag("unpaired", "no English"),)))
            beads.append(Bead((), (i,), 0.0, (Flag("unpaired", "no Chinese"),)))
        else:
            beads.append(Bead((i,), (i,), score, flags))
    similarity = rng.random((n, n), dtype=np.float32) * 0.3 + np.eye(n, dtype=np.float32) * 0.7
    doc = SegmentedDocument("browser-check", tuple(Sentence(t) for t in zh), tuple(Sentence(t) for t in en))
    return Alignment(doc, tuple(beads), encoder="use"), similarity


@pytest.fixture(scope="module")
def loaded_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    alignment, similarity = review_alignment()
    flagged = sum(1 for bead in alignment.beads if bead.flags)
    assert 0 < flagged < len(alignment.beads)
    page = folder / "browser-check.html"
    page.write_text(format_report(alignment, similarity=similarity, low_score=0.5), encoding="utf-8")
    browser = DevToolsPipe(CHROMIUM, str(folder / "profile"))
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.call(f"{domain}.enable", session=session)
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False}, session=session)
        browser.call("Page.navigate", {"url": page.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired")

        def evaluate(expression: str):
            result = browser.call("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                                  session=session)
            assert "exceptionDetails" not in result, result["exceptionDetails"]
            return result["result"].get("value")

        yield browser, session, evaluate, alignment, flagged
    finally:
        browser.close()


def test_page_loads_offline_without_console_errors(loaded_page):
    browser, _, evaluate, alignment, _ = loaded_page
    assert evaluate("document.querySelectorAll('table.beads tbody tr').length") == len(alignment.beads)
    assert evaluate("document.querySelectorAll('script').length") == 1
    errors = [e for e in browser.events
              if e.get("method") == "Runtime.exceptionThrown"
              or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
              or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
    assert errors == []
    requested = [e["params"]["request"]["url"] for e in browser.events
                 if e.get("method") == "Network.requestWillBeSent"]
    assert requested and all(url.startswith(("file:", "data:")) for url in requested), requested


def visible_rows(evaluate) -> int:
    return evaluate("Array.from(document.querySelectorAll('table.beads tbody tr'))"
                    ".filter(r => r.getClientRects().length > 0).length")


def choose(evaluate, mode: str, threshold: float) -> None:
    evaluate(f"(() => {{ const t = document.getElementById('threshold'); t.value = '{threshold}';"
             " t.dispatchEvent(new Event('input'));"
             f" const f = document.getElementById('filter'); f.value = '{mode}';"
             " f.dispatchEvent(new Event('change')); })()")


def test_filter_hides_and_shows_rows(loaded_page):
    _, _, evaluate, alignment, flagged = loaded_page
    total = len(alignment.beads)
    scores = [b.score for b in alignment.beads]
    assert visible_rows(evaluate) == total
    choose(evaluate, "flagged", 0.5)
    assert visible_rows(evaluate) == flagged
    assert evaluate("document.getElementById('shown').textContent") == f"showing {flagged} of {total} rows"
    choose(evaluate, "low", 0.3)
    assert visible_rows(evaluate) == sum(1 for s in scores if s < 0.3)
    choose(evaluate, "either", 0.3)
    assert visible_rows(evaluate) == sum(1 for b in alignment.beads if b.flags or b.score < 0.3)
    choose(evaluate, "all", 0.3)
    assert visible_rows(evaluate) == total


def test_heatmap_click_jumps_to_a_row(loaded_page):
    browser, session, evaluate, _, _ = loaded_page
    box = evaluate("(() => { const r = document.querySelector('svg.heatmap').getBoundingClientRect();"
                   " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    for kind in ("mousePressed", "mouseReleased"):
        browser.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                  "clickCount": 1}, session=session)
    hash_ = evaluate("location.hash")
    assert hash_.startswith("#b") and 100 < int(hash_[2:]) < 200


def test_screenshot_is_not_blank(loaded_page, tmp_path):
    browser, session, evaluate, _, _ = loaded_page
    evaluate("window.scrollTo(0, 0)")
    shot = browser.call("Page.captureScreenshot", {"format": "png"}, session=session)
    image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("L")
    pixels = np.asarray(image, dtype=np.float32)
    assert image.size == (1366, 768)
    assert pixels.std() > 20, "the screenshot is (nearly) one colour"
    assert len(np.unique(pixels)) > 50


def test_only_the_pages_own_script_runs(tmp_path):
    """CSP allows the page's script by its hash: a script that an escaping slip let into a row is refused."""
    alignment, similarity = review_alignment(20)
    html = format_report(alignment, similarity=similarity, low_score=0.5)
    slipped = html.replace("</tbody>", "<tr><td><script>window.slipped = 1;</script>"
                           "<img src=x onerror=\"window.slipped = 2\"></td></tr></tbody>", 1)
    page = tmp_path / "slipped.html"
    page.write_text(slipped, encoding="utf-8")
    browser = DevToolsPipe(CHROMIUM, str(tmp_path / "profile"))
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.call("Page.enable", session=session)
        browser.call("Page.navigate", {"url": page.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired")
        result = browser.call("Runtime.evaluate", {
            "expression": "[typeof window.slipped, document.getElementById('shown').textContent]",
            "returnByValue": True}, session=session)["result"]["value"]
    finally:
        browser.close()
    assert result[0] == "undefined"
    assert result[1].startswith("showing")  # the page's own script ran


def test_sentence_numbers_stay_on_one_line_each(loaded_page):
    _, _, evaluate, alignment, _ = loaded_page
    lines = evaluate("Array.from(document.querySelectorAll('td.n .ids')).map(e => e.getClientRects().length)")
    assert len(lines) == 2 * len(alignment.beads) and set(lines) == {1}
