"""Names and text that are safe in the place they are written to."""

from __future__ import annotations

import hashlib
import re

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
