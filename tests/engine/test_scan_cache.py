"""The whole-scan cache: an unchanged tree runs no collector or family, any changed input does."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterable, Iterator

import pytest
from engine_support import probe_hits, run_scan, write_tree

from prodready.model.collector import Collector
from prodready.model.findings import Finding, Location, Severity
from prodready.model.project import ProjectModel
from prodready.pipeline.configuration import load_config
from prodready.rules import load_all
from prodready.rules.base import RuleFamily
from prodready.rules.inventory.packs import user_packs

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ECHO_RULE = "PRT02"


class EchoFamily(RuleFamily):
    """Counts its runs; one finding naming the dev-route words and the user packs' components."""

    runs = 0

    def check(self, project: ProjectModel, config: Any) -> Iterable[Finding]:
        type(self).runs += 1
        components = sorted(c.title for pack in user_packs(config) for c in pack.components)
        yield Finding(
            rule_id=ECHO_RULE, slug="engine-echo", family="engine-echo", status="missing",
            severity=Severity.LOW, message=f"words={','.join(config.dev_route_words)} components={components}",
            location=Location("", 0, 0),
        )


@pytest.fixture
def echo() -> Iterator[type[EchoFamily]]:
    """Register the echo family for one test."""
    load_all()
    EchoFamily.runs = 0
    RuleFamily.registry["engine-echo"] = EchoFamily()
    try:
        yield EchoFamily
    finally:
        RuleFamily.registry.pop("engine-echo", None)


def _stats(result) -> dict[str, int]:
    return {k: v for k, v in result.stats if k in ("parsed", "cache_hits")}


def _echo(result) -> str:
    (finding,) = [f for f in result.findings if f.rule_id == ECHO_RULE]
    return finding.message


def test_a_warm_scan_of_a_real_fixture_reports_exactly_what_the_cold_scan_did(tmp_path: Path, echo) -> None:
    root = tmp_path / "service"
    shutil.copytree(FIXTURES / "fastapi_gateway", root)
    write_tree(root, {
        "broken.py": "def (:\n",
        "waived.py": "import os\nDEBUG = True  # prodready: ignore[PR999]\nx = 1  # prodready: ignore\n",
    })
    psp = root / "gateway/routers/fake_psp.py"
    lines = psp.read_text().splitlines()
    lines[15] += "  # prodready: ignore[PR201] a sandbox route"
    psp.write_text("\n".join(lines) + "\n")
    cache_dir = tmp_path / "cache"
    config = load_config(root)
    uncached = run_scan(root, config=config)
    cold = run_scan(root, config=config, use_cache=True, cache_dir=cache_dir)
    warm = run_scan(root, config=config, use_cache=True, cache_dir=cache_dir)
    files = len([p for p in root.rglob("*.py")])
    assert _stats(cold) == {"parsed": files, "cache_hits": 0}
    assert _stats(warm) == {"parsed": 0, "cache_hits": files}
    assert echo.runs == 2  # the uncached and the cold scan; the warm one ran no family
    assert warm.findings == cold.findings == uncached.findings
    assert len([f for f in warm.findings if f.rule_id != ECHO_RULE]) > 3
    suppressed = [(f.rule_id, f.location.path, f.location.start_line) for f in warm.findings if f.suppression]
    assert suppressed == [("PR201", "gateway/routers/fake_psp.py", 16)]  # the per-run stages see comments
    assert [(f.rule_id, f.location.start_line) for f in warm.findings if f.location.path == "waived.py"] == [
        ("PR901", 2), ("PR901", 2), ("PR901", 3),
    ]
    assert warm.warnings == cold.warnings == uncached.warnings
    assert [w.kind for w in warm.warnings if w.path == "broken.py"] == ["syntax-error"]
    assert warm.files_scanned == cold.files_scanned == uncached.files_scanned


def test_a_changed_config_or_pack_runs_the_families_again(tmp_path: Path, echo) -> None:
    pack = "area: tracing\ncomponents:\n  - title: {title}\n    calls: ['^echo$']\n    min_capabilities: 0\n"
    root = write_tree(tmp_path / "service", {
        "app.py": "x = 1\n",
        "packs/extra.yaml": pack.format(title="First"),
        "packs/more.yaml": pack.format(title="Third"),
        "pyproject.toml": '[tool.prodready]\npacks = ["packs/extra.yaml"]\ndev-route-words = ["debug"]\n',
    })
    cache_dir = tmp_path / "cache"

    def scan() -> Any:
        return run_scan(root, config=load_config(root), use_cache=True, cache_dir=cache_dir)

    assert _echo(scan()) == "words=debug components=['First']"
    assert _echo(scan()) == "words=debug components=['First']" and echo.runs == 1
    (root / "packs/extra.yaml").write_text(pack.format(title="Second"))
    assert _echo(scan()) == "words=debug components=['Second']" and echo.runs == 2
    config = '[tool.prodready]\npacks = ["packs/extra.yaml", "packs/more.yaml"]\ndev-route-words = ["{word}"]\n'
    (root / "pyproject.toml").write_text(config.format(word="debug"))
    assert _echo(scan()) == "words=debug components=['Second', 'Third']" and echo.runs == 3
    (root / "pyproject.toml").write_text(config.format(word="demo"))
    rescan = scan()
    assert _echo(rescan) == "words=demo components=['Second', 'Third']" and echo.runs == 4
    assert _stats(rescan) == {"parsed": 0, "cache_hits": 1}  # the file entries still serve


def test_a_changed_file_or_manifest_runs_the_families_again(tmp_path: Path, echo) -> None:
    root = write_tree(tmp_path / "service", {"app.py": "x = 1\n", "requirements.txt": "fastapi\n"})
    cache_dir = tmp_path / "cache"
    run_scan(root, use_cache=True, cache_dir=cache_dir)
    run_scan(root, use_cache=True, cache_dir=cache_dir)
    assert echo.runs == 1
    (root / "requirements.txt").write_text("fastapi\nredis\n")
    run_scan(root, use_cache=True, cache_dir=cache_dir)
    assert echo.runs == 2
    (root / "app.py").write_text("x = 2\n")
    assert _stats(run_scan(root, use_cache=True, cache_dir=cache_dir)) == {"parsed": 1, "cache_hits": 0}
    assert echo.runs == 3
    (root / "app.py").write_text("x = 1\n")  # back to a version scanned before: its analysis is kept
    run_scan(root, use_cache=True, cache_dir=cache_dir)
    assert echo.runs == 3


class _RewritingCollector:
    """On a file that says REWRITE, rewrites b.py: a file changing while the scan runs."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def collect(self, source: Any, earlier: Any) -> None:
        if "REWRITE" in source.text:
            self.target.write_text("\n\ny = 2  # PROBE\n")


def test_a_file_changed_during_the_scan_is_reported_as_it_is_and_cached_as_nothing(tmp_path: Path, probe) -> None:
    root = write_tree(tmp_path / "service", {"a.py": "x = 1  # REWRITE\n", "b.py": "y = 1  # PROBE\n"})
    cache_dir = tmp_path / "cache"
    Collector.registry["engine-rewriting"] = _RewritingCollector(root / "b.py")
    try:
        during = run_scan(root, use_cache=True, cache_dir=cache_dir)
        (root / "b.py").write_text("y = 1  # PROBE\n")  # back to the content hashed before the change
        after = run_scan(root, use_cache=True, cache_dir=cache_dir)
    finally:
        Collector.registry.pop("engine-rewriting")
    assert probe_hits(during) == [("b.py", 3)]
    assert probe_hits(after) == [("b.py", 1)]
    assert _stats(after) == {"parsed": 1, "cache_hits": 1}
