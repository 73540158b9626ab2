"""A user adds an indicator pack for a new area in YAML alone and the scan reports it."""

from __future__ import annotations

from pathlib import Path

import pytest

from prodready.model.areas import Area
from prodready.model.config import Config, ConfigError
from prodready.model.findings import Location, Severity

GOVERNANCE_PACK = """
area:
  id: data-governance
  title: Data Governance
  order: 75
  not_found: no data retention or PII handling detected
capabilities:
  - name: PII redaction
    names: ['redact', 'mask_pii']
  - name: Retention policies
    attributes: ['retention_days', 'purge_after']
  - name: Audit trail
    calls: ['audit_log\\.(record|write)$']
components:
  - title: Data Retention Manager
    classes: ['retention_?(manager|policy)$']
    min_capabilities: 2
    key_methods: ['^(purge|apply|enforce)$']
"""

RETENTION_MODULE = """
import audit_log


class RetentionManager:
    def __init__(self, retention_days=30):
        self.retention_days = retention_days

    def redact(self, record):
        return {key: "***" if key in ("email", "phone") else value for key, value in record.items()}

    def purge(self, store, now):
        expired = [key for key, row in store.items() if now - row["created"] > self.retention_days * 86400]
        for key in expired:
            del store[key]
            audit_log.record("purged", key)
        return len(expired)
"""

PLACEHOLDER_MODULE = """
class RetentionPolicy:
    def __init__(self, retention_days=30):
        self.retention_days = retention_days

    def purge(self, store):
        pass

    def enforce(self, store):
        raise NotImplementedError
"""


def governance_config(tmp_path: Path) -> Config:
    pack = tmp_path / "governance.yaml"
    pack.write_text(GOVERNANCE_PACK, encoding="utf-8")
    return Config(packs=(str(pack),))


def test_user_area_component_is_found_end_to_end(tmp_path: Path, scan_files) -> None:
    config = governance_config(tmp_path)
    result = scan_files({"app/retention.py": RETENTION_MODULE}, config)

    found = [f for f in result.findings if f.area == "data-governance"]
    assert len(found) == 1
    finding = found[0]
    assert (finding.rule_id, finding.status, finding.severity) == ("PR401", "real", Severity.NONE)
    assert finding.title == "Data Retention Manager"
    assert finding.location == Location("app/retention.py", 4, 16)
    assert finding.symbol == "RetentionManager"
    assert finding.details == ("PII redaction", "Retention policies", "Audit trail")
    assert [(r.start_line, r.message) for r in finding.related] == [
        (8, "PII redaction: `redact`"), (5, "Retention policies: `retention_days`"), (15, "Audit trail: `audit_log.record`"),
    ]
    assert finding.snippet.startswith("class RetentionManager:")

    ids = [area.id for area in result.areas]
    assert ids.index("data-governance") == ids.index("monitoring") + 2  # after tracing (70), before backup (80)
    assert Area("data-governance", "Data Governance", not_found="no data retention or PII handling detected") in result.areas


def test_user_area_placeholder_is_reported(tmp_path: Path, scan_files) -> None:
    result = scan_files({"governance.py": PLACEHOLDER_MODULE}, governance_config(tmp_path))
    found = [(f.rule_id, f.status, f.location.label(), f.title, f.details)
             for f in result.findings if f.area == "data-governance"]
    assert found == [(
        "PR402", "placeholder", "governance.py:1-9", "Data Retention Manager",
        ("`purge` is only `pass`", "`enforce` is only `raise NotImplementedError`"),
    )]


def test_without_the_pack_the_area_does_not_exist(scan_files) -> None:
    result = scan_files({"app/retention.py": RETENTION_MODULE})
    assert not [f for f in result.findings if f.area == "data-governance"]
    assert "data-governance" not in [area.id for area in result.areas]


def test_malformed_user_pack_stops_the_scan(tmp_path: Path, scan_files) -> None:
    pack = tmp_path / "broken.yaml"
    pack.write_text("area: monitoring\ncomponents:\n  - title: Dashboards\n    clases: dashboard\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken.yaml:4: components\[0\].clases: unknown key 'clases'"):
        scan_files({"app.py": "x = 1\n"}, Config(packs=(str(pack),)))
