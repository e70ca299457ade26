from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save


class AffiliatesConfig(AppConfig):
    name = "affiliates"
    verbose_name = "Affiliate links"

    def ready(self) -> None:
        # blog knows nothing of this app: it offers hooks, and we register with them here.
        from blog import extensions, markup
        from blog.models import Article, Section

        from . import conf, demo, editor_tool, importing, linking, presentation, signals
        from .models import AffiliateLink, ArticleProduct, DisclosureSettings
        from .product_box_admin import ArticleProductInline

        conf.check()
        markup.register_link_scheme(linking.SCHEME, linking.resolve)
        if editor_tool.EDITOR_TOOL not in extensions.editor_tools:
            extensions.editor_tools.append(editor_tool.EDITOR_TOOL)
        for hooks, extend in (
            (extensions.article_page_extenders, presentation.extend_article_page),
            (extensions.feed_item_extenders, presentation.extend_feed_item),
        ):
            if extend not in hooks:
                hooks.append(extend)
        box_permissions = {
            f"affiliates.{a}_articleproduct" for a in ("add", "change", "delete", "view")
        }
        for role in ("Editors", "Authors"):
            extensions.role_permissions[role].update(
                {"affiliates.view_affiliatelink", *box_permissions}
            )
        extensions.promo_products.update(find=importing.links_named, attach=importing.attach_boxes)
        if ArticleProductInline not in extensions.article_admin_inlines:
            extensions.article_admin_inlines.append(ArticleProductInline)
        from .prepublish import check_links

        if check_links not in extensions.prepublish_checks:
            extensions.prepublish_checks.append(check_links)
        if "affiliate_products" not in extensions.revision_follow:
            extensions.revision_follow.append("affiliate_products")  # boxes are in revisions
        if demo.load_demo not in extensions.demo_loaders:
            extensions.demo_loaders.append(demo.load_demo)
        post_save.connect(signals.section_saved, sender=Section, dispatch_uid="affiliates-section")
        post_save.connect(signals.article_saved, sender=Article, dispatch_uid="affiliates-article")
        pre_delete.connect(
            signals.article_deleting, sender=Article, dispatch_uid="affiliates-article-delete"
        )
        # The page cache: articles using a changed link or box, pages with the disclosure.
        for signal, sender, receiver in (
            (post_save, AffiliateLink, signals.link_changed),
            (post_delete, AffiliateLink, signals.link_changed),
            (post_save, ArticleProduct, signals.box_changed),
            (post_delete, ArticleProduct, signals.box_changed),
            (pre_save, DisclosureSettings, signals.disclosure_saving),
            (post_save, DisclosureSettings, signals.disclosure_changed),
            (post_delete, DisclosureSettings, signals.disclosure_changed),
        ):
            signal.connect(
                receiver,
                sender=sender,
                dispatch_uid=f"affiliates-pages-{receiver.__name__}-{sender.__name__}-{id(signal)}",
            )
