"""The section kinds every Broadsheet site starts with; owners add more in the admin."""

from django.db import migrations

KINDS = [
    ("Section", "section", "", "A free section: your own heading, no label.", 0),
    (
        "Deep Dive",
        "deep-dive",
        "Deep Dive",
        "A close look at one thread of the story, with its own heading after the label.",
        10,
    ),
    (
        "Prophetic Context",
        "prophetic-context",
        "Prophetic Context",
        "The longer view: history, scripture or literature that frames today’s events.",
        20,
    ),
    (
        "Strategic Implications",
        "strategic-implications",
        "Strategic Implications",
        "What this changes for the actors involved, and what to watch next.",
        30,
    ),
    (
        "Conclusion",
        "conclusion",
        "Conclusion",
        "The verdict: what is clear, what remains uncertain.",
        40,
    ),
]


def create_kinds(apps, schema_editor):
    SectionKind = apps.get_model("blog", "SectionKind")
    for name, slug, label, guidance, position in KINDS:
        SectionKind.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "label": label, "guidance": guidance, "position": position},
        )


def remove_unused_kinds(apps, schema_editor):
    SectionKind = apps.get_model("blog", "SectionKind")
    slugs = [slug for _, slug, *_ in KINDS]
    SectionKind.objects.filter(slug__in=slugs, sections__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("blog", "0001_initial")]

    operations = [migrations.RunPython(create_kinds, remove_unused_kinds)]
