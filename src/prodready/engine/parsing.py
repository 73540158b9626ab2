"""Read a file once, decode it as Python does (BOM, PEP 263) and parse it with `ast`.

Every failure becomes a `ScanWarning` (kinds below) instead of an exception, so one bad file
never stops a scan.
"""

from __future__ import annotations

import ast
import hashlib
import io
import os
import tokenize
from pathlib import Path

from prodready.model.findings import ScanWarning
from prodready.model.project import FileInfo, ParsedSource

MAX_FILE_BYTES = 5 * 1024 * 1024

SYNTAX_ERROR = "syntax-error"
ENCODING = "encoding"
TOO_DEEP = "too-deep"
TOO_LARGE = "too-large"
UNREADABLE = "unreadable"
NULL_BYTES = "null-bytes"


def module_name(relpath: str) -> tuple[str, bool]:
    """Dotted module name of a relative path and whether it is a package (`__init__.py`).

    A leading `src/` is stripped (src layout); `pkg/__init__.py` is the module `pkg`.
    """
    parts = [part for part in relpath.split("/") if part and part != "."]
    if len(parts) > 1 and parts[0] == "src":
        parts = parts[1:]
    stem = parts[-1][:-3] if parts[-1].endswith(".py") else parts[-1]
    is_package = stem == "__init__"
    names = parts[:-1] if is_package else [*parts[:-1], stem]
    return ".".join(names), is_package


def read_source(root: Path, relpath: str, max_bytes: int | None = None) -> bytes | ScanWarning:
    """The file's bytes, or a warning when it is larger than `max_bytes` or cannot be read."""
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    path = os.path.join(root, relpath)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                return ScanWarning(
                    relpath, TOO_LARGE,
                    f"skipped: {size / 1048576:.1f} MiB is over the {max_bytes / 1048576:g} MiB limit",
                )
            return handle.read()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return ScanWarning(relpath, UNREADABLE, f"cannot read the file: {reason}")


def decode_source(relpath: str, data: bytes) -> str | ScanWarning:
    """Decode as the interpreter would (BOM, `# -*- coding: ... -*-`, else UTF-8)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        return ScanWarning(relpath, ENCODING, f"bad encoding declaration: {error.msg}")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start:error.end].hex(" ")
        return ScanWarning(relpath, ENCODING, f"line {line}: not valid {encoding} (bytes {bad})")
    except LookupError:
        return ScanWarning(relpath, ENCODING, f"unknown encoding {encoding!r}")


def parse_tree(relpath: str, text: str) -> ast.Module | ScanWarning:
    """The module's `ast`, or a warning naming why it could not be parsed."""
    try:
        return ast.parse(text, filename=relpath)
    except SyntaxError as error:
        if "too many nested" in (error.msg or ""):
            return ScanWarning(relpath, TOO_DEEP, f"line {error.lineno}: nesting too deep to parse ({error.msg})")
        where = f"line {error.lineno}: " if error.lineno else ""
        return ScanWarning(relpath, SYNTAX_ERROR, f"{where}{error.msg}")
    except (RecursionError, MemoryError) as error:
        detail = str(error) or type(error).__name__
        return ScanWarning(relpath, TOO_DEEP, f"nesting too deep to parse ({detail})")
    except ValueError as error:  # null bytes on Python < 3.12
        return ScanWarning(relpath, NULL_BYTES, f"cannot parse: {error}")


def parse_source(
    relpath: str, data: bytes, digest: str | None = None
) -> tuple[ParsedSource, FileInfo] | ScanWarning:
    """Decode and parse one file's bytes (whose sha256 hex `digest` may be known already)."""
    if b"\0" in data:
        return ScanWarning(relpath, NULL_BYTES, "the file contains null bytes; not Python source")
    text = decode_source(relpath, data)
    if isinstance(text, ScanWarning):
        return text
    tree = parse_tree(relpath, text)
    if isinstance(tree, ScanWarning):
        return tree
    module, is_package = module_name(relpath)
    line_count = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
    digest = digest or hashlib.sha256(data).hexdigest()
    info = FileInfo(relpath, module, digest, line_count, is_package)
    return ParsedSource(relpath, module, text, tree, is_package), info
