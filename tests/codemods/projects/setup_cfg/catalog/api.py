"""Catalog API."""

from fastapi import FastAPI

app = FastAPI(title="Catalog")


@app.get("/test/impersonate")
def impersonate(user: str):
    return {"token": f"token-for-{user}"}
