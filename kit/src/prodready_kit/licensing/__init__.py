"""Offline licenses signed with Ed25519: issue, verify, gate features, expose them as OpenFeature flags.

Needs the `licensing` extra (cryptography; openfeature-sdk for `prodready_kit.licensing.flags`).
"""

from prodready_kit.licensing.active import ActiveLicense, default_license, use_license
from prodready_kit.licensing.armor import SignedLicense, armor, dearmor, sign_license
from prodready_kit.licensing.features import FeatureNotEntitled, require_feature
from prodready_kit.licensing.health import license_check
from prodready_kit.licensing.keys import generate_private_key, key_id, load_private_key, load_public_key
from prodready_kit.licensing.machine import machine_fingerprint
from prodready_kit.licensing.model import License, MalformedLicense, decode_license, encode_license
from prodready_kit.licensing.verify import (
    FileLastSeen,
    LicenseRejected,
    MemoryLastSeen,
    Rejection,
    Verifier,
    VerifiedLicense,
    load_revocation_list,
)

__all__ = [
    "ActiveLicense", "FeatureNotEntitled", "FileLastSeen", "License", "LicenseRejected", "MalformedLicense",
    "MemoryLastSeen", "Rejection", "SignedLicense", "Verifier", "VerifiedLicense", "armor", "dearmor",
    "decode_license", "default_license", "encode_license", "generate_private_key", "key_id",
    "license_check", "load_private_key", "load_public_key", "load_revocation_list", "machine_fingerprint",
    "require_feature", "sign_license", "use_license",
]
