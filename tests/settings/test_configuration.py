"""Settings come from environment variables; production settings pass Django's deploy check."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from helpline.lib import hours
from helpline.lib.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


def test_it_reads_typed_values_and_names_the_variable_when_one_is_wrong(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    monkeypatch.setenv("X_NUM", "12")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_bool("X_FLAG", False) is True
    assert env_int("X_NUM", 0) == 12
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    monkeypatch.setenv("X_NUM", "twelve")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        env_int("X_NUM", 0)
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-variety-0123456789-AbCdEf",
        "ALLOWED_HOSTS": "helpline.example.org",
        "SITE_URL": "https://helpline.example.org",
        "HELPLINE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_reads_opening_hours_with_several_periods():
    periods = hours.parse("mon-fri 09:00-13:00,14:00-21:00; sat 10:00-14:00")
    assert len(periods) == 3
    tz = "America/New_York"
    monday_noon = datetime.datetime(2026, 11, 23, 17, 0, tzinfo=datetime.UTC)  # 12:00 local
    monday_1330 = datetime.datetime(2026, 11, 23, 18, 30, tzinfo=datetime.UTC)
    sunday = datetime.datetime(2026, 11, 29, 17, 0, tzinfo=datetime.UTC)
    assert hours.is_open(periods, tz, monday_noon)
    assert not hours.is_open(periods, tz, monday_1330)
    assert not hours.is_open(periods, tz, sunday)


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("mon-fri", "cannot read"),
        ("xyz 09:00-10:00", "unknown day"),
        ("mon 10:00-09:00", "ends before"),
        ("mon 25:00-26:00", "not a time"),
    ],
)
def test_it_names_the_problem_in_bad_opening_hours(spec, problem):
    with pytest.raises(hours.HoursError, match=problem):
        hours.parse(spec)
