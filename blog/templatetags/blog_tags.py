import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import caching
from ..images import srcset as build_srcset
from ..presentation import author_name as display_author_name
from ..presentation import html_datetime as build_html_datetime

register = template.Library()

# The characters that could end a <script> element or open markup inside it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data) -> str:
    """Structured data as a <script type="application/ld+json"> element, safe to embed."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.filter
def author_name(user) -> str:
    return display_author_name(user)


@register.filter
def srcset(renditions) -> str:
    return build_srcset(renditions or {})


@register.filter
def html_datetime(value) -> str:
    return build_html_datetime(value)


@register.tag("fragment")
def do_fragment(parser, token):
    """``{% fragment "name" value… %}…{% endfragment %}``: the enclosed HTML kept by
    ``blog.caching.fragment`` under what it shows, when the context says ``fragments`` (the
    public article page; never a preview or a share link)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        if not context.get("fragments"):
            return self.nodelist.render(context)
        name = ":".join(str(part.resolve(context)) for part in self.parts)
        return caching.fragment(name, context.get("request"), lambda: self.nodelist.render(context))
