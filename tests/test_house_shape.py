"""The house plan holds for every feature package, including the next one added.

The import contracts in `.importlinter` name packages one by one, so a new package left
off a list would escape them silently (the library and letters packages once did). These
tests read the package tree and the contracts and fail when they drift apart.
"""

from __future__ import annotations

import ast
import configparser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORUM = ROOT / "forum"

#: Packages that are not features: they serve every feature and have no blueprint.
SHARED = {"forum.queue", "forum.security", "forum.statistics"}


def _top_packages() -> set[str]:
    return {f"forum.{p.parent.name}" for p in FORUM.glob("*/__init__.py")}


def _contract(name: str) -> configparser.SectionProxy:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config[f"importlinter:contract:{name}"]


def _listed(section: configparser.SectionProxy, key: str) -> set[str]:
    return {line.strip() for line in section[key].splitlines() if line.strip()}


@pytest.mark.parametrize(
    ("contract", "key", "exempt"),
    [
        ("views-are-leaves", "source_modules", set()),
        ("demo-is-outside", "source_modules", {"forum.demo"}),
        ("no-cycles", "ancestors", set()),
    ],
)
def test_every_package_is_under_each_contract(contract: str, key: str, exempt: set) -> None:
    missing = _top_packages() - exempt - _listed(_contract(contract), key)
    assert not missing, f"add {sorted(missing)} to [{contract}] {key} in .importlinter"


def _defines_bp(views: Path) -> bool:
    tree = ast.parse(views.read_text())
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if any(isinstance(t, ast.Name) and t.id == "bp" for t in targets):
            return True
    return False


def test_every_blueprint_is_bp_in_a_views_module() -> None:
    """One name for the blueprint module across features (no `manage.py`, `pages.py`…)."""
    for module in FORUM.rglob("*.py"):
        text = module.read_text()
        if "Blueprint(" in text and module.name != "__init__.py":
            assert module.name == "views.py", f"{module.relative_to(ROOT)} makes a blueprint"
    for views in FORUM.rglob("views.py"):
        assert _defines_bp(views), f"{views.relative_to(ROOT)} has no module-level `bp`"


def test_every_feature_package_has_views() -> None:
    """A top-level package other than the shared layers is a feature with pages."""
    for package in sorted(_top_packages() - SHARED - {"forum.demo", "forum.search"}):
        path = FORUM / package.removeprefix("forum.") / "views.py"
        assert path.exists(), f"{package} has no views.py"
