from fastapi import APIRouter, Depends, FastAPI

from prodready_kit.guards import assert_safe_for_production, dev_only

router = APIRouter(prefix="/test", dependencies=[Depends(dev_only)])


@router.get("/tokens")
def tokens():
    return {}


app = FastAPI()
app.include_router(router)


assert_safe_for_production(app)
