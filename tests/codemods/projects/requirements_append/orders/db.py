"""The orders database."""

import sqlalchemy

engine = sqlalchemy.create_engine("sqlite://")
