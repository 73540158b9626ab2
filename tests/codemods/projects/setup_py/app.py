"""A service that declares no dependencies."""

from fastapi import FastAPI

app = FastAPI(title="Lonely")
