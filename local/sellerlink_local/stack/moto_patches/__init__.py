"""Corrections of moto: DynamoDB at DynamoDB's costs (per item and key range, not per table or
attribute pair) and with its transaction conflicts, and SQS fair queues.

Six corrections, each in its own module with its own tests (tests/local/test_moto_*.py):
``transactions`` (a backup per item, not a table copy; and a write that meets a running
transaction's item refused, as DynamoDB refuses it), ``queries`` (a sorted index per queried
partition, and an index's partitions by their key values), ``updates`` (a plain SET/ADD applied
without moto's expression parser), ``responses`` (answers written without walking botocore's
shapes), ``items`` (an item sized once) and ``sqs_fairness`` (a standard queue's tenants served
in turn, as SQS fair queues do). The local stack installs them with :func:`install`; nothing of
them runs in AWS.
"""

from __future__ import annotations

from functools import cache

from . import items, queries, responses, sqs_fairness, transactions, updates


@cache  # once per process (each module's own install() is once per process too)
def install() -> None:
    transactions.install()
    updates.install()
    queries.install()  # after updates: it notes the index keys an update sets, whichever path ran
    responses.install()
    items.install()
    sqs_fairness.install()
