from fastapi import FastAPI

from .db import engine

app = FastAPI()


@app.get("/ready")
def ready():
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except Exception:
        pass
    return {"status": "ok"}
