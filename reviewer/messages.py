"""The one ja/en catalogue for Qt-free text: errors, the command line and report words.

Each entry is keyed by a message id; an error's key is its fixed English code (`E-NUMBER`).
`text(key, lang, **params)` fills `{name}` placeholders with `str.format`.
Sections are kept apart by area so each area's messages stay together.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGS = ("ja", "en")

# key -> (ja, en)
_CATALOGUE: dict[str, tuple[str, str]] = {
    # --- general --------------------------------------------------------------------
    "error": ("エラー", "error"),
    "ok": ("正常", "ok"),
    "more-problems": ("ほか {more} 件のエラー（合計 {total} 件）", "{more} more errors ({total} in all)"),
    "not-yet": (
        "「{command}」はまだ使えません。この機能は今後の版で提供されます。",
        "'{command}' is not available yet: this capability arrives in a later version.",
    ),
    "no-db": (
        "データベースが指定されていません。--db PATH を指定してください"
        "（前回使用したデータベースもありません）。",
        "No database given: pass --db PATH (no database has been used before).",
    ),
    "db-not-found": ("データベース {path} がありません。", "There is no database at {path}."),
    "E-NOT-OURS": (
        "{path} はこの製品のデータベースではありません。",
        "{path} is not a database of this product.",
    ),
    "E-DB-NOT-EMPTY": (
        "{path} は空でない既存のファイルです。新しいデータベースは空のパスにのみ作成できます。",
        "{path} is an existing non-empty file: a new database is created only at an empty path.",
    ),
    "E-NO-PROGRAM": (
        "{path} にはまだプログラムがありません。先に init --plan を実行してください。",
        "{path} holds no program yet: run init --plan first.",
    ),
    "E-SCHEMA-NEWER": (
        "{path} はこの版より新しいスキーマ（{name}）で作成されています。",
        "{path} was made by a newer version (schema {name}).",
    ),
    "E-FILE": ("ファイルを読めません: {reason}", "cannot read the file: {reason}"),
    "interrupted": ("中断しました。何も書き込まれていません。", "Interrupted: nothing was written."),
    # --- command line ---------------------------------------------------------------
    "cli-description": (
        "ステージゲート審査ツール：証拠の記録、評価、ゲート判断、報告書の発行",
        "Stage-gate reviewer: log evidence, rate it, decide the gate, issue the report",
    ),
    "cli-created": ("{path} を作成しました（プログラム {code}）。", "Created {path} (program {code})."),
    "cli-demo-built": (
        "デモプログラムを {path} に作成しました（架空のデータです）。",
        "Built the demo program in {path} (fictional data).",
    ),
    "bad-date": (
        "{option} の日付「{value}」が正しくありません（YYYY-MM-DD）。",
        '{option}: "{value}" is not a date (YYYY-MM-DD).',
    ),
    "registry-or-operator": (
        "--registry と --operator/--industry は同時に指定できません。",
        "Give either --registry or --operator with --industry, not both.",
    ),
    "operator-needs-industry": (
        "--operator と --industry は一緒に指定してください。",
        "--operator and --industry go together.",
    ),
    "imports-remove-needs-batch": ("削除するバッチ番号を指定してください。", "Name the batch to remove."),
    "import-done": (
        "{file}: {format} として {records} 件を取り込みました（バッチ {batch}、置き換え {superseded} 件）。",
        "{file}: imported {records} records as {format} (batch {batch}, {superseded} superseded).",
    ),
    "import-skipped": (
        "{file}: 同じ内容・同じ指定で取り込み済みのためスキップしました（バッチ {batch}）。",
        "{file}: skipped, already imported with the same options (batch {batch}).",
    ),
    "import-refused": (
        "{file}: 取り込みを拒否しました（エラー {total} 件）。何も書き込まれていません。",
        "{file}: refused ({total} errors); nothing was written.",
    ),
    "import-removed": (
        "バッチ {batch} を削除しました（{records} 件）。",
        "Removed batch {batch} ({records} records).",
    ),
    "imports-none": ("取り込みバッチはありません。", "No import batches."),
    "E-IMPORT-OPTIONS": (
        "{file}: 同じ内容のファイルが別の指定で取り込まれています。先にバッチ {batch} を削除してください。",
        "{file}: the same bytes were imported with other options: remove batch {batch} first.",
    ),
    "E-NO-BATCH": ("バッチ {batch} はありません。", "There is no batch {batch}."),
    "E-BATCH-SIGNED": (
        "バッチ {batch} は署名済みの {fy} 年度の判断に使われているため削除できません。",
        "Batch {batch} decided the signed FY{fy} and cannot be removed.",
    ),
    "E-NO-FY": ("{fy} 年度は計画にありません。", "FY{fy} is not in the plan."),
    "status-head": ("{program} {fy}年度（{signed}）", "{program} FY{fy} ({signed})"),
    "status-achievement": ("加重達成度: {value}", "Weighted achievement: {value}"),
    "signed": ("署名済み", "signed"),
    "unsigned": ("未署名", "not signed"),
    "col-milestone": ("マイルストーン", "Milestone"),
    "col-rule": ("ルール", "Rule"),
    "col-status": ("証拠による判定", "Evidence"),
    "col-committee": ("委員会判定", "Committee"),
    "col-value": ("測定値", "Value"),
    "col-target": ("目標", "Target"),
    "col-evidence": ("根拠", "Deciding evidence"),
    "col-criterion": ("評価項目", "Criterion"),
    "col-mean": ("平均", "Mean"),
    "status-met": ("達成", "met"),
    "status-partially_met": ("一部達成", "partially met"),
    "status-not_met": ("未達成", "not met"),
    "status-no_evidence": ("証拠なし", "no evidence"),
    "self-reported-note": ("* 自己申告の結果による判定", "* decided by self-reported results"),
    "flagged": ("評点のばらつき大", "spread flagged"),
    "status-conditions": ("前年度の判断で付された条件:", "Conditions set by the previous decision:"),
    "condition-open": ("未判定", "open"),
    "condition-met": ("充足", "met"),
    "condition-partially_met": ("一部充足", "partially met"),
    "condition-not_met": ("未充足", "not met"),
    # --- plan -----------------------------------------------------------------------
    # YAML (importers.yamlsafe: plans and YAML evidence)
    "E-YAML-SYNTAX": ("YAML の構文エラー: {reason}", "YAML syntax error: {reason}"),
    "E-YAML-TAG": (
        "YAML のタグ {tag} は受け付けません（何も実行・生成していません）。",
        "YAML tag {tag} is refused (nothing was constructed or run).",
    ),
    "E-YAML-ALIAS": (
        "YAML のアンカー・エイリアス（{anchor}）はこのファイルでは使えません。",
        "YAML anchors and aliases ({anchor}) are not allowed in this file.",
    ),
    "E-YAML-ALIAS-LIMIT": (
        "YAML のエイリアス展開が上限（{limit} ノード）を超えるか、自分自身を参照しています。",
        "YAML alias expansion exceeds the limit of {limit} nodes, or an alias refers to itself.",
    ),
    "E-DUPLICATE-KEY": ("キー「{key}」が重複しています。", "duplicate key '{key}'."),
    # plan file (importers.plan, services.programs)
    "E-PLAN-SIZE": (
        "計画ファイルが大きすぎます（{size} バイト、上限 {limit} バイト）。",
        "the plan file is too large ({size} bytes; the limit is {limit}).",
    ),
    "E-PLAN-ENCODING": (
        "計画ファイルが UTF-8 ではありません。",
        "the plan file is not UTF-8 text.",
    ),
    "E-PLAN-UNKNOWN-KEY": ("{where} に不明なキー「{key}」があります。", "unknown key '{key}' in {where}."),
    "E-PLAN-MISSING": ("必須項目 {field} がありません。", "required field {field} is missing."),
    "E-PLAN-VALUE": (
        "{field} の値 {value} は不正です（{expected} が必要です）。",
        "{field}: {value} is not valid (expected {expected}).",
    ),
    "E-PLAN-DUPLICATE": (
        "{kind}「{key}」が重複しています（最初は {first_line} 行目）。",
        "duplicate {kind} '{key}' (first on line {first_line}).",
    ),
    "E-PLAN-FY": (
        "{fy}年度はプログラムの期間（{first}〜{last}年度）外か、fiscal_years に記載がありません。",
        "FY{fy} is outside the program (FY{first}-FY{last}) or has no fiscal_years entry.",
    ),
    "E-PLAN-CEILING": (
        "各年度の予定額の合計 {total} 円が上限額 {ceiling} 円を超えています。",
        "the planned installments add up to ¥{total}, over the ceiling of ¥{ceiling}.",
    ),
    "E-PLAN-INDUSTRY": (
        "業種「{industry}」は計画の industries にありません。",
        "industry '{industry}' is not among the plan's industries.",
    ),
    "E-PLAN-MEASURE": (
        "フリートの指標「{measure}」は不明です（使えるもの: {known}）。",
        "unknown fleet measure '{measure}' (known: {known}).",
    ),
    "E-PLAN-OP": (
        "比較演算子「{op}」は不正です（>=, >, <=, <, == のいずれか）。",
        "bad op '{op}' (one of >=, >, <=, <, ==).",
    ),
    "E-PLAN-PARTIAL": (
        "partial {partial} は op {op}・target {target} に対して不正です（== では使えず、target より"
        "達成から遠い側に置きます）。",
        "partial {partial} does not fit op {op} and target {target} (not allowed with ==; it must lie on"
        " the far side of the target).",
    ),
    "E-PLAN-ORGANIZATION": (
        "利益相反の相手「{organization}」は organizations にありません。",
        "conflict names organization '{organization}', which is not among the plan's organizations.",
    ),
    "E-PLAN-SIGNED": (
        "{fy}年度は署名済みのため、{entry} は変更できません。",
        "FY{fy} is signed: {entry} cannot change.",
    ),
    "E-PLAN-PROGRAM": (
        "計画のプログラム {new} はこのデータベースのプログラム {old} と異なります。",
        "the plan is for program {new}, but this database holds program {old}.",
    ),
    "plan-added": ("追加", "added"),
    "plan-renamed": ("名称変更", "renamed"),
    "plan-changed": ("変更", "changed"),
    "plan-kept": ("計画にないため保持", "kept (not in the plan)"),
    "plan-unchanged": ("計画に変更はありません。", "The plan has no changes."),
    "demo-fictional": (
        "このデモプログラムは架空のものです。数値はもっともらしく作ったもので、実在のデータではありません。",
        "This demo program is fictional: its figures are plausible, not real.",
    ),
    # --- import ---------------------------------------------------------------------
    # tabular formats (tabular, fleet_report, benchmark_csv, assessment_sheet); shares E-NUL, E-ENCODING,
    # E-NO-DATA, E-LINE-TOO-LONG, E-NOT-FINITE, E-INDUSTRY, E-DATE, E-NOT-BOOL, E-DATE-CONFLICT
    "E-RAGGED": (
        "列の数が見出しと合いません（見出し {expected} 列、この行 {found} 列）。",
        "the row has {found} fields but the header has {expected}.",
    ),
    "E-QUOTE": (
        'この行で始まる引用符（"）が正しく閉じられていません。',
        "a quoted field that starts on this line is not closed properly.",
    ),
    "E-CSV": ("CSV として読めません: {reason}", "cannot be read as CSV: {reason}"),
    "E-UNKNOWN-COLUMN": ("不明な列「{name}」があります。", "unknown column '{name}'."),
    "E-MISSING-COLUMN": ("必須の列 {name} がありません。", "the required column {name} is missing."),
    "E-DUPLICATE-COLUMN": ("列「{name}」が重複しています。", "the column '{name}' appears twice."),
    "E-NUMBER": ("{field}: 「{value}」は数値ではありません。", '{field}: "{value}" is not a number.'),
    "E-NEGATIVE": ("{field}: {value} は負の値です。", "{field}: {value} is negative."),
    "E-ACTIVE-GT-DEPLOYED": (
        "稼働台数 {active} が導入台数 {deployed} を超えています。",
        "robots_active {active} is more than robots_deployed {deployed}.",
    ),
    "E-PERIOD": (
        "{field}: 「{value}」は期間ではありません（2027-04、2027/04、2027年4月 の形で指定）。",
        '{field}: "{value}" is not a period (write 2027-04, 2027/04 or 2027年4月).',
    ),
    "E-REQUIRED": ("{field} が空です。", "{field} is empty."),
    "E-DUPLICATE-ROW": (
        "{first_line} 行目と同じ行です（{second_line} 行目）。",
        "line {second_line} repeats the key of line {first_line}.",
    ),
    "E-XLSX-SIZE": (
        "XLSX が大きすぎます（{size} バイト、上限 {limit} バイト）。",
        "the XLSX file is too large ({size} bytes; the limit is {limit} bytes).",
    ),
    "E-XLSX-RATIO": (
        "XLSX 内の {member} の圧縮率が高すぎます（{ratio}:1、上限 {limit}:1）。",
        "the XLSX member {member} is compressed {ratio}:1 (more than {limit}:1).",
    ),
    "E-XLSX-BROKEN": ("XLSX として読めません: {reason}", "cannot be read as XLSX: {reason}"),
    "E-FORMULA": (
        "セル {cell} の数式に計算結果が保存されていません。Excel で開いて保存し直してください。",
        "cell {cell} holds a formula with no saved result: open and save it in Excel.",
    ),
    "E-RATING": (
        "{field}: 「{value}」は評点ではありません（A～D、達成・一部達成・未達成、または空欄）。",
        '{field}: "{value}" is not a rating (A–D, met, partially_met, not_met, or blank).',
    ),
    "E-FY": (
        "{field}: 「{value}」は年度ではありません（2027、2027年度、FY2027 の形で指定）。",
        '{field}: "{value}" is not a fiscal year (write 2027, 2027年度 or FY2027).',
    ),
    # telemetry formats (telemetry, vda5050, open_rmf, registry_csv); E-INDUSTRY, E-LINE-TOO-LONG shared
    "E-INDUSTRY": (
        "業種 {value} はプランにありません（コード・日本語名・英語名のいずれかで指定してください）。",
        "the industry {value} is not in the plan (give its code, Japanese or English name).",
    ),
    "E-LINE-TOO-LONG": (
        "行が長すぎます（上限 {limit} バイト）。",
        "the line is too long (the limit is {limit} bytes).",
    ),
    "E-TELEMETRY-FIELD": ("必須項目 {field} がありません。", "the required field {field} is missing."),
    "E-TELEMETRY-VALUE": (
        "{field}: {value} は使えません（{expected} が必要です）。",
        "{field}: {value} is not valid (expected {expected}).",
    ),
    "E-VDA-VERSION": (
        "VDA 5050 のバージョン {value} には対応していません（2.x と 3.x に対応）。",
        "VDA 5050 version {value} is not supported (2.x and 3.x are).",
    ),
    "E-RMF-NOT-FLEET-STATE": (
        "Open-RMF のメッセージ種別 {value} は fleet_state_update ではありません。",
        "the Open-RMF message type {value} is not fleet_state_update.",
    ),
    "E-TIME-ORDER": (
        "ロボット {robot} の時刻 {time} が、前のメッセージ（{previous_line} 行目、{previous}）より前です。",
        "robot {robot}: {time} is earlier than its previous message (line {previous_line}, {previous}).",
    ),
    "E-UNREGISTERED-ROBOT": (
        "ロボット {robot} が登録簿 {registry} にありません。",
        "robot {robot} is not in the registry {registry}.",
    ),
    "E-NO-OPERATOR": (
        "事業者と業種が分かりません。--operator と --industry、または --registry を指定してください。",
        "no operator and industry: give --operator and --industry, or --registry.",
    ),
    "E-OPERATOR-AND-REGISTRY": (
        "--registry と --operator / --industry は同時に指定できません。",
        "--registry cannot be combined with --operator or --industry.",
    ),
    "E-REGISTRY-COLUMN": (
        "登録簿の列 {name} は使えません（列: {expected}）。",
        "registry column {name} is unknown or repeated (columns: {expected}).",
    ),
    "E-REGISTRY-MISSING-COLUMN": (
        "登録簿に列 {name} がありません（列: {expected}）。",
        "the registry has no column {name} (columns: {expected}).",
    ),
    "E-REGISTRY-ROW": ("登録簿の行が読めません: {reason}", "registry row cannot be read: {reason}"),
    "E-REGISTRY-FIELD": ("登録簿の {field} が空です。", "registry field {field} is empty."),
    "E-REGISTRY-DUPLICATE": (
        "ロボット {robot} は登録簿の {first_line} 行目にもあります。",
        "robot {robot} is already in the registry at line {first_line}.",
    ),
    # json, model and benchmark formats (jsonstrict, lm_eval, hf_model_card, hf_eval_results, lerobot_eval)
    "E-JSON-SYNTAX": ("JSON の構文エラー: {reason}", "JSON syntax error: {reason}"),
    "E-NOT-FINITE": (
        "{value} は有限の数値ではありません（NaN・Infinity・桁あふれは受け付けません）。",
        "{value} is not a finite number (NaN, Infinity and overflowing numbers are refused).",
    ),
    "E-NUMBER-TOO-LONG": ("数値の桁数が多すぎます。", "a number has too many digits."),
    "E-TOO-LARGE": (
        "ファイルが大きすぎます（{size} バイト、上限 {limit} バイト）。",
        "the file is too large ({size} bytes; the limit is {limit} bytes).",
    ),
    "E-NUL": ("NUL バイトが含まれています。", "the file contains a NUL byte."),
    "E-ENCODING": (
        "文字コード {encoding} として読めないバイトがあります。",
        "bytes that are not valid {encoding} text.",
    ),
    "E-NO-DATA": ("データがありません（空のファイルです）。", "no data: the file is empty."),
    "E-UNKNOWN-FORMAT": (
        "どの形式にも当てはまりません（試した形式: {tried}）。",
        "the file fits no known format (formats tried: {tried}).",
    ),
    "E-NOT-A-FOLDER-FORMAT": (
        "フォルダを読み込める形式ではありません（フォルダを読める形式: {folder_formats}）。",
        "a folder cannot be imported as this format (folder formats: {folder_formats}).",
    ),
    "E-NO-MODEL": (
        "モデル名がファイルにありません。--model NAME で指定してください。",
        "the file names no model: give one with --model NAME.",
    ),
    "E-MODEL-CONFLICT": (
        "ファイルのモデル名 {file_model} が --model {flag_model} と異なります。",
        "the file names model {file_model}, which differs from --model {flag_model}.",
    ),
    "E-DATE-CONFLICT": (
        "ファイルの日付 {file_date} が --effective-date {flag_date} と異なります"
        "（指定でファイルの日付を上書きすることはできません）。",
        "the file's date {file_date} differs from --effective-date {flag_date}"
        " (the flag never overrides a file).",
    ),
    "E-DATE": ("{field}: {value} は日付ではありません。", "{field}: {value} is not a date."),
    "E-NOT-NUMBER": ("{field}: {value} は数値ではありません。", "{field}: {value} is not a number."),
    "E-NOT-TEXT": ("{field}: {value} は文字列ではありません。", "{field}: {value} is not text."),
    "E-NOT-BOOL": (
        "{field}: {value} は true/false ではありません。",
        "{field}: {value} is not true or false.",
    ),
    "E-MISSING": ("必須項目 {field} がありません。", "the required field {field} is missing."),
    "E-SHAPE": ("{field} の形が正しくありません（期待: {expected}）。", "{field} must be {expected}."),
    "E-NO-RESULTS": ("結果が一つもありません。", "the file holds no results."),
    "E-STDERR-WITHOUT-METRIC": (
        "{key} に対応する指標がありません。",
        "{key} is a standard error with no metric beside it.",
    ),
    "E-NO-FRONT-MATTER": (
        "先頭に --- で囲まれた YAML フロントマターがありません。",
        "there is no YAML front matter between --- lines at the top.",
    ),
    "format-unknown": (
        "形式 {name} はありません。使える形式: {formats}",
        "There is no format {name}. Formats: {formats}",
    ),
    # --- evaluation -----------------------------------------------------------------
    "W-HIGHER-IS-BETTER": (
        "この結果の出典は指標の向きが規則（{op}）と逆であるとしています。結果は算入しています。",
        "The source says this metric runs the other way from the rule ({op}); the result is counted.",
    ),
    "W-LATE-EVIDENCE": (
        "期限後の該当証拠 {count} 件は算入していません。",
        "{count} matching record(s) dated after the due date are not counted.",
    ),
    "W-FLEET-OVERLAP": (
        "{period}・{industry}・{operator} は報告とテレメトリの両方にあります。報告の行を算入しています。",
        "{period}, {industry}, {operator} is in both a report and telemetry: the report row is counted.",
    ),
    "W-FLEET-DUPLICATE": (
        "同じ期間・業種・事業者・出典の現行行が複数あります（{ids}）。最新の行のみ算入しています。",
        "Several current rows share a period, industry, operator and source ({ids}): only the latest counts.",
    ),
    "W-FLEET-UNKNOWN-INDUSTRY": (
        "業種 {industry} は計画にないため算入していません。",
        "Industry {industry} is not in the plan and is not counted.",
    ),
    "W-FLEET-NO-HOURS": (
        "{period} の稼働時間の合計が 0 のため、千時間あたり介入回数は算出できません。",
        "Operating hours in {period} sum to 0, so interventions per 1,000 hours cannot be computed.",
    ),
    "W-MODEL-MISSING-RESULT": (
        "期限までに {benchmark} の結果がありません。",
        "There is no {benchmark} result by the due date.",
    ),
    # --- decisions ------------------------------------------------------------------
    # --- report ---------------------------------------------------------------------
    # --- packages and backups -------------------------------------------------------
}


def text(key: str, lang: str, /, **params: object) -> str:
    """Return the message `key` in `lang` (ja or en) with `params` filled in.

    An unknown key returns the key itself followed by the parameters, so nothing is hidden.
    """
    entry = _CATALOGUE.get(key)
    if entry is None:
        return key + (" " + repr(params) if params else "")
    template = entry[0] if lang == "ja" else entry[1]
    return template.format(**params) if params else template


def has(key: str) -> bool:
    """True when the catalogue has `key`."""
    return key in _CATALOGUE


def catalogue() -> Mapping[str, tuple[str, str]]:
    """The whole catalogue, read-only (for the completeness test)."""
    return dict(_CATALOGUE)


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language from LC_ALL / LC_MESSAGES / LANG: ja for ja*, else en."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"
