from fastapi import FastAPI

from prodready_kit.tracing import setup_tracing

app = FastAPI()
setup_tracing(app, service_name="orders")
