"""Environment detection fails closed: unset or unknown means production."""

from __future__ import annotations

import pytest

from prodready_kit.guards import DEV_ROUTE_WORDS, ENVIRONMENT_VARIABLES, current_environment, is_production
from prodready.model.config import DEFAULT_DEV_ROUTE_WORDS


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for variable in ENVIRONMENT_VARIABLES:
        monkeypatch.delenv(variable, raising=False)


def test_unset_is_production():
    assert (current_environment(), is_production()) == ("production", True)


@pytest.mark.parametrize("value", ["development", "dev", "local", "test", "testing", " Development "])
def test_known_development_values(monkeypatch, value):
    monkeypatch.setenv("APP_ENV", value)
    assert current_environment() == value.strip().lower()
    assert not is_production()


@pytest.mark.parametrize("value", ["staging", "prod", "qa", "developmnet", "true"])
def test_unknown_values_are_production(monkeypatch, value):
    monkeypatch.setenv("ENVIRONMENT", value)
    assert current_environment() == "production"
    assert is_production()


def test_first_set_variable_wins_even_when_it_says_production(monkeypatch):
    monkeypatch.setenv("ENV", "development")
    monkeypatch.setenv("ENVIRONMENT", "production")
    assert is_production()
    monkeypatch.setenv("PRODREADY_ENV", "dev")
    assert current_environment() == "dev"


def test_empty_variable_is_skipped(monkeypatch):
    monkeypatch.setenv("PRODREADY_ENV", "")
    monkeypatch.setenv("ENV", "local")
    assert current_environment() == "local"


def test_route_words_are_the_scanners():
    assert DEV_ROUTE_WORDS == frozenset(DEFAULT_DEV_ROUTE_WORDS)
