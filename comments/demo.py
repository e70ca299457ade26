"""A short demo discussion under the newest demo article, most of it on its Strategic
Implications section (run by ``manage.py load_demo``)."""

from datetime import timedelta

from blog.demo_content import DEMO_ARTICLES
from blog.models import Article

from .models import Comment

DEMO_THREAD = [
    # (name, email, body, index of the comment it replies to, kind of the section it answers)
    ("Ana Petrovic", "ana@example.org",
     "The point about permits is the part most coverage missed: nobody has to *close* a "
     "corridor if they can slow it down.", None, "strategic-implications"),
    ("Jonah Weiss", "jonah@example.org",
     "Agreed, though I think the Compact has more leverage than the piece allows. Steel "
     "tariffs cut both ways.", 0, "strategic-implications"),
    ("Ana Petrovic", "ana@example.org",
     "Fair. The harvest window is what makes it asymmetric, in my view.", 1,
     "strategic-implications"),
    ("R. Okafor", "okafor@example.org",
     "Useful background on the financing history. Is there a public copy of the 1990s "
     "corridor agreement?", None, None),
]  # fmt: skip


def load_demo(*, stdout) -> None:
    article = Article.objects.filter(slug=DEMO_ARTICLES[0]["slug"]).first()
    if article is None or article.comments.exists():
        return
    created: list[Comment] = []
    sections = {section.kind.slug: section for section in article.sections.select_related("kind")}
    for offset, (name, email, body, parent, kind) in enumerate(DEMO_THREAD):
        created.append(
            Comment.objects.create(
                article=article,
                parent=created[parent] if parent is not None else None,
                section=sections.get(kind),
                name=name,
                email=email,
                body=body,
                status=Comment.Status.APPROVED,
                created_at=article.published_at + timedelta(hours=2 + offset),
            )
        )
    stdout.write(f"Demo comments: {len(created)} on “{article.title}”.")
