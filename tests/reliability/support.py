"""What the reliability tests share: running the real command, and making root obey permissions."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
TESTS = ROOT / "tests"

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def eventgraph(
    *args: str | Path,
    stdin: str | None = None,
    preexec_fn: Callable[[], None] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run ``eventgraph ARGS`` as a user would: a new process, its exit code and its output."""
    return subprocess.run(
        [sys.executable, "-m", "eventgraph", *map(str, args)],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=timeout,
        preexec_fn=preexec_fn,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "200"},
    )


def assert_clean(done: subprocess.CompletedProcess[str]) -> None:
    """No traceback on either stream: what went wrong is said in words."""
    assert "Traceback" not in done.stderr, done.stderr
    assert "Traceback" not in done.stdout, done.stdout


def _drop_permission_override() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def obeying_permissions(probe: Path) -> Callable[[], None] | None:
    """A ``preexec_fn`` under which the child obeys file permissions, or skip the test.

    Tests may run as root, whom permissions do not stop. Root's power to ignore them is
    two capabilities; dropping both from the bounding set before ``exec`` gives a child
    that is still root but gets ``Permission denied`` like anyone else. ``probe`` is a file
    the caller made unreadable (mode 000): the child must fail to read it, or we skip.
    """
    preexec = _drop_permission_override if os.geteuid() == 0 else None
    try:
        done = subprocess.run(
            [sys.executable, "-c", "import sys; open(sys.argv[1], 'rb')", str(probe)],
            capture_output=True,
            text=True,
            preexec_fn=preexec,
            timeout=60,
        )
    except subprocess.SubprocessError as exc:
        pytest.skip(f"running as root, and root's permission override cannot be dropped here ({exc})")
    if "PermissionError" not in done.stderr:
        pytest.skip("running with a permission override that cannot be dropped: chmod 000 would not stop a read")
    return preexec


def limited_file_size(limit: int) -> Callable[[], None]:
    """A ``preexec_fn`` under which no file the child writes may grow past ``limit`` bytes.

    A write past it fails with ``EFBIG`` ("File too large"), which is how a full disk or
    quota looks to a program, and which works whoever runs the tests.
    """
    import resource

    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error, not a signal that kills
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec
