from fastapi import Depends, FastAPI

from .auth import audit
from prodready_kit.guards import assert_safe_for_production, dev_only

app = FastAPI()


@app.get("/debug/config", dependencies=[Depends(audit), Depends(dev_only)])
def debug_config():
    return {"debug": True}


assert_safe_for_production(app)
