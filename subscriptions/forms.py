"""The "Get new articles by email" form: an address, optionally some tags, and spam guards."""

from __future__ import annotations

from django import forms

from blog.models import Tag

MAX_TAG_CHOICES = 20


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Please give your email address.",
            "invalid": "Please check your email address: it does not look complete.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "required": True}),
    )
    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.all(),
        required=False,
        label="Only articles tagged",
        widget=forms.CheckboxSelectMultiple,
    )
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)  # the signed time served
    # Hidden from people, tempting to bots: filled in means the post is dropped.
    website = forms.CharField(required=False, label="Leave this field empty")

    def __init__(self, *args, tag_choices=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "follow-%s")  # the comment form has its own "email"
        super().__init__(*args, **kwargs)
        if tag_choices is not None:
            self.fields["tags"].queryset = Tag.objects.filter(
                pk__in=[tag.pk for tag in tag_choices]
            )

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        if len(tags) > MAX_TAG_CHOICES:
            raise forms.ValidationError(f"Please choose at most {MAX_TAG_CHOICES} tags.")
        return tags
