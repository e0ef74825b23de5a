"""How long the Amazon sandbox takes to serve 1,000,000 Attribution report rows in pages of 5,000.

It seeds one profile's event store with one click per (creative, day) row, then pages the
PERFORMANCE/CREATIVE report over HTTP by cursor, twice: a cold pass (which also builds each
day's sort index) and a warm pass under tracemalloc, whose peak shows what a request holds
beyond the event store: about one page.

    .venv/bin/python bench/sandbox_report.py [--rows 1000000] [--page 5000]
"""

from __future__ import annotations

import argparse
import json
import math
import time
import tracemalloc
from datetime import date, timedelta
from typing import Any

import requests

from sellerlink_local.sandbox.ads.event_store import CLICK, Fact
from sellerlink_local.sandbox.server import Sandbox
from sellerlink_local.sandbox.shoppers.last_click import DAY, day_of

CLIENT_ID = "amzn1.application-oa2-client.sellerlinksandbox"
CALLBACK = "http://localhost:3000/oauth/amazon-ads/callback"
DAYS = 365
TODAY = date(2026, 3, 1)


def connect(url: str) -> tuple[dict[str, str], int]:
    """Create a brand and connect it to Ads as Sellerlink would; the headers of its US profile."""
    http = requests.Session()
    http.put(f"{url}/_sandbox/clock", json={"now": f"{TODAY.isoformat()}T12:00:00Z"}).raise_for_status()
    brand = http.post(f"{url}/_sandbox/brands", json={"brand_name": "Bench", "catalog_size": 1}).json()
    consent = http.get(
        f"{url}/na/ap/oa",
        allow_redirects=False,
        params={
            "client_id": CLIENT_ID,
            "scope": "advertising::campaign_management",
            "response_type": "code",
            "redirect_uri": CALLBACK,
            "sandbox_user": brand["login"],
            "sandbox_decision": "approve",
        },
    )
    code = consent.headers["Location"].split("code=")[1].split("&")[0]
    tokens = http.post(
        f"{url}/na/auth/o2/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "client_id": CLIENT_ID,
            "client_secret": "sellerlink-sandbox-secret",
        },
    ).json()
    profile_id = brand["profiles"][0]["profileId"]
    headers = {
        "Amazon-Advertising-API-ClientId": CLIENT_ID,
        "Authorization": f"Bearer {tokens['access_token']}",
        "Amazon-Advertising-API-Scope": str(profile_id),
    }
    return headers, profile_id


def seed(sandbox: Sandbox, profile_id: int, rows: int) -> None:
    """One click per (creative, day): ``rows`` report rows over the last year."""
    creatives = math.ceil(rows / DAYS)
    store = sandbox.state.store
    facts = store.facts(profile_id)
    keys = [
        facts.key_id((f"c{i % 97}", f"g{i % 997}", "Sellerlink Affiliates", f"k{i}"))
        for i in range(creatives)
    ]
    first = TODAY - timedelta(days=DAYS + 2)
    made = 0
    with sandbox.state.lock:
        for offset in range(DAYS):
            at = _epoch(first + timedelta(days=offset))
            day = day_of(at)
            for key_id in keys:
                if made == rows:
                    return
                store.add(profile_id, day, Fact(at + DAY, key_id, CLICK))
                made += 1


def _epoch(day: date) -> int:
    return (day.toordinal() - date(1970, 1, 1).toordinal()) * DAY + 3600


def page_through(url: str, headers: dict[str, str], count: int, max_pages: int = 0) -> tuple[int, int, int]:
    """Rows, pages and the largest page body (bytes) of one pass over the report (or its first pages)."""
    body: dict[str, Any] = {
        "reportType": "PERFORMANCE",
        "groupBy": "CREATIVE",
        "count": count,
        "startDate": (TODAY - timedelta(days=DAYS + 5)).strftime("%Y%m%d"),
        "endDate": TODAY.strftime("%Y%m%d"),
        "cursorId": "",
    }
    rows = pages = largest = 0
    http = requests.Session()
    while True:
        response = http.post(f"{url}/na/attribution/report", headers=headers, data=json.dumps(body))
        response.raise_for_status()
        largest = max(largest, len(response.content))
        page = response.json()
        rows += len(page["reports"])
        pages += 1
        if not page.get("cursorId") or pages == max_pages:
            return rows, pages, largest
        body["cursorId"] = page["cursorId"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--page", type=int, default=5000)
    parser.add_argument("--traced-pages", type=int, default=20, help="pages paged again under tracemalloc")
    args = parser.parse_args()
    sandbox = Sandbox().start()
    try:
        headers, profile_id = connect(sandbox.url)
        started = time.perf_counter()
        seed(sandbox, profile_id, args.rows)
        print(f"seeded {args.rows:,} rows into the event store in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        rows, pages, largest = page_through(sandbox.url, headers, args.page)
        cold = time.perf_counter() - started
        print(
            f"cold pass: {rows:,} rows in {pages} pages of {args.page:,} in {cold:.1f} s "
            f"({rows / cold:,.0f} rows/s, includes building each day's sort index)"
        )
        tracemalloc.start()
        started = time.perf_counter()
        rows, pages, largest = page_through(sandbox.url, headers, args.page, args.traced_pages)
        warm = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"warm pass under tracemalloc: {rows:,} rows in {pages} pages in {warm:.1f} s")
        print(
            f"peak memory allocated while serving, beyond the event store: {peak / 1e6:.1f} MB "
            f"(server and client together; one page's JSON body is {largest / 1e6:.1f} MB)"
        )
    finally:
        sandbox.stop()


if __name__ == "__main__":
    main()
