"""Reporting bodies built from China's real administrative divisions.

The divisions are read at run time from cpca's ``resources/adcodes.csv`` (located with
``importlib.util.find_spec`` so cpca itself, which needs pkg_resources, is never imported);
nothing of the file is copied into the repository. Townships and streets are not in the
file, so their names are composed from common place-name characters.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import random
from dataclasses import dataclass
from pathlib import Path

from pypinyin import lazy_pinyin

from gik_nlp.synth.written import pick


class DivisionsError(RuntimeError):
    """cpca's adcodes.csv cannot be found or read."""


@dataclass(frozen=True)
class Division:
    """A county-level division with its city and province (names as in adcodes.csv)."""

    province: str
    city: str       # equals the province for counties directly under a municipality
    county: str


@dataclass(frozen=True)
class Agency:
    """A body that publishes a report, with the ways its report refers to it and to others.

    name: the full name, as signed.  kind: gov, office, bureau, town, street, city_gov,
    city_office, city_bureau, province_dept, ministry.  place: the area it governs or serves.
    short_names: how the body itself is named in running text (县政府办公室, 县发改局).
    self_refs: pronouns the report uses for it (我局, 本机关) — never tagged.
    peers: other bodies of the same place that prose mentions (tagged AGENCY).
    superiors: bodies above it (addressee, 在…的领导下), full or short.
    issuers: 文号 issuer codes of its own documents; cited_issuers: of documents it cites.
    website: the name of the site publishing the report (a website, never tagged).
    domain: a plausible host name for URLs.
    group: a working group's name (…政务公开工作领导小组), tagged AGENCY.
    """

    name: str
    kind: str
    place: str
    place_short: str
    level: str
    short_names: tuple[str, ...]
    self_refs: tuple[str, ...]
    peers: tuple[str, ...]
    superiors: tuple[str, ...]
    issuers: tuple[str, ...]
    cited_issuers: tuple[str, ...]
    website: str
    domain: str
    group: str
    division: Division


# Province → (文号 abbreviation, the word its government codes use: 政 or 府).
PROVINCE_CODES = {
    "北京市": ("京", "政"), "天津市": ("津", "政"), "河北省": ("冀", "政"), "山西省": ("晋", "政"),
    "内蒙古自治区": ("内", "政"), "辽宁省": ("辽", "政"), "吉林省": ("吉", "政"), "黑龙江省": ("黑", "政"),
    "上海市": ("沪", "府"), "江苏省": ("苏", "政"), "浙江省": ("浙", "政"), "安徽省": ("皖", "政"),
    "福建省": ("闽", "政"), "江西省": ("赣", "府"), "山东省": ("鲁", "政"), "河南省": ("豫", "政"),
    "湖北省": ("鄂", "政"), "湖南省": ("湘", "政"), "广东省": ("粤", "府"), "广西壮族自治区": ("桂", "政"),
    "海南省": ("琼", "府"), "重庆市": ("渝", "府"), "四川省": ("川", "府"), "贵州省": ("黔", "府"),
    "云南省": ("云", "政"), "西藏自治区": ("藏", "政"), "陕西省": ("陕", "政"), "甘肃省": ("甘", "政"),
    "青海省": ("青", "政"), "宁夏回族自治区": ("宁", "政"), "新疆维吾尔自治区": ("新", "政"),
}

# County/city bureaus: (full name, short name, 文号 abbreviation, era). Era "old": bodies of
# the pre-2018/2019 institutional reform; "new": bodies created by it; "": both.
BUREAUS = (
    ("发展和改革局", "发改局", "发改", ""), ("教育局", "教育局", "教", ""), ("教育体育局", "教体局", "教体", ""),
    ("科学技术局", "科技局", "科", ""), ("工业和信息化局", "工信局", "工信", ""), ("公安局", "公安局", "公", ""),
    ("民政局", "民政局", "民", ""), ("司法局", "司法局", "司", ""), ("财政局", "财政局", "财", ""),
    ("人力资源和社会保障局", "人社局", "人社", ""), ("自然资源局", "自然资源局", "自然资", "new"),
    ("自然资源和规划局", "自然资源和规划局", "自然资规", "new"), ("国土资源局", "国土资源局", "国土资", "old"),
    ("生态环境局", "生态环境局", "环", "new"), ("环境保护局", "环保局", "环", "old"),
    ("住房和城乡建设局", "住建局", "建", ""), ("交通运输局", "交通运输局", "交", ""), ("水利局", "水利局", "水", ""),
    ("水务局", "水务局", "水", ""), ("农业农村局", "农业农村局", "农", "new"), ("农业局", "农业局", "农", "old"),
    ("商务局", "商务局", "商", ""), ("文化和旅游局", "文旅局", "文旅", "new"),
    ("文化广电新闻出版局", "文广新局", "文广", "old"), ("卫生健康局", "卫健局", "卫健", "new"),
    ("卫生和计划生育局", "卫计局", "卫计", "old"), ("退役军人事务局", "退役军人事务局", "退役", "new"),
    ("应急管理局", "应急管理局", "应急", "new"), ("安全生产监督管理局", "安监局", "安监", "old"),
    ("审计局", "审计局", "审", ""), ("市场监督管理局", "市场监管局", "市监", "new"),
    ("工商行政管理局", "工商局", "工商", "old"), ("统计局", "统计局", "统", ""), ("医疗保障局", "医保局", "医保", "new"),
    ("林业局", "林业局", "林", ""), ("林业和草原局", "林草局", "林草", "new"), ("信访局", "信访局", "信访", ""),
    ("城市管理局", "城管局", "城管", ""), ("行政审批局", "行政审批局", "审批", "new"),
    ("地方金融监督管理局", "金融局", "金融", "new"), ("粮食局", "粮食局", "粮", "old"),
    ("扶贫开发办公室", "扶贫办", "扶贫", "old"), ("民族宗教事务局", "民宗局", "民宗", ""),
    ("档案局", "档案局", "档", ""), ("人民防空办公室", "人防办", "人防", ""), ("机关事务管理局", "机关事务局", "机管", ""),
)

MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")

# Provincial departments: (name, short, abbreviation).
PROVINCE_DEPARTMENTS = (
    ("教育厅", "省教育厅", "教"), ("科学技术厅", "省科技厅", "科"), ("公安厅", "省公安厅", "公"), ("民政厅", "省民政厅", "民"),
    ("司法厅", "省司法厅", "司"), ("财政厅", "省财政厅", "财"), ("人力资源和社会保障厅", "省人社厅", "人社"),
    ("自然资源厅", "省自然资源厅", "自然资"), ("生态环境厅", "省生态环境厅", "环"), ("住房和城乡建设厅", "省住建厅", "建"),
    ("交通运输厅", "省交通运输厅", "交"), ("水利厅", "省水利厅", "水"), ("农业农村厅", "省农业农村厅", "农"),
    ("商务厅", "省商务厅", "商"), ("文化和旅游厅", "省文旅厅", "文旅"), ("卫生健康委员会", "省卫健委", "卫健"),
    ("审计厅", "省审计厅", "审"), ("发展和改革委员会", "省发改委", "发改"), ("市场监督管理局", "省市场监管局", "市监"),
    ("统计局", "省统计局", "统"), ("应急管理厅", "省应急管理厅", "应急"), ("退役军人事务厅", "省退役军人事务厅", "退役"),
)

MINISTRIES = (
    "教育部", "科学技术部", "工业和信息化部", "民政部", "司法部", "财政部", "人力资源和社会保障部", "自然资源部",
    "生态环境部", "住房和城乡建设部", "交通运输部", "水利部", "农业农村部", "商务部", "文化和旅游部",
    "国家卫生健康委员会", "应急管理部", "审计署", "国家统计局", "国家市场监督管理总局", "国家林业和草原局",
    "国家医疗保障局", "国家税务总局", "海关总署",
)

# Bodies that prose mentions beside the reporting one, by the prefix of their level (县/区/市).
PEER_BODIES = (
    "{L}政府办公室", "{L}政府办", "{L}信访局", "{L}档案局", "{L}保密局", "{L}国家保密局", "{L}政务服务管理办公室",
    "{L}政务办", "{L}委宣传部", "{L}委网信办", "{L}财政局", "{L}大数据中心", "{L}信息中心", "{L}司法局",
    "{L}政府法制办", "{L}监察局", "{L}融媒体中心", "{L}行政服务中心", "{L}人社局", "{L}民政局", "{L}审计局",
)

# Characters of township and street names (composed: the CSV stops at county level).
_TOWN_FIRST = "龙新安和平华丰东西南北石马白青凤金长兴太永宁福清双古大小高云秀花沙阳黄红桃梅柳松竹乐仁义德寿"
_TOWN_SECOND = "泉江城河山桥水口庄营集店寨铺坪溪湖田岭塘坝沟湾洲川源镇岗屯堡坡垭关渡"


def adcodes_path() -> Path:
    """cpca's adcodes.csv, found without importing cpca."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise DivisionsError("cpca is not installed: the generator needs its resources/adcodes.csv")
    for location in spec.submodule_search_locations:
        path = Path(location) / "resources" / "adcodes.csv"
        if path.is_file():
            return path
    raise DivisionsError(f"cpca has no resources/adcodes.csv under {list(spec.submodule_search_locations)}")


@functools.cache
def divisions() -> tuple[Division, ...]:
    """Every county-level division of the mainland, sorted by adcode (read once)."""
    path = adcodes_path()
    names: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                names[row["adcode"]] = row["name"]
    except (OSError, KeyError, csv.Error) as exc:
        raise DivisionsError(f"{path}: cannot read ({exc})") from exc
    out = []
    for code in sorted(names):
        province = names.get(code[:2] + "0" * 10, "")
        if province not in PROVINCE_CODES:
            continue
        if code[4:6] == "00" or code[6:] != "0" * 6 or names[code] in ("市辖区", "县", "省直辖县级行政区划"):
            continue
        city = names.get(code[:4] + "0" * 8, province)
        if city in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            city = province
        out.append(Division(province, city, names[code]))
    if not out:
        raise DivisionsError(f"{path}: no county-level divisions found")
    return tuple(out)


_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
             "地区", "新区", "林区", "盟", "省", "市", "县", "区", "旗")


_NATIONALITIES = ("彝族", "哈尼族", "傣族", "苗族", "土家族", "壮族", "侗族", "瑶族", "回族", "藏族", "蒙古族",
                  "布依族", "白族", "羌族", "黎族", "满族", "畲族", "仡佬族", "水族", "朝鲜族", "哈萨克", "傈僳族",
                  "拉祜族", "佤族", "纳西族", "景颇族", "土族", "撒拉族", "达斡尔族", "鄂温克族", "毛南族", "仫佬族")


def short_place(name: str) -> str:
    """A place name without its type: ``易门县`` → ``易门``, ``峨山彝族自治县`` → ``峨山``.

    >>> short_place("易门县"), short_place("峨山彝族自治县"), short_place("恩施土家族苗族自治州"), short_place("宁夏回族自治区")
    ('易门', '峨山', '恩施', '宁夏')
    """
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    cuts = [name.find(n) for n in _NATIONALITIES if name.find(n) >= 2]
    return name[:min(cuts)] if cuts else name


def level_char(county: str) -> str:
    """The one-character level a county-level body's short names use: 县, 区, 市 or 旗."""
    for char in ("县", "区", "市", "旗"):
        if county.endswith(char):
            return char
    return "县"


def domain_for(place_short: str) -> str:
    """``易门`` → ``www.yimen.gov.cn``."""
    return "www." + "".join(lazy_pinyin(place_short)) + ".gov.cn"


def town_name(rng: random.Random) -> str:
    return rng.choice(_TOWN_FIRST) + rng.choice(_TOWN_SECOND)


_KIND_WEIGHTS = {"gov": 17, "office": 11, "bureau": 24, "town": 12, "street": 6, "city_gov": 4,
                 "city_office": 3, "city_bureau": 11, "province_dept": 8, "ministry": 4}


def sample_agency(rng: random.Random, year: int, kind: str | None = None) -> Agency:
    """A reporting body for a report of ``year`` (institutions follow the 2018-2019 reform)."""
    kind = kind or pick(rng, _KIND_WEIGHTS)
    div = rng.choice(divisions())
    province, city, county = div.province, div.city, div.county
    p_abbr, p_word = PROVINCE_CODES[province]
    c_short, k_short = short_place(city), short_place(county)
    c_abbr, k_abbr = c_short[0], k_short[0]
    lc = level_char(county)
    era = "old" if year <= 2018 else "new"
    bureaus = [b for b in BUREAUS if b[3] in ("", era)]
    city_is_province = city == province
    city_gov = f"{city}人民政府"
    province_gov = f"{province}人民政府"
    group_word = rng.choice(["政务公开工作领导小组", "政务公开领导小组", "政府信息公开工作领导小组",
                             "政务信息公开工作领导小组", "政务公开工作领导小组办公室"])

    def peers(prefix: str, exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
        """Other bodies of the place: never one of the body's own names (县政府办 is the
        office itself, not a peer of it)."""
        chosen = rng.sample(PEER_BODIES, 6)
        return tuple(p.format(L=prefix) for p in chosen if p.format(L=prefix) not in exclude)

    county_sup = (city_gov, f"{c_short}市政府" if not city_is_province else province_gov,
                  "市政府办公室" if not city_is_province else "市政府办公厅", "市政府")
    if kind in ("gov", "office", "bureau"):
        gov = f"{county}人民政府"
        if kind == "gov":
            name, shorts = gov, (f"{lc}人民政府", f"{lc}政府", f"{county}政府")
            self_refs = (f"我{lc}", "本级政府", f"我{lc}政府")
            issuers = (f"{k_abbr}{p_word}发", f"{k_abbr}{p_word}", f"{k_abbr}{p_word}文")
        elif kind == "office":
            name = f"{county}人民政府办公室"
            shorts = (f"{lc}政府办公室", f"{lc}政府办", f"{county}政府办", f"{lc}人民政府办公室")
            self_refs = ("我办", "本机关", "我室")
            issuers = (f"{k_abbr}{p_word}办发", f"{k_abbr}{p_word}办", f"{k_abbr}{p_word}办函", f"{k_abbr}{p_word}办秘")
        else:
            full, short, abbr, _ = rng.choice(bureaus)
            name = f"{county}{full}"
            shorts = (f"{lc}{short}", f"{county}{short}", f"{lc}{full}")
            self_refs = ("我局", "本局", "本机关") if full.endswith("局") else ("我办", "本机关")
            issuers = (f"{k_abbr}{abbr}发", f"{k_abbr}{abbr}", f"{k_abbr}{abbr}字")
        return Agency(name, kind, county, k_short, "county", shorts, self_refs, peers(lc, shorts), county_sup,
                      issuers, (f"{p_abbr}{p_word}办发", f"{c_abbr}{p_word}办", f"{c_abbr}{p_word}办发",
                                f"{k_abbr}{p_word}办发", f"{k_abbr}办发", f"{p_abbr}{p_word}发"),
                      f"{county}人民政府网" if rng.random() < 0.5 else f"{county}人民政府门户网站",
                      domain_for(k_short), f"{county}{group_word}", div)
    if kind in ("town", "street"):
        base = town_name(rng)
        if kind == "town":
            suffix = rng.choice(["镇", "镇", "乡"])
            name = rng.choice([f"{base}{suffix}人民政府", f"{county}{base}{suffix}人民政府"])
            shorts = (f"{suffix}人民政府", f"{suffix}政府", f"{suffix}党政办", f"{base}{suffix}政府")
            self_refs = (f"我{suffix}", f"本{suffix}")
            issuers = (f"{base}{p_word}发", f"{base}{p_word}", f"{base}发")
        else:
            name = rng.choice([f"{county}{base}街道办事处", f"{base}街道办事处"])
            shorts = ("街道办事处", "街道办", f"{base}街道办", "街道党政办")
            self_refs = ("我街道", "本街道", "本机关")
            issuers = (f"{base}办发", f"{base}街发", f"{base}办")
        return Agency(name, kind, f"{base}{'街道' if kind == 'street' else suffix}", base, "town", shorts, self_refs,
                      peers(lc), (f"{county}人民政府", f"{lc}人民政府", f"{lc}政府办公室", f"{lc}政府"), issuers,
                      (f"{k_abbr}{p_word}办发", f"{k_abbr}{p_word}发", f"{k_abbr}办发"),
                      f"{county}人民政府网" if rng.random() < 0.6 else f"{base}政务信息公开网",
                      domain_for(k_short), f"{base}{'街道' if kind == 'street' else suffix}{group_word}", div)
    if kind in ("city_gov", "city_office", "city_bureau") and not city_is_province:
        if kind == "city_gov":
            name, shorts = city_gov, ("市人民政府", "市政府", f"{c_short}市政府")
            self_refs = ("我市", "本级政府")
            issuers = (f"{c_abbr}{p_word}发", f"{c_abbr}{p_word}")
        elif kind == "city_office":
            name = f"{city}人民政府办公室"
            shorts = ("市政府办公室", "市政府办", f"{c_short}市政府办")
            self_refs = ("我办", "本机关")
            issuers = (f"{c_abbr}{p_word}办发", f"{c_abbr}{p_word}办", f"{c_abbr}{p_word}办函")
        else:
            full, short, abbr, _ = rng.choice(bureaus)
            full = full.replace("发展和改革局", "发展和改革委员会")
            short = short.replace("发改局", "发改委")
            name = f"{city}{full}"
            shorts = (f"市{short}", f"{c_short}市{short}", f"市{full}")
            self_refs = ("我局", "本局", "本机关") if full.endswith("局") else ("我委", "本机关")
            issuers = (f"{c_abbr}{abbr}发", f"{c_abbr}{abbr}")
        return Agency(name, kind, city, c_short, "city", shorts, self_refs, peers("市", shorts),
                      (province_gov, f"{province[:2]}省政府" if province.endswith("省") else province_gov,
                       "省政府办公厅", "省政府"),
                      issuers, (f"{p_abbr}{p_word}办发", f"{p_abbr}{p_word}发", f"{p_abbr}{p_word}办函", "国办发"),
                      f"{city}人民政府网", domain_for(c_short), f"{city}{group_word}", div)
    if kind == "ministry":
        name = rng.choice(MINISTRIES)
        return Agency(name, kind, "全国", name, "national", (name,), ("我部", "本部门", "本机关"),
                      ("国务院办公厅", "国务院"), ("国务院", "国务院办公厅"), (), ("国办发", "国办函", "国办公开办函"),
                      f"{name}门户网站", "www.gov.cn", f"{name}政务公开领导小组", div)
    # provincial departments (also the fallback for city kinds in municipalities)
    if province in MUNICIPALITIES:
        # a municipality's departments are 局/委 of the city (重庆市财政局, not 厅)
        full, short, abbr, _ = rng.choice(bureaus)
        full = full.replace("发展和改革局", "发展和改革委员会")
        name = f"{province}{full}"
        p_short = short_place(province)
        shorts = (f"市{short}", f"{p_short}市{short}")
        return Agency(name, "province_dept", province, p_short, "province", shorts,
                      ("我局", "本局", "本机关") if full.endswith("局") else ("我委", "本机关"),
                      tuple(p for p in ("市政府办公厅", "市保密局", "市档案局", "市委宣传部", "市信访办") if p not in shorts),
                      (province_gov, "市政府", "市政府办公厅"),
                      (f"{p_abbr}{abbr}发", f"{p_abbr}{abbr}"), (f"{p_abbr}{p_word}办发", f"{p_abbr}{p_word}发", "国办发"),
                      f"{name}网站", domain_for(p_short), f"{name}{group_word}", div)
    dept, short, abbr = rng.choice(PROVINCE_DEPARTMENTS)
    p_short = short_place(province)
    name = f"{province}{dept}"
    self_refs = ("我厅", "本厅", "本机关") if dept.endswith("厅") else ("我委", "我局", "本机关")
    shorts = (short, f"{p_short}{dept}", f"省{dept}")
    return Agency(name, "province_dept", province, p_short, "province", shorts, self_refs,
                  tuple(p for p in ("省政府办公厅", "省保密局", "省档案局", "省政务服务管理局", "省委宣传部", "省信访局")
                        if p not in shorts),
                  (province_gov, "省政府", "省政府办公厅", "国务院办公厅"), (f"{p_abbr}{abbr}发", f"{p_abbr}{abbr}", f"{p_abbr}{abbr}函"),
                  (f"{p_abbr}{p_word}办发", f"{p_abbr}{p_word}发", "国办发", "国办函"),
                  f"{name}网站", domain_for(p_short), f"{province}{dept}{group_word}", div)
