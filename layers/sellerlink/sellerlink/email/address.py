"""E-mail addresses as the API accepts them: one address, no display name, at most 254 characters.

The check is deliberately plain (something@domain.tld, no spaces): whether an address receives
mail is only known by sending to it. Comparisons use `normalized` (lower case, trimmed).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

PATTERN = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
NOT_AN_ADDRESS = "is not an e-mail address such as dana@example.com"


def normalized(address: str) -> str:
    return address.strip().lower()


def checked(address: str) -> str:
    candidate = address.strip()
    if not PATTERN.match(candidate):
        raise ValueError(f"'{address}' {NOT_AN_ADDRESS}")
    return candidate


EmailAddress = Annotated[
    str,
    Field(max_length=254, examples=["dana@example.com"]),
    AfterValidator(checked),
]
