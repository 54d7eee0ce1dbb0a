"""Template helpers of the vacancy pages."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The escapes of Django's json_script: no text can close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data: dict, element_id: str = "") -> SafeString:
    """Return ``data`` as a safely escaped <script type="application/ld+json"> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_SCRIPT_ESCAPES)
    # Safe: after the escapes above the JSON holds no "<", ">" or "&" at all.
    payload = mark_safe(text)  # noqa: S308
    if element_id:
        return format_html(
            '<script type="application/ld+json" id="{}">{}</script>', element_id, payload
        )
    return format_html('<script type="application/ld+json">{}</script>', payload)
