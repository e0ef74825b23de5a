"""Ledger entries, the ledger lock and PPV in the table. Entries are written once, never updated.

- `ACCOUNT#<a>#PROGRAM#<p>#SLOT#<nn>` / `LEDGER#<date>#<partner>#<asin or ->#<type>#<pull_id>`: an
  entry, in its partner's slot (`attribution.slots`): a program's writes spread over 64
  partitions, and a pull's shard reads its slots' balances in one range query per slot. The sort
  key ends with the pull, so one pull can append at most one entry per key: a retried step whose
  entry is already there skips it (conditional put). GSI2 `ACCOUNT#<a>#PROGRAM#<p>#LEDGER#<YYYY-MM>`
  / the same sort key reads a program's entries of a month in date order (the API: one Query a page).
- `ACCOUNT#<a>#PROGRAM#<p>` / `LEDGERLAYOUT`: the program's entries are in slots (layout 2). Before
  it, entries lived in the program's partition (layout 1): `migrate` moves them, once.
- `ACCOUNT#<a>#PROGRAM#<p>` / `LEDGERLOCK`: one ledger step at a time per program (a lease).
- `ACCOUNT#<a>` / `PPV#<YYYY-MM>#<program>#<nn>`: a part of the account's commissions of the month
  per currency (`commission_<currency>`), added in the same transaction as the entries that change
  it: one part per program and slot, the lowest slot of the transaction's entries, so that
  parallel shards and programs never add to the same item (DynamoDB cancels a transaction on an
  item another running transaction holds). `ppv` sums the month's parts in one Query.
- `ACCOUNT#<a>` / `PPV#<YYYY-MM>`: the month's own item: `paid_<currency>`, what was paid out in
  the month (`ppv_paid_update`, written by payouts when a payout is paid), and on tables written
  before the parts, the commissions added until then (`ppv` adds them in).
- each partner's earnings per event date and in all (`ledger.earnings`), added in that transaction too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sellerlink.accounts.dal import account_pk
from sellerlink.attribution.models import ConversionType
from sellerlink.attribution.slots import month_pk, months, partner_slot, slot_pk
from sellerlink.errors import Unprocessable
from sellerlink.ledger.earnings import earnings_updates, rollup_keys
from sellerlink.ledger.models import AnyEntry, EntryKind, EntryLine, LedgerEntry
from sellerlink.marketplaces import in_minor_units
from sellerlink.programs.dal import program_pk
from sellerlink.table import (
    CURSOR_REFUSED,
    ConditionFailed,
    Item,
    Put,
    Table,
    Update,
    decode_cursor,
    encode_cursor,
)

PREFIX = "LEDGER#"
LOCK = "LEDGERLOCK"
LAYOUT = "LEDGERLAYOUT"
MONTHS = "LEDGER"
MIGRATE_PAGE = 500
TRANSACTION_ITEMS = 100
CONDITION_FAILED = "ConditionalCheckFailed"
PPV = "PPV#"
PPV_PREFIX = "commission_"
PPV_PAID_PREFIX = "paid_"


class LedgerBusy(Exception):
    """Another pull's ledger step holds the program's ledger; the workflow retries later."""


LOCKED_THROUGH = "LOCKED_THROUGH"


def month_of(day: date) -> str:
    return day.strftime("%Y-%m")


class LedgerStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def locked_through(self, account_id: str, program_id: str) -> date | None:
        """The last event date whose locking was announced (`action.locked`, `statement.ready`)."""
        item = self._table.get(program_pk(account_id, program_id), LOCKED_THROUGH)
        return date.fromisoformat(item["day"]) if item else None

    def set_locked_through(self, account_id: str, program_id: str, day: date) -> None:
        self._table.put(
            {"PK": program_pk(account_id, program_id), "SK": LOCKED_THROUGH, "day": day.isoformat()}
        )

    def between(self, account_id: str, program_id: str, first: date, last: date) -> list[LedgerEntry]:
        """The program's entries of these event dates, in sort key order (GSI2, month by month)."""
        bounds = _bounds(first, last)
        return [
            LedgerEntry.model_validate(item)
            for month in months(first, last)
            for item in self._table.query_all(
                month_pk(account_id, program_id, MONTHS, month), index="GSI2", sk_between=bounds
            )
        ]

    def held(
        self, account_id: str, program_id: str, slots: Iterable[int], first: date, last: date
    ) -> Iterator[EntryLine]:
        """The entries of these slots and event dates, as the pull's shard computes with them."""
        for slot in slots:
            items = self._table.query_all(
                slot_pk(account_id, program_id, slot), sk_between=_bounds(first, last)
            )
            yield from (line_of(item) for item in items)

    def entry(self, account_id: str, program_id: str, entry_id: str) -> LedgerEntry | None:
        partner_id = entry_id.split("#")[1] if entry_id.count("#") >= 4 else ""
        pk = slot_pk(account_id, program_id, partner_slot(program_id, partner_id))
        item = self._table.get(pk, PREFIX + entry_id)
        return LedgerEntry.model_validate(item) if item else None

    def scan(
        self,
        account_id: str,
        program_id: str,
        first: date,
        last: date,
        accepts: Callable[[LedgerEntry], bool],
        limit: int,
        cursor: str | None,
    ) -> tuple[list[LedgerEntry], str | None]:
        """Up to `limit` accepted entries from `cursor` on, and the cursor after the last one: one
        Query a page within a month (GSI2), the next month's partition once a month is read."""
        bounds = _bounds(first, last)
        every = months(first, last)
        partitions = [month_pk(account_id, program_id, MONTHS, month) for month in every]
        start, inner = 0, cursor
        if cursor:
            key = decode_cursor(cursor)
            if key.get("GSI2PK") not in partitions:
                raise Unprocessable(CURSOR_REFUSED)
            start, inner = partitions.index(str(key["GSI2PK"])), None if key.get("start") else cursor

        def pick(item: Item) -> LedgerEntry | None:
            entry = LedgerEntry.model_validate(item)
            return entry if accepts(entry) else None

        found: list[LedgerEntry] = []
        for position in range(start, len(partitions)):
            more, inner = self._table.collect(
                partitions[position], pick, limit - len(found), inner, index="GSI2", sk_between=bounds
            )
            found.extend(more)
            if inner:
                return found, inner
            if len(found) == limit:
                following = partitions[position + 1 :]
                return found, (_month_start(following[0]) if following else None)
        return found, None

    def append(self, account_id: str, entries: Sequence[AnyEntry], lanes: int = 1) -> int:
        """Writes the entries not yet written, with their PPV, in transactions; how many were new.
        A partner's entries go together, day by day: each partner-day's earnings are one item of the
        transaction holding that day's entries, so transactions hold fewer rollups, more entries.

        With `lanes`, that many transactions at a time, one per lane of slots (slot modulo lanes):
        lanes share no partner and no PPV part (`_ppv_updates`), so they never meet on an item."""
        by_lane: dict[int, list[AnyEntry]] = {}
        for entry in sorted(entries, key=_partner_day):
            by_lane.setdefault(partner_slot(entry.program_id, entry.partner_id) % lanes, []).append(entry)
        if len(by_lane) <= 1:
            return sum(self._append_lane(account_id, lane) for lane in by_lane.values())
        with ThreadPoolExecutor(len(by_lane)) as pool:  # a transaction waits on DynamoDB, not the CPU
            return sum(pool.map(lambda lane: self._append_lane(account_id, lane), by_lane.values()))

    def _append_lane(self, account_id: str, entries: list[AnyEntry]) -> int:
        return sum(self._append_chunk(account_id, chunk) for chunk in _chunks(entries))

    def _append_chunk(self, account_id: str, chunk: list[AnyEntry]) -> int:
        while chunk:
            writes = [Put(entry_item(account_id, e), condition="attribute_not_exists(PK)") for e in chunk]
            try:
                updates = [*_ppv_updates(account_id, chunk), *earnings_updates(account_id, chunk)]
                self._table.transact([*writes, *updates])
            except ConditionFailed as failed:
                reasons = failed.reasons[: len(chunk)]
                present = {i for i, reason in enumerate(reasons) if reason == CONDITION_FAILED}
                if not present:
                    raise
                chunk = [entry for i, entry in enumerate(chunk) if i not in present]
                continue
            return len(chunk)
        return 0

    def is_migrated(self, account_id: str, program_id: str) -> bool:
        return self._table.get(program_pk(account_id, program_id), LAYOUT) is not None

    def migrate(self, account_id: str, program_id: str) -> int:
        """Moves the program's layout-1 entries (in the program's partition) to their slots, page by
        page (put, then delete: an entry is never missing), then marks the layout; how many moved.
        Safe to repeat: a move is a put of the same item."""
        moved = 0
        pk = program_pk(account_id, program_id)
        while True:
            page = self._table.query(pk, PREFIX, limit=MIGRATE_PAGE)
            if not page.items:
                break
            entries = [LedgerEntry.model_validate(item) for item in page.items]
            self._table.put_many(entry_item(account_id, entry) for entry in entries)
            self._table.delete_many([(pk, str(item["SK"])) for item in page.items])
            moved += len(entries)
        self._table.put({"PK": pk, "SK": LAYOUT, "version": 2})
        return moved

    def lock(self, account_id: str, program_id: str, pull_id: str, now: datetime, lease: timedelta) -> None:
        """Takes the program's ledger for this pull (again, after a crash), or raises LedgerBusy."""
        try:
            self._table.update(
                Update(
                    key={"PK": program_pk(account_id, program_id), "SK": LOCK},
                    expression="SET pull_id = :me, #until = :until",
                    values={
                        ":me": pull_id,
                        ":until": int((now + lease).timestamp()),
                        ":now": int(now.timestamp()),
                    },
                    names={"#until": "until"},
                    condition="attribute_not_exists(PK) OR pull_id = :me OR #until < :now",
                )
            )
        except ConditionFailed:
            raise LedgerBusy(f"program {program_id}: another pull is writing its ledger") from None

    def unlock(self, account_id: str, program_id: str, pull_id: str) -> None:
        with contextlib.suppress(ConditionFailed):
            self._table.update(
                Update(
                    key={"PK": program_pk(account_id, program_id), "SK": LOCK},
                    expression="SET #until = :zero",
                    values={":zero": 0, ":me": pull_id},
                    names={"#until": "until"},
                    condition="pull_id = :me",
                )
            )

    def ppv(self, account_id: str, month: str, prefix: str = PPV_PREFIX) -> dict[str, Decimal]:
        """The month's commissions per currency (`prefix=PPV_PAID_PREFIX`: what was paid out): the
        month's item and its parts, read in one strongly consistent Query (`PPV#<month>` begins
        them all), as the month's item alone was read before the parts."""
        sums: dict[str, Decimal] = {}
        for item in self._table.query_all(account_pk(account_id), ppv_sk(month), consistent=True):
            for name, value in item.items():
                if name.startswith(prefix):
                    currency = name.removeprefix(prefix)
                    sums[currency] = sums.get(currency, Decimal(0)) + Decimal(str(value))
        return {currency: in_minor_units(amount, currency) for currency, amount in sums.items()}


def ppv_sk(month: str) -> str:
    """The sort key of the month's own PPV item; it begins the keys of the month's parts too."""
    return f"{PPV}{month}"


def ppv_part_sk(month: str, program_id: str, slot: int) -> str:
    """The sort key of the month's PPV part that a program's transactions of this slot add to."""
    return f"{PPV}{month}#{program_id}#{slot:02d}"


def ppv_paid_update(account_id: str, month: str, currency: str, amount: Decimal) -> Update:
    """Adds a paid amount to the account's PPV of the month it was paid (the month's own item)."""
    return _ppv_add(account_id, ppv_sk(month), month, {PPV_PAID_PREFIX + currency: amount})


def _ppv_add(account_id: str, sk: str, month: str, amounts: dict[str, Decimal]) -> Update:
    """Adds each attribute's amount to the PPV item `sk` of the month."""
    attributes = list(amounts.items())
    return Update(
        key={"PK": account_pk(account_id), "SK": sk},
        expression="SET #month = :month ADD " + ", ".join(f"#a{i} :a{i}" for i in range(len(attributes))),
        values={":month": month, **{f":a{i}": amount for i, (_, amount) in enumerate(attributes)}},
        names={"#month": "month", **{f"#a{i}": name for i, (name, _) in enumerate(attributes)}},
    )


def entry_item(account_id: str, entry: AnyEntry) -> Item:
    """An entry as the table holds it (layout 2): exactly what `LedgerEntry` dumps as JSON."""
    sk = PREFIX + entry.entry_id
    item: Item = {
        "PK": slot_pk(account_id, entry.program_id, partner_slot(entry.program_id, entry.partner_id)),
        "SK": sk,
        "GSI2PK": month_pk(account_id, entry.program_id, MONTHS, month_of(entry.event_date)),
        "GSI2SK": sk,
        "entry_id": entry.entry_id,
        "program_id": entry.program_id,
        "partner_id": entry.partner_id,
        "event_date": entry.event_date.isoformat(),
        "conversion_type": entry.conversion_type.value,
        "kind": entry.kind.value,
        "purchases": entry.purchases,
        "units": entry.units,
        "sales": str(entry.sales),
        "amount": str(entry.amount),
        "currency": entry.currency,
        "pull_id": entry.pull_id,
        "created_at": _json_time(entry.created_at),
    }
    if entry.asin is not None:
        item["asin"] = entry.asin
    if entry.reason is not None:
        item["reason"] = entry.reason
    return item


def line_of(item: Item) -> EntryLine:
    asin, why = item.get("asin"), item.get("reason")
    return EntryLine(
        str(item["entry_id"]),
        str(item["program_id"]),
        str(item["partner_id"]),
        date.fromisoformat(str(item["event_date"])),
        None if asin is None else str(asin),
        ConversionType(item["conversion_type"]),
        EntryKind(item["kind"]),
        int(item["purchases"]),
        int(item["units"]),
        Decimal(str(item["sales"])),
        Decimal(str(item["amount"])),
        str(item["currency"]),
        str(item["pull_id"]),
        datetime.fromisoformat(str(item["created_at"]).replace("Z", "+00:00")),
        None if why is None else str(why),
    )


def _json_time(moment: datetime) -> str:
    """As pydantic writes a datetime in JSON mode (UTC as `Z`)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment.tzinfo else moment.isoformat()


def _bounds(first: date, last: date) -> tuple[str, str]:
    return (f"{PREFIX}{first.isoformat()}", f"{PREFIX}{last.isoformat()}~")


def _month_start(partition: str) -> str:
    """A cursor that starts a month's partition from its beginning (the next page's first month)."""
    return encode_cursor({"GSI2PK": partition, "start": True})


def _ppv_updates(account_id: str, chunk: Sequence[AnyEntry]) -> list[Update]:
    """One update per month and program of the chunk, to the program's PPV part of the month in the
    lowest slot among the chunk's entries of the program. No two transactions running at once share
    a part: a pull's shards own disjoint runs of slots (`apply_ledger.shards_for`) and each writes
    only its slots' partners' entries (`ApplyLedger.shard` reads and computes only those), so a
    chunk's lowest slot is one of its shard's; within a shard, the chunks of one lane of slots are
    appended one after another, and lanes hold disjoint slots (`LedgerStore.append`); a
    program's ledger steps take turns (its ledger lease); and programs differ by id. (A brand's
    adjustment during a pull can meet a shard on a part, as on the partner's earnings: `Table`
    retries the conflict.)"""
    slots: dict[str, int] = {}
    sums: dict[tuple[str, str], dict[str, Decimal]] = {}
    for entry in chunk:
        slot = partner_slot(entry.program_id, entry.partner_id)
        slots[entry.program_id] = min(slot, slots.get(entry.program_id, slot))
        amounts = sums.setdefault((month_of(entry.event_date), entry.program_id), {})
        attribute = PPV_PREFIX + entry.currency
        amounts[attribute] = amounts.get(attribute, Decimal(0)) + entry.amount
    return [
        _ppv_add(account_id, ppv_part_sk(month, program_id, slots[program_id]), month, amounts)
        for (month, program_id), amounts in sums.items()
    ]


def _partner_day(entry: AnyEntry) -> tuple[str, str, date]:
    return entry.program_id, entry.partner_id, entry.event_date


def _chunks(entries: Iterable[AnyEntry]) -> Iterator[list[AnyEntry]]:
    """Transactions of at most 100 items: entries, one PPV update per month and program, and the
    partners' earnings updates (`ledger.earnings`)."""
    current: list[AnyEntry] = []
    ppv: set[tuple[str, str]] = set()
    rollups: set[tuple[str, str, str]] = set()
    for entry in entries:
        month = (month_of(entry.event_date), entry.program_id)
        adds = rollup_keys([entry]) - rollups
        if len(current) + 1 + len(ppv | {month}) + len(rollups) + len(adds) > TRANSACTION_ITEMS:
            yield current
            current, ppv, rollups = [], set(), set()
            adds = rollup_keys([entry])
        current.append(entry)
        ppv.add(month)
        rollups |= adds
    if current:
        yield current
