"""Outputs are atomic: a run writes into a fresh hidden folder and swaps it into place at the end.

A run killed at any moment leaves either the previous plan for that date or the new one,
never a half-written folder. On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call;
elsewhere it is two renames, and a run finding a leftover backup restores it first.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
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
def _temporary_files_in(folder: Path) -> Iterator[None]:
    """Libraries' temporary files (openpyxl writes each sheet to one) go inside ``folder``.

    A run killed while writing then leaves nothing in the system's temp folder: whatever it
    wrote lies in the staging folder, which the next run (or SIGTERM) removes.
    """
    folder.mkdir()
    previous_dir, previous_env = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = str(folder)
    os.environ["TMPDIR"] = str(folder)  # for worker processes started meanwhile
    try:
        yield
    finally:
        tempfile.tempdir = previous_dir
        if previous_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = previous_env
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def output_lock(root: Path) -> Iterator[None]:
    """Hold ``root/.mealplan.lock`` for the whole run: a second run into the same folder stops at once.

    The lock is an ``flock``, so the kernel releases it however the run ends (even SIGKILL);
    stale staging folders are therefore only removed by the run that holds it.
    """
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle = (root / ".mealplan.lock").open("a+")
    except OSError as error:
        raise OutputError("cannot_write", folder=str(root), detail=error.strerror or str(error)) from error
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise OutputError("locked", folder=str(root), pid=holder) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


@contextlib.contextmanager
def atomic_folder(target: Path, keep_previous: Path | None = None) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it replaces ``target`` whole.

    With ``keep_previous``, a plan it replaces is moved there instead of deleted (sheets may
    already be printed from it).
    """
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _restore_backup(target)
        for stale in parent.glob(f".{target.name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=parent))
    except OSError as error:
        raise OutputError("cannot_write", folder=str(parent), detail=error.strerror or str(error)) from error
    try:
        with _temporary_files_in(staging / ".tmp"):
            yield staging
        if target.exists():
            if not _exchange(staging, target):
                backup = target.with_name(f".{target.name}.previous")
                target.rename(backup)
                staging.rename(target)
                staging = backup
            # ``staging`` now holds the previous plan.
            if keep_previous is not None:
                staging.rename(keep_previous)
            else:
                shutil.rmtree(staging, ignore_errors=True)
        else:
            staging.rename(target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        if error.errno == errno.ENOSPC:
            raise OutputError("disk_full", folder=str(parent)) from error
        raise OutputError("write_failed", folder=str(parent), detail=error.strerror or str(error)) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
