"""Worker processes that cannot outlive the run that started them.

A ``mealplan plan`` killed with SIGKILL used to leave its solver workers running (about 120 MB
each, holding the terminal's pipes open). Every pool of ours is made here: on Linux each worker
asks the kernel for SIGKILL when its parent dies (``PR_SET_PDEATHSIG``) and exits at once if the
parent is already gone. ``terminate_workers`` ends them on SIGTERM before the run cleans up.
Imports nothing of ours.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # a libc without prctl: the parent's SIGTERM handler still ends us
            pass
    # The parent may have died between fork and prctl: then nobody would ever send the signal.
    if os.getppid() != parent_pid:
        os._exit(1)


def worker_pool(max_workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with the process that created it.

    Create it from the main thread: the kernel ties the death signal to the creating thread.
    """
    return ProcessPoolExecutor(max_workers=max_workers, initializer=_die_with_parent, initargs=(os.getpid(),))


def terminate_workers() -> None:
    """Kill every worker process this process started (and, through their death signal, theirs)."""
    for child in multiprocessing.active_children():
        child.kill()
