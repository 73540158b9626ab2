"""Billing service."""

import jwt
from fastapi import APIRouter, FastAPI

router = APIRouter(prefix="/debug", tags=["debug"])


@router.get("/tokens")
def debug_tokens():
    return {"admin": jwt.encode({"role": "admin"}, "secret", algorithm="HS256")}


app = FastAPI(title="Billing")
app.include_router(router)
