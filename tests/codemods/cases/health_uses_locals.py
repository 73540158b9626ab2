from fastapi import Depends, FastAPI

from .db import get_session

app = FastAPI()


@app.get("/health")
def health(session=Depends(get_session)):
    return {"status": "healthy", "db": session.is_active}
