"""`prodready license keygen | issue | verify | inspect`: offline Ed25519-signed license files.

The licensing kit is `prodready-kit[licensing]` (cryptography), so it is imported when a license
command runs, never when the CLI loads.
"""

from __future__ import annotations

import importlib.util
import json
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Optional

import typer

EXIT_VALID, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

license_app = typer.Typer(name="license", help="Create signing keys and issue, verify or inspect license files.",
                          no_args_is_help=True)


@license_app.callback()
def _require_extra() -> None:
    """Create signing keys and issue, verify or inspect license files."""
    if importlib.util.find_spec("prodready_kit") is None or importlib.util.find_spec("cryptography") is None:
        typer.echo("prodready license needs prodready-kit[licensing] (the kit, cryptography, openfeature-sdk)", err=True)
        raise typer.Exit(EXIT_USAGE)


def register(app: typer.Typer) -> None:
    """Add the `license` command group."""
    app.add_typer(license_app, name="license")


def _passphrase(variable: Optional[str]) -> bytes | None:
    if variable is None:
        return None
    value = os.environ.get(variable)
    if not value:
        raise typer.BadParameter(f"environment variable {variable} is empty or unset", param_hint="--passphrase-env")
    return value.encode()


def _moment(text: Optional[str], option: str) -> datetime | None:
    from prodready_kit.licensing.model import parse_timestamp

    if text is None:
        return None
    try:
        return parse_timestamp(text)
    except ValueError:
        raise typer.BadParameter(f"not an ISO 8601 date or date-time: {text}", param_hint=option) from None


@license_app.command()
def keygen(
    out_dir: Path = typer.Option(Path("."), "--out-dir", help="Directory for NAME.key and NAME.pub."),
    name: str = typer.Option("license-signing", "--name", help="Base name of the key files."),
    passphrase_env: Optional[str] = typer.Option(None, "--passphrase-env", help="Encrypt the key with this variable's value."),
) -> None:
    """Create an Ed25519 key pair: NAME.key (private, mode 0600) and NAME.pub."""
    from prodready_kit.licensing.keys import generate_private_key, key_id, write_key_pair

    out_dir.mkdir(parents=True, exist_ok=True)
    private_path, public_path = out_dir / f"{name}.key", out_dir / f"{name}.pub"
    key = generate_private_key()
    try:
        write_key_pair(key, private_path, public_path, _passphrase(passphrase_env))
    except FileExistsError:
        typer.echo(f"error: {private_path} already exists; not overwriting a signing key", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"key id {key_id(key.public_key())}: private key {private_path}, public key {public_path}")


@license_app.command()
def issue(
    key: Path = typer.Option(..., "--key", exists=True, dir_okay=False, help="Private signing key (PEM)."),
    licensee: str = typer.Option(..., "--licensee", help="Who the license is for."),
    issuer: str = typer.Option(..., "--issuer", help="Who grants it."),
    license_id: Optional[str] = typer.Option(None, "--id", help="License id (default: a random UUID)."),
    not_before: Optional[str] = typer.Option(None, "--not-before", help="Valid from (default: now)."),
    expires: Optional[str] = typer.Option(None, "--expires", help="Expiry date (ISO 8601); without it and --days the license is perpetual."),
    days: Optional[int] = typer.Option(None, "--days", min=1, help="Expire this many days after --not-before."),
    grace_days: int = typer.Option(0, "--grace-days", min=0, help="Days it keeps working after expiry."),
    features: list[str] = typer.Option([], "--feature", "-f", help="Entitlement; repeat for several."),
    seats: Optional[int] = typer.Option(None, "--seats", min=1, help="Number of seats."),
    machine: Optional[str] = typer.Option(None, "--machine", help="Bind to this machine fingerprint."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="License file (default: stdout)."),
    passphrase_env: Optional[str] = typer.Option(None, "--passphrase-env", help="Variable holding the key's passphrase."),
) -> None:
    """Sign a new license."""
    from prodready_kit.licensing import License, armor, load_private_key, sign_license

    if expires is not None and days is not None:
        raise typer.BadParameter("give --expires or --days, not both", param_hint="--days")
    now = datetime.now(UTC)
    start = _moment(not_before, "--not-before") or now
    end = _moment(expires, "--expires") or (start + timedelta(days=days) if days is not None else None)
    license = License(
        issuer=issuer, licensee=licensee, license_id=license_id or str(uuid.uuid4()), issued=now,
        not_before=start, expires=end, grace_days=grace_days, entitlements=tuple(features), seats=seats,
        machine=machine,
    )
    text = armor(sign_license(license, load_private_key(key, _passphrase(passphrase_env))))
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text)
        typer.echo(f"issued license {license.license_id} to {output}", err=True)


@license_app.command()
def verify(
    license_file: Path = typer.Argument(..., exists=True, dir_okay=False, help="License file."),
    public_keys: list[Path] = typer.Option(..., "--public-key", "-k", exists=True, dir_okay=False,
                                           help="Trusted public key (PEM); repeat for several."),
    revoked: Optional[Path] = typer.Option(None, "--revoked", exists=True, dir_okay=False,
                                           help="Revocation list: one license id per line."),
    state: Optional[Path] = typer.Option(None, "--state", help="File remembering the last verified time."),
    at: Optional[str] = typer.Option(None, "--at", help="Verify as of this time instead of now (not with --state)."),
    machine: Optional[str] = typer.Option(None, "--machine", help="Machine fingerprint (default: this machine)."),
) -> None:
    """Check signature, key, time window, revocation and clock; exit 0 when valid, 1 when rejected."""
    from prodready_kit.licensing import FileLastSeen, LicenseRejected, Verifier, load_public_key, load_revocation_list
    from prodready_kit.licensing.model import format_timestamp
    from prodready_kit.licensing.verify import utc_now

    if at is not None and state is not None:  # a made-up time must never become the remembered one
        typer.echo("error: --at cannot be combined with --state (it would record a made-up time)", err=True)
        raise typer.Exit(EXIT_USAGE)
    moment = _moment(at, "--at")
    verifier = Verifier(
        [load_public_key(path.read_bytes()) for path in public_keys],
        clock=(lambda: moment) if moment is not None else utc_now,
        revoked=load_revocation_list(revoked) if revoked else (),
        last_seen=FileLastSeen(state) if state else None,
        machine=machine,
    )
    try:
        verified = verifier.verify(license_file.read_text())
    except LicenseRejected as rejected:
        typer.echo(f"rejected ({rejected.reason.value}): {rejected.message}", err=True)
        raise typer.Exit(EXIT_REJECTED) from None
    details = verified.license
    until = "never expires" if details.expires is None else f"expires {format_timestamp(details.expires)}"
    grace = " (in grace period)" if verified.in_grace else ""
    typer.echo(f"valid: license {details.license_id} for {details.licensee}, {until}{grace}")


@license_app.command()
def inspect(
    license_file: Path = typer.Argument(..., exists=True, dir_okay=False, help="License file."),
) -> None:
    """Print a license's key id and payload as JSON, without verifying it."""
    from prodready_kit.licensing import MalformedLicense, dearmor, decode_license

    try:
        signed = dearmor(license_file.read_text())
        payload = decode_license(signed.payload).to_payload()
    except MalformedLicense as error:
        typer.echo(f"malformed license: {error}", err=True)
        raise typer.Exit(EXIT_REJECTED) from None
    typer.echo(json.dumps({"key_id": signed.key_id, "payload": payload}, indent=2, ensure_ascii=False))


@license_app.command()
def fingerprint() -> None:
    """Print this machine's fingerprint, for `issue --machine`."""
    from prodready_kit.licensing.machine import machine_fingerprint

    typer.echo(machine_fingerprint())
