"""Time prodready against `ast.parse`, bandit and semgrep on the sources of large real packages.

    .venv/bin/python benchmarks/scan_speed.py [--packages django-src django sqlalchemy fastapi] [--semgrep PATH] [--repeat N] [--tree DIR]

A corpus is the `.py` files of a package, copied once into benchmarks/.corpus/ (gitignored):
`NAME-src` is the source tree of the installed version's sdist from PyPI, tests included
(`django-src` of django 5.2.19: 2,823 files, 492k lines), plain `NAME` the installed package
only. Every tool runs on the same directory, one after the other:

- ast.parse: read and parse every file in two worker processes (the floor for a parser-based tool);
- prodready cold: a full scan with a fresh, empty cache directory, by `python -m prodready` from a
  frozen, byte-compiled copy of `--tree`'s `src/` (default: this checkout), as an installed wheel
  runs (a tree edited during the run would change the cache salt, and `PYTHONDONTWRITEBYTECODE`
  would otherwise make every run compile prodready's own source);
- prodready warm: the same scan again, on the cache the cold run wrote;
- bandit: default rules, `bandit -r -q -f json`;
- semgrep: the shipped semgrep/prodready.yml, `--metrics=off --disable-version-check -j 2`.

Peak memory is the largest sum of RSS over the process tree, sampled every 20 ms with psutil.
semgrep pins OpenTelemetry versions that conflict with prodready's kit, so install it apart
(`pipx install semgrep`) and pass `--semgrep` or put it on PATH.
"""

from __future__ import annotations

import argparse
import ast
import compileall
import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = HERE / ".corpus"
SEMGREP_PACK = REPO / "semgrep" / "prodready.yml"
BIN = Path(sys.executable).parent
SDISTS = CORPUS / "sdist"
SOURCE_SUFFIX = "-src"
MIB = 1024 * 1024
CORPUS_CONFIG = "[tool.prodready]\n# the corpus lives in a gitignored directory of this repository\nrespect-gitignore = false\n"


@dataclass(frozen=True)
class Timing:
    """One measured run."""

    tool: str
    seconds: float
    peak_mib: float
    note: str = ""


def build_corpus(name: str) -> Path:
    """The corpus directory of `name` (a package, or `package-src` for its sdist), built once."""
    target = CORPUS / name
    if target.is_dir():
        return target
    staging = CORPUS / f".{name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    if name.endswith(SOURCE_SUFFIX):
        _copy_sdist(name[: -len(SOURCE_SUFFIX)], staging)
    else:
        _copy_installed(name, staging)
    (staging / "pyproject.toml").write_text(CORPUS_CONFIG)
    staging.rename(target)
    return target


def _copy_sdist(package: str, staging: Path) -> None:
    """Download the installed version's sdist from PyPI (once) and copy its .py files."""
    version = importlib.metadata.version(package)
    archives = sorted(SDISTS.glob(f"{package}-{version}.tar.gz"))
    if not archives:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             f"{package}=={version}", "-d", str(SDISTS)], check=True,
        )
        archives = sorted(SDISTS.glob(f"{package}-{version}.tar.gz"))
    with tarfile.open(archives[0]) as archive:
        for member in archive.getmembers():
            if member.isfile() and member.name.endswith(".py"):
                destination = staging / member.name
                destination.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                assert source is not None
                destination.write_bytes(source.read())


def _copy_installed(package: str, staging: Path) -> None:
    """Copy the installed package's .py files."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"package {package!r} is not installed in {sys.prefix}")
    source = Path(next(iter(spec.submodule_search_locations)))
    for path in source.rglob("*.py"):
        if "__pycache__" in path.parts:
            continue
        destination = staging / package / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)


def _parse_one(path: str) -> int:
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        ast.parse(data, filename=path)
    except (SyntaxError, ValueError):  # the sdist's tests hold a few deliberately broken files
        return 0
    return 1


def time_ast_parse(files: list[str]) -> Timing:
    """Read and ast.parse every file in two processes."""
    process = psutil.Process()
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        peak = _tree_rss(process)
        for index, _ in enumerate(pool.map(_parse_one, files, chunksize=64)):
            if index % 256 == 0:
                peak = max(peak, _tree_rss(process))
    return Timing("ast.parse (2 processes)", time.perf_counter() - start, peak / MIB)


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in (process, *process.children(recursive=True)):
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def time_command(tool: str, argv: list[str], cwd: Path, ok_codes: tuple[int, ...] = (0, 1),
                 env: dict[str, str] | None = None) -> Timing:
    """Run a command, sampling its process tree's memory; fail loudly on unexpected exit codes."""
    start = time.perf_counter()
    child = psutil.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_rss(child))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.returncode not in ok_codes:
        raise SystemExit(f"{tool} exited {child.returncode}: {' '.join(argv)}\n{stderr[-2000:]}")
    return Timing(tool, seconds, peak / MIB)


def find_semgrep(explicit: str | None) -> str | None:
    """The semgrep executable: --semgrep, else PATH, else next to this Python."""
    for candidate in (explicit, shutil.which("semgrep"), str(BIN / "semgrep")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def fastest(runs: list[Timing]) -> Timing:
    """The fastest run (the least disturbed one), with the largest peak memory seen."""
    best = min(runs, key=lambda timing: timing.seconds)
    return Timing(best.tool, best.seconds, max(timing.peak_mib for timing in runs))


def best_of(repeat: int, measure: Callable[[], Timing]) -> Timing:
    """The fastest of `repeat` runs of `measure`."""
    return fastest([measure() for _ in range(repeat)])


def freeze(tree: Path, target: Path) -> dict[str, str]:
    """Copy `tree`'s prodready and kit sources to `target`, byte-compiled; the environment that
    makes `python -m prodready` run that copy."""
    for source in (tree / "src", tree / "kit" / "src"):
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    compileall.compile_dir(target, quiet=1)
    return {**os.environ, "PYTHONPATH": str(target)}


def time_prodready(corpus: Path, env: dict[str, str]) -> tuple[Timing, Timing]:
    """A cold scan with a fresh cache directory, then a warm re-scan on that cache."""
    with tempfile.TemporaryDirectory(prefix="prodready-bench-cache-") as cache:
        scan = [sys.executable, "-m", "prodready", "scan", str(corpus), "--exit-zero", "--quiet", "--cache-dir", cache]
        return time_command("prodready cold", scan, REPO, env=env), time_command("prodready warm", scan, REPO, env=env)


def bench_package(package: str, semgrep: str | None, repeat: int, env: dict[str, str]) -> list[Timing]:
    """Every measurement for one package's corpus, each the best of `repeat` runs."""
    corpus = build_corpus(package)
    files = sorted(str(p) for p in corpus.rglob("*.py"))
    lines = sum(Path(f).read_bytes().count(b"\n") for f in files)
    print(f"\n## {package}: {len(files)} files, {lines:,} lines ({corpus})", flush=True)
    timings = [best_of(repeat, lambda: time_ast_parse(files))]
    pairs = [time_prodready(corpus, env) for _ in range(repeat)]
    timings += [fastest([cold for cold, _ in pairs]), fastest([warm for _, warm in pairs])]
    bandit = [str(BIN / "bandit"), "-r", "-q", "-f", "json", "-o", os.devnull, str(corpus)]
    timings.append(best_of(repeat, lambda: time_command("bandit (default rules)", bandit, REPO)))
    if semgrep:
        command = [semgrep, "scan", "--config", str(SEMGREP_PACK), "--metrics=off", "--disable-version-check",
                   "-j", "2", "--no-git-ignore", "--json", "--quiet", "--output", os.devnull, str(corpus)]
        timings.append(best_of(repeat, lambda: time_command("semgrep (prodready.yml)", command, REPO)))
    return timings


def report(package: str, timings: list[Timing]) -> None:
    """A Markdown table with ratios, then the issue's targets."""
    by_tool = {t.tool: t for t in timings}
    floor = timings[0].seconds
    cold = by_tool["prodready cold"].seconds
    print("\n| tool | seconds | time / ast.parse | time / prodready cold | peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|")
    for timing in timings:
        print(f"| {timing.tool} | {timing.seconds:.2f} | {timing.seconds / floor:.2f} | "
              f"{timing.seconds / cold:.2f}x | {timing.peak_mib:.0f} |")
    warm = by_tool["prodready warm"].seconds
    checks = [
        (f"cold <= 2x ast.parse: {cold / floor:.2f}x", cold <= 2 * floor),
        (f"warm >= 10x faster than cold: {cold / warm:.1f}x", cold >= 10 * warm),
        (f"peak < 300 MiB: {by_tool['prodready cold'].peak_mib:.0f} MiB", by_tool["prodready cold"].peak_mib < 300),
        (f">= 10x faster than bandit: {by_tool['bandit (default rules)'].seconds / cold:.1f}x",
         by_tool["bandit (default rules)"].seconds >= 10 * cold),
    ]
    if "semgrep (prodready.yml)" in by_tool:
        semgrep = by_tool["semgrep (prodready.yml)"].seconds
        checks.append((f"< half of semgrep: {cold / semgrep:.2f} of semgrep's time", cold < semgrep / 2))
    print()
    for label, met in checks:
        print(f"- [{'x' if met else ' '}] {package}: {label}")


def main() -> None:
    """Parse arguments, build the corpus, run and print every measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", nargs="+", default=["django-src", "django", "sqlalchemy", "fastapi"])
    parser.add_argument("--semgrep", help="semgrep executable (default: on PATH)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest counts")
    parser.add_argument("--tree", type=Path, default=REPO, help="checkout whose src/ is timed (default: this one)")
    args = parser.parse_args()
    semgrep = find_semgrep(args.semgrep)
    if semgrep is None:
        print("semgrep not found: its column is skipped (pipx install semgrep, or --semgrep PATH)")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, prodready from {args.tree}")
    with tempfile.TemporaryDirectory(prefix="prodready-bench-frozen-") as frozen:
        env = freeze(args.tree.resolve(), Path(frozen))
        for package in args.packages:
            report(package, bench_package(package, semgrep, max(1, args.repeat), env))


if __name__ == "__main__":
    main()
