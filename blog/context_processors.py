from django.conf import settings
from django.urls import reverse


def site(request):
    """Site identity and feed links for every page's <head>; costs no queries."""
    config = settings.BROADSHEET
    return {
        "site_name": config["SITE_NAME"],
        "site_tagline": config["SITE_TAGLINE"],
        "site_feeds": [
            ("application/rss+xml", f"{config['SITE_NAME']} (RSS)", reverse("blog:feed-rss")),
            ("application/atom+xml", f"{config['SITE_NAME']} (Atom)", reverse("blog:feed-atom")),
        ],
    }
