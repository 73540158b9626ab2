"""FastAPI shop with a guarded debug router, a sales form and an admin-only debug page;
MOUNT_TEST_ROUTER=1 also mounts an unguarded test router."""

import os

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException

from prodready_kit.guards import assert_safe_for_production, dev_only

app = FastAPI()


@app.get("/orders")
def list_orders() -> list[str]:
    return ["o-1"]


@app.post("/api/v1/demo-requests")
def book_demo() -> dict:
    return {"booked": True}


def require_admin(authorization: str = Header("")) -> None:
    if authorization != "Bearer admin":
        raise HTTPException(status_code=401)


@app.get("/admin/debug/cache", dependencies=[Depends(require_admin)])
def cache_stats() -> dict:
    return {"entries": 3}


debug_router = APIRouter(prefix="/debug", dependencies=[Depends(dev_only)])


@debug_router.get("/config")
def show_config() -> dict:
    return {"debug": True}


app.include_router(debug_router)

if os.environ.get("MOUNT_TEST_ROUTER") == "1":
    test_router = APIRouter(prefix="/test")

    @test_router.get("/reset")
    def reset_database() -> dict:
        return {"reset": True}

    app.include_router(test_router)

assert_safe_for_production(app)
