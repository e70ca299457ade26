"""Inline admin classes that correct what Django's own leave out."""

from __future__ import annotations

from django.contrib import admin


class _ColumnLabels:
    """Names each input of a row after its column (the field's label), "Delete" included."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            if field.label and not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", str(field.label))


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs have accessible names.

    Django's table heads each column with the field's label but gives the inputs in its rows
    no ``<label>``, so screen readers announce them unnamed (axe: "Form elements must have
    labels", critical). Each input gets its column's label as ``aria-label``; what sighted
    users see is unchanged.
    """

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (_ColumnLabels, formset), {})
