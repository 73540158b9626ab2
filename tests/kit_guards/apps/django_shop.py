"""Django shop with a guarded debug view; MOUNT_TEST_ROUTER=1 also routes an unguarded test view."""

import os
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

import django
from django.conf import settings

settings.configure(DEBUG=False, SECRET_KEY="not-a-secret", ROOT_URLCONF=__name__,
                   ALLOWED_HOSTS=["127.0.0.1"], MIDDLEWARE=[], INSTALLED_APPS=[])
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

from prodready_kit.guards import assert_safe_for_production, dev_only_view  # noqa: E402


def list_orders(request):
    return JsonResponse(["o-1"], safe=False)


@dev_only_view
async def show_config(request):
    return JsonResponse({"debug": True})


def reset_database(request):
    return JsonResponse({"reset": True})


urlpatterns = [path("orders", list_orders), path("debug/config", show_config)]
if os.environ.get("MOUNT_TEST_ROUTER") == "1":
    urlpatterns.append(path("test/reset", reset_database))

application = get_wsgi_application()
assert_safe_for_production(application)


class QuietHandler(WSGIRequestHandler):
    """No access log."""

    def log_message(self, *args) -> None:
        pass


if __name__ == "__main__":
    make_server("127.0.0.1", int(sys.argv[1]), application, handler_class=QuietHandler).serve_forever()
