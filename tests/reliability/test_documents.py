"""Hostile documents: every file is ingested or reported (path and reason), never fatal.

The first tests drive the real command over one folder holding every kind of bad file
next to good ones; the rest check each case in the library, where the reason and the
text read can be looked at closely. Nothing is simulated: the files, links, pipes and
permissions are real.
"""

from __future__ import annotations

import os
import random
import shutil
import stat
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from eventgraph import EventGraph
from eventgraph.ingest import ingest
from eventgraph.io import load_documents
from eventgraph.io.html import html_to_text
from eventgraph.io.load import DEFAULT_MAX_BYTES, discover

from .support import CORPUS, assert_clean, eventgraph, obeying_permissions

ARABIC = "قال وزير الخارجية الروسي سيرغي لافروف في جنيف إن توسع الناتو غير مقبول."
HEBREW = "שר החוץ הרוסי סרגיי לברוב אמר בז'נבה כי הרחבת נאט\"ו אינה מקובלת."
CYRILLIC = "Министр иностранных дел России Сергей Лавров заявил в Москве, что расширение НАТО неприемлемо."
FRENCH = "Le ministre a déclaré à Genève que la sécurité européenne était menacée. Élysée, café, naïveté."
ENGLISH = "Lavrov said in Geneva that NATO expansion was unacceptable."
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
NOISE = bytes(range(1, 256)) * 40  # no NUL byte, and no text encoding fits
SCRIPT_PAGE = """<!doctype html><html><head><title>Talks in Geneva</title>
<style>p { color: red } /* STYLE-MARKER */</style>
<script>var s = "SCRIPT-MARKER </p><p>not text";</script>
<script type="application/ld+json">{"headline": "JSONLD-MARKER"}</script>
</head><body><noscript>NOSCRIPT-MARKER</noscript>
<p>Lavrov said in Geneva that NATO expansion was unacceptable.</p>
<![if-not-a-keyword[ a marked section the standard library refuses ]]>
<p>Blinken said the talks were useful.</p>
<script>unclosed SCRIPT-TAIL-MARKER
"""
MARKERS = ("STYLE-MARKER", "SCRIPT-MARKER", "JSONLD-MARKER", "NOSCRIPT-MARKER", "SCRIPT-TAIL-MARKER", "not text")
FIFTY_MB = 50 * 1024 * 1024


def _write_fifty_mb_line(path: Path) -> None:
    with path.open("wb") as handle:
        chunk = b"Lavrov said no. " * 65536  # 1 MiB, no newline
        for _ in range(FIFTY_MB // len(chunk)):
            handle.write(chunk)


# -- the command over one hostile folder -----------------------------------------------------------
@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str], set[str]]]:
    """A folder of good and bad files: (folder, {problem path fragment: reason fragment}, good paths)."""
    root = tmp_path_factory.mktemp("hostile")
    news = root / "news"
    news.mkdir()
    shutil.copy(CORPUS / "004_be10287c07096ca6.txt", news / "geneva.txt")
    shutil.copy(CORPUS / "004_be10287c07096ca6.txt", news / "geneva-copy.md")  # a duplicate
    (root / "arabic.txt").write_text(ARABIC, encoding="utf-8")
    (root / "hebrew.txt").write_text(HEBREW, encoding="utf-8")
    (root / "cyrillic.txt").write_text(CYRILLIC, encoding="utf-8")
    (root / "latin1.txt").write_bytes(FRENCH.encode("latin-1"))
    (root / "cp1251.txt").write_bytes(CYRILLIC.replace("Москве", "Санкт-Петербурге").encode("cp1251"))
    (root / "utf16.txt").write_bytes(ENGLISH.replace("Geneva", "Vienna").encode("utf-16"))
    (root / "page.html").write_text(SCRIPT_PAGE, encoding="utf-8")
    (root / "control.txt").write_text("Kuleba\x07 said\x1b[31m in Kyiv\x0c that\x7f the\u200b talks were useful.\r\n")
    (root / "feed.jsonl").write_text(
        '{"id": 1, "text": "Blinken said the talks in Vilnius were useful."}\n'
        "{not json\n"
        '{"id": 3, "text": "Kuleba said the talks in Riga were useful."}\n'
    )
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_text("  \n\t\n")
    (root / "image.txt").write_bytes(PNG)
    (root / "noise.txt").write_bytes(NOISE)
    (root / "utf16-no-bom.txt").write_bytes(ENGLISH.encode("utf-16-le"))
    _write_fifty_mb_line(root / "huge.txt")
    os.symlink("loop-b.txt", root / "loop-a.txt")
    os.symlink("loop-a.txt", root / "loop-b.txt")
    os.symlink("missing.txt", root / "broken.txt")
    with open(os.fsencode(root) + b"/caf\xe9.txt", "wb") as handle:  # a Latin-1 file name
        handle.write(b"Blinken said the talks in Kyiv were useful.")
    (root / "line\nbreak.txt").write_bytes(b"")  # a newline in a name must not split the report
    os.mkfifo(root / "pipe.txt")  # nobody writes to it: reading it would wait forever
    os.symlink("..", news / "up")  # a folder loop
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    problems = {
        "empty.txt": "empty: no text to read",
        "blank.md": "empty: no text to read",
        "image.txt": "binary file (NUL bytes), not text",
        "noise.txt": "no other text encoding fits",
        "utf16-no-bom.txt": "binary file (NUL bytes), not text",
        "huge.txt": "too large (50.0 MB; the limit is 20.0 MB)",
        "loop-a.txt": "symlink loop",
        "loop-b.txt": "symlink loop",
        "broken.txt": "broken link",
        "caf": "the file name is not valid UTF-8",
        "line\\nbreak.txt": "empty: no text to read",
        "feed.jsonl:2": "not valid JSON",
    }
    good = {
        str(news / "geneva-copy.md"),  # the duplicates' first name in order is kept
        *(str(root / n) for n in ("arabic.txt", "hebrew.txt", "cyrillic.txt", "latin1.txt", "cp1251.txt")),
        *(str(root / n) for n in ("utf16.txt", "page.html", "control.txt")),
        f"{root / 'feed.jsonl'}#1",
        f"{root / 'feed.jsonl'}#3",
    }
    yield root, problems, good
    (root / "huge.txt").unlink()


def test_the_command_ingests_the_good_files_and_reports_each_bad_one_on_one_line(
    hostile: tuple[Path, dict[str, str], set[str]], tmp_path: Path
) -> None:
    root, problems, good = hostile
    target = tmp_path / "out.eg"
    done = eventgraph("ingest", root, "-o", target, "-v", timeout=600)
    assert done.returncode == 0, done.stderr
    assert_clean(done)
    stderr = done.stderr.splitlines()
    warnings = [line for line in stderr if line.startswith("warning: ")]
    for fragment, reason in problems.items():
        found = [line for line in warnings if f"{fragment}: {reason}" in line or (fragment in line and reason in line)]
        assert len(found) == 1, f"{fragment}: {found or warnings}"
    assert len(warnings) == len(problems), warnings
    skipped = [line for line in stderr if line.startswith("skipped: ")]
    assert any("pipe.txt: not a regular file" in line for line in skipped), skipped
    assert any("up: folder already visited (link loop)" in line for line in skipped), skipped
    assert any("notes.pdf: unsupported file type .pdf" in line for line in skipped), skipped
    assert [line for line in stderr if line.startswith("duplicate: ")] == [
        f"duplicate: {root / 'news' / 'geneva.txt'} has the same text as {root / 'news' / 'geneva-copy.md'}"
    ]
    assert stderr[-1].startswith(f"{target}: {len(good)} document(s) added")
    assert stderr[-1].endswith(f"; {len(problems)} problem(s)")
    assert len(stderr) == len(warnings) + len(skipped) + 2  # and the duplicate; nothing else

    graph = EventGraph.load(target)
    assert {d.path for d in graph.documents()} == good
    assert graph.validate() == []
    text = {Path(d.path).name: d.text for d in graph.documents()}
    assert text["arabic.txt"] == ARABIC
    assert text["hebrew.txt"] == HEBREW
    assert text["cyrillic.txt"] == CYRILLIC
    assert text["latin1.txt"] == FRENCH
    assert not any(marker in text["page.html"] for marker in MARKERS)
    assert "Blinken said the talks were useful." in text["page.html"]


def test_strict_turns_the_reports_into_a_failure_and_writes_nothing(
    hostile: tuple[Path, dict[str, str], set[str]], tmp_path: Path
) -> None:
    root, problems, _ = hostile
    target = tmp_path / "out.eg"
    done = eventgraph("ingest", root, "-o", target, "--strict", timeout=600)
    assert done.returncode == 2
    assert_clean(done)
    assert len([line for line in done.stderr.splitlines() if line.startswith("warning: ")]) == len(problems)
    assert done.stderr.splitlines()[-1] == (
        f"error: {len(problems)} document(s) could not be ingested; nothing written (--strict)"
    )
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


# -- each case in the library ----------------------------------------------------------------------
def _problems(tmp_path: Path, **kwargs: int) -> dict[str, str]:
    report = load_documents([tmp_path], **kwargs)
    return {Path(p).name: reason for p, reason in report.problems}


def test_empty_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").write_bytes(b"")
    (tmp_path / "spaces.md").write_text(" \n\n\t ")
    (tmp_path / "tags.html").write_text("<html><body><script>x()</script></body></html>")
    (tmp_path / "blank.jsonl").write_text("\n\n")
    (tmp_path / "good.txt").write_text(ENGLISH)
    report = load_documents([tmp_path])
    assert [Path(d.path).name for d in report.documents] == ["good.txt"]
    assert {Path(p).name: r for p, r in report.problems} == {
        "zero.txt": "empty: no text to read",
        "spaces.md": "empty: no text to read",
        "tags.html": "empty: no text to read",
    }  # a JSON-lines file without records has nothing to report


def test_binary_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(PNG)
    (tmp_path / "noise.txt").write_bytes(NOISE)
    (tmp_path / "random.md").write_bytes(random.Random(5).randbytes(5000))
    (tmp_path / "good.txt").write_text(ENGLISH)
    problems = _problems(tmp_path)
    assert problems["image.txt"] == "binary file (NUL bytes), not text"
    assert problems["random.md"] == "binary file (NUL bytes), not text"
    assert problems["noise.txt"].startswith("not UTF-8 (byte 127)")
    assert len(load_documents([tmp_path]).documents) == 1


ENCODED = {
    "Latin-1": (FRENCH.encode("latin-1"), FRENCH),
    "Windows-1251 Cyrillic": (CYRILLIC.encode("cp1251"), CYRILLIC),
    "UTF-16 LE with BOM": (ENGLISH.encode("utf-16"), ENGLISH),
    "UTF-16 BE with BOM": (b"\xfe\xff" + CYRILLIC.encode("utf-16-be"), CYRILLIC),
    "UTF-8 with BOM": (ARABIC.encode("utf-8-sig"), ARABIC),
}


@pytest.mark.parametrize(("raw", "text"), ENCODED.values(), ids=ENCODED.keys())
def test_other_encodings_are_detected(tmp_path: Path, raw: bytes, text: str) -> None:
    (tmp_path / "doc.txt").write_bytes(raw)
    report = load_documents([tmp_path])
    assert report.problems == ()
    assert [d.text for d in report.documents] == [text]


def test_utf16_without_a_byte_order_mark_is_reported(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_bytes(ENGLISH.encode("utf-16-le"))
    assert _problems(tmp_path) == {"doc.txt": "binary file (NUL bytes), not text"}


def test_a_50_mb_single_line_is_reported_without_being_read(tmp_path: Path) -> None:
    _write_fifty_mb_line(tmp_path / "huge.txt")
    (tmp_path / "good.txt").write_text(ENGLISH)
    tracemalloc.start()
    try:
        report = load_documents([tmp_path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert {Path(p).name: r for p, r in report.problems} == {"huge.txt": "too large (50.0 MB; the limit is 20.0 MB)"}
    assert [Path(d.path).name for d in report.documents] == ["good.txt"]
    assert peak < 2 * 1024 * 1024, f"{peak} bytes allocated: the file was read"
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    bigger = load_documents([tmp_path / "huge.txt"], max_bytes=60 * 1024 * 1024)  # under a higher limit it is read
    assert bigger.problems == () and len(bigger.documents[0].text) == FIFTY_MB


def test_a_pipe_named_explicitly_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    pipe = tmp_path / "stream.txt"
    os.mkfifo(pipe)
    written: list[int] = []

    def writer() -> None:  # endless text: only the limit stops the reader
        try:
            with pipe.open("wb") as handle:
                while sum(written) < 64 * 1024 * 1024:
                    handle.write(b"word " * 20000)
                    written.append(100_000)
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    report = load_documents([pipe], max_bytes=1024 * 1024)
    thread.join(30)
    assert report.problems == ((str(pipe), "too large (the limit is 1.0 MB)"),)
    assert not thread.is_alive()


def test_a_pipe_inside_a_folder_is_skipped_not_waited_for(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(ENGLISH)
    files, _, skipped = discover([tmp_path])
    assert files == [tmp_path / "good.txt"]
    assert skipped == [(str(tmp_path / "pipe.txt"), "not a regular file (a pipe, socket or device)")]
    assert len(load_documents([tmp_path]).documents) == 1  # returns: nothing opens the pipe


def test_html_scripts_and_styles_never_reach_the_text(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(SCRIPT_PAGE)
    (tmp_path / "page-as-text.txt").write_text(SCRIPT_PAGE)  # an HTML page saved as .txt is HTML too
    report = load_documents([tmp_path])
    assert len(report.documents) == 1  # the same text twice
    document = report.documents[0]
    assert document.title == "Talks in Geneva"
    assert (
        document.text
        == "Lavrov said in Geneva that NATO expansion was unacceptable.\n\nBlinken said the talks were useful."
    )
    assert not any(marker in document.text for marker in MARKERS)


@pytest.mark.parametrize(
    "markup",
    [
        "<p>before</p><![bogus[ x ]]><p>after</p>",
        "<p>before</p><![ 1 ]><p>after</p>",
        "<p>before</p><![<![<p>after</p>",
        "<p>before</p><!DOCTYPE x [ <!ENTITY a 'b'> ]><p>after</p>",
        "<p>before<p>after</b></i></div></span>",
        "<p>before</p><!-- <script> --><p>after",
    ],
)
def test_broken_html_markup_is_read_not_fatal(markup: str) -> None:
    text = html_to_text(markup).text
    assert text.startswith("before") and text.endswith("after")


def test_html_nesting_deep_enough_to_hang_a_naive_parser_is_read_quickly() -> None:
    depth = 200_000  # every stray end tag once searched the whole stack: quadratic
    markup = "<html><body>" + "<div>" * depth + "</b>" * depth + "<p>Lavrov said no.</p>"
    started = time.perf_counter()
    assert html_to_text(markup).text == "Lavrov said no."
    assert time.perf_counter() - started < 20


def test_control_characters_are_blanked(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("Kuleba\x07 said\x1b[31m in Kyiv\x0c that\x7f the\u200b talks\r\nwere useful.\r")
    (tmp_path / "nul.txt").write_bytes(b"Kuleba said\x00 in Kyiv")
    report = load_documents([tmp_path])
    assert [d.text for d in report.documents] == ["Kuleba  said [31m in Kyiv  that  the  talks\nwere useful.\n"]
    assert not any(ord(c) < 32 and c != "\n" for c in report.documents[0].text)
    assert {Path(p).name: r for p, r in report.problems} == {"nul.txt": "binary file (NUL bytes), not text"}


@pytest.mark.slow
def test_right_to_left_and_cyrillic_text_is_ingested_intact(tmp_path: Path) -> None:
    for name, text in (("arabic.txt", ARABIC), ("hebrew.md", HEBREW), ("cyrillic.txt", CYRILLIC)):
        (tmp_path / name).write_text(text + "\n" + ENGLISH)
    (tmp_path / "mixed.txt").write_text(f"{ENGLISH} {ARABIC} «{CYRILLIC}» {HEBREW}\u202e reversed\u202c")
    graph, report = ingest([tmp_path], workers=1)
    assert report.problems == ()
    assert len(report.added) == 4
    assert graph.validate() == []
    texts = {Path(d.path).name: d.text for d in graph.documents()}
    assert texts["arabic.txt"] == ARABIC + "\n" + ENGLISH
    assert texts["hebrew.md"] == HEBREW + "\n" + ENGLISH
    assert texts["cyrillic.txt"] == CYRILLIC + "\n" + ENGLISH
    result = graph.query("documents")
    assert sorted(Path(row["path"]).name for row in result) == ["arabic.txt", "cyrillic.txt", "hebrew.md", "mixed.txt"]
    assert len(result.to_table(width=100, footer=False).splitlines()) == 6  # header, rule, a line per row


def test_duplicate_documents_under_different_names_are_one_document(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "sub/c.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(ENGLISH)
    (tmp_path / "crlf.txt").write_bytes(ENGLISH.encode() + b"\r\n")  # different bytes, different text
    report = load_documents([tmp_path])
    assert sorted(Path(d.path).name for d in report.documents) == ["a.md", "crlf.txt"]
    assert sorted((Path(a).name, Path(b).name) for a, b in report.duplicates) == [("b.txt", "a.md"), ("c.txt", "a.md")]
    assert report.problems == ()


def _tiny_files(root: Path, count: int) -> None:
    for i in range(count):
        folder = root / f"batch-{i // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"note-{i:04d}.txt").write_text(f"Note {i}: Lavrov said talks number {i} were useful.\n")


def test_thousands_of_tiny_files_load(tmp_path: Path) -> None:
    _tiny_files(tmp_path, 2000)
    started = time.perf_counter()
    report = load_documents([tmp_path])
    assert time.perf_counter() - started < 30
    assert len(report.documents) == 2000
    assert report.problems == report.skipped == report.duplicates == ()


@pytest.mark.slow
def test_thousands_of_tiny_files_ingest_from_the_command(tmp_path: Path) -> None:
    _tiny_files(tmp_path / "notes", 2000)
    done = eventgraph("ingest", tmp_path / "notes", "-o", tmp_path / "notes.eg", timeout=900)
    assert done.returncode == 0, done.stderr
    assert_clean(done)
    assert done.stderr.splitlines() == [done.stderr.splitlines()[-1]]
    assert "2000 document(s) added" in done.stderr
    assert EventGraph.load(tmp_path / "notes.eg").stats()["document"] == 2000


def test_unreadable_files_and_folders_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text(ENGLISH)
    secret = folder / "secret.txt"
    secret.write_text(ENGLISH.replace("Geneva", "Bern"))
    locked = folder / "locked"  # cannot be listed
    locked.mkdir()
    (locked / "inside.txt").write_text(ENGLISH.replace("Geneva", "Basel"))
    blind = folder / "blind"  # can be listed, but nothing in it opened or examined
    blind.mkdir()
    (blind / "unseen.txt").write_text(ENGLISH.replace("Geneva", "Zurich"))
    secret.chmod(0)
    locked.chmod(0)
    blind.chmod(stat.S_IRUSR | stat.S_IWUSR)
    try:
        preexec = obeying_permissions(secret)
        target = tmp_path / "out.eg"
        done = eventgraph("ingest", folder, "-o", target, preexec_fn=preexec)
        assert done.returncode == 0, done.stderr
        assert_clean(done)
        assert done.stderr.splitlines()[:-1] == [
            f"warning: {blind / 'unseen.txt'}: permission denied",
            f"warning: {locked}: cannot be listed (Permission denied)",
            f"warning: {secret}: permission denied",
        ]
        assert [d.path for d in EventGraph.load(target).documents()] == [str(folder / "good.txt")]
        strict = eventgraph("ingest", folder, "-o", tmp_path / "strict.eg", "--strict", preexec_fn=preexec)
        assert strict.returncode == 2 and not (tmp_path / "strict.eg").exists()
    finally:
        for path in (secret, locked, blind):
            path.chmod(stat.S_IRWXU)


def test_symlink_loops_and_broken_links_are_reported(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ENGLISH)
    os.symlink("b.txt", tmp_path / "a.txt")
    os.symlink("a.txt", tmp_path / "b.txt")
    os.symlink("self.txt", tmp_path / "self.txt")
    os.symlink("nowhere.txt", tmp_path / "broken.txt")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    os.symlink("../..", tmp_path / "sub" / "deeper" / "top")  # a folder loop
    os.symlink(tmp_path / "sub", tmp_path / "again")  # the same folder by two names
    report = load_documents([tmp_path])
    assert [Path(d.path).name for d in report.documents] == ["good.txt"]
    assert {Path(p).name: r for p, r in report.problems} == {
        "a.txt": "symlink loop",
        "b.txt": "symlink loop",
        "self.txt": "symlink loop",
        "broken.txt": "broken link",
    }
    assert sorted(Path(p).name for p, _ in report.skipped) == ["sub", "top"]  # "again" came first
    named = load_documents([tmp_path / "a.txt", tmp_path / "broken.txt", tmp_path / "nothing.txt"])
    assert [r for _, r in named.problems] == ["symlink loop", "broken link", "no such file or folder"]


def test_a_folder_tree_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    depth = 1200  # Python's recursion limit is 1000
    folder = tmp_path
    for _ in range(depth):
        folder = folder / "d"
        folder.mkdir()
    (folder / "deep.txt").write_text(ENGLISH)
    try:
        report = load_documents([tmp_path])
        assert [Path(d.path).parts.count("d") for d in report.documents] == [depth]
    finally:
        while folder != tmp_path:  # shutil.rmtree recurses too
            for child in folder.iterdir():
                child.unlink()
            folder.rmdir()
            folder = folder.parent


def test_a_file_name_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(ENGLISH.encode())
    (tmp_path / "good.txt").write_text(ENGLISH.replace("Geneva", "Bern"))
    report = load_documents([tmp_path])
    assert [Path(d.path).name for d in report.documents] == ["good.txt"]
    assert [r for _, r in report.problems] == ["the file name is not valid UTF-8; rename the file"]


def test_json_lines_with_bad_lines_ingest_the_good_ones(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            [
                '{"id": 1, "text": "Blinken said the talks in Vilnius were useful."}',
                "{not json",
                "[1, 2]",
                '{"id": 4, "title": "no text"}',
                '{"id": 5, "text": "Kuleba said so.", "published": "yesterday"}',
                "[" * 5000 + "]" * 5000,
                '{"url": "https://example.org/6", "text": "Lavrov said no.", "published": "2022-01-10"}',
            ]
        )
    )
    report = load_documents([feed])
    assert [d.path for d in report.documents] == [f"{feed}#1", "https://example.org/6"]
    assert [p for p, _ in report.problems] == [f"{feed}:{n}" for n in (2, 3, 4, 5, 6)]
    reasons = [r for _, r in report.problems]
    assert reasons[0].startswith("not valid JSON") and reasons[4].startswith("not valid JSON")
    assert reasons[1:4] == [
        "a record must be a JSON object",
        "the record has no 'text' string",
        "'published' is not an ISO date: 'yesterday'",
    ]


def test_a_nul_byte_in_one_json_line_costs_only_that_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(
        b"\n".join(
            [
                b'{"id": 1, "text": "Blinken said the talks in Vilnius were useful."}',
                b'{"id": 2, "text": "Kuleba \x00 said so."}',
                b"\x89PNG\r\x1a\x00\x00\x00",
                b'{"id": 4, "text": "Lavrov said no."}',
            ]
        )
    )
    report = load_documents([feed])
    assert [d.path for d in report.documents] == [f"{feed}#1", f"{feed}#4"]
    assert report.problems == (
        (f"{feed}:2", "binary data (a NUL byte), not a JSON record"),
        (f"{feed}:3", "binary data (a NUL byte), not a JSON record"),
    )
    (tmp_path / "image.jsonl").write_bytes(PNG)
    assert _problems(tmp_path)["image.jsonl"] == "binary file (NUL bytes), not text"


def test_json_lines_metadata_of_the_wrong_type_costs_only_its_record(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    records = [
        {"url": ["https://example.org/1"], "text": "Blinken said the talks were useful."},
        {"url": 42, "text": "Kuleba said so."},
        {"id": True, "text": "Lavrov said no."},
        {"id": {"n": 4}, "text": "Lavrov said no again."},
        {"title": 5, "text": "Stoltenberg said yes."},
        {"url": "https://example.org/6", "id": 6, "title": "Talks", "text": "Scholz said maybe."},
        {"id": 7, "url": None, "title": None, "text": "Macron said later."},
    ]
    feed.write_text("\n".join(orjson.dumps(r).decode() for r in records))
    report = load_documents([feed])
    assert [(d.path, d.title) for d in report.documents] == [
        ("https://example.org/6", "Talks"),
        (f"{feed}#7", "Macron said later."),
    ]
    assert report.problems == (
        (f"{feed}:1", "'url' must be a string, not a list"),
        (f"{feed}:2", "'url' must be a string, not a number"),
        (f"{feed}:3", "'id' must be a string or a whole number, not a boolean"),
        (f"{feed}:4", "'id' must be a string or a whole number, not an object"),
        (f"{feed}:5", "'title' must be a string, not a number"),
    )


def test_a_failure_no_rule_foresaw_is_reported_for_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import eventgraph.io.load as load

    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "b.txt").write_text("trigger")
    (tmp_path / "c.txt").write_text(ENGLISH.replace("Geneva", "Bern"))
    real = load.decode_bytes

    def decode(raw: bytes, path: object) -> str:
        if raw == b"trigger":
            raise RecursionError("maximum recursion depth exceeded")
        return real(raw, path)

    monkeypatch.setattr(load, "decode_bytes", decode)
    report = load_documents([tmp_path])
    assert [Path(d.path).name for d in report.documents] == ["a.txt", "c.txt"]
    assert report.problems == (
        (str(tmp_path / "b.txt"), "cannot be loaded (RecursionError: maximum recursion depth exceeded)"),
    )
