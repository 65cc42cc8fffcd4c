"""Names, text and files that are safe in the place they are written to."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mealplan.errors import OutputError

_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")
# Names the writers use for files of their own (routes/all_routes.csv, maps/overview.html,
# index.html): an id spelled like one of them gets a hash, so it cannot overwrite that file.
RESERVED = frozenset({"all_routes", "overview", "index", "ledger", "summary", "problems", "unserved", "violations"})


def safe_filename(identifier: str) -> str:
    """A file name from an id that cannot leave its folder (``../``, ``/``, NUL) or collide.

    Ids made only of safe characters are kept as they are; others, and ids spelled like a file
    of the writers' own, are cleaned and get a short hash of the original, so two different ids
    never share a file.
    """
    cleaned = _SAFE.sub("_", identifier).strip("._") or "id"
    if cleaned == identifier and cleaned.casefold() not in RESERVED:
        return cleaned
    digest = hashlib.sha1(identifier.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned[:40]}-{digest}"


# ----------------------------------------------------------------------------- files, not links
# Every file the program writes outside a fresh staging folder is opened so that a symbolic link
# planted at its path (or at a folder on the way) is never followed: the write goes to a new file
# of our own, which then takes the path's place, or the run stops naming the link.


def _created_mode() -> int:
    """The mode an ordinary new file gets under the user's umask (mkstemp's files are 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def refuse_link(path: Path) -> None:
    """Stop with an output error when ``path`` is a symbolic link."""
    if path.is_symlink():
        raise OutputError("planted_link", path=str(path), target=os.readlink(path))


def real_folder(root: Path, *parts: str) -> Path:
    """``root/parts...``, each folder below ``root`` created as needed and none of them a link
    (``root`` itself is the user's to choose, and is created with its parents)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError("cannot_write", folder=str(root), detail=error.strerror or str(error)) from error
    folder = root
    for part in parts:
        folder = folder / part
        refuse_link(folder)
        try:
            folder.mkdir(exist_ok=True)
        except FileExistsError:
            raise OutputError("cannot_write", folder=str(folder), detail="not a folder") from None
        except OSError as error:
            raise OutputError("cannot_write", folder=str(folder), detail=error.strerror or str(error)) from error
        refuse_link(folder)
    return folder


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A new file of our own beside ``path`` to write into; on success it takes ``path``'s place.

    ``os.replace`` swaps the name, so a link planted at ``path`` is replaced, never followed, and
    a reader never sees half a file. On failure the new file is removed and ``path`` is as it was.
    """
    refuse_link(path.parent)
    descriptor, staging = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(descriptor)
    try:
        yield Path(staging)
        os.chmod(staging, _created_mode())
        os.replace(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise


def write_new_file(path: Path, text: str) -> None:
    """Write ``text`` to a file that must not exist yet (``O_EXCL``: never through a planted link)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
