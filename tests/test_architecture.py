"""The package's layout rules, checked on the source (docs/ARCHITECTURE.md draws the map).

- only ``orchestration/`` and ``cli/`` import Airflow (or Cosmos, which is Airflow's): every
  other stage runs without it (``scorecard extract``, the tests of each stage);
- every module stays at 350 lines or fewer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scorecard.settings import PROJECT_DIR

PACKAGE = PROJECT_DIR / "plugins" / "scorecard"
AIRFLOW_PACKAGES = ("orchestration", "cli")
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "vendor" not in p.parts)


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_walk_sees_the_package() -> None:
    assert len(MODULES) > 100
    assert any(_imported(p) & {"airflow"} for p in MODULES)  # the rule has something to check


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_orchestration_and_cli_import_airflow(path: Path) -> None:
    stage = path.relative_to(PACKAGE).parts[0]
    if stage in AIRFLOW_PACKAGES:
        return
    assert not _imported(path) & {"airflow", "cosmos"}, f"{path} imports Airflow"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_is_at_most_350_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 350, f"{path}: {lines} lines"
