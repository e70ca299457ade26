import io

import pytest
from django.core.management import call_command

from blog.demo_content import DEMO_ARTICLES
from blog.models import Article
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_load_demo_adds_a_threaded_discussion_once(client):
    """The demo's newest article gets approved comments with a reply, shown on its page."""
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    article = Article.objects.get(slug=DEMO_ARTICLES[0]["slug"])
    comments = Comment.objects.filter(article=article)
    assert comments.count() == 4
    assert comments.filter(parent__isnull=False).exists()
    assert set(comments.values_list("status", flat=True)) == {Comment.Status.APPROVED}
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('class="comment depth-') == 4
