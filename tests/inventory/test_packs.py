"""Indicator packs: the built-in ones load, malformed user packs fail naming file, line and key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from prodready.model.areas import AREAS
from prodready.model.config import Config, ConfigError
from prodready.rules.inventory.packs import builtin_packs, load_packs, parse_pack, scan_areas

INVENTORY_AREAS = {
    "health-monitoring", "high-availability", "load-balancing", "circuit-breaker", "authentication",
    "monitoring", "tracing", "backup-recovery", "licensing", "clustering",
}


def write_pack(tmp_path: Path, text: str, name: str = "acme.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def pack_error(tmp_path: Path, text: str) -> str:
    path = write_pack(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_packs(Config(packs=(str(path),)))
    return str(caught.value)


def test_one_builtin_pack_per_inventory_area_with_components() -> None:
    packs = builtin_packs()
    assert {pack.area for pack in packs} == INVENTORY_AREAS
    assert all(pack.components and pack.capabilities for pack in packs)
    assert all(pack.source.startswith("prodready/rules/packs/") for pack in packs)


def test_reference_bullets_are_capabilities_of_their_areas() -> None:
    by_area = {pack.area: [c.name for c in pack.capabilities] for pack in builtin_packs()}
    assert "Redis Sentinel integration" in by_area["high-availability"]
    assert "States: Closed, Open, Half-Open" in by_area["circuit-breaker"]
    assert "Token caching" in by_area["authentication"]
    assert "RPO/RTO compliance tracking" in by_area["backup-recovery"]
    assert "MinIO integration" in by_area["backup-recovery"]


def test_user_pack_files_are_loaded_after_builtin_ones(tmp_path: Path) -> None:
    path = write_pack(tmp_path, """
        area: authentication
        capabilities:
          - name: SAML single sign-on
            imports: '^(onelogin\\.saml2|saml2)'
        components:
          - title: SAML Login
            classes: ['saml']
    """)
    packs = load_packs(Config(packs=(str(path),)))
    assert packs[-1].source == str(path)
    assert packs[-1].capabilities[0].name == "SAML single sign-on"
    assert len(packs) == len(builtin_packs()) + 1


def test_pack_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "packs").mkdir()
    write_pack(tmp_path / "packs", "area: {id: data-governance, title: Data Governance}\n")
    config = Config(source=str(tmp_path / "pyproject.toml"), packs=("packs",))
    assert [a.id for a in scan_areas(config)].count("data-governance") == 1


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    message = pack_error(tmp_path, """
        area: monitoring
        capabilities:
          - name: [unclosed
    """)
    assert message.startswith(f"{tmp_path / 'acme.yaml'}:")
    assert ":4:" in message or ":3:" in message
    assert "invalid YAML" in message


def test_unknown_key_names_file_line_and_key(tmp_path: Path) -> None:
    message = pack_error(tmp_path, """
        area: monitoring
        capabilities:
          - name: Grafana dashboards
            nmes: ['grafana']
    """)
    assert message == (
        f"{tmp_path / 'acme.yaml'}:4: capabilities[0].nmes: unknown key 'nmes' "
        "(expected one of: name, description, all, min_matches, unless, imports, names, attributes, calls, strings, settings)"
    )


def test_bad_regular_expression_names_line_and_item(tmp_path: Path) -> None:
    message = pack_error(tmp_path, """
        area: monitoring
        capabilities:
          - name: Grafana dashboards
            names:
              - grafana
              - 'dash(board'
    """)
    assert message.startswith(f"{tmp_path / 'acme.yaml'}:6: capabilities[0].names[1]: invalid regular expression 'dash(board'")


def test_unknown_area_is_named_with_the_known_ones(tmp_path: Path) -> None:
    message = pack_error(tmp_path, "area: observability\n")
    assert message.startswith(f"{tmp_path / 'acme.yaml'}:1: area: unknown area 'observability' (known: health-monitoring,")


def test_new_area_needs_a_title(tmp_path: Path) -> None:
    message = pack_error(tmp_path, """
        area:
          id: data-governance
    """)
    assert message == f"{tmp_path / 'acme.yaml'}:1: area: missing required key 'title'"


def test_capability_without_matchers_is_rejected(tmp_path: Path) -> None:
    message = pack_error(tmp_path, """
        area: monitoring
        capabilities:
          - name: Grafana dashboards
    """)
    assert "acme.yaml:3: capabilities[0]: capability 'Grafana dashboards' needs at least one of" in message


def test_component_must_name_capabilities_of_its_pack(tmp_path: Path) -> None:
    message = pack_error(tmp_path, """
        area: monitoring
        capabilities:
          - name: Grafana dashboards
            strings: grafana
        components:
          - title: Dashboards
            classes: dashboard
            capabilities: [Grafana dashboards, Kibana]
    """)
    assert message == f"{tmp_path / 'acme.yaml'}:8: components[0].capabilities[1]: no capability named 'Kibana' in this pack"


def test_min_capabilities_must_be_a_whole_number(tmp_path: Path) -> None:
    message = pack_error(tmp_path, """
        area: monitoring
        components:
          - title: Dashboards
            classes: dashboard
            min_capabilities: two
    """)
    assert message == f"{tmp_path / 'acme.yaml'}:5: components[0].min_capabilities: expected a whole number >= 0"


def test_missing_pack_file_is_a_config_error(tmp_path: Path) -> None:
    config = Config(source=str(tmp_path / "pyproject.toml"), packs=("nowhere.yaml",))
    with pytest.raises(ConfigError, match="pack file .*nowhere.yaml.* not found"):
        load_packs(config)


def test_redefining_a_builtin_area_is_rejected() -> None:
    with pytest.raises(ConfigError, match=r"pack.yaml:1: area.id: area 'monitoring' already exists"):
        parse_pack("area: {id: monitoring, title: Metrics}\n", "pack.yaml")


def test_scan_areas_places_user_areas_by_order(tmp_path: Path) -> None:
    early = write_pack(tmp_path, "area: {id: gateway, title: API Gateway, order: 35}\n", "early.yaml")
    late = write_pack(tmp_path, "area: {id: data-governance, title: Data Governance}\n", "late.yaml")
    areas = scan_areas(Config(packs=(str(late), str(early))))
    ids = [area.id for area in areas]
    assert ids[:3] == ["health-monitoring", "high-availability", "load-balancing"]
    assert ids[3] == "gateway"
    assert ids.index("data-governance") == ids.index("clustering") + 1
    assert ids[-2:] == ["dev-routes", "configuration"]
    assert len(areas) == len(AREAS) + 2


def test_scan_areas_without_user_packs_are_the_builtin_areas() -> None:
    assert scan_areas(Config()) == AREAS


def test_unless_must_name_an_earlier_capability(tmp_path: Path) -> None:
    message = pack_error(tmp_path, """
        area: monitoring
        capabilities:
          - name: Grafana dashboards
            strings: grafana
            unless: Kibana dashboards
    """)
    assert message == f"{tmp_path / 'acme.yaml'}:5: capabilities[0].unless: no earlier capability named 'Kibana dashboards' in this pack"


def test_all_groups_need_matchers(tmp_path: Path) -> None:
    message = pack_error(tmp_path, """
        area: monitoring
        capabilities:
          - name: Grafana dashboards
            all:
              - strings: grafana
              - {}
    """)
    assert message.startswith(f"{tmp_path / 'acme.yaml'}:6: capabilities[0].all[1]: a matcher group needs at least one of")
