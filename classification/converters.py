"""The URL converter for classification codes, registered on import as ``<code:…>``."""

import re

from django.urls import register_converter


class CodeConverter:
    """1 to 8 ASCII digits: anything else is a 404 before a query is made.

    ``<str:…>`` let any text reach the database, and PostgreSQL refuses a NUL byte
    with an error instead of finding nothing.
    """

    regex = "[0-9]{1,8}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


CODE = re.compile(CodeConverter.regex)
register_converter(CodeConverter, "code")
