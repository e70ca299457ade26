"""Never lose a word, in a browser: autosave, leave, come back, restore; and presence."""

import re
import time

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DatabaseError

from blog.models import Article
from blog.roles import ensure_roles
from newsroom import autosave, presence
from newsroom.models import Autosave
from tests import factories
from tests.affiliates.factories import make_link
from tests.e2e.accessibility import serious_violations

User = get_user_model()
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long pass phrase for tests"
expect = pytest.importorskip("playwright.sync_api").expect


def person(username, group, **fields):
    ensure_roles()
    user = factories.make_user(username=username, is_staff=True, password=PASSWORD, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def leave(page, live_server):
    """One click away from the form, accepting the browser's "leave site?" question."""
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#site-name a")
    page.wait_for_url(f"{live_server.url}/admin/")


def wait_for_draft(user, timeout=10.0):
    """The page's last autosave travels as it leaves (keepalive): wait until it landed."""
    deadline = time.monotonic() + timeout
    while not Autosave.objects.filter(user=user).exists():
        assert time.monotonic() < deadline, "the draft reached the server"
        time.sleep(0.1)


def broken_store(**kwargs):
    raise DatabaseError("the database is away")


@pytest.fixture
def quick_beats(monkeypatch):
    """Autosave and heartbeats every second instead of every 30."""
    monkeypatch.setattr(admin.site._registry[Article], "editing_interval", 1)


def test_a_new_articles_title_and_lede_survive_leaving_and_come_back(live_server, browser):
    """Type a title and lede into a new article, leave, come back (another browser), restore."""
    factories.kinds()
    author = person("writer", "Authors", first_name="Wren", last_name="Ames")
    page = browser.new_context().new_page()
    log_in(page, live_server, "writer")
    page.goto(f"{live_server.url}/admin/blog/article/add/")
    page.fill("input[name=title]", "Harbour talks stall")
    page.fill("textarea[name=intro]", "The negotiators left without a date.")
    leave(page, live_server)
    wait_for_draft(author)

    back = browser.new_context().new_page()  # nothing kept in this browser: the server's copy
    errors = []
    back.on("pageerror", lambda error: errors.append(str(error)))
    log_in(back, live_server, "writer")
    back.goto(f"{live_server.url}/admin/blog/article/add/")
    offer = back.locator("#autosave-offer")
    expect(offer).to_be_visible()
    expect(offer.locator("h2")).to_have_text(
        re.compile(r"Restore your unsaved changes from \d\d:\d\d\?")
    )
    expect(offer).to_contain_text("“Harbour talks stall”")
    expect(back.locator("input[name=title]")).to_have_value("")
    back.click("#autosave-restore")  # the one click "leave and restore" costs
    expect(offer).to_be_hidden()
    expect(back.locator("input[name=title]")).to_have_value("Harbour talks stall")
    expect(back.locator("textarea[name=intro]")).to_have_value(
        "The negotiators left without a date."
    )
    assert not Article.objects.exists()  # restoring saves nothing
    back.locator("input[name=_save]").first.click()
    back.wait_for_url("**/admin/blog/article/")
    assert Article.objects.get().title == "Harbour talks stall"
    assert not Autosave.objects.exists()
    assert errors == []
    page.context.close()
    back.context.close()


def test_an_existing_articles_sections_come_back_with_a_new_one(live_server, page, quick_beats):
    """Change a section, add one, leave; coming back lists both and Restore refills them."""
    editor = person("desk", "Editors", first_name="Dana", last_name="Roe")
    article = factories.make_article(sections=factories.standard_sections())
    change = f"{live_server.url}/admin/blog/article/{article.pk}/change/"
    log_in(page, live_server, "desk")
    page.goto(change)
    page.click("#sections-1 .section-toggle")  # sections open collapsed (admin-sections.js)
    page.fill("textarea[name=sections-1-body]", "A rewritten deep dive.")
    page.click("#sections-group .add-row a")
    page.fill("input[name=sections-3-heading]", "What comes next")
    page.fill("textarea[name=sections-3-body]", "Talks resume in spring.")
    expect(page.locator("#autosave-status")).to_contain_text("autosaved at")
    leave(page, live_server)
    wait_for_draft(editor)

    page.goto(change)
    offer = page.locator("#autosave-offer")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Section 2 “Sanctions and Spare Parts”: body changed")
    expect(offer).to_contain_text("New section 4 “What comes next”")
    expect(page.locator("textarea[name=sections-1-body]")).not_to_have_value(
        "A rewritten deep dive."
    )
    page.click("#autosave-restore")
    expect(page.locator("textarea[name=sections-1-body]")).to_have_value("A rewritten deep dive.")
    # The restored section opens (admin-sections.js), so what came back is in view.
    expect(page.locator("textarea[name=sections-1-body]")).to_be_visible()
    expect(page.locator("input[name=sections-3-heading]")).to_have_value("What comes next")
    expect(page.locator("textarea[name=sections-3-body]")).to_have_value("Talks resume in spring.")
    expect(page.locator("input[name=sections-TOTAL_FORMS]")).to_have_value("4")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url("**/change/")
    headings = list(article.sections.order_by("position").values_list("heading", flat=True))
    assert headings[-1] == "What comes next"
    assert article.sections.get(heading="Sanctions and Spare Parts").body == (
        "A rewritten deep dive."
    )
    assert not Autosave.objects.exists()
    expect(page.locator("#autosave-offer")).to_be_hidden()
    assert page.js_errors == []


def test_without_the_server_the_browser_keeps_the_draft(live_server, page, quick_beats):
    """Autosave cannot reach the server: the text is kept locally and offered back."""
    factories.kinds()
    person("writer", "Authors")
    log_in(page, live_server, "writer")
    with pytest.MonkeyPatch.context() as outage:
        # Keepalive requests pass by Playwright's routing: the outage is on the server.
        outage.setattr(autosave, "store", broken_store)
        page.goto(f"{live_server.url}/admin/blog/article/add/")
        page.fill("input[name=title]", "Written on a train")
        expect(page.locator("#autosave-status")).to_contain_text("kept in this browser")
        leave(page, live_server)
        assert not Autosave.objects.exists()

        page.goto(f"{live_server.url}/admin/blog/article/add/")
        offer = page.locator("#autosave-offer")
        expect(offer).to_be_visible()
        expect(offer).to_contain_text("kept in this browser")
        page.click("#autosave-restore")
        expect(page.locator("input[name=title]")).to_have_value("Written on a train")
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/admin/blog/article/")
    assert Article.objects.get().title == "Written on a train"
    page.goto(f"{live_server.url}/admin/blog/article/add/")  # the saved draft is not offered
    page.wait_for_load_state("load")
    expect(page.locator("#autosave-offer")).to_be_attached()
    page.wait_for_timeout(200)  # the script runs just after the page's other scripts
    kept = "Object.keys(localStorage).filter(k => k.startsWith('broadsheet.autosave')).length"
    assert page.evaluate(kept) == 0  # the browser's copy went once the save went through
    expect(page.locator("#autosave-offer")).to_be_hidden()
    assert page.js_errors == []


def test_discard_forgets_the_draft(live_server, page):
    factories.kinds()
    writer = person("writer", "Authors")
    Autosave.objects.create(
        user=writer, article=None, form_state={"fields": [["title", "Old idea"]], "labels": {}}
    )
    log_in(page, live_server, "writer")
    page.goto(f"{live_server.url}/admin/blog/article/add/")
    page.click("#autosave-discard")
    expect(page.locator("#autosave-status")).to_contain_text("discarded")
    assert not Autosave.objects.exists()
    expect(page.locator("input[name=title]")).to_have_value("")


def test_the_form_says_who_else_is_editing_without_a_reload(live_server, browser, quick_beats):
    """Dana has the form open; when Edna opens it, Dana's notice names her by itself."""
    person("dana", "Editors", first_name="Dana", last_name="Roe")
    person("edna", "Editors", first_name="Edna", last_name="Ward")
    article = factories.make_article()
    change = f"{live_server.url}/admin/blog/article/{article.pk}/change/"
    dana = browser.new_context().new_page()
    log_in(dana, live_server, "dana")
    dana.goto(change)
    expect(dana.locator("#presence-notice")).to_be_hidden()
    edna = browser.new_context().new_page()
    log_in(edna, live_server, "edna")
    edna.goto(change)
    expect(edna.locator("#presence-notice")).to_contain_text("Dana Roe (since")
    expect(dana.locator("#presence-notice")).to_contain_text("Edna Ward (since")
    edna.goto(f"{live_server.url}/admin/")  # she leaves the form
    expect(dana.locator("#presence-notice")).to_be_hidden()
    edna.context.close()
    dana.context.close()


def test_leaving_with_unsaved_changes_asks_first_and_not_after_saving(live_server, page):
    """The leave-page warning: asked with changes in the form, not right after a save."""
    person("desk", "Editors")
    article = factories.make_article()
    log_in(page, live_server, "desk")
    page.goto(f"{live_server.url}/admin/blog/article/{article.pk}/change/")
    page.fill("input[name=title]", "A changed headline")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay

    page.once("dialog", answer)
    page.click("#site-name a")
    expect(page.locator("input[name=title]")).to_have_value("A changed headline")
    assert asked == ["beforeunload"]
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url("**/change/")
    page.on("dialog", lambda dialog: asked.append(dialog.type) or dialog.accept())
    page.click("#site-name a")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert asked == ["beforeunload"]


def test_a_new_product_box_comes_back_and_the_offer_passes_axe(live_server, page):
    """A product box chosen in the autocomplete comes back with its link; the offer and the
    presence notice have no serious axe violations."""
    factories.make_user(username="owner", is_staff=True, is_superuser=True, password=PASSWORD)
    colleague = person("edna", "Editors", first_name="Edna", last_name="Ward")
    article = factories.make_article(sections=factories.standard_sections())
    link = make_link(name="Harbour Kettle")
    change = f"{live_server.url}/admin/blog/article/{article.pk}/change/"
    log_in(page, live_server, "owner")
    page.goto(change)
    page.click("#affiliate_products-group .add-row a")
    page.click("#affiliate_products-group tr.dynamic-affiliate_products .select2-selection")
    page.fill(".select2-search__field", "Harbour")
    page.click(".select2-results__option >> text=Harbour Kettle")
    expect(page.locator("select[name=affiliate_products-0-link]")).to_have_value(str(link.pk))
    leave(page, live_server)
    wait_for_draft(User.objects.get(username="owner"))

    presence.heartbeat(article_id=article.pk, user=colleague)
    page.goto(change)
    offer = page.locator("#autosave-offer")
    expect(offer).to_contain_text("New product box 1")
    expect(page.locator("#presence-notice")).to_contain_text("Edna Ward (since")
    assert serious_violations(page) == []
    page.click("#autosave-restore")
    expect(page.locator("select[name=affiliate_products-0-link]")).to_have_value(str(link.pk))
    expect(page.locator("#affiliate_products-group .select2-selection")).to_contain_text(
        "Harbour Kettle"
    )
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url("**/change/")
    assert list(article.affiliate_products.values_list("link", flat=True)) == [link.pk]
    assert page.js_errors == []
