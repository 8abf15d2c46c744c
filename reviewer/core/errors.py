"""The one error type for refused input, and the problems it carries (file, place, code)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, at one place.

    `code` is the fixed English code (`E-NUMBER`); its explanation in either language
    comes from `reviewer.messages`, filled in with `params`.
    """

    file: str
    code: str
    line: int | None = None
    column: int | None = None
    params: Mapping[str, object] = field(default_factory=dict)

    def place(self) -> str:
        out = self.file
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        return out


class InputRefused(Exception):
    """Input was refused; nothing of it was written.

    Holds at most `MAX_PROBLEMS` problems and the total count found.
    """

    def __init__(self, problems: Iterable[Problem], total: int | None = None) -> None:
        kept = list(problems)
        self.total = total if total is not None else len(kept)
        self.problems = kept[:MAX_PROBLEMS]
        first = self.problems[0] if self.problems else None
        super().__init__(f"{first.place()}: {first.code}" if first else "input refused")

    @classmethod
    def one(
        cls, file: str, code: str, line: int | None = None, column: int | None = None, **params: object
    ) -> InputRefused:
        """Return a refusal with a single problem."""
        return cls([Problem(file, code, line, column, params)])


class ProblemCollector:
    """Collects problems while a parser reads on; keeps the first MAX_PROBLEMS and the total."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.total = 0

    def add(self, code: str, line: int | None = None, column: int | None = None, **params: object) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.file, code, line, column, params))

    def __bool__(self) -> bool:
        return self.total > 0

    def raise_if_any(self) -> None:
        """Raise InputRefused if anything was collected."""
        if self.total:
            raise InputRefused(self.problems, self.total)


class UsageError(Exception):
    """The command was used wrongly (exit 2). Carries a message id and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)


class Refused(Exception):
    """An operation was refused by a domain rule (exit 1): a signed FY, a recusal, a ceiling.

    Carries a fixed English code and a message id with its parameters.
    """

    def __init__(self, code: str, key: str | None = None, **params: object) -> None:
        self.code = code
        self.key = key or code
        self.params = params
        super().__init__(f"{code} {params}")


class ImportCancelled(Exception):
    """The user cancelled an import; its transaction was rolled back."""
