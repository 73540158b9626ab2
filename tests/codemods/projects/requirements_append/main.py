"""Orders service."""

import logging

from fastapi import FastAPI

from orders.db import engine

logger = logging.getLogger(__name__)
app = FastAPI(title="Orders")


@app.get("/health")
def health():
    return {"status": "ok", "database": engine.pool.status()}


@app.get("/orders")
def orders():
    return []
