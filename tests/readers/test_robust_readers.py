"""Readers never lose text silently: deep or unclosed HTML, BOM-less UTF-16 holding 一."""

from __future__ import annotations

import pytest

from gik_nlp.readers import read_bytes


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_robust_bomless_utf16_with_cjk_nul_bytes_is_text(encoding) -> None:
    # 一 is U+4E00: in UTF-16 one of its bytes is NUL, like an ASCII character's
    text = "一、主动公开政府信息情况\n本年共主动公开政府信息1000条。\n"
    doc = read_bytes(text.encode(encoding), "a.txt")
    assert doc.text == text
    assert doc.metadata["encoding"] == encoding


def test_robust_html_nested_past_libxml2s_limit_keeps_its_text() -> None:
    page = "<html><body>" + "<div>" * 300 + "<p>主动公开政府信息1000条</p>" + "</div>" * 300 + "<p>尾部</p></body></html>"
    doc = read_bytes(page.encode("utf-8"), "a.html")
    assert doc.text.split("\n") == ["主动公开政府信息1000条", "尾部"]
    assert "warnings" not in doc.metadata


@pytest.mark.parametrize("page", [
    "<html><body>" + "<div>" * 3000 + "<p>主动公开政府信息1000条</p><p>尾部</p></body></html>",
    "<html><body>" + "<font>" * 2500 + "<p>主动公开政府信息1000条</p><p>尾部</p></body></html>",
])
def test_robust_html_too_deep_is_read_as_plain_text_with_a_warning(page) -> None:
    doc = read_bytes(page.encode("utf-8"), "a.html")
    assert doc.text.split("\n") == ["主动公开政府信息1000条", "尾部"]
    assert len(doc.metadata["warnings"]) == 1 and "plain text" in doc.metadata["warnings"][0]
