"""The mealplan command end to end, through click's runner, on a generated 150-client slice."""

import json

import pytest
from click.testing import CliRunner

from mealplan.cli import cli
from tests.helpers import copy_data, edit_cell, read_rows, run_plan, write_rows

DATE = "2026-11-25"


@pytest.fixture(scope="module")
def planned(small_dir, tmp_path_factory):
    """One plan run of the small slice into a fresh out folder."""
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(
        cli,
        ["plan", "--date", DATE, "--data", str(small_dir), "--out", str(out), "--time-limit", "2", "--workers", "1"],
    )
    return result, out / DATE


def test_plan_exits_zero_and_prints_the_summary(planned):
    """The terminal summary names the folder, served share, vans, km and the longest food ride."""
    result, folder = planned
    assert result.exit_code == 0, result.output
    for words in (str(folder), "Обслужени", "Бусове / курсове", "Общо км", "Най-дълго пътуване на храна"):
        assert words in result.output
    assert "…" not in result.output  # no progress lines when not attached to a terminal


def test_summary_speaks_english_with_lang_en(small_dir, tmp_path):
    """--lang en: the terminal summary and reasons are in English."""
    result = run_plan(small_dir, tmp_path, DATE, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Served" in result.output and "Longest food ride" in result.output
    assert "Обслужени" not in result.output
    folder = tmp_path / DATE
    van = read_rows(folder / "routes" / "all_routes.csv")[0]["van_id"]
    sheet = (folder / "routes" / f"{van}.html").read_text(encoding="utf-8")
    assert "Route sheet" in sheet and "Signature" in sheet and "Маршрутен лист" not in sheet
    assert "Delivery plan for" in (folder / "index.html").read_text(encoding="utf-8")
    assert "Van · trip · stops" in (folder / "maps" / "overview.html").read_text(encoding="utf-8")
    assert "Production –" in (folder / "production" / "K1.html").read_text(encoding="utf-8")
    from pypdf import PdfReader

    assert "Production" in PdfReader(folder / "pdf" / "K1.pdf").pages[0].extract_text()


def test_every_promised_output_is_written(planned, small_dataset):
    """Ledger, summary, production CSV/XLSX per kitchen, CSV+HTML per van, maps, index."""
    _, folder = planned
    for name in (
        "ledger.csv",
        "summary.json",
        "problems.csv",
        "unserved.csv",
        "index.html",
        "maps/overview.html",
        "routes/all_routes.csv",
    ):
        assert (folder / name).is_file(), name
    for kitchen in small_dataset.kitchens:
        for name in (
            f"production/{kitchen.kitchen_id}_production.csv",
            f"production/{kitchen.kitchen_id}.xlsx",
            f"production/{kitchen.kitchen_id}_ingredients.csv",
            f"production/{kitchen.kitchen_id}_boxes.csv",
            f"maps/{kitchen.kitchen_id}.html",
        ):
            assert (folder / name).is_file(), name
    routed_vans = {row["van_id"] for row in read_rows(folder / "routes" / "all_routes.csv")}
    assert routed_vans
    for van_id in routed_vans:
        assert (folder / "routes" / f"{van_id}.html").is_file()
        assert (folder / "routes" / f"{van_id}.csv").is_file()
    assert not list(folder.parent.glob(f".{DATE}.tmp-*"))


def test_ledger_csv_accounts_for_every_register_row_once(planned, small_dataset):
    """ledger.csv has the required columns and exactly one line per register row."""
    _, folder = planned
    rows = read_rows(folder / "ledger.csv")
    assert {"client_id", "status", "reason", "van_id", "stop", "arrival"} <= set(rows[0])
    assert sorted(int(r["row"]) for r in rows) == sorted(r.row for r in small_dataset.register_rows)
    assert {r["status"] for r in rows} <= {"routed", "not_due", "invalid", "unserved"}
    assert all(r["reason"] for r in rows if r["status"] != "routed")
    assert all(r["van_id"] and r["arrival"] for r in rows if r["status"] == "routed")


def test_summary_json_has_the_nightly_figures(planned):
    """summary.json carries due, served, unserved by reason, vans, km, longest ride, solve time."""
    _, folder = planned
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    for key in ("due", "served", "unserved_by_reason", "vans_used", "total_km", "longest_food_ride_min", "solve_s"):
        assert key in summary
    assert summary["violations"] == 0
    assert summary["served"] + sum(summary["unserved_by_reason"].values()) == summary["due"]


def test_route_sheet_lists_stops_with_address_phone_diet_and_signature_column(planned):
    """The printable sheet is Bulgarian and carries what a driver needs at the door."""
    _, folder = planned
    first = read_rows(folder / "routes" / "all_routes.csv")[0]
    html = (folder / "routes" / f"{first['van_id']}.html").read_text(encoding="utf-8")
    for text in ("Маршрутен лист", "Подпис", "Телефон", "Диета", "Порции", first["name"], first["phone"]):
        assert text in html


def test_rerun_replaces_the_plan_for_that_date_whole(planned, small_dir):
    """A second run into the same out folder leaves one complete plan, no staging leftovers."""
    _, folder = planned
    result = run_plan(small_dir, folder.parent)
    assert result.exit_code == 0, result.output
    assert (folder / "ledger.csv").is_file()
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith(".")] == [".mealplan.lock"]


def test_missing_data_folder_is_a_clear_error_with_exit_code_2(tmp_path):
    """No traceback: one line naming the folder, exit code 2."""
    result = CliRunner().invoke(cli, ["plan", "--data", str(tmp_path / "missing"), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "missing" in result.output and "Traceback" not in result.output


def test_unwritable_output_is_a_clear_error_with_exit_code_3(small_dir, tmp_path):
    """An --out that is a file cannot hold a plan: a message and exit code 3."""
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = run_plan(small_dir, blocker)
    assert result.exit_code == 3, result.output
    assert result.output.startswith("Грешка: ") and "Traceback" not in result.output


def test_bad_date_is_a_usage_error():
    """A date that is not YYYY-MM-DD is rejected with the expected format, in the user's language."""
    result = CliRunner().invoke(cli, ["plan", "--date", "25.11.2026"])
    assert result.exit_code == 2
    assert "ГГГГ-ММ-ДД" in result.output
    result = CliRunner().invoke(cli, ["plan", "--date", "25.11.2026", "--lang", "en"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_validate_lists_problems_with_file_row_column_and_exits_2(small_dir, tmp_path):
    """validate prints each problem with file:row [column] and value; exit 2 when rows would be excluded."""
    data = copy_data(small_dir, tmp_path / "data")
    edit_cell(data / "clients.csv", 0, "portions", "-3")
    result = CliRunner().invoke(cli, ["validate", "--data", str(data), "--date", "2026-11-25"])
    assert result.exit_code == 2
    assert "clients.csv:2 [portions] „-3“" in result.output


def test_validate_reports_what_the_plan_would_leave_unserved_for_data_reasons(sample_dir):
    """The shipped sample has no bad row, but three clients without coordinates: validate names
    each with its row and hint and exits 2, as the plan would leave them unserved."""
    result = CliRunner().invoke(cli, ["validate", "--data", str(sample_dir), "--date", "2026-11-25"])
    assert result.exit_code == 2, result.output
    assert "0 грешки" in result.output
    unserved = [line for line in result.output.splitlines() if line.startswith("необслужен:")]
    assert len(unserved) == 3 and all("няма координати" in line for line in unserved)


def test_validate_of_a_clean_folder_exits_0(small_dir, tmp_path):
    """No bad row and everyone reachable: exit 0."""
    data = copy_data(small_dir, tmp_path / "data")
    rows = read_rows(data / "clients.csv")
    write_rows(data / "clients.csv", [r for r in rows if r["lat"] and r["lon"]])
    result = CliRunner().invoke(cli, ["validate", "--data", str(data), "--date", "2026-11-25"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("command", "says", "options"),
    [
        (
            "plan",
            "Plan one delivery day",
            ["--date", "--data", "--out", "--time-limit", "--accept-violations", "--lang"],
        ),
        ("validate", "Check the input files", ["--data", "--date", "--lang"]),
        ("generate-sample", "synthetic Sofia sample", ["--out", "--clients", "--seed", "--force"]),
        ("bench", "VRPTW benchmark instances", ["--time-limit", "--engine", "--bks", "--out"]),
    ],
)
def test_help_describes_every_command_and_its_options(command, says, options):
    """Each command's help says what it does and lists every option a user needs."""
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert says in text
    assert all(option in text for option in options), [o for o in options if o not in text]


def test_unserved_clients_get_a_bulgarian_reason_and_hint_in_index_and_csv(small_dir, tmp_path):
    """A client without coordinates appears in unserved.csv and index.html with the reason in words."""
    data = copy_data(small_dir, tmp_path / "data")
    edited = edit_cell(data / "clients.csv", 0, "lat", "")
    edit_cell(data / "clients.csv", 0, "lon", "")
    result = run_plan(data, tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / DATE
    row = next(r for r in read_rows(folder / "unserved.csv") if r["client_id"] == edited["client_id"])
    assert row["reason_code"] == "no_coordinates" and row["reason"] == "няма координати" and row["hint"]
    assert "няма координати" in (folder / "index.html").read_text(encoding="utf-8")


def test_each_kitchen_gets_a_printable_pdf_with_cyrillic_text(planned, small_dataset):
    """pdf/<kitchen>.pdf: a production page plus at least one page per trip, Cyrillic extractable."""
    from pypdf import PdfReader

    _, folder = planned
    trips = {(r["van_id"], r["trip"]) for r in read_rows(folder / "routes" / "all_routes.csv")}
    ledger = {r["client_id"]: r["kitchen_id"] for r in read_rows(folder / "ledger.csv")}
    per_kitchen = {}
    for r in read_rows(folder / "routes" / "all_routes.csv"):
        per_kitchen.setdefault(ledger[r["client_id"]], set()).add((r["van_id"], r["trip"]))
    assert sum(len(t) for t in per_kitchen.values()) == len(trips)
    for kitchen in small_dataset.kitchens:
        reader = PdfReader(folder / "pdf" / f"{kitchen.kitchen_id}.pdf")
        assert len(reader.pages) >= 1 + len(per_kitchen.get(kitchen.kitchen_id, ()))
        assert "Производство" in reader.pages[0].extract_text()
        if per_kitchen.get(kitchen.kitchen_id):
            # The production pages (lines, totals, store, boxes) come first, then the route sheets.
            sheets = [i for i, page in enumerate(reader.pages) if "Маршрутен лист" in page.extract_text()]
            assert sheets and "Маршрутен лист" not in reader.pages[0].extract_text()


def test_route_sheet_loading_list_is_the_delivery_order_reversed(planned):
    """The last stop is loaded first, so the first stop comes out last… and the driver takes the top box."""
    import re

    _, folder = planned
    rows = read_rows(folder / "routes" / "all_routes.csv")
    van = rows[0]["van_id"]
    first_trip = [r for r in rows if r["van_id"] == van and r["trip"] == rows[0]["trip"]]
    html = (folder / "routes" / f"{van}.html").read_text(encoding="utf-8")
    loading = html.split('class="loading-list"')[1].split("</ul>")[0]
    order = [int(n) for n in re.findall(r"<li>№&nbsp;(\d+)", loading)]
    # One numbering only: the stop's own number, no list counter beside it.
    assert "<ol" not in html
    assert order == sorted((int(r["stop"]) for r in first_trip), reverse=True)
    assert "https://www.google.com/maps/dir/" in html and "<svg" in html


def test_generate_sample_refuses_to_overwrite_a_folder_without_force(tmp_path):
    """A register generated over an existing folder would replace real data: refused, unless --force."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "clients.csv").write_text("real register", encoding="utf-8")
    refused = CliRunner().invoke(cli, ["generate-sample", "--out", str(folder), "--clients", "20"])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert (folder / "clients.csv").read_text(encoding="utf-8") == "real register"
    forced = CliRunner().invoke(cli, ["generate-sample", "--out", str(folder), "--clients", "20", "--force"])
    assert forced.exit_code == 0, forced.output
    assert (folder / "clients.csv").read_text(encoding="utf-8-sig").startswith("client_id")


def test_the_terminal_and_summary_json_give_the_same_time_to_the_plan(small_dir, tmp_path):
    """summary.json's wall_s (to the plan, before writing) is the figure the terminal prints, writing beside it."""
    import re

    result = run_plan(small_dir, tmp_path, DATE)
    folder = tmp_path / DATE
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    shown = re.search(r"([\d.]+) s / ([\d.]+) s / ([\d.]+) s", result.output)
    assert shown and float(shown.group(1)) == summary["solve_s"] and float(shown.group(2)) == summary["wall_s"]


def test_a_second_run_of_the_same_night_keeps_the_first_plan_and_says_so(small_dir, tmp_path):
    """Sheets may already be printed from the first run: it is kept beside, dated, and the terminal warns."""
    first = run_plan(small_dir, tmp_path, DATE)
    assert first.exit_code == 0 and "already had route sheets" not in first.output
    second = run_plan(small_dir, tmp_path, DATE, "--lang", "en")
    assert second.exit_code == 0, second.output
    assert "already had route sheets and was replaced" in second.output
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(f"{DATE}.replaced-")]
    assert len(kept) == 1 and (kept[0] / "routes" / "all_routes.csv").exists()
    assert (tmp_path / DATE / "routes" / "all_routes.csv").exists()


def test_the_nights_folder_is_an_ordinary_folder_another_account_can_read(small_dir, tmp_path):
    """Under umask 022 the night's folder is rwxr-xr-x and its files rw-r--r--, as any folder the
    coordinator makes: a kitchen's or a printer's account on the office server opens the sheets."""
    import os
    import stat

    previous = os.umask(0o022)
    try:
        result = run_plan(small_dir, tmp_path / "out", DATE, "--no-history")
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    night = tmp_path / "out" / DATE
    assert stat.S_IMODE(night.stat().st_mode) == 0o755
    for path in [night / "index.html", night / "routes" / "all_routes.csv", night / "plan.xlsx"]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o044 == 0o044, path
    for folder in [p for p in night.rglob("*") if p.is_dir()]:
        assert stat.S_IMODE(folder.stat().st_mode) & 0o055 == 0o055, folder


def test_a_plan_from_another_data_folder_is_not_replaced_without_force(small_dir, tmp_path):
    """Two services writing to one --out would replace each other's sheets: the second is refused,
    naming both data folders, and replaces it only with --force."""
    from tests.helpers import copy_data, run_plan

    out = tmp_path / "out"
    other = copy_data(small_dir, tmp_path / "other-service")
    assert run_plan(small_dir, out, "2026-11-25", "--no-history").exit_code == 0
    before = (out / "2026-11-25" / "ledger.csv").read_bytes()
    refused = run_plan(other, out, "2026-11-25", "--no-history")
    assert refused.exit_code == 2
    assert str(small_dir.resolve()) in refused.output and str(other.resolve()) in refused.output
    assert (out / "2026-11-25" / "ledger.csv").read_bytes() == before
    assert run_plan(small_dir, out, "2026-11-25", "--no-history").exit_code == 0  # the same service: fine
    forced = run_plan(other, out, "2026-11-25", "--no-history", "--force")
    assert forced.exit_code == 0, forced.output
