/* Broadsheet admin: the slug's help shows the article's real address
 * (https://example.com/articles/<slug>/, built by the server with reverse() and SITE_URL:
 * blog.admin.ArticleAdminForm.slug_help). This keeps its slug part current while the slug is
 * typed, or filled in from the title by Django's prepopulate script. */
(function () {
  'use strict';

  function init() {
    var slug = document.querySelector('input[data-address-prefix]');
    var help = slug && document.getElementById(slug.id + '_helptext');
    var shown = help && help.querySelector('.slug-address-slug');
    if (!shown) { return; }
    var update = function () { shown.textContent = slug.value.trim() || 'your-slug'; };
    slug.addEventListener('input', update);
    slug.addEventListener('change', update);
    // prepopulate.js sets the slug from the title without an event: read it after it ran.
    var title = document.getElementById('id_title');
    if (title) {
      ['input', 'keyup', 'change'].forEach(function (name) {
        title.addEventListener(name, function () { window.setTimeout(update, 0); });
      });
    }
    update();
  }

  document.addEventListener('DOMContentLoaded', init);
}());
