"""Word matching and gate recognition, the vocabulary both rule families rely on."""

from __future__ import annotations

import ast

import pytest

from prodready.frameworks.astutil import SourceText, condition
from prodready.frameworks.gates import is_auth_name, is_gate_condition, is_guard_name
from prodready.frameworks.words import matches_word, words


def test_words_split_paths_identifiers_and_drop_path_parameters() -> None:
    assert words("/rbac-test/{user_id}/genTokens") == ("rbac", "test", "gen", "tokens")
    assert words("<int:pk>/health_check") == ("health", "check")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("/api/test/run", "test"), ("/latest", ""), ("/contest", ""), ("/developers", ""), ("mock_payments", "mock")],
)
def test_dev_words_match_whole_words_only(text: str, expected: str) -> None:
    assert matches_word(text, ("test", "dev", "mock"), suffixes=()) == expected


def gate(source: str, names: tuple[str, ...] = ("DEBUG", "ENVIRONMENT")) -> bool:
    """Whether the `if` test in `source` is an environment/debug gate."""
    test = ast.parse(source).body[0].test  # type: ignore[attr-defined]
    return is_gate_condition(condition(test, SourceText(source)), names)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('if settings.ENVIRONMENT == "development":\n    pass\n', True),
        ("if DEBUG:\n    pass\n", True),
        ('if os.environ.get("ENABLE_TEST_ROUTES"):\n    pass\n', True),
        ('if os.getenv("X") == "1":\n    pass\n', True),
        ("if config.testing_mode:\n    pass\n", True),
        ('if MODE == "development":\n    pass\n', True),  # awx: any variable compared with an environment
        ('if deploy_stage in ("local", "staging"):\n    pass\n', True),
        ('if MODE == "production":\n    pass\n', False),
        ("if app.config['DEVELOPER_AUTH_ENABLED']:\n    pass\n", True),
        ('if user.role == "admin":\n    pass\n', False),
        ("if settings.FEATURE_SEARCH:\n    pass\n", False),
        ("if router_enabled:\n    pass\n", False),
    ],
)
def test_gate_conditions(source: str, expected: bool) -> None:
    assert gate(source) is expected


def test_auth_and_guard_names() -> None:
    assert is_auth_name("get_current_user") and is_auth_name("security.verify_token")
    assert is_auth_name("oauth2_scheme") and is_auth_name("login_required")
    assert not is_auth_name("require_POST") and not is_auth_name("get_db")
    assert is_guard_name("prodready_kit.guards.dev_only") and is_guard_name("dev_only_view")
    assert not is_guard_name("only_dev_stuff")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("get_token_settings", False), ("get_user_agent", False), ("deps.get_user_config", False),
        ("tokenizer", False), ("get_user", False), ("verify_api_key", True), ("require_role", True),
        ("jwt_required", True), ("HTTPBearer", True), ("OAuth2PasswordBearer", True), ("is_admin", True),
        ("token_required", True), ("require_magic_token", True), ("require_api_sudo", True),
        ("required_fields", False), ("require_json", False),
    ],
)
def test_auth_names_match_whole_words(name: str, expected: bool) -> None:
    assert is_auth_name(name) is expected
