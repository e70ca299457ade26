"""Fixtures shared by the affiliates tests."""

import pytest

from tests.affiliates.shop import serving


@pytest.fixture
def local_shop():
    """The shop on 127.0.0.1, which the checker refuses by default (a private address)."""
    with serving() as url:
        yield url


@pytest.fixture
def shop(local_shop, settings):
    """The shop, with the checker allowed to reach private addresses such as 127.0.0.1."""
    settings.AFFILIATES = {**settings.AFFILIATES, "HEALTH_CHECK_ALLOW_PRIVATE": True}
    return local_shop
