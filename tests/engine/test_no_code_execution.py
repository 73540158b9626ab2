"""prodready's own source holds no way to run what it scans: a tripwire over its imports and calls.

Every deserialiser, dynamic import and subprocess the scanner uses is listed here with the one
module allowed to use it and why; a new one fails this test until it is reviewed and listed.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "prodready"
SCANNER_FILES = sorted(p for p in SOURCE.rglob("*.py") if "kit" not in p.relative_to(SOURCE).parts)

NEVER = {"eval", "exec", "yaml.load", "yaml.unsafe_load", "yaml.full_load", "yaml.Loader", "yaml.UnsafeLoader",
         "yaml.FullLoader", "marshal.loads", "marshal.load", "shelve.open", "runpy.run_path", "runpy.run_module",
         "always_load_extensions", "extension_package_whitelist"}
ALLOWED = {
    "pickle.loads": {"engine/cache.py",  # payloads whose HMAC seal verified
                     "engine/runner.py",  # results this scan's own worker processes sent
                     "pipeline/families.py"},  # findings this scan's own forked child sent
    "pickle.load": set(),
    "importlib.import_module": {"cli.py", "rules/__init__.py", "codemods/base.py",  # prodready's own modules
                                "reports/base.py", "frameworks/adapters/__init__.py"},
    "subprocess.run": {"pipeline/diff.py",  # git, with the repository's commands switched off
                       "pipeline/semgrep.py"},  # semgrep with prodready's own rule file
}


def dotted(node: ast.AST) -> str:
    """`a.b.c` for a name or attribute chain, else ''."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else node.attr
    return ""


def uses(tree: ast.AST) -> set[str]:
    """Every dotted name the module calls or mentions as an attribute, plus `module.name` of
    each `from module import name`."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Name, ast.Attribute)):
            name = dotted(node)
            found.update({name, name.rsplit(".", 1)[-1]} if name else set())
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def violations(files: list[Path], base: Path) -> list[str]:
    """`path: name` for every forbidden use, and every allowed one outside its modules."""
    problems = []
    for path in files:
        relative = path.relative_to(base).as_posix()
        names = uses(ast.parse(path.read_text(encoding="utf-8")))
        problems += [f"{relative}: {name}" for name in sorted(names & NEVER)]
        problems += [f"{relative}: {name}" for name, where in ALLOWED.items() if name in names and relative not in where]
    return problems


def test_the_scanner_has_no_unreviewed_way_to_run_code() -> None:
    assert violations(SCANNER_FILES, SOURCE) == []


def test_the_tripwire_catches_each_kind(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "sneaky.py").write_text(
        "import pickle, yaml, subprocess\nfrom importlib import import_module\n"
        "def f(text):\n    eval(text)\n    yaml.load(text, Loader=yaml.Loader)\n"
        "    pickle.loads(text)\n    subprocess.run(text)\n    import_module(text)\n"
    )
    found = violations([tmp_path / "rules" / "sneaky.py"], tmp_path)
    assert found == ["rules/sneaky.py: eval", "rules/sneaky.py: yaml.Loader", "rules/sneaky.py: yaml.load",
                     "rules/sneaky.py: pickle.loads", "rules/sneaky.py: importlib.import_module",
                     "rules/sneaky.py: subprocess.run"]
