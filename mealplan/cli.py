"""The ``mealplan`` command: thin wiring of options -> RunConfig -> pipeline -> writers.

Errors become one ``Error: ...`` line and an exit code (input 2, output 3, integrity 4,
other 1), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from mealplan import __version__
from mealplan.errors import MealplanError

DEFAULT_DATA = Path("data/sofia")


def _fail(error: MealplanError) -> None:
    click.echo(f"Error: {error}", err=True)
    sys.exit(error.exit_code)


def _parse_date(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; expected YYYY-MM-DD, e.g. 2026-11-25") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mealplan")
def cli() -> None:
    """Nightly meal production and delivery routing for social-patronage services.

    \b
    mealplan plan                 plan the next working day from data/sofia into out/
    mealplan plan --date 2026-11-25 --data DIR --out DIR
    mealplan validate --data DIR  list every problem in the input files
    """


@cli.command()
@click.option("--date", "date", callback=_parse_date, help="Delivery date YYYY-MM-DD [default: next working day].")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True,
              help="Folder with clients.csv, kitchens.csv, vans.csv, ...")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="The plan is written to OUT/<date>/.")
@click.option("--time-limit", type=click.FloatRange(min=1.0), default=60.0, show_default=True,
              help="Seconds of wall time for routing, all kitchens together.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed for the solver.")
@click.option("--solution-limit", type=click.IntRange(min=1), default=None,
              help="Stop each kitchen's search after this many solutions (with --seed: reproducible runs).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Kitchens solved in parallel [default: CPU count].")
@click.option("--geocoder", type=click.Choice(["nominatim"]), default=None,
              help="Look up missing coordinates online (sends addresses to that service). Off by default.")
@click.option("--lang", type=click.Choice(["bg", "en"]), default="bg", show_default=True,
              help="Language of reasons and messages.")
def plan(date, data_dir, out_dir, time_limit, seed, solution_limit, workers, geocoder, lang) -> None:
    """Plan one delivery day: production sheets, routes, route sheets, maps and a ledger."""
    from mealplan.io.outputs import write_plan
    from mealplan.pipeline import RunConfig, run_day, summarize, without_timings

    started = time.perf_counter()
    config = RunConfig(data_dir=data_dir, date=date, time_limit_s=time_limit, seed=seed,
                       solution_limit=solution_limit, workers=workers, geocoder=geocoder, lang=lang)
    steps = {"read": "четене на данните", "geocode": "геокодиране", "demand": "заявки за деня",
             "assign": "разпределение по кухни", "route": f"маршрути (до {time_limit:g} s)",
             "produce": "производство", "ledger": "отчет"}
    try:
        result, dataset = run_day(config, progress=lambda step: click.echo(f"… {steps.get(step, step)}", err=True))
        summary = summarize(result)
        summary["wall_s"] = round(time.perf_counter() - started, 1)
        # With a solution limit the run is meant to be reproducible: keep clock readings out of files.
        written = without_timings(summary) if solution_limit else summary
        folder = write_plan(result, dataset, written, out_dir, lang)
    except MealplanError as error:
        _fail(error)
        return
    except Exception as error:  # a bug: still one line for the coordinator, details for the developers
        click.echo(f"Error: internal error ({type(error).__name__}: {error}); no plan was written. "
                   "Please report it with `mealplan --version` and the command you ran.", err=True)
        sys.exit(1)
    summary["wall_s"] = round(time.perf_counter() - started, 1)
    _print_summary(summary, folder)


def _print_summary(s: dict, folder: Path) -> None:
    click.echo(f"План за {s['date']}: {folder}")
    click.echo(f"  регистър: {s['register_rows']} реда  (маршрут {s['status']['routed']}, "
               f"без доставка днес {s['status']['not_due']}, невалидни {s['status']['invalid']}, "
               f"необслужени {s['status']['unserved']})")
    click.echo(f"  за доставка: {s['due']}   обслужени: {s['served']} ({s['served_pct']} %)   "
               f"порции: {s['portions_served']}")
    for reason, count in s["unserved_by_reason"].items():
        click.echo(f"  необслужени – {reason}: {count}")
    click.echo(f"  бусове: {s['vans_used']}   курсове: {s['trips']}   км: {s['total_km']}   "
               f"най-дълго пътуване на храна: {s['longest_food_ride_min']} мин")
    click.echo(f"  проверка: {s['violations']} нарушения   входни проблеми: {s['problems']['errors']} грешки, "
               f"{s['problems']['warnings']} предупреждения")
    click.echo(f"  маршрутизация: {s['solve_s']} s   общо: {s.get('wall_s', '?')} s")
    click.echo(f"  отворете {folder / 'index.html'}")


@cli.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True)
@click.option("--lang", type=click.Choice(["bg", "en"]), default="bg", show_default=True)
def validate(data_dir, lang) -> None:
    """Check the input files and list every problem (file, row, column, value, expected).

    Exits 0 when no row has an error, 1 when some rows would be excluded from the plan.
    """
    from mealplan.io.readers import read_dataset

    try:
        dataset = read_dataset(data_dir, lang)
    except MealplanError as error:
        _fail(error)
        return
    errors = [p for p in dataset.problems if p.severity.value == "error"]
    for p in dataset.problems:
        where = f"{p.file}:{p.row}" if p.row else p.file
        click.echo(f"{p.severity.value}: {where} [{p.column}] „{p.value}“ – {p.message}; очаква се: {p.expected}")
    click.echo(f"{len(dataset.register_rows)} реда в регистъра, {len(dataset.clients)} валидни; "
               f"{len(errors)} грешки, {len(dataset.problems) - len(errors)} предупреждения")
    sys.exit(1 if errors else 0)


@cli.command("generate-sample")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True)
@click.option("--clients", "n_clients", type=click.IntRange(min=1), default=2000, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
def generate_sample(out_dir, n_clients, seed) -> None:
    """Write the synthetic Sofia sample (byte-identical for the same seed and size)."""
    from mealplan.io.sample_files import write_sample
    from mealplan.sample import generate_sofia

    paths = write_sample(generate_sofia(seed=seed, n_clients=n_clients), out_dir)
    click.echo(f"{len(paths)} files written to {out_dir}")


def main() -> None:
    cli(prog_name="mealplan")


if __name__ == "__main__":
    main()
