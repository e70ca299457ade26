"""Broadsheet's threat model, one file per threat.

Read this package as the list of what an attacker (or an unlucky author) could try against
the site, and what stops it. Each module is one threat; each test is named after what it
proves, so ``pytest tests/security -v`` reads as the list of promises the site keeps:

* ``test_tag_names`` — a tag in any script, or with no letters at all (``日本語``, ``!!!``,
  ``🎉``), cannot take a public page, feed or the sitemap down; tag slugs are never empty and
  never collide.
* ``test_url_fuzz`` — no URL, however odd its parameters (huge numbers, long strings, Unicode,
  encoded slashes, NUL), makes the site answer 5xx: out of range is 404 or 400.
* ``test_csp_headers`` — every public and admin page carries a strict Content-Security-Policy
  (no inline script, no framing, images only from the site and its media host) and a
  Permissions-Policy (in Chromium: ``tests/e2e/test_content_security_policy.py``).
* ``test_author_html`` — authors' raw HTML cannot forge the page's own ids or the renderer's
  classes, and cannot hot-link images from other servers (tracking pixels).
* ``test_deploy_settings`` — a production configuration that would send readers to
  127.0.0.1 fails ``manage.py check --deploy``.

* ``test_image_metadata`` — an uploaded photo cannot publish where it was taken (EXIF/XMP
  stripped after turning it upright), cannot choose its stored type (the extension is the
  detected format's, trailing bytes dropped), cannot 500 the admin or leave a file behind with
  impossible sides, and public pages show only WebP renditions.
* ``test_rendering_complexity`` — the behaviour the linear renderers keep (bare URLs and
  emails as links with the right ``rel``, never in code; refused URLs keep their text), and
  every long text's limit, stated by the admin and enforced by ``full_clean()``; the timings
  are in ``bench/pathological.py``.

Other threats (logins, clicks, commenters) have their own modules here too. A test in this
package goes through the public surface — the test client, the admin's forms, management
commands — on a real database.
"""
