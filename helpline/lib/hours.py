"""Weekly opening hours written as text, e.g. ``mon-fri 09:00-13:00,14:00-21:00; sat 10:00-14:00``.

Used for the chat hours shown on every page. Days are mon..sun; each day group has one or more
periods; times are local to ``HELPLINE_TIME_ZONE``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_GROUP = re.compile(r"^(?P<days>[a-z]{3}(?:-[a-z]{3})?)\s+(?P<periods>.+)$")
_PERIOD = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class HoursError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    first_day: int
    last_day: int
    start: datetime.time
    end: datetime.time


def _time(text: str, h: str, m: str) -> datetime.time:
    hour, minute = int(h), int(m)
    if hour == 24 and minute == 0:
        return datetime.time.max
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise HoursError(f"not a time of day: {text!r}")
    return datetime.time(hour, minute)


def parse(spec: str) -> list[Period]:
    periods: list[Period] = []
    for group in filter(None, (g.strip().lower() for g in spec.split(";"))):
        match = _GROUP.match(group)
        if not match:
            raise HoursError(f"cannot read {group!r}: expected e.g. 'mon-fri 09:00-21:00'")
        first, _sep, last = match["days"].partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise HoursError(f"unknown day in {group!r}: use mon, tue, wed, thu, fri, sat, sun")
        d1, d2 = DAYS.index(first), DAYS.index(last or first)
        for text in match["periods"].split(","):
            pm = _PERIOD.match(text.strip())
            if not pm:
                raise HoursError(f"cannot read the period {text.strip()!r}: expected 09:00-21:00")
            start, end = _time(text, pm[1], pm[2]), _time(text, pm[3], pm[4])
            if end <= start:
                raise HoursError(f"the period {text.strip()!r} ends before it starts")
            periods.append(Period(d1, d2, start, end))
    return periods


def is_always_open(periods: list[Period]) -> bool:
    """True when the periods cover every day, all day (e.g. ``mon-sun 00:00-24:00``)."""
    whole_days = {
        day
        for p in periods
        if p.start == datetime.time(0, 0) and p.end == datetime.time.max
        for day in range(p.first_day, p.last_day + 1)
    }
    return whole_days == set(range(7))


def is_open(periods: list[Period], tz: str, now: datetime.datetime) -> bool:
    local = now.astimezone(ZoneInfo(tz))
    day, time = local.weekday(), local.time()
    return any(p.first_day <= day <= p.last_day and p.start <= time < p.end for p in periods)


def describe(periods: list[Period]) -> list[str]:
    """Human lines in the active language, e.g. 'Monday to Friday, 9:00 to 21:00'."""
    names = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
             _("Saturday"), _("Sunday")]  # fmt: skip
    lines = []
    for p in periods:
        days = (
            names[p.first_day]
            if p.first_day == p.last_day
            else _("%(first)s to %(last)s")
            % {"first": names[p.first_day], "last": names[p.last_day]}
        )
        end = "24:00" if p.end == datetime.time.max else p.end.strftime("%H:%M")
        lines.append(
            _("%(days)s, %(start)s to %(end)s")
            % {"days": days, "start": p.start.strftime("%H:%M"), "end": end}
        )
    return lines
