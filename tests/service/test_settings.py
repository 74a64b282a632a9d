"""ServiceSettings: the service's limits."""

from __future__ import annotations

import pytest

from gik_nlp.service.settings import ServiceSettings


@pytest.mark.parametrize("field_name,value", [("workers", 0), ("timeout_s", -1.0), ("max_body_bytes", 0)])
def test_settings_reject_non_positive_limits(field_name, value):
    with pytest.raises(ValueError, match=field_name):
        ServiceSettings(**{field_name: value})
