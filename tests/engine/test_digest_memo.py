"""The digest memo: a warm re-scan reads no unchanged file, and every change is still seen."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from engine_support import probe_hits, run_scan, write_tree

from prodready.engine.digests import MEMO_NAME, DigestMemo
from prodready.engine.sealed import open_seal

FILES = {f"svc/mod_{i}.py": f"def handler_{i}():\n    return {i}  # PROBE\n" for i in range(5)}


def _age(root: Path, seconds_ago: float = 3600) -> None:
    """Set every file's mtime in the past (as a checkout some time ago would have)."""
    moment = time.time() - seconds_ago
    for path in root.rglob("*.py"):
        os.utime(path, (moment, moment))


def _counters(result) -> dict[str, int]:
    return {k: v for k, v in result.stats if k in ("hashed", "parsed")}


def test_a_warm_rescan_reads_no_unchanged_file(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", FILES)
    _age(root)
    cache = tmp_path / "cache"
    cold = run_scan(root, use_cache=True, cache_dir=cache)
    warm = run_scan(root, use_cache=True, cache_dir=cache)
    assert _counters(cold) == {"hashed": 0, "parsed": 5}  # a first scan hashes what its workers read
    assert _counters(warm) == {"hashed": 0, "parsed": 0}
    assert warm.findings == cold.findings
    assert (cache / MEMO_NAME).is_file()


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", FILES)
    _age(root)
    cache = tmp_path / "cache"
    run_scan(root, use_cache=True, cache_dir=cache)
    target = root / "svc/mod_3.py"
    before = os.stat(target)
    target.write_text("# PROBE moved to line one\n".ljust(before.st_size - 1) + "\n")  # same size
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime set back; ctime cannot be
    assert os.stat(target).st_size == before.st_size
    rescan = run_scan(root, use_cache=True, cache_dir=cache)
    assert _counters(rescan) == {"hashed": 1, "parsed": 1}
    assert ("svc/mod_3.py", 1) in probe_hits(rescan) and ("svc/mod_3.py", 2) not in probe_hits(rescan)


def test_a_file_written_just_before_it_was_read_is_read_again(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", FILES)
    _age(root)
    (root / "svc/fresh.py").write_text("x = 1  # PROBE\n")  # mtime: now, within the racy window
    cache = tmp_path / "cache"
    run_scan(root, use_cache=True, cache_dir=cache)
    rescan = run_scan(root, use_cache=True, cache_dir=cache)
    assert _counters(rescan) == {"hashed": 1, "parsed": 0}  # read again, found unchanged


@pytest.mark.parametrize("damage", [b"not json", json.dumps(["a", "list"]).encode(),
                                    json.dumps({"/x.py": ["status", None, 1]}).encode()])
def test_a_damaged_memo_only_costs_reading_the_files(tmp_path: Path, damage: bytes) -> None:
    root = write_tree(tmp_path / "project", FILES)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / MEMO_NAME).write_bytes(open_seal().wrap(damage))  # authentic, but damaged
    memo = DigestMemo(tmp_path / "cache", open_seal())
    hashes = memo.hashes(root, sorted(FILES))
    assert memo.read == 5 and all(isinstance(h, str) and len(h) == 64 for h in hashes.values())
    assert memo.warnings == []
    memo.save()
    assert len(DigestMemo(tmp_path / "cache", open_seal()).entries) == 5


def test_a_memo_not_sealed_by_this_user_is_rejected_and_rewritten(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "project", FILES)
    (tmp_path / "cache").mkdir()
    forged = {str(root / path): [[1, 1, 1, 1], "0" * 64, 10**19] for path in FILES}
    (tmp_path / "cache" / MEMO_NAME).write_text(json.dumps(forged))
    memo = DigestMemo(tmp_path / "cache", open_seal())
    assert memo.entries == {} and [w.kind for w in memo.warnings] == ["cache-rejected"]
    memo.hashes(root, sorted(FILES))
    memo.save()
    again = DigestMemo(tmp_path / "cache", open_seal())
    assert again.warnings == [] and len(again.entries) == 5


def test_the_memo_forgets_files_no_longer_scanned(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "project", FILES)
    cache = tmp_path / "cache"
    cache.mkdir()
    first = DigestMemo(cache, open_seal())
    first.hashes(root, sorted(FILES))
    first.save()
    second = DigestMemo(cache, open_seal())
    second.hashes(root, ["svc/mod_0.py"])
    second.save()
    assert list(DigestMemo(cache, open_seal()).entries) == [str(root / "svc/mod_0.py")]


def test_a_file_changed_after_the_first_scans_snapshot_is_read_again(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "project", FILES)
    _age(root)
    memo = DigestMemo(tmp_path / "cache", open_seal())
    snapshot = memo.snapshot(root, sorted(FILES))
    edited = root / "svc/mod_1.py"
    before = os.stat(edited)
    edited.write_text("def handler_1():\n    return 'edited'\n")  # before the workers read it
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime set back; ctime cannot be
    read_by_workers = DigestMemo(None, None).hashes(root, sorted(FILES))  # what the workers hashed
    memo.learn(snapshot, read_by_workers)
    assert memo.hashes(root, sorted(FILES)) == read_by_workers
    assert memo.read == 1  # only the file whose status is not the one noted
