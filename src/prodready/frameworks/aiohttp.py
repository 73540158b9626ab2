"""aiohttp: `web.Application()` apps, `web.RouteTableDef()` tables, `app.router.add_get(...)`,
`app.add_routes([web.get(...)])` and `app.add_subapp(prefix, subapp)`."""

from __future__ import annotations

from prodready.frameworks.adapters import Adapter, register

AIOHTTP = register(
    Adapter(
        framework="aiohttp",
        import_roots=("aiohttp",),
        constructors={"Application": "app", "RouteTableDef": "router"},
        needs_import=frozenset({"Application", "RouteTableDef"}),
    )
)

ROUTER_METHODS = {  # app.router.add_get("/x", handler) -> ("GET",)
    "add_get": ("GET",), "add_post": ("POST",), "add_put": ("PUT",), "add_delete": ("DELETE",),
    "add_patch": ("PATCH",), "add_head": ("HEAD",), "add_view": (),
}
ROUTE_DEFS = {  # web.get("/x", handler) inside app.add_routes([...])
    "get": ("GET",), "post": ("POST",), "put": ("PUT",), "delete": ("DELETE",), "patch": ("PATCH",),
    "head": ("HEAD",), "view": (),
}
ADD_ROUTES = "add_routes"
ADD_SUBAPP = "add_subapp"
