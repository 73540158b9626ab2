"""The HTML report's Python highlighter: escapes everything, survives cut-off excerpts."""

from __future__ import annotations

import re

from prodready.reports.highlight import excerpt_lines, highlight_python


def text_of(html: str) -> str:
    """The visible text of highlighted HTML."""
    unescaped = re.sub(r"<[^>]+>", "", html)
    return unescaped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'").replace(
        "&amp;", "&"
    )


def test_tokens_get_classes_and_text_is_preserved():
    source = '@app.get("/health")\nasync def health():\n    return {"ok": True, "n": 1}  # fake\n'
    html = str(highlight_python(source))
    decorator = "".join(f'<span class="de">{part}</span>' for part in ("@", "app", ".", "get"))
    assert decorator + "(" in html
    assert '<span class="kw">async</span> <span class="kw">def</span> <span class="fn">health</span>' in html
    assert '<span class="cn">True</span>' in html and '<span class="nu">1</span>' in html
    assert '<span class="co"># fake</span>' in html
    assert text_of(html) == source.rstrip("\n")


def test_indented_excerpt_is_dedented_and_non_ascii_keeps_its_place():
    source = '        def 상태(self):\n            return "정상 <ok>"\n'
    html = str(highlight_python(source))
    assert text_of(html) == 'def 상태(self):\n    return "정상 <ok>"'
    assert '<span class="st">&quot;정상 &lt;ok&gt;&quot;</span>' in html
    assert excerpt_lines(source) == 2


def test_cut_off_excerpt_is_still_shown_and_escaped():
    source = 'def f():\n    """never closed <script>alert(1)</script>\n    x = 1\n'
    html = str(highlight_python(source))
    assert "<script>" not in html
    assert text_of(html) == source.rstrip("\n")


def test_matrix_multiplication_is_not_a_decorator():
    html = str(highlight_python("c = a @ b\n"))
    assert 'class="de"' not in html
