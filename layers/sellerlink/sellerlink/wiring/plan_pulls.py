"""PlanPullsFunction (functions/attribution_pull, `plan_handler`): the pull the API started, or a
new pull for every active, measured program.

AWS calls:
- DynamoDB, the table: GetItem (the pull), Query (GSI1: the active programs), PutItem
  (conditional: the new pulls).
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from sellerlink.programs.dal import ProgramStore
from sellerlink.pulls.dal import PullStore
from sellerlink.pulls.plan import PlanPulls
from sellerlink.settings import ClockSettings, FunctionSettings, PullWindowSettings, TableSettings
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    pull_window: PullWindowSettings = Field(default_factory=PullWindowSettings)


settings = cache(Settings)


@cache
def step() -> PlanPulls:
    table = adapters.table(settings().table)
    clock = adapters.clock(settings().clock)
    return PlanPulls(PullStore(table), ProgramStore(table), clock, settings().pull_window.pull_window_days)
