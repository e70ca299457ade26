"""Load Broadsheet's demo articles; running it again changes nothing."""

import io
import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from blog import extensions
from blog.demo_content import DEMO_ARTICLES
from blog.models import Article, Section, SectionKind

DEMO_AUTHORS = {
    "editor": ("Miriam", "Hale"),
    "analyst": ("Tomas", "Reyes"),
}


class Command(BaseCommand):
    help = "Create the demo articles (idempotent: existing articles are left as they are)."

    def handle(self, *args, **options):
        authors = self.ensure_authors()
        kinds = {kind.slug: kind for kind in SectionKind.objects.all()}
        created = 0
        for data in DEMO_ARTICLES:
            if Article.objects.filter(slug=data["slug"]).exists():
                continue
            with transaction.atomic():
                self.create_article(data, authors[data["author"]], kinds)
            created += 1
        self.stdout.write(
            self.style.SUCCESS(f"Demo content: {created} article(s) created, "
                               f"{len(DEMO_ARTICLES) - created} already present.")
        )  # fmt: skip
        for load in extensions.demo_loaders:  # comments, affiliate links…
            load(stdout=self.stdout)

    def ensure_authors(self):
        User = get_user_model()
        authors = {}
        for username, (first, last) in DEMO_AUTHORS.items():
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            authors[username] = user
        return authors

    def create_article(self, data, author, kinds):
        image = data["image"]
        article = Article(
            title=data["title"],
            slug=data["slug"],
            dek=data["dek"],
            intro=data["intro"],
            meta_description=data["meta_description"],
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(days=data["days_ago"], hours=3),
            featured_image_alt=image["alt"],
            featured_image_caption=image["caption"],
            featured_image_credit=image["credit"],
        )
        article.featured_image.save(
            f"{data['slug']}.jpg",
            ContentFile(demo_image(data["slug"], image["colours"])),
            save=False,
        )
        article.full_clean()
        article.save()
        article.tags.set(data["tags"])
        for position, section in enumerate(data["sections"], start=1):
            Section.objects.create(
                article=article,
                kind=kinds[section["kind"]],
                heading=section["heading"],
                body=section["body"],
                position=position,
            )


def demo_image(seed: str, colours: tuple[str, str]) -> bytes:
    """An abstract 1600×900 illustration: a gradient crossed by translucent bands."""
    width, height = 1600, 900
    first, second = (Image.new("RGB", (1, 1), colour).getpixel((0, 0)) for colour in colours)
    gradient = Image.linear_gradient("L").rotate(90).resize((width, height))
    image = Image.composite(Image.new("RGB", (width, height), second),
                            Image.new("RGB", (width, height), first), gradient)  # fmt: skip
    overlay = Image.new("RGBA", (width, height))
    draw = ImageDraw.Draw(overlay)
    rng = random.Random(seed)  # deterministic per article
    for _ in range(14):
        x, y = rng.randrange(-200, width), rng.randrange(-200, height)
        size = rng.randrange(120, 520)
        shade = rng.choice([(255, 255, 255, 40), (0, 0, 0, 45), (*first, 90), (*second, 90)])
        draw.ellipse((x, y, x + size, y + size), fill=shade)
    for _ in range(5):
        y = rng.randrange(0, height)
        draw.line((0, y, width, y + rng.randrange(-300, 300)), fill=(255, 255, 255, 70), width=3)
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()
