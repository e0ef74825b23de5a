"""The delivery log keeps a delivery for 30 days (DynamoDB's TTL removes it), the replay window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import boto3

from sellerlink.table import Table
from sellerlink.webhooks.dal import DELIVERY_KEPT, DeliveryStore
from sellerlink.webhooks.models import Delivery, EventType


def test_a_delivery_expires_thirty_days_after_it_was_created(table_name: str) -> None:
    created = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    delivery = Delivery(
        delivery_id="msg_1",
        endpoint_id="ep_1",
        owner="ACCOUNT#acct_1",
        event_id="evt_1",
        event_type=EventType.ACTION_CREATED,
        body="{}",
        created_at=created,
    )
    store = DeliveryStore(Table(table_name))
    assert store.create(delivery)
    item = (
        boto3.resource("dynamodb")
        .Table(table_name)
        .get_item(Key={"PK": "ACCOUNT#acct_1", "SK": "WHDELIVERY#ep_1#msg_1"})["Item"]
    )
    assert timedelta(days=30) == DELIVERY_KEPT
    assert int(item["expires_at"]) == int((created + timedelta(days=30)).timestamp())
    assert store.get("ACCOUNT#acct_1", "ep_1", "msg_1") == delivery
