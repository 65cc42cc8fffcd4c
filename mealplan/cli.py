"""The ``mealplan`` command: thin wiring of options -> RunConfig -> pipeline -> writers.

Errors become one ``Error: ...`` line and an exit code (input 2, output 3, integrity 4,
other 1), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mealplan import __version__
from mealplan.errors import (
    NOT_RECORDED_EXIT_CODE,
    VIOLATIONS_EXIT_CODE,
    HistoryError,
    InputError,
    MealplanError,
    OutputError,
)
from mealplan.i18n import tr
from mealplan.redact import mask_secrets
from mealplan.routing.engines import DEFAULT_ENGINE, ENGINES, NIGHT_BUDGET_S
from mealplan.scenario import FIRST_DATE, LAST_DATE, MAX_SEED, MAX_TIME_LIMIT_S

if TYPE_CHECKING:
    from mealplan.models import NightSummary

DEFAULT_DATA = Path("data/sofia")
MAX_ID = 2**31 - 1  # run ids and counts the database can hold


class Seconds(click.FloatRange):
    """A finite number of seconds in a range: ``inf`` and ``nan`` are refused, not waited for."""

    def convert(self, value, param, ctx):
        import math

        try:
            number = super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(tr("usage.not_seconds_range", _asked_lang, value=value, low=self.min, high=self.max), param, ctx)
        if math.isnan(number):
            self.fail(tr("usage.not_seconds", _asked_lang, value=value), param, ctx)
        return number


SEED = click.IntRange(0, MAX_SEED)


def _fail(error: MealplanError, lang: str = "bg") -> None:
    from mealplan.io.wording import error_text

    click.echo(mask_secrets(f"{tr('error.prefix', lang)}: {error_text(error, lang)}"), err=True)
    sys.exit(error.exit_code)


def _error_log(error: BaseException, folder: Path) -> Path:
    """The traceback in ``folder/mealplan-error-<time>.log`` (masked), or on stderr if it cannot be written."""
    import traceback

    from mealplan.io.safe import write_new_file

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S.%f")
    log = folder / f"mealplan-error-{stamp}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        text = f"mealplan {__version__}\n{' '.join(sys.argv)}\n\n" + "".join(traceback.format_exception(error))
        write_new_file(log, mask_secrets(text))
    except OSError:
        log = Path("-")  # nowhere to write: the traceback goes to stderr instead
        click.echo(mask_secrets("".join(traceback.format_exception(error))), err=True)
    return log


def _internal_error(error: BaseException, folder: Path, lang: str) -> None:
    """A bug: one sentence for the coordinator, the traceback in a log file for the developers, exit 1."""
    log = _error_log(error, folder)
    click.echo(
        f"{tr('error.prefix', lang)}: {tr('error.internal', lang, kind=type(error).__name__, log=log)}", err=True
    )
    sys.exit(1)


def _parse_date(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(tr("usage.not_a_date", _asked_lang, value=value)) from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise click.BadParameter(tr("usage.date_range", _asked_lang, value=value, first=FIRST_DATE, last=LAST_DATE))
    return day


# The --lang of the command line being run, read before click parses it: a mistake in an option
# before --lang is still said in the language asked for.
_asked_lang = "bg"


def _lang_in(args: list[str]) -> str:
    """The language the command line asks for (--lang X or --lang=X), else $MEALPLAN_LANG, else bg."""
    for k, arg in enumerate(args):
        value = args[k + 1] if arg == "--lang" and k + 1 < len(args) else arg.removeprefix("--lang=")
        if (arg == "--lang" or arg.startswith("--lang=")) and value in ("bg", "en"):
            return value
    chosen = os.environ.get("MEALPLAN_LANG", "")
    return chosen if chosen in ("bg", "en") else "bg"


def _param_name(param: click.Parameter | None) -> str:
    if param is None:
        return ""
    return param.opts[0] if param.opts and param.param_type_name == "option" else param.human_readable_name


def _usage_text(error: click.UsageError, lang: str) -> str:
    """Click's complaint about the command line, in the user's language: what was wrong with which
    option or value, and where the help is. Click itself words these in English only."""
    import re

    command = error.ctx.command_path if error.ctx else "mealplan"
    if isinstance(error, click.NoSuchOption):
        text = tr("usage.no_such_option", lang, option=error.option_name)
        if error.possibilities:
            text += tr("usage.did_you_mean", lang, options=", ".join(sorted(error.possibilities)))
    elif isinstance(error, click.MissingParameter):
        text = tr("usage.missing", lang, name=_param_name(error.param))
    elif isinstance(error, click.BadParameter):
        param = error.param
        kind = param.type if param is not None else None
        if isinstance(kind, click.Choice):
            detail = tr("usage.one_of", lang, choices=", ".join(map(str, kind.choices)))
        elif isinstance(kind, (click.IntRange, click.FloatRange)) and not isinstance(kind, Seconds):
            low, high = ("" if x is None else x for x in (kind.min, kind.max))
            detail = tr("usage.number_range", lang, low=low, high=high)
        else:
            detail = error.message  # our own checks (dates, seconds) already speak the user's language
        quoted = re.match(r"'([^']*)'", error.message)
        value = f" '{quoted.group(1)}'" if quoted and detail != error.message else ""
        text = tr("usage.bad_value", lang, name=_param_name(param), value=value, detail=detail)
    else:
        command_name = re.match(r"No such command '([^']*)'", error.message)
        needs = re.match(r"Option '([^']*)' requires an argument", error.message)
        if command_name:
            text = tr("usage.no_such_command", lang, name=command_name.group(1))
        elif needs:
            text = tr("usage.needs_value", lang, option=needs.group(1))
        else:
            text = error.message
    return f"{tr('error.prefix', lang)}: {text}\n{tr('usage.help', lang, command=command)}"


class LocalGroup(click.Group):
    """The command group whose mistakes of the command line are said in the user's language."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        global _asked_lang
        args = list(sys.argv[1:] if args is None else args)
        _asked_lang = _lang_in(args)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as error:
            click.echo(_usage_text(error, _asked_lang), err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            click.echo(f"{tr('error.prefix', _asked_lang)}: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo(tr("usage.aborted", _asked_lang), err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=LocalGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mealplan")
def cli() -> None:
    """Nightly meal production and delivery routing for social-patronage services.

    \b
    mealplan plan                 plan the next working day from data/sofia into out/
    mealplan plan --date 2026-11-25 --data DIR --out DIR
    mealplan validate --data DIR  list every problem in the input files
    """


# Every command's language: one declaration (its words, click's and pydantic's included).
LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["bg", "en"]),
    default="bg",
    show_default=True,
    envvar="MEALPLAN_LANG",
    help="Language of messages, sheets and pages [env: MEALPLAN_LANG].",
)
DB_OPTION = click.option(
    "--db",
    default=None,
    envvar="MEALPLAN_DB",
    help="History database URL (postgresql://user@host/db, sqlite:///file) [default: $MEALPLAN_DB, "
    "else history.sqlite in the data folder].",
)


DATA_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="Data folder: clients.csv, kitchens.csv, vans.csv, ... (its history.sqlite is the default history).",
)


def out_option(help_text: str):
    """The plans' folder, ``out`` by default: one declaration for every command that reads or writes it."""
    return click.option(
        "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help=help_text
    )


ROADS_OPTION = click.option(
    "--roads",
    type=click.Path(path_type=Path),
    default=None,
    help="Plan on real roads from this OpenStreetMap extract (.osm.pbf; needs Python 3.12+ and "
    "mealplan[roads]). Overrides settings.csv's roads. Default: straight lines.",
)


@cli.command()
@click.option("--date", "date", callback=_parse_date, help="Delivery date YYYY-MM-DD [default: next working day].")
@DATA_OPTION
@out_option("The plan is written to OUT/<date>/.")
@click.option(
    "--time-limit",
    type=Seconds(min=1.0, max=MAX_TIME_LIMIT_S),
    default=NIGHT_BUDGET_S,
    show_default=True,
    help="Seconds of wall time for the whole night: reading, road matrices, routing, checks, writing "
    "and the history; routing gets what is left.",
)
@click.option("--seed", type=SEED, default=0, show_default=True, help="Random seed for the solver.")
@click.option(
    "--solution-limit",
    type=click.IntRange(1, MAX_ID),
    default=None,
    help="Stop each kitchen's search after this many solutions (with --seed: reproducible runs).",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Kitchens solved in parallel [default: CPU count]."
)
@click.option(
    "--engine",
    type=click.Choice(list(ENGINES)),
    default=DEFAULT_ENGINE,
    show_default=True,
    help="Routing engine (see docs/benchmarks.md for how they compare).",
)
@click.option(
    "--geocoder",
    type=click.Choice(["nominatim"]),
    default=None,
    help="Look up missing coordinates online (sends addresses to that service). Off by default.",
)
@ROADS_OPTION
@LANG_OPTION
@click.option(
    "--accept-violations",
    is_flag=True,
    default=False,
    help=f"Exit 0 even if the independent check finds a broken limit (otherwise exit "
    f"{VIOLATIONS_EXIT_CODE}; the plan and violations.csv are written either way).",
)
@DB_OPTION
@click.option(
    "--publish/--draft",
    default=None,
    help="Make this run the date's published plan, or keep it as a draft [default: publish the "
    "date's first run; a re-plan stays a draft until `mealplan publish DATE`].",
)
@click.option(
    "--no-history",
    is_flag=True,
    default=False,
    help="Plan from nothing and record nothing (a what-if run): no stable routes, no change report.",
)
@click.option(
    "--far-date",
    is_flag=True,
    default=False,
    help="Allow a --date further from today than the settings' far_date_days (60): a typo guard.",
)
@click.option(
    "--force",
    is_flag=True,
    default=False,
    help="Replace OUT/<date>/ even when it holds a plan made from another data folder.",
)
def plan(
    date,
    data_dir,
    out_dir,
    time_limit,
    seed,
    solution_limit,
    workers,
    engine,
    geocoder,
    roads,
    lang,
    accept_violations,
    db,
    publish,
    no_history,
    far_date,
    force,
) -> None:
    """Plan one delivery day: production sheets, routes, route sheets, maps and a ledger.

    Every run is recorded in the history (docs/history.md); returning clients keep their van and
    about their time unless moving them saves more than the settings' move_allowance_min.
    """
    from mealplan.night import NightConfig, plan_night
    from mealplan.pipeline import RunConfig

    started = time.perf_counter()
    _end_cleanly_on_sigterm()
    config = RunConfig(
        data_dir=data_dir,
        date=date,
        time_limit_s=time_limit,
        deadline=time.monotonic() + time_limit,
        seed=seed,
        solution_limit=solution_limit,
        workers=workers,
        engine=engine,
        geocoder=geocoder,
        roads=roads,
    )
    night = NightConfig(
        run=config,
        out_dir=out_dir,
        lang=lang,
        db=db,
        publish=publish,
        no_history=no_history,
        far_date=far_date,
        force=force,
    )
    progress = Progress(lang, enabled=_interactive())
    try:
        done = plan_night(night, progress.step, lambda error: _error_log(error, out_dir), started)
    except MealplanError as error:
        progress.done()
        _fail(error, lang)
        return
    except Exception as error:  # noqa: BLE001 - a bug: one line for the coordinator, a log for developers
        progress.done()
        _internal_error(error, out_dir, lang)
        return
    result, summary, folder, kept = done.plan, done.summary, done.folder, done.kept
    assert folder is not None  # a night that writes has its folder
    recorded, not_recorded = done.recorded, done.not_recorded
    progress.done()
    # summary.json's wall_s is the time to the plan, before writing it; the terminal shows the
    # same figure and the writing beside it, so the two never disagree.
    write_s = round(time.perf_counter() - started - (summary.wall_s or 0.0), 1)
    if result.violations:
        _print_violations(result.violations, lang)
    from mealplan.io.wording import day_off_text

    _print_summary(summary, write_s, folder, lang, day_off_text(result, lang))
    _print_kitchen_warnings(result.problems, lang)
    if recorded is not None:
        _print_history(result, recorded, lang)
    if not_recorded is not None:
        from mealplan.io.wording import error_text

        detail = mask_secrets(error_text(not_recorded, lang))
        date = result.date.isoformat()
        key = "history.not_published" if not_recorded.code == "not_published" else "history.not_recorded"
        click.secho(tr(key, lang, folder=folder, detail=detail, date=date, out=out_dir), fg="red", bold=True, err=True)
    if kept is not None:
        this_run = result.history.get("run")
        previous = result.history.get("since_run") if result.history.get("replan") else None
        if this_run and previous and not result.history.get("published"):
            words = tr("plan.replaced_draft", lang, folder=folder, kept=kept, date=result.date, run=this_run,
                       previous=previous)  # fmt: skip
        else:
            words = tr("plan.replaced", lang, folder=folder, kept=kept)
        click.secho(words, fg="yellow", bold=True, err=True)
    if result.violations:
        if accept_violations:
            click.secho(tr("violations.accepted", lang), fg="red", bold=True, err=True)
        else:
            click.secho(tr("violations.refused", lang, code=VIOLATIONS_EXIT_CODE), fg="red", bold=True, err=True)
            sys.exit(VIOLATIONS_EXIT_CODE)
    if not_recorded is not None:
        sys.exit(NOT_RECORDED_EXIT_CODE)


def _print_history(result, recorded: tuple[int, bool], lang: str) -> None:
    """Where the run went in the history, and what changed for the office to phone about."""
    from collections import Counter

    from mealplan.io.wording import since_text

    run_id, published = recorded
    date = result.date.isoformat()
    if published:
        click.echo(tr("history.published", lang, run=run_id, date=date))
    else:
        click.secho(tr("history.draft", lang, run=run_id, date=date), fg="yellow", bold=True)
    if result.changes:
        counts = Counter(c.kind.value for c in result.changes)
        parts = ", ".join(f"{tr(f'change.{kind}', lang)}: {n}" for kind, n in sorted(counts.items()))
        click.echo(tr("history.changes", lang, since=since_text(result.history, lang), parts=parts))
    elif not result.history.get("previous_date"):
        click.echo(tr("index.changes_first", lang))


def _print_violations(violations, lang: str, shown: int = 20) -> None:
    """Broken limits first and in red, before any figure that could look reassuring."""
    from mealplan.io.wording import violation_text

    click.secho(tr("violations.banner", lang, count=len(violations)), fg="red", bold=True, err=True)
    for v in violations[:shown]:
        where = " ".join(part for part in (v.van_id, f"#{v.trip}" if v.trip else "", v.client_id) if part)
        click.secho(f"  {where}: {violation_text(v, lang)}", fg="red", err=True)
    if len(violations) > shown:
        click.secho("  " + tr("violations.more", lang, count=len(violations) - shown), fg="red", err=True)


def _end_cleanly_on_sigterm() -> None:
    """SIGTERM ends the run like Ctrl-C: workers killed, the staging folder removed, exit 143.

    Python's default is to die on the spot, leaving the hidden staging folder with personal data
    behind. Raising SystemExit in the main thread unwinds through ``atomic_folder``.
    """
    import signal

    from mealplan.processes import terminate_workers

    def handler(signum: int, frame: object) -> None:
        terminate_workers()
        raise SystemExit(128 + signum)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


def _interactive() -> bool:
    """Progress only for a person at a terminal: not when piped, not in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


class Progress:
    """Prints each step with the time the previous one took; counts seconds during long steps."""

    def __init__(self, lang: str, enabled: bool) -> None:
        self.lang = lang
        self.enabled = enabled
        self.current: str | None = None
        self.started = time.perf_counter()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def _finish_current(self) -> None:
        if self.current is None:
            return
        self._stop.set()
        if self._ticker:
            self._ticker.join()
        click.echo(
            f"\r  {tr('step.' + self.current, self.lang)} … {time.perf_counter() - self.started:.1f} s\033[K", err=True
        )

    def step(self, name: str) -> None:
        if not self.enabled:
            return
        self._finish_current()
        self.current, self.started = name, time.perf_counter()
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, daemon=True)
        self._ticker.start()

    def _tick(self) -> None:
        label = tr("step." + (self.current or ""), self.lang)
        while not self._stop.wait(1.0):
            click.echo(f"\r  {label} … {time.perf_counter() - self.started:.0f} s", err=True, nl=False)

    def done(self) -> None:
        if self.enabled:
            self._finish_current()
            self.current = None


# Warnings about a whole kitchen: said on the terminal, not only counted among the input problems.
KITCHEN_WARNINGS = ("kitchen_no_road",)


def _print_kitchen_warnings(problems, lang: str) -> None:
    from mealplan.io.wording import problem_line

    for problem in problems:
        if problem.code in KITCHEN_WARNINGS:
            click.secho(problem_line(problem, lang), fg="yellow")


def _print_summary(s: NightSummary, write_s: float, folder: Path, lang: str, day_off: str = "") -> None:
    from mealplan.io.wording import margins_text

    status = s.status
    rows = [
        (
            tr("summary.register", lang),
            f"{s.register_rows}  ({tr('summary.breakdown', lang)}: {status['routed']} / "
            f"{status['not_due']} / {status['invalid']} / {status['unserved']})",
        ),
        (tr("summary.due", lang), str(s.due)),
        (
            tr("summary.served", lang),
            f"{s.served}" + (f" ({s.served_pct} %)" if s.served_pct is not None else ""),
        ),
        (tr("summary.portions", lang), str(s.portions_served)),
    ]
    rows += [
        (tr("summary.unserved", lang, reason=tr(f"unserved.{reason}", lang, diet="…")), str(count))
        for reason, count in s.unserved_by_reason.items()
    ]
    rows += [
        (tr("summary.vans", lang), f"{s.vans_used} / {s.trips}"),
        (tr("summary.km", lang), str(s.total_km)),
        (tr("summary.longest", lang), f"{s.longest_food_ride_min} {tr('unit.min', lang)}"),
        (tr("summary.margins", lang), margins_text(s.margins, lang)),
        (tr("summary.check", lang), str(s.violations)),
        (tr("summary.problems", lang), f"{s.problems.errors} / {s.problems.warnings}"),
        (tr("summary.time", lang), f"{s.solve_s} s / {s.wall_s} s / {write_s} s"),
    ]
    width = max(len(label) for label, _ in rows)
    if day_off:
        click.secho(day_off, bold=True)
    click.echo(tr("summary.title", lang, date=s.date.isoformat()) + f": {folder}")
    for label, value in rows:
        click.echo(f"  {label.ljust(width)}  {value}")
    click.echo(f"  {tr('summary.open', lang)} {folder / 'index.html'}")


@cli.command()
@DATA_OPTION
@click.option("--date", "date", callback=_parse_date, help="Delivery date YYYY-MM-DD [default: next working day].")
@ROADS_OPTION
@LANG_OPTION
def validate(data_dir, date, roads, lang) -> None:
    """Check the input files for a date, as the plan would, without routing.

    Lists every problem (file, row, column, value, expected) and every client the plan would
    leave unserved for a reason in the data (no coordinates, no kitchen for the diet, too far
    for the food-safety limit, a window no van can reach, ...). Exits 0 when nothing would be
    excluded or left unserved for data reasons, 2 when something would.
    """
    from mealplan.io.wording import problem_line, unserved_hint, unserved_reason
    from mealplan.pipeline import RunConfig, check_day

    try:
        check = check_day(RunConfig(data_dir=data_dir, date=date, roads=roads))
    except MealplanError as error:
        _fail(error, lang)
        return
    except Exception as error:  # noqa: BLE001 - a bug: one sentence, the traceback in a log file
        _internal_error(error, Path("."), lang)
        return
    dataset = check.dataset
    errors = [p for p in check.problems if p.severity.value == "error"]
    for p in check.problems:
        click.echo(problem_line(p, lang))
    for u in check.unserved:
        click.echo(
            tr(
                "validate.unserved",
                lang,
                where=f"{dataset.register_file}:{u.row}",
                client=u.client_id,
                reason=unserved_reason(u.reason.value, u.args, lang),
                hint=unserved_hint(u.reason.value, u.args, lang),
            )
        )
    click.echo(
        tr(
            "validate.total",
            lang,
            rows=len(dataset.register_rows),
            valid=len(dataset.clients),
            errors=len(errors),
            warnings=len(check.problems) - len(errors),
        )
    )
    click.echo(tr("validate.unserved_total", lang, date=check.date.isoformat(), count=len(check.unserved)))
    sys.exit(2 if errors or check.unserved else 0)


@cli.command()
@click.argument("instances", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--time-limit",
    type=Seconds(min=0.1, max=MAX_TIME_LIMIT_S),
    default=10.0,
    show_default=True,
    help="Seconds per instance.",
)
@click.option("--engine", type=click.Choice(list(ENGINES)), default=DEFAULT_ENGINE, show_default=True)
@click.option(
    "--bks",
    "bks_file",
    type=click.Path(path_type=Path),
    default=None,
    help="bks.csv with best-known distances, for the gap column.",
)
@click.option("--seed", type=SEED, default=0, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes per instance (default: every core; peers get the same machine).",
)
@click.option("--out", "out_file", type=click.Path(path_type=Path), default=Path("results.csv"), show_default=True)
@click.option(
    "--solutions",
    "solutions_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Home-care instances: write each solution here in the benchmark's JSON solution format.",
)
def bench(instances, time_limit, engine, bks_file, seed, workers, out_file, solutions_dir) -> None:
    """Solve VRPTW benchmark instances (VRPLIB) with the nightly plan's engine and checker, or
    home-care instances (HHCRSP JSON, Mankowska et al.) with the home visits' model.

    DIMACS convention: Euclidean distance truncated to one decimal, travel time = distance,
    distance-only objective, at most VEHICLES routes. `feasible` is the independent checker's
    verdict. Writes instance, engine, distance, vehicles, feasible, wall_s, gap_pct.

    \b
    mealplan bench ../shared/benchmarks/vrptw/solomon/*.vrp --time-limit 10 \\
        --bks ../shared/benchmarks/vrptw/bks.csv --out results.csv
    """
    if instances and all(str(path).endswith(".json") for path in instances):
        _bench_home_care(instances, time_limit, bks_file, out_file, solutions_dir, seed, workers or os.cpu_count() or 1)
        return
    from mealplan.io.readers.vrplib import read_bks, read_vrptw, write_bench_results
    from mealplan.routing.benchmark import mean_gap, solve_instance

    try:
        bks = read_bks(bks_file) if bks_file else {}
        results = []
        for path in instances:
            instance = read_vrptw(path)
            result = solve_instance(
                instance,
                time_limit,
                engine=engine,
                seed=seed,
                bks=bks.get(instance.name),
                workers=workers or os.cpu_count() or 1,
            )
            results.append(result)
            gap = "" if result.gap_pct is None else f"  gap {result.gap_pct:.2f} %"
            click.echo(
                f"{result.instance:10s} {result.distance:10.1f}  vehicles {result.vehicles:3d}  "
                f"feasible {str(result.feasible).lower():5s}  {result.wall_s:6.1f} s{gap}"
            )
        write_bench_results(out_file, results)
    except (MealplanError, OSError) as error:
        _bench_failed(error)
        return
    feasible = sum(r.feasible for r in results)
    click.echo(f"{len(results)} instances, {feasible} feasible, mean gap {mean_gap(results):.2f} % -> {out_file}")


def _bench_failed(error: Exception) -> None:
    """A benchmark run that cannot go on: our error in words (its exit code), a file error exits 3."""
    if isinstance(error, MealplanError):
        _fail(error, "en")
    click.echo(f"Error: {error}", err=True)
    sys.exit(3)


def _bench_home_care(instances, time_limit, bks_file, out_file, solutions_dir, seed, workers) -> None:
    """HHCRSP instances: solve each with the order search (``workers`` runs at once, the cheapest
    kept), judge it by the benchmark's rules (``judge_hhcrsp``), print and write the gap to the
    best known cost."""
    import statistics

    from mealplan.io.readers.hhcrsp import read_hhcrsp, read_hhcrsp_bks, write_hhcrsp_results, write_hhcrsp_solution
    from mealplan.routing.hhcrsp import judge_hhcrsp, solve_hhcrsp

    try:
        bks = read_hhcrsp_bks(bks_file) if bks_file else {}
        if solutions_dir:
            solutions_dir.mkdir(parents=True, exist_ok=True)
        rows: list[dict] = []
        gaps: list[float | None] = []
        for path in instances:
            instance = read_hhcrsp(path)
            started = time.perf_counter()
            routes = solve_hhcrsp(instance, time_limit, seed=seed, workers=workers)
            wall_s = time.perf_counter() - started
            judged = judge_hhcrsp(instance, routes)
            best = bks.get(instance.name)
            gap = None if best is None or not judged.feasible else round(100 * (judged.cost - best) / best, 2) + 0.0
            gaps.append(gap)
            rows.append(
                {
                    "instance": instance.name, "patients": len(instance.patients),
                    "caregivers": len(instance.caregivers), "feasible": str(judged.feasible).lower(),
                    "cost": f"{judged.cost:.3f}", "distance": f"{judged.distance:.3f}",
                    "total_tardiness": f"{judged.total_tardiness:.3f}", "max_tardiness": f"{judged.max_tardiness:.3f}",
                    "best_cost": "" if best is None else f"{best:.3f}", "gap_pct": "" if gap is None else gap,
                    "wall_s": f"{wall_s:.1f}", "problems": "; ".join(judged.problems[:5]),
                }
            )  # fmt: skip
            if solutions_dir:
                write_hhcrsp_solution(solutions_dir / f"{instance.name}.solution.json", judged.routes)
            shown = "" if gap is None else f"  gap {gap:6.2f} %"
            click.echo(
                f"{instance.name:28s} cost {judged.cost:9.3f}  feasible {str(judged.feasible).lower():5s}"
                f"  {wall_s:6.1f} s{shown}"
            )
        write_hhcrsp_results(out_file, rows)
    except (MealplanError, OSError) as error:
        _bench_failed(error)
        return
    known = [gap for gap in gaps if gap is not None]
    mean = f", mean gap {statistics.fmean(known):.2f} %" if known else ""
    feasible = sum(row["feasible"] == "true" for row in rows)
    click.echo(f"{len(rows)} instances, {feasible} feasible{mean} -> {out_file}")


@cli.command()
@DATA_OPTION
@ROADS_OPTION
@click.option(
    "--all", "everyone", is_flag=True, default=False, help="Also check clients that have coordinates (moved_m)."
)
@LANG_OPTION
def geocode(data_dir, roads, everyone, lang) -> None:
    """Find register addresses on the map (the OSM extract), on this machine; nothing is sent anywhere.

    Writes DATA/geocode_review.csv (every answer with its quality: exact, interpolated, street,
    not_found) and adds a row to DATA/geocode_corrections.csv for each address a person must
    confirm. Fill in lat/lon there and the plan uses them while the register keeps that address.
    The register itself is never changed.
    """
    from mealplan.io.readers.dataset import read_dataset
    from mealplan.io.writers.geocode_review import add_corrections, write_review
    from mealplan.pipeline import RunConfig, geocode_offline, roads_extract

    try:
        dataset = read_dataset(data_dir)
        extract = roads_extract(RunConfig(data_dir=data_dir, roads=roads), dataset)
        if extract is None:
            raise InputError("no_map")
        _, results = geocode_offline(dataset, extract, everyone=everyone)
        review = write_review(results, data_dir, lang)
        corrections, added = add_corrections(results, data_dir, lang)
    except MealplanError as error:
        _fail(error, lang)
        return
    except OSError as error:
        _fail(OutputError("cannot_write", folder=str(data_dir), detail=str(error)), lang)
        return
    counts = {q: sum(1 for r in results if r.quality == q) for q in ("exact", "interpolated", "street", "not_found")}
    click.echo(tr("geocode.summary", lang, **counts))
    click.echo(tr("geocode.review", lang, path=review))
    if corrections is None:
        click.echo(tr("geocode.corrections_kept", lang))
    else:
        click.echo(tr("geocode.corrections", lang, path=corrections, added=added))


def sweep_progress_line(done: int, total: int, elapsed_s: float, lang: str) -> str:
    """Plans done of all, time so far and an estimate of the time left from the pace so far."""
    left_s = elapsed_s / done * (total - done) if done else 0.0
    return tr("scenario.progress", lang, done=done, total=total, elapsed=_clock(elapsed_s), left=_clock(left_s))


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}" if minutes else f"{secs} s"


@cli.group()
def scenario() -> None:
    """What-if scenarios: plan alternatives over many dates and compare them (docs/scenarios.md)."""


@scenario.command("run")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out/scenarios"), show_default=True)
@click.option("--scheduler", default=None, help="Address of an existing Dask cluster (tcp://host:8786).")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Local workers [default: CPU count].")
@LANG_OPTION
def scenario_run(files, out_dir, scheduler, workers, lang) -> None:
    """Plan every date of every scenario (and their base) on a Dask cluster, then compare them.

    Plans already done in OUT are skipped, so a stopped sweep goes on where it was.
    """
    from mealplan.io.readers.scenarios import load_scenario
    from mealplan.io.writers.comparison import write_comparison
    from mealplan.sweep import check_references, run_sweep, tasks_for

    interactive = _interactive()

    def progress(done: int, total: int, elapsed_s: float) -> None:
        if interactive:
            click.echo(f"\r  {sweep_progress_line(done, total, elapsed_s, lang)}\033[K", nl=False, err=True)

    try:
        scenarios = [(path, load_scenario(path)) for path in files]
        for path, loaded in scenarios:
            check_references(path, loaded)
        tasks = tasks_for(scenarios)
        ran, skipped = run_sweep(tasks, out_dir, scheduler, workers, progress)
        if interactive:
            click.echo("", err=True)
        written, left_out = write_comparison(out_dir, lang)
    except MealplanError as error:
        _fail(error, lang)
        return
    except Exception as error:  # noqa: BLE001 - a bug: one line for the user, a log for developers
        _internal_error(error, out_dir, lang)
        return
    click.echo(tr("scenario.done", lang, ran=ran, skipped=skipped, total=len(tasks)))
    for line in left_out:
        click.secho(line, fg="yellow")
    for path in written:
        click.echo(f"  {path}")


@scenario.command("compare")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out/scenarios"), show_default=True)
@LANG_OPTION
def scenario_compare(out_dir, lang) -> None:
    """Write the side-by-side comparison (CSV, XLSX, HTML) of the plans in OUT."""
    from mealplan.io.writers.comparison import write_comparison

    try:
        written, left_out = write_comparison(out_dir, lang)
    except MealplanError as error:
        _fail(error, lang)
        return
    for line in left_out:
        click.secho(line, fg="yellow")
    for path in written:
        click.echo(f"  {path}")


def _open_history(data_dir: Path, db: str | None, lang: str):
    """The history the command names; never a new one (a mistyped --data must not create one)."""
    from mealplan.io.store.history import History, history_url

    try:
        if not db and not os.environ.get("MEALPLAN_DB") and not data_dir.is_dir():
            raise InputError("folder_not_found", folder=str(data_dir))
        return History(history_url(data_dir, db), create=False)
    except MealplanError as error:
        _fail(error, lang)
        raise  # unreachable: _fail exits


@cli.command("outcomes")
@click.argument("date", callback=_parse_date)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@DATA_OPTION
@out_option("Folder of the plans: escalations.csv goes beside the date's outputs.")
@DB_OPTION
@LANG_OPTION
def outcomes_command(date, files, data_dir, out_dir, db, lang) -> None:
    """Record the outcomes typed into the route tables (paper) for DATE's published plan.

    Each FILE is a route CSV/XLSX the plan wrote with an `outcome` column filled in (delivered,
    not_home, refused, hospital, deceased, other, or the Bulgarian words). Every problem is
    named with file, row, column and value, and then nothing is recorded. Stops without an
    outcome are listed, never assumed delivered. A silent door raises a wellness check the same
    day (OUT/DATE/escalations.csv); hospital and deceased propose register changes.
    """
    from mealplan.door import day_checks, door_outcome, raise_consequences, wellness_rules
    from mealplan.door_models import PublishedStop
    from mealplan.io.readers.dataset import read_dataset
    from mealplan.io.readers.outcomes import read_paper_outcomes
    from mealplan.io.writers.outcomes import write_escalations, write_missing
    from mealplan.planning.outcomes import check_paper, missing_outcomes

    try:
        dataset = read_dataset(data_dir)
        rules = wellness_rules(dataset.settings)
        history = _open_history(data_dir, db, lang)
        try:
            if history.published_run(date) is None:
                raise InputError("not_planned", date=date.isoformat())
            published = {
                row["client_id"]: PublishedStop(client_id=row["client_id"], van_id=row["van_id"], trip=row["trip"],
                                                stop=row["stop"])
                for row in history.deliveries(date)
                if row["status"] == "routed"
            }  # fmt: skip
            rows, problems = [], []
            for path in files:
                found_rows, found_problems = read_paper_outcomes(path)
                rows += found_rows
                problems += found_problems
            found, more = check_paper(rows, date, published)
            problems += more
            if problems:
                for problem in problems:
                    click.echo(tr(f"outcome_problem.{problem.code}", lang, **problem.model_dump(exclude={"code"})),
                               err=True)  # fmt: skip
                click.secho(tr("outcomes.rejected", lang, count=len(problems)), fg="red", bold=True, err=True)
                sys.exit(2)
            recorded, unchanged = history.record_door_outcomes([o.model_dump() for o in found])
            current = history.door_outcomes_on(date)
            clients = {c.client_id: c for c in dataset.clients}
            checks, proposed = raise_consequences(history, [door_outcome(r) for r in current.values()], clients, rules)
            every_check = day_checks(history, date)
            missing = missing_outcomes(published, set(current))
        finally:
            history.close()
        folder = out_dir / date.isoformat()
        escalations_csv = write_escalations(folder / "escalations.csv", every_check, clients, lang)
        write_missing(folder / "outcomes_missing.csv", missing, clients)
    except MealplanError as error:
        _fail(error, lang)
        return
    except OSError as error:
        _fail(OutputError("cannot_write", folder=str(out_dir), detail=error.strerror or str(error)), lang)
        return
    click.echo(tr("outcomes.done", lang, date=date.isoformat(), recorded=recorded, unchanged=unchanged,
                  missing=len(missing), stops=len(published)))  # fmt: skip
    for m in missing[:20]:
        click.echo(f"  {m.van_id}/{m.trip} #{m.stop}  {m.client_id}")
    if len(missing) > 20:
        click.echo(f"  … {folder / 'outcomes_missing.csv'}")
    if checks:
        click.secho(tr("outcomes.escalations", lang, count=len(checks), path=escalations_csv), fg="red", bold=True)
    if proposed:
        click.echo(tr("outcomes.proposals", lang, count=len(proposed)))


@cli.command("proposals")
@click.option("--accept", "accept_ids", type=int, multiple=True, help="Accept the proposal with this number.")
@click.option("--reject", "reject_ids", type=int, multiple=True, help="Reject the proposal with this number.")
@DATA_OPTION
@DB_OPTION
@LANG_OPTION
def proposals_command(accept_ids, reject_ids, data_dir, db, lang) -> None:
    """The register changes the door's outcomes propose (a pause after hospital, closing after a
    death): list the open ones, accept or reject them by number. An accepted change applies from
    the next night (the register file itself is not edited; the history keeps who decided)."""
    import getpass

    from mealplan.io.readers.dataset import read_dataset

    try:
        names = {c.client_id: c.name for c in read_dataset(data_dir).clients}
        history = _open_history(data_dir, db, lang)
        try:
            who = getpass.getuser()
            for ids, accepted in ((accept_ids, True), (reject_ids, False)):
                for proposal_id in ids:
                    done = history.decide(proposal_id, accepted, who)
                    key = ("proposals.accepted" if accepted else "proposals.rejected") if done else "proposals.unknown"
                    click.echo(tr(key, lang, id=proposal_id))
            still_open = history.proposals_in("open")
        finally:
            history.close()
    except MealplanError as error:
        _fail(error, lang)
        return
    click.echo(tr("proposals.open", lang, count=len(still_open)))
    for p in still_open:
        until = f"–{p['until_date'].isoformat()}" if p["until_date"] else ""
        kind, why = tr("proposal." + p["kind"], lang), tr("door_outcome." + p["outcome"], lang)
        click.echo(
            f"  {p['proposal_id']:>5}  {p['client_id']}  {names.get(p['client_id'], '')}  "
            f"{kind} {p['from_date'].isoformat()}{until}  ({why})"
        )


@cli.command("report")
@click.argument("month")
@DATA_OPTION
@out_option("Folder for the report: OUT/reports/report_<month>.xlsx and .csv.")
@DB_OPTION
@LANG_OPTION
def report_command(month, data_dir, out_dir, db, lang) -> None:
    """The month's report (MONTH as YYYY-MM): per client the meals planned, delivered and not by
    reason, portions, visits planned and made, and amounts where tariffs.csv gives prices; per
    office and per kitchen totals. From the history's published plans and recorded outcomes."""
    from mealplan.io.readers.dataset import read_dataset
    from mealplan.io.readers.tariffs import read_tariffs
    from mealplan.io.writers.report import write_report
    from mealplan.planning.report import month_days, monthly_report

    try:
        first, last = month_days(month)
    except ValueError:
        _fail(InputError("bad_month", value=month), lang)
        return
    try:
        dataset = read_dataset(data_dir)
        tariffs = read_tariffs(data_dir)
        history = _open_history(data_dir, db, lang)
        try:
            facts = history.month_facts(first, last)
        finally:
            history.close()
        report = monthly_report(month, facts, dataset.clients, tariffs)
        xlsx, _ = write_report(out_dir / "reports", report, lang)
    except MealplanError as error:
        _fail(error, lang)
        return
    except OSError as error:
        _fail(OutputError("cannot_write", folder=str(out_dir), detail=error.strerror or str(error)), lang)
        return
    total = {c: sum(r.counts[c] for r in report.offices) for c in ("meals_planned", "meals_delivered", "visits_made")}
    click.echo(tr("report.done", lang, month=month, clients=len(report.clients), planned=total["meals_planned"],
                  delivered=total["meals_delivered"], visits=total["visits_made"], path=xlsx))  # fmt: skip


@cli.command("serve")
@DATA_OPTION
@out_option("The plans' folder (the same as the nightly plan's).")
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every network).")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option("--https-only", is_flag=True, help="Sign-in cookies only over HTTPS (behind the office's HTTPS proxy).")
@click.option(
    "--set-password", is_flag=True, help="Set the coordinators' password (asked twice, kept hashed) and exit."
)
@LANG_OPTION
def serve_command(data_dir, out_dir, db, host, port, https_only, set_password, lang) -> None:
    """The office's web application: drivers' and workers' phone pages (outcomes from the door)
    and the coordinators' page (wellness checks, proposals, links). See docs/serve.md."""
    import logging

    from mealplan.io.store.history import history_url

    history = _open_history(data_dir, db, lang)
    if set_password:
        from mealplan.io.web.app import PASSWORD_NAME, hash_password

        password = click.prompt(tr("serve.password", lang), hide_input=True, confirmation_prompt=True)
        try:
            history.set_secret(PASSWORD_NAME, hash_password(password))
        except MealplanError as error:
            _fail(error, lang)
        finally:
            history.close()
        click.echo(tr("serve.password_set", lang))
        return
    history.close()
    import uvicorn

    from mealplan.io.web.app import ServeConfig, create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    from mealplan.door import wellness_rules
    from mealplan.io.readers.dataset import read_dataset

    try:
        rules = wellness_rules(read_dataset(data_dir).settings)
        config = ServeConfig(
            data_dir=data_dir,
            out_dir=out_dir,
            db_url=history_url(data_dir, db),
            lang=lang,
            https_only=https_only,
            consequences=lambda h, found, people: _phone_consequences(h, found, people, rules, out_dir, lang),
        )
        app = create_app(config)
    except MealplanError as error:
        _fail(error, lang)
        return
    click.echo(tr("serve.listening", lang, url=f"http://{host}:{port}"))
    # The proxy in front (docs/serve.md) tells the client's address and scheme; uvicorn's own
    # access log is off: ours leaves the tokens out.
    uvicorn.run(app, host=host, port=port, proxy_headers=True, access_log=False, log_level="warning")


def _phone_consequences(history, found, clients, rules, out_dir: Path, lang: str) -> None:
    """A phone's outcome: its checks and proposals; a new check also rewrites the day's
    escalations.csv beside the night's outputs, as `mealplan outcomes` does."""
    from mealplan.door import day_checks, raise_consequences
    from mealplan.io.writers.outcomes import write_escalations

    checks, _ = raise_consequences(history, found, clients, rules)
    if checks:
        day = found[0].plan_date
        with suppress(OSError):  # the office's page has it all the same
            write_escalations(out_dir / day.isoformat() / "escalations.csv", day_checks(history, day), clients, lang)


@cli.command("history")
@click.option("--date", "date", callback=_parse_date, help="A delivery date: its runs and who got what, when.")
@click.option("--client", "client_id", default=None, help="A client id: every delivery in the published plans.")
@click.option(
    "--prune",
    is_flag=True,
    default=False,
    help="Delete runs of dates more than history_keep_days (settings.csv, 400) before today; says how many.",
)
@click.option("--dry-run", is_flag=True, default=False, help="With --prune: only say how many runs would go.")
@click.option(
    "--record",
    "record_date",
    callback=_parse_date,
    help="Record the plan in OUT/DATE that could not be recorded when it was made (exit 6 then).",
)
@out_option("With --record: the plans' folder.")
@DATA_OPTION
@DB_OPTION
@LANG_OPTION
def history_command(date, client_id, prune, dry_run, record_date, out_dir, data_dir, db, lang) -> None:
    """Who delivered what to whom, and when: runs and published plans in the history.

    \b
    mealplan history                     the runs, newest first
    mealplan history --date 2026-11-12   that date's runs and its published deliveries
    mealplan history --client C00417     the client's deliveries and home visits, date by date
    mealplan history --prune             delete runs older than history_keep_days, counted from today
    """
    from mealplan.io.wording import history_tables

    if prune:
        _prune_history(data_dir, db, lang, dry_run)
        return
    if record_date is not None:
        _record_later(record_date, out_dir, data_dir, db, lang)
        return
    history = _open_history(data_dir, db, lang)
    try:
        runs = history.runs_of(date) if client_id is None else []
        deliveries = history.deliveries(date, client_id) if (date or client_id) else []
        home_visits = history.visits_of(client_id) if client_id else []
        if client_id is None:  # a date's list is about lunches: clients not due that day are left out
            deliveries = [d for d in deliveries if d["status"] in ("routed", "unserved")]
    finally:
        history.close()
    if (date or client_id) and not deliveries and not runs and not home_visits:
        target = client_id or (date.isoformat() if date else "")
        _fail(HistoryError("nothing_in_history", what=target), lang)
    for line in history_tables(runs, deliveries, lang, by_client=client_id is not None, visits=home_visits):
        click.echo(line)


def _record_later(date: dt.date, out_dir: Path, data_dir: Path, db: str | None, lang: str) -> None:
    """Record a night whose plan was written but whose recording failed; once only."""

    from mealplan.io.store.history import History, history_url, pending_record
    from mealplan.io.writers.atomic import output_lock
    from mealplan.io.writers.night_folder import PENDING_RECORD, restamp_plan

    try:
        record = pending_record(out_dir / date.isoformat(), PENDING_RECORD)
        history = History(history_url(data_dir, db))
        try:
            found = history.find_run(record)
            if found is None:
                found, published = history.record(record)
                message = "history.recorded_later"
                # The folder said "not recorded": it now names its run and state like any other.
                with suppress(MealplanError), output_lock(out_dir):
                    restamp_plan(out_dir / date.isoformat(), found, published)
            else:
                message = "history.already_recorded"
        finally:
            history.close()
    except MealplanError as error:
        _fail(error, lang)
        return
    click.echo(tr(message, lang, date=date.isoformat(), run=found))


def _prune_history(data_dir: Path, db: str | None, lang: str, dry_run: bool) -> None:
    from mealplan.io.readers.dataset import read_settings

    history = _open_history(data_dir, db, lang)
    try:
        from mealplan.models import Settings

        keep_days = (read_settings(data_dir) if data_dir.is_dir() else Settings()).history_keep_days
        from mealplan.pipeline import today

        removed, cutoff = history.prune(keep_days, today=today(), dry_run=dry_run)
    except MealplanError as error:
        _fail(error, lang)
        return
    finally:
        history.close()
    key = "history.prune_dry" if dry_run else "history.pruned"
    click.echo(tr(key, lang, runs=removed, cutoff=cutoff.isoformat(), days=keep_days))


@cli.command("publish")
@click.argument("date", callback=_parse_date)
@click.option(
    "--run", "run_id", type=click.IntRange(1, MAX_ID), default=None, help="The run to publish [default: the newest]."
)
@out_option("The plans' folder: OUT/<date>/ is written again as published.")
@DATA_OPTION
@DB_OPTION
@LANG_OPTION
def publish_command(date, run_id, out_dir, data_dir, db, lang) -> None:
    """Make a run the published plan of DATE: the one stable routes and the history go by.

    Its outputs in OUT/<date>/ are written again as published (no draft mark, the run's number);
    a run kept in OUT/<date>.replaced-*/ is put back in OUT/<date>/, the plan there kept in turn.
    """
    from mealplan.io.writers.atomic import output_lock
    from mealplan.io.writers.night_folder import restamp_plan

    history = _open_history(data_dir, db, lang)
    try:
        runs_of_date = history.runs_of(date)
        wanted = run_id or (int(runs_of_date[0]["run_id"]) if runs_of_date else None)
        folder = _run_folder(out_dir, date, wanted) if wanted is not None else None
        if wanted is not None and folder is None and any(int(r["run_id"]) == wanted for r in runs_of_date):
            found = ", ".join(str(n) for n in _runs_in(out_dir, date)) or "-"
            raise HistoryError("run_not_in_folder", run=wanted, out=out_dir / date.isoformat(), found=found)
        published_id = history.publish(date, run_id)
        if folder is not None:
            with output_lock(out_dir):
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                restamp_plan(folder, published_id, True, stamp if folder.name != date.isoformat() else "")
    except MealplanError as error:
        _fail(error, lang)
        return
    finally:
        history.close()
    click.echo(tr("history.published", lang, run=published_id, date=date.isoformat()))


def _night_folders(out_dir: Path, date: dt.date) -> list[Path]:
    """The date's folder, then the plans it replaced, newest first."""
    kept = sorted(out_dir.glob(f"{date.isoformat()}.replaced-*"), reverse=True)
    return [out_dir / date.isoformat(), *kept]


def _runs_in(out_dir: Path, date: dt.date) -> list[int]:
    from mealplan.io.writers.night_folder import planned_run

    return [n for n in (planned_run(f) for f in _night_folders(out_dir, date)) if n is not None]


def _run_folder(out_dir: Path, date: dt.date, run_id: int) -> Path | None:
    """Where run ``run_id``'s outputs are: OUT/<date>/ or a plan it replaced."""
    from mealplan.io.writers.night_folder import planned_run

    return next((f for f in _night_folders(out_dir, date) if planned_run(f) == run_id), None)


@cli.command("forget")
@click.argument("client_id")
@DATA_OPTION
@DB_OPTION
@LANG_OPTION
@click.option("--yes", is_flag=True, default=False, help="Do not ask for confirmation.")
def forget_command(client_id, data_dir, db, lang, yes) -> None:
    """Delete everything the history holds about CLIENT_ID (a client who left; docs/history.md).

    Plans written to OUT folders are files: delete or archive them by the service's own rules.
    """
    if not yes and not click.confirm(tr("history.forget_confirm", lang, client=client_id)):
        sys.exit(1)
    history = _open_history(data_dir, db, lang)
    try:
        deleted = history.forget(client_id)
    finally:
        history.close()
    if not deleted:
        _fail(HistoryError("nothing_to_forget", client=client_id), lang)
    click.echo(tr("history.forgotten", lang, client=client_id, rows=deleted))


@cli.command("generate-sample")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_DATA, show_default=True)
@click.option("--clients", "n_clients", type=click.IntRange(min=1), default=2000, show_default=True)
@click.option("--seed", type=SEED, default=2026, show_default=True)
@click.option("--force", is_flag=True, default=False, help="Overwrite the files of an existing folder.")
def generate_sample(out_dir, n_clients, seed, force) -> None:
    """Write the synthetic Sofia sample (byte-identical for the same seed and size).

    Refuses to write into a folder that already has files unless --force is given: a register
    generated over a real one would replace it.
    """
    from mealplan.io.writers.sample_data import write_sample
    from mealplan.sample import generate_sofia

    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())) and not force:
        click.echo(
            f"{tr('error.prefix', 'en')}: {out_dir} already exists and is not empty; "
            "use --force to overwrite its files, or choose another --out",
            err=True,
        )
        sys.exit(2)
    paths = write_sample(generate_sofia(seed=seed, n_clients=n_clients), out_dir)
    click.echo(f"{len(paths)} files written to {out_dir}")


@cli.group()
def visits() -> None:
    """Home visits: the social workers' week (staff.csv, care_plan.csv, appointments.csv)."""


def _parse_week(ctx, param, value: str | None):
    if value is None:
        return None
    from mealplan.planning.visit_demand import iso_week_days

    try:
        return iso_week_days(value)
    except ValueError:
        lang = _lang_in(sys.argv)
        raise click.BadParameter(tr("cli.bad_week", lang, value=value), ctx=ctx, param=param) from None


@visits.command("plan")
@DATA_OPTION
@click.option("--week", callback=_parse_week, help="ISO week, e.g. 2026-W51 [default: next week].")
@click.option("--from", "first", callback=_parse_date, help="First day of a period YYYY-MM-DD (with --to).")
@click.option("--to", "last", callback=_parse_date, help="Last day of the period YYYY-MM-DD.")
@out_option("Folder for the plans: the period goes to OUT/visits/<week>/.")
@click.option("--time-limit", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Seconds of search for the whole period (offices in parallel).")  # fmt: skip
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Processes [default: CPU count].")
@click.option("--accept-violations", is_flag=True, help="Exit 0 even when the check finds a rule broken.")
@DB_OPTION
@click.option("--no-history", is_flag=True, default=False, help="Neither read nor record the history.")
@ROADS_OPTION
@LANG_OPTION
def visits_plan(
    data_dir, week, first, last, out_dir, time_limit, workers, accept_violations, db, no_history, roads, lang
) -> None:
    """Plan a week (or a period) of home visits: a day, a worker and an order for each visit.

    Every requested visit ends in OUT/visits/<week>/ledger.csv, planned or with why not; the
    plan is checked independently and exits 5 when a rule is broken (unless accepted).
    """
    from mealplan.io.writers.atomic import output_lock

    # Two plans of visits into one folder at once would record their weeks in turn and leave
    # the folder to the last writer: the second stops at once and names the first (a night's
    # plan into the same folder is not held up: it writes beside the visits, not into them).
    with ExitStack() as held:
        try:
            held.enter_context(output_lock(out_dir, ".mealplan-visits.lock"))
        except MealplanError as error:
            _fail(error, lang)
            return
        _plan_visits_held(
            data_dir, week, first, last, out_dir, time_limit, workers, accept_violations, db, no_history, roads, lang
        )


def _plan_visits_held(
    data_dir, week, first, last, out_dir, time_limit, workers, accept_violations, db, no_history, roads, lang
) -> None:
    from collections import Counter

    from mealplan.io.writers.visits_folder import write_visits
    from mealplan.visit_pipeline import VisitConfig, plan_visits

    if week is None and (first is None) != (last is None):
        _fail(MealplanError("period_half", given="--from" if first else "--to"), lang)
        return
    if week is None and first is not None and last is not None:
        if last < first or (last - first).days > 27:
            _fail(MealplanError("period_bad", first=first.isoformat(), last=last.isoformat()), lang)
            return
        period = tuple(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    elif week is not None:
        period = week
    else:
        from mealplan.pipeline import today

        monday = today() + dt.timedelta(days=7 - today().weekday())
        period = tuple(monday + dt.timedelta(days=i) for i in range(7))
    history = None
    try:
        homes: dict[str, str] = {}
        arrivals: dict[tuple[str, dt.date], int] = {}
        if not no_history:
            from mealplan.io.store.history import History, history_url

            # Continuity and the lunch's hour come from the history; a plan without them is
            # still a plan (the delivery windows, no one's worker), so a history that cannot
            # be read is said, not fatal.
            try:
                history = History(history_url(data_dir, db))
                homes = history.visit_homes(period[0])
                for day in period:
                    for row in history.deliveries(day):
                        if row["status"] == "routed" and row["arrival_s"] is not None:
                            arrivals[(row["client_id"], day)] = int(row["arrival_s"]) // 60
            except HistoryError as error:
                from mealplan.io.wording import error_text

                click.secho(
                    tr("visits.no_history", lang, detail=mask_secrets(error_text(error, lang))), fg="yellow", err=True
                )
                history = None
        result, dataset, data = plan_visits(
            VisitConfig(data_dir=data_dir, period=period, time_limit_s=time_limit, workers=workers, homes=homes,
                        lunch_arrivals=arrivals, roads=roads)
        )  # fmt: skip
        if history is not None and dataset.settings.serve_url:
            from mealplan.door_models import link_expiry

            base = dataset.settings.serve_url
            links = {
                f"{d.worker_id}/{d.date.isoformat()}": base
                + "/t/"
                + history.trip_link(d.date, "visit", d.worker_id, 1, link_expiry(d.date))
                for d in result.days
            }
            result = result.model_copy(update={"phone_links": links})
        folder = write_visits(result, dataset, data, out_dir, lang)
    except MealplanError as error:
        if history is not None:
            history.close()
        _fail(error, lang)
        return
    except Exception as error:  # noqa: BLE001 - a bug: one sentence, the traceback in a log file
        _internal_error(error, out_dir, lang)
        return
    planned = len({v.occurrence_id for d in result.days for v in d.visits})
    click.echo(
        tr("visits.done", lang, planned=planned, total=len(result.occurrences), days=len(result.days),
           seconds=result.solve_s)
    )  # fmt: skip
    for code, count in sorted(Counter(u.reason.value for u in result.unplanned).items()):
        click.echo(f"  {count} – {tr(f'visit_reason.{code}', lang)}")
    if result.violations:
        click.secho(tr("visits.violations", lang, count=len(result.violations)), fg="red", bold=True)
    click.echo(f"  {folder / 'index.html'}")
    not_recorded = None
    if history is not None:
        try:
            office_of = {w.worker_id: w.office_id for w in data.workers}
            rows = [
                {"visit_date": day.date, "occurrence_id": v.occurrence_id, "worker_id": day.worker_id,
                 "client_id": v.client_id, "office_id": office_of.get(day.worker_id, ""),
                 "service_code": v.service_code, "start_min": v.start_min, "end_min": v.end_min}
                for day in result.days
                for v in day.visits
            ]  # fmt: skip
            offices = {o.office_id for o in result.occurrences} | set(office_of.values())
            recorded = history.record_visits(result.period, offices, rows)
            click.echo(tr("visits.recorded", lang, count=recorded))
        except HistoryError as error:
            from mealplan.io.wording import error_text

            not_recorded = mask_secrets(error_text(error, lang))
            click.secho(tr("visits.not_recorded", lang, detail=not_recorded), fg="red", bold=True, err=True)
        finally:
            history.close()
    if result.violations and not accept_violations:
        sys.exit(5)
    if not_recorded is not None:
        sys.exit(NOT_RECORDED_EXIT_CODE)


def main() -> None:
    cli(prog_name="mealplan")


if __name__ == "__main__":
    main()
