"""Helm templates as YAML: Go-template actions masked, `.Values` taken from the chart's values.yaml.

Nothing is executed. Control actions alone on a line (`{{- if .Values.x }}`, `with`, `range`,
`define`, `end`) are dropped after deciding whether their block is kept: a condition on
`.Values` is followed (a value values.yaml does not set is empty), any other keeps the first
branch. `{{ .Values.a.b }}` (with
`default`, `quote` and the like) becomes the value, `{{ toYaml .Values.x | nindent N }}` the
value's YAML; any other action becomes a marker (`markers.mark`) that readers report as
unresolved. Each rendered line remembers the template line it came from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from prodready.engine.deployment.markers import mark
from prodready.engine.deployment.yaml_lines import plain

_ACTION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_VALUES_PATH = re.compile(r"^\$?\.Values(\.[\w-]+)+$")
MISSING = object()
CONTROL = ("if", "else", "end", "with", "range", "define", "block")
PASS_THROUGH = frozenset({"quote", "squote", "toString", "trim", "lower", "upper", "int", "int64", "toJson"})


@dataclass(frozen=True)
class Rendered:
    """A template rendered as far as it can be: text, and the template line of each text line."""

    text: str
    lines: tuple[int, ...]

    def source_line(self, line: int) -> int:
        """The template line of rendered line `line` (1-based)."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else line


@dataclass
class _Frame:
    kind: str
    active: bool  # content inside is rendered
    decided: bool  # an if/else branch was taken (or the condition could not be read)
    dot: Any = MISSING


@dataclass
class _Renderer:
    values: Any
    chart: dict[str, Any]
    frames: list[_Frame] = field(default_factory=list)
    out: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return all(frame.active for frame in self.frames)

    @property
    def dot(self) -> Any:
        for frame in reversed(self.frames):
            if frame.dot is not MISSING:
                return frame.dot
        return {"Values": self.values, "Chart": self.chart}

    def emit(self, text: str, line: int) -> None:
        self.out.append(text)
        self.lines.append(line)

    def line(self, text: str, number: int) -> None:
        """Render one template line."""
        actions = list(_ACTION.finditer(text))
        if not actions:
            if self.active:
                self.emit(text, number)
            return
        if not _ACTION.sub("", text).strip():  # a line of actions only
            for action in actions:
                self.control(action.group(1), number, text[: action.start()])
            return
        if self.active:
            self.content(text, actions, number)

    def control(self, expression: str, number: int, before: str) -> None:
        """A control action, or an output action standing alone on its line."""
        word = expression.split(" ", 1)[0]
        rest = expression[len(word):].strip()
        if expression.startswith("/*") or expression.startswith("- /*"):
            return
        if word in ("if", "with"):
            value, known = self.condition(rest.removeprefix("not ").strip())
            truthy = bool(value) if known else True
            if known and rest.startswith("not "):
                truthy = not truthy
            dot = value if word == "with" and known else MISSING
            self.frames.append(_Frame(word, truthy, truthy or not known, dot))
        elif word == "range":
            self.frames.append(_Frame(word, True, True, MISSING))
        elif word in ("define", "block"):
            self.frames.append(_Frame(word, False, True))
        elif word == "else" and self.frames:
            frame = self.frames[-1]
            if frame.decided:
                frame.active = False
            elif rest.startswith("if "):
                value, known = self.condition(rest[3:].strip())
                frame.active = bool(value) if known else True
                frame.decided = frame.active
            else:
                frame.active, frame.decided = True, True
        elif word == "end" and self.frames:
            self.frames.pop()
        elif self.active and ("toYaml" in expression or "toYaml" == word):
            self.block(expression, number, before)

    def condition(self, expression: str) -> tuple[Any, bool]:
        """A condition's value: a `.Values` path values.yaml does not set is empty, as in Helm."""
        value, known = self.evaluate(expression) if expression else (MISSING, False)
        if not known and _VALUES_PATH.match(expression):
            return None, True
        return value, known

    def block(self, expression: str, number: int, before: str) -> None:
        """`toYaml X | nindent N` standing alone: the value's YAML, indented."""
        indent = re.search(r"\b(n?indent)\s+(\d+)", expression)
        width = int(indent.group(2)) if indent else len(before) - len(before.lstrip())
        target = re.search(r"toYaml\s+([^|]+)", expression)
        value, known = self.evaluate(target.group(1).strip()) if target else (MISSING, False)
        if not known or value in (None, {}, []):
            return
        dumped = yaml.safe_dump(plain(value), default_flow_style=False, sort_keys=False).rstrip("\n")
        for text in dumped.splitlines():
            self.emit(" " * width + text, number)

    def content(self, text: str, actions: list[re.Match[str]], number: int) -> None:
        """A line with text and inline actions: values substituted, markers for the rest."""
        pieces, last = [], 0
        for action in actions:
            before = text[last:action.start()]
            pieces.append(before)
            expression = action.group(1)
            word = expression.split(" ", 1)[0]
            last = action.end()
            if word in CONTROL or expression.startswith("/*"):
                continue
            if "toYaml" in expression and "nindent" in expression:
                self.emit("".join(pieces).rstrip(), number)
                self.block(expression, number, "")
                pieces = []
                continue
            quoted = "".join(pieces).count('"') % 2 == 1
            pieces.append(self.inline(expression, quoted, text[action.end():].strip() == ""))
        pieces.append(text[last:])
        if "".join(pieces).strip():
            self.emit("".join(pieces), number)

    def inline(self, expression: str, quoted: bool, alone: bool) -> str:
        value, known = self.evaluate(expression)
        if not known or isinstance(value, (dict, list)):
            return mark(expression)
        if isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = "" if value is None else str(value)
        if quoted:
            return text.replace('"', '\\"')
        if "quote" in expression or (alone and isinstance(value, str) and not _NUMBER.match(text)):
            return json.dumps(text)
        return text

    def evaluate(self, expression: str) -> tuple[Any, bool]:
        """The value of a pipeline (`.Values.a | default 8080 | quote`); (MISSING, False) when unknown."""
        stages = [s.strip() for s in _split_pipeline(expression)]
        if not stages:
            return MISSING, False
        value, known = self.operand(stages[0])
        for stage in stages[1:]:
            name, _, argument = stage.partition(" ")
            if name == "default":
                if not known or value in (None, "", 0, False, {}, []):
                    value, known = self.operand(argument.strip())
            elif name in PASS_THROUGH or name in ("nindent", "indent", "toYaml"):
                continue
            else:
                return MISSING, False
        return value, known

    def operand(self, text: str) -> tuple[Any, bool]:
        """A literal, `.Values.x`, `.x` (relative to the current dot) or `default D X`."""
        if text.startswith("default "):
            parts = text[len("default "):].strip().split(" ", 1)
            if len(parts) == 2:
                value, known = self.operand(parts[1].strip())
                if known and value not in (None, "", {}, []):
                    return value, True
                return self.operand(parts[0])
        if text.startswith("toYaml "):
            return self.operand(text[len("toYaml "):].strip())
        if text.startswith('"') and text.endswith('"') and len(text) >= 2:
            return text[1:-1], True
        if _NUMBER.match(text):
            return (float(text) if "." in text else int(text)), True
        if text in ("true", "false"):
            return text == "true", True
        if text.startswith("$."):
            text = text[1:]
            base: Any = {"Values": self.values, "Chart": self.chart}
        elif text.startswith("."):
            base = self.dot if not text.startswith((".Values", ".Chart")) else {"Values": self.values,
                                                                                   "Chart": self.chart}
        else:
            return MISSING, False
        if base is MISSING:
            return MISSING, False
        value = base
        for key in [k for k in text.split(".") if k]:
            value = value.get(key, MISSING) if isinstance(value, dict) else MISSING
            if value is MISSING:
                return MISSING, False
        return value, True


def _split_pipeline(expression: str) -> list[str]:
    """Split on `|` outside double quotes."""
    parts, current, quoted = [], [], False
    for char in expression:
        if char == '"':
            quoted = not quoted
        if char == "|" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


def render(template: str, values: Any, chart: dict[str, Any] | None = None) -> Rendered:
    """Render a template as far as it statically can (see the module docstring)."""
    renderer = _Renderer(values if isinstance(values, dict) else {}, chart or {})
    lines = template.splitlines()
    index = 0
    while index < len(lines):
        text, number = lines[index], index + 1
        while text.count("{{") > text.count("}}") and index + 1 < len(lines):  # an action over several lines
            index += 1
            text += " " + lines[index].strip()
        renderer.line(text, number)
        index += 1
    return Rendered("\n".join(renderer.out) + "\n", tuple(renderer.lines))
