"""Time the pre-commit hook (`prodready hook FILE`) on a generated 50-file FastAPI service.

    .venv/bin/python benchmarks/precommit_speed.py [--files 50] [--repeat 5] [--prodready PATH]

The service is written to a temporary git repository: an app factory, 12 routers (one a test
router mounted unconditionally), their schemas, services and repositories, settings, a health
route, utilities and tests, 50 `.py` files in all (about 1,000 lines). Each run is a new process,
as pre-commit starts one per commit, reporting on one staged router:

- cold: a fresh, empty cache directory (every file read, parsed and analysed);
- warm: the cache the cold runs wrote, nothing changed (the common case of a second commit).

It prints the best and median wall time of each against the targets (cold under 2 s, warm under
1 s on the 2-core development machine). Timings only: no test asserts them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"cold": 2.0, "warm": 1.0}
ROUTER = '''"""Routes of the {name} resource."""

from fastapi import APIRouter, Depends, HTTPException

from app.schemas.{name} import {cls}In, {cls}Out
from app.services.{name} import {cls}Service, get_service

router = APIRouter(prefix="/{name}s", tags=["{name}"])


@router.get("/", response_model=list[{cls}Out])
async def list_{name}s(limit: int = 50, service: {cls}Service = Depends(get_service)):
    return await service.list(limit=limit)


@router.get("/{{item_id}}", response_model={cls}Out)
async def get_{name}(item_id: int, service: {cls}Service = Depends(get_service)):
    found = await service.get(item_id)
    if found is None:
        raise HTTPException(status_code=404, detail="{name} not found")
    return found


@router.post("/", response_model={cls}Out, status_code=201)
async def create_{name}(payload: {cls}In, service: {cls}Service = Depends(get_service)):
    return await service.create(payload)


@router.delete("/{{item_id}}", status_code=204)
async def delete_{name}(item_id: int, service: {cls}Service = Depends(get_service)):
    await service.delete(item_id)
'''
SCHEMA = '''"""Schemas of the {name} resource."""

from datetime import datetime

from pydantic import BaseModel, Field


class {cls}In(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    quantity: int = 0


class {cls}Out({cls}In):
    id: int
    created_at: datetime
    updated_at: datetime | None = None
'''
SERVICE = '''"""Business rules of the {name} resource."""

from app.repositories.{name} import {cls}Repository
from app.schemas.{name} import {cls}In


class {cls}Service:
    def __init__(self, repository: {cls}Repository) -> None:
        self.repository = repository

    async def list(self, limit: int = 50):
        rows = await self.repository.all(limit=limit)
        return [row for row in rows if not row.get("deleted")]

    async def get(self, item_id: int):
        return await self.repository.one(item_id)

    async def create(self, payload: {cls}In):
        if payload.quantity < 0:
            raise ValueError("quantity must not be negative")
        return await self.repository.insert(payload.model_dump())

    async def delete(self, item_id: int) -> None:
        await self.repository.mark_deleted(item_id)


def get_service() -> {cls}Service:
    return {cls}Service({cls}Repository())
'''
REPOSITORY = '''"""Storage of the {name} resource."""

from app.db import database


class {cls}Repository:
    table = "{name}s"

    async def all(self, limit: int = 50):
        return await database.fetch_all(f"SELECT * FROM {{self.table}} LIMIT :limit", {{"limit": limit}})

    async def one(self, item_id: int):
        return await database.fetch_one(f"SELECT * FROM {{self.table}} WHERE id = :id", {{"id": item_id}})

    async def insert(self, values: dict):
        return await database.execute(f"INSERT INTO {{self.table}} VALUES (:values)", {{"values": values}})

    async def mark_deleted(self, item_id: int) -> None:
        await database.execute(f"UPDATE {{self.table}} SET deleted = 1 WHERE id = :id", {{"id": item_id}})
'''
RESOURCES = ("order", "customer", "product", "invoice", "payment", "shipment", "warehouse", "supplier",
             "category", "review", "coupon")
FIXED = {
    "app/__init__.py": "",
    "app/routers/__init__.py": "",
    "app/schemas/__init__.py": "",
    "app/services/__init__.py": "",
    "app/repositories/__init__.py": "",
    "app/settings.py": 'import os\n\nDATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///./app.db")\n'
                       'ENVIRONMENT = os.environ.get("ENVIRONMENT", "production")\n',
    "app/db.py": "from databases import Database\n\nfrom app.settings import DATABASE_URL\n\n"
                 "database = Database(DATABASE_URL)\n",
    "app/routers/health.py": 'from fastapi import APIRouter\n\nfrom app.db import database\n\nrouter = APIRouter()\n\n\n'
                             '@router.get("/health")\nasync def health():\n'
                             '    return {"status": "healthy", "database": database.is_connected}\n',
    "app/routers/debug.py": 'import jwt\nfrom fastapi import APIRouter\n\nrouter = APIRouter(prefix="/debug")\n\n\n'
                            '@router.get("/token")\nasync def test_token(role: str = "admin"):\n'
                            '    return {"token": jwt.encode({"role": role}, "secret")}\n',
    "app/utils.py": "def chunks(items, size):\n    for start in range(0, len(items), size):\n"
                    "        yield items[start:start + size]\n",
    "tests/__init__.py": "",
    "tests/test_health.py": "from fastapi.testclient import TestClient\n\nfrom app.main import app\n\n\n"
                            "def test_health():\n    assert TestClient(app).get('/health').status_code == 200\n",
}


def main_module() -> str:
    """app/main.py: the app and every router."""
    imports = "\n".join(f"from app.routers import {name}" for name in (*RESOURCES, "health", "debug"))
    mounts = "\n".join(f"app.include_router({name}.router)" for name in (*RESOURCES, "health", "debug"))
    return f"from fastapi import FastAPI\n\n{imports}\n\napp = FastAPI(title='shop')\n\n{mounts}\n"


def service_files(count: int) -> dict[str, str]:
    """The service's files: fixed modules, four per resource, app/main.py, then tests up to `count`."""
    files = dict(FIXED)
    files["app/main.py"] = main_module()
    for name in RESOURCES:
        values = {"name": name, "cls": name.capitalize()}
        files[f"app/routers/{name}.py"] = ROUTER.format(**values)
        files[f"app/schemas/{name}.py"] = SCHEMA.format(**values)
        files[f"app/services/{name}.py"] = SERVICE.format(**values)
        files[f"app/repositories/{name}.py"] = REPOSITORY.format(**values)
    number = 0
    while len(files) < count:
        number += 1
        files[f"tests/test_utils_{number}.py"] = (
            f"from app.utils import chunks\n\n\ndef test_chunks_{number}():\n"
            f"    assert list(chunks(list(range({number + 2})), 2))[0] == [0, 1]\n"
        )
    return dict(list(files.items())[:count]) if len(files) > count else files


def write_repository(root: Path, files: dict[str, str]) -> None:
    """The service as a committed git repository."""
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for command in (["init", "-q"], ["add", "."], ["-c", "user.name=b", "-c", "user.email=b@example.com",
                                                   "commit", "-q", "-m", "service"]):
        subprocess.run(["git", *command], cwd=root, check=True, capture_output=True)


def timed(command: list[str], cwd: Path, cache: Path) -> float:
    """Wall time of one hook process (exit 0 or 1: findings are expected)."""
    env = {**os.environ, "PRODREADY_CACHE_DIR": str(cache)}
    env.pop("CI", None)
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {completed.returncode}: {completed.stderr}")
    return seconds


def report(kind: str, times: list[float]) -> str:
    """One result line against its target."""
    best, median = min(times), statistics.median(times)
    verdict = "met" if best < TARGETS[kind] else "MISSED"
    return f"{kind:5} best {best:.3f} s  median {median:.3f} s  (target < {TARGETS[kind]:.0f} s: {verdict})"


def main() -> None:
    """Build the service, time cold and warm hook runs, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--prodready", default=str(Path(sys.executable).parent / "prodready"))
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="prodready-hook-bench-") as scratch:
        root = Path(scratch) / "service"
        files = service_files(options.files)
        write_repository(root, files)
        lines = sum(text.count("\n") for text in files.values())
        command = [options.prodready, "hook", "app/routers/order.py"]
        cold = [timed(command, root, Path(scratch) / f"cache-{n}") for n in range(options.repeat)]
        warm_cache = Path(scratch) / "cache-0"
        warm = [timed(command, root, warm_cache) for _ in range(options.repeat)]
        print(f"{len(files)} files, {lines} lines, {os.cpu_count()} cores; `{' '.join(command[1:])}`, "
              f"best and median of {options.repeat}")
        print(report("cold", cold))
        print(report("warm", warm))


if __name__ == "__main__":
    main()
