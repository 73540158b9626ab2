"""Dotted names of expressions, as the packs and rules match them."""

from __future__ import annotations

import ast


def dotted_name(node: ast.AST) -> str:
    """`a.b.c` for attribute chains, `f().g` through calls, "" for anything else."""
    kind = type(node)
    if kind is ast.Name:
        return node.id
    if kind is ast.Attribute and type(node.value) is ast.Name:
        return f"{node.value.id}.{node.attr}"
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append("()")
            node = node.func
        elif isinstance(node, ast.Subscript):
            parts.append("[]")
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        else:
            parts.append("")
            break
    text = ".".join(reversed(parts))
    return text.replace(".()", "()").replace(".[]", "[]")
