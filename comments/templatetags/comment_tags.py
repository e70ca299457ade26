from django import template

from ..presentation import comment_section

register = template.Library()


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(context, article):
    """The approved thread under an article and, while comments are open, the form.

    A view that re-shows the article page after an invalid post puts the bound form in the
    context as ``comment_form``, so the reader's text and the errors come back.
    """
    request = context.get("request")
    section = comment_section(article, request, form=context.get("comment_form"))
    return {"section": section, "csrf_token": context.get("csrf_token")}
