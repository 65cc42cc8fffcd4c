"""The night as a library call: everything ``mealplan plan`` does, without a terminal.

``plan_night`` reads the data folder, resolves and guards the date, claims the date in the
history, plans (``pipeline.run_day``), records the run as a draft so that every output can name
it, writes the outputs atomically and publishes the run once they are in place. It returns what
happened as data; the CLI (or another caller: a scheduler, the scenario sweep, a second service)
decides what to say. Errors that stop a night are ``MealplanError``s, as everywhere.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from mealplan.errors import HistoryError
from mealplan.models import Client, Dataset, NightSummary, OpenCheck, Plan
from mealplan.pipeline import (
    RunConfig,
    check_far_date,
    history_facts,
    resolve_date,
    run_day,
    run_record,
    summarize,
    visits_today,
)

if TYPE_CHECKING:
    from mealplan.io.store.history import History


class NightConfig(BaseModel):
    """What a night is asked to do besides planning (``RunConfig``): where it goes and how it
    is kept."""

    model_config = ConfigDict(frozen=True)

    run: RunConfig
    out_dir: Path = Path("out")
    lang: str = "bg"
    db: str | None = None  # the history's URL (None: $MEALPLAN_DB, else the data folder's SQLite file)
    publish: bool | None = None  # None: the date's first run is published, a re-plan is a draft
    no_history: bool = False
    far_date: bool = False
    force: bool = False  # replace OUT/<date> even when another data folder made it
    write: bool = True  # False: plan and summarise only (a what-if plan: no outputs, no history)


@dataclass(frozen=True)
class NightResult:
    """What a night did: the plan and what it was made from, the summary as written, where it
    went, and its place in the history."""

    plan: Plan
    dataset: Dataset
    summary: NightSummary
    folder: Path | None  # None when nothing was written
    kept: Path | None  # where a plan it replaced was kept
    recorded: tuple[int, bool] | None  # (run, published) when the history took the run
    not_recorded: HistoryError | None  # why the history did not take it (the plan is written)


class StageClock:
    """A progress callback that also keeps how long each stage took (a stage ends when the next
    one starts); stages met twice add up."""

    def __init__(self, progress: Callable[[str], None]) -> None:
        self.progress = progress
        self.stages_s: dict[str, float] = {}
        self._current: str | None = None
        self._started = time.perf_counter()

    def __call__(self, stage: str) -> None:
        self.stop()
        self._current, self._started = stage, time.perf_counter()
        self.progress(stage)

    def stop(self) -> dict[str, float]:
        """End the current stage; the seconds per stage so far, to 0.1 s."""
        if self._current is not None:
            spent = time.perf_counter() - self._started
            self.stages_s[self._current] = self.stages_s.get(self._current, 0.0) + spent
            self._current = None
        return {stage: round(seconds, 1) for stage, seconds in self.stages_s.items()}


def accepted_changes(clients: Sequence[Client], history: History, lang: str) -> tuple[Client, ...]:
    """The register with the coordinator's accepted proposals (pauses, closings) applied."""
    from mealplan.door_models import MealOutcome, Proposal
    from mealplan.i18n import tr
    from mealplan.planning.outcomes import with_accepted

    accepted = [Proposal(**{k: row[k] for k in Proposal.model_fields}) for row in history.proposals_in("accepted")]
    if not accepted:
        return tuple(clients)
    return with_accepted(clients, accepted, {code: tr(f"door_outcome.{code}", lang) for code in MealOutcome})


def open_checks(history: History) -> tuple[OpenCheck, ...]:
    """The wellness checks still open, oldest first (the index shows them to the night's reader)."""
    return tuple(OpenCheck(**{k: row[k] for k in OpenCheck.model_fields}) for row in history.open_escalations())


def trip_links(history: History, plan: Plan, base_url: str) -> dict[str, str]:
    """Each trip's phone page (``mealplan serve``), the same link for the same trip on a re-plan."""
    from mealplan.door_models import link_expiry

    expires = link_expiry(plan.date)
    return {
        f"{r.van_id}/{r.trip}": f"{base_url}/t/{history.trip_link(plan.date, 'meal', r.van_id, r.trip, expires)}"
        for r in plan.routes
    }


def plan_night(
    night: NightConfig,
    progress: Callable[[str], None] = lambda step: None,
    log_bug: Callable[[BaseException], Path] = lambda error: Path("-"),
    started: float | None = None,
    dataset: Dataset | None = None,
) -> NightResult:
    """Plan, write and record one night; ``log_bug`` keeps the traceback of a bug while recording
    (the plan is written all the same) and returns where. With ``night.write`` off, only plan
    (from ``dataset`` when given: a scenario's changed data) and summarise."""
    from mealplan.io.readers.dataset import read_dataset
    from mealplan.io.store.history import History, history_url, record_json, shown_url
    from mealplan.io.writers.atomic import check_target, output_lock
    from mealplan.io.writers.night_folder import check_same_source, write_plan

    started = time.perf_counter() if started is None else started
    started_at = dt.datetime.now(dt.UTC)
    progress = clock = StageClock(progress)
    config, out_dir = night.run, night.out_dir
    if not night.write:
        dataset = dataset if dataset is not None else read_dataset(config.data_dir)
        plan, dataset = run_day(config, progress=progress, dataset=dataset)
        clock("summary")
        summary = summarize(plan, dataset.settings, wall_s=round(time.perf_counter() - started, 2))
        summary = summary.model_copy(update={"stages_s": clock.stop()})
        return NightResult(plan, dataset, summary, None, None, None, None)
    history = None
    recorded: tuple[int, bool] | None = None
    not_recorded: HistoryError | None = None
    with output_lock(out_dir):
        progress("read")
        dataset = read_dataset(config.data_dir)
        config = config.model_copy(update={"date": resolve_date(config, dataset)})
        day = config.date
        assert day is not None
        check_far_date(day, dataset.settings, night.far_date)
        check_target(out_dir / day.isoformat())  # a file or a link there: said now, not after planning
        if not night.force:
            check_same_source(out_dir / day.isoformat(), config.data_dir)
        if not night.no_history:
            progress("history")
            history = History(history_url(config.data_dir, night.db))
            dataset = dataset.model_copy(update={"clients": accepted_changes(dataset.clients, history, night.lang)})
        with history.claim(day) if history else nullcontext():
            past = history.past(day) if history else None
            plan, dataset = run_day(config, progress=progress, dataset=dataset, past=past)
            if history is not None and past is not None and not plan.day_off:
                publish = night.publish if night.publish is not None else history.published_run(day) is None
                facts = history_facts(past, publish, dataset.settings.move_allowance_min > 0)
                plan = plan.model_copy(
                    update={"history": facts | {"db": shown_url(history.url)}}
                    | visits_today(history.visits_on(day), plan)
                    | {"open_checks": open_checks(history)}
                )
            clock("summary")
            summary = summarize(plan, dataset.settings, wall_s=round(time.perf_counter() - started, 1))
            summary = summary.model_copy(update={"stages_s": clock.stop()})
            record = None
            if history is not None and not plan.day_off:
                record = run_record(plan, dataset, config, summary, started_at)
            run_id = None
            if history is not None and record is not None:
                # Recorded as a draft before writing, so that every output names its run; a draft
                # nobody can open is deleted if the writing fails, and is published only once its
                # outputs are in place.
                progress("record")
                try:
                    run_id, _ = history.record(record, publish=False)
                except HistoryError as error:
                    not_recorded = error  # the plan is still written: the caller says how to record it
                except Exception as error:  # noqa: BLE001 - a bug, but the plan is written all the same
                    not_recorded = HistoryError("record_bug", kind=type(error).__name__, log=log_bug(error))
            if run_id is not None:
                plan = plan.model_copy(update={"history": plan.history | {"run": run_id}})
            if history is not None and dataset.settings.serve_url and plan.routes:
                with suppress(HistoryError):  # without its links the sheet is still a sheet
                    plan = plan.model_copy(
                        update={"phone_links": trip_links(history, plan, dataset.settings.serve_url)}
                    )
            summary = summary.model_copy(update={"stages_s": clock.stop()})  # now with the recording
            # With a solution limit the run is meant to be reproducible: keep clock readings out of files.
            written = summary.without_timings() if config.solution_limit else summary
            progress("write")  # the writers add their own stages to summary.json
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            pending = record_json(record) if record is not None else None
            try:
                folder, kept = write_plan(plan, dataset, written, out_dir, night.lang, stamp, pending, config.data_dir)
            except BaseException:
                if history is not None and run_id is not None:
                    with suppress(Exception):
                        history.discard(run_id)
                raise
            if history is not None and run_id is not None:
                if plan.history.get("published"):
                    try:
                        history.publish(day, run_id)
                        recorded = (run_id, True)
                    except HistoryError:
                        not_recorded = HistoryError("not_published", run=run_id, date=day.isoformat())
                else:
                    recorded = (run_id, False)
    return NightResult(plan, dataset, summary, folder, kept, recorded, not_recorded)
