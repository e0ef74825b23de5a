"""The exports bucket (S3): run files are put there and downloaded through pre-signed URLs signed
with the function's own credentials. Objects expire with the bucket's lifecycle (30 days)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sellerlink.clock import Clock

URL_SECONDS = 15 * 60


class S3RunFiles:
    def __init__(self, s3: Any, bucket: str, clock: Clock) -> None:
        self._s3, self._bucket, self._clock = s3, bucket, clock

    def put(self, key: str, text: str) -> None:
        """s3:PutObject (the bucket encrypts it)."""
        self._s3.put_object(
            Bucket=self._bucket, Key=key, Body=text.encode(), ContentType="text/csv; charset=utf-8"
        )

    def url(self, key: str) -> tuple[str, datetime]:
        """A GET URL pre-signed for 15 minutes (s3:GetObject is checked when it is used)."""
        url = self._s3.generate_presigned_url(
            "get_object", Params={"Bucket": self._bucket, "Key": key}, ExpiresIn=URL_SECONDS
        )
        return str(url), self._clock.now() + timedelta(seconds=URL_SECONDS)
