#!/usr/bin/env python3
"""Set up and run eventgraph from a fresh clone with nothing but Python 3.11+.

    python3 tasks.py example   # virtual environment, install, ingest examples/corpus, run example queries
    python3 tasks.py test      # virtual environment, install with test tools; tests, linters, docs build
                               # (and Debian's chromium and chromium-driver, with apt-get, when missing)
    python3 tasks.py docs      # virtual environment, install the docs tools, build the documentation site into site/

Both commands create (or reuse) the virtual environment ``.venv`` in this folder and
install the project into it as a normal, non-editable package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True, env={**os.environ, **(env or {})})


def setup(extra: str = "") -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older Python
        raise SystemExit(f"eventgraph needs Python 3.11 or newer, not {sys.version.split()[0]}")
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    python = BIN / "python"
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--quiet", f".{extra}")


def example() -> None:
    setup()
    graph = ROOT / "examples" / "examples.eg"
    run(BIN / "eventgraph", "ingest", ROOT / "examples" / "corpus", "-o", graph)
    run(BIN / "eventgraph", "stats", graph)
    run(BIN / "eventgraph", "query", graph, "--file", ROOT / "examples" / "queries.q")
    run(BIN / "python", ROOT / "examples" / "quickstart.py")


def test() -> None:
    setup("[dev]")
    browser()
    run(BIN / "python", "-m", "pytest", "-q")
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    build_docs()


BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def browser() -> None:
    """Debian's chromium and chromium-driver for the explorer's browser tests, installed with
    apt-get when they are missing; without them those tests are skipped, saying why."""
    if shutil.which("chromedriver") and any(shutil.which(name) for name in BROWSERS):
        return
    apt = shutil.which("apt-get")
    root = getattr(os, "geteuid", lambda: -1)() == 0
    prefix = [] if root else ["sudo", "-n"] if shutil.which("sudo") else None
    if apt is None or prefix is None:
        print("note: no chromium and chromedriver, and no apt-get to install them: the browser tests will be skipped")
        return
    quiet = {"DEBIAN_FRONTEND": "noninteractive"}
    try:
        run(*prefix, apt, "update", "-qq", env=quiet)
        run(*prefix, apt, "install", "-y", "-qq", "-o", "Dpkg::Use-Pty=0", "chromium", "chromium-driver", env=quiet)
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"note: chromium and chromium-driver could not be installed ({exc}): the browser tests will be skipped")


def build_docs() -> None:
    """The documentation site, with every warning an error (broken links, unreadable docstrings)."""
    quiet = {"NO_MKDOCS_2_WARNING": "1"}  # the theme's notice about its successor, printed on every build
    run(BIN / "python", "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", ROOT / "site", env=quiet)


def docs() -> None:
    setup("[docs]")
    build_docs()
    print(f"the site is in {ROOT / 'site'}; open site/index.html, or run .venv/bin/mkdocs serve for a live preview")


def main() -> int:
    commands = {"example": example, "test": test, "docs": docs}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        print(__doc__.strip())
        return 2
    try:
        commands[sys.argv[1]]()
    except subprocess.CalledProcessError as exc:
        return exc.returncode or 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
