"""HTML reading: page furniture dropped, inline markup joined, tables as tab-separated rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from gik_nlp.readers.html import collapse_whitespace, declared_charset, html_to_text, read_html
from gik_nlp.readers.text import ReadError

# A hand-made page in the shape of a county site: header, navigation, breadcrumb,
# Word-pasted report body with split numbers and a 表三-like table, sidebar, footer.
NAV_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某某县2023年政府信息公开工作年度报告_某某县人民政府</title>
<style>.x{color:red}</style><script>var a = "脚本内容";</script></head>
<body>
<div class="header-t"><span>2025年12月30日 星期二</span><a href="#">繁體版</a><a href="#">无障碍</a></div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/a">走进某某</a></li><li><a href="/b">政务公开</a></li></ul></nav>
<div class="mainNav"><ul><li><a>首页</a></li><li><a>办事服务</a></li><li><a>政民互动</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/g">政府信息公开</a></div>
<div class="links"><a href="/1">RSS订阅</a> | <a href="/2">繁体</a> | <a href="/3">简体</a></div>
<noscript>请启用脚本</noscript>
<div class="article">
<h1>某某县2023年政府信息公开工作年度报告</h1>
<p>文号：某政办〔2024〕3号</p>
<p style="text-indent:2em"><span>本年度报告所列数据的统计时限为</span><span>20</span><span>23</span><span>年</span>1<font>月</font><font>1</font>日至<font>20</font>23年12月31日。</p>
<p>&nbsp;</p><p>&nbsp;</p><p>&nbsp;</p>
<p>一、总体情况</p>
<table border="1"><tbody>
<tr><td colspan="3" rowspan="2"><p>（本列数据的勾稽关系为：第一项加第二项之和，</p><p>等于第三项加第四项之和）</p></td><td colspan="3">申请人情况</td></tr>
<tr><td><p>自然</p><p>人</p></td><td>法人或其他组织</td><td>总<span>计</span></td></tr>
<tr><td colspan="3"><span>一、本年新收</span><span>政府信息公开申请数量</span></td><td><span>2</span><span>6</span></td><td><o:p>&nbsp;</o:p></td><td>26</td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td></td><td></td><td>0</td></tr>
</tbody></table>
<p>六、其他需要报告的事项</p>
<p>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;某某县人民政府办公室</p>
<p>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;2024年1月17日<br></p>
</div>
<aside class="sidebar"><h4>相关信息</h4><ul><li><a>某某县2022年年度报告</a></li></ul></aside>
<div id="footer"><p>主办：某某县人民政府办公室 网站标识码：1234567890 <a>网站地图</a></p></div>
<script>document.write("更多脚本");</script>
</body></html>"""

NAV_PAGE_TEXT = (
    "某某县2023年政府信息公开工作年度报告\n"
    "文号：某政办〔2024〕3号\n"
    "本年度报告所列数据的统计时限为2023年1月1日至2023年12月31日。\n"
    "\n"
    "一、总体情况\n"
    "（本列数据的勾稽关系为：第一项加第二项之和， 等于第三项加第四项之和）\t申请人情况\n"
    "自然 人\t法人或其他组织\t总计\n"
    "一、本年新收政府信息公开申请数量\t26\t\t26\n"
    "二、上年结转政府信息公开申请数量\t\t\t0\n"
    "六、其他需要报告的事项\n"
    "某某县人民政府办公室\n"
    "2024年1月17日"
)


def test_html_read_drops_furniture_keeps_report() -> None:
    text, metadata = read_html(NAV_PAGE.encode("gb18030"), "page.html")
    assert text == NAV_PAGE_TEXT
    tables = metadata.pop("tables")
    assert metadata == {"encoding": "gb18030", "title": "某某县2023年政府信息公开工作年度报告_某某县人民政府"}
    note = "（本列数据的勾稽关系为：第一项加第二项之和， 等于第三项加第四项之和）"
    new, carried = "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"
    assert [[cell.text for cell in row] for row in tables[0].rows] == [
        [note, note, note, "申请人情况", "申请人情况", "申请人情况"],
        [note, note, note, "自然 人", "法人或其他组织", "总计"],
        [new, new, new, "26", "", "26"],
        [carried, carried, carried, "", "", "0"]]


@pytest.mark.parametrize("markup,expected", [
    ("<p>20</span><span>23年</p>", "2023年"),
    ("<p><b>1</b><i>2</i><u>3</u><a>4</a><st1:chsdate>5</st1:chsdate><o:p>6</o:p></p>", "123456"),
    ("<p>甲</p><p>乙</p><div><div><p>丙</p></div></div>", "甲\n乙\n丙"),
    ("<p>甲<br>乙</p><p>丙<br><br>丁</p>", "甲\n乙\n丙\n\n丁"),
    ("<p>甲</p><p>&nbsp;</p><p>\u3000</p><br><br><p>乙</p>", "甲\n\n乙"),
    ("<p>年度\n  报告</p><p>total\n  26</p>", "年度报告\ntotal 26"),
    ("<ul><li>一</li><li>二</li></ul><h2>三</h2>", "一\n二\n三"),
    ("<pre>a  b\n  c</pre>", "a\xa0\xa0b\nc"),
    ("<p>见附件：<a>1.指南</a>、<a>2.目录</a>、<a>3.报告</a></p>", "见附件：1.指南、2.目录、3.报告"),
    ("<p class=MsoListParagraph><![if !supportLists]><span>一、</span><![endif]><span>总体情况</span></p>"
     "<!--[if gte mso 9]><xml><o:Author>x</o:Author></xml><![endif]-->", "一、总体情况"),
], ids=["split-number", "inline-tags", "blocks", "br", "blank-lines", "segment-breaks", "lists", "pre",
        "links-in-prose", "word-list-number"])
def test_html_to_text_renders_blocks_and_inlines(markup: str, expected: str) -> None:
    assert html_to_text(markup)[0] == expected


@pytest.mark.parametrize("markup,expected", [
    ("<table><tr><td>规章</td><td>0</td><td></td><td>0</td></tr></table>", "规章\t0\t\t0"),
    ("<table><tr><th>a</th><td>b<br>c</td></tr><tr><td></td><td></td></tr></table>", "a\tb c"),
    ("<table><caption>表二</caption><thead><tr><td>x</td><td>y</td></tr></thead>"
     "<tbody><tr><td>1</td><td>2</td></tr></tbody><tfoot><tr><td>3</td><td>4</td></tr></tfoot></table>",
     "表二\nx\ty\n1\t2\n3\t4"),
    ("<p>前</p><table><tr><td>1</td><td></td></tr></table><p>后</p>", "前\n1\t\n后"),
    ("<table>游离文字<tr><td>a</td><td>b</td></tr><tr><p>行内段落</p></tr></table>", "游离文字\na\tb\n行内段落"),
], ids=["empty-cell", "cell-breaks", "sections", "between-paragraphs", "stray-content"])
def test_html_to_text_table_rows_are_tab_lines(markup: str, expected: str) -> None:
    assert html_to_text(markup)[0] == expected


@pytest.mark.parametrize("markup,expected", [
    # a layout table: the report inside one cell is read as blocks, its data table as rows
    ("<table><tr><td><div class='nav'><a>首页</a><a>公开</a><a>互动</a></div></td></tr>"
     "<tr><td><p>正文一</p><table><tr><td>规章</td><td>0</td></tr></table><p>正文二</p></td></tr></table>",
     "正文一\n规章\t0\n正文二"),
    ("<table><tr><td>" + "<p>" + "很长的正文。" * 200 + "</p><p>下一段</p></td></tr></table>",
     "很长的正文。" * 200 + "\n下一段"),
], ids=["nested", "long-cell"])
def test_html_to_text_layout_tables_read_as_blocks(markup: str, expected: str) -> None:
    assert html_to_text(markup)[0] == expected


@pytest.mark.parametrize("markup,kept", [
    ("<div class='header'><h1>某某县2023年政府信息公开工作年度报告</h1></div>", "某某县2023年政府信息公开工作年度报告"),
    ("<div id='footer'>" + "<p>" + "报告正文。" * 100 + "</p></div>", "报告正文。" * 100),
    ("<article><div class='article-header'>报告标题</div></article>", "报告标题"),
    ("<article><header><h2>某某县年度报告</h2></header><p>正文</p><footer>某某县人民政府 2024年1月17日</footer>"
     "</article>", "某某县年度报告\n正文\n某某县人民政府 2024年1月17日"),
    ("<form id='form1'><div id='content'><p>表单里的正文</p></div></form>", "表单里的正文"),
], ids=["h1-in-header", "long-footer", "suffix-name", "article-header-footer", "aspnet-form"])
def test_html_to_text_keeps_content_in_furniture_names(markup: str, kept: str) -> None:
    assert html_to_text(markup)[0] == kept


@pytest.mark.parametrize("text,expected", [("a \t\n b", "a b"), ("报\n告", "报告"), ("报 告", "报 告"), ("2\n3", "2 3")])
def test_html_collapse_whitespace_follows_css(text: str, expected: str) -> None:
    assert collapse_whitespace(text) == expected


@pytest.mark.parametrize("head,expected", [
    (b'<meta charset="GBK">', "gbk"),
    (b"<meta http-equiv='Content-Type' content='text/html; charset=gb2312'/>", "gb2312"),
    (b'<?xml version="1.0" encoding="UTF-8"?><html>', "utf-8"),
    (b"<html><head><title>x</title>", None),
], ids=["meta-charset", "http-equiv", "xml", "none"])
def test_html_declared_charset(head: bytes, expected: str | None) -> None:
    assert declared_charset(head) == expected


@pytest.mark.parametrize("data", [
    b"<html><head><title>t</title><script>var x=1;</script></head><body>  </body></html>",
    b"<!-- only a comment -->",
    b"   \n  ",
], ids=["scripts-only", "comment", "whitespace"])
def test_html_read_empty_page(data: bytes) -> None:
    with pytest.raises(ReadError) as caught:
        read_html(data, "e.html")
    assert caught.value.kind == "empty"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_html_read_xhtml_with_xml_declaration(encoding: str) -> None:
    page = f'<?xml version="1.0" encoding="{encoding}"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>报告</p></body></html>'
    assert read_html(page.encode(encoding), "p.xhtml") == ("报告", {"encoding": encoding, "title": None})


def test_html_read_shuyang_report(shared_real: Path) -> None:
    path = shared_real / "shuyang-fgj-2023.html"
    text, metadata = read_html(path.read_bytes(), path.name)
    lines = text.split("\n")
    assert metadata["title"] == "沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局"
    # 表三: numbers under 自然人 (column 1) and 总计 (column 7), the five other applicant cells blank
    assert "一、本年新收政府信息公开申请数量\t26\t\t\t\t\t\t26" in lines
    assert "二、上年结转政府信息公开申请数量\t0\t\t\t\t\t\t0" in lines
    assert "（七）总计\t26\t\t\t\t\t\t26" in lines
    assert "规范性文件\t8\t0\t18" in lines
    assert "统计时限为2023年1月1日至2023年12月31日" in text  # split across <span>/<font>
    assert lines[-2:] == ["沭阳县发展和改革局", "2024年1月17日"]
    for junk in ("getElementById", "websiteId", "function", "繁體版", "智能问答", "走进沭阳", "font-family"):
        assert junk not in text
    for section in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及整改措施", "六、其他需要报告的事项"):
        assert section in lines
