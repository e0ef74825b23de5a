"""Small HTTP helpers shared by the sandbox's route modules."""

from __future__ import annotations

import json
import uuid
from typing import Any

from werkzeug.wrappers import Request, Response


class SandboxError(Exception):
    """An error answered with a ready response (status, body and headers)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers, mimetype="application/json")


def read_json(request: Request) -> Any:
    """The request body as JSON, or a 400 control-API error."""
    try:
        return json.loads(request.get_data(as_text=True) or "null")
    except ValueError as error:
        raise SandboxError(control_error(400, f"body is not JSON: {error}")) from error


def json_object(request: Request) -> dict[str, Any]:
    body = read_json(request)
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise SandboxError(control_error(400, "body must be a JSON object"))
    return body


def control_error(status: int, message: str) -> Response:
    return json_response({"error": message}, status)


def maas_error(status: int, details: str, headers: dict[str, str] | None = None) -> Response:
    """An Ads / Attribution error body (MaaSError: code and details)."""
    return json_response({"code": str(status), "details": details}, status, headers)


def spapi_error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """An SP-API error body (ErrorList) with a request id."""
    all_headers = {"x-amzn-RequestId": request_id()}
    all_headers.update(headers or {})
    body = {"errors": [{"code": code, "message": message, "details": ""}]}
    return json_response(body, status, all_headers)


def lwa_error(status: int, error: str, description: str) -> Response:
    return json_response({"error": error, "error_description": description}, status)


def request_id() -> str:
    return str(uuid.uuid4())
