import pytest


@pytest.fixture(autouse=True)
def _owner(db, admin_user):
    """Posts without a known author go to the first superuser, as on a real site."""
    return admin_user
