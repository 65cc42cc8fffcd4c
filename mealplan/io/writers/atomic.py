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
from mealplan.io.safe import refuse_link

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


def _remove(path: Path) -> None:
    """Remove a folder we left behind; a link planted in its place is removed, never followed."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _restore_backup(target: Path) -> None:
    backup = target.with_name(f".{target.name}.previous")
    if backup.is_symlink():
        backup.unlink()
    elif backup.is_dir() and not os.path.lexists(target):
        backup.rename(target)
    elif os.path.lexists(backup):
        _remove(backup)


def _folder_mode() -> int:
    """The mode an ordinary new folder gets under the user's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


@contextlib.contextmanager
def _temporary_files_in(folder: Path) -> Iterator[None]:
    """Libraries' temporary files (XlsxWriter streams each sheet through one) go inside ``folder``.

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
def output_lock(root: Path, name: str = ".mealplan.lock") -> Iterator[None]:
    """Hold ``root/<name>`` for the whole run: a second run into the same folder stops at once.

    The lock is an ``flock``, so the kernel releases it however the run ends (even SIGKILL);
    stale staging folders are therefore only removed by the run that holds it.
    """
    lock = root / name
    try:
        root.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a link planted at the lock's path must not get our PID written into its target.
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        handle = os.fdopen(descriptor, "r+")
    except FileExistsError:
        raise OutputError("cannot_write", folder=str(root), detail="not a folder") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OutputError("planted_link", path=str(lock), target=os.readlink(lock)) from None
        if not root.is_dir():
            raise OutputError("cannot_write", folder=str(root), detail="not a folder") from None
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


def check_target(target: Path) -> None:
    """A night's folder may be replaced only when it is a folder: a link or a file there is named.

    Replacing a link would hide where the plan went; a file of the same name is someone's file.
    """
    refuse_link(target)
    if target.exists() and not target.is_dir():
        raise OutputError("not_a_plan_folder", path=str(target))


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
            _remove(stale)
        check_target(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=parent))
        # mkdtemp makes a private folder (0700): the night's folder is an ordinary one, which a
        # kitchen's or a printer's account on the office server can open as the umask allows.
        staging.chmod(_folder_mode())
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
                while os.path.lexists(keep_previous):  # a name taken (or planted) is never overwritten
                    keep_previous = keep_previous.with_name(keep_previous.name + "-1")
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
