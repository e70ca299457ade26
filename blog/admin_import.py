"""The admin's "Import article" page: paste or upload a draft, preview it, create a draft.

No state is kept on the server between the preview and the creation: the preview page puts
the draft back in the form's text area, and "Create draft" submits it again (CSRF-protected,
like every admin form). Wired into ``ArticleAdmin.get_urls`` by ``import_article_urls``.

The author corrects the detector without JavaScript: each section heading and each single
short line of the text has a "flip" checkbox; the next Preview (or Create draft) reads the
draft again with those lines flipped, and hidden fields carry the corrections so far
(``as_heading``, ``as_paragraph``: line numbers) from one preview to the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.safestring import SafeString, mark_safe

from . import markup
from .importer import (
    MAX_DRAFT_BYTES,
    DraftError,
    ImportPlan,
    PlannedSection,
    decode_draft,
    lines_note,
    plan_import,
)
from .models import SectionKind
from .services import create_article_from_plan

UPLOAD_SUFFIXES = (".txt", ".md", ".markdown")
MAX_MB = MAX_DRAFT_BYTES // 1024 // 1024
MAX_CORRECTIONS = 5000  # line numbers carried between previews
MAX_LINE_NUMBER = MAX_DRAFT_BYTES  # a draft has no more lines than bytes


class LineNumbersField(forms.Field):
    """Line numbers, from a comma-separated hidden value or from several checkboxes."""

    widget = forms.HiddenInput

    def to_python(self, value) -> frozenset[int]:
        if not value:
            return frozenset()
        parts = value if isinstance(value, list | tuple) else str(value).split(",")
        if len(parts) > MAX_CORRECTIONS:
            raise ValidationError("Too many corrections at once.")
        numbers = set()
        for part in parts:
            part = str(part).strip()
            if not part:
                continue
            if not part.isascii() or not part.isdigit() or len(part) > 8:
                raise ValidationError("Not a line number.")
            number = int(part)
            if not 1 <= number <= MAX_LINE_NUMBER:
                raise ValidationError("Not a line number.")
            numbers.add(number)
        return frozenset(numbers)

    def prepare_value(self, value) -> str:
        if isinstance(value, frozenset | set | list | tuple):
            return ",".join(str(number) for number in sorted(value))
        return value or ""


class FlipWidget(forms.MultipleHiddenInput):
    """Rendered by the preview as one checkbox per line (the field itself renders nothing)."""

    def render(self, *args, **kwargs) -> str:
        return ""


class ImportArticleForm(forms.Form):
    text = forms.CharField(
        label="Draft",
        required=False,
        strip=False,  # keep the lines where they are: the report cites line numbers
        widget=forms.Textarea(
            attrs={"rows": 16, "class": "vLargeTextField", "spellcheck": "false"}
        ),
        help_text="Paste the draft as written: plain text (one paragraph per line is fine) "
        "or Markdown.",
    )
    upload = forms.FileField(
        label="…or upload a file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}),
        help_text=f"A .txt or .md file in UTF-8, at most {MAX_MB} MB. It replaces the text above.",
    )
    title = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text="Leave empty to use the draft's own headline; required if it has none.",
    )

    as_heading = LineNumbersField(required=False)
    as_paragraph = LineNumbersField(required=False)
    flip = LineNumbersField(required=False, widget=FlipWidget)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if len(text.encode("utf-8", "surrogatepass")) > MAX_DRAFT_BYTES:
            raise ValidationError(f"The draft is larger than {MAX_MB} MB.")
        return text

    def clean_upload(self) -> str:
        """The uploaded file's text ("" without a file)."""
        upload = self.cleaned_data.get("upload")
        if not upload:
            return ""
        if PurePath(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise ValidationError("Upload a .txt or .md file.")
        if upload.size > MAX_DRAFT_BYTES:
            raise ValidationError(f"The file is larger than {MAX_MB} MB.")
        try:
            text = decode_draft(upload.read())
        except DraftError as error:
            raise ValidationError(str(error)) from None
        if "\x00" in text:
            raise ValidationError("The file contains NUL characters: it is not plain text.")
        return text

    def clean(self) -> dict:
        cleaned = super().clean()
        draft = cleaned.get("upload") or cleaned.get("text") or ""
        if not self.errors and not draft.strip():
            self.add_error("text", "Paste the draft, or choose a file to upload.")
        cleaned["draft"] = draft
        return cleaned


@dataclass(frozen=True)
class PreviewSection:
    number: int
    kind_slug: str
    kind_label: str  # the kind's name as the owner wrote it: "Deep Dive", "Section"
    heading: str
    line: int
    html: SafeString


@dataclass(frozen=True)
class Preview:
    """What the preview shows, computed here so the template only displays it."""

    plan: ImportPlan
    intro_html: SafeString
    sections: list[PreviewSection]
    title_note: str
    quotes_note: str
    lists_note: str
    footnotes_note: str
    candidates: list[tuple[int, str]]  # lines the author may make headings


def build_preview(plan: ImportPlan, kinds: list[SectionKind] | None = None) -> Preview:
    names = {kind.slug: kind.name for kind in kinds or ()}

    def html(text: str, anchor: str) -> SafeString:
        # render_markdown sanitises its output: it is safe to show as is.
        return mark_safe(markup.render_markdown(text, context={"anchor_prefix": anchor}))

    if plan.title_given:
        title_note = "(as given)"
    elif plan.title:
        title_note = f"(line {plan.title_line})"
    else:
        title_note = "— the draft has no headline: type the title below."
    return Preview(
        plan=plan,
        intro_html=html(plan.intro, "import-lede") if plan.intro else SafeString(""),
        sections=[_preview_section(number, section, html, names)
                  for number, section in enumerate(plan.sections, start=1)],
        title_note=title_note,
        quotes_note=lines_note(plan.quote_lines),
        lists_note=lines_note(plan.list_lines),
        footnotes_note=lines_note(plan.footnote_lines),
        candidates=list(plan.heading_candidates),
    )  # fmt: skip


def _preview_section(number: int, section: PlannedSection, html, names) -> PreviewSection:
    return PreviewSection(
        number=number,
        kind_slug=section.kind_slug,
        kind_label=names.get(section.kind_slug, section.kind_slug),
        heading=section.display_heading,
        line=section.line,
        html=html(section.body, f"import-s{number}"),
    )


def import_article_view(request: HttpRequest, model_admin: admin.ModelAdmin) -> HttpResponse:
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    preview = None
    if request.method == "POST":
        form = ImportArticleForm(request.POST, request.FILES)
        if form.is_valid():
            draft, title = form.cleaned_data["draft"], form.cleaned_data["title"]
            kinds = list(SectionKind.objects.all())
            try:
                plan, corrections = _plan_with_corrections(draft, title, kinds, form.cleaned_data)
            except DraftError as error:
                form.add_error("text", str(error))
            else:
                preview = build_preview(plan, kinds)
                if "_create" in request.POST:
                    article = _create(request, form, plan)
                    if article is not None:
                        model_admin.message_user(
                            request,
                            f"“{article.title}” was imported as a draft: check it, then publish.",
                            messages.SUCCESS,
                        )
                        change = reverse("admin:blog_article_change", args=[article.pk])
                        return HttpResponseRedirect(change)
                if not form.errors:
                    # The preview's form carries the draft (and the title found) back.
                    form = ImportArticleForm(
                        initial={"text": draft, "title": plan.title, **corrections}
                    )
                else:
                    form.data = form.data.copy()
                    form.data["text"] = draft
                    for name, lines in corrections.items():
                        form.data[name] = ",".join(map(str, sorted(lines)))
                    form.data.setlist("flip", [])
    else:
        form = ImportArticleForm()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import article",
        "form": form,
        "preview": preview,
        "max_mb": MAX_MB,
    }
    return TemplateResponse(request, "admin/blog/article/import.html", context)


def _plan_with_corrections(
    draft: str, title: str, kinds: list[SectionKind], data: dict
) -> tuple[ImportPlan, dict[str, frozenset[int]]]:
    """The plan with the author's corrections, and the corrections to carry on.

    A ticked line that is a section heading becomes a paragraph; any other becomes a heading.
    """
    as_heading, as_paragraph = set(data["as_heading"]), set(data["as_paragraph"])
    plan = plan_import(draft, title=title, kinds=kinds, as_heading=as_heading,
                       as_paragraph=as_paragraph)  # fmt: skip
    if data["flip"]:
        headings = {section.line for section in plan.sections}
        for line in data["flip"]:
            if line in headings:
                as_paragraph.add(line)
                as_heading.discard(line)
            else:
                as_heading.add(line)
                as_paragraph.discard(line)
        plan = plan_import(draft, title=title, kinds=kinds, as_heading=as_heading,
                           as_paragraph=as_paragraph)  # fmt: skip
    return plan, {"as_heading": frozenset(as_heading), "as_paragraph": frozenset(as_paragraph)}


def _create(request: HttpRequest, form: ImportArticleForm, plan: ImportPlan):
    if not plan.title:
        form.add_error("title", "The draft has no headline: give the article a title.")
        return None
    try:
        return create_article_from_plan(plan=plan, author=request.user, tags=(), publish=False)
    except ValidationError as error:
        problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, messages_ in problems.items():
            if field == "title":
                form.add_error("title", messages_)
            else:
                prefix = f"{field}: " if field and field != "__all__" else ""
                form.add_error(None, [prefix + message for message in messages_])
        return None


def import_article_urls(model_admin: admin.ModelAdmin) -> list[URLPattern]:
    """The page's URL, to put before the model admin's own (its ``<object_id>/`` would match)."""
    opts = model_admin.model._meta
    view = model_admin.admin_site.admin_view(partial(import_article_view, model_admin=model_admin))
    return [path("import/", view, name=f"{opts.app_label}_{opts.model_name}_import")]
