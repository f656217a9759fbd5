"""The web explorer, used as a person uses it: the real server (``eventgraph serve``) on a
free port, driven by a real headless Chromium (Debian's ``chromium`` and
``chromium-driver``, through selenium), with a screenshot of each view kept after the run.

The graph is the shipped ``examples/newsroom.eg`` with one more document whose title,
path and quotation are markup and scripts, as an untrusted page may hold: the page must
show them as text and run none of them.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from eventgraph import (
    Claim,
    DateInterval,
    Document,
    Edge,
    EdgeKind,
    Entity,
    EventGraph,
    Mention,
    Span,
)
from eventgraph.plot import network_of, plot
from eventgraph.repl.completion import QueryCompleter
from eventgraph.serve import is_loopback
from eventgraph.serve.answers import Explorer, source_of

pytest.importorskip("starlette", reason="the explorer needs Starlette and uvicorn: pip install 'eventgraph[serve]'")
pytest.importorskip("matplotlib", reason="the explorer draws with matplotlib: pip install 'eventgraph[serve]'")

ROOT = Path(__file__).resolve().parents[1]
NEWSROOM = ROOT / "examples" / "newsroom.eg"
HOSTILE_TEXT = (
    'Mallory said "<script>document.body.dataset.owned = 1</script>'
    '<img src=x onerror="document.body.dataset.owned=2">" on 3 March 2022.'
)
HOSTILE_TITLE = "<script>document.body.dataset.owned=4</script>"


def hostile_graph() -> EventGraph:
    """The newsroom graph and a document whose strings are markup and scripts."""
    graph = EventGraph.load(NEWSROOM)
    said = HOSTILE_TEXT[HOSTILE_TEXT.index("<script>") : HOSTILE_TEXT.rindex('">') + 2]
    start = HOSTILE_TEXT.index(said)
    day = DateInterval(dt.date(2022, 3, 3), dt.date(2022, 3, 3))
    document = Document("doc:hostile", "hostile/<b>owned</b>.txt", HOSTILE_TEXT, HOSTILE_TITLE, day)
    speaker = Entity("person:mallory", "person", "Mallory", aliases=["Mallory"])
    claim = Claim(
        "claim:hostile",
        document.id,
        said,
        "quote",
        "said",
        Span(start, start + len(said)),
        Span(0, len(HOSTILE_TEXT)),
        day,
    )
    for node in (document, speaker, claim):
        graph.add(node)
    graph.link(Edge(EdgeKind.SAID, speaker.id, claim.id, documents=[document.id]))
    graph.link(Edge(EdgeKind.SOURCE, claim.id, document.id, documents=[document.id]))
    graph.link(
        Edge(EdgeKind.MENTIONS, document.id, speaker.id, documents=[document.id], mentions=[Mention("Mallory", 0, 7)])
    )
    assert graph.validate() == []
    return graph


# -- the server and the browser, one of each for the module ----------------------------------------
@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("explorer") / "newsroom.eg"
    hostile_graph().save(path)
    return path


@pytest.fixture(scope="module")
def graph(graph_file: Path) -> EventGraph:
    return EventGraph.load(graph_file)


@pytest.fixture(scope="module")
def server(graph_file: Path) -> Iterator[str]:
    """``eventgraph serve GRAPH --port 0`` in its own process; its address, read from what it prints."""
    process = subprocess.Popen(
        [sys.executable, "-m", "eventgraph", "serve", str(graph_file), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else ""  # type: ignore[union-attr]
        if not line.startswith("serving "):
            process.kill()
            pytest.fail(f"the server did not start: {line!r} {process.communicate()[1]}")
        address = line.split(" at ")[1].split()[0]
        yield address
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    errors = process.stderr.read()  # type: ignore[union-attr]
    assert process.returncode == 0, errors
    assert "Traceback" not in errors


def _browser() -> tuple[str, str] | None:
    found = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    driver = shutil.which("chromedriver")
    return (found, driver) if found and driver else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module, with a fresh profile and no background traffic."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="browser tests need selenium (in the dev extra)")
    paths = _browser()
    if paths is None:
        pytest.skip(
            "no headless browser: install Debian's chromium and chromium-driver "
            "(python3 tasks.py test does it with apt-get where it can)"
        )
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # selenium never looks for a driver or browser to download
    profile = tempfile.mkdtemp(prefix="eventgraph-chromium-")
    options = Options()
    options.binary_location = paths[0]
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=paths[1]), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait(driver: Any, condition: Any, seconds: float = 15) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(lambda d: condition(d))


def open_page(driver: Any, address: str, query: str | None = None) -> None:
    driver.get(address + (f"?q={quote(query)}" if query else ""))
    wait(driver, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
    if query:
        wait(driver, lambda d: d.execute_script("return ['done', 'error'].includes(document.body.dataset.state)"))


def shot(driver: Any, folder: Path, name: str) -> None:
    path = folder / name
    assert driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000


def text_of(driver: Any, css: str) -> str:
    return driver.execute_script("return document.querySelector(arguments[0]).textContent", css)


def owned(driver: Any) -> bool:
    """Whether any script from a document ran (each sets ``data-owned`` on the page)."""
    return driver.execute_script("return document.body.dataset.owned !== undefined")


# -- in the browser --------------------------------------------------------------------------------
def test_the_page_loads_from_the_server_alone(browser: Any, server: str, screenshots: Path) -> None:
    assert is_loopback(urlsplit(server).hostname or "")
    open_page(browser, server)
    assert "newsroom.eg" in browser.title
    assert "7 documents" in text_of(browser, "#summary") and "read-only" in text_of(browser, "#summary")
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(name.startswith(server) for name in loaded), "nothing from elsewhere"
    shot(browser, screenshots, "01-page.png")


def test_typing_completes_as_the_repl_does_and_enter_shows_the_rows(
    browser: Any, server: str, graph: EventGraph, screenshots: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, server)
    box = browser.find_element(By.ID, "query")
    box.send_keys("claims by Lavr")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#completions li"))
    shown = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#completions li .text")]
    offered = [c.display_text for c in QueryCompleter(lambda: graph).query_completions("claims by Lavr")]
    assert shown == offered[: len(shown)] and "Sergey Lavrov" in shown
    shot(browser, screenshots, "02-completion.png")

    box.send_keys(Keys.TAB)
    assert box.get_attribute("value") == "claims by Sergey Lavrov"
    box.send_keys(Keys.ENTER)
    expected = graph.query("claims by Sergey Lavrov")
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#rows tbody tr")) == len(expected))
    cells = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "#rows tbody tr")]
    for row, line in zip(expected, cells, strict=True):
        assert row["text"] in line and "Sergey Lavrov" in line
    assert text_of(browser, "#footer") == expected.footer()
    assert browser.current_url.endswith("?q=" + quote("claims by Sergey Lavrov"))
    shot(browser, screenshots, "03-rows.png")


def test_a_row_opens_its_source_passage_highlighted_in_the_document(
    browser: Any, server: str, graph: EventGraph, screenshots: Path
) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, server, "claims by Lavrov order by date")
    row = graph.query("claims by Lavrov order by date")[1]
    browser.find_elements(By.CSS_SELECTOR, "#rows a.source")[1].click()
    wait(browser, lambda d: d.execute_script("return document.getElementById('passage').dataset.id") == row["id"])
    mark = browser.find_element(By.CSS_SELECTOR, "#passage mark")
    assert mark.get_attribute("textContent") == row["text"]
    assert mark.is_displayed()
    document = graph.source(row["id"])
    assert text_of(browser, "#passage-title") == document.title
    assert text_of(browser, "#passage-text") == document.text, "the whole document, the passage marked in it"
    sentence = graph.node(row["id"]).sentence.slice(document.text)  # type: ignore[union-attr]
    assert text_of(browser, "#passage-text .passage") == sentence
    assert browser.find_element(By.CSS_SELECTOR, "#rows tbody tr.open").text.count(row["text"]) == 1
    shot(browser, screenshots, "04-passage.png")


def test_a_bad_query_shows_the_error_with_its_caret(browser: Any, server: str, screenshots: Path) -> None:
    open_page(browser, server, "claims by Lavorv")
    caret = text_of(browser, "pre.caret").split("\n")
    assert caret[1].index("^") == caret[0].index("Lavorv")
    assert "did you mean Lavrov" in text_of(browser, "#message .error")
    assert text_of(browser, "#message .hint").startswith("hint: ")
    assert browser.execute_script("return document.querySelectorAll('#rows tbody tr').length") == 0
    shot(browser, screenshots, "05-error.png")


def test_the_timeline_network_and_chart_views_of_a_result(
    browser: Any, server: str, graph: EventGraph, screenshots: Path
) -> None:
    from selenium.webdriver.common.by import By

    def view(name: str) -> None:
        browser.find_element(By.CSS_SELECTOR, f"#views button[data-view='{name}']").click()

    def picture_loaded(name: str) -> bool:
        return browser.execute_script(
            "const i = document.getElementById(arguments[0]); return i.complete && i.naturalWidth > 1000", name
        )

    open_page(browser, server, "meetings")
    assert browser.find_element(By.CSS_SELECTOR, "#views button[data-view='counts']").get_attribute("disabled")
    view("timeline")
    wait(browser, lambda d: picture_loaded("timeline-picture"))
    shot(browser, screenshots, "06-timeline.png")
    view("network")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#network svg[data-settled]"))
    actors = {a.name for a in network_of(graph.query("meetings")).actors}
    drawn = browser.execute_script(
        "return [...document.querySelectorAll('#network .eg-node text')].map(t => t.textContent)"
    )
    assert set(drawn) == actors
    browser.find_element(By.CSS_SELECTOR, "#network .eg-node[data-id='person:jens-stoltenberg']").click()
    assert text_of(browser, ".eg-network-info").startswith("Jens Stoltenberg (person, ")
    shot(browser, screenshots, "07-network.png")

    open_page(browser, server, "count claims by month")
    view("counts")
    wait(browser, lambda d: picture_loaded("counts-picture"))
    shot(browser, screenshots, "08-chart.png")


def test_document_strings_are_shown_as_text_and_never_run(
    browser: Any, server: str, graph: EventGraph, screenshots: Path
) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, server, "claims by Mallory")
    (row,) = graph.query("claims by Mallory")
    assert row["text"] in browser.find_element(By.CSS_SELECTOR, "#rows tbody tr").get_attribute("textContent")
    browser.find_element(By.CSS_SELECTOR, "#rows a.source").click()
    wait(browser, lambda d: d.execute_script("return document.getElementById('passage').dataset.id") == row["id"])
    assert text_of(browser, "#passage-title") == HOSTILE_TITLE
    assert text_of(browser, "#passage mark") == row["text"]
    assert text_of(browser, "#passage-text") == HOSTILE_TEXT
    assert (
        browser.execute_script(
            "return document.querySelectorAll('main img[src=\"x\"], aside img, aside script').length"
        )
        == 0
    )
    assert not owned(browser)
    shot(browser, screenshots, "09-untrusted-text.png")


def test_the_network_page_written_by_plot_works_offline(
    browser: Any, graph: EventGraph, tmp_path: Path, screenshots: Path
) -> None:
    from selenium.webdriver.common.by import By

    result = graph.query("who met whom")
    page = plot(result, tmp_path / "who-met-whom.html")
    browser.get(page.as_uri())
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "svg.eg-network[data-settled]"))
    assert len(browser.find_elements(By.CSS_SELECTOR, ".eg-node")) == len(network_of(result).actors)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".eg-tie")) == len(network_of(result).ties)
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    spread = browser.execute_script(
        "return [...document.querySelectorAll('.eg-node')].map(n => n.getAttribute('transform'))"
    )
    assert len(set(spread)) == len(spread), "every actor in a place of its own"
    shot(browser, screenshots, "10-network-file.png")


# -- over HTTP -------------------------------------------------------------------------------------
def request(address: str, method: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    parts = urlsplit(address)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8")
    finally:
        connection.close()


def test_the_server_only_reads_and_only_the_graph_it_serves(server: str) -> None:
    for method, path in [("POST", "/api/query?q=claims"), ("PUT", "/"), ("DELETE", "/api/passage?id=doc:geneva")]:
        status, _, body = request(server, method, path)
        assert status == 405, (method, path)
        assert "read-only" in json.loads(body)["error"]["message"]
    for path in ["/../../../../etc/passwd", "/explorer.js/../../../etc/passwd", "/static/..%2f..%2fetc%2fpasswd"]:
        status, _, body = request(server, "GET", path)
        assert status == 404 and "root:" not in body, path
    for fact in ["../../../../etc/passwd", "/etc/passwd", str(NEWSROOM)]:
        status, _, body = request(server, "GET", f"/api/passage?id={quote(fact)}")
        assert status == 404
        assert "no statement, meeting or document has the id" in json.loads(body)["error"]["message"]
    status, _, _ = request(server, "GET", "/", headers={"Host": "attacker.example"})
    assert status == 400, "a page elsewhere cannot reach the server through a rebound name"


def test_answers_are_clear_messages_never_tracebacks(server: str) -> None:
    status, headers, _ = request(server, "GET", "/")
    assert status == 200 and "default-src 'none'" in headers["content-security-policy"]
    status, _, body = request(server, "GET", "/api/query?q=" + quote("claims by"))
    answer = json.loads(body)["error"]
    assert status == 200 and answer["caret"] and answer["message"]
    status, _, body = request(server, "GET", "/api/picture.svg?kind=pie&q=claims")
    assert status == 400 and "no picture kind 'pie'" in json.loads(body)["error"]["message"]
    status, _, body = request(server, "GET", "/api/network?q=claims")
    assert status == 400 and "a network cannot show claim rows" in json.loads(body)["error"]["message"]
    status, _, body = request(server, "GET", "/api/query?q=" + quote("count claims by"))
    assert status == 200 and "error" in json.loads(body)


# -- the command and the answers without a server --------------------------------------------------
def eventgraph(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventgraph", *map(str, args)], capture_output=True, text=True, timeout=60
    )


def test_serve_refuses_what_it_cannot_serve_in_one_line(tmp_path: Path) -> None:
    done = eventgraph("serve", tmp_path / "missing.eg", "--port", "0")
    assert done.returncode == 2 and "missing.eg" in done.stderr and "Traceback" not in done.stderr
    (tmp_path / "damaged.eg").write_text("not a graph")
    done = eventgraph("serve", tmp_path / "damaged.eg", "--port", "0")
    assert done.returncode == 2 and "damaged.eg" in done.stderr and "Traceback" not in done.stderr
    done = eventgraph("serve", NEWSROOM, "--port", "70000")
    assert done.returncode == 2 and "a port is 0 to 65535" in done.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = eventgraph("serve", NEWSROOM, "--port", str(taken.getsockname()[1]))
    assert done.returncode == 2 and "cannot listen there" in done.stderr and "Traceback" not in done.stderr


def test_a_passage_is_the_whole_document_cut_at_the_fact(graph: EventGraph) -> None:
    explorer = Explorer(graph)
    for claim in graph.claims():
        parts = explorer.passage(claim.id)["parts"]
        text = graph.source(claim.id).text
        assert "".join(p["text"] for p in parts) == text
        assert "".join(p["text"] for p in parts if p["mark"] == "highlight") == claim.text
    meeting = graph.meetings()[0]
    parts = explorer.passage(meeting.id)["parts"]
    assert "".join(p["text"] for p in parts if p["mark"] == "highlight") == meeting.span.slice(
        graph.source(meeting.id).text
    )


def test_every_row_with_one_source_links_to_it(graph: EventGraph) -> None:
    for query, key in [("claims", "id"), ("meetings", "id"), ("who met Blinken", "meeting"), ("who said", "claim")]:
        for row in graph.query(query):
            assert source_of(row, graph.query(query).row_kind) == row[key]
    for row in graph.query("path from Grushko to Blinken"):
        assert source_of(row, "step") == row["via"]["id"]
    assert source_of({"kind": "count", "group": None, "count": 3}, "count") is None


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.0.2.1", False),
    ],
)
def test_loopback_addresses(host: str, local: bool) -> None:
    assert is_loopback(host) is local
