"""The base of Sellerlink's domain models: pydantic builds a model's validator and serializer when
the model is first used, not when its module is imported (`defer_build`), so a function's cold
start builds only the models its requests use."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    model_config = ConfigDict(defer_build=True)
