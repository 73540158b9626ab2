from fastapi import Depends, FastAPI

from .auth import audit

app = FastAPI()


@app.get("/debug/config", dependencies=[Depends(audit)])
def debug_config():
    return {"debug": True}
