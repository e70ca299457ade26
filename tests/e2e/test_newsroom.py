"""The newsroom in a browser: an author's change to a live article waits for an editor."""

import pytest
from django.contrib.auth.models import Group

from blog.roles import ensure_roles
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long pass phrase for tests"


def person(username, group, **fields):
    ensure_roles()
    user = factories.make_user(username=username, is_staff=True, password=PASSWORD, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_authors_change_waits_for_the_editors_approval(live_server, page, browser):
    """Author saves in the real form → public page unchanged; editor approves → changed."""
    author = person("writer", "Authors", first_name="Wren", last_name="Ames")
    person("desk", "Editors", first_name="Dana", last_name="Roe")
    article = factories.make_article(author=author, sections=factories.standard_sections())
    public = f"{live_server.url}{article.get_absolute_url()}"
    log_in(page, live_server, "writer")
    page.goto(f"{live_server.url}/admin/blog/article/{article.pk}/change/")
    page.fill("input[name=title]", "A headline the desk must approve")
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/change/")
    assert "saved as a proposal" in page.content()
    reader = browser.new_context().new_page()
    reader.goto(public)
    assert "A headline the desk must approve" not in reader.content()
    log_in(page, live_server, "desk")
    page.goto(f"{live_server.url}/admin/blog/article/{article.pk}/proposal/")
    assert "<ins>A headline the desk must approve</ins>" in page.content()
    page.click("input[name=_approve]")
    page.wait_for_url("**/change/")
    assert "The change is live." in page.content()
    reader = browser.new_context().new_page()  # a new reader: no max-age copy in its cache
    reader.goto(public)
    assert "A headline the desk must approve" in reader.content()
    assert page.js_errors == []
