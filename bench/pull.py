"""The attribution pull, measured on generated programs. Prints figures, asserts nothing.

- rows per second of the compute step alone (`ledger.compute`: pure, no I/O);
- DynamoDB requests per 1,000 report rows (reads and writes) of the ledger step's data access
  (balances, entries, facts), on the template's table in moto in-process, and the same step
  again on unchanged data, which must write nothing;
- the wall time of a whole pull of 100,000 report rows through the local stack (the API, the
  shipped workflow on moto's Step Functions, the sandbox's Attribution reports), and of the
  same pull again on unchanged data, with what each wrote (`bench/_whole_pull.py`).

Run: `.venv/bin/python bench/pull.py [--partners 1000] [--days 30] [--asins 3] [--store-partners 134]
[--stack-rows 100000]` (`--stack-rows 0` skips the whole pull, which takes about five minutes).
Both moto parts run with the local stack's DynamoDB speedups (`stack/moto_patches/`).
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import _whole_pull as whole_pull
import boto3
from moto import mock_aws

from sellerlink.attribution.dal import FactStore
from sellerlink.attribution.facts import changed, facts_of, first_and_last, read_days
from sellerlink.attribution.models import AttributionRow, ConversionType, Report, ReportJob
from sellerlink.ledger import compute
from sellerlink.ledger.dal import LedgerStore
from sellerlink.table import Table
from sellerlink.terms.commission import TermsSchedule
from sellerlink.terms.models import Payout, PayoutType, TermsVersion
from sellerlink_local.stack import moto_patches
from sellerlink_local.stack.cloudformation import REGION, translate
from sellerlink_local.stack.provisioner import Provisioner

TODAY = date(2026, 3, 31)
NOW = datetime(2026, 3, 31, 7, tzinfo=UTC)


def generated_rows(partners: int, days: int, asins: int, seed: int = 1) -> list[AttributionRow]:
    """Per partner and day: an ADGROUP total and PRODUCTS rows that list most of it."""
    rng = random.Random(seed)
    rows: list[AttributionRow] = []
    for p in range(partners):
        group = f"sladg-{p:06d}"
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
                    (total / 10).quantize(Decimal("0.01")),
                    False,
                )
            )
    return rows


def terms() -> TermsSchedule:
    version = TermsVersion(
        account_id="acct_bench",
        program_id="prg_bench",
        version=1,
        effective_date=date(2025, 1, 1),
        default=Payout(type=PayoutType.PERCENT, value=Decimal(8)),
        created_at=NOW,
    )
    return TermsSchedule([version])


def ledger_run(days: int) -> compute.LedgerRun:
    dates = frozenset(TODAY - timedelta(days=d) for d in range(days))
    return compute.LedgerRun("prg_bench", "USD", f"pull-{time.time_ns()}", NOW, dates, terms(), {})


def compute_rate(rows: list[AttributionRow], partner_of: dict[str, str], days: int) -> None:
    started = time.perf_counter()
    measured = compute.measure(rows, partner_of)
    entries = compute.entries(ledger_run(days), measured, {})
    seconds = time.perf_counter() - started
    print(
        f"compute step: {len(rows):,} rows -> {len(entries):,} entries in {seconds:.2f} s "
        f"= {len(rows) / seconds:,.0f} rows/s"
    )


def store_requests(rows: list[AttributionRow], partner_of: dict[str, str], days: int) -> None:
    os.environ.update(
        {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": REGION}
    )
    os.environ.pop("AWS_ENDPOINT_URL", None)
    moto_patches.install()  # as the local stack does: moto's own costs grow with the table
    with mock_aws():
        translation = translate()
        client = lambda s: boto3.client(s, region_name=REGION)  # noqa: E731
        tables = frozenset({"AWS::DynamoDB::Table"})
        physical = (
            Provisioner(client, translation, translation.parameter_defaults(), only=tables)
            .provision()
            .physical
        )
        resource = boto3.resource("dynamodb", region_name=REGION)
        calls: Counter[str] = Counter()
        resource.meta.client.meta.events.register(
            "before-call.dynamodb.*", lambda model, **_: calls.update([model.name])
        )
        table = Table(physical["Table"]["Ref"], resource)
        jobs = [ReportJob(report=r, start=TODAY - timedelta(days=days - 1), end=TODAY) for r in Report]
        for attempt in ("first run", "unchanged re-run"):
            calls.clear()
            started = time.perf_counter()
            written = ledger_step(table, rows, partner_of, jobs, days)
            seconds = time.perf_counter() - started
            per_thousand = {name: round(count * 1000 / len(rows), 2) for name, count in sorted(calls.items())}
            print(
                f"ledger step, {attempt}: {written:,} entries and facts written, {seconds:.1f} s in moto; "
                f"DynamoDB requests per 1,000 rows: {per_thousand}"
            )


def ledger_step(
    table: Table, rows: list[AttributionRow], partner_of: dict[str, str], jobs: list[ReportJob], days: int
) -> int:
    """What `PullSteps.apply_ledger` does with the table, without the pull bookkeeping."""
    ledger, facts = LedgerStore(table), FactStore(table)
    run = ledger_run(days)
    held = compute.balances_of(ledger.between("acct_bench", "prg_bench", min(run.dates), max(run.dates)))
    entries = compute.entries(run, compute.measure(rows, partner_of), held)
    ledger.append("acct_bench", entries)
    read = read_days(jobs)
    span = first_and_last(read)
    assert span is not None
    stored = facts.between("acct_bench", "prg_bench", *span)
    return len(entries) + facts.put(
        "acct_bench", "prg_bench", changed(facts_of(rows, partner_of), stored, read)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=1000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--asins", type=int, default=3)
    parser.add_argument(
        "--store-partners", type=int, default=134, help="partners for the in-process moto part"
    )
    parser.add_argument(
        "--stack-rows", type=int, default=100_000, help="report rows of the whole pull (0: skip)"
    )
    args = parser.parse_args()
    rows = generated_rows(args.partners, args.days, args.asins)
    partner_of = {f"sladg-{p:06d}": f"ptr_{p:06d}" for p in range(args.partners)}
    compute_rate(rows, partner_of, args.days)
    small = generated_rows(args.store_partners, args.days, args.asins)
    store_requests(small, partner_of, args.days)
    if args.stack_rows:
        whole_pull.measure(args.stack_rows, args.days, args.asins)


if __name__ == "__main__":
    main()
