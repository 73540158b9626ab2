"""File discovery: .gitignore, virtualenvs, node_modules, excludes, manifests, symlinks."""

from __future__ import annotations

import os
from pathlib import Path

from engine_support import write_tree

from prodready.engine.discovery import discover
from prodready.model.config import Config


def test_gitignore_nested_and_negated(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        ".gitignore": "generated/\n*_pb2.py\n!keep_pb2.py\n",
        "app.py": "", "generated/models.py": "", "api_pb2.py": "", "keep_pb2.py": "",
        "pkg/.gitignore": "local_settings.py\n",
        "pkg/local_settings.py": "", "pkg/views.py": "", "local_settings.py": "",
    })
    found = discover(tmp_path, Config())
    assert found.sources == ("app.py", "keep_pb2.py", "local_settings.py", "pkg/views.py")


def test_gitignore_can_be_turned_off(tmp_path: Path) -> None:
    write_tree(tmp_path, {".gitignore": "generated/\n", "generated/models.py": "", "app.py": ""})
    found = discover(tmp_path, Config(respect_gitignore=False))
    assert found.sources == ("app.py", "generated/models.py")


def test_gitignore_above_the_root_applies_inside_a_repository(tmp_path: Path) -> None:
    write_tree(tmp_path, {".gitignore": "snapshots/\n", "svc/app.py": "", "svc/snapshots/old.py": ""})
    (tmp_path / ".git").mkdir()
    assert discover(tmp_path / "svc", Config()).sources == ("app.py",)


def test_gitignore_above_the_root_ignored_outside_a_repository(tmp_path: Path) -> None:
    write_tree(tmp_path, {".gitignore": "snapshots/\n", "svc/app.py": "", "svc/snapshots/old.py": ""})
    assert discover(tmp_path / "svc", Config()).sources == ("app.py", "snapshots/old.py")


def test_virtualenvs_node_modules_and_build_output_are_skipped(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "app.py": "",
        "toolchain/pyvenv.cfg": "home = /usr/bin\n", "toolchain/lib/site.py": "",
        "node_modules/pkg/gyp.py": "",
        "build/lib/app.py": "", "dist/app.py": "", "pkg.egg-info/x.py": "",
        ".git/hooks/pre.py": "", "__pycache__/x.py": "",
    })
    assert discover(tmp_path, Config()).sources == ("app.py",)


def test_configured_excludes_match_components_and_relative_paths(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "app.py": "", "legacy/old.py": "", "svc/legacy/old.py": "",
        "tests/fixtures/sample.py": "", "tests/test_app.py": "", "scripts/gen_x.py": "",
    })
    config = Config(extend_exclude=("legacy", "tests/fixtures/*", "gen_*.py"))
    assert discover(tmp_path, config).sources == ("app.py", "tests/test_app.py")


def test_manifests_found_at_any_depth_but_not_in_excluded_places(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "pyproject.toml": "", "requirements.txt": "", "requirements-dev.txt": "", "Pipfile": "",
        "services/api/setup.cfg": "", "services/api/setup.py": "", "README.md": "",
        "node_modules/x/pyproject.toml": "", "notes.txt": "",
    })
    found = discover(tmp_path, Config())
    assert found.manifests == (
        "Pipfile", "pyproject.toml", "requirements-dev.txt", "requirements.txt",
        "services/api/setup.cfg", "services/api/setup.py",
    )
    assert found.sources == ("services/api/setup.py",)


def test_symlink_leaving_the_root_is_not_followed(tmp_path: Path) -> None:
    outside = write_tree(tmp_path / "outside", {"secret.py": ""})
    root = write_tree(tmp_path / "root", {"app.py": ""})
    (root / "vendor").symlink_to(outside, target_is_directory=True)
    (root / "linked.py").symlink_to(outside / "secret.py")
    found = discover(root, Config())
    assert found.sources == ("app.py",)
    assert {(w.path, w.kind) for w in found.warnings} == {
        ("linked.py", "symlink-outside-root"), ("vendor", "symlink-outside-root"),
    }


def test_symlink_loops_are_reported_and_inside_links_followed(tmp_path: Path) -> None:
    write_tree(tmp_path, {"pkg/mod.py": "", "shared/util.py": ""})
    (tmp_path / "pkg" / "again").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "pkg" / "shared").symlink_to(tmp_path / "shared", target_is_directory=True)
    os.symlink("self.py", tmp_path / "self.py")
    found = discover(tmp_path, Config())
    assert found.sources == ("pkg/mod.py", "shared/util.py")  # the linked copy is the same file
    assert {(w.path, w.kind) for w in found.warnings} == {
        ("pkg/again", "symlink-loop"), ("self.py", "symlink-loop"),
    }


def test_a_single_file_is_scanned_relative_to_its_directory(tmp_path: Path) -> None:
    write_tree(tmp_path, {"svc/main.py": "", "svc/other.py": ""})
    found = discover(tmp_path / "svc" / "main.py", Config())
    assert (found.root, found.sources) == (tmp_path / "svc", ("main.py",))


def test_skipped_directory_is_never_entered(tmp_path: Path) -> None:
    write_tree(tmp_path, {"app.py": "", "my-cache/entry.py": ""})
    assert discover(tmp_path, Config(), skip=(tmp_path / "my-cache",)).sources == ("app.py",)


def test_repository_info_exclude_applies(tmp_path: Path) -> None:
    write_tree(tmp_path, {".git/info/exclude": "scratch/\n", "svc/app.py": "", "svc/scratch/try.py": "",
                          "scratch/x.py": "", "main.py": ""})
    assert discover(tmp_path, Config()).sources == ("main.py", "svc/app.py")
    assert discover(tmp_path / "svc", Config()).sources == ("app.py",)


def test_a_file_reached_through_links_is_scanned_once_under_its_own_path(tmp_path: Path) -> None:
    write_tree(tmp_path, {"app/main.py": "", "zlib/helpers.py": ""})
    (tmp_path / "app_link").symlink_to(tmp_path / "app", target_is_directory=True)
    os.symlink(tmp_path / "app" / "main.py", tmp_path / "main_link.py")
    (tmp_path / "a_link").symlink_to(tmp_path / "zlib", target_is_directory=True)
    found = discover(tmp_path, Config())
    assert found.sources == ("app/main.py", "zlib/helpers.py")
