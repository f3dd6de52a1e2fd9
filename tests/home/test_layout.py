"""home/ knows no feature app: feature apps plug into it through Wagtail hooks and the blocks and classmethods
home defines (see home/blocks.py), never the other way round."""

import ast
import re
from pathlib import Path

HOME = Path(__file__).resolve().parents[2] / "home"
FEATURE_APPS = {"blog", "resources", "newsletter", "analytics"}
MODEL_LOOKUP = re.compile(r"""get_model\(\s*["'](blog|resources|newsletter|analytics)[."']""")


def imported_apps(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def test_home_imports_no_feature_app():
    offenders = {}
    for path in sorted(HOME.rglob("*.py")):
        source = path.read_text()
        found = FEATURE_APPS.intersection(imported_apps(source)) | set(MODEL_LOOKUP.findall(source))
        if found:
            offenders[str(path.relative_to(HOME))] = sorted(found)
    assert offenders == {}
