"""Request bodies: JSON in UTF-8, not nested too deep; each hostile body a 400 or 415 that says why."""

from __future__ import annotations

import base64

import pytest

from sellerlink import bodies
from sellerlink.errors import BadRequest, UnsupportedMediaType

TOO_DEEP = "The body nests deeper than 32 levels of arrays and objects; flatten it."
NOT_UTF8 = "The body is not valid UTF-8; send JSON encoded in UTF-8."
UTF16 = "The body looks like UTF-16 (it holds NUL characters); send JSON encoded in UTF-8."


@pytest.mark.parametrize(
    "body",
    ["[" * 100_000, '{"a":' * 20_000 + "1" + "}" * 20_000, "[" * 33 + "]" * 33],
    ids=["100,000 [", "20,000 nested objects", "33 levels"],
)
def test_a_body_nested_too_deep_is_400(body: str) -> None:
    with pytest.raises(BadRequest) as refused:
        bodies.json_value(body, False, "application/json")
    assert (refused.value.status, refused.value.detail) == (400, TOO_DEEP)


def test_32_levels_are_fine() -> None:
    assert bodies._depth(bodies.parse("[" * 32 + "]" * 32)) == 32


@pytest.mark.parametrize(
    ("content_type", "shown"),
    [
        ("text/plain", "text/plain"),
        ("application/xml", "application/xml"),
        ("application/octet-stream", "application/octet-stream"),
        ("multipart/form-data; boundary=x", "multipart/form-data"),
        ("application/x-www-form-urlencoded", "application/x-www-form-urlencoded"),
        (None, "missing"),
    ],
)
def test_a_body_that_is_not_json_is_415(content_type: str | None, shown: str) -> None:
    with pytest.raises(UnsupportedMediaType) as refused:
        bodies.json_value("x", False, content_type)
    assert refused.value.status == 415
    assert refused.value.detail == (
        f"Send the body as JSON with Content-Type: application/json (this request's is {shown})."
    )


def test_json_in_another_charset_is_415() -> None:
    with pytest.raises(UnsupportedMediaType) as refused:
        bodies.json_value("{}", False, "application/json; charset=utf-16")
    assert refused.value.detail == "Send JSON in UTF-8 (charset=utf-16 is not accepted)."


def test_invalid_utf8_is_400_as_text_and_as_base64() -> None:
    for body, encoded in (('{"name": "\ufffd"}', False), (base64.b64encode(b'{"n": "\xff"}').decode(), True)):
        with pytest.raises(BadRequest) as refused:
            bodies.json_value(body, encoded, "application/json")
        assert (refused.value.status, refused.value.detail) == (400, NOT_UTF8)


def test_utf16_is_400() -> None:
    utf16 = '{"name": "x"}'.encode("utf-16")
    as_text = utf16.decode("utf-8", "replace")  # what API Gateway passes for application/json
    cases = [(as_text, False, UTF16), (base64.b64encode(utf16).decode(), True, NOT_UTF8)]
    for body, encoded, detail in cases:
        with pytest.raises(BadRequest) as refused:
            bodies.json_value(body, encoded, "application/json")
        assert refused.value.detail == detail
    with pytest.raises(BadRequest) as refused:
        bodies.parse('{"name": "x"}'.encode("utf-16-be"))
    assert refused.value.detail == UTF16


def test_a_body_that_is_not_json_at_all_is_400() -> None:
    with pytest.raises(BadRequest) as refused:
        bodies.json_value("{nope", False, "application/json")
    assert refused.value.detail == (
        "The body is not valid JSON (Expecting property name enclosed in double quotes at line 1 column 2)."
    )


def test_the_replacement_character_escaped_is_fine_and_no_body_is_none() -> None:
    assert bodies.json_value('{"name": "\\ufffd"}', False, "application/json; charset=utf-8") == {
        "name": "\ufffd"
    }
    assert bodies.json_value(None, False, None) is None
    assert bodies.json_value("", False, "text/plain") is None
