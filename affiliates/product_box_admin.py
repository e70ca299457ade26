"""The product-box inline that this app adds to blog's Article admin.

Registered in ``apps.ready`` through ``blog.extensions.article_admin_inlines``: blog's admin
appends the inlines listed there, so it never imports this app.
"""

from __future__ import annotations

from django import forms
from django.forms.models import BaseInlineFormSet

from blog.admin_inlines import LabelledTabularInline

from .models import ArticleProduct


class ProductBoxFormSet(BaseInlineFormSet):
    """Treats a form posted without this inline (a client that predates it) as "no change".

    The inline joins blog's article form from this app; posts built for blog's own form
    carry no management form for it, which Django would reject as tampering.
    """

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        prefix = prefix or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)


class ProductBoxForm(forms.ModelForm):
    class Meta:
        model = ArticleProduct
        fields = ["link", "after_section", "position"]


class ArticleProductInline(LabelledTabularInline):
    model = ArticleProduct
    form = ProductBoxForm
    formset = ProductBoxFormSet
    autocomplete_fields = ["link"]
    extra = 0
    ordering = ["position", "id"]
    verbose_name = "product box"
    verbose_name_plural = (
        "product boxes (shown after the given section, or at the end; inline: "
        "[Product name](aff:slug#box) on a line of its own)"
    )
