"""Tests of gik_nlp.synth.agencies: bodies built from cpca's adcodes.csv at run time."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gik_nlp.synth.agencies import MUNICIPALITIES, adcodes_path, divisions, sample_agency, short_place

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["adcodes.csv"])
def test_agencies_read_cpca_csv_not_a_copy(name: str) -> None:
    path = adcodes_path()
    assert path.name == name and "site-packages" in str(path)
    assert not list((REPO / "gik_nlp").rglob(name))


@pytest.mark.parametrize("county", ["易门县", "西吉县", "华安县"])
def test_agencies_divisions_hold_seed_counties(county: str) -> None:
    assert county in {d.county for d in divisions()}


@pytest.mark.parametrize("kind", ["gov", "office", "bureau", "town", "street", "city_gov", "city_office",
                                  "city_bureau", "province_dept", "ministry"])
def test_agencies_every_kind_has_names(kind: str) -> None:
    rng = random.Random(kind)
    for year in (2016, 2022):
        agency = sample_agency(rng, year, kind)
        assert agency.name and agency.short_names and agency.self_refs and agency.superiors
        assert all(ref.startswith(("我", "本")) for ref in agency.self_refs)
        assert agency.website not in agency.short_names


@pytest.mark.parametrize("seed", range(20))
def test_agencies_municipality_departments_are_not_ting(seed: int) -> None:
    agency = sample_agency(random.Random(seed), 2020, "province_dept")
    if agency.division.province in MUNICIPALITIES:
        assert not agency.name.endswith("厅")


@pytest.mark.parametrize("name,short", [("易门县", "易门"), ("元江哈尼族彝族傣族自治县", "元江"), ("赵县", "赵县")])
def test_agencies_short_place(name: str, short: str) -> None:
    assert short_place(name) == short


@pytest.mark.parametrize("kind", ["gov", "office", "bureau", "city_gov", "city_office", "city_bureau",
                                  "province_dept"])
def test_agencies_peers_are_never_the_body_itself(kind: str) -> None:
    """县政府办 is the office itself: named as a peer it would be a second name of the body."""
    for i in range(40):
        agency = sample_agency(random.Random(f"{kind}{i}"), 2017, kind)
        assert agency.peers
        assert not set(agency.peers) & ({agency.name} | set(agency.short_names)), agency
