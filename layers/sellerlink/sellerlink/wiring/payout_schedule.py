"""PayoutScheduleFunction (functions/payouts, `schedule_handler`): the daily step of EventBridge
Scheduler's payout schedule: asks for the month's run of each program whose payout day it is.

AWS calls:
- DynamoDB, the table: GetItem (programs, runs), PutItem (conditional: a new run), Query (GSI1:
  the programs with automatic runs on this payout day).
- Lambda: InvokeFunction (asynchronous) on the payout worker (PAYOUT_WORKER_FUNCTION).
"""

from __future__ import annotations

from functools import cache

from pydantic import Field

from sellerlink.payouts.dal import PayoutStore
from sellerlink.payouts.runs import RunRequests
from sellerlink.payouts.schedule import DailyPayouts
from sellerlink.programs.dal import ProgramStore
from sellerlink.settings import ClockSettings, FunctionSettings, PayoutWorkerSettings, TableSettings
from sellerlink.wiring import adapters


class Settings(FunctionSettings):
    table: TableSettings = Field(default_factory=TableSettings)
    clock: ClockSettings = Field(default_factory=ClockSettings)
    worker: PayoutWorkerSettings = Field(default_factory=PayoutWorkerSettings)


settings = cache(Settings)


@cache
def daily() -> DailyPayouts:
    table, clock = adapters.table(settings().table), adapters.clock(settings().clock)
    programs, payouts = ProgramStore(table), PayoutStore(table)
    requests = RunRequests(programs, payouts, clock, adapters.payout_tasks(settings().worker))
    return DailyPayouts(programs, payouts, requests)
