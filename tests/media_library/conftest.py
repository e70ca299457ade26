import pytest
from django.contrib.auth.models import Group

from blog.roles import ensure_roles
from tests import factories


def member(group: str, **fields):
    """A staff user in the named newsroom group, as an owner would set one up."""
    ensure_roles()
    user = factories.make_user(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def desk_editor(db):
    return member("Editors", first_name="Dana", last_name="Roe")


@pytest.fixture
def writer(db):
    return member("Authors", first_name="Wren", last_name="Ames")
