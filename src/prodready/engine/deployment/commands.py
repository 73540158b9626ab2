"""Command lines of deployment files: shell splitting, web-server commands, and the URL a health
command requests (`curl -f http://localhost:8000/health`)."""

from __future__ import annotations

import re
import shlex
from typing import Iterable, Sequence
from urllib.parse import urlsplit

from prodready.model.deployment import HttpTarget, Server

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
SEPARATORS = frozenset({"&&", "||", ";", "|", "&"})
DEFAULT_PORTS = {"gunicorn": "8000", "uvicorn": "8000", "hypercorn": "8000", "daphne": "8000", "granian": "8000",
                 "waitress-serve": "8080", "flask": "5000", "django": "8000"}
PORT_OPTIONS = {"uvicorn": ("--port",), "granian": ("--port",), "daphne": ("-p", "--port"),
                "flask": ("-p", "--port"), "waitress-serve": ("--port",)}
BIND_OPTIONS = {"gunicorn": ("-b", "--bind"), "hypercorn": ("-b", "--bind"), "waitress-serve": ("--listen",)}
HTTP_CLIENTS = frozenset({"curl", "wget"})
CLIENT_VALUE_OPTIONS = frozenset({  # options of curl and wget that take the next token as their value
    "-H", "--header", "-o", "--output", "-O", "-X", "--request", "-m", "--max-time", "-u", "--user", "-A",
    "--user-agent", "-d", "--data", "-T", "--timeout", "-t", "--tries", "--connect-timeout", "-w",
    "--write-out", "--retry", "-e", "--referer", "--cacert", "--cert", "--key", "-b", "--cookie",
    "--unix-socket", "--resolve", "-x", "--proxy",
})
_APP_TARGET = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*(\(.*\))?$")
_URL = re.compile(r"https?://[^\s'\"\\)]+")
_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")


def shell_words(text: str) -> list[str]:
    """Split a shell command line into words and separators (unbalanced quotes: on whitespace)."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError:
        return text.split()


def simple_commands(argv: Sequence[str]) -> list[tuple[str, ...]]:
    """The simple commands an argv runs: `sh -c "a && b"` is [a, b]; `exec`, `env` and leading
    `NAME=value` assignments are dropped."""
    commands: list[tuple[str, ...]] = []
    _split(list(argv), commands, 0)
    return commands


def _split(words: list[str], into: list[tuple[str, ...]], depth: int) -> None:
    current: list[str] = []
    for word in [*words, ";"]:
        if word in SEPARATORS:
            if current:
                _simple(current, into, depth)
            current = []
        else:
            current.append(word)


def _simple(words: list[str], into: list[tuple[str, ...]], depth: int) -> None:
    while words and (words[0] in ("exec", "env", "nohup") or _ASSIGNMENT.match(words[0])):
        words = words[1:]
    if not words:
        return
    if _basename(words[0]) in SHELLS and depth < 3:
        for index, word in enumerate(words[1:], start=1):
            if word.startswith("-") and "c" in word[1:] and index + 1 < len(words):
                _split(shell_words(words[index + 1]), into, depth + 1)
                return
    into.append(tuple(words))


def _basename(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def find_server(commands: Iterable[Sequence[str]]) -> Server | None:
    """The first web server the commands start, with its app target and port."""
    for words in commands:
        for index in range(len(words)):
            program = _program(words, index)
            if program:
                rest = list(words[index + 1:])
                return Server(program, _app_target(program, rest), _port(program, rest))
    return None


def _program(words: Sequence[str], index: int) -> str:
    """The server program `words[index]` starts ("" when it starts none)."""
    name = _basename(words[index])
    if name in DEFAULT_PORTS and name not in ("flask", "django"):
        return name
    following = tuple(words[index + 1:index + 2])
    if name == "flask" and following == ("run",):
        return "flask"
    if name in ("manage.py", "django-admin") and following == ("runserver",):
        return "django"
    return ""


def _option_value(words: list[str], names: Iterable[str]) -> str:
    """The value of the last of `names` given (`--port 80`, `--port=80`, `-p80`)."""
    found = ""
    for index, word in enumerate(words):
        for name in names:
            if word == name and index + 1 < len(words):
                found = words[index + 1]
            elif word.startswith(name + "="):
                found = word[len(name) + 1:]
            elif len(name) == 2 and word.startswith(name) and len(word) > 2 and not word.startswith("--"):
                found = word[2:]
    return found


def _port(program: str, words: list[str]) -> str:
    if program in PORT_OPTIONS:
        port = _option_value(words, PORT_OPTIONS[program])
        if port:
            return port
    if program in BIND_OPTIONS:
        bind = _option_value(words, BIND_OPTIONS[program])
        if bind:
            return "" if bind.startswith(("unix:", "fd://")) else bind.rsplit(":", 1)[-1]
        if program == "gunicorn" and _option_value(words, ("-c", "--config")):
            return ""  # the bind may come from the configuration file
    if program == "django":
        positional = [w for w in words[1:] if not w.startswith("-")]
        if positional:
            return positional[0].rsplit(":", 1)[-1]
    return DEFAULT_PORTS[program]


def _app_target(program: str, words: list[str]) -> str:
    if program in ("flask", "django"):
        return ""
    return next((w for w in words if _APP_TARGET.match(w)), "")


def http_target(commands: Iterable[Sequence[str]], text: str) -> HttpTarget | None:
    """The URL a health command requests: curl's or wget's URL argument, else the first http(s)
    URL written in it (`python -c "urllib.request.urlopen('http://localhost:8000/health')"`)."""
    for words in commands:
        if words and _basename(words[0]) in HTTP_CLIENTS:
            url = _client_url(words[1:])
            if url:
                return _target(url)
    match = _URL.search(text)
    return _target(match.group(0)) if match else None


def _client_url(words: Sequence[str]) -> str:
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in CLIENT_VALUE_OPTIONS
        else:
            return word
    return ""


def _target(url: str) -> HttpTarget:
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        port = str(parts.port) if parts.port is not None else ("443" if parts.scheme == "https" else "80")
    except ValueError:
        return HttpTarget(unresolved=f"cannot read the URL {url!r}")
    return HttpTarget(path=parts.path or "/", port=port, host=parts.hostname or "")
