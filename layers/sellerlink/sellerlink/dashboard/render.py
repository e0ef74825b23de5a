"""Jinja2 templates (autoescaped), with the few filters the pages share."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sellerlink.dashboard", "templates"),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    env.filters["day"] = day
    env.filters["moment"] = moment
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def money(value: Decimal | int | float | None, currency: str = "") -> str:
    if value is None:
        return "—"
    text = f"{Decimal(value):,.2f}"
    return f"{text} {currency}".strip()


def day(value: date | datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"


def moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"
