"""A browser for the dashboard handler in-process: it keeps cookies, repeats each page's CSRF token
in its forms, and reads pages as text (the real browser tests are tests/browser)."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlencode, urlsplit

from functions.dashboard import app as dashboard
from tests.lambda_context import FakeLambdaContext
from tests.unit.handler_events import event

HOST = "abc123.execute-api.us-east-1.amazonaws.com"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Answer:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.status = int(raw["statusCode"])
        self.text = html.unescape(str(raw.get("body") or ""))  # as a person reads it
        self.headers: dict[str, str] = raw.get("headers") or {}
        self.cookies: list[str] = raw.get("cookies") or []

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def csrf(self) -> str:
        found = CSRF.search(self.text)
        assert found, self.text[:500]
        return found.group(1)


class Browser:
    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.last: Answer | None = None

    def request(
        self, method: str, target: str, body: str = "", encoded: bool = False, **headers: str
    ) -> Answer:
        path, _, query = target.partition("?")
        raw = event("http_api_dashboard_page")
        raw["rawPath"], raw["rawQueryString"] = path, query
        raw["requestContext"]["http"].update(method=method, path=path)
        raw["queryStringParameters"] = dict(p.split("=", 1) for p in query.split("&") if "=" in p) or None
        raw["headers"].update({k.replace("_", "-").lower(): v for k, v in headers.items()})
        if self.cookies:
            raw["cookies"] = [f"{k}={v}" for k, v in self.cookies.items()]
        if body:
            raw["body"], raw["isBase64Encoded"] = body, encoded
            raw["headers"].setdefault("content-type", "application/x-www-form-urlencoded")
        answer = Answer(dashboard.lambda_handler(raw, FakeLambdaContext("dashboard")))
        self._keep(answer.cookies)
        self.last = answer
        return answer

    def _keep(self, cookies: list[str]) -> None:
        for cookie in cookies:
            pair = cookie.split(";")[0]
            name, _, value = pair.partition("=")
            if "Max-Age=0" in cookie or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, target: str, **headers: str) -> Answer:
        return self.request("GET", target, **headers)

    def post(
        self, target: str, fields: dict[str, Any] | None = None, csrf: bool = True, **headers: str
    ) -> Answer:
        data = dict(fields or {})
        if csrf and "csrf" not in data:
            assert self.last is not None, "open a page before sending its form"
            data["csrf"] = self.last.csrf()
        return self.request("POST", target, urlencode(data, doseq=True), **headers)

    def follow(self, answer: Answer) -> Answer:
        assert answer.status == 303, answer.text[:300]
        return self.get(
            urlsplit(answer.location).path
            + (f"?{urlsplit(answer.location).query}" if urlsplit(answer.location).query else "")
        )

    def sign_in(self, key: str) -> Answer:
        self.get("/sign-in")
        return self.follow(self.post("/sign-in/key", {"key": key, "next": "/"}))
