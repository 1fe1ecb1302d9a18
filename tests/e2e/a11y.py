"""Accessibility checks with axe-core, injected into the page by the browser tests.

axe-core comes from the npm registry (`package.json`, installed by `make`); it runs through
the DevTools protocol (`page.evaluate`), so the site's CSP stays as strict as in production.
"""

from __future__ import annotations

from functools import cache

from forum import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


@cache
def _axe_source() -> str:
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run `make install-test` (npm ci)")
    return AXE.read_text()


def axe_violations(page, impacts: tuple[str, ...] = BLOCKING) -> list[str]:  # noqa: ANN001
    """Serious and critical WCAG 2.x A/AA violations on the current page, readable."""
    page.evaluate(_axe_source())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
              runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                               'best-practice']},
            });
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return [
        f"{v['impact']}: {v['id']} — {v['help']} at {', '.join(v['nodes'])}"
        for v in result
        if v["impact"] in impacts
    ]
