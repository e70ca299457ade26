import copy
import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext
from taggit.models import Tag as TaggitTag

from . import admin_desk, extensions, front_page, roles, services
from .admin_import import import_article_urls
from .models import WORDS_PER_MINUTE, Article, Correction, Section, SectionKind, Tag
from .presentation import author_name
from .tagging import validate_tag_names

MARKDOWN_HELP = (
    "Markdown: blank line between paragraphs · *italic* · **bold** · [link](https://…) · "
    "> quoted statement (add “> — Name” below it for the attribution) · - or 1. for lists · "
    "### sub-heading · | tables | · footnote[^1] with “[^1]: note” at the end."
)


# What the section editor's scripts read (static/js/admin-sections.js, admin-word-count.js,
# admin-section-preview.js): every Markdown textarea counts its words at the site's reading
# speed; a section body also knows where its preview is rendered.
WORD_COUNT_ATTRS = {"data-word-count": "", "data-words-per-minute": str(WORDS_PER_MINUTE)}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["kind", "heading", "body", "position"]
        widgets = {
            "body": forms.Textarea(
                attrs={
                    "rows": 10,
                    "class": "vLargeTextField markdown-input section-body",
                    "data-preview-url": reverse_lazy("admin:blog_article_section_preview"),
                    **WORD_COUNT_ATTRS,
                }
            ),
            "heading": forms.TextInput(attrs={"class": "vTextField section-heading"}),
            "position": forms.NumberInput(attrs={"class": "section-position", "min": 0}),
        }
        help_texts = {"body": MARKDOWN_HELP}

    # Sections added without a position go last, in the order they appear in the form.
    APPENDED = 30_000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        if not self.instance.pk:
            self.initial["position"] = None

    def clean_position(self):
        position = self.cleaned_data.get("position")
        return self.APPENDED if position is None else position


def offer_editor_tools(formfield, user) -> None:
    """The pickers this person may use (blog.extensions.editor_tools) on a Markdown field:
    listed in a ``data-editor-tools`` attribute for the JavaScript, their syntax in the help."""
    tools = [tool for tool in extensions.editor_tools if user.has_perm(tool.permission)]
    if not tools:
        return
    formfield.widget.attrs["data-editor-tools"] = json.dumps(
        [editor_tool_attributes(tool, user) for tool in tools]
    )
    formfield.help_text = " ".join([formfield.help_text, *(tool.syntax_help for tool in tools)])


def editor_tool_attributes(tool: extensions.EditorTool, user) -> dict:
    attributes = {"name": tool.name, "label": tool.label, "url": reverse(tool.url_name)}
    if tool.upload_url_name and user.has_perm(tool.upload_permission):
        attributes.update(upload=reverse(tool.upload_url_name), upload_label=tool.upload_label)
    return attributes


class SectionInline(admin.StackedInline):
    model = Section
    form = SectionForm
    extra = 0
    min_num = 0
    ordering = ["position", "id"]
    classes = ["section-inline"]
    verbose_name = "section"
    verbose_name_plural = (
        "sections (in reading order: change “position”, or use Move up / Move down or "
        "Alt+↑ / Alt+↓ in a section)"
    )

    class Media:
        css = {"all": ["css/admin-editor-tools.css"]}
        js = ["js/admin-editor-tools.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body" and formfield is not None:
            offer_editor_tools(formfield, request.user)
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kinds = list(SectionKind.objects.all())
            kwargs["queryset"] = SectionKind.objects.all()
            kwargs["help_text"] = format_html(
                "<span class='kind-guidance'>{}</span>",
                " · ".join(f"{kind.name}: {kind.guidance}" for kind in kinds if kind.guidance),
            )
            kwargs["initial"] = next((k.pk for k in kinds if k.is_generic), None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CorrectionFormSet(BaseInlineFormSet):
    """A post without this inline's management form (a client built before it) is "no
    change", as for the product-box inline, rather than a tampering error."""

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        prefix = prefix or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)


class CorrectionInline(admin.StackedInline):
    """Editors add dated corrections and updates to a published article; none is deleted."""

    model = Correction
    formset = CorrectionFormSet
    fields = ["kind", "created_at", "note"]
    extra = 0
    can_delete = False
    classes = ["correction-inline"]
    verbose_name = "correction or update"
    verbose_name_plural = (
        "corrections and updates (shown on the article, in feeds and on /corrections/)"
    )

    def _allowed(self, request, obj) -> bool:
        return (
            roles.is_editor(request.user)
            and obj is not None
            and obj.status == Article.Status.PUBLISHED
        )

    def has_add_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title", "slug", "dek", "intro", "status", "published_at", "author", "tags",
            "comments_open", "featured_image", "featured_image_alt", "featured_image_caption",
            "featured_image_credit", "meta_description",
        ]  # fmt: skip
        widgets = {
            "intro": forms.Textarea(
                attrs={"rows": 8, "class": "vLargeTextField markdown-input", **WORD_COUNT_ATTRS}
            ),
            "dek": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        }
        help_texts = {"intro": "The paragraphs before the first section heading. " + MARKDOWN_HELP}

    # The version of the article this form was opened from (its last save time). Saving over
    # a newer version is refused: the person keeps their text in the form, sees what the
    # other save holds, and saves again once they have merged (the field then carries the
    # newer version).
    opened_version = forms.CharField(required=False, widget=forms.HiddenInput)
    # Text fields whose stored value a conflict shows beside the person's own.
    CONFLICT_FIELDS = ("title", "dek", "intro", "meta_description")

    def clean_tags(self):
        tags = self.cleaned_data.get("tags") or []
        validate_tag_names(tags)
        return tags

    def clean(self):
        cleaned = super().clean()
        stored = self.stored_version()
        opened = self.data.get(self.add_prefix("opened_version"), "")
        if stored and opened and opened != stored:
            self.conflict = self._conflict_with_stored()
            # The next save (after merging) is over the version now shown.
            self.data = self.data.copy()
            self.data[self.add_prefix("opened_version")] = stored
            raise forms.ValidationError(
                "Someone else saved this article at %(when)s, after you opened it. Nothing "
                "of yours was saved and your text is still in the form: compare it with "
                "theirs (below), merge, and save again.",
                code="conflict",
                params={"when": timezone.localtime(self.instance.updated_at).strftime("%H:%M:%S")},
            )
        return cleaned

    def stored_version(self) -> str:
        """The stored article's version: its last save time, exact to the microsecond."""
        if not self.instance.pk or not self.instance.updated_at:
            return ""
        return self.instance.updated_at.isoformat()

    def _conflict_with_stored(self) -> list[dict]:
        """Each text field whose stored value differs from what this person sent."""
        changed = []
        for name in self.CONFLICT_FIELDS:
            if name not in self.fields:
                continue
            theirs = getattr(self.instance, name) or ""
            yours = self.data.get(self.add_prefix(name), "")
            if theirs.strip() != (yours or "").replace("\r\n", "\n").strip():
                changed.append({"label": self.fields[name].label, "stored": theirs})
        return changed

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: list[dict] | None = None
        if not self.is_bound:
            self.initial["opened_version"] = self.stored_version()
        author = self.fields.get("author")
        if author is not None:
            # Editors pick among the newsroom's staff (and whoever wrote it), by display
            # name: usernames are login names, not bylines.
            author.queryset = (
                get_user_model()
                .objects.filter(Q(is_staff=True, is_active=True) | Q(pk=self.instance.author_id))
                .order_by("first_name", "last_name", "username")
            )
            author.label_from_instance = author_name
        if "slug" in self.fields:
            self.fields["slug"].help_text = self.slug_help()
            prefix, suffix = article_address_parts()
            self.fields["slug"].widget.attrs.update(
                {"data-address-prefix": prefix, "data-address-suffix": suffix}
            )
        if "tags" in self.fields:
            self.fields["tags"].widget.attrs.update(
                {
                    "autocomplete": "off",
                    "data-tag-suggestions": reverse("admin:blog_article_tag_suggestions"),
                }
            )

    def slug_help(self) -> str:
        """The article's real address, e.g. https://example.com/articles/harbour-talks/
        (admin-slug-address.js keeps the slug part current as it is typed)."""
        prefix, suffix = article_address_parts()
        slug = self.data.get(self.add_prefix("slug")) if self.is_bound else self.instance.slug
        slug = (slug or "")[:200]
        return format_html(
            "The article's address: <span class='slug-address'>{}<span "
            "class='slug-address-slug'>{}</span>{}</span> (letters, digits and hyphens).",
            prefix,
            slug or "your-slug",
            suffix,
        )


def article_address_parts() -> tuple[str, str]:
    """What comes before and after the slug in an article's absolute address."""
    placeholder = "slug-placeholder"
    address = reverse("blog:article", kwargs={"slug": placeholder})
    prefix, suffix = address.split(placeholder)
    return settings.BROADSHEET["SITE_URL"].rstrip("/") + prefix, suffix


class AuthorListFilter(admin.SimpleListFilter):
    """The people with articles, by display name (editors only: authors see their own)."""

    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        people = (
            get_user_model()
            .objects.filter(articles__isnull=False)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        return [(str(person.pk), author_name(person)) for person in people]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(author_id=self.value() if self.value().isdigit() else 0)
        return queryset


class TagListFilter(admin.SimpleListFilter):
    """The tags in use on articles, most used first."""

    title = "tags"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        return [(tag.slug, f"{tag.name} ({tag.num_times})") for tag in
                Article.tags.most_common()[:40]]  # fmt: skip

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value())
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [SectionInline]
    list_display = ["title", "status_label", "lead_label", "byline", "published_at", "updated_at"]
    list_filter = ["status", AuthorListFilter, TagListFilter, "published_at"]
    list_select_related = ["author"]
    search_fields = ["title", "dek", "intro", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    save_on_top = True
    # Editors choose the front page's lead story (blog/front_page.py).
    lead_actions = ["make_lead", "clear_lead"]
    actions = ["publish_now", "return_to_draft", *lead_actions]
    # What an author may never set (blog.roles): the byline, the state and the date go
    # through the workflow; a published article's address stays put.
    author_readonly_fields = ["byline", "status", "published_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "intro", "opened_version"]}),
        (
            "Publishing",
            {"fields": ["status", "published_at", "author", "tags", "comments_open"]},
        ),
        (
            "Featured image",
            {
                "fields": [
                    "featured_image",
                    "featured_image_alt",
                    "featured_image_caption",
                    "featured_image_credit",
                ]
            },
        ),
        ("Search and sharing", {"fields": ["meta_description"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = [
            "js/admin-sections.js",
            "js/admin-word-count.js",
            "js/admin-section-preview.js",
            "js/admin-slug-address.js",
            "js/admin-tag-suggestions.js",
            "js/admin-unsaved.js",
        ]

    @admin.display(description="status", ordering="status")
    def status_label(self, article):
        label = "Scheduled" if article.is_scheduled else article.get_status_display()
        return format_html('<span class="status-badge status-{}">{}</span>', article.status, label)

    @admin.display(description="front page", ordering="lead_since")
    def lead_label(self, article):
        return "Lead story" if article.lead_since else ""

    @admin.display(description="author", ordering="author__last_name")
    def byline(self, article):
        return author_name(article.author)

    # --- who may do what (blog.roles decides; these only ask) -------------------------

    def get_queryset(self, request):
        return roles.articles_for(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        # Someone else's article (or none): 404, never the admin's redirect to the index.
        article = super().get_object(request, object_id, from_field)
        if article is None:
            raise Http404("No such article.")
        return article

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or roles.can_open(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or (roles.can_open(request.user, obj) and self.may_edit(request, obj))
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None
            or (roles.can_open(request.user, obj) and roles.edits_go_live(request.user, obj))
        )

    def has_publish_permission(self, request):
        return roles.is_editor(request.user)

    def may_edit(self, request, article) -> bool:
        """Whether the change form saves; an author's published article is read-only here
        (the newsroom app turns such saves into proposed changes)."""
        return roles.edits_go_live(request.user, article)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if roles.is_editor(request.user):
            return fields
        fields += self.author_readonly_fields
        if obj is not None and obj.status == Article.Status.PUBLISHED:
            fields.append("slug")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if roles.is_editor(request.user):
            return fieldsets
        fieldsets = copy.deepcopy(fieldsets)
        for _, options in fieldsets:
            options["fields"] = ["byline" if f == "author" else f for f in options["fields"]]
        return fieldsets

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_list_filter(self, request):
        if roles.is_editor(request.user):
            return self.list_filter
        return [f for f in self.list_filter if f is not AuthorListFilter]

    def save_model(self, request, obj, form, change):
        if not change and not roles.is_editor(request.user):
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        return initial

    def get_inlines(self, request, obj):
        extra = [CorrectionInline] if roles.is_editor(request.user) else []
        return [*self.inlines, *extensions.article_admin_inlines, *extra]

    def view_on_site(self, article):
        if article.is_public:
            return article.get_absolute_url()
        return reverse("blog:preview", args=[article.pk])

    def save_formset(self, request, form, formset, change):
        if formset.model is Correction:
            for correction_form in formset.forms:
                if correction_form.has_changed() and not correction_form.instance.pk:
                    correction_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.renumber_sections(form.instance)

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("blog:preview", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("blog:preview", args=[obj.pk]))
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # admin/blog/article/submit_line.html shows these with Django's save buttons, at the
        # top and the bottom of the form; subclasses add theirs (name, label) before calling.
        context["extra_save_buttons"] = [
            ("_preview", "Save and preview"),
            *context.get("extra_save_buttons", []),
        ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        # "Import article" (blog/admin_import.py) and the form's helpers go first:
        # <object_id>/ would match them.
        wrap = self.admin_site.admin_view
        desk = [
            path("section-preview/", wrap(admin_desk.section_preview),
                 name="blog_article_section_preview"),
            path("tag-suggestions/", wrap(admin_desk.tag_suggestions),
                 name="blog_article_tag_suggestions"),
        ]  # fmt: skip
        return import_article_urls(self) + desk + super().get_urls()

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_now(self, request, queryset):
        count = sum(1 for article in queryset if services.publish_article(article=article))
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description="Make the lead story on the front page", permissions=["publish"])
    def make_lead(self, request, queryset):
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, "Choose one article to lead.", messages.WARNING)
            return
        try:
            front_page.make_lead(article=chosen[0], by=request.user)
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, " ".join(getattr(error, "messages", [str(error)])),
                              messages.ERROR)  # fmt: skip
            return
        self.message_user(request, f"“{chosen[0]}” now leads the front page.", messages.SUCCESS)

    @admin.action(description="Take off the front page's lead", permissions=["publish"])
    def clear_lead(self, request, queryset):
        count = sum(
            1 for article in queryset.filter(lead_since__isnull=False)
            if front_page.clear_lead(article=article, by=request.user)
        )  # fmt: skip
        self.message_user(
            request,
            "The newest article leads the front page." if count else "No lead story selected.",
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.action(description="Return selected articles to draft", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        count = sum(1 for article in queryset if services.return_to_draft(article=article))
        self.message_user(
            request,
            ngettext("%d article returned to draft.", "%d articles returned to draft.", count)
            % count,
            messages.SUCCESS,
        )


@admin.register(SectionKind)
class SectionKindAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "label", "guidance", "position", "section_count"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "label"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_total=Count("sections"))

    @admin.display(description="sections", ordering="section_total")
    def section_count(self, kind):
        return kind.section_total

    def get_readonly_fields(self, request, obj=None):
        # Templates and the importer know built-in kinds by slug; keep the slug stable.
        if obj and obj.slug in services.BUILT_IN_KIND_SLUGS:
            return ["slug"]
        return []


# Articles use blog's own tags; taggit's generic table is no longer written to.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags are made by typing them on articles; here the owner renames or merges by hand."""

    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("tagged_articles"))

    @admin.display(description="articles", ordering="article_total")
    def article_count(self, tag):
        return tag.article_total


from . import admin_profiles  # noqa: E402, F401 (registers the author profile admin)
