"""Route patterns written as regular expressions (Tornado's `r"/users/([^/]+)"`, aiohttp's
`{repo:.+}`) shown as path templates: each group a `{name}` parameter, anchors and optional
characters left out (`/user/(?P<name>[^/]+)(?P<rest>/.*)?` -> `/user/{name}/{rest}`)."""

from __future__ import annotations

_QUANTIFIERS = "?*+"
_LOOKAROUND = ("?!", "?=", "?<!", "?<=")
_EXPRESSION = "${"  # an expression piece of `RouteVisitor.path_text` (`${settings.PREFIX}`), kept whole
UNNAMED = "param"  # an unnamed group: {param}, then {param2}, ...
REST = "{path}"  # `.*` outside a group: the rest of the path


def template(pattern: str) -> str:
    """The path template of a regular-expression route pattern."""
    return _Template().convert(pattern)


def alternatives(pattern: str) -> list[str]:
    """A pattern once per word of its first group of literal words (`/(user|services)/x` ->
    `/user/x`, `/services/x`: two routes), else the pattern itself."""
    start = pattern.find("(")
    while start >= 0:
        end = _closing(pattern, start, "(", ")")
        body = pattern[start + 1:end].removeprefix("?:")
        words = body.split("|")
        single = pattern[end + 1:end + 2] not in ("?", "*", "+", "{")  # `(a|b)?` is no one word
        if single and len(words) > 1 and all(word.replace("-", "").replace("_", "").isalnum() for word in words):
            return [found for word in words for found in alternatives(pattern[:start] + word + pattern[end + 1:])]
        start = pattern.find("(", start + 1)
    return [pattern]


def without_regex(path: str) -> str:
    """An aiohttp-style path with each `{name:regex}` parameter shown as `{name}`."""
    out: list[str] = []
    index = 0
    while index < len(path):
        if path[index] == "{" and not (index and path[index - 1] == "$"):
            end = _closing(path, index, "{", "}")
            name = path[index + 1:end].partition(":")[0]
            out.append("{" + name + "}")
            index = end + 1
        else:
            out.append(path[index])
            index += 1
    return "".join(out)


def _closing(text: str, start: int, opening: str, closing: str) -> int:
    """The index of the bracket that closes the one at `start` (escapes and classes skipped)."""
    depth, index = 0, start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[" and opening != "[" and index != start:
            index = _closing(text, index, "[", "]") + 1
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return len(text) - 1


def _after_quantifier(text: str, index: int) -> int:
    """The index after any quantifier at `index` (`?`, `*`, `+`, `{m,n}`, a lazy `?`)."""
    if text.startswith("{", index):
        end = text.find("}", index)
        if end > index + 1 and all(c.isdigit() or c == "," for c in text[index + 1:end]):
            index = end + 1
    while index < len(text) and text[index] in _QUANTIFIERS:
        index += 1
    return index


class _Template:
    """One pattern's conversion (it numbers the unnamed groups)."""

    def __init__(self) -> None:
        self.unnamed = 0

    def parameter(self) -> str:
        self.unnamed += 1
        return "{" + UNNAMED + (str(self.unnamed) if self.unnamed > 1 else "") + "}"

    def convert(self, text: str) -> str:
        out: list[str] = []
        index = 0
        while index < len(text):
            char = text[index]
            if text.startswith(_EXPRESSION, index):
                end = _closing(text, index + 1, "{", "}")
                out.append(text[index:end + 1])
                index = end + 1
            elif char in "^$":
                index += 1
            elif char == "\\":
                escaped = text[index + 1:index + 2]
                out.append(self.parameter() if escaped.isalnum() else escaped)  # `\d+` is a parameter, `\.` a dot
                index = _after_quantifier(text, index + 2) if escaped.isalnum() else index + 2
            elif char == "(":
                end = _closing(text, index, "(", ")")
                out.append(self.group(text[index + 1:end]))
                index = _after_quantifier(text, end + 1)
            elif char == "[":
                index = _after_quantifier(text, _closing(text, index, "[", "]") + 1)
                out.append(self.parameter())
            elif char == "." and text[index + 1:index + 2] in ("*", "+"):
                index = _after_quantifier(text, index + 1)
                out.append(REST)
            elif text[index + 1:index + 2] == "?":  # an optional character (`/api/?`): left out
                index += 2
            else:
                out.append(char)
                index += 1
        return "".join(out)

    def group(self, body: str) -> str:
        """One group: a parameter (after its own leading slash), a non-capturing group's
        content, nothing for a lookaround."""
        if body.startswith(_LOOKAROUND):
            return ""
        if body.startswith("?:"):
            return self.convert(body[2:])
        if body.startswith("?P<"):
            name, _, body = body[3:].partition(">")
            parameter = "{" + name + "}"
        else:
            parameter = self.parameter()
        return ("/" if body.startswith("/") else "") + parameter
