"""The default criteria template `nedo-standard`: NEDO's four criteria, their A–D wording and points."""

from __future__ import annotations

from reviewer.core.models import Criterion, Grade, GradeWording, Names

NEDO_STANDARD = "nedo-standard"

# Points per letter (SPEC §2): A=3, B=2, C=1, D=0.
POINTS = {Grade.A: 3, Grade.B: 2, Grade.C: 1, Grade.D: 0}


def _grades(*wording: tuple[str, str]) -> tuple[GradeWording, ...]:
    letters = (Grade.A, Grade.B, Grade.C, Grade.D)
    return tuple(
        GradeWording(letter, POINTS[letter], ja, en)
        for letter, (ja, en) in zip(letters, wording, strict=True)
    )


def _names(*pairs: tuple[str, str]) -> tuple[Names, ...]:
    return tuple(Names(ja, en) for ja, en in pairs)


_CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        code="positioning",
        names=Names("事業の位置付け・必要性", "Positioning and necessity"),
        grades=_grades(
            ("非常に重要", "Very important"),
            ("重要", "Important"),
            ("概ね妥当", "Broadly appropriate"),
            ("妥当性がない又は失われた", "Not appropriate, or no longer appropriate"),
        ),
        questions=_names(
            ("国の政策・施策との関係は明確か", "Is the link to national policies and measures clear?"),
            (
                "内外の技術動向・市場動向から見て、事業の目的は妥当か",
                "Is the program's purpose sound in view of domestic and global technology and market trends?",
            ),
            (
                "NEDOが関与する意義（民間のみでは取り組み難い理由）は明確か",
                "Is it clear why NEDO should be involved (why industry alone would not do it)?",
            ),
        ),
        sub_items=_names(
            ("事業の必要性", "Necessity of the program"),
            ("NEDOの関与の意義", "Significance of NEDO's involvement"),
        ),
    ),
    Criterion(
        code="management",
        names=Names("研究開発マネジメント", "R&D management"),
        grades=_grades(
            ("非常によい", "Very good"),
            ("よい", "Good"),
            ("概ね適切", "Broadly appropriate"),
            ("妥当とはいえない", "Not appropriate"),
        ),
        questions=_names(
            (
                "研究開発目標は戦略的かつ定量的に設定されているか",
                "Are the R&D targets set strategically and quantitatively?",
            ),
            (
                "実施体制・スケジュール・予算配分は目標達成に適切か",
                "Are the organization, schedule and budget allocation fit to reach the targets?",
            ),
            (
                "進捗管理と情勢変化への対応は適切に行われているか",
                "Is progress managed well, and does the program respond to changing circumstances?",
            ),
            (
                "知的財産・データの取扱いと標準化の方針は適切か",
                "Are the policies on intellectual property, data handling and standardization appropriate?",
            ),
        ),
        sub_items=_names(
            ("研究開発目標の妥当性", "Soundness of the R&D targets"),
            ("研究開発計画・実施体制の妥当性", "Soundness of the plan and organization"),
            ("進捗管理の妥当性", "Soundness of progress management"),
        ),
    ),
    Criterion(
        code="outcomes",
        names=Names("研究開発成果", "R&D outcomes"),
        grades=_grades(
            ("非常によい", "Very good"),
            ("よい", "Good"),
            ("概ね妥当", "Broadly appropriate"),
            ("適切とはいえない", "Not adequate"),
        ),
        questions=_names(
            ("中間目標を達成しているか", "Have the interim targets been reached?"),
            (
                "成果は国内外の水準と比べて優位性があるか",
                "Do the results compare well with the state of the art at home and abroad?",
            ),
            (
                "未達成の目標について、原因と解決の見通しは明確か",
                "For targets not reached, are the causes and the way forward clear?",
            ),
        ),
        sub_items=_names(
            ("目標の達成度", "Achievement of the targets"),
            ("成果の意義と優位性", "Significance and edge of the results"),
            ("成果の普及・知的財産の確保", "Dissemination of results and securing of IP"),
        ),
    ),
    Criterion(
        code="commercialization",
        names=Names("実用化・事業化の見通し", "Prospects for practical use"),
        grades=_grades(
            ("明確に実現可能なプランあり", "A clearly feasible plan"),
            ("実現可能なプランあり", "A feasible plan"),
            ("概ね実現可能なプランあり", "A broadly feasible plan"),
            ("見通しが不明", "Prospects unclear"),
        ),
        questions=_names(
            (
                "実用化・事業化の道筋（担い手、時期、市場）は具体的か",
                "Is the path to practical use concrete: who, when and in which markets?",
            ),
            (
                "社会実装に向けた課題（安全性、制度、コスト）と対応は明確か",
                "Are the obstacles to deployment (safety, regulation, cost) and the responses clear?",
            ),
            (
                "波及効果（他産業への展開、人材育成）は期待できるか",
                "Can wider effects be expected (use in other industries, training of people)?",
            ),
        ),
        sub_items=(),
    ),
)


def nedo_standard() -> tuple[Criterion, ...]:
    """NEDO's four criteria (positioning, management, outcomes, commercialization) in report order."""
    return _CRITERIA


def template_name(criteria: tuple[Criterion, ...]) -> str:
    """`nedo-standard` when `criteria` are exactly the default template, else `inline`."""
    return NEDO_STANDARD if criteria == _CRITERIA else "inline"
