"""The catalogue's reasons (messages.Phrase): worded in both languages wherever our code words one."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from reviewer import messages
from reviewer.core.errors import InputRefused
from reviewer.importers.yamlsafe import load_yaml
from reviewer.ui.errors import describe

SOURCE = Path(__file__).resolve().parents[1] / "reviewer"
# messages.phrase("reason-…") and the manifest reader's self._refuse("reason-…")
_USED = re.compile(r"""(?:phrase|_refuse)\(\s*"(reason-[a-z0-9-]+)\"""")


def _used_keys() -> set[str]:
    return {key for path in SOURCE.rglob("*.py") for key in _USED.findall(path.read_text("utf-8"))}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_reason_our_code_words_is_in_the_catalogue_in_both_languages() -> None:
    used = _used_keys()
    assert len(used) >= 20  # the scan finds them (a changed spelling would find none)
    catalogue = messages.catalogue()
    assert sorted(used - set(catalogue)) == []
    for key in sorted(k for k in catalogue if k.startswith("reason-")):
        ja, en = catalogue[key]
        assert _fields(ja) == _fields(en), key
        assert not re.search(
            r"[a-z]{4,}", re.sub(r'"[^"]*"|「[^」]*」|\{[^}]*\}', "", ja).replace("reviewer-rollup", "")
        ), (
            key,
            ja,
        )


def test_a_phrase_is_said_in_the_language_of_the_message_around_it() -> None:
    reason = messages.phrase("reason-manifest-cut-short-row", row=2)
    assert str(reason) == "it is cut short (row 2)"
    assert messages.text("E-MANIFEST", "en", reason=reason).endswith(": it is cut short (row 2)")
    assert messages.text("E-MANIFEST", "ja", reason=reason).endswith(": 途中で切れています（2 行目）")


@pytest.mark.parametrize(("lang", "said"), [("ja", "入れ子が深すぎます"), ("en", "nested too deeply")])
def test_a_yaml_file_nested_too_deeply_is_refused_in_the_readers_language(lang: str, said: str) -> None:
    """Python's own "maximum recursion depth exceeded" is never what a reader sees."""
    with pytest.raises(InputRefused) as caught:
        load_yaml("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "deep.yaml", allow_aliases=False)
    (problem,) = caught.value.problems
    assert problem.code == "E-YAML-SYNTAX"
    text = describe(caught.value, lang)
    assert said in text and "recursion" not in text
