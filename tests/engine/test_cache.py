"""The result cache: a warm re-scan parses nothing, changes are re-parsed, damage is tolerated."""

from __future__ import annotations

import pickle
from pathlib import Path

from engine_support import probe_hits, run_scan, write_tree

from prodready.engine.sealed import default_cache_dir, open_seal
from prodready.model.config import Config

FILES = {f"svc/mod_{i}.py": f"def handler_{i}():\n    return {i}  # PROBE\n" for i in range(6)}


def _stats(result) -> dict[str, int]:
    return {k: v for k, v in result.stats if k in ("files", "parsed", "cache_hits")}


def _packs(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.pack"))


def _forget_scans(cache: Path) -> None:
    """Remove the whole-scan analyses, so the next scan goes to the per-file entries."""
    for scan in cache.rglob("*.scan"):
        scan.unlink()


def _entries(cache: Path) -> dict[str, bytes]:
    """Every cache entry (key -> pickled file result) of every pack."""
    seal = open_seal()
    entries: dict[str, bytes] = {}
    for pack in _packs(cache):
        entries.update(pickle.loads(seal.unwrap(pack.read_bytes())))
    return entries


def _kinds(result) -> list[str]:
    return [warning.kind for warning in result.warnings]


def test_warm_scan_parses_nothing_and_gives_the_same_result(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", {**FILES, "bad.py": "def (:\n"})
    cold = run_scan(root, use_cache=True)
    warm = run_scan(root, use_cache=True)
    assert _stats(cold) == {"files": 7, "parsed": 7, "cache_hits": 0}
    assert _stats(warm) == {"files": 7, "parsed": 0, "cache_hits": 7}
    assert warm.findings == cold.findings and len(probe_hits(warm)) == 6
    assert warm.warnings == cold.warnings and [w.kind for w in warm.warnings] == ["syntax-error"]


def test_default_cache_lives_in_the_user_cache_directory_keyed_by_the_root(
    tmp_path: Path, probe: None, user_cache_home: Path
) -> None:
    root = write_tree(tmp_path / "project", FILES)
    other = write_tree(tmp_path / "other", FILES)
    run_scan(root, use_cache=True)
    cache = default_cache_dir(root)
    assert cache.parent == user_cache_home / "roots" and cache.name.startswith("project-")
    assert len(_entries(cache)) == 6 and not (root / ".prodready_cache").exists()
    assert sorted(p.name for p in root.rglob("*")) == sorted(p.name for p in other.rglob("*"))  # nothing written
    assert _stats(run_scan(other, use_cache=True))["parsed"] == 6  # another root, another cache
    assert _stats(run_scan(root, use_cache=True))["parsed"] == 0


def test_an_in_tree_cache_directory_is_neither_read_nor_scanned(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path, FILES)
    run_scan(root, use_cache=True, cache_dir=root / ".prodready_cache")  # a cache the repository ships
    assert (root / ".prodready_cache" / ".gitignore").read_text() == "*\n"
    (root / ".prodready_cache" / "planted.py").write_text("x = 1  # PROBE\n")
    fresh = run_scan(root, use_cache=True)  # the default cache does not look inside the tree
    assert _stats(fresh) == {"files": 6, "parsed": 6, "cache_hits": 0}


def test_a_cache_directory_inside_the_root_is_never_scanned(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path, FILES)
    cache = root / "scan-cache"
    run_scan(root, use_cache=True, cache_dir=cache, config=Config(respect_gitignore=False))
    (cache / "planted.py").write_text("x = 1  # PROBE\n")
    result = run_scan(root, use_cache=True, cache_dir=cache, config=Config(respect_gitignore=False))
    assert _stats(result) == {"files": 6, "parsed": 0, "cache_hits": 6}


def test_changed_file_is_reparsed(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", FILES)
    cache_dir = tmp_path / "cache"
    run_scan(root, use_cache=True, cache_dir=cache_dir)
    (root / "svc/mod_2.py").write_text("\n\nvalue = 2  # PROBE\n")
    rescan = run_scan(root, use_cache=True, cache_dir=cache_dir)
    assert _stats(rescan) == {"files": 6, "parsed": 1, "cache_hits": 5}
    assert ("svc/mod_2.py", 3) in probe_hits(rescan) and ("svc/mod_2.py", 2) not in probe_hits(rescan)


def test_corrupt_entries_are_ignored_and_rewritten(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", FILES)
    cache_dir = tmp_path / "cache"
    cold = run_scan(root, use_cache=True, cache_dir=cache_dir)
    (pack,) = _packs(cache_dir)
    entries = _entries(cache_dir)
    first, second = sorted(entries)[:2]
    pack.write_bytes(open_seal().wrap(pickle.dumps({**entries, first: b"not a pickle", second: b""})))
    _forget_scans(cache_dir)
    repaired = run_scan(root, use_cache=True, cache_dir=cache_dir)
    assert _stats(repaired) == {"files": 6, "parsed": 2, "cache_hits": 4}
    assert repaired.findings == cold.findings
    assert _stats(run_scan(root, use_cache=True, cache_dir=cache_dir))["parsed"] == 0


def test_a_damaged_pack_is_ignored_and_replaced(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", FILES)
    cache_dir = tmp_path / "cache"
    cold = run_scan(root, use_cache=True, cache_dir=cache_dir)
    (pack,) = _packs(cache_dir)
    pack.write_bytes(pack.read_bytes()[:100])
    _forget_scans(cache_dir)
    repaired = run_scan(root, use_cache=True, cache_dir=cache_dir)
    assert _stats(repaired) == {"files": 6, "parsed": 6, "cache_hits": 0}
    assert repaired.findings == cold.findings and _kinds(repaired) == ["cache-rejected"]
    assert _packs(cache_dir) != [pack] and len(_entries(cache_dir)) == 6
    assert _kinds(run_scan(root, use_cache=True, cache_dir=cache_dir)) == []


def test_each_scan_that_parses_leaves_one_pack_with_every_entry(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", FILES)
    cache_dir = tmp_path / "cache"
    run_scan(root, use_cache=True, cache_dir=cache_dir, jobs=2)
    (first,) = _packs(cache_dir)
    run_scan(root, use_cache=True, cache_dir=cache_dir)  # warm: nothing new, nothing written
    assert _packs(cache_dir) == [first]
    (root / "svc/mod_2.py").write_text("value = 2  # PROBE\n")
    assert _stats(run_scan(root, use_cache=True, cache_dir=cache_dir))["parsed"] == 1
    (second,) = _packs(cache_dir)
    assert second != first and len(_entries(cache_dir)) == 7  # the old version of mod_2 stays until evicted


def test_no_cache_neither_reads_nor_writes(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", FILES)
    cache_dir = tmp_path / "cache"
    first = run_scan(root, use_cache=False, cache_dir=cache_dir)
    assert not cache_dir.exists()
    run_scan(root, use_cache=True, cache_dir=cache_dir)
    again = run_scan(root, use_cache=False, cache_dir=cache_dir)
    assert _stats(first) == _stats(again) == {"files": 6, "parsed": 6, "cache_hits": 0}


def test_a_different_collector_set_does_not_reuse_entries(tmp_path: Path, probe: None) -> None:
    from prodready.model.collector import Collector

    root = write_tree(tmp_path / "project", FILES)
    cache_dir = tmp_path / "cache"
    run_scan(root, use_cache=True, cache_dir=cache_dir)
    boom = Collector.registry.pop("engine-boom")
    try:
        assert _stats(run_scan(root, use_cache=True, cache_dir=cache_dir))["parsed"] == 6
    finally:
        Collector.registry["engine-boom"] = boom


def test_only_stale_salt_directories_are_removed(tmp_path: Path, probe: None) -> None:
    from prodready.model.collector import Collector

    root = write_tree(tmp_path / "project", FILES)
    shared = write_tree(tmp_path / "shared", {"notes/todo.txt": "keep me", "deadbeef/x.txt": "keep me too"})
    run_scan(root, use_cache=True, cache_dir=shared)
    (first_salt,) = [p for p in shared.iterdir() if len(p.name) == 20]
    boom = Collector.registry.pop("engine-boom")  # another collector set: another salt
    try:
        run_scan(root, use_cache=True, cache_dir=shared)
    finally:
        Collector.registry["engine-boom"] = boom
    assert not first_salt.exists()
    assert (shared / "notes/todo.txt").read_text() == "keep me"
    assert (shared / "deadbeef/x.txt").exists()
    assert not (shared / ".gitignore").exists()  # an existing directory of the user's


def test_cache_directory_may_be_the_scanned_root(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path, FILES)
    run_scan(root, use_cache=True, cache_dir=root)
    assert not (root / ".gitignore").exists()
    again = run_scan(root, use_cache=True, cache_dir=root)
    assert _stats(again) == {"files": 6, "parsed": 0, "cache_hits": 6}
    assert len(probe_hits(again)) == 6


def test_links_in_the_cache_directory_are_never_followed(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", FILES)
    cache_dir = tmp_path / "repo" / ".prodready_cache"
    cache_dir.mkdir(parents=True)
    (cache_dir / ".gitignore").symlink_to(tmp_path / "outside.txt")  # dangling: writing would create it
    run_scan(root, use_cache=True, cache_dir=cache_dir)
    assert not (tmp_path / "outside.txt").exists()
    (pack,) = _packs(cache_dir)
    elsewhere = tmp_path / "elsewhere.pack"
    pack.rename(elsewhere)  # an authentic pack, reached through a link
    pack.symlink_to(elsewhere)
    _forget_scans(cache_dir)
    relinked = run_scan(root, use_cache=True, cache_dir=cache_dir)
    assert _stats(relinked)["parsed"] == 6 and _kinds(relinked) == ["cache-rejected"]
    assert elsewhere.read_bytes()[:9] == b"prodready"  # the link's target was neither read as a pack nor written


def test_a_salt_directory_that_is_a_link_disables_the_cache(tmp_path: Path, probe: None) -> None:
    root = write_tree(tmp_path / "project", FILES)
    cache_dir = tmp_path / "cache"
    run_scan(root, use_cache=True, cache_dir=cache_dir)
    (salt,) = [p for p in cache_dir.iterdir() if len(p.name) == 20]
    salt.rename(tmp_path / "moved")
    salt.symlink_to(tmp_path / "moved")
    for _ in range(2):
        assert _stats(run_scan(root, use_cache=True, cache_dir=cache_dir))["parsed"] == 6
    assert len(list((tmp_path / "moved").glob("*.pack"))) == 1  # nothing written through the link
