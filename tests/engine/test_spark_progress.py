"""journeyspec's progress line shows Spark's stages: the status API and Connect's progress reports, read as steps.

Fakes stand for Spark here (the real classic route runs in test_spark.py, on
the session the parity tests start): a status tracker as
``sparkContext.statusTracker()`` answers, and Spark Connect's progress
handlers called as the client calls them.
"""

from __future__ import annotations

import io
import sys
import threading
from types import SimpleNamespace

import pytest
from rich.console import Console

from journeyspec.cli.data_options import Spinner
from journeyspec.engine.source.spark_progress import SparkSteps, classic_step, connect_step, step_text


class Tracker:
    """Answers as Spark's StatusTracker does: job 4 has stages 7 to 9, stage 8 runs 41 of 100 tasks."""

    def __init__(self, jobs=(4,), active_stages=(8,)) -> None:
        self.jobs, self.active_stages = list(jobs), list(active_stages)

    def getActiveJobsIds(self):
        return self.jobs

    def getJobInfo(self, job):
        return {3: SimpleNamespace(stageIds=[5, 6]), 4: SimpleNamespace(stageIds=[9, 7, 8])}.get(job)

    def getActiveStageIds(self):
        return self.active_stages

    def getStageInfo(self, stage):
        return {
            8: SimpleNamespace(numCompletedTasks=41, numTasks=100),
            6: SimpleNamespace(numCompletedTasks=1, numTasks=8),
        }.get(stage)


class ClassicSession:
    def __init__(self, tracker) -> None:
        self._sc = SimpleNamespace(_jsc=object(), statusTracker=lambda: tracker)


def test_step_text_names_the_stage_its_place_and_its_tasks_done():
    assert step_text(3, 7, 41, 100) == "Spark stage 3 of 7, 41.0%"
    assert step_text(1, 1, 0, 0) == "Spark stage 1 of 1, –"  # a stage with no tasks yet: no made-up figure


def test_the_newest_active_job_and_its_first_running_stage():
    assert classic_step(Tracker()) == "Spark stage 2 of 3, 41.0%"  # stages sorted: 7, [8], 9
    assert classic_step(Tracker(jobs=[3, 4], active_stages=[6, 8])) == "Spark stage 2 of 3, 41.0%"
    assert classic_step(Tracker(jobs=[3], active_stages=[6])) == "Spark stage 2 of 2, 12.5%"


@pytest.mark.parametrize(
    "tracker", [Tracker(jobs=[]), Tracker(active_stages=[]), Tracker(jobs=[5]), Tracker(active_stages=[9])]
)  # 9 runs but its info is gone: finished
def test_no_step_when_spark_runs_nothing(tracker):
    assert classic_step(tracker) is None


def stage(stage_id, done_tasks, tasks, done):
    return SimpleNamespace(
        stage_id=stage_id, num_tasks=tasks, num_completed_tasks=done_tasks, num_bytes_read=0, done=done
    )


def test_a_connect_report_is_its_first_unfinished_stage():
    report = [stage(12, 3, 4, False), stage(10, 8, 8, True), stage(11, 1, 8, False)]
    assert connect_step(report) == "Spark stage 2 of 3, 12.5%"
    assert connect_step([stage(1, 8, 8, True)]) is None
    assert connect_step(None) is None


def watched(sessions, until, seconds=5.0):
    """What a SparkSteps over ``sessions`` shows until ``until(shown)`` holds (or ``seconds`` pass)."""
    shown, changed = [], threading.Event()

    def show(step):
        shown.append(step)
        changed.set()

    with SparkSteps(show, lambda: sessions, interval=0.01):
        for _ in range(int(seconds / 0.01)):
            if until(shown):
                break
            changed.wait(0.01)
            changed.clear()
    return shown


def test_a_classic_session_is_polled_until_it_runs_nothing():
    tracker = Tracker()
    shown = watched([ClassicSession(tracker)], lambda shown: bool(shown))
    assert shown[0] == "Spark stage 2 of 3, 41.0%"
    assert shown[-1] is None  # taken away when the watch ends
    tracker.jobs = []
    assert watched([ClassicSession(tracker)], lambda shown: False, seconds=0.1) == []  # nothing runs: nothing shown


class ConnectSession:
    """Stands for pyspark.sql.connect.session.SparkSession: handlers registered, then called per query."""

    __module__ = "pyspark.sql.connect.session"

    def __init__(self) -> None:
        self.handlers = []

    def registerProgressHandler(self, handler):
        self.handlers.append(handler)

    def removeProgressHandler(self, handler):
        self.handlers.remove(handler)


def test_a_connect_session_reports_through_its_progress_handler():
    session = ConnectSession()

    def until(shown):
        for handler in session.handlers:  # as the client calls it, keyword by keyword, on each report
            handler(
                stages=[stage(0, 8, 8, True), stage(1, 5, 20, False)], inflight_tasks=2, operation_id="x", done=False
            )
        return bool(shown)

    shown = watched([session], until)
    assert shown[0] == "Spark stage 2 of 2, 25.0%"
    assert session.handlers == []  # removed at the end: a later query reports to nobody


def test_a_session_that_fails_to_answer_never_fails_the_check():
    broken = SimpleNamespace(_sc=SimpleNamespace(_jsc=object(), statusTracker=lambda: 1 / 0))
    assert watched([broken, ClassicSession(Tracker())], lambda shown: bool(shown))[0] == "Spark stage 2 of 3, 41.0%"


def test_the_spinner_shows_spark_steps_beside_its_message(monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    with Spinner(console) as spinner:
        assert spinner.live
        spinner("shop: reducing events")
        spinner.detail("Spark stage 3 of 7, 41.0%")
        assert spinner._status.status == "shop: reducing events · Spark stage 3 of 7, 41.0%"
        spinner.detail(None)
        assert spinner._status.status == "shop: reducing events…"


def test_no_progress_and_no_watching_off_a_terminal(monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    out = io.StringIO()
    started = []
    monkeypatch.setattr(SparkSteps, "__enter__", lambda self: started.append(self))
    with Spinner(Console(file=out)) as spinner, spinner.engine_steps():
        spinner("shop: reducing events")
        spinner.detail("Spark stage 3 of 7, 41.0%")
    assert not spinner.live and started == [] and out.getvalue() == ""
