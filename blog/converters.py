"""Path converters for blog's URLs."""


class UnicodeSlugConverter:
    """Letters and digits of any script, ``_`` and ``-``: whatever ``slugify(allow_unicode=True)``
    produces (tag slugs such as ``日本語`` or ``ελλάδα``)."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UsernameConverter:
    """What Django's username validator allows (letters of any script, digits, ``@.+-_``), so
    an address no user can have (a NUL, a slash) is a 404 before any query."""

    regex = r"[\w.@+-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
