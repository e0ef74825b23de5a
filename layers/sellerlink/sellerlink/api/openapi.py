"""The OpenAPI document, generated from the routers. `python -m sellerlink.api.openapi` prints it."""

from __future__ import annotations

import json
import sys

from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from sellerlink.api.contract import complete_document, complete_routes
from sellerlink.api.problems import Problem
from sellerlink.api.public_routes import PUBLIC_ROUTES
from sellerlink.api.resolver import build_resolver
from sellerlink.api.routes import documented_routers

TITLE = "Sellerlink API"
VERSION = "1.0.0"


def document() -> dict:
    app = build_resolver(*documented_routers())
    complete_routes(app._static_routes + app._dynamic_routes)  # Powertools keeps its routes there
    schema = json.loads(
        app.get_openapi_json_schema(
            title=TITLE,
            version=VERSION,
            description=(
                "Run an Amazon affiliate program for your brand. Sellerlink's errors are RFC 9457 "
                "problem+json; API Gateway's own answers (404 for no route, 413, 414, 500) are "
                '{"message": ...}.'
            ),
            security_schemes={"apiKey": HTTPBearer(description="Authorization: Bearer <API key>")},
            security=[{"apiKey": []}],
        )
    )
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = Problem.model_json_schema()
    for path, method in PUBLIC_ROUTES:
        schema["paths"][path][method]["security"] = []
    complete_document(schema)
    return schema


def render() -> str:
    return json.dumps(document(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
