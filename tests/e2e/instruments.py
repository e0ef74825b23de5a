"""Faults planted inside a function's own execution environment (see LocalStack.instrument):
the function runs in its own process, as on Lambda, so a test changes it from inside."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def crash_ledger_once() -> None:
    """The ledger step's first append writes half of its entries, records how many, and dies."""
    from sellerlink.ledger.dal import LedgerStore

    record = Path(os.environ["CRASH_RECORD"])
    append = LedgerStore.append

    def crash_once(store: LedgerStore, account_id: str, entries: Any, lanes: int = 1) -> int:
        if record.exists() or not entries:  # another pull's empty step (the backfill's) is not the one
            return append(store, account_id, entries, lanes)
        record.write_text(str(append(store, account_id, entries[: len(entries) // 2], lanes)))
        raise RuntimeError("the ledger step died after writing half of its entries")

    LedgerStore.append = crash_once  # type: ignore[method-assign]


def stall_fetch_once() -> None:
    """The first report-fetching invocation outlives its function's timeout (and is stopped)."""
    import time

    from functions.attribution_pull import app

    record = Path(os.environ["STALL_RECORD"])
    handler = app.fetch_handler

    def stalling(event: dict[str, Any], context: Any) -> Any:
        if not record.exists():
            record.write_text("stalled")
            time.sleep(60)
        return handler(event, context)

    app.fetch_handler = stalling  # type: ignore[assignment]
