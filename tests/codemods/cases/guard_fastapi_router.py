import jwt
from fastapi import APIRouter, FastAPI

router = APIRouter(prefix="/rbac-test", tags=["RBAC Test"])


@router.get("/generate-tokens")
async def generate_test_tokens():
    """Generate test JWT tokens for different roles"""
    return {"admin": jwt.encode({"role": "admin"}, "secret", algorithm="HS256")}


app = FastAPI()
app.include_router(router, prefix="/api/v1")
