"""The layers point one way: domain -> data -> use cases -> UI and shell.

Every import in every module is read from its syntax tree, the ones inside
functions included, so a lazy import cannot hide an arrow that points up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "networking_tui"

# What each layer may import from the package (besides itself).
ALLOWED = {
    "domain": set(),
    "data": {"domain"},
    "usecases": {"domain", "data"},
    "ui": {"domain", "data", "usecases"},
}
UI_LIBRARIES = ("textual", "rich")


def layer_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "top"


def imports_of(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """Absolute names of every module the file imports, relative ones resolved."""
    tree = ast.parse(path.read_text() if source is None else source, str(path))
    package = ["networking_tui", *path.relative_to(PACKAGE).parent.parts]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if node.module:
                found.append((node.lineno, module))
            else:  # `from . import x`: each name is a module
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_layers_are_all_there() -> None:
    assert {layer_of(p) for p in modules()} == {*ALLOWED, "top"}


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    layer = layer_of(path)
    allowed_ui = layer in ("top", "ui")
    wrong = []
    for line, name in imports_of(path):
        top, _, rest = name.partition(".")
        if top in UI_LIBRARIES and not allowed_ui:
            wrong.append(f"line {line}: {name} (no Textual or Rich below the UI)")
        if top == "networking_tui" and layer != "top":
            target = rest.split(".")[0]
            if target in ("", "__version__"):
                continue
            if target != layer and target not in ALLOWED[layer]:
                wrong.append(f"line {line}: {name} ({layer} may not import {target})")
    assert not wrong, "\n".join(wrong)


def test_the_check_reads_lazy_and_relative_imports() -> None:
    source = "def later():\n    from textual.app import App\n    from ..ui import app\n"
    names = [name for _, name in imports_of(PACKAGE / "domain" / "model.py", source)]
    assert names == ["textual.app", "networking_tui.ui"]
