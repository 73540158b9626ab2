"""Fixtures that list their routes yield exactly those routes (method, full path, handler line,
mount status), the monorepo fixture the same routes and findings from either root, and each
service's scanned routes are the ones its framework really serves (the app imported in a
subprocess, its own route table read)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from prodready.pipeline.options import ScanOptions
from prodready.pipeline.routes import route_inventory
from prodready.pipeline.scan import scan
from prodready.reports.routes import methods_text, mount_status
from tests.conftest import FIXTURES
from tests.fixtures_check.expected import expected_files, load_expectation

WITH_ROUTES = [p for p in expected_files() if load_expectation(p).routes is not None]
ROUTE_TABLE = Path(__file__).with_name("route_table.py")
SERVICES = [  # (fixture, service folder, app, environment): apps whose routes the framework lists
    ("monorepo_apps", "apps/api", "main:app", {"ORDERS_PLUGINS": "api.plugins.seed,api.plugins.status"}),
    ("monorepo_apps", "apps/worker", "main:app", {}),
    ("programmatic_routes", "catalog", "main:app", {}),
    ("programmatic_routes", "gateway", "app:app", {}),
    ("programmatic_routes", "notifier", "server:app", {}),
    ("programmatic_routes", "storefront", "wsgi:app", {}),
    ("programmatic_routes", "backoffice", "django:backoffice.settings", {}),
]
_PARAMETER = re.compile(r"\(\?P<\w+>(?:[^()]|\([^()]*\))*\)|<[^<>]+>|\{[^{}]+\}")
_ONLY_TEXT = re.compile(r"\(\?P<\w+>\(?([\w.-]+)\)?\)")  # `(?P<version>(v1))` can only be "v1"


def inventory_rows(root: Path) -> set[tuple[str, str, str]]:
    """("GET /x", "file:line", mount status) of every route `prodready routes` lists under `root`."""
    inventory = route_inventory(ScanOptions(root=root, use_cache=False, jobs=1))
    return {(f"{methods_text(r)} {r.path}", f"{r.location.path}:{r.location.start_line}", mount_status(r))
            for r in inventory.routes}


def _describe(label: str, items: set) -> str:
    return f"  {label}:\n" + ("\n".join(f"    {item}" for item in sorted(items)) or "    (none)")


@pytest.mark.parametrize("expected_file", WITH_ROUTES, ids=[p.name.split(".")[0] for p in WITH_ROUTES])
def test_fixture_routes_are_exactly_the_expected_ones(expected_file: Path) -> None:
    expectation = load_expectation(expected_file)
    actual = inventory_rows(expectation.root)
    expected = set(expectation.routes or ())
    assert actual == expected, (f"{expectation.fixture}: routes differ from {expected_file.name}\n"
                                + _describe("expected but not found", expected - actual) + "\n"
                                + _describe("found but not expected", actual - expected))


def test_monorepo_service_scanned_from_its_own_folder_gives_the_same_routes_and_findings() -> None:
    expectation = load_expectation(FIXTURES / "monorepo_apps.expected.yaml")
    prefix = "apps/api/"
    routes = {(route, at.removeprefix(prefix), mount) for route, at, mount in expectation.routes or ()
              if at.startswith(prefix)}
    assert inventory_rows(expectation.root / "apps/api") == routes
    result = scan(ScanOptions(root=expectation.root / "apps/api", use_cache=False, jobs=1))
    findings = {(f.rule_id, f.location.path, f.location.start_line, f.status) for f in result.findings
                if f.family in expectation.families}
    assert findings == {(rule, path.removeprefix(prefix), line, status)
                        for rule, path, line, status in expectation.findings if path.startswith(prefix)}


def served(fixture: str, folder: str, target: str, environment: dict[str, str]) -> set[tuple[str, str, str]]:
    """(methods, normalised path, file:line) of the routes the service's framework serves."""
    completed = subprocess.run([sys.executable, str(ROUTE_TABLE), target], cwd=FIXTURES / fixture / folder,
                               capture_output=True, text=True, timeout=60,
                               env={**os.environ, **environment, "PYTHONDONTWRITEBYTECODE": "1"})
    assert completed.returncode == 0, completed.stderr
    rows = [json.loads(line) for line in completed.stdout.splitlines()]
    return {("|".join(sorted(r["methods"])) or "ANY", normal(r["path"]), f"{folder}/{r['file']}:{r['line']}")
            for r in rows}


def normal(path: str) -> str:
    """A path with every parameter as `{}`, regex anchors and the trailing slash dropped."""
    path = _ONLY_TEXT.sub(r"\1", path.replace("^", "").replace("$", "").replace("\\", ""))
    return "/" + _PARAMETER.sub("{}", path).strip("/")


@pytest.mark.parametrize(("fixture", "folder", "target", "environment"), SERVICES,
                         ids=[f"{f}:{d}" for f, d, _, _ in SERVICES])
def test_scanned_routes_are_the_routes_the_framework_serves(fixture: str, folder: str, target: str,
                                                            environment: dict[str, str]) -> None:
    inventory = route_inventory(ScanOptions(root=FIXTURES / fixture, use_cache=False, jobs=1))
    scanned = {("|".join(sorted(r.methods)) or "ANY", normal(r.path), f"{r.location.path}:{r.location.start_line}")
               for r in inventory.routes if r.location.path.startswith(folder + "/")
               and (r.mounted or r.mount_unresolved and environment)}
    actual = served(fixture, folder, target, environment)
    assert scanned == actual, (_describe("served but not scanned", actual - scanned) + "\n"
                               + _describe("scanned but not served", scanned - actual))
