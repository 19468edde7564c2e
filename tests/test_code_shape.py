"""The code keeps a shape a reader can hold: short functions, modules of one concern."""

import ast
from pathlib import Path

import sitrep

PACKAGE = Path(sitrep.__file__).resolve().parent
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 800


def python_sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_800_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in python_sources()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_over_60_lines():
    long = {}
    for path in python_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"] = lines
    assert long == {}
