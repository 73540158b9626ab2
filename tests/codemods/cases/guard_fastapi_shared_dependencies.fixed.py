from fastapi import APIRouter, Depends, FastAPI
from prodready_kit.guards import assert_safe_for_production, dev_only

from .auth import audit

COMMON = [Depends(audit)]
router = APIRouter(prefix="/debug", dependencies=[*COMMON, Depends(dev_only)])


@router.get("/cache")
def dump_cache():
    return {}


app = FastAPI()
app.include_router(router)


assert_safe_for_production(app)
