"""What Spark is running, as steps of journeyspec's own progress line: "Spark stage 3 of 7, 41%".

Spark's console progress bar stays off (it would draw over the report, see
:mod:`.spark_session`); instead, while a check runs on a terminal, a
:class:`SparkSteps` watches the sessions journeyspec started and hands the
current stage to the progress line. Each route says it its own way:

- a classic session (local mode, a cluster master): Spark's status API,
  ``sparkContext.statusTracker()``, polled from a daemon thread — the newest
  active job, its stages, and the first of them still running;
- Spark Connect: the client has no status tracker; the server streams each
  query's progress, which the client hands to progress handlers
  (``registerProgressHandler``, PySpark 4), stage by stage.

Nothing here imports PySpark: it reads sessions that exist already, so a
DuckDB check pays a thread that finds nothing to watch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from journeyspec.units import format_share

Show = Callable[[str | None], None]

#: How often the status API is read (seconds): the progress line moves a few times a second.
INTERVAL = 0.25
#: How long the end of a check waits for the watching thread (a daemon: the process never waits for it).
JOIN_SECONDS = 2.0


def step_text(position: int, count: int, done_tasks: int, tasks: int) -> str:
    """``Spark stage 3 of 7, 41.0%``: the running stage's place in its job and its tasks done."""
    return f"Spark stage {position} of {count}, {format_share(done_tasks, tasks)}"


def classic_step(tracker: Any) -> str | None:
    """The step a classic session's ``statusTracker()`` shows now; None when Spark runs nothing.

    The newest active job is the one the check waits on (Spark may still be
    finishing an older one's cleanup); its first running stage is the step,
    counted among all the job's stages (skipped ones included, as Spark's UI does).
    """
    jobs = list(tracker.getActiveJobsIds())
    if not jobs:
        return None
    job = tracker.getJobInfo(max(jobs))
    if job is None:
        return None
    stages = sorted(job.stageIds)
    active = set(tracker.getActiveStageIds())
    running = [stage for stage in stages if stage in active]
    if not running:
        return None
    info = tracker.getStageInfo(running[0])
    if info is None:  # finished between the two calls
        return None
    return step_text(stages.index(running[0]) + 1, len(stages), info.numCompletedTasks, info.numTasks)


def connect_step(stages: Iterable[Any] | None) -> str | None:
    """The step of one Spark Connect query's progress report (its stages so far); None when all are done."""
    ordered = sorted(stages or (), key=lambda stage: stage.stage_id)
    for position, stage in enumerate(ordered, start=1):
        if not stage.done:
            return step_text(position, len(ordered), stage.num_completed_tasks, stage.num_tasks)
    return None


def _is_connect(session: Any) -> bool:
    return type(session).__module__.startswith("pyspark.sql.connect")


class SparkSteps:
    """While open, ``show`` hears the stage Spark runs now (``None`` when it runs nothing).

    Args:
        show: Called from a background thread with each new step, and with None at the end.
        sessions: The sessions to watch, asked again at every tick (a session may start mid-check).
        interval: Seconds between two readings.
    """

    def __init__(self, show: Show, sessions: Callable[[], Iterable[Any]], interval: float = INTERVAL) -> None:
        self._show, self._sessions, self._interval = show, sessions, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="journeyspec-spark-steps", daemon=True)
        self._connect: dict[int, tuple[Any, Callable]] = {}  # id(session) -> (session, its handler)
        self._reported: dict[int, str | None] = {}  # what each Connect session's handler heard last
        self._lock = threading.Lock()
        self._shown: str | None = None

    def __enter__(self) -> SparkSteps:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> bool:
        self._stop.set()
        self._thread.join(JOIN_SECONDS)  # a reading stuck in a dying JVM never holds the check's end
        for session, handler in self._connect.values():
            try:
                session.removeProgressHandler(handler)
            except Exception:  # noqa: BLE001, S110 - a session already stopped has no handlers left
                pass
        if self._shown is not None:
            self._show(None)
        return False

    def _watch(self) -> None:
        while not self._stop.is_set():
            step = None
            for session in list(self._sessions()):
                try:
                    found = self._connect_step(session) if _is_connect(session) else self._classic_step(session)
                except Exception:  # noqa: BLE001 - a session stopping mid-reading: the progress line never fails a check
                    found = None
                step = step or found
            if step != self._shown:
                self._shown = step
                self._show(step)
            self._stop.wait(self._interval)

    @staticmethod
    def _classic_step(session: Any) -> str | None:
        context = getattr(session, "_sc", None)
        if context is None or getattr(context, "_jsc", None) is None:  # stopped
            return None
        return classic_step(context.statusTracker())

    def _connect_step(self, session: Any) -> str | None:
        key = id(session)
        if key not in self._connect:

            def handler(stages=None, inflight_tasks=0, operation_id=None, done=False, **_ignored) -> None:
                with self._lock:
                    self._reported[key] = None if done else connect_step(stages)

            session.registerProgressHandler(handler)
            self._connect[key] = (session, handler)
        with self._lock:
            return self._reported.get(key)


__all__ = ["INTERVAL", "SparkSteps", "classic_step", "connect_step", "step_text"]
