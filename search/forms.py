from django import forms

from .query import terms


class SearchForm(forms.Form):
    """The query string: lenient by design (a bad filter or page is ignored, never a 400)."""

    q = forms.CharField(required=False, strip=True)
    tag = forms.SlugField(required=False, max_length=100, allow_unicode=True)
    author = forms.RegexField(regex=r"^[\w.@+-]{1,150}$", required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def value(self, name):
        return self.cleaned_data.get(name) if name not in self.errors else None

    @property
    def words(self) -> list[str]:
        return terms(self.value("q") or "")
