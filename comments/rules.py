"""The moderation rules: each looks at a new comment and may hold it or call it spam.

Every rule that fires gives a reason a moderator can read. Spam outranks holding; a comment
no rule objects to is published at once. A reason that names the commenter's personal data
(their email address or IP address) puts it in parentheses, which authors without the
moderation permission never see (``without_personal_data``).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .models import Comment, ModerationSettings
from .tokens import MAX_AGE, MIN_SECONDS, FormToken

SPAM_POINTS = 10
HOLD_POINTS = 1


@dataclass(frozen=True)
class Candidate:
    """What the rules judge: the comment as it would be stored, and how it arrived."""

    comment: Comment  # unsaved; body_html rendered; commenter_key set from the cookie
    token: FormToken | None  # None: posted without one (no JavaScript, or a script)
    honeypot: str
    rules: ModerationSettings


@dataclass
class Verdict:
    status: str = Comment.Status.APPROVED
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    def spam(self, reason: str) -> None:
        self.status = Comment.Status.SPAM
        self.score += SPAM_POINTS
        self.reasons.append(reason)

    def hold(self, reason: str) -> None:
        if self.status != Comment.Status.SPAM:
            self.status = Comment.Status.PENDING
        self.score += HOLD_POINTS
        self.reasons.append(reason)


def honeypot(candidate: Candidate, verdict: Verdict) -> None:
    if candidate.honeypot:
        verdict.spam("The hidden honeypot field was filled in.")


def form_timing(candidate: Candidate, verdict: Verdict) -> None:
    if candidate.token is None:
        verdict.hold("Posted without a form token (JavaScript off, or a script): not timed.")
        return
    age = candidate.token.age()
    if candidate.token.too_fast():
        verdict.spam(
            f"Posted {max(age, 0):.1f} s after the form was served (minimum {MIN_SECONDS} s)."
        )
    elif candidate.token.too_old():
        verdict.spam(
            f"The form was served {age / 86400:.1f} days before posting "
            f"(maximum {MAX_AGE.days} days)."
        )


def blocked_words(candidate: Candidate, verdict: Verdict) -> None:
    pattern = candidate.rules.blocked_word_pattern
    if pattern is None:
        return
    comment = candidate.comment
    for label, text in (("name", comment.name), ("website", comment.website),
                        ("comment", comment.body)):  # fmt: skip
        match = pattern.search(text)
        if match:
            verdict.spam(f"Blocked word “{match[0]}” in the {label}.")
            return


def blocked_email(candidate: Candidate, verdict: Verdict) -> None:
    email = candidate.comment.email.lower()
    entries = candidate.rules.blocked_email_entries
    domain = "@" + email.rpartition("@")[2]
    if email in entries or domain in entries:
        verdict.spam(f"Blocked email address ({email if email in entries else domain}).")


def blocked_ip(candidate: Candidate, verdict: Verdict) -> None:
    ip = candidate.comment.ip_address
    if not ip or not candidate.rules.blocked_networks:
        return
    address = ipaddress.ip_address(ip)
    for network in candidate.rules.blocked_networks:
        if address.version == network.version and address in network:
            verdict.spam(f"Blocked IP address ({ip} in {network}).")
            return


def too_many_links(candidate: Candidate, verdict: Verdict) -> None:
    links, allowed = candidate.comment.link_count, candidate.rules.max_links
    if links > allowed:
        verdict.hold(f"Contains {links} links (more than {allowed}).")


def first_time_commenter(candidate: Candidate, verdict: Verdict) -> None:
    if not candidate.rules.hold_first_time or verdict.status == Comment.Status.SPAM:
        return  # spam already: spare the query
    # An approved comment vouches for an address only from the browser that wrote it:
    # same email and same commenter key (``identity``), which an impostor does not have.
    comment = candidate.comment
    known = bool(comment.commenter_key) and (
        Comment.objects.approved()
        .filter(commenter_key=comment.commenter_key, email=comment.email.lower())
        .exists()
    )
    if not known:
        verdict.hold("First comment from this email address in this browser.")


RULES: list[Callable[[Candidate, Verdict], None]] = [
    honeypot,
    form_timing,
    blocked_words,
    blocked_email,
    blocked_ip,
    too_many_links,
    first_time_commenter,
]


_DETAIL = re.compile(r"\s*\(([^()]*)\)")


def without_personal_data(reason: str) -> str:
    """The reason without parenthesised email or IP addresses: what non-moderators read.

    "Blocked IP address (203.0.113.9 in 203.0.113.0/24)." becomes "Blocked IP address.", while
    "Contains 5 links (more than 2)." stays whole. Decided by the detail's content rather than
    by the rule's wording, so reasons stored earlier, or by a new rule, are covered too.
    """
    return _DETAIL.sub(lambda detail: "" if _is_personal(detail[1]) else detail[0], reason)


def _is_personal(detail: str) -> bool:
    """Holds an email address or domain (anything with "@"), or an IP address or network."""
    return any("@" in word or _is_ip(word.strip(",;.")) for word in detail.split())


def _is_ip(word: str) -> bool:
    try:
        ipaddress.ip_network(word, strict=False)
    except ValueError:
        return False
    return True


def judge(candidate: Candidate) -> Verdict:
    verdict = Verdict()
    for rule in RULES:
        rule(candidate, verdict)
    return verdict
