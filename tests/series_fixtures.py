"""Two made-up consecutive 2019-format reports of one body (numbers invented by hand) whose
表二 rows 行政许可 and 行政强制 print their digits run together.

行政许可: year N prints `5203110` (13 cuts: 52/0/3110, 5/20/3110, 520/3/110 …); year N+1 prints
52 -3 17, so N's 上一年项目数量 + 本年增/减 = 52: only 52/0/3110.
行政强制: year N prints `34015` (34/0/15, 340/1/5, 3/40/15 …), year N+1 `34119` (34/1/19,
341/1/9, 3/4/119 …): 34/0/15 → 34 and 340/1/5 → 341 both chain, so neither is filled.
"""

HEAD = ("{agency}{year}年政府信息公开工作年度报告\n一、总体情况\n本年度，{agency}认真贯彻落实《条例》。\n"
        "二、主动公开政府信息情况\n")


def table2(licensing: str, coercion: str, other: str = "7 1 40", punishment: str = "9 -1 12", fees: str = "4 0") -> str:
    return ("第二十条第（一）项\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n规章 0 0 0\n规范性文件 1 1 3\n"
            "第二十条第（五）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n行政许可 " + licensing +
            "\n其他对外管理服务事项 " + other + "\n"
            "第二十条第（六）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n行政处罚 " + punishment +
            "\n行政强制 " + coercion + "\n"
            "第二十条第（八）项\n信息内容 上一年项目数量 本年增/减\n行政事业性收费 " + fees + "\n"
            "第二十条第（九）项\n信息内容 采购项目数量 采购总金额\n政府集中采购 2 30\n"
            "三、收到和处理政府信息公开申请情况\n")


EARLIER = table2("5203110", "34015")
LATER = table2("52 -3 17", "34119", other="8 0 35", punishment="8 2 10", fees="4 1")


def report(agency: str, year: int, table: str) -> str:
    return HEAD.format(agency=agency, year=year) + table
