"""`prodready license keygen | issue | verify | inspect` end to end through the real CLI app."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prodready.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["license", *map(str, args)])


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    """Two key pairs made with `license keygen`: the vendor's and another one."""
    for name in ("vendor", "other"):
        result = run("keygen", "--out-dir", tmp_path, "--name", name)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("key id ")
    return {name: tmp_path / name for name in ("vendor", "other")}


def issue(keys: dict[str, Path], out: Path, *extra: str, key: str = "vendor") -> Path:
    result = run("issue", "--key", f"{keys[key]}.key", "--issuer", "Example Vendor", "--licensee", "ACME Corp",
                 "--id", "LIC-7", "--not-before", "2026-01-01", "--expires", "2026-06-30", "--grace-days", "7",
                 "--feature", "sso", "--feature", "export", "--seats", "25", "--output", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def verify(keys: dict[str, Path], license_file: Path, *extra: str):
    return run("verify", license_file, "--public-key", f"{keys['vendor']}.pub", *extra)


def test_round_trip(keys, tmp_path: Path) -> None:
    assert stat.S_IMODE((tmp_path / "vendor.key").stat().st_mode) == 0o600
    license_file = issue(keys, tmp_path / "acme.lic")
    assert license_file.read_text().startswith("-----BEGIN PRODREADY LICENSE-----\n")

    result = verify(keys, license_file, "--at", "2026-03-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == "valid: license LIC-7 for ACME Corp, expires 2026-06-30T00:00:00Z\n"

    inspected = run("inspect", license_file)
    assert inspected.exit_code == 0
    document = json.loads(inspected.stdout)
    assert document["payload"] == {
        "version": 1, "issuer": "Example Vendor", "licensee": "ACME Corp", "license_id": "LIC-7",
        "issued": document["payload"]["issued"], "not_before": "2026-01-01T00:00:00Z",
        "expires": "2026-06-30T00:00:00Z", "grace_days": 7, "entitlements": ["export", "sso"],
        "seats": 25, "machine": None,
    }
    assert len(document["key_id"]) == 16


def test_one_byte_changed_in_the_file_is_rejected(keys, tmp_path: Path) -> None:
    license_file = issue(keys, tmp_path / "acme.lic")
    lines = license_file.read_text().splitlines(keepends=True)
    body = lines[4]
    lines[4] = body[:10] + ("A" if body[10] != "A" else "B") + body[11:]
    license_file.write_text("".join(lines))
    result = verify(keys, license_file, "--at", "2026-03-01")
    assert result.exit_code == 1
    assert result.stderr.startswith("rejected (")
    assert "signature does not match" in result.stderr or "malformed" in result.stderr


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (("--at", "2026-07-08"), "rejected (expired): expired on 2026-06-30T00:00:00Z, beyond the 7-day grace period\n"),
        (("--at", "2025-12-31"), "rejected (not-yet-valid): not yet valid: valid from 2026-01-01T00:00:00Z\n"),
    ],
)
def test_time_window(keys, tmp_path: Path, extra, expected) -> None:
    result = verify(keys, issue(keys, tmp_path / "acme.lic"), *extra)
    assert result.exit_code == 1
    assert result.stderr == expected


def test_in_grace_is_still_valid(keys, tmp_path: Path) -> None:
    result = verify(keys, issue(keys, tmp_path / "acme.lic"), "--at", "2026-07-05")
    assert result.exit_code == 0
    assert result.stdout.endswith("(in grace period)\n")


def test_signed_by_another_key(keys, tmp_path: Path) -> None:
    result = verify(keys, issue(keys, tmp_path / "acme.lic", key="other"), "--at", "2026-03-01")
    assert result.exit_code == 1
    assert result.stderr.startswith("rejected (unknown-key): not signed by a trusted key")


def test_revoked(keys, tmp_path: Path) -> None:
    revoked = tmp_path / "revoked.txt"
    revoked.write_text("# refunded\nLIC-7\n")
    result = verify(keys, issue(keys, tmp_path / "acme.lic"), "--at", "2026-03-01", "--revoked", revoked)
    assert result.exit_code == 1
    assert result.stderr == "rejected (revoked): license LIC-7 has been revoked\n"


def test_clock_set_back(keys, tmp_path: Path) -> None:
    license_file, state = issue(keys, tmp_path / "acme.lic"), tmp_path / "state.json"
    verify(keys, license_file, "--state", state)  # records the real time, whatever the outcome
    recorded = json.loads(state.read_text())["last_verified"]
    state.write_text(json.dumps({"last_verified": "2999-01-01T00:00:00+00:00"}))
    result = verify(keys, license_file, "--state", state)
    assert result.exit_code == 1
    assert result.stderr.startswith("rejected (clock-rollback): clock set back: now is ")
    assert result.stderr.rstrip().endswith("checked at 2999-01-01T00:00:00Z")
    assert recorded < "2999"


def test_a_made_up_time_is_never_recorded(keys, tmp_path: Path) -> None:
    license_file, state = issue(keys, tmp_path / "acme.lic"), tmp_path / "state.json"
    result = verify(keys, license_file, "--at", "2026-05-01", "--state", state)
    assert result.exit_code == 2
    assert "--at cannot be combined with --state" in result.stderr
    assert not state.exists()


def test_a_corrupt_state_file_is_a_rejection(keys, tmp_path: Path) -> None:
    license_file, state = issue(keys, tmp_path / "acme.lic"), tmp_path / "state.json"
    for corrupt in ("not json", "{}", "[1]", '{"last_verified": "2026-05-01T00:00:00"}'):
        state.write_text(corrupt)
        result = verify(keys, license_file, "--state", state)
        assert (result.exit_code, result.stderr.split(":")[0]) == (1, "rejected (bad-state)")


def test_machine_bound_license(keys, tmp_path: Path) -> None:
    license_file = issue(keys, tmp_path / "acme.lic", "--machine", "f00d")
    assert verify(keys, license_file, "--at", "2026-03-01", "--machine", "f00d").exit_code == 0
    result = verify(keys, license_file, "--at", "2026-03-01", "--machine", "beef")
    assert result.stderr == "rejected (wrong-machine): license is bound to another machine\n"


def test_keygen_never_overwrites_a_key(keys, tmp_path: Path) -> None:
    before = (tmp_path / "vendor.key").read_bytes()
    result = run("keygen", "--out-dir", tmp_path, "--name", "vendor")
    assert result.exit_code == 2
    assert (tmp_path / "vendor.key").read_bytes() == before


def test_encrypted_signing_key(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SIGNING_PASSPHRASE", "correct horse")
    assert run("keygen", "--out-dir", tmp_path, "--name", "k", "--passphrase-env", "SIGNING_PASSPHRASE").exit_code == 0
    assert b"ENCRYPTED" in (tmp_path / "k.key").read_bytes()
    result = run("issue", "--key", tmp_path / "k.key", "--issuer", "V", "--licensee", "L", "--days", "30",
                 "--passphrase-env", "SIGNING_PASSPHRASE")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("-----BEGIN PRODREADY LICENSE-----")


def test_without_the_licensing_extra_the_cli_says_what_to_install() -> None:
    script = ("import sys; sys.modules['cryptography'] = None\n"
              "from prodready.cli import app\n"
              "app(['license', 'keygen'])")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == "prodready license needs prodready-kit[licensing] (the kit, cryptography, openfeature-sdk)\n"
