from fastapi import FastAPI

from prodready.kit.tracing import setup_tracing

app = FastAPI()
setup_tracing(app, service_name="orders")
