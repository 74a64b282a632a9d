"""The page's official tables (issue 14) in headless Chromium: a hand-written 2021 report's 表三 and
表四 drawn from the templates, each value in its cell, blanks blank, a failed check marked on its
cells, warnings above the record, /docs served. Screenshots go to the test's tmp folder (and to
$GIK_SCREENSHOTS when set)."""

from __future__ import annotations

import os
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

ROW_LABELS = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开1.属于国家秘密",
    "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
    "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项", "（四）无法提供1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确", "（五）不予处理1.信访举报投诉类申请", "2.重复申请",
    "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计",
    "四、结转下年度继续办理"]
#: (自然人, 总计) of the rows that hold a figure; 商业企业 … 其他 are printed blank. 予以公开 says
#: 5 people but 6 in all: its row fails "Σ applicants = 总计", and the 自然人 column its sum.
VALUES = {0: ("6", "6"), 2: ("5", "6"), 23: ("6", "6")}


def _report() -> str:
    lines = ["某某区人民政府2021年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
             "|---|---|---|---|---|---|---|---|"]
    for index, label in enumerate(ROW_LABELS):
        first, total = VALUES.get(index, ("0", "0"))
        lines.append(f"| {label} | {first} |  |  |  |  |  | {total} |")
    lines += ["四、政府信息公开行政复议、行政诉讼情况",
              "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
              "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
              "10102120001200000", "五、存在的主要问题及改进情况"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def served(repo_root: Path, loopback) -> Iterator[str]:
    """The app with the shipped model on an in-process uvicorn on a free loopback port."""
    from gik_nlp.service.app import create_app

    with loopback.app(create_app(repo_root / "models" / "default")) as base_url:
        yield base_url


def _screenshot(chromium, url: str, path: Path, profile: Path) -> None:
    result = chromium.run(url, profile, "--window-size=1400,2400", f"--screenshot={path}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert path.stat().st_size > 10_000
    if os.environ.get("GIK_SCREENSHOTS"):
        shutil.copy(path, Path(os.environ["GIK_SCREENSHOTS"]) / path.name)


def test_page_draws_the_official_tables_with_each_value_in_its_cell(served, chromium, tmp_path):
    text = _report()
    record = httpx.post(f"{served}/v1/view", json={"text": text}, timeout=60).json()["record"]
    assert record["format"] == "2021"
    url = f"{served}/?text={urllib.parse.quote(text)}"
    dom = chromium.dump_dom(url, tmp_path / "profile")
    assert dom.find(id="status").get_text().startswith("done")
    tables = {t["data-template"]: t for t in dom.select("#tables table.official")}
    assert list(tables) == ["disclosure_2021", "apply_2021", "table4"]
    apply = tables["apply_2021"]
    assert [th.get_text() for th in apply.select("thead th")][1:] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    new = apply.select("tbody tr")[0]
    assert new.th.get_text() == "本年新收政府信息公开申请数量"
    assert [td.get_text() for td in new.select("td")] == ["6", "", "", "", "", "", "6"]   # blanks blank
    granted = apply.select("tbody tr")[2]
    assert all("failed" in td["class"] for td in granted.select("td"))          # Σ applicants ≠ 总计
    assert "failed" in new.select("td")[0]["class"]       # 自然人's column check fails too (5 ≠ 6) …
    assert "failed" not in new.select("td")[1]["class"]   # … 商业企业's is blank: nothing to check
    review = tables["table4"].select("tbody tr")[0]
    assert [td.get_text() for td in review.select("td")] == ["1", "0", "1", "0", "2"]
    assert not any("failed" in td["class"] for td in review.select("td"))
    assert new.select("td a.cell-link")[0]["href"] == "#stat-apply.new.natural_person"
    # warnings come before the record's tables
    pane = str(dom.find(id="record-pane"))
    assert pane.index('id="warnings"') < pane.index('id="tables"')
    assert any("表三 row" in li.get_text() for li in dom.select("#warnings li"))
    _screenshot(chromium, url, tmp_path / "page-tables-2021.png", tmp_path / "profile-shot")


def test_page_csv_download_is_the_services_csv(served, chromium, tmp_path):
    # The page writes no CSV: "download CSV" asks /v1/extract?format=csv (gik_nlp/writers.py) for the input shown.
    import csv

    text = _report()
    with chromium.devtools(f"{served}/?text={urllib.parse.quote(text)}", tmp_path / "profile") as page:
        page.wait_for('document.getElementById("status").textContent.startsWith("done")')
        # keep what the page hands to download() instead of saving a file
        page.evaluate("window.download = (name, type, blob) => blob.arrayBuffer().then(data => "
                      "{ window.saved = [name, type, Array.from(new Uint8Array(data))]; })")
        page.evaluate('document.getElementById("download-csv").click()')
        name, kind, data = page.wait_for("window.saved")
    content = bytes(data)
    assert (name, kind) == ("text.csv", "text/csv;charset=utf-8")
    assert content.startswith("\ufeffsource,title,agency,year,format,".encode())  # BOM: spreadsheets read UTF-8
    (row,) = csv.DictReader(content.decode("utf-8-sig").splitlines())
    assert (row["source"], row["format"]) == ("text", "2021")
    assert (row["apply.new.natural_person"], row["apply.new.total"], row["apply.granted.natural_person"],
            row["apply.granted.total"]) == ("6", "6", "5", "6")
    direct = httpx.post(f"{served}/v1/extract?format=csv", json={"text": text}, timeout=60)
    assert content == direct.content


def test_docs_and_downloads_are_there(served):
    assert httpx.get(f"{served}/docs", timeout=30).status_code == 200
    page = httpx.get(f"{served}/", timeout=30).text
    assert 'id="download-json"' in page and 'id="download-csv"' in page


def test_the_api_contract_says_warnings_are_typed(served):
    schema = httpx.get(f"{served}/v1/openapi.json", timeout=30).json()
    schemas = schema["components"]["schemas"]
    warnings = schemas["ReportRecord"]["properties"]["warnings"]
    assert warnings["items"] == {"$ref": "#/components/schemas/RecordWarning"}
    assert schemas["RecordWarning"]["required"] == ["kind", "fields", "message"]
