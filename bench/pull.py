"""The attribution pull, measured on generated programs, each figure beside its floor. Asserts nothing.

- compute: the ledger computation (`compute.measure` + `compute.entries`, as a shard runs it)
  against a plain Decimal loop over the same rows (one dict sum per key, one rate per key), at
  10,000 and 1,000,000 rows: the ratio, and the per-row cost at 1M against 10k (flat: 1.0);
- one shard at 1,000,000 rows: the largest shard of a 1M-row program (`shards_for`), in a process
  of its own as a Lambda invocation is: its staged objects parsed, entries computed (with the
  balances a re-run would hold), table items built, facts grouped: the peak resident memory;
- the ledger step's DynamoDB requests per 1,000 report rows (begin, every shard, end, on the
  template's table in moto in-process, with S3 staging), first run and an unchanged re-run
  (which must write no entry and no fact);
- the whole 100,000-row pull through the local stack, and its re-run (`bench/_whole_pull.py`).

Writes bench/results/pull.json. Run: `.venv/bin/python bench/pull.py [--stack-rows 100000]
[--big-rows 1000000] [--store-partners 134]` (`--stack-rows 0` skips the whole pull).
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import boto3
from moto import mock_aws

from sellerlink.attribution.dal import FactStore
from sellerlink.attribution.facts import changed_days, facts_of, first_and_last, read_days
from sellerlink.attribution.models import AttributionRow, ConversionType, Report, ReportJob
from sellerlink.attribution.slots import ad_group_of, slot_of
from sellerlink.ledger import compute
from sellerlink.ledger.dal import LedgerStore
from sellerlink.pulls.apply_ledger import cyclic_gc_paused, shards_for
from sellerlink.pulls.models import PullRef
from sellerlink.pulls.staging import S3Staging
from sellerlink.table import Table
from sellerlink.terms.commission import TermsSchedule
from sellerlink.terms.models import Payout, PayoutType, TermsVersion
from sellerlink_local.stack import moto_patches
from sellerlink_local.stack.cloudformation import REGION, translate
from sellerlink_local.stack.provisioner import Provisioner

TODAY = date(2026, 3, 31)
NOW = datetime(2026, 3, 31, 7, tzinfo=UTC)
PROGRAM = "prg_bench"
DAYS, ASINS = 30, 3
RESULTS = Path(__file__).parent / "results" / "pull.json"
CENT = Decimal("0.01")
TARGETS = {
    "peak_mb_per_ledger_invocation_1m": 512,
    "requests_per_1000_rows_first_pull": 30,
    "entry_and_fact_writes_on_rerun": 0,
    "compute_vs_plain_loop": 1.5,
    "per_row_cost_1m_vs_10k": 1.2,
    "whole_pull_100k_seconds": 60,
}


def generated_rows(
    partners: int, days: int = DAYS, asins: int = ASINS, seed: int = 1
) -> list[AttributionRow]:
    """Per partner and day: an ADGROUP total and PRODUCTS rows that list most of it."""
    rng = random.Random(seed)
    rows: list[AttributionRow] = []
    for p in range(partners):
        group = ad_group_of(PROGRAM, partner_id(p))
        for d in range(days):
            day = TODAY - timedelta(days=d)
            listed = Decimal(0)
            for a in range(asins):
                sales = Decimal(rng.randint(100, 20_000)) / 100
                listed += sales
                kind = ConversionType.PROMOTED if a == 0 else ConversionType.BRAND_HALO
                rows.append(
                    AttributionRow(
                        Report.PRODUCTS,
                        day,
                        group,
                        None,
                        f"B0{a:08d}",
                        kind,
                        None,
                        3,
                        2,
                        1,
                        1,
                        sales,
                        None,
                        False,
                    )
                )
            total = listed + Decimal(rng.randint(0, 5_000)) / 100
            brb = (total / 10).quantize(CENT)
            rows.append(
                AttributionRow(
                    Report.ADGROUP,
                    day,
                    group,
                    None,
                    None,
                    None,
                    20,
                    5,
                    3,
                    asins + 1,
                    asins + 1,
                    total,
                    brb,
                    False,
                )
            )
    return rows


def partner_id(p: int) -> str:
    return f"ptr_{p:07d}"


def partner_map(partners: int) -> dict[str, str]:
    return {ad_group_of(PROGRAM, partner_id(p)): partner_id(p) for p in range(partners)}


def terms() -> TermsSchedule:
    version = TermsVersion(
        account_id="acct_bench",
        program_id=PROGRAM,
        version=1,
        effective_date=date(2025, 1, 1),
        default=Payout(type=PayoutType.PERCENT, value=Decimal(8)),
        created_at=NOW,
    )
    return TermsSchedule([version])


def ledger_run(pull_id: str = "pull-bench") -> compute.LedgerRun:
    dates = frozenset(TODAY - timedelta(days=d) for d in range(DAYS))
    return compute.LedgerRun(PROGRAM, "USD", pull_id, NOW, dates, terms(), {})


def plain_loop(rows: list[AttributionRow], partner_of: dict[str, str]) -> int:
    """The floor: the same result with plain tuples and lists, no class of ours. Per row, one dict
    sum of purchases, units and sales per key; per partner-day the unlisted remainder; per key
    one rate and one rounding; the changes in sort key order."""
    products: dict[tuple[object, ...], list[int | Decimal]] = {}
    totals: dict[tuple[object, ...], list[int | Decimal]] = {}
    for row in rows:
        partner = partner_of.get(row.ad_group_id)
        if partner is None or row.report is Report.CREATIVE:
            continue
        if row.report is Report.PRODUCTS:
            key: tuple[object, ...] = (row.event_date, partner, row.asin, row.conversion_type)
            sums = products.get(key)
        else:
            key = (partner, row.event_date)
            sums = totals.get(key)
        if sums is None:
            (products if row.report is Report.PRODUCTS else totals)[key] = [
                row.purchases,
                row.units,
                row.sales,
            ]
        else:
            sums[0] += row.purchases
            sums[1] += row.units
            sums[2] += row.sales
    listed: dict[tuple[object, ...], Decimal] = {}
    for (day, partner, *_), sums in products.items():
        listed[(partner, day)] = listed.get((partner, day), Decimal(0)) + Decimal(sums[2])
    for (partner, day), sums in totals.items():
        remainder = Decimal(sums[2]) - listed.get((partner, day), Decimal(0))
        if remainder > 0:
            products[(day, partner, None, ConversionType.UNALLOCATED)] = [0, 0, remainder]
    rate = Decimal("0.08")
    changes = [
        (
            f"{day}#{partner}#{asin or '-'}#{kind}",
            *sums,
            (Decimal(sums[2]) * rate).quantize(CENT, ROUND_HALF_EVEN),
        )
        for (day, partner, asin, kind), sums in products.items()
    ]
    changes.sort()
    return len(changes)


def timed(work: object, *args: object) -> float:
    started = time.perf_counter()
    work(*args)  # type: ignore[operator]
    return time.perf_counter() - started


def ledger_compute(rows: list[AttributionRow], partner_of: dict[str, str]) -> int:
    with cyclic_gc_paused():
        return len(compute.entries(ledger_run(), compute.measure(rows, partner_of), {}))


def sharded_compute(rows: list[AttributionRow], partner_of: dict[str, str]) -> int:
    """The computation as the pull runs it: shard by shard (each invocation its own rows)."""
    by_slot: dict[int, list[AttributionRow]] = {}
    for row in rows:
        by_slot.setdefault(slot_of(row.ad_group_id), []).append(row)
    shards = shards_for(len(rows))
    parts = [[row for slot in shard.slots for row in by_slot.get(slot, [])] for shard in shards]
    started = time.perf_counter()
    found = sum(ledger_compute(part, partner_of) for part in parts)
    return found if time.perf_counter() >= started else 0


def compute_figures(
    small: list[AttributionRow], big: list[AttributionRow], partner_of: dict[str, str]
) -> dict[str, float]:
    per_row: dict[int, float] = {}
    floor_per_row: dict[int, float] = {}
    ratios: dict[int, float] = {}
    for rows, work in ((small, ledger_compute), (big, sharded_compute)):
        gc.collect()
        ours = min(timed(work, rows, partner_of) for _ in range(3 if len(rows) <= 10_000 else 1))
        floor = min(timed(plain_loop, rows, partner_of) for _ in range(3 if len(rows) <= 10_000 else 1))
        per_row[len(rows)], ratios[len(rows)] = ours / len(rows), ours / floor
        floor_per_row[len(rows)] = floor / len(rows)
        print(
            f"compute, {len(rows):,} rows{' by shard' if work is sharded_compute else ''}: {ours:.2f} s "
            f"({len(rows) / ours:,.0f} rows/s) against the plain Decimal loop's {floor:.2f} s: "
            f"{ratios[len(rows)]:.2f}x (target <= 1.5x)"
        )
    flat = per_row[len(big)] / per_row[len(small)]
    print(
        f"compute per row, {len(big):,} rows / {len(small):,} rows: {flat:.2f} (target: within 20%, <= 1.2)"
    )
    floor_flat = floor_per_row[len(big)] / floor_per_row[len(small)]
    print(f"  (the plain loop's own per-row cost grew {floor_flat:.2f}x on this machine over the same sizes)")
    return {
        "compute_vs_plain_loop": round(max(ratios.values()), 2),
        "per_row_cost_1m_vs_10k": round(flat, 2),
        "plain_loop_per_row_1m_vs_10k": round(floor_flat, 2),
    }


SHARD_PROCESS = """
import gzip, json, resource, sys, time
from sellerlink.attribution.facts import changed_days, facts_of, read_days
from sellerlink.attribution.models import AttributionRow, Report, ReportJob
from sellerlink.ledger import compute
from sellerlink.ledger.dal import entry_item
from sellerlink.pulls.apply_ledger import cyclic_gc_paused
sys.path.insert(0, sys.argv[2])
import pull as bench
rows = [AttributionRow.from_staged(r) for r in json.loads(gzip.decompress(open(sys.argv[1], "rb").read()))]
partner_of = {r.ad_group_id: bench.partner_map_of(r.ad_group_id) for r in rows}
with cyclic_gc_paused():
    first = compute.entries(bench.ledger_run("pull-1"), compute.measure(rows, partner_of), {})
    held = compute.balances_of(first)  # a re-run holds the first pull's balances too
    again = compute.entries(bench.ledger_run("pull-2"), compute.measure(rows, partner_of), held)
items = sum(1 for entry in first if entry_item("acct_bench", entry))
start = bench.TODAY - bench.timedelta(days=bench.DAYS - 1)
jobs = [ReportJob(report=r, start=start, end=bench.TODAY) for r in Report]
days = changed_days(facts_of(rows, partner_of), {}, read_days(jobs))
# VmHWM, not ru_maxrss: Linux carries ru_maxrss across fork and exec (the parent's 1M rows)
status = open("/proc/self/status").read().split("VmHWM:")[1]
peak = int(status.split()[0]) / 1024 if status else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
found = {"rows": len(rows), "entries": len(first), "rerun_entries": len(again), "fact_items": len(days)}
print(json.dumps({**found, "peak_mb": peak}))
"""


def partner_map_of(ad_group_id: str) -> str:
    return "ptr_" + ad_group_id[-7:]


def shard_memory(rows: list[AttributionRow]) -> dict[str, float]:
    big_rows = len(rows)
    shards = shards_for(len(rows))
    by_slot = Counter(slot_of(row.ad_group_id) for row in rows)
    sizes = [sum(by_slot[s] for s in shard.slots) for shard in shards]
    largest = shards[sizes.index(max(sizes))]
    mine = [row.staged() for row in rows if slot_of(row.ad_group_id) in set(largest.slots)]
    with tempfile.NamedTemporaryFile(suffix=".json.gz", delete=False) as staged:
        staged.write(gzip.compress(json.dumps(mine, separators=(",", ":")).encode()))
    answer = subprocess.run(
        [sys.executable, "-c", SHARD_PROCESS, staged.name, str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        check=True,
    )
    os.unlink(staged.name)
    found = json.loads(answer.stdout.strip().splitlines()[-1])
    print(
        f"one shard at {big_rows:,} rows: {len(shards)} shards of {min(sizes):,} to {max(sizes):,} "
        f"staged rows; the largest ({found['rows']:,} rows, {found['entries']:,} entries, "
        f"{found['fact_items']:,} fact items) "
        f"peaks at {found['peak_mb']:.0f} MB resident (target <= 512 MB; the unsharded step held "
        f"about 4.7 KB a row: {big_rows * 4.7 / 1024:,.0f} MB)"
    )
    return {"peak_mb_per_ledger_invocation_1m": round(found["peak_mb"], 1), "shards_1m": len(shards)}


def store_requests(partners: int) -> dict[str, float]:
    os.environ.update(
        {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": REGION}
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    moto_patches.install()  # as the local stack does: moto's own costs grow with the table
    rows, partner_of = generated_rows(partners), partner_map(partners)
    figures: dict[str, float] = {}
    with mock_aws():
        translation = translate()
        client = lambda s: boto3.client(s, region_name=REGION)  # noqa: E731
        kinds = frozenset({"AWS::DynamoDB::Table", "AWS::S3::Bucket"})
        physical = (
            Provisioner(client, translation, translation.parameter_defaults(), only=kinds)
            .provision()
            .physical
        )
        resource = boto3.resource("dynamodb", region_name=REGION)
        calls: Counter[str] = Counter()
        resource.meta.client.meta.events.register(
            "before-call.dynamodb.*", lambda model, **_: calls.update([model.name])
        )
        table = Table(physical["Table"]["Ref"], resource)
        staging = S3Staging(boto3.client("s3", region_name=REGION), physical["PullResultsBucket"]["Ref"])
        for attempt, pull_id in (("first run", "pull-1"), ("unchanged re-run", "pull-2")):
            ref = PullRef(account_id="acct_bench", program_id=PROGRAM, pull_id=pull_id)
            staging.stage(ref, 0, rows)
            calls.clear()
            started = time.perf_counter()
            written = ledger_step(table, staging, ref, rows, partner_of)
            seconds = time.perf_counter() - started
            per_thousand = {name: round(count * 1000 / len(rows), 2) for name, count in sorted(calls.items())}
            total = round(sum(per_thousand.values()), 1)
            print(
                f"ledger step, {attempt}, {len(rows):,} rows: {written:,} entries and fact items written, "
                f"{seconds:.1f} s in moto; DynamoDB requests per 1,000 rows: {total} {per_thousand} "
                + (
                    "(target <= 30; floor at one entry a row, 100-item transactions, about 12)"
                    if pull_id == "pull-1"
                    else "(target: 0 writes)"
                )
            )
            figures[
                "requests_per_1000_rows_first_pull"
                if pull_id == "pull-1"
                else "entry_and_fact_writes_on_rerun"
            ] = total if pull_id == "pull-1" else written
    return figures


def ledger_step(
    table: Table, staging: S3Staging, ref: PullRef, rows: list[AttributionRow], partner_of: dict[str, str]
) -> int:
    """What `ApplyLedger`'s shards do with the table, without the pull and program bookkeeping."""
    ledger, facts = LedgerStore(table), FactStore(table)
    run = ledger_run(ref.pull_id)
    jobs = [ReportJob(report=r, start=TODAY - timedelta(days=DAYS - 1), end=TODAY) for r in Report]
    days = read_days(jobs)
    span = first_and_last(days)
    assert span is not None
    written = 0
    member_slots = {slot_of(group) for group in partner_of}  # as ApplyLedger.shard reads them
    for shard in shards_for(len(rows)):
        slots = sorted(set(shard.slots) & member_slots)
        mine = list(staging.rows(ref, slots))
        held = list(ledger.held(ref.account_id, PROGRAM, slots, min(run.dates), max(run.dates)))
        with cyclic_gc_paused():
            entries = compute.entries(run, compute.measure(mine, partner_of), compute.balances_of(held))
        written += ledger.append(ref.account_id, entries)
        stored = facts.stored(ref.account_id, PROGRAM, slots, *span)
        written += facts.put_days(
            ref.account_id, PROGRAM, changed_days(facts_of(mine, partner_of), stored, days)
        )
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--big-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--store-partners", type=int, default=134, help="partners for the in-process moto part"
    )
    parser.add_argument(
        "--stack-rows", type=int, default=100_000, help="report rows of the whole pull (0: skip)"
    )
    args = parser.parse_args()
    figures: dict[str, float] = {}
    per_day = DAYS * (ASINS + 1)
    small = generated_rows(10_000 // per_day)
    big, partner_of = generated_rows(args.big_rows // per_day), partner_map(args.big_rows // per_day)
    figures |= compute_figures(small, big, partner_of)
    save(figures)
    figures |= shard_memory(big)
    save(figures)
    del big, small
    figures |= store_requests(args.store_partners)
    save(figures)
    if args.stack_rows:
        whole = whole_pull_alone(args.stack_rows)
        figures["whole_pull_100k_seconds"] = whole["first_seconds"]
        figures["whole_pull_100k_rerun_seconds"] = whole.get("rerun_seconds", 0.0)
        figures["whole_pull_requests_per_1000_rows"] = whole["requests_per_1000_rows"]
    print("\nfigure                                   measured   target")
    for name, target in TARGETS.items():
        print(f"{name:40} {figures.get(name, float('nan')):>9}   {target}")
    save(figures)
    print(f"written to {RESULTS}")


def whole_pull_alone(rows: int) -> dict[str, float]:
    """The whole pull in a fresh interpreter: this process still holds the million-row parts'
    objects, which every cyclic collection of the emulator (in the same process) would walk."""
    script = Path(__file__).with_name("_whole_pull.py")
    command = [sys.executable, str(script), "--rows", str(rows), "--days", str(DAYS), "--asins", str(ASINS)]
    answer = subprocess.run([*command, "--json"], stdout=subprocess.PIPE, text=True, check=True)
    *printed, last = answer.stdout.strip().splitlines()
    print("\n".join(printed))
    return dict(json.loads(last))


def save(figures: dict[str, float]) -> None:
    """After each part, so that a run stopped in the whole pull keeps the figures it has."""
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
