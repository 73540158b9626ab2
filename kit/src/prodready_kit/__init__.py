"""Runtime kit: real health checks, production guards, tracing, licensing and clustering.

Importing prodready_kit never imports the scanner's dependencies (typer, rich, libcst, astroid,
jinja2); each integration's third-party packages are an optional extra.
"""
