"""mealplan bench: standard instances through the nightly plan's own problem, engine and checker."""

from pathlib import Path

from click.testing import CliRunner

from mealplan.cli import cli
from mealplan.io.readers.vrplib import read_vrptw
from mealplan.models import Route, Stop
from mealplan.routing.benchmark import dimacs_matrix, problem_from_instance
from mealplan.routing.check import check_routes
from tests.helpers import read_rows

DATA = Path(__file__).resolve().parents[1] / "data" / "vrptw"


def test_vrplib_reader_reads_solomon_c101():
    """101 nodes, depot first, capacity 200, 25 vehicles, service 90 except at the depot."""
    instance = read_vrptw(DATA / "C101.vrp")
    assert len(instance.x) == 101 and instance.capacity == 200 and instance.vehicles == 25
    assert instance.service[0] == 0 and set(instance.service[1:]) == {90}
    assert (instance.ready[0], instance.due[0]) == (0, 1236)


def test_distances_follow_the_dimacs_truncation():
    """Distance in tenths is floor(10 x Euclidean): (0,0)-(1,1) is 14 tenths, not 14.14."""
    instance = read_vrptw(DATA / "C101.vrp").model_copy(update={"x": (0.0, 1.0), "y": (0.0, 1.0)})
    assert int(dimacs_matrix(instance)[0, 1]) == 14


def test_bench_writes_one_checked_row_per_instance_with_gap(tmp_path):
    """Two Solomon instances at 3 s with the default engine: feasible by our checker, within 2 % of best known."""
    out = tmp_path / "results.csv"
    result = CliRunner().invoke(
        cli,
        [
            "bench",
            str(DATA / "C101.vrp"),
            str(DATA / "RC201.vrp"),
            "--time-limit",
            "3",
            "--bks",
            str(DATA / "bks.csv"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    assert [r["instance"] for r in rows] == ["C101", "RC201"]
    assert list(rows[0]) == ["instance", "engine", "distance", "vehicles", "feasible", "wall_s", "gap_pct"]
    for row in rows:
        assert row["feasible"] == "true" and row["engine"] == "pyvrp"
        assert 0 <= float(row["gap_pct"]) < 2
        assert int(row["vehicles"]) <= 25


def test_the_checker_rejects_a_benchmark_route_that_breaks_a_window():
    """A route visiting C101's customers in file order breaks windows; the checker says so."""
    instance = read_vrptw(DATA / "C101.vrp")
    problem = problem_from_instance(instance)
    stops = tuple(
        Stop(
            sequence=i,
            client_id=str(i),
            portions=instance.demand[i],
            diet_id="",
            lat=0.0,
            lon=0.0,
            arrival_s=0,
            departure_s=0,
            hold_s=0,
        )
        for i in range(1, 6)
    )
    route = Route(
        van_id="R001",
        trip=1,
        kitchen_id="C101",
        departure_s=0,
        return_s=12360,
        stops=stops,
        distance_m=0.0,
        capacity_portions=200,
        max_hold_min=10**6,
    )
    causes = {v.cause for v in check_routes(problem, [route], [str(i) for i in range(6, 101)])}
    assert "time_window" in causes or "travel" in causes


def test_missing_instance_file_is_a_clear_error(tmp_path):
    """A path that does not exist: exit code 2 and the path in the message."""
    result = CliRunner().invoke(cli, ["bench", str(tmp_path / "X.vrp"), "--out", str(tmp_path / "r.csv")])
    assert result.exit_code == 2 and "X.vrp" in result.output


def test_bench_runs_the_ortools_engine_too(tmp_path):
    """--engine ortools goes through the same problem and checker: feasible, within 6 % on C101."""
    out = tmp_path / "results.csv"
    result = CliRunner().invoke(
        cli,
        [
            "bench",
            str(DATA / "C101.vrp"),
            "--time-limit",
            "2",
            "--engine",
            "ortools",
            "--bks",
            str(DATA / "bks.csv"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    row = read_rows(out)[0]
    assert row["engine"] == "ortools" and row["feasible"] == "true" and float(row["gap_pct"]) < 6


def test_decomposition_keeps_every_client_and_the_fleet_limit():
    """A 100-client instance cut into parts of 30: rounds never lose a client or add a vehicle, and the
    result is feasible by our checker and no worse than the whole-problem start."""
    from mealplan.routing.benchmark import SCALE
    from mealplan.routing.engines.base import SolveLimits
    from mealplan.routing.engines.portfolio import objective, solve_parallel
    from mealplan.routing.kitchen import _to_routes

    instance = read_vrptw(DATA / "RC201.vrp")
    problem = problem_from_instance(instance)
    solution = solve_parallel(problem, SolveLimits(time_limit_s=4, workers=2), part_clients=30, large_clients=60)
    assert solution.stats["rounds"] >= 1
    assert solution.dropped == ()
    assert sorted(n for r in solution.routes for n in r.nodes) == list(range(1, 101))
    assert len({r.vehicle for r in solution.routes}) == len(solution.routes) <= instance.vehicles
    routes = _to_routes(problem, solution, instance.name)
    assert check_routes(problem, routes, []) == []
    assert objective(problem, solution) / SCALE < 1.05 * 1261.8
