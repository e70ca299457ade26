import pytest
from django.contrib.auth import get_user_model

from blog.models import Article
from comments.models import Comment
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server):
    get_user_model().objects.create_superuser("chief", "chief@example.com", "a long pass phrase")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "a long pass phrase")
    page.click("input[type=submit]")


def test_editor_reorders_sections_with_the_arrow_buttons(live_server, page):
    """↓ on the first section, then Save, moves it below the second in the saved article."""
    article = factories.make_article(sections=factories.standard_sections())
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/blog/article/{article.pk}/change/")
    page.locator(
        "#sections-group .inline-related:not(.empty-form) .section-move-down"
    ).first.click()
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/admin/blog/article/")
    headings = list(Article.objects.get().sections.values_list("heading", flat=True))
    assert headings == ["Sanctions and Spare Parts", "Talks Resume in Lisvard", ""]
    assert page.js_errors == []


def test_reply_link_moves_the_form_under_the_comment(live_server, page):
    """With JavaScript, Reply puts the form under that comment and records the parent."""
    article = factories.make_article()
    comment = Comment.objects.create(
        article=article, name="Ana", email="ana@example.org", body="First!", status="approved"
    )
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    page.locator(f"#comment-{comment.pk} a.comment-reply").click()
    assert page.locator("input[name=reply_to]").input_value() == str(comment.pk)
    assert page.locator(f"#comment-{comment.pk} #respond textarea").count() == 1
    assert page.js_errors == []
