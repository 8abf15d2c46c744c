"""The one place that turns errors into text the desktop shows (codes stay English, text is ja/en)."""

from __future__ import annotations

from reviewer import messages
from reviewer.core.errors import InputRefused, Refused, UsageError


def problem_lines(exc: InputRefused, lang: str) -> list[str]:
    """`file:line:col: E-CODE explanation` per problem, as the command line prints them."""
    return [f"{p.place()}: {p.code} {problem_text(p.code, lang, dict(p.params))}" for p in exc.problems]


def problem_text(code: str, lang: str, params: dict[str, object]) -> str:
    """A problem's explanation as the desktop words it: where the catalogue has a desktop form
    (`CODE@desktop`, naming the dialog's fields instead of command-line flags), that one."""
    desktop = f"{code}@desktop"
    return messages.text(desktop if messages.has(desktop) else code, lang, **params)


def describe(exc: BaseException, lang: str) -> str:
    """One paragraph for a dialog or the status bar."""
    if isinstance(exc, InputRefused):
        lines = problem_lines(exc, lang)
        more = exc.total - len(exc.problems)
        return "\n".join(lines + ([f"… (+{more})"] if more > 0 else []))
    if isinstance(exc, Refused):
        return f"{exc.code}: {problem_text(exc.key, lang, dict(exc.params))}"
    if isinstance(exc, UsageError):
        return messages.text(exc.key, lang, **exc.params)
    return f"{type(exc).__name__}: {exc}"
