from fastapi import FastAPI
from prodready_kit.tracing import setup_tracing

from .routes import orders

app = FastAPI(title="Order Service", version="1.4.0")
setup_tracing(app, service_name="order-service")
app.include_router(orders.router)
