"""Scenario files in (YAML): a mistake stops with a message naming the file, the key and what was expected."""

from __future__ import annotations

import codecs
from pathlib import Path

import yaml
from pydantic import ValidationError

from mealplan.errors import InputError
from mealplan.models import Problem
from mealplan.scenario import Scenario

# A scenario is a page of YAML: these budgets refuse a file that is not one (a log pasted by
# mistake, an alias bomb whose few hundred bytes expand to gigabytes) in well under a second.
MAX_SCENARIO_BYTES = 1 << 20
MAX_SCENARIO_NODES = 100_000


def load_scenario(path: Path) -> Scenario:
    """The scenario in ``path``; every mistake in it is listed with its key."""
    try:
        if path.is_dir():
            raise InputError("not_a_file", file=str(path))
        with path.open("rb") as handle:
            data = handle.read(MAX_SCENARIO_BYTES + 1)
    except OSError as error:
        raise InputError("file_unreadable", file=str(path), detail=error.strerror or str(error)) from error
    if len(data) > MAX_SCENARIO_BYTES:
        raise InputError("scenario_too_large", file=str(path), limit_kib=MAX_SCENARIO_BYTES // 1024)
    raw = _parse_yaml(path, _decode(path, data))
    if not isinstance(raw, dict):
        raise InputError("scenario_yaml", file=str(path), where="1", detail="not a mapping of keys")
    try:
        return Scenario.model_validate(raw)
    except ValidationError as error:
        problems = tuple(
            Problem(
                file=path.name,
                column=".".join(str(part) for part in e["loc"]) or "-",
                # A missing key's "input" is the mapping around it: nothing of the key to show.
                value="" if e["type"] in WHOLE_MAPPING_CHECKS else _shown(e.get("input")),
                code="scenario_key",
                expected="scenario_value",
                # The check's code and limits: the words are the writer's, in the user's language.
                args={"check": e["type"], "detail": e["msg"]} | {k: str(v) for k, v in e.get("ctx", {}).items()},
            )
            for e in error.errors()
        )
        raise InputError("bad_scenario", problems=problems, file=str(path)) from error


# Checks whose "input" is the mapping around the key, not a value of it: nothing to show.
WHOLE_MAPPING_CHECKS = frozenset({"missing", "unknown_settings", "setting_value"})


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without a BOM), or UTF-16 with its BOM as Windows' Notepad saves "Unicode"."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError("scenario_encoding", file=str(path), offset=error.start) from None


def _parse_yaml(path: Path, text: str) -> object:
    """``yaml.safe_load`` with a budget: the document is composed first (aliases are shared nodes
    there, so composing is as cheap as the text), its expanded size counted up to the budget, and
    only then built into Python objects."""
    loader = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        _within_budget(path, node)
        return loader.construct_document(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "?"
        raise InputError("scenario_yaml", file=str(path), where=where, detail=str(error).splitlines()[0]) from error
    finally:
        if loader is not None:
            loader.dispose()


def _within_budget(path: Path, root: yaml.Node) -> None:
    seen = 0
    stack = [root]
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_SCENARIO_NODES:
            raise InputError("scenario_too_large", file=str(path), limit_kib=MAX_SCENARIO_BYTES // 1024)
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


def _shown(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:79] + "…"
