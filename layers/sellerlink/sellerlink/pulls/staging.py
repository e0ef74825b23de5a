"""Staged report pages in S3, split by slot, so that each shard of the ledger step reads only its
partners' rows (`attribution.slots`).

`staged/<account>/<program>/<pull>/<nn>/<page:06d>.json.gz`: the rows of slot `nn` that one fetch
step read, starting at page `page` (gzip'd compact JSON, `AttributionRow.staged`). The page number
comes from the workflow's state, so a retried fetch step overwrites the same objects. The bucket's
lifecycle rule removes them after a few days.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sellerlink.attribution.models import AttributionRow
from sellerlink.attribution.slots import slot_of
from sellerlink.pulls.models import PullRef

PREFIX = "staged"


class S3Staging:
    """The staging adapter: PutObject from the fetch step, ListObjectsV2 and GetObject from the shards."""

    def __init__(self, s3: Any, bucket: str) -> None:
        self._s3, self._bucket = s3, bucket

    def stage(self, ref: PullRef, page: int, rows: Sequence[AttributionRow]) -> None:
        by_slot: dict[int, list[list[Any]]] = {}
        for row in rows:
            by_slot.setdefault(slot_of(row.ad_group_id), []).append(row.staged())
        for slot, staged in by_slot.items():
            body = gzip.compress(json.dumps(staged, separators=(",", ":")).encode(), 6)
            self._s3.put_object(Bucket=self._bucket, Key=f"{_prefix(ref, slot)}{page:06d}.json.gz", Body=body)

    def rows(self, ref: PullRef, slots: Iterable[int]) -> Iterator[AttributionRow]:
        """The staged rows of these slots, object by object (never the whole pull at once)."""
        for slot in slots:
            for key in self._keys(_prefix(ref, slot)):
                body = self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read()
                yield from (AttributionRow.from_staged(raw) for raw in json.loads(gzip.decompress(body)))

    def _keys(self, prefix: str) -> Iterator[str]:
        pages = self._s3.get_paginator("list_objects_v2").paginate(Bucket=self._bucket, Prefix=prefix)
        for page in pages:
            yield from (str(found["Key"]) for found in page.get("Contents", []))


def _prefix(ref: PullRef, slot: int) -> str:
    return f"{PREFIX}/{ref.account_id}/{ref.program_id}/{ref.pull_id}/{slot:02d}/"
