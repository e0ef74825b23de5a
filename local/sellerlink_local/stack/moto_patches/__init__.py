"""DynamoDB in moto at DynamoDB's costs: per item and key range, not per table or attribute pair.

Four corrections of moto, each in its own module with its own tests (tests/local/test_moto_*.py):
``transactions`` (a backup per item, not a table copy), ``queries`` (a sorted index per queried
partition), ``responses`` (answers written without walking botocore's shapes) and ``items``
(an item sized once). The local stack installs them with :func:`install`; nothing of them runs
in AWS.
"""

from __future__ import annotations

from functools import cache

from . import items, queries, responses, transactions


@cache  # once per process (each module's own install() is once per process too)
def install() -> None:
    transactions.install()
    queries.install()
    responses.install()
    items.install()
