"""Writing export files so that a failed export never leaves half a file behind.

Each file is written to a temporary name in its folder and renamed over the target when
complete. Exports of several files go into a folder; files an earlier export of the same
format left there, and this one does not write again, are removed so the folder holds
one export.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from eventgraph.errors import ExportError

__all__ = ["atomic_file", "export_folder", "remove_stale"]


@contextmanager
def atomic_file(
    path: Path, *, binary: bool = False, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[Any]]:
    """An open file that appears at ``path`` only once the block completes."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(path, f"the folder {folder} does not exist")
    if path.is_dir():
        raise ExportError(path, "is a folder; give a file name")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        if binary:
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding=encoding, newline=newline)
        with handle:
            yield handle
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_folder(path: Path) -> Path:
    """The folder a multi-file export goes into, created if missing (its parent must exist)."""
    if path.exists() and not path.is_dir():
        raise ExportError(path, "is a file; this format writes a folder of files, give a folder name")
    if not path.parent.is_dir():
        raise ExportError(path, f"the folder {path.parent} does not exist")
    path.mkdir(exist_ok=True)
    return path


def remove_stale(folder: Path, patterns: Iterable[str], written: Iterable[Path]) -> None:
    """Remove files matching ``patterns`` that this export did not write (left by an earlier one)."""
    keep = {p.resolve() for p in written}
    for pattern in patterns:
        for old in folder.glob(pattern):
            if old.is_file() and old.resolve() not in keep:
                old.unlink()
