"""The owner's "Import from WordPress" page and the history of imports.

Upload → dry run → report → confirm. The uploaded file is kept between the two steps in a
private folder (``WORDPRESS_IMPORT_DIR``, not under ``MEDIA_ROOT``) under a random name, and
the confirmation form carries that name signed (``TimestampSigner``, its own salt, one hour),
so nobody can point the import at another file. The import runs in the request: uploads are
limited to ``MAX_UPLOAD_BYTES`` (a few thousand posts, well under a minute); larger sites use
``manage.py import_wordpress``, which has no limit. Superusers only (it creates users).
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from blog.presentation import author_name

from .models import ImportRun
from .services import WXRError, import_wxr

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SIGNING_SALT = "wordpress.admin.upload"
TOKEN_MAX_AGE = 60 * 60


def upload_dir() -> Path:
    folder = Path(settings.WORDPRESS_IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _forget_old_uploads() -> None:
    """Uploads never confirmed are deleted once their token has expired."""
    limit = time.time() - TOKEN_MAX_AGE
    for file in upload_dir().glob("*.xml"):
        if file.stat().st_mtime < limit:
            file.unlink(missing_ok=True)


class UploadForm(forms.Form):
    export = forms.FileField(
        label="WordPress export (.xml)",
        help_text=f"Tools → Export → All content in WordPress; at most "
        f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB (use manage.py import_wordpress for more).",
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,text/xml,application/xml"}),
    )
    default_author = forms.ModelChoiceField(
        queryset=get_user_model()
        .objects.filter(is_staff=True)
        .order_by("first_name", "last_name", "username"),
        required=False,
        to_field_name="username",
        help_text="The author of posts whose author is missing (default: the first superuser).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # People by display name, as in the article form's author select.
        self.fields["default_author"].label_from_instance = author_name

    def clean_export(self):
        upload = self.cleaned_data["export"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The file is larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB: "
                "import it with manage.py import_wordpress."
            )
        head = upload.read(2048).lstrip(b"\xef\xbb\xbf \t\r\n")
        upload.seek(0)
        if not head.startswith((b"<?xml", b"<rss", b"<!--")):
            raise ValidationError("This is not a WordPress export (an XML file).")
        return upload


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    default_author = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_token(self) -> Path:
        try:
            name = signing.TimestampSigner(salt=SIGNING_SALT).unsign(
                self.cleaned_data["token"], max_age=TOKEN_MAX_AGE
            )
        except signing.BadSignature:
            raise ValidationError("This upload has expired: upload the file again.") from None
        file = upload_dir() / Path(name).name
        if not file.is_file():
            raise ValidationError("This upload has expired: upload the file again.")
        return file


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "file_name", "site", "person", "succeeded")
    list_filter = ("succeeded",)
    fields = ("started_at", "file_name", "site", "person", "succeeded", "report")
    readonly_fields = fields
    list_select_related = ["user"]

    @admin.display(description="user", ordering="user__last_name")
    def person(self, run):
        # By display name, as everywhere people are shown: usernames are login names.
        return author_name(run.user) if run.user else "—"

    change_list_template = "admin/wordpress/importrun/change_list.html"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="wordpress_importrun_import"), *super().get_urls()]

    def import_view(self, request):
        if not (request.user.is_active and request.user.is_superuser):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import from WordPress",
            "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
        }
        form = UploadForm()
        if request.method == "POST" and "confirm" in request.POST:
            confirm = ConfirmForm(request.POST)
            if confirm.is_valid():
                return self._import(request, confirm.cleaned_data)
            messages.error(request, " ".join(confirm.errors.get("token", ["Upload again."])))
        elif request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                preview = self._preview(request, form)
                if preview is not None:
                    context.update(preview)
        context["form"] = form
        return TemplateResponse(request, "admin/wordpress/importrun/import.html", context)

    def _preview(self, request, form):
        _forget_old_uploads()
        name = f"{secrets.token_hex(16)}.xml"
        file = upload_dir() / name
        with file.open("wb") as handle:
            for chunk in form.cleaned_data["export"].chunks():
                handle.write(chunk)
        author = form.cleaned_data["default_author"]
        try:
            report = import_wxr(
                file, dry_run=True, default_author=author.username if author else None
            )
        except WXRError as error:
            file.unlink(missing_ok=True)
            form.add_error("export", f"Nothing can be imported: {error}")
            return None
        token = signing.TimestampSigner(salt=SIGNING_SALT).sign(name)
        return {
            "report": report,
            "confirm_form": ConfirmForm(
                initial={"token": token, "default_author": author.username if author else ""}
            ),
            "file_name": form.cleaned_data["export"].name,
        }

    def _import(self, request, data):
        file: Path = data["token"]
        try:
            report = import_wxr(file, default_author=data["default_author"] or None)
        except WXRError as error:
            messages.error(request, f"Nothing was imported: {error}")
            return HttpResponseRedirect(reverse("admin:wordpress_importrun_import"))
        finally:
            file.unlink(missing_ok=True)
        run = ImportRun.objects.create(
            user=request.user, file_name=request.POST.get("file_name", "")[:255] or file.name,
            site=report.site[:200], succeeded=True, report=report.text(),
        )  # fmt: skip
        messages.success(request, "The WordPress export was imported.")
        return HttpResponseRedirect(reverse("admin:wordpress_importrun_change", args=[run.pk]))
