from prodready_kit.tracing import setup_tracing
from starlette.applications import Starlette
from starlette.routing import Route

from .views import orders

app = Starlette(debug=False, routes=[Route("/orders", orders)])
setup_tracing(app, service_name="billing")
