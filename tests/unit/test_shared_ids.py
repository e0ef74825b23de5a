"""An entry's SharedID for postbacks: known when the links that converted that day for its ASIN
agree on one; empty rather than guessed otherwise."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sellerlink.attribution.models import AttributionRow, Report
from sellerlink.links.models import TrackingLink
from sellerlink.pulls.shared_ids import converting_links, shared_ids

DAY = date(2026, 3, 1)


def row(link_id: str, purchases: int, report: Report = Report.CREATIVE) -> AttributionRow:
    return AttributionRow(
        report,
        DAY,
        "adg",
        link_id,
        None,
        None,
        12,
        3,
        1,
        purchases,
        purchases,
        Decimal(purchases * 10),
        None,
        False,
    )


def link(link_id: str, asin: str | None, shared_id: str | None) -> TrackingLink:
    return TrackingLink(
        link_id=link_id,
        account_id="a",
        program_id="p",
        partner_id="ptr",
        asin=asin,
        landing_page="https://www.amazon.com/dp/X",
        shared_id=shared_id,
        url="https://www.amazon.com/dp/X?maas=1",
        campaign_id="c",
        ad_group_id="adg",
        creative_id=link_id,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def test_one_converting_link_per_asin_names_the_shared_id_and_a_disagreement_names_none() -> None:
    rows = [row("l1", 1), row("l2", 2), row("l3", 1), row("l4", 0), row("l5", 3, Report.ADGROUP)]
    links = {
        "l1": link("l1", "B1", "ytvideo42"),
        "l2": link("l2", "B2", "blog7"),
        "l3": link("l3", "B2", None),
        "l4": link("l4", "B3", "unsold"),
    }
    assert converting_links(rows) == ["l1", "l2", "l3"]
    assert shared_ids(rows, {"adg": "ptr"}, links) == {("ptr", DAY, "B1"): "ytvideo42"}
