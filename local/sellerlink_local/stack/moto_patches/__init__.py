"""Corrections of moto: DynamoDB at DynamoDB's costs (per item and key range, not per table or
attribute pair), with its transaction conflicts and its numbers, SQS fair queues, and the server's
own per-request costs.

Each correction is in its own module with its own tests (tests/local/test_moto_*.py):
``transactions`` (a backup per item, not a table copy; and a write that meets a running
transaction's item refused, as DynamoDB refuses it), ``queries`` (a sorted index per queried
partition, and an index's partitions by their key values), ``updates`` (a plain SET/ADD applied
without moto's expression parser), ``numbers`` (a number stored as DynamoDB stores it: `7.00` as
`7`, on every write path), ``conditions`` (a condition expression parsed once),
``attribute_values`` and ``responses`` (requests read and answers written without walking
botocore's shapes), ``items`` (an item sized once), ``sqs_fairness`` (a standard queue's tenants
served in turn, as SQS fair queues do), ``sqs_costs`` (no queue attributes built per message) and
``dispatch`` (a host's backend found once). The local stack installs them with :func:`install`;
nothing of them runs in AWS.
"""

from __future__ import annotations

from functools import cache

from . import (
    attribute_values,
    conditions,
    dispatch,
    items,
    numbers,
    queries,
    responses,
    sqs_costs,
    sqs_fairness,
    transactions,
    updates,
)


@cache  # once per process (each module's own install() is once per process too)
def install() -> None:
    numbers.install()
    transactions.install()
    updates.install()
    queries.install()  # after updates: it notes the index keys an update sets, whichever path ran
    responses.install()
    attribute_values.install()
    items.install()
    sqs_fairness.install()
    sqs_costs.install()
    conditions.install()
    dispatch.install()
