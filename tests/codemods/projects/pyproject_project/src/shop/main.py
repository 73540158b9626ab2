"""Shop service."""

import os

from fastapi import FastAPI

from shop.cache import client

app = FastAPI(title="Shop", debug=os.getenv("DEBUG") == "1")


@app.get("/status")
async def status():
    return {
        "status": "up",
        "db": client.connection_pool.get_connection("PING"),
        "cache": {"db": client.connection_pool is not None},
    }
