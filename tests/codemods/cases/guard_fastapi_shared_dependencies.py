from fastapi import APIRouter, Depends, FastAPI

from .auth import audit

COMMON = [Depends(audit)]
router = APIRouter(prefix="/debug", dependencies=COMMON)


@router.get("/cache")
def dump_cache():
    return {}


app = FastAPI()
app.include_router(router)
