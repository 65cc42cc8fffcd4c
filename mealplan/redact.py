"""Secrets out of every text a person or a log file sees.

A database or scheduler URL can carry a password (``postgresql://user:secret@host/db``), typed
on the command line or set in $MEALPLAN_DB. Every message, error log and recorded command line
goes through ``mask_secrets``, which also catches URLs too malformed for a URL parser to find
their password (``postgresql//user:secret@host``, a port that is not a number): a mistyped URL
is exactly when one is printed.
"""

from __future__ import annotations

import re

MASK = "***"

# user:password@ after a scheme, with or without its colon (``postgresql//``): everything from
# the ":" after the user to the last "@" of the word is the secret.
# Each match may only start where a word starts (the look-behinds), so a long run of letters is
# scanned once, not once per letter: masking stays linear in the text.
_URL_CREDENTIALS = re.compile(
    r"(?P<head>(?<![\w+.-])[A-Za-z][\w+.-]*:?//)(?P<user>[^\s'\"/:@]*):(?P<secret>[^\s'\"]*)@"
)
# user:password@host with no scheme at all, at the start of a word.
_BARE_CREDENTIALS = re.compile(r"(?P<head>(?<=[\s'\"(=])|^)(?<![\w.%+-])(?P<user>[\w.%+-]+):(?P<secret>[^\s'\"/@]+)@")
# password=... in a query string or a libpq keyword string.
_KEYWORD = re.compile(r"(?i)\b(password|passwd|pwd)=([^\s&'\";]+)")


def mask_secrets(text: str) -> str:
    """``text`` with every password in a URL or ``password=`` pair replaced by ``***``."""
    if "@" not in text and "=" not in text:
        return text
    for pattern in (_URL_CREDENTIALS, _BARE_CREDENTIALS):
        text = pattern.sub(lambda m: f"{m['head']}{m['user']}:{MASK}@" if m["secret"] else m[0], text)
    return _KEYWORD.sub(lambda m: f"{m[1]}={MASK}", text)
