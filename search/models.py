"""The search index: one row per article whose live status is published.

The columns hold plain text taken from the live Article and Section rows (never proposed or
draft text). Each database adds its own full-text structure in a migration:

* PostgreSQL: a ``vector tsvector`` column kept by a trigger (title weight A, standfirst and
  section headings B, lede and section bodies C) with a GIN index;
* SQLite: an FTS5 table ``search_fts`` (external content, kept by triggers).
"""

from django.db import models

from blog.models import Article


class SearchEntry(models.Model):
    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    title = models.TextField()
    lead = models.TextField(blank=True, help_text="Standfirst and section headings.")
    body = models.TextField(blank=True, help_text="Lede and section bodies, as plain text.")
    # PostgreSQL's text search configuration the vector was built with.
    config = models.CharField(max_length=40, default="english")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return self.title
