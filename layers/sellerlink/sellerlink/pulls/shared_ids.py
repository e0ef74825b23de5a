"""Which SharedID a ledger entry's sales came through, for postbacks' `{shared_id}`.

Amazon reports money per partner, day and ASIN (PRODUCTS) and per link and day (CREATIVE), never
per link and ASIN. An entry's SharedID is known when, on its day, the partner's links that
converted and land on its ASIN all carry the same SharedID; otherwise it stays empty rather than
guessed (two SharedIDs, or a link without one, converted that day for that ASIN).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from sellerlink.attribution.models import AttributionRow, Report
from sellerlink.links.models import TrackingLink

EntrySpot = tuple[str, date, str]  # partner, event date, ASIN


def converting_links(rows: Iterable[AttributionRow]) -> list[str]:
    """The links (creative ids) with purchases on some day of the rows."""
    return sorted(
        {
            row.creative_id
            for row in rows
            if row.report is Report.CREATIVE and row.creative_id and row.purchases > 0
        }
    )


def shared_ids(
    rows: Iterable[AttributionRow], partner_of: Mapping[str, str], links: Mapping[str, TrackingLink]
) -> dict[EntrySpot, str]:
    found: dict[EntrySpot, set[str | None]] = {}
    for row in rows:
        if row.report is not Report.CREATIVE or not row.creative_id or row.purchases <= 0:
            continue
        partner, link = partner_of.get(row.ad_group_id), links.get(row.creative_id)
        if partner is None or link is None or link.asin is None:
            continue
        found.setdefault((partner, row.event_date, link.asin), set()).add(link.shared_id)
    return {spot: ids.pop() for spot, ids in found.items() if len(ids) == 1 and None not in ids}  # type: ignore[misc]
