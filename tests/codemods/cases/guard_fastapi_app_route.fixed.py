from fastapi import Depends, FastAPI
from prodready_kit.guards import assert_safe_for_production, dev_only

from .auth import audit

app = FastAPI()


@app.get("/debug/config", dependencies=[Depends(audit), Depends(dev_only)])
def debug_config():
    return {"debug": True}


assert_safe_for_production(app)
