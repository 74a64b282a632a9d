"""Plain-text reading: encoding detection, strict decoding, pass-through of report noise."""

from __future__ import annotations

import codecs
import pickle

import pytest

from gik_nlp.readers.text import ReadError, decode, read_txt

REPORT = "沭阳县发展和改革局2023年政府信息公开年度报告\n统计时限为2023年1月1日至12月31日，共受理申请26件。\n"
TRADITIONAL = "沭陽縣發展和改革局政府信息公開年度報告，統計時限為2023年1月1日至12月31日。本機關共收到申請26件。"


@pytest.mark.parametrize("data,encoding,text", [
    (REPORT.encode("utf-8"), "utf-8", REPORT),
    (codecs.BOM_UTF8 + REPORT.encode("utf-8"), "utf-8-sig", REPORT),
    (codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"), "utf-16-le", REPORT),
    (codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), "utf-16-be", REPORT),
    (codecs.BOM_UTF32_LE + REPORT.encode("utf-32-le"), "utf-32-le", REPORT),
    (REPORT.encode("gbk"), "gb18030", REPORT),
    ((REPORT + "㐀").encode("gb18030"), "gb18030", REPORT + "㐀"),  # a four-byte GB18030 character
    (TRADITIONAL.encode("big5"), "cp950", TRADITIONAL),
    ("Annual report 2023\r\nTotal 26\r\n".encode("utf-16-le"), "utf-16-le", "Annual report 2023\r\nTotal 26\r\n"),
], ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "gbk", "gb18030", "big5",
        "utf16le-no-bom"])
def test_text_decode_detects_encoding(data: bytes, encoding: str, text: str) -> None:
    assert read_txt(data, "r.txt") == (text, {"encoding": encoding})


@pytest.mark.parametrize("data,kind", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (bytes(range(1, 32)) * 20, "binary"),
    (bytes(range(0x80, 0x100)) * 4, "encoding"),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfd abc", "encoding"),
], ids=["nul-bytes", "control-bytes", "undecodable", "bad-after-bom"])
def test_text_decode_rejects_junk(data: bytes, kind: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_txt(data, "junk.txt")
    assert caught.value.kind == kind
    assert str(caught.value).startswith("junk.txt: ")


@pytest.mark.parametrize("data,declared,expected", [
    (REPORT.encode("gbk"), "gb2312", "gb18030"),
    (REPORT.encode("gbk"), "utf-8", "gb18030"),  # a wrong declaration is ignored, not forced
    (REPORT.encode("gbk"), "no-such-codec", "gb18030"),
    (TRADITIONAL.encode("big5"), "big5", "cp950"),
], ids=["gb2312", "wrong", "unknown", "big5"])
def test_text_decode_tries_declared_charset(data: bytes, declared: str, expected: str) -> None:
    text, encoding = decode(data, "p.html", declared=declared)
    assert encoding == expected
    assert text in (REPORT, TRADITIONAL)


@pytest.mark.parametrize("text", [
    # formats.md noise and table renderings must pass through a .txt untouched
    "RSS订阅 | 繁体 | 简体\n【字体:大 中 小】\n发布时间:2024-01-17\n本文地址:http://x.gov.cn/a.html\n",
    "\t1.专职人员数（不包括政府公报及政府网站\n\n工作人员数）\n\t人\n\t3\n",
    "规章 | 0 | 0 | 0 |\n第二十条第(一)项 | |||\n总计 | ||||||||||||||\n",
    "主動(dòng)公開(kāi)信息數(shù)N條\n[bookmark: _GoBack]\n[image: image3.jpg]\n",
    "X政办秘〔201887号　华政办2018〕2号　二〇一〇年一月十九日 123.45万元 +1036 — / 不适用\r\n",
], ids=["navigation", "cell-per-line", "pipes", "glosses-and-junk", "broken-numbers"])
def test_text_read_passes_noise_through(text: str) -> None:
    assert read_txt(text.encode("utf-8"), "n.txt")[0] == text


@pytest.mark.parametrize("kind", ["empty", "corrupt"])
def test_text_read_error_pickles_and_names_file(kind: str) -> None:
    err = ReadError("scan.pdf", kind, "a reason")
    again = pickle.loads(pickle.dumps(err))
    assert (again.path, again.kind, again.reason, str(again)) == ("scan.pdf", kind, "a reason", "scan.pdf: a reason")


@pytest.mark.parametrize("kind", ["bogus"])
def test_text_read_error_rejects_unknown_kind(kind: str) -> None:
    with pytest.raises(ValueError):
        ReadError("a.txt", kind, "x")
