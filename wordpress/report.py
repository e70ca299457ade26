"""The import's report: counts by kind, and every item skipped or changed, with its ID."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# (heading, [(count key, label)…]) in the order the report prints them.
SUMMARY = (
    ("Articles", (("published", "published"), ("scheduled", "scheduled"),
                  ("draft", "drafts"), ("post_existing", "already imported"),
                  ("post_updated", "updated from the file"))),
    ("Comments", (("approved", "approved"), ("pending", "pending"), ("spam", "spam"),
                  ("removed", "removed"), ("comment_existing", "already imported"),
                  ("pings", "pingbacks/trackbacks skipped"),
                  ("comment_skipped", "skipped"))),
    ("Tags", (("tags_new", "new"), ("tags_existing", "existing"),
              ("categories", "from categories"), ("post_tags", "from tags"))),
    ("Authors", (("authors_new", "new users"), ("authors_existing", "existing users"))),
    ("Pages", (("page_published", "published"), ("page_draft", "drafts"),
               ("page_existing", "already imported"),
               ("page_updated", "updated from the file"))),
    ("Affiliate links", (("affiliates_new", "new"), ("affiliates_existing", "existing"))),
    ("Redirects", (("redirects_new", "new"), ("redirects_existing", "existing"))),
    ("Images", (("images_copied", "copied"), ("images_linked", "kept as links"),
                ("featured", "featured images"))),
    ("Other items", (("attachments", "attachments"), ("nav_menu_items", "menu items"),
                     ("skipped_items", "other items skipped"))),
)  # fmt: skip


@dataclass(frozen=True)
class Entry:
    kind: str
    wp_id: str
    title: str
    reason: str

    def __str__(self) -> str:
        title = f" “{self.title[:60]}”" if self.title else ""
        return f"{self.kind} {self.wp_id}{title}: {self.reason}"


@dataclass
class Report:
    site: str = ""
    version: str = ""
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    entries: list[Entry] = field(default_factory=list)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] += n

    def note(self, kind: str, wp_id: str, title: str, reason: str) -> None:
        self.entries.append(Entry(kind, str(wp_id), title, reason))

    def summary_lines(self) -> list[str]:
        lines = []
        for heading, parts in SUMMARY:
            shown = [f"{self.counts[key]} {label}" for key, label in parts if self.counts[key]]
            lines.append(f"{heading}: {', '.join(shown) if shown else '0'}")
        return lines

    def lines(self) -> list[str]:
        mode = " (dry run: nothing was written)" if self.dry_run else ""
        head = [f"WordPress import of {self.site or 'unknown site'} (WXR {self.version}){mode}"]
        body = [f"Skipped or changed: {len(self.entries)}"]
        body += [f"  {entry}" for entry in self.entries]
        return head + self.summary_lines() + body

    def text(self) -> str:
        return "\n".join(self.lines())
