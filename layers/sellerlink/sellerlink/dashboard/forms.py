"""Form fields into the API's request models; what pydantic refuses, as one sentence per field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sellerlink.errors import Unprocessable

Model = TypeVar("Model", bound=BaseModel)
LABELS = {
    "default": "Default payout",
    "payout_groups": "Payout group",
    "promotions": "Promotion",
    "effective_date": "Effective date",
    "lock_period_days": "Lock period",
    "brand_name": "Brand name",
    "event_types": "Events",
    "url": "URL",
    "value": "value",
    "type": "type",
    "start": "start",
    "end": "end",
    "asins": "ASINs",
    "name": "name",
}


def sentence(error: ValidationError) -> str:
    """'Default payout value: Field required; Effective date: Input should be a valid date.'"""
    parts = []
    for problem in error.errors():
        where = " ".join(
            LABELS.get(str(p), str(p + 1) if isinstance(p, int) else str(p)) for p in problem.get("loc", ())
        )
        parts.append(f"{where}: {problem.get('msg', 'not valid')}" if where else str(problem.get("msg")))
    return "Check these fields: " + "; ".join(parts) + "."


def parse(model: type[Model], data: dict[str, Any]) -> Model:
    """The request model, or Unprocessable with the sentence that says what to fix."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise Unprocessable(sentence(error)) from None


def words(text: str) -> list[str]:
    """ASINs or ids typed with commas, spaces or new lines between them."""
    return [word for word in text.replace(",", " ").split() if word]


def optional(value: str) -> str | None:
    return value or None


Action = Callable[[], Any]
