"""Scenario files and sweeps under mistakes: every plan has its own result, results stay in their
folder, days off are named instead of averaged in, and hostile files are refused quickly."""

from __future__ import annotations

import json
import socket
import time
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

from mealplan.errors import InputError
from mealplan.io.readers.scenarios import load_scenario
from mealplan.io.writers.comparison import load_results, result_path, save_result, write_comparison
from mealplan.sweep import tasks_for
from tests.faults.conftest import invoke
from tests.integration.test_scenarios import result

ROOT = Path(__file__).resolve().parents[2]
HEADER = f"base: {ROOT / 'data' / 'helsinki'}\ndates: [2026-11-25]\n"


def scenario(folder: Path, file: str, text: str) -> Path:
    path = folder / file
    path.write_text(text, encoding="utf-8")
    return path


def test_names_that_clean_to_the_same_text_get_results_of_their_own(tmp_path):
    paths = {result_path(tmp_path, name, "2026-11-25") for name in ("closed K1", "closed/K1", "closed_K1", "closed:K1")}
    assert len(paths) == 4
    assert all(p.parent.parent == tmp_path / "results" for p in paths)


@pytest.mark.parametrize("name", ["..", ".", "../../etc", "/abs", "results/../..", "\x00", "CON", ""])
def test_results_stay_inside_the_results_folder_whatever_the_name(tmp_path, name):
    path = result_path(tmp_path, name, "2026-11-25")
    assert path.resolve().parent.parent == (tmp_path / "results").resolve()
    save_result(tmp_path, name, "2026-11-25", {"served_pct": 1.0, "date": "2026-11-25"})
    assert list(tmp_path.rglob("*.json")) == [path]


def test_two_scenarios_of_one_name_are_refused_naming_both_files(tmp_path):
    first = scenario(tmp_path, "a.yaml", f"name: closed K1\n{HEADER}")
    second = scenario(tmp_path, "b.yaml", f"name: closed K1\n{HEADER}changes: {{max_hold_min: 90}}\n")
    with pytest.raises(InputError) as caught:
        tasks_for([(first, load_scenario(first)), (second, load_scenario(second))])
    assert caught.value.code == "scenario_duplicate"
    assert "a.yaml" in str(caught.value) and "b.yaml" in str(caught.value)
    answer = invoke("scenario", "run", first, second, "--out", tmp_path / "out", "--lang", "en")
    assert answer.exit_code == 2 and "would overwrite" in answer.output
    assert not (tmp_path / "out" / "results").exists()


def test_names_equal_but_for_case_are_refused_as_one_file_on_case_blind_disks(tmp_path):
    first = scenario(tmp_path, "a.yaml", f"name: Closed\n{HEADER}")
    second = scenario(tmp_path, "b.yaml", f"name: closed\n{HEADER}")
    with pytest.raises(InputError):
        tasks_for([(first, load_scenario(first)), (second, load_scenario(second))])


def test_the_same_file_given_twice_is_planned_once(tmp_path):
    first = scenario(tmp_path, "a.yaml", f"name: closed K1\n{HEADER}")
    assert len(tasks_for([(first, load_scenario(first)), (first, load_scenario(first))])) == 2


def test_a_day_off_among_the_dates_is_left_out_of_the_figures_and_named(tmp_path):
    base = "base (sofia)"
    for day, served in (("2026-11-24", 92.0), ("2026-11-25", 92.0)):
        save_result(tmp_path, base, day, result(base, day, "base", base, served=served))
    off = result(base, "2026-12-25", "base", base, served=None) | {"day_off": {"day": "holiday", "holiday": "Коледа"}}
    save_result(tmp_path, base, "2026-12-25", off)
    _, left_out = write_comparison(tmp_path, "en")
    frame = pd.read_csv(tmp_path / "comparison.csv")
    assert frame.loc[0, "served_pct_mean"] == 92.0 and frame.loc[0, "dates"] == 2
    assert left_out == ["2026-12-25 is a day off (Коледа): left out of the figures."]
    assert "2026-12-25 is a day off" in (tmp_path / "comparison.html").read_text(encoding="utf-8")


def test_a_truncated_result_is_planned_again_by_a_sweep_and_named_by_compare(tmp_path):
    from mealplan.io.writers.comparison import result_done

    path = result_path(tmp_path, "x", "2026-11-25")
    save_result(tmp_path, "x", "2026-11-25", result("x", "2026-11-25", "base", "x"))
    assert result_done(path)
    path.write_text(path.read_text(encoding="utf-8")[:40], encoding="utf-8")
    assert not result_done(path)
    with pytest.raises(InputError) as caught:
        load_results(tmp_path)
    assert caught.value.code == "bad_result" and str(path) in str(caught.value)
    answer = invoke("scenario", "compare", "--out", tmp_path, "--lang", "en")
    assert answer.exit_code == 2 and "damaged" in answer.output


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("time_limit_s: .inf\n", "time_limit_s"),
        ("time_limit_s: .nan\n", "time_limit_s"),
        ("seed: 12345678901234567890123\n", "seed"),
        ("changes:\n  settings: {speed_kmh: -5}\n", "speed_kmh"),
        ("changes:\n  window: {start: '14:00', end: '11:00'}\n", "window"),
        ("changes:\n  window: {start: '11:00', end: '11:00'}\n", "window"),
        ("dates: [9999-12-31]\n", "dates"),
    ],
)
def test_values_no_plan_can_have_are_refused_when_the_file_is_read(tmp_path, text, key):
    body = f"name: x\nbase: {ROOT / 'data' / 'helsinki'}\n" + (
        "" if text.startswith("dates") else "dates: [2026-11-25]\n"
    )
    path = scenario(tmp_path, "bad.yaml", body + text)
    answer = invoke("scenario", "run", path, "--out", tmp_path / "out", "--lang", "en")
    assert answer.exit_code == 2, answer.output
    assert "bad.yaml" in answer.output and key in answer.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (f"name: x\n{HEADER}".encode("utf-16"), 0),  # Windows Notepad's "Unicode": read
        (f"name: Затворена K1\n{HEADER}".encode("cp1251"), 2),
        (b"\xff\xfe\x00", 2),
        (b"\x00" * 64, 2),
        (b"", 2),
        (b"- just\n- a list\n", 2),
    ],
)
def test_scenario_files_in_other_encodings_or_shapes_get_a_sentence(tmp_path, data, expected):
    path = tmp_path / "s.yaml"
    path.write_bytes(data)
    if expected == 0:
        assert load_scenario(path).name == "x"
        return
    answer = invoke("scenario", "run", path, "--out", tmp_path / "out", "--lang", "en")
    assert answer.exit_code == 2 and "s.yaml" in answer.output


@pytest.mark.parametrize("depth", [7, 11, 30])
def test_an_alias_bomb_is_refused_in_under_a_second_and_little_memory(tmp_path, depth):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, depth + 1):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    path = scenario(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    assert path.stat().st_size < 2000
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert caught.value.code == "scenario_too_large"
    assert elapsed < 1.0 and peak < 100 * 2**20


def test_a_self_referencing_alias_is_refused(tmp_path):
    path = scenario(tmp_path, "loop.yaml", "name: &n [*n]\n")
    with pytest.raises(InputError):
        load_scenario(path)


def test_a_file_too_large_to_be_a_scenario_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (3 << 20) + b"\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert caught.value.code == "scenario_too_large"


def test_an_unreachable_scheduler_is_named_within_seconds_not_a_traceback(tmp_path):
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = scenario(tmp_path, "s.yaml", f"name: x\n{HEADER}")
    started = time.perf_counter()
    answer = invoke("scenario", "run", path, "--out", tmp_path / "out", "--scheduler", f"tcp://127.0.0.1:{port}",
                    "--lang", "en")  # fmt: skip
    assert answer.exit_code == 3 and f"127.0.0.1:{port}" in answer.output and "does not answer" in answer.output
    assert time.perf_counter() - started < 30
    malformed = invoke("scenario", "run", path, "--out", tmp_path / "out", "--scheduler", "tcpx//nowhere")
    assert malformed.exit_code == 3


def test_results_written_are_whole_json(tmp_path):
    save_result(tmp_path, "x", "2026-11-25", {"served_pct": 1.0})
    assert json.loads(result_path(tmp_path, "x", "2026-11-25").read_text(encoding="utf-8"))["variant"] == "x"
