"""A small client of the Sellerlink HTTP API, for the demo, the benchmarks and the e2e tests."""

from __future__ import annotations

from typing import Any

import requests


class ApiError(Exception):
    def __init__(self, response: requests.Response) -> None:
        self.response = response
        try:
            problem = response.json()
        except ValueError:
            problem = {"detail": response.text}
        self.problem: dict[str, Any] = problem
        super().__init__(f"{response.status_code}: {problem.get('detail') or problem.get('message')}")


class SellerlinkClient:
    def __init__(
        self, base_url: str, key: str | None = None, session: requests.Session | None = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.key = key
        self.session = session or requests.Session()

    def with_key(self, key: str) -> SellerlinkClient:
        return SellerlinkClient(self.base_url, key, self.session)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if self.key:
            headers.setdefault("Authorization", f"Bearer {self.key}")
        return self.session.request(method, self.base_url + path, headers=headers, timeout=60, **kwargs)

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """The JSON answer of a successful request; ApiError with the problem otherwise."""
        response = self.request(method, path, **kwargs)
        if response.status_code >= 400:
            raise ApiError(response)
        return response.json() if response.content else None

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.call("POST", path, json=json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.call("PATCH", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.call("DELETE", path, **kwargs)
