"""The torch CRF layer: BIO constraints, likelihood against brute force, decoding."""

from __future__ import annotations

import itertools

import pytest
import torch

from gik_nlp.tagging.neural import LinearChainCrf, allowed_transitions
from gik_nlp.tagging.tags import TAGS


def test_allowed_transitions_forbid_invalid_bio():
    allowed = allowed_transitions()
    o, b_agency, i_agency, i_date = TAGS.index("O"), TAGS.index("B-AGENCY"), TAGS.index("I-AGENCY"), \
        TAGS.index("I-DATE")
    assert not allowed[o, i_agency]
    assert not allowed[b_agency, i_date]
    assert allowed[b_agency, i_agency] and allowed[i_agency, i_agency] and allowed[i_agency, o]


def test_decode_never_gives_o_then_inside():
    crf = LinearChainCrf()
    emissions = torch.full((1, 3, len(TAGS)), -5.0)
    # position 0 prefers O, position 1 prefers I-AGENCY (invalid after O), position 2 prefers O
    emissions[0, 0, TAGS.index("O")] = 5.0
    emissions[0, 1, TAGS.index("I-AGENCY")] = 5.0
    emissions[0, 1, TAGS.index("B-AGENCY")] = 4.0
    emissions[0, 2, TAGS.index("O")] = 5.0
    path = crf.decode(emissions, torch.ones(1, 3, dtype=torch.bool))[0].tolist()
    assert [TAGS[t] for t in path] == ["O", "B-AGENCY", "O"]


def _random_crf() -> LinearChainCrf:
    """A CRF over three tags O, B-A, I-A with random transitions (seed the generator first) and the
    BIO penalty on the transitions no sequence may take."""
    tags3 = ("O", "B-A", "I-A")
    crf = LinearChainCrf(num_tags=3)
    crf.penalty = torch.where(allowed_transitions(tags3), 0.0, -10000.0)
    with torch.no_grad():
        crf.transitions.normal_()
        crf.start.normal_()
        crf.end.normal_()
    return crf


@pytest.mark.parametrize("length", [2, 3])
def test_negative_log_likelihood_matches_brute_force(length):
    torch.manual_seed(0)
    crf = _random_crf()
    emissions = torch.randn(1, length, 3)
    gold = torch.tensor([[1] + [2] * (length - 1)])  # B-A I-A …

    def path_score(path):
        s = crf.start[path[0]] + emissions[0, 0, path[0]]
        for t in range(1, length):
            s = s + crf.transitions[path[t - 1], path[t]] + crf.penalty[path[t - 1], path[t]] + emissions[0, t, path[t]]
        return s + crf.end[path[-1]]

    log_z = torch.logsumexp(torch.stack([path_score(p) for p in itertools.product(range(3), repeat=length)]), 0)
    expected = log_z - path_score(gold[0].tolist())
    got = crf.neg_log_likelihood(emissions, gold, torch.ones(1, length, dtype=torch.bool))
    assert got.item() == pytest.approx(expected.item(), abs=1e-4)


def test_masked_positions_do_not_change_the_likelihood():
    torch.manual_seed(1)
    crf = LinearChainCrf()
    emissions = torch.randn(1, 4, len(TAGS))
    tags = torch.tensor([[0, 1, 2, 0]])
    short = crf.neg_log_likelihood(emissions[:, :2], tags[:, :2], torch.ones(1, 2, dtype=torch.bool))
    padded = crf.neg_log_likelihood(emissions, tags, torch.tensor([[True, True, False, False]]))
    assert padded.item() == pytest.approx(short.item(), abs=1e-5)


def test_marginals_match_brute_force_and_ignore_padding():
    # three tags O, B-A, I-A; a sequence of 3 characters then one padded position
    torch.manual_seed(2)
    crf = _random_crf()
    emissions = torch.randn(1, 4, 3)

    def path_score(path):
        s = crf.start[path[0]] + emissions[0, 0, path[0]]
        for t in range(1, 3):
            s = s + crf.transitions[path[t - 1], path[t]] + crf.penalty[path[t - 1], path[t]] + emissions[0, t, path[t]]
        return s + crf.end[path[-1]]

    paths = list(itertools.product(range(3), repeat=3))
    weights = torch.softmax(torch.stack([path_score(p) for p in paths]), 0)
    expected = torch.zeros(3, 3)
    for path, weight in zip(paths, weights):
        for t, tag in enumerate(path):
            expected[t, tag] += weight
    got = crf.marginals(emissions, torch.tensor([[True, True, True, False]]))[0]
    assert torch.allclose(got[:3], expected, atol=1e-5)
    assert got[3].tolist() == [0.0, 0.0, 0.0]
