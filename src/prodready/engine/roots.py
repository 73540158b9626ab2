"""Source roots: the directories the interpreter has on `sys.path` when a service runs, inferred
from the layout (each service of a monorepo has its own).

A directory is a source root when it holds the top package of a file (`apps/api` for
`apps/api/app/__init__.py`), a project manifest or `manage.py` (`services/orders/pyproject.toml`;
its `src/` instead in a src layout), an entry module outside any package (`apps/api/main.py`), or
what a Dockerfile copies to its `WORKDIR` or names in `PYTHONPATH` (`COPY src/ /app` then
`WORKDIR /app`), or a folder the code puts on `sys.path` itself. The scanned root is always one. `ProjectModel.canonical_module` resolves each
file's imports against the roots above it, nearest first.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from typing import Iterable, Mapping

from prodready.engine.deployment.dockerfile import instructions

ROOT_MARKERS = frozenset({"pyproject.toml", "setup.cfg", "setup.py", "Pipfile", "manage.py"})
ENTRY_MODULES = frozenset({"manage.py", "main.py", "app.py", "wsgi.py", "asgi.py", "server.py", "run.py",
                           "__main__.py", "application.py", "api.py"})
BUILD_FILE = re.compile(r"(?:Docker|Container)file(?:\.[\w.-]+)?\Z|[\w.-]+\.[Dd]ockerfile\Z")
_REQUIREMENTS = re.compile(r"requirements.*\.txt\Z")


def is_build_file(name: str) -> bool:
    """True for Dockerfiles and Containerfiles (`Dockerfile`, `Dockerfile.prod`, `api.dockerfile`)."""
    return BUILD_FILE.match(name) is not None


def source_roots(sources: Iterable[str], markers: Iterable[str] = (),
                 build_files: Mapping[str, str] | None = None, added: Iterable[str] = ()) -> tuple[str, ...]:
    """The source roots (POSIX directories relative to the scanned root, "" for the root itself)
    of a codebase: its Python `sources`, the paths of its manifests (`markers`), the text of its
    deployment files by path (Dockerfiles among them) and the folders its code adds to `sys.path`
    (`added`)."""
    sources = list(sources)
    directories = _directories(sources)
    packages = {posixpath.dirname(p) for p in sources if posixpath.basename(p) == "__init__.py"}
    roots = {""}
    for path in sources:
        directory = posixpath.dirname(path)
        if directory in packages:
            while directory and directory in packages:  # the scanned root may be a package itself
                directory = posixpath.dirname(directory)
            roots.add(directory)
        elif posixpath.basename(path) in ENTRY_MODULES:
            roots.add(directory)
    for path in [*markers, *sources]:
        name = posixpath.basename(path)
        if name in ROOT_MARKERS or _REQUIREMENTS.match(name):
            directory = posixpath.dirname(path)
            layout = posixpath.join(directory, "src") if directory else "src"
            roots.add(layout if layout in directories else directory)
    for path, text in (build_files or {}).items():
        if is_build_file(posixpath.basename(path)):
            roots.update(r for r in dockerfile_roots(posixpath.dirname(path), text) if r in directories)
    roots.update(r for r in added if r in directories)
    return tuple(sorted(roots))


def _directories(sources: Iterable[str]) -> set[str]:
    """Every directory that holds a Python file, directly or below."""
    found: set[str] = set()
    for path in sources:
        directory = posixpath.dirname(path)
        while directory and directory not in found:
            found.add(directory)
            directory = posixpath.dirname(directory)
    return found


def dockerfile_roots(context: str, text: str) -> list[str]:
    """Directories of the build context (`context`, the Dockerfile's folder) that the image runs
    from: what its final stage copies to its last `WORKDIR`, and what `ENV PYTHONPATH` names."""
    workdir = "/"
    copied: list[tuple[str, str]] = []  # (path in the image, directory of the context copied there)
    pythonpath: list[str] = []
    for instruction in instructions(text):
        keyword, rest = instruction.keyword, instruction.value
        if keyword == "FROM":  # a new stage starts from its base image
            workdir, copied, pythonpath = "/", [], []
        elif keyword == "WORKDIR":
            workdir = posixpath.normpath(posixpath.join(workdir, rest.strip().strip('"')))
        elif keyword in ("COPY", "ADD") and "--from" not in rest:
            words = [w for w in _split(rest) if not w.startswith("--")]
            destination = posixpath.normpath(posixpath.join(workdir, words[-1])) if len(words) >= 2 else ""
            copied += [(destination, _context_path(context, source)) for source in words[:-1]
                       if destination and not any(c in source for c in "*?[$") and "://" not in source]
        elif keyword == "ENV":
            pythonpath += _pythonpath(rest)
    image_paths = [workdir, *(posixpath.normpath(posixpath.join(workdir, p)) for p in pythonpath)]
    return [root for path in image_paths for root in _in_context(copied, path)]


def _split(rest: str) -> list[str]:
    """The words of an instruction in shell or JSON-array form."""
    rest = rest.strip()
    if rest.startswith("["):
        return [w.strip().strip('"') for w in rest.strip("[]").split(",") if w.strip()]
    try:
        return shlex.split(rest)
    except ValueError:
        return rest.split()


def _context_path(context: str, source: str) -> str:
    """A COPY source as a directory relative to the scanned root."""
    joined = posixpath.normpath(posixpath.join(context, source)) if context else posixpath.normpath(source)
    return "" if joined == "." else joined


def _pythonpath(rest: str) -> list[str]:
    """The entries of `ENV PYTHONPATH=/app/src:$PYTHONPATH` (or `ENV PYTHONPATH /app`)."""
    words = _split(rest)
    values = [w.split("=", 1)[1] for w in words if w.startswith("PYTHONPATH=")]
    if not values and len(words) >= 2 and words[0] == "PYTHONPATH":
        values = [words[1]]
    return [p for value in values for p in value.split(":") if p and "$" not in p]


def _in_context(copied: list[tuple[str, str]], image_path: str) -> list[str]:
    """The context directories an image path was copied from (by the longest copied prefix)."""
    matching = [(d, base) for d, base in copied if image_path == d or image_path.startswith(d.rstrip("/") + "/")]
    if not matching:  # `COPY ./app /code/app` then `WORKDIR /code`: /code is app's parent folder
        return [posixpath.dirname(base) for d, base in copied
                if posixpath.dirname(d) == image_path and posixpath.basename(d) == posixpath.basename(base)]
    longest = max(len(d) for d, _ in matching)
    found = []
    for destination, base in matching:
        if len(destination) == longest:
            rest = image_path[len(destination):].strip("/")
            found.append(posixpath.join(base, rest) if rest and base else rest or base)
    return found
