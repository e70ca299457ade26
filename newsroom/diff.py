"""A readable comparison of two revisions: field by field, then section by section.

Words are compared (``difflib`` on word tokens, whitespace kept); sections are matched by
identity, so a section that changed place is shown as *moved*, not as removed and added.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .revisions import COMPARED_FIELDS, SectionState, Snapshot

# A word or punctuation mark with the spaces after it: spaces never match on their own, so a
# rewritten phrase reads as one deletion and one insertion, not a comb of tiny pieces.
TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


def words(old: str, new: str) -> SafeString:
    """``new`` with the words removed from ``old`` in <del> and those added in <ins>."""
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
    return mark_safe("".join(out))  # every piece was escaped above


@dataclass
class FieldChange:
    label: str
    html: SafeString


@dataclass
class SectionChange:
    state: str  # "changed", "added", "removed", "moved", "moved and changed", "same"
    title: str
    position: str
    heading_html: SafeString | None = None
    body_html: SafeString | None = None


@dataclass
class Comparison:
    fields: list[FieldChange] = field(default_factory=list)
    sections: list[SectionChange] = field(default_factory=list)
    tags: SafeString | None = None
    others: SafeString | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.fields or self.tags or self.others or any(s.state != "same" for s in self.sections)
        )


def _title(section: SectionState) -> str:
    return f"{section.kind}: {section.heading}" if section.heading else section.kind


def compare(old: Snapshot, new: Snapshot) -> Comparison:
    result = Comparison()
    for name, label in COMPARED_FIELDS:
        before, after = old.fields.get(name, ""), new.fields.get(name, "")
        if before != after:
            result.fields.append(FieldChange(label, words(before, after)))
    before = {section.id: section for section in old.sections}
    after_ids = {section.id for section in new.sections}
    # Order of the sections both have, to tell a real move from a shift caused by others.
    kept_old = [s.id for s in old.sections if s.id in after_ids]
    kept_new = [s.id for s in new.sections if s.id in before]
    stable = _longest_common_order(kept_old, kept_new)
    for section in new.sections:
        previous = before.get(section.id)
        if previous is None:
            result.sections.append(
                SectionChange(
                    "added", _title(section), f"{section.position}",
                    words("", section.heading), words("", section.body),
                )
            )  # fmt: skip
            continue
        moved = section.id not in stable
        changed = (previous.heading, previous.body, previous.kind) != (
            section.heading, section.body, section.kind,
        )  # fmt: skip
        state = ("moved and changed" if changed else "moved") if moved else (
            "changed" if changed else "same"
        )  # fmt: skip
        position = f"{previous.position} → {section.position}" if moved else f"{section.position}"
        kind_note = f"{previous.kind} → {section.kind}" if previous.kind != section.kind else ""
        result.sections.append(
            SectionChange(
                state,
                _title(section) + (f" (kind {kind_note})" if kind_note else ""),
                position,
                words(previous.heading, section.heading) if changed else None,
                words(previous.body, section.body) if changed else None,
            )
        )
    for section in old.sections:
        if section.id not in after_ids:
            result.sections.append(
                SectionChange(
                    "removed", _title(section), f"{section.position}",
                    words(section.heading, ""), words(section.body, ""),
                )
            )  # fmt: skip
    if old.tags != new.tags:
        result.tags = words(", ".join(old.tags), ", ".join(new.tags))
    if old.others != new.others:
        result.others = words("; ".join(old.others), "; ".join(new.others))
    return result


def _longest_common_order(a: list[int], b: list[int]) -> set[int]:
    """The ids that keep their relative order (the rest moved)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    stable = set()
    for block in matcher.get_matching_blocks():
        stable.update(a[block.a : block.a + block.size])
    return stable
