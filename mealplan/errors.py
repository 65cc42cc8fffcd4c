"""Errors that stop a run; the CLI turns them into one message and an exit code.

Problems with single rows are not errors: they are ``models.Problem`` records and the run goes
on with the other rows.
"""


class MealplanError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = 1


class InputError(MealplanError):
    """A data file or folder cannot be used at all (missing, empty, undecodable, no header)."""

    exit_code = 2


class OutputError(MealplanError):
    """The plan could not be written (unwritable folder, full disk)."""

    exit_code = 3


# The plan was written, but the independent check found a broken limit and the user did not
# accept it with --accept-violations. Not an exception: the CLI exits with it after writing.
VIOLATIONS_EXIT_CODE = 5


class PlanIntegrityError(MealplanError):
    """The ledger does not account for every register row; nothing is written."""

    exit_code = 4
