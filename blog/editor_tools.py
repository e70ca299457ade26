"""What every editor-tool search endpoint shares (``blog.extensions.EditorTool``).

The endpoints live in the apps that own the data (the media library, affiliate links); they
read the search text and answer JSON through these helpers, so every picker bounds its input
and its output the same way.
"""

from __future__ import annotations

import re

from django import forms
from django.http import JsonResponse

MAX_QUERY_LENGTH = 100
MAX_RESULTS = 20
_LINK_TEXT_SPECIAL = re.compile(r"([\\\[\]])")


def search_text(request) -> str:
    """The ``q`` parameter, trimmed to ``MAX_QUERY_LENGTH`` characters, NULs dropped."""
    return request.GET.get("q", "")[:MAX_QUERY_LENGTH].replace("\x00", "").strip()


def link_text(text: str) -> str:
    """``text`` safe inside Markdown's ``[…]`` (brackets and backslashes escaped)."""
    return _LINK_TEXT_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def choice(label: str, markdown: str, *, block: bool) -> dict:
    return {"label": label, "markdown": markdown, "block": block}


def result(*, label: str, detail: str = "", thumbnail: str = "", choices: list[dict]) -> dict:
    return {"label": label, "detail": detail, "thumbnail": thumbnail, "choices": choices}


def results_response(results: list[dict]) -> JsonResponse:
    """The endpoint's answer; wrapped by ``admin_site.admin_view``, it is never cached."""
    return JsonResponse({"results": results[:MAX_RESULTS]})


def describe_form(form: forms.Form) -> JsonResponse:
    """An upload endpoint's fields, for the picker to build its form from (GET)."""
    return JsonResponse(
        {
            "fields": [
                {
                    "name": field.html_name,
                    "label": str(field.label),
                    "type": "file" if isinstance(field.field, forms.FileField) else "text",
                    "required": field.field.required,
                    "max_length": getattr(field.field, "max_length", None),
                    "help": str(field.help_text),
                }
                for field in form
                if not field.is_hidden
            ]
        }
    )


def form_errors(form: forms.Form) -> JsonResponse:
    """What was wrong, field by field ("__all__" for the form), for the picker to show."""
    return JsonResponse(
        {"errors": {name: list(errors) for name, errors in form.errors.items()}}, status=400
    )


def created(result_: dict) -> JsonResponse:
    return JsonResponse({"result": result_}, status=201)
