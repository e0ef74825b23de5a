"""Domain errors. Each carries the HTTP status and a sentence a person can act on.

Logic raises these; the HTTP layer turns them into RFC 9457 problem+json once, in one place.
"""

from __future__ import annotations

from typing import Any, ClassVar


class SellerlinkError(Exception):
    status: ClassVar[int] = 400
    title: ClassVar[str] = "Bad request"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions

    @property
    def type_slug(self) -> str:
        return self.title.lower().replace(" ", "-")


class BadRequest(SellerlinkError):
    """The request cannot be read at all (a body that is not JSON, not UTF-8, nested too deep)."""

    status = 400
    title = "Bad request"


class Unauthorized(SellerlinkError):
    status = 401
    title = "Unauthorized"


class Forbidden(SellerlinkError):
    status = 403
    title = "Forbidden"


class NotFound(SellerlinkError):
    status = 404
    title = "Not found"


class Conflict(SellerlinkError):
    status = 409
    title = "Conflict"


class Unprocessable(SellerlinkError):
    status = 422
    title = "Unprocessable request"


class UnsupportedMediaType(SellerlinkError):
    status = 415
    title = "Unsupported media type"
