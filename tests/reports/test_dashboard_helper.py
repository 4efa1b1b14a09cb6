"""The dashboard's helper process (:mod:`autograde.reports.helper`): the page is the same
whether a forked helper draws the charts and finds the clusters or this process does; work the
helper has not started is taken back; a helper that dies leaves its work to this process."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from test_dashboard_class import class_course

from autograde.reports import helper as helper_module
from autograde.reports.dashboard import DashboardOptions, dashboard
from autograde.reports.helper import Helper, finish

GENERATED = re.compile(r"(作成日時|generated): [0-9-]+ [0-9:]+ UTC")


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    return class_course(tmp_path_factory.mktemp("helper") / "course", n=10).root


def page(course: Path, monkeypatch: pytest.MonkeyPatch, fork: bool) -> str:
    monkeypatch.setattr(helper_module, "can_fork", lambda: fork)
    html = dashboard(DashboardOptions(course=course, lang="ja"))
    return GENERATED.sub("generated", html)


def test_the_page_is_the_same_with_or_without_the_helper(course, monkeypatch):
    beside, here = page(course, monkeypatch, True), page(course, monkeypatch, False)
    assert "<!--chart:" not in beside  # every chart filled in
    assert beside.count('<svg role="img" class="chart"') == 2 + 3  # two lessons, bars, heat, items
    assert beside == here


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_work_the_helper_has_not_started_is_done_here(monkeypatch):
    monkeypatch.setattr(helper_module, "can_fork", lambda: True)
    with Helper() as helper:
        pending = [helper.run(_pid_after, 0.5)] + [helper.run(_pid_after, 0.0) for _ in range(5)]
        pids = finish(pending)
    assert pids[0] != os.getpid()  # the helper's
    assert pids[-1] == os.getpid()  # taken back: queued behind the slow one


def _die_unless(parent: int) -> str:
    if os.getpid() != parent:
        os._exit(3)
    return "done here"


def test_a_helper_that_dies_leaves_its_work_to_this_process(monkeypatch):
    monkeypatch.setattr(helper_module, "can_fork", lambda: True)
    with Helper() as helper:
        first = helper.run(_die_unless, os.getpid())
        assert first.result() == "done here"
        assert helper.run(_die_unless, os.getpid()).result() == "done here"  # broken: here


def test_no_helper_where_forking_is_not_safe(monkeypatch):
    import threading

    monkeypatch.setattr(helper_module.sys, "platform", "darwin")
    assert not helper_module.can_fork()
    monkeypatch.setattr(helper_module.sys, "platform", "linux")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not helper_module.can_fork()  # another thread: a fork could copy a held lock
    finally:
        stop.set()
        thread.join()
