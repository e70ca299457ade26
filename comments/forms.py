"""The reader's comment form. Spam checks that need the database live in ``services``."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from . import names
from .models import BODY_MAX_LENGTH, Comment

MARKDOWN_HELP = (
    "Blank line between paragraphs · *italic* · **bold** · [link](https://…) · "
    "`code` · > quote · - list"
)


def no_control_characters(value: str) -> None:
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValidationError("Please use letters, numbers and punctuation only.")


HIDDEN_FIELDS = ("reply_to", "section", "honeypot")
MAX_ID = 2**63 - 1  # the largest key the database stores: bigger ones are not ids at all
SECTION_ERROR = "The section you are responding to is no longer in this article."
REPLY_ERROR = "The comment you are replying to is no longer available."


class CommentForm(forms.ModelForm):
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url", "placeholder": "https://"}),
    )
    reply_to = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # The section answered ("Respond to this section"); services checks it is this article's.
    section = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    # Hidden from people (CSS and aria-hidden), tempting to bots: filled in means spam.
    honeypot = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Comment
        fields = ["name", "email", "website", "body", "notify_replies"]
        labels = {
            "name": "Name",
            "email": "Email",
            "body": "Comment",
            "notify_replies": "Email me replies to this comment",
        }
        help_texts = {
            "email": "Never shown. Used only to tell you of replies if you ask.",
            "body": MARKDOWN_HELP,
            "notify_replies": "",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": BODY_MAX_LENGTH}),
        }
        error_messages = {
            "name": {"required": "Please give a name to show with your comment."},
            "email": {"required": "Please give your email address (it is never shown)."},
            "body": {"required": "Please write your comment."},
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(no_control_characters)
        self.fields["body"].max_length = BODY_MAX_LENGTH
        self.fields["body"].strip = False  # keep the reader's text exactly as typed

    def focus_first_error(self) -> None:
        """Autofocus the first field to fix, so the re-shown page opens at the form."""
        visible = [name for name in self.fields if name not in HIDDEN_FIELDS]
        name = next((name for name in visible if name in self.errors), "body")
        self.fields[name].widget.attrs["autofocus"] = True

    def clean(self):
        cleaned = super().clean()
        # A hidden field has no place on the page to show its error: say it above the form
        # (the re-shown form then answers the whole article, or no comment).
        for name, message in (("reply_to", REPLY_ERROR), ("section", SECTION_ERROR)):
            if name in self._errors:
                del self._errors[name]
                self.add_error(None, message)
        return cleaned

    def clean_name(self) -> str:
        """Without bidi controls or zero-width characters, and not a staff member's name."""
        name = names.strip_invisible(self.cleaned_data["name"])
        if not name:
            raise ValidationError("Please give a name to show with your comment.")
        names.check_not_reserved(name)
        return name

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise ValidationError("Please write your comment.")
        if len(body) > BODY_MAX_LENGTH:
            raise ValidationError(f"Please keep comments under {BODY_MAX_LENGTH} characters.")
        return body
