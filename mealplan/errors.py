"""Errors that stop a run, as codes with fields; the CLI words them and picks the exit code.

Problems with single rows are not errors: they are ``models.Problem`` records and the run goes
on with the other rows. An error that is made of row problems (a settings file whose speed is
0) carries them in ``problems`` so the terminal can list each with its file, row and column.
"""

from __future__ import annotations

from typing import Any


class MealplanError(Exception):
    """Base of every error the CLI reports without a traceback: ``error.<code>`` in the catalogue."""

    exit_code = 1

    def __init__(self, code: str, problems: tuple[Any, ...] = (), **args: object) -> None:
        self.code = code
        self.args_ = args
        self.problems = problems
        super().__init__(self.english())

    def english(self) -> str:
        """The message in English: for logs and for Python callers that print the exception."""
        from mealplan.i18n import tr

        return tr(f"error.{self.code}", "en", **self.args_)


class InputError(MealplanError):
    """A data file or folder cannot be used at all (missing, empty, undecodable, no header)."""

    exit_code = 2


class GeocoderError(InputError):
    """The online geocoder the user named did not answer; nothing was cached as "not found"."""


class OutputError(MealplanError):
    """The plan could not be written (unwritable folder, full disk, another run writing)."""

    exit_code = 3


class ServiceError(MealplanError):
    """A service the user named (a Dask scheduler) cannot be reached: the environment, exit 3."""

    exit_code = 3


class PlanIntegrityError(MealplanError):
    """The ledger does not account for every register row; nothing is written."""

    exit_code = 4


# The plan was written, but the independent check found a broken limit and the user did not
# accept it with --accept-violations. Not an exception: the CLI exits with it after writing.
VIOLATIONS_EXIT_CODE = 5


# The plan was written, but recording it in the history failed: the coordinator has a plan to hand
# out and must record it later (`mealplan history --record DATE`).
NOT_RECORDED_EXIT_CODE = 6


class HistoryError(MealplanError):
    """The history database cannot do what was asked: unreachable, the date is being planned by
    another run (exit 3, as for another run writing), or the run or date asked for is not there
    (exit 2, a mistake in the command)."""

    USER_MISTAKES = frozenset(
        {
            "no_run",
            "run_other_date",
            "nothing_to_forget",
            "no_history",
            "nothing_in_history",
            "no_pending_record",
            "no_snapshot",
            "run_not_in_folder",
        }
    )

    def __init__(self, code: str, problems: tuple[Any, ...] = (), **args: object) -> None:
        super().__init__(code, problems, **args)
        self.exit_code = 2 if code in self.USER_MISTAKES else 3
