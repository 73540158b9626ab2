from fastapi import FastAPI

from .routes import orders

app = FastAPI(title="Order Service", version="1.4.0")
app.include_router(orders.router)
