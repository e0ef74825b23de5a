"""When an EventBridge Scheduler expression next fires: the forms a Sellerlink template uses.

`rate(N minute|minutes|hour|hours|day|days)` and `cron(minutes hours day-of-month month
day-of-week year)` with numbers, lists (`1,15`), `*` and `?` in each field. Anything else is
refused with the forms that are understood, rather than fired at a wrong time.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
CRON = re.compile(r"^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$")
UNITS = {"minute": 60, "hour": 3600, "day": 86400}


def next_fire(expression: str, after: datetime) -> datetime:
    """The first time strictly after `after` (UTC) at which the schedule fires."""
    rate = RATE.match(expression)
    if rate:
        return after + timedelta(seconds=int(rate.group(1)) * UNITS[rate.group(2).rstrip("s")])
    cron = CRON.match(expression)
    if not cron:
        raise ValueError(
            f"cannot fire {expression!r} locally: use rate(N unit) or cron(min hour day month ? year)"
        )
    minutes, hours, days, months, weekdays, years = (_values(field) for field in cron.groups())
    if weekdays is not None:
        raise ValueError(f"cannot fire {expression!r} locally: day-of-week must be '?'")
    moment = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    for _ in range(366 * 24 * 60):
        if all(
            allowed is None or value in allowed
            for value, allowed in (
                (moment.minute, minutes),
                (moment.hour, hours),
                (moment.day, days),
                (moment.month, months),
                (moment.year, years),
            )
        ):
            return moment
        moment += timedelta(minutes=1)
    raise ValueError(f"{expression!r} does not fire within a year of {after.isoformat()}")


def _values(field: str) -> set[int] | None:
    if field in ("*", "?"):
        return None
    if not re.fullmatch(r"\d+(,\d+)*", field):
        raise ValueError(f"cannot fire a cron field {field!r} locally: use numbers, lists, '*' or '?'")
    return {int(part) for part in field.split(",")}
