from reviewer.core.limits import MAX_CHARS, TextKind, over_limit


def test_each_kind_refuses_one_character_over_and_accepts_the_limit() -> None:
    for kind, limit in MAX_CHARS.items():
        assert over_limit("x" * limit, kind) is None
        assert over_limit("x" * (limit + 1), kind) == limit


def test_limits_count_characters_not_bytes() -> None:
    assert over_limit("審" * 64, TextKind.CODE) is None
    assert MAX_CHARS == {TextKind.LONG: 10_000, TextKind.NAME: 500, TextKind.CODE: 64}
