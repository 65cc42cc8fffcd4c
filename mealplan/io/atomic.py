"""Outputs are atomic: a run writes into a fresh hidden folder and swaps it into place at the end.

A run killed at any moment leaves either the previous plan for that date or the new one,
never a half-written folder. On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call;
elsewhere it is two renames, and a run finding a leftover backup restores it first.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mealplan.errors import OutputError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _restore_backup(target: Path) -> None:
    backup = target.with_name(f".{target.name}.previous")
    if backup.exists() and not target.exists():
        backup.rename(target)
    elif backup.exists():
        shutil.rmtree(backup, ignore_errors=True)


@contextlib.contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it replaces ``target`` whole."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _restore_backup(target)
        for stale in parent.glob(f".{target.name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=parent))
    except OSError as error:
        raise OutputError(f"{parent}: cannot write the plan here ({error.strerror or error})") from error
    try:
        yield staging
        if target.exists():
            if not _exchange(staging, target):
                backup = target.with_name(f".{target.name}.previous")
                target.rename(backup)
                staging.rename(target)
                shutil.rmtree(backup, ignore_errors=True)
            else:
                shutil.rmtree(staging, ignore_errors=True)  # now holds the previous plan
        else:
            staging.rename(target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        if error.errno == errno.ENOSPC:
            raise OutputError(f"{parent}: the disk is full; the previous plan was kept") from error
        raise OutputError(f"{parent}: cannot write the plan ({error.strerror or error}); "
                          "the previous plan was kept") from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
