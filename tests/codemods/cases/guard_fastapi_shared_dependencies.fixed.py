from fastapi import APIRouter, Depends, FastAPI

from .auth import audit
from prodready_kit.guards import assert_safe_for_production, dev_only

COMMON = [Depends(audit)]
router = APIRouter(prefix="/debug", dependencies=[*COMMON, Depends(dev_only)])


@router.get("/cache")
def dump_cache():
    return {}


app = FastAPI()
app.include_router(router)


assert_safe_for_production(app)
