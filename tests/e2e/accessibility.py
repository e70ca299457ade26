"""axe-core in the browser tests: the WCAG 2.1 A/AA rules, failing on serious and critical.

axe.min.js comes from the ``axe-playwright-python`` dev dependency (it bundles a pinned
axe-core). It is run with ``page.evaluate``: Playwright evaluates through the DevTools
protocol, which the page's Content-Security-Policy (``script-src 'self'``, no
``unsafe-eval``) does not govern, so the pages are audited under their real CSP — a
``<script>`` tag injected with ``add_script_tag`` would be refused, and ``bypass_csp``
would audit a page readers never get.
"""

from __future__ import annotations

import os
from pathlib import Path

from axe_playwright_python.base import AXE_SCRIPT

# AXE_CORE_JS=/path/to/axe.min.js tries another axe-core build (e.g. npm's newest) by hand.
AXE_SOURCE = (
    Path(os.environ["AXE_CORE_JS"]).read_text() if os.environ.get("AXE_CORE_JS") else AXE_SCRIPT
)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
# The public pages also meet WCAG 2.2's AA rules (target size: 24×24 px touch targets).
WCAG22_TAGS = [*WCAG_TAGS, "wcag22aa"]
FAILING_IMPACTS = frozenset({"serious", "critical"})


def axe_violations(page, tags=WCAG_TAGS) -> list[dict]:
    """axe's violations of the rules with ``tags`` (WCAG A and AA) on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        tags,
    )
    return results["violations"]


def serious_violations(page, tags=WCAG_TAGS) -> list[str]:
    """One readable line per serious or critical violation and element: rule, impact, target."""
    return [
        f"{violation['id']} ({violation['impact']}) at {' '.join(node['target'])}: "
        f"{violation['help']} — {node['html'][:160]}"
        for violation in axe_violations(page, tags)
        if violation["impact"] in FAILING_IMPACTS
        for node in violation["nodes"]
    ]


def audit(page, url: str, tags=WCAG_TAGS) -> list[str]:
    """Open ``url`` and list its serious and critical violations (prefixed with the path)."""
    response = page.goto(url)
    assert response is not None
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    return [f"/{path}: {line}" for line in serious_violations(page, tags)]
