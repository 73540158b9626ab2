"""Django and DRF route shapes of real services (issue 12): wrapped and proxied views, a view class a
factory returns, a library's urls included, a ViewSet subclass serving its base's extra actions."""

from __future__ import annotations

from prodready.model.project import ProjectModel


def table(project: ProjectModel) -> set[tuple[str, str, str, str]]:
    """(methods, effective path, handler, handler location) of every mounted route."""
    assert all(r.mounted for r in project.routes), [r for r in project.routes if not r.mounted]
    return {(",".join(r.methods), r.path, r.handler, r.location.label()) for r in project.routes}


SETTINGS = 'ROOT_URLCONF = "site.urls"\n'


def test_wrapped_views_are_served_by_the_views_they_wrap(linked) -> None:
    project = linked({
        "site/__init__.py": "",
        "site/settings.py": SETTINGS,
        "site/views.py": """\
            from django.views import View


            class Proxy:
                def __init__(self, real_view_class, mock_view_class):
                    self.real, self.mock = real_view_class, mock_view_class


            class RealLogin(View):
                def get(self, request):
                    return None


            class MockLogin(View):
                def get(self, request):
                    return None


            def dashboard(request):
                return None
            """,
        "site/urls.py": """\
            from django.contrib.auth.decorators import login_required
            from django.urls import path

            from site import views

            urlpatterns = [
                path("login/", views.Proxy(real_view_class=views.RealLogin, mock_view_class=views.MockLogin)),
                path("dashboard/", login_required(views.dashboard)),
            ]
            """,
    })
    assert table(project) == {
        ("GET", "/login/", "site.views.RealLogin.get", "site/views.py:10-11"),
        ("GET", "/login/", "site.views.MockLogin.get", "site/views.py:15-16"),
        ("", "/dashboard/", "site.views.dashboard", "site/views.py:19-20"),
    }
    dashboard = next(r for r in project.routes if r.path == "/dashboard/")
    assert [g.kind for g in dashboard.gates] == ["auth"]


def test_view_class_returned_by_a_factory_and_a_library_urls_module(linked) -> None:
    project = linked({
        "site/__init__.py": "",
        "site/settings.py": SETTINGS,
        "site/views/__init__.py": """\
            from typing import Type

            from .search import SearchView


            def search_view_class() -> Type[SearchView]:
                return SearchView
            """,
        "site/views/search.py": """\
            from rest_framework.generics import ListAPIView


            class SearchView(ListAPIView):
                pass
            """,
        "site/urls.py": """\
            from django.urls import include, path

            from site.views import search_view_class

            urlpatterns = [
                path("search/", search_view_class().as_view()),
                path(
                    "health/",
                    include("health_check.urls"),
                ),
            ]
            """,
    })
    assert table(project) == {
        ("GET", "/search/", "site.views.search.SearchView", "site/views/search.py:4-5"),
        ("GET", "/health/", "health_check.views.MainView", "site/urls.py:7-10"),
    }


def test_viewset_subclass_serves_its_base_extra_actions_under_its_own_prefix(linked) -> None:
    project = linked({
        "site/__init__.py": "",
        "site/settings.py": SETTINGS,
        "site/v1.py": """\
            from rest_framework import viewsets
            from rest_framework.decorators import action


            class CustomerViewSet(viewsets.ViewSet):
                @action(detail=True)
                def orders(self, request, pk=None):
                    return None
            """,
        "site/v2.py": """\
            from site.v1 import CustomerViewSet


            class CustomerViewSetV2(CustomerViewSet):
                pass
            """,
        "site/urls.py": """\
            from django.urls import include, path
            from rest_framework.routers import SimpleRouter

            from site.v1 import CustomerViewSet
            from site.v2 import CustomerViewSetV2

            v1 = SimpleRouter()
            v1.register("customers", CustomerViewSet)
            v2 = SimpleRouter()
            v2.register("customers", CustomerViewSetV2)

            urlpatterns = [path("v1/", include(v1.urls)), path("v2/", include(v2.urls))]
            """,
    })
    assert {(path, handler) for _, path, handler, _ in table(project) if path.endswith("/orders/")} == {
        ("/v1/customers/<pk>/orders/", "site.v1.CustomerViewSet.orders"),
        ("/v2/customers/<pk>/orders/", "site.v1.CustomerViewSet.orders"),
    }
