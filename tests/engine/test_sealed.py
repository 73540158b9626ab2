"""The cache's seal: only files written with this user's key are accepted."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from prodready.engine.sealed import KEY_NAME, MAGIC, Seal, default_cache_dir, open_seal


def test_a_sealed_payload_round_trips_and_any_change_is_rejected(tmp_path: Path) -> None:
    seal = open_seal(tmp_path)
    sealed = seal.wrap(b"payload")
    assert sealed.startswith(MAGIC) and seal.unwrap(sealed) == b"payload"
    assert seal.unwrap(sealed[:-1] + b"X") is None
    assert seal.unwrap(b"payload") is None and seal.unwrap(MAGIC) is None
    assert Seal(os.urandom(32)).unwrap(sealed) is None  # another user's key


def test_the_key_is_created_once_readable_by_the_user_only(tmp_path: Path) -> None:
    first = open_seal(tmp_path / "home")
    assert stat.S_IMODE((tmp_path / "home" / KEY_NAME).stat().st_mode) == 0o600
    assert open_seal(tmp_path / "home") == first


def test_a_key_others_can_write_or_reached_through_a_link_is_refused(tmp_path: Path) -> None:
    open_seal(tmp_path / "shared")
    (tmp_path / "shared" / KEY_NAME).chmod(0o666)
    assert open_seal(tmp_path / "shared") is None
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / KEY_NAME).symlink_to(tmp_path / "shared" / KEY_NAME)
    assert open_seal(tmp_path / "linked") is None


def test_an_unwritable_cache_home_means_no_seal(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    assert open_seal(tmp_path / "file" / "home") is None


def test_the_default_cache_is_keyed_by_the_real_path_of_the_root(tmp_path: Path, user_cache_home: Path) -> None:
    (tmp_path / "service").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "service")
    assert default_cache_dir(tmp_path / "alias") == default_cache_dir(tmp_path / "service")
    assert default_cache_dir(tmp_path / "service").parent == user_cache_home / "roots"
    assert default_cache_dir(tmp_path / "service") != default_cache_dir(tmp_path)
