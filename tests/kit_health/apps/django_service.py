"""Django service on a threaded wsgiref server: python django_service.py PORT."""

import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import django
from django.conf import settings

settings.configure(DEBUG=False, SECRET_KEY="not-a-secret", ROOT_URLCONF=__name__,
                   ALLOWED_HOSTS=["127.0.0.1"], MIDDLEWARE=[], INSTALLED_APPS=[])
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from service_health import burst, probes, show_details  # noqa: E402

from django.urls import path  # noqa: E402

from prodready_kit.health.django import health_urls, readiness_response  # noqa: E402


async def existing_health_endpoint(request):
    """An existing view that now returns the registry's readiness (what the codemod writes)."""
    return await readiness_response(probes, request)


probes.mark_started()
urlpatterns = [*health_urls(probes, details_policy=show_details), *health_urls(burst, prefix="burst/"),
               path("healthz", existing_health_endpoint)]
application = get_wsgi_application()


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    """wsgiref's server, one thread per request."""

    daemon_threads = True
    request_queue_size = 256


class QuietHandler(WSGIRequestHandler):
    """No access log."""

    def log_message(self, *args) -> None:
        pass


if __name__ == "__main__":
    make_server("127.0.0.1", int(sys.argv[1]), application, ThreadingWSGIServer, QuietHandler).serve_forever()
