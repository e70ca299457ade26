"""What a stored affiliate destination may be: an absolute http(s) URL and nothing cleverer.

The destination is sent to readers' browsers in a ``Location`` header, so anything a browser
would read differently from us is refused rather than repaired: other schemes
(``javascript:``, ``data:``), scheme-relative ``//host``, whitespace or control characters
anywhere (browsers drop tabs and newlines, which turns ``java\\nscript:`` into a script),
backslashes (``http:/\\evil`` is ``http://evil`` to a browser) and credentials
(``https://shop.example@evil.example`` names the host after the ``@``).
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

ALLOWED_SCHEMES = ("http", "https")
MAX_LENGTH = 2048
_url_validator = URLValidator(schemes=list(ALLOWED_SCHEMES))


def _is_invisible(character: str) -> bool:
    # Whitespace, C0/C1 controls (Cc) and format characters such as zero-width spaces (Cf).
    return character.isspace() or unicodedata.category(character) in ("Cc", "Cf")


def validate_destination_url(value: str) -> None:
    """Accept only an absolute http:// or https:// URL with a host; explain any refusal."""
    if any(_is_invisible(character) for character in value):
        raise ValidationError(
            "The address contains spaces, line breaks or invisible characters. Paste it again "
            "without them (spaces inside an address are written %20).",
            code="whitespace",
        )
    if "\\" in value:
        raise ValidationError(
            "The address contains a backslash (\\); browsers read it as “/”. Use “/” or %5C.",
            code="backslash",
        )
    try:
        parts = urlsplit(value)
    except ValueError:
        raise ValidationError("This is not a valid web address.", code="invalid") from None
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not value.lower().startswith(
        tuple(f"{scheme}://" for scheme in ALLOWED_SCHEMES)
    ):
        raise ValidationError(
            "Only web addresses starting with http:// or https:// can be affiliate destinations.",
            code="scheme",
        )
    if "@" in parts.netloc:
        raise ValidationError(
            "Remove the user name or password (the part before “@”) from the address.",
            code="credentials",
        )
    if not parts.hostname:
        raise ValidationError("The address has no host name.", code="host")
    try:
        parts.port  # noqa: B018 - raises for a port outside 0-65535
    except ValueError:
        raise ValidationError("The port number is not valid.", code="port") from None
    try:
        _url_validator(value)
    except ValidationError:
        raise ValidationError(
            "This is not a valid web address (check the host name and port).", code="invalid"
        ) from None


def is_valid_destination(value: str) -> bool:
    try:
        validate_destination_url(value)
    except ValidationError:
        return False
    return True
