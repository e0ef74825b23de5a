"""Deterministic identifiers shaped like Amazon's (profile ids, seller ids, ASINs...)."""

from __future__ import annotations

import hashlib
import re

_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def digest(*parts: object) -> int:
    text = "|".join(str(part) for part in parts)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:12], "big")


def alnum(length: int, *parts: object) -> str:
    number = digest(*parts)
    chars = []
    for _ in range(length):
        number, index = divmod(number, len(_ALNUM))
        chars.append(_ALNUM[index])
    return "".join(chars)


def profile_id(*parts: object) -> int:
    """A 16-digit profile id such as 3297479372907439."""
    return 1_000_000_000_000_000 + digest("profile", *parts) % 8_999_999_999_999_999


def advertiser_id(*parts: object) -> str:
    """A numeric advertiser id such as 123456789012."""
    return str(100_000_000_000 + digest("advertiser", *parts) % 899_999_999_999)


def seller_id(*parts: object) -> str:
    """A merchant id such as A3PQ7VXW2Y1ZAB."""
    return "A" + alnum(13, "seller", *parts)


def vendor_entity_id(*parts: object) -> str:
    """A vendor entity id such as ENTITY2ABCDEFGHIJKL."""
    return "ENTITY" + alnum(13, "vendor", *parts)


def asin(*parts: object) -> str:
    """A ten-character ASIN starting with B0."""
    return "B0" + alnum(8, "asin", *parts)


def ean(*parts: object) -> str:
    return str(4_000_000_000_000 + digest("ean", *parts) % 999_999_999_999)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "brand"
