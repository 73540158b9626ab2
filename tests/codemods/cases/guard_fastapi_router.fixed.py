import jwt
from fastapi import APIRouter, Depends, FastAPI
from prodready_kit.guards import assert_safe_for_production, dev_only

router = APIRouter(
    prefix="/rbac-test", tags=["RBAC Test"], dependencies=[Depends(dev_only)]
)


@router.get("/generate-tokens")
async def generate_test_tokens():
    """Generate test JWT tokens for different roles"""
    return {"admin": jwt.encode({"role": "admin"}, "secret", algorithm="HS256")}


app = FastAPI()
app.include_router(router, prefix="/api/v1")


assert_safe_for_production(app)
