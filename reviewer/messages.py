"""The one ja/en catalogue for Qt-free text: errors, the command line and report words.

Each entry is keyed by a message id; an error's key is its fixed English code (`E-NUMBER`).
`text(key, lang, **params)` fills `{name}` placeholders with `str.format`.
Sections are kept apart by area so each area's messages stay together.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

LANGS = ("ja", "en")

# key -> (ja, en)
_CATALOGUE: dict[str, tuple[str, str]] = {
    # --- general --------------------------------------------------------------------
    "error": ("エラー", "error"),
    "ok": ("正常", "ok"),
    "more-problems": ("ほか {more} 件のエラー（合計 {total} 件）", "{more} more errors ({total} in all)"),
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
    "after-signoff": ("署名後の取り込み（{fys}年度）", "after sign-off (FY{fys})"),
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
    "E-NO-MILESTONE": ("マイルストーン {milestone} はありません。", "There is no milestone {milestone}."),
    "E-DOC-TYPE": (
        "PDF、DOCX、XLSX、PNG、JPEG のいずれでもありません（内容で判定）。",
        "not a PDF, DOCX, XLSX, PNG or JPEG file (judged by its content).",
    ),
    "E-DOC-TOO-LARGE": ("200 MiB を超えています（{size} バイト）。", "larger than 200 MiB ({size} bytes)."),
    "E-NO-DOCUMENT": ("文書 {id} はありません。", "There is no document {id}."),
    "E-MANUAL-VALUE": (
        "値「{value}」は有限の数値ではありません。",
        'The value "{value}" is not a finite number.',
    ),
    "E-MANUAL-SOURCE": ("単位と出典を入力してください。", "A unit and a source description are required."),
    "attach-done": (
        "{file}: マイルストーン {milestone} に文書として添付しました（証拠 {id}）。",
        "{file}: attached to {milestone} as document evidence {id}.",
    ),
    "attach-skipped": (
        "{file}: 同じ文書がすでに {milestone} に添付されています（証拠 {id}）。",
        "{file}: already attached to {milestone} (evidence {id}); skipped.",
    ),
    "manual-added": (
        "手入力の証拠 {id} を {milestone} に記録しました。",
        "Recorded manual evidence {id} for {milestone}.",
    ),
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
        "各年度の予定額の合計 {total:,} 円が上限額 {ceiling:,} 円を超えています。",
        "the planned installments add up to ¥{total:,}, over the ceiling of ¥{ceiling:,}.",
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
        "事業者と業種が分かりません。事業者と業種（--operator と --industry）、"
        "または登録簿（--registry）を指定してください。",
        "no operator and industry: give an operator and an industry (--operator, --industry),"
        " or a registry (--registry).",
    ),
    "E-OPERATOR-AND-REGISTRY": (
        "登録簿（--registry）と事業者・業種（--operator / --industry）は同時に指定できません。",
        "a registry (--registry) cannot be combined with an operator or industry (--operator, --industry).",
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
        "文字コード {encoding} として読めないバイトがあります（先頭から {offset} バイト目）。"
        "ファイル全体が UTF-8、またはファイル全体が CP932 である必要があります。",
        "bytes that are not valid {encoding} text (at byte offset {offset}); a file must be"
        " UTF-8 throughout or CP932 throughout.",
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
        "モデル名がファイルにありません。モデル名（--model NAME）を指定してください。",
        "the file names no model: give one (--model NAME).",
    ),
    "E-MODEL-CONFLICT": (
        "ファイルのモデル {file_model} は、指定のモデル {flag_model}（--model）とは別の登録済みモデルです。",
        "the file names model {file_model}, a different declared model from the one given,"
        " {flag_model} (--model).",
    ),
    "E-DATE-CONFLICT": (
        "ファイルの日付 {file_date} が指定の有効日 {flag_date}（--effective-date）と異なります"
        "（指定でファイルの日付を上書きすることはできません）。",
        "the file's date {file_date} differs from the effective date given, {flag_date} (--effective-date)"
        " (what is given never overrides a file).",
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
    # --- evidence in the wild (issue 14: inspect-log, llm-jp-eval, near misses, model aliases)
    "E-INSPECT-STATUS": (
        "評価ログの status が {status} です（success のログのみ取り込めます）。",
        "the evaluation log's status is {status}: only a log whose status is success is imported.",
    ),
    "E-UNKNOWN-FORMAT-NEAR-COLUMNS": (
        "どの形式にも当てはまりません（試した形式: {tried}）。最も近い形式 {format} に対し、"
        "足りない列: {missing}、不明な列: {unknown}。",
        "the file fits no known format (formats tried: {tried}). Closest is {format}:"
        " missing columns: {missing}; unknown columns: {unknown}.",
    ),
    "E-UNKNOWN-FORMAT-NEAR-KEYS": (
        "どの形式にも当てはまりません（試した形式: {tried}）。最も近い形式 {format} に対し、"
        "足りないキー: {missing}。",
        "the file fits no known format (formats tried: {tried})."
        " Closest is {format}: missing keys: {missing}.",
    ),
    "E-PLACEHOLDER": (
        "{field}: テンプレートの {value} が値に置き換えられていません。",
        "{field}: {value} is a template placeholder, not a value: fill it in.",
    ),
    "E-PLAN-ALIAS": (
        "モデル名「{alias}」は既にモデル {model} を指しています（{first_line} 行目）。"
        "{other} には使えません。",
        "model name '{alias}' already names model {model} (line {first_line}); it cannot name {other} too.",
    ),
    "E-PLAN-ALIAS-STORED": (
        "モデル名「{alias}」はこのデータベースで既にモデル {model} を指しています。{other} には使えません。",
        "model name '{alias}' already names model {model} in this database; it cannot name {other} too.",
    ),
    "E-NO-MODEL-PATH": (
        "ファイルはモデルを評価環境のパス {path} でしか示していません。モデル名（--model NAME）を指定するか、"
        "計画の models: にこのパスを別名として登録してください。",
        "the file names its model only by a path on the evaluating machine, {path}: give the model"
        " (--model NAME), or declare the path as an alias under the plan's models:.",
    ),
    # The desktop's import dialog names its own fields, not command-line flags (key@desktop).
    "E-NO-MODEL@desktop": (
        "モデル名がファイルにありません。「モデル」欄にモデル名を入力してください。",
        "the file names no model: enter one in the Model field.",
    ),
    "E-NO-MODEL-PATH@desktop": (
        "ファイルはモデルを評価環境のパス {path} でしか示していません。「モデル」欄にモデル名を入力するか、"
        "計画の models: にこのパスを別名として登録してください。",
        "the file names its model only by a path on the evaluating machine, {path}: enter the model in"
        " the Model field, or declare the path as an alias under the plan's models:.",
    ),
    "E-MODEL-CONFLICT@desktop": (
        "ファイルのモデル {file_model} は、「モデル」欄のモデル {flag_model} とは別の登録済みモデルです。",
        "the file names model {file_model}, a different declared model from {flag_model} in the Model field.",
    ),
    "E-DATE-CONFLICT@desktop": (
        "ファイルの日付 {file_date} が「有効日」欄の {flag_date} と異なります"
        "（入力した日付でファイルの日付を上書きすることはできません）。",
        "the file's date {file_date} differs from {flag_date} in the Effective date field"
        " (what is entered never overrides a file).",
    ),
    "E-NO-OPERATOR@desktop": (
        "事業者と業種が分かりません。「事業者（テレメトリ）」欄と「業種（テレメトリ）」欄、"
        "または「ロボット登録簿（テレメトリ）」欄を指定してください。",
        "no operator and industry: fill in the Operator (telemetry) and Industry (telemetry) fields,"
        " or the Robot registry (telemetry) field.",
    ),
    "E-OPERATOR-AND-REGISTRY@desktop": (
        "「ロボット登録簿（テレメトリ）」欄と「事業者（テレメトリ）」「業種（テレメトリ）」欄は同時に指定できません。",
        "the Robot registry (telemetry) field cannot be combined with the Operator or Industry"
        " (telemetry) fields.",
    ),
    "E-EVAL-RATIO": (
        ".eval 内の {member} の圧縮率が高すぎます（{ratio}:1、上限 {limit}:1）。",
        "the .eval member {member} is compressed {ratio}:1 (more than {limit}:1).",
    ),
    "E-EVAL-BROKEN": (".eval（zip）として読めません: {reason}", "cannot be read as an .eval zip: {reason}"),
    "E-INSPECT-NO-HEADER": (
        ".eval ファイルに {member} がありません（評価が終わっていません）。",
        "the .eval file has no {member} member (the evaluation did not finish).",
    ),
    # --- evidence formats as their tools write them today (h4-import) ---------------------
    "E-INSPECT-INVALIDATED": (
        "評価ログの invalidated が true です（実行後にサンプルが無効とされ、"
        "スコアはそのサンプルを含んだままです）。再実行したログを取り込んでください。",
        "the evaluation log says invalidated: true (samples were invalidated after the run and its"
        " scores still count them): import the log of the run that retried them.",
    ),
    "format-unknown": (
        "形式 {name} はありません。使える形式: {formats}",
        "There is no format {name}. Formats: {formats}",
    ),
    # --- evaluation -----------------------------------------------------------------
    # assessments (services/assessments.py, services/committee.py, services/sheets.py, cli/cmd_assess.py)
    "E-SHEET-REVIEWER": (
        "評価者「{reviewer}」は登録されていません。",
        "reviewer '{reviewer}' is not registered.",
    ),
    "E-SHEET-FY": ("{fy}年度は計画にありません。", "FY{fy} is not in the plan."),
    "E-SHEET-TARGET": (
        "対象「{target}」は{fy}年度の評価項目・マイルストーン・overall のいずれでもありません。",
        "target '{target}' is not a criterion, an FY{fy} milestone or 'overall'.",
    ),
    "E-SHEET-RATING": (
        "対象 {target} に評点「{rating}」は付けられません（評価項目は A～D、マイルストーンは"
        "達成/一部達成/未達成、overall は評点なし）。",
        "target {target} cannot take the rating '{rating}' (criteria take A–D, milestones"
        " met/partially_met/not_met, 'overall' no rating).",
    ),
    "E-RECUSED": (
        "評価者 {reviewer} は利益相反（{organization} {name}、区分 {category}）により評価から外れています。"
        "評点・判定・コメントは受け付けません。",
        "reviewer {reviewer} is recused by a conflict of interest ({organization} {name}, category"
        " {category}): no ratings, judgements or comments are accepted.",
    ),
    "E-FY-SIGNED": (
        "{fy}年度は署名済みのため、変更できません。",
        "FY{fy} is signed and cannot change.",
    ),
    "E-NO-REVIEWER": ("評価者 {reviewer} は登録されていません。", "There is no reviewer {reviewer}."),
    "E-NO-ITEM": (
        "評価者 {reviewer} の{fy}年度の評価に対象 {target} の評点はありません。",
        "Reviewer {reviewer}'s FY{fy} assessment has no rating for {target}.",
    ),
    "E-EMPTY-REASON": ("理由が空です。", "The reason is empty."),
    "E-NO-COMMENT": (
        "{fy}年度にコメント {comment} はありません。",
        "FY{fy} has no comment {comment}.",
    ),
    "E-EMPTY-RESPONSE": ("対処方針の文が空です。", "The response text is empty."),
    "bad-committee-status": (
        "状態「{value}」は使えません（met, partially_met, not_met, no_evidence のいずれか）。",
        "Status '{value}' is not allowed (one of met, partially_met, not_met, no_evidence).",
    ),
    "sheet-written": (
        "{path} に評価者 {reviewer} の{fy}年度の評価シート（{rows} 行）を書き出しました。",
        "Wrote reviewer {reviewer}'s FY{fy} assessment sheet ({rows} rows) to {path}.",
    ),
    "consensus-opened": (
        "{fy}年度の評価を委員会に公開しました（元に戻せません）。",
        "Opened FY{fy}'s consensus to the committee (this cannot be undone).",
    ),
    "consensus-already-open": (
        "{fy}年度の評価はすでに公開されています。何も変更していません。",
        "FY{fy}'s consensus is already open: nothing changed.",
    ),
    "override-set": (
        "マイルストーン {milestone} の委員会判定を {status} にしました。",
        "Set milestone {milestone}'s committee status to {status}.",
    ),
    "override-unchanged": (
        "マイルストーン {milestone} の委員会判定はすでに {status}（同じ理由）です。何も変更していません。",
        "Milestone {milestone}'s committee status is already {status} with that reason: nothing changed.",
    ),
    "response-recorded": (
        "コメント {comment} への対処方針を記録しました（番号 {response}）。",
        "Recorded the response to comment {comment} (response {response}).",
    ),
    "sheet-sheet-title": ("評価", "Assessment"),
    "sheet-guide-title": ("評価基準", "Guide"),
    "sheet-carried-over": (
        "前年度からの引継ぎです。このシートを取り込むと確定されます。",
        "Carried over from last year: importing this sheet confirms it.",
    ),
    "sheet-rating-prompt-milestone": (
        "達成 / 一部達成 / 未達成 から選択（空欄はコメントのみ）",
        "Choose met / partially_met / not_met (blank: comments only)",
    ),
    "sheet-overall-note": (
        "総合コメント: 評点は付けません。肯定的意見の欄に総評を記入してください。",
        "Overall comment: no rating. Write your general remarks in the positive column.",
    ),
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
    "E-FY-SIGNED-AMEND": (
        "{fy}年度の判断は署名済みです。変更は amend（修正）で行ってください。",
        "FY{fy}'s decision is signed: change it with amend.",
    ),
    "E-FY-LOCKED": (
        "署名済み年度のデータは変更できません（{message}）。",
        "A signed FY's data cannot change ({message}).",
    ),
    "E-FUNDING-CEILING": (
        "{fy}年度の判断で翌年度の資金 {funding:,} 円は上限を超えます。設定できるのは"
        " {limit:,} 円まで（上限 {ceiling:,} 円 − {fy}年度までの確定額 {committed:,} 円）です。",
        "FY{fy}'s decision sets next-FY funding of ¥{funding:,}, above what is left: at most ¥{limit:,}"
        " (ceiling ¥{ceiling:,} − committed through FY{fy} ¥{committed:,}).",
    ),
    "E-GUARANTEED-OUTCOME": (
        "{fy}年度は保証期間内のため、結論 {outcome} は上書き理由（--override-reason）なしには選べません。",
        "FY{fy} is guaranteed: the outcome {outcome} needs an override reason (--override-reason).",
    ),
    "E-GUARANTEED-FUNDING": (
        "{fy}年度は保証期間内のため、計画額 {planned:,} 円を下回る資金 {funding:,} 円は"
        "上書き理由（--override-reason）なしには設定できません。",
        "FY{fy} is guaranteed: funding of ¥{funding:,}, below its planned installment of ¥{planned:,},"
        " needs an override reason (--override-reason).",
    ),
    "E-FUNDING-NEGATIVE": ("資金 {funding:,} 円は負の値です。", "Funding of ¥{funding:,} is negative."),
    "E-RATIONALE-EMPTY": ("判断理由が空です。", "The rationale is empty."),
    "E-CONDITION-EMPTY": ("条件の文が空です。", "A condition's text is empty."),
    "E-AMEND-REASON-EMPTY": ("修正理由が空です。", "The amendment reason is empty."),
    "E-NOT-SIGNED": (
        "{fy}年度には署名済みの判断がないため修正できません。decide を使ってください。",
        "FY{fy} has no signed decision to amend: use decide.",
    ),
    "E-NOT-APPROVER": (
        "{officer} は承認権限（approver）を持つ担当者として登録されていません。",
        "{officer} is not a registered officer with the approver role.",
    ),
    "E-NO-DECISION": ("{fy}年度には署名する判断がありません。", "FY{fy} has no decision to sign."),
    "E-NO-CONDITION": (
        "条件 {id} は{fy}年度の判断で付されたものではありません。",
        "Condition {id} was not set by FY{fy}'s decision.",
    ),
    "E-CONDITION-UNSIGNED": (
        "条件 {id} の{fy}年度の判断はまだ署名されていません。状態は署名後に記録できます。",
        "Condition {id} belongs to FY{fy}'s unsigned decision: its status is recorded after sign-off.",
    ),
    "E-CONDITION-SUPERSEDED": (
        "条件 {id} は{fy}年度の修正後の判断で削除または置き換えられています。"
        "現行の判断の条件を指定してください。",
        "Condition {id} was dropped or replaced by an amendment of FY{fy}'s decision: name a condition"
        " of the current one.",
    ),
    "decide-bad-outcome": (
        "結論「{value}」は使えません（{choices} のいずれか）。",
        "Outcome '{value}' is not allowed (one of {choices}).",
    ),
    "decide-condition-due": (
        "--condition（{conditions} 個）と --due（{dues} 個）の数が合いません。"
        "条件ごとに期限を指定してください。",
        "--condition ({conditions}) and --due ({dues}) do not pair up: give each condition its due date.",
    ),
    "condition-bad-status": (
        "状態「{value}」は使えません（open, met, partially_met, not_met のいずれか）。",
        "Status '{value}' is not allowed (one of open, met, partially_met, not_met).",
    ),
    "decided": (
        "{fy}年度の判断 {id} を記録しました: {outcome}、翌年度資金 {funding} 円、"
        "条件 {conditions} 件（未署名）。",
        "Recorded FY{fy}'s decision {id}: {outcome}, next-FY funding ¥{funding}, {conditions}"
        " conditions (unsigned).",
    ),
    "amended": (
        "{fy}年度の判断 {amends} の修正案 {id} を記録しました（sign で署名してください）。",
        "Recorded amendment {id} of FY{fy}'s decision {amends} (sign it with sign).",
    ),
    "signed-done": (
        "{fy}年度の判断 {id} に {by} が署名しました。SHA-256 {sha256}。この年度は以後変更できません。",
        "FY{fy}'s decision {id} is signed by {by}. SHA-256 {sha256}. The FY is locked from now on.",
    ),
    "condition-set": (
        "条件 {id} の状態を {status} として記録しました。",
        "Recorded condition {id} as {status}.",
    ),
    "verify-ok": (
        "問題ありません: 監査ログ {entries} 件の連鎖、判断の署名ハッシュ、ロック用トリガー、"
        "アンカー、封印された値、発行記録を確認しました。",
        "All is well: the audit chain of {entries} entries, the decision seals, the lock triggers,"
        " the anchors, the sealed values and the issue records check out.",
    ),
    "V-INTEGRITY": (
        "データベースの整合性検査に失敗しました: {detail}",
        "The integrity check failed: {detail}",
    ),
    "V-FOREIGN-KEY": (
        "外部キー違反: {table} の行 {rowid}（参照先 {parent}）",
        "Foreign key violation: {table} row {rowid} (parent {parent})",
    ),
    "V-CHAIN-LINK": (
        "監査ログの項目 {id} で連鎖が切れています（直前の項目が削除・挿入・入れ替えされています）。",
        "The audit chain breaks at entry {id}: the entry before it was deleted, inserted or swapped.",
    ),
    "V-CHAIN-HASH": (
        "監査ログの項目 {id} の内容が改ざんされています（ハッシュが一致しません）。",
        "Audit entry {id} was altered: its hash does not match its content.",
    ),
    "V-TRIGGER-MISSING": ("トリガー {name} がありません。", "The trigger {name} is missing."),
    "V-TRIGGER-CHANGED": (
        "トリガー {name} の SQL が変更されています。",
        "The trigger {name} does not have its expected SQL.",
    ),
    "V-DECISION-HASH": (
        "{fy}年度の署名済み判断 {id} のハッシュが、判断とスナップショットの内容と一致しません。",
        "The hash of FY{fy}'s signed decision {id} does not match the decision and its snapshot.",
    ),
    "V-SNAPSHOT-MISSING": (
        "{fy}年度の署名済み判断 {id} にスナップショットがありません。",
        "FY{fy}'s signed decision {id} has no snapshot.",
    ),
    "V-SNAPSHOT-MISMATCH": (
        "{fy}年度の判断 {id} のスナップショットの年度またはアンカーが内容と一致しません。",
        "The snapshot of FY{fy}'s decision {id} has an FY or anchor that differs from its content.",
    ),
    # --- the seal (issue 12: verify re-derives what a signed report prints) ---
    "V-SEAL": (
        "{fy}年度の封印: {where}: 封印時 {sealed}、現在 {now}（監査記録のない変更）",
        "{where}: sealed {sealed}, now {now} (FY{fy}; no audit entry explains it)",
    ),
    "V-UNAUDITED": (
        "{fy}年度の {where} に監査記録がありません（SQL で直接書かれた行）。",
        "{where} of FY{fy} has no audit entry (a row written around the application).",
    ),
    "V-ISSUED": (
        "発行記録 {id}（{fy}年度）に監査記録がありません: この報告書はここで発行されていません。",
        "Issue record {id} (FY{fy}) has no audit entry: that report was not issued here.",
    ),
    "verify-before-keys": (
        "{fys}年度は、このデータベースに役職者の鍵が導入される前に署名されました: 鍵による署名はなく、"
        "外部の写し（発行済み PDF やバックアップ）だけが裏付けになります。",
        "FY {fys} was signed before this database had officer keys: it carries no key signature,"
        " and only an outside copy (an issued PDF, a backup) can vouch for it.",
    ),
    "verify-unsealed": (
        "{fys}年度は完全な封印より前に署名されました: 状態のみが封印され、"
        "報告書は署名時点の表から作られます。",
        "FY {fys} was signed before the full seal: only its status is sealed; its report reads"
        " the tables as of the signing time.",
    ),
    # --- end of the seal ---
    # --- amendments keep their history (issue 16: amend, conditions, after sign-off) ---
    "E-DROP-CONDITION": (
        "条件 {id} は{fy}年度の判断 {decision} の条件ではありません（条件: {ids}）。何も削除していません。",
        "Condition {id} is not a condition of FY{fy}'s decision {decision} (its conditions: {ids});"
        " nothing was dropped.",
    ),
    "E-CONDITION-CARRIED": (
        "条件「{text}」は条件 {id} として引き継がれます。新しい条件として重ねて付けるには、"
        "--drop-condition {id} で元の条件を外してください。",
        "The condition '{text}' is carried forward as condition {id}; to set it anew instead,"
        " drop that one with --drop-condition {id}.",
    ),
    "amended-carried": (
        "条件: ID のまま引き継ぎ {carried} 件、削除 {dropped} 件、追加 {added} 件。",
        "Conditions carried forward with their ids: {carried}; dropped: {dropped}; added: {added}.",
    ),
    "conditions-carried": ("判断 {decision} で設定", "set by decision {decision}"),
    "conditions-dropped": ("修正 {decision} で削除", "dropped by amendment {decision}"),
    "after-signoff-records": (
        "{fy}年度の署名後に追加された証拠 {count} 件（署名済みの報告書には含まれません）",
        "{count} evidence records added after FY{fy}'s sign-off (not in its signed report)",
    ),
    "after-signoff-records-one": (
        "{fy}年度の署名後に追加された証拠 {count} 件（署名済みの報告書には含まれません）",
        "{count} evidence record added after FY{fy}'s sign-off (not in its signed report)",
    ),
    "report-amends": ("修正元の判断", "Amends"),
    "report-amends-what": ("判断 {id}（{date}、{outcome}）", "decision {id} of {date} ({outcome})"),
    # --- end of amendments ---
    "V-ANCHOR": (
        "アンカー（{source} {id}）が示す監査ログの {count} 件目がないか、ハッシュが一致しません"
        "（ログが切り詰められたか書き換えられています）。",
        "The anchor of {source} {id} names audit entry number {count}, which is missing or has another"
        " hash: the log was truncated or rewritten.",
    ),
    # --- report ---------------------------------------------------------------------
    "E-REPORT-TEMPLATE": (
        "報告書のテンプレート {name} を使えません（{reason}）。報告書は作成されませんでした。",
        "The report template {name} cannot be used ({reason}); no report was written.",
    ),
    "E-REPORT-FETCH": (
        "報告書が許可されていない資源 {url} を読み込もうとしたため、作成を中止しました（{reason}）。",
        "Rendering stopped: the report asked for {url}, which is not allowed ({reason}). No report was"
        " written.",
    ),
    "E-REPORT-RENDER": (
        "報告書の作成に失敗しました: {reason}。ファイルは作成されていません。",
        "The report could not be rendered: {reason}. No file was written.",
    ),
    "E-REPORT-OUTPUT": (
        "報告書を {path} に書き込めません: {reason}",
        "Cannot write the report to {path}: {reason}",
    ),
    "E-REPORT-LANG": (
        "言語 {lang} の報告書は作成できません（ja または en）。",
        "No report in {lang}: use ja or en.",
    ),
    "E-VERIFY-PDF": ("{path} を読めません: {reason}", "Cannot read {path}: {reason}"),
    "report-written": (
        "{path} に報告書を作成しました（{fy}、{edition}、{state}、{pages} ページ、SHA-256 {sha}）。",
        "Wrote the report to {path} ({fy}, {edition}, {state}, {pages} pages, SHA-256 {sha}).",
    ),
    "report-progress": ("報告書を作成しています", "Rendering the report"),
    "verify-issued": (
        "{path}: このデータベースが {date} に発行した {fy} の報告書です（{lang}、{edition}、{state}）。",
        "{path}: issued by this database on {date} for {fy} ({lang}, {edition}, {state}).",
    ),
    "verify-not-issued": (
        "{path}: このデータベースが発行した報告書ではありません。",
        "{path}: not issued here.",
    ),
    "verify-claims": (
        "埋め込まれた識別子: {fy}、判断ハッシュ {hash}。",
        "It says it is for {fy} with decision hash {hash}.",
    ),
    "verify-decision-ok": (
        "埋め込まれた判断ハッシュは署名済みの判断と一致します: {hash}",
        "The embedded decision hash matches the signed decision: {hash}",
    ),
    "verify-decision-amended": (
        "埋め込まれた判断ハッシュ {hash} はその後修正された判断のものです（現在: {current}）。",
        "The embedded decision hash {hash} belongs to a decision since amended (now: {current}).",
    ),
    "verify-decision-mismatch": (
        "埋め込まれた判断ハッシュ {hash} はこのデータベースのどの署名済み判断とも一致しません。",
        "The embedded decision hash {hash} matches no signed decision in this database.",
    ),
    "verify-draft": ("未署名の案として発行された報告書です。", "It was issued as an unsigned draft."),
    "report-kind": ("ステージゲート評価", "Stage-gate review"),
    "report-title": ("ステージゲート審査 判断報告書", "Stage-gate decision report"),
    "report-watermark": ("DRAFT", "DRAFT"),
    "report-fictional": (
        "このデモは架空のものです。数値はもっともらしく作成したもので、実在のデータではありません。",
        "This demo is fictional: its figures are plausible, not real.",
    ),
    "report-program": ("事業", "Program"),
    "report-implementer": ("実施者", "Implementer"),
    "report-fy": ("年度", "Fiscal year"),
    "report-decision": ("判断", "Decision"),
    "report-no-decision": ("判断はまだ記録されていません", "No decision recorded yet"),
    "report-date": ("日付", "Date"),
    "report-edition": ("版", "Edition"),
    "report-edition-internal": ("内部版", "Internal edition"),
    "report-edition-public": ("公開版", "Public edition"),
    "report-state": ("状態", "State"),
    "report-draft": ("案（未署名）", "Draft (unsigned)"),
    "report-final": ("確定（署名済み）", "Final (signed)"),
    "report-signed-by": ("署名者", "Signed by"),
    "report-decision-hash": ("判断ハッシュ（SHA-256）", "Decision hash (SHA-256)"),
    "report-no-hash": ("なし（未署名）", "none (unsigned)"),
    "report-chain-head": ("監査ログの先頭ハッシュ", "Audit chain head"),
    "report-chain-count": ("監査ログ件数", "Audit entries"),
    "report-toc": ("目次", "Contents"),
    "report-sec-summary": ("概要", "Summary"),
    "report-sec-roster": ("評価委員と利害関係", "Committee and recusals"),
    "report-sec-criteria": ("評点結果", "Criteria scores"),
    "report-sec-milestones": ("マイルストーン", "Milestones"),
    "report-sec-charts": ("図表", "Charts"),
    "report-sec-comments": ("評価コメント", "Comments"),
    "report-sec-yoy": ("前年度からの変化", "Year over year"),
    "report-sec-appendix": ("証拠一覧", "Evidence appendix"),
    "report-outcome-continue": ("継続", "Continue"),
    "report-outcome-continue_with_conditions": ("条件付き継続", "Continue with conditions"),
    "report-outcome-accelerate": ("加速・拡大", "Accelerate"),
    "report-outcome-scale_back": ("縮小", "Scale back"),
    "report-outcome-restructure": ("見直し", "Restructure"),
    "report-outcome-stop": ("中止", "Stop"),
    "report-outcome-stop_with_refund": ("中止・一部返還", "Stop with partial refund"),
    "report-funding-next": ("{fy}の予算（判断）", "Funding for {fy} (decided)"),
    "report-next-installment": ("{fy}の計画額", "Planned installment for {fy}"),
    "report-installment": ("{fy}の計画額", "Planned installment for {fy}"),
    "report-ceiling": ("予算上限", "Funding ceiling"),
    "report-committed": ("{fy}までの確定額", "Committed through {fy}"),
    "report-remaining": ("上限までの残額", "Remaining under the ceiling"),
    "report-remaining-after": ("判断後の残額", "Remaining after this decision"),
    "report-weighted-achievement": ("加重達成度", "Weighted achievement"),
    "report-no-evidence-listed": (
        "証拠のないマイルストーン（達成度に含めない）:",
        "Milestones without evidence (not counted):",
    ),
    "report-rationale": ("判断理由", "Rationale"),
    "report-override-reason": ("保証年度の例外理由", "Override reason (guaranteed FY)"),
    "report-amend-reason": ("修正理由", "Reason for the amendment"),
    "report-conditions": ("条件", "Conditions"),
    "report-no-conditions": ("条件はありません。", "No conditions."),
    "report-col-condition": ("条件", "Condition"),
    "report-col-due": ("期限", "Due"),
    "report-roster-order": ("五十音順。", "In Japanese syllabary order (五十音順) of the names' readings."),
    "report-col-role": ("役割", "Role"),
    "report-col-name": ("氏名", "Name"),
    "report-col-affiliation": ("所属", "Affiliation"),
    "report-col-organization": ("組織", "Organization"),
    "report-col-category": ("区分", "Category"),
    "report-col-effect": ("扱い", "Effect"),
    "report-role-chair": ("委員長", "Chair"),
    "report-role-vice_chair": ("副委員長", "Vice chair"),
    "report-role-member": ("委員", "Member"),
    "report-recusals": ("利害関係の申告と回避", "Declared conflicts and recusals"),
    "report-no-recusals": ("利害関係の申告はありません。", "No conflicts declared."),
    "report-recused": ("評価から除外（回避）", "Recused from rating"),
    "report-declared-only": ("申告のみ（評価に参加）", "Declared; takes part"),
    "report-coi-relative": ("親族", "Relative"),
    "report-coi-same_organization": ("同一組織", "Same organization"),
    "report-coi-co_researcher": ("共同研究者", "Co-researcher"),
    "report-coi-competitor": ("競合関係", "Competitor"),
    "report-coi-other": ("その他", "Other"),
    "report-points-note": (
        "評点: A=3、B=2、C=1、D=0。平均は回避した委員を除く評価者の平均です。",
        "Points: A=3, B=2, C=1, D=0. The mean is over the raters who were not recused.",
    ),
    "report-mean": ("平均点", "Mean"),
    "report-flagged": ("評価のばらつき大（2点以上）", "Wide spread (2 points or more)"),
    "report-few-raters": ("評価者3名未満", "Fewer than three raters"),
    "report-col-code": ("番号", "Code"),
    "report-col-title": ("マイルストーン", "Milestone"),
    "report-col-weight": ("重み", "Weight"),
    "report-col-target": ("目標", "Target"),
    "report-col-value": ("実績値", "Measured"),
    "report-col-status": ("状況", "Status"),
    "report-col-committee": ("委員会判断", "Committee"),
    "report-col-evidence": ("根拠となる証拠", "Deciding evidence"),
    "report-col-criterion": ("評価項目", "Criterion"),
    "report-col-date": ("日付", "Date"),
    "report-col-change": ("変更内容", "Change"),
    "report-col-file": ("ファイル", "File"),
    "report-col-format": ("形式", "Format"),
    "report-col-effective": ("有効日", "Effective"),
    "report-col-records": ("件数", "Records"),
    "report-col-marks": ("注記", "Notes"),
    "report-area-model": ("モデル", "Model"),
    "report-area-benchmark": ("ベンチマーク", "Benchmark"),
    "report-area-fleet": ("導入・稼働", "Fleet"),
    "report-area-consortium": ("コンソーシアム", "Consortium"),
    "report-area-management": ("マネジメント", "Management"),
    "report-status-met": ("達成", "Met"),
    "report-status-partially_met": ("一部達成", "Partially met"),
    "report-status-not_met": ("未達成", "Not met"),
    "report-status-no_evidence": ("証拠なし", "No evidence"),
    "report-self-reported-note": (
        "実施者の自己申告による結果で判定したもの。",
        "Decided by results the implementer reported itself.",
    ),
    "report-not-disclosed": ("非公開", "not disclosed"),
    "report-fleet-chart": (
        "業種別の稼働台数と計画の推移",
        "Robots active per industry against the plan's trajectory",
    ),
    "report-no-fleet": ("稼働データはありません。", "No fleet data."),
    "report-benchmark-chart": ("{code} のベンチマーク結果", "Benchmark results for {code}"),
    "report-no-benchmark": ("該当するベンチマーク結果はありません。", "No matching benchmark results."),
    "report-anonymous-note": (
        "コメントは評価項目と種類ごとにまとめ、評価者名は記載していません。",
        "Comments are grouped by criterion and kind, without reviewers' names.",
    ),
    "report-kind-positive": ("肯定的意見", "Positive"),
    "report-kind-issues": ("問題点・改善点", "Issues"),
    "report-kind-recommendations": ("今後への提言", "Recommendations"),
    "report-kind-overall": ("総合所見", "Overall"),
    "report-overall": ("総合評価", "Overall assessment"),
    "report-response": ("実施者の対処方針", "Implementer's response"),
    "report-no-comments": ("コメントはありません。", "No comments."),
    "report-yoy-previous": ("{fy}の判断", "Decision for {fy}"),
    "report-yoy-criteria": ("評点の変化", "Change in criteria scores"),
    "report-yoy-conditions": (
        "{fy}の判断で付された条件と現在の状況",
        "Conditions set for {fy} and their status",
    ),
    "report-yoy-plan-changes": ("計画の変更", "Plan changes"),
    "report-no-plan-changes": ("計画の変更はありません。", "No plan changes."),
    "report-yoy-first": ("前年度の審査はありません。", "There was no earlier gate."),
    "report-condition-open": ("未確認", "Open"),
    "report-condition-met": ("達成", "Met"),
    "report-condition-partially_met": ("一部達成", "Partially met"),
    "report-condition-not_met": ("未達成", "Not met"),
    "report-imported": ("取込", "imported"),
    "report-date-assumed": ("日付は取込日とみなした", "Date assumed: import"),
    "report-self-reported": ("自己申告", "Self-reported"),
    "report-confidential": ("機密", "Confidential"),
    "report-no-files": ("証拠ファイルはありません。", "No evidence files."),
    "report-documents": ("添付文書", "Documents"),
    "report-colophon": ("作成情報", "How this report was made"),
    "report-product": ("ステージゲート審査ツール", "Stage-gate reviewer"),
    "report-attachment-note": (
        "この PDF には、本年度の証拠・評価・判断の JSON（評価者は仮名）が添付されています（PDF/A-3）。",
        "This PDF carries the FY's evidence, assessments and decision as an attached JSON file"
        " (reviewers under pseudonyms; PDF/A-3).",
    ),
    "report-pseudonym": ("評価者{letter}", "Reviewer {letter}"),
    "report-attachment-description": (
        "{fy}の証拠・評価・判断（評価者は仮名）",
        "Evidence, assessments and decision for {fy} (reviewers under pseudonyms)",
    ),
    "report-chart-count": ("人数", "Reviewers"),
    "report-chart-mean": ("平均点（0〜3）", "Mean points (0–3)"),
    "report-chart-none": ("評価なし", "No ratings"),
    "report-chart-others": ("その他の業種", "Other industries"),
    "report-chart-trajectory": ("計画（事業全体）", "Plan (program-wide)"),
    "report-chart-robots": ("稼働台数", "Robots active"),
    "report-chart-year": ("年", "Year"),
    "report-chart-target": ("目標", "Target"),
    "report-chart-value": ("値", "Value"),
    # --- packages and backups -------------------------------------------------------
    "E-DB-DAMAGED": (
        "データベース {path} は壊れています（{reason}: {detail}）。"
        "ファイルは変更せずに {moved} へ移しました。"
        "最新の検証済みバックアップ: {backup}（restore で戻せます）。",
        "The database {path} is damaged ({reason}: {detail}). It was moved aside unchanged to {moved}."
        " Newest verified backup: {backup} (put it back with restore).",
    ),
    # --- the gate, restore and error classes (issue 11) ------------------------------------
    "E-DB-DAMAGED-IN-USE": (
        "データベース {path} に問題が見つかりました（{reason}: {detail}）が、ほかのプロセスが開いているため"
        "移動していません。ほかのプログラムを閉じてからもう一度実行してください。"
        "最新の検証済みバックアップ: {backup}",
        "The database {path} shows a problem ({reason}: {detail}) but another process has it open, so"
        " it was not moved. Close the other programs and run again. Newest verified backup: {backup}",
    ),
    "E-NOT-A-DATABASE": (
        "{path} は SQLite データベースではありません（SQLite のヘッダーがありません）。"
        "ファイルには触れていません。",
        "{path} is not an SQLite database (no SQLite header). The file was left as it is.",
    ),
    "E-BUSY": (
        "{path} はほかのプロセス（取り込み、署名、デスクトップなど）が使用中です。"
        "その処理が終わるのを待ってからもう一度実行してください。",
        "{path} is in use by another process (an import, a sign-off, the desktop…)."
        " Wait for it to finish, then run again.",
    ),
    "E-READ-ONLY": (
        "{path} またはそのフォルダーに書き込めません（読み取り専用）。"
        "書き込めるフォルダーにコピーして使ってください。",
        "{path} or its folder cannot be written (read-only). Copy it to a folder you can write to.",
    ),
    "E-OUTPUT-IS-DATABASE": (
        "{path} は開いているデータベース自身（またはその -wal/-shm）です。そこには書き込みません。"
        "別のファイル名を指定してください。",
        "{path} is the open database itself (or its -wal/-shm): nothing is written over it."
        " Choose another file name.",
    ),
    "E-HARD-LINK": (
        "データベース {path} には {links} 個の名前（ハードリンク）があります。"
        "SQLite のログは名前ごとに作られるため、別の名前からの書き込みが失われます。"
        "ひとつの名前だけで使ってください。",
        "The database {path} has {links} names (hard links). SQLite keeps its log beside each name, so"
        " writes through another name would be lost: use the file under one name only.",
    ),
    "E-NO-FOLDER": (
        "{path} を開けません。フォルダー {folder} がありません。",
        "Cannot open {path}: there is no folder {folder}.",
    ),
    "E-INTERNAL": (
        "予期しないエラーが発生しました（{kind}）。詳細は {log} にあります。",
        "An unexpected error occurred ({kind}). Details are in {log}.",
    ),
    "E-IMPORT-SELF": (
        "{path} は開いているデータベース自身（またはその -wal/-shm、それを含むフォルダー）です。"
        "入力としては読みません。",
        "{path} is the open database itself (or its -wal/-shm, or a folder holding it):"
        " it is never read as an input.",
    ),
    "E-RESTORE-NOT-PROGRAM": (
        "{path} はプログラムのデータベースではありません（{kind}）。"
        "復元できるのはこのプログラムのバックアップだけです。",
        "{path} is not a programme database ({kind}): only a backup of this programme can be restored.",
    ),
    "E-RESTORE-OTHER-PROGRAM": (
        "{path} は別のプログラム（{found}）のバックアップです。このデータベースは {expected} です。",
        "{path} is a backup of another programme ({found}); this database is {expected}.",
    ),
    "E-RESTORE-SCHEMA": (
        "{path} のスキーマが、その移行段階で定義されるスキーマと違います（{object}）。復元しません。",
        "{path} has a schema that differs from the one its migration level defines ({object}): not restored.",
    ),
    "E-RESTORE-INTEGRITY": (
        "{path} は完全性検査に合格しません（{reason}）。復元しません。",
        "{path} fails the integrity check ({reason}): not restored.",
    ),
    "E-NETWORK-DRIVE": (
        "{path} はネットワークドライブ（{fstype}）上にあるため、書き込み用には開きません。SQLite の"
        "ログとロックはネットワーク上では正しく動きません。ローカルのコピー（{copy}）で作業するか、"
        "評価者パッケージでやり取りしてください。",
        "{path} is on a network drive ({fstype}), so it is not opened for writing: SQLite's journal and"
        " locks do not work over a network. Work on a local copy ({copy}) or exchange reviewer packages.",
    ),
    "E-LOCAL-COPY-EXISTS": (
        "{path} は既にあります。ローカルのコピーは上書きしません。",
        "{path} already exists: a local copy never overwrites a file.",
    ),
    "E-BACKUP-CHECK": (
        "{path} のバックアップが検査に通りませんでした（{reason}）。良いバックアップは置き換えていません。",
        "The backup of {path} failed its check ({reason}); no good backup was replaced.",
    ),
    "E-BACKUP-WRITE": (
        "{path} にバックアップを書けません: {reason}",
        "Cannot write a backup to {path}: {reason}",
    ),
    "E-BACKUP-EXISTS": (
        "{path} は既にあります。バックアップは既存のファイルを上書きしません。",
        "{path} already exists: a backup never overwrites a file.",
    ),
    "E-BACKUP-MISSING": ("バックアップ {path} がありません。", "There is no backup at {path}."),
    "E-DISK-FULL": (
        "ディスクがいっぱいです（{path}）。この操作は何も書き込まずに取り消され、データベースは元のままです。"
        "空き領域を作ってからやり直してください。",
        "The disk is full ({path}): this operation was rolled back, nothing of it was written and the"
        " database is as it was. Free some space and try again.",
    ),
    "E-PACKAGE-FOREIGN": (
        "{file} はこのデータベース（プログラム {program}）が書き出したパッケージではありません。",
        "{file} is not a package this database (program {program}) exported.",
    ),
    "E-PACKAGE-UNREADABLE": (
        "{file} は評価者パッケージとして読めません（{reason}）。",
        "{file} cannot be read as a reviewer package ({reason}).",
    ),
    "E-EXPORT-EXISTS": (
        "{path} は既にあります。パッケージは既存のファイルを上書きしません。",
        "{path} already exists: a package never overwrites a file.",
    ),
    "E-EXPORT-NO-FY": (
        "書き出せる年度がありません（マイルストーンのある未署名の年度がありません）。"
        "--fy を指定してください。",
        "No FY to export: no unsigned FY has milestones. Give --fy.",
    ),
    "export-done": (
        "{path} に評価者 {reviewer} の {fy} 年度パッケージを書き出しました（エクスポート ID {export_id}）。",
        "Wrote {reviewer}'s FY{fy} package to {path} (export id {export_id}).",
    ),
    "merge-done": (
        "{file}: {targets} 件の対象を反映しました（評定 {items} 件、コメント {comments} 件を変更）。",
        "{file}: applied {targets} targets ({items} ratings and {comments} comments changed).",
    ),
    "merge-conflicts": ("{n} 件の競合は反映されていません", "{n} conflicts not applied"),
    "backup-done": (
        "{path} にバックアップを作成し、検証しました（監査ログ {count} 件）。",
        "Made and verified the backup {path} ({count} audit entries).",
    ),
    "backup-skipped": (
        "変更がないため、10 分以内の検証済みバックアップ {path} を使います。",
        "Nothing changed since the verified backup {path} of under 10 minutes ago.",
    ),
    "backup-copy": ("検証済みのコピーを {path} にも書きました。", "Also wrote a verified copy to {path}."),
    "backup-reused": (
        "直近の検証済みバックアップ {path} がこの状態をすでに保持しているため、"
        "それを使います（監査ログ {count} 件）。",
        "The newest verified backup {path} already holds this state and is used"
        " (audit chain of {count} entries).",
    ),
    "restore-done": ("{backup} を {path} に復元しました。", "Restored {backup} to {path}."),
    "restore-moved": ("以前のファイルは {path} に移しました。", "The file it replaced was moved to {path}."),
    # packages (issue 11): a package is untrusted input, checked before any row of it is read
    "E-PACKAGE-SCHEMA": (
        "このファイルのスキーマは書き出しで作られるものと違います（最初の違い: {type} {name}）。"
        "このファイルの SQL は一切実行せず、行も読んでいません。",
        "its schema is not the one export writes (the first difference: {type} {name}); nothing in"
        " this file was run and none of its rows was read.",
    ),
    # (E-TOO-LONG is issue 13's too, with the same text and parameters: keep one when merging)
    # --- bytes in, bytes out (issue 13: files, encodings, numbers, text limits, XLSX) -----
    "E-NOT-A-FILE": (
        "通常のファイルではありません（{kind}）。フォルダ・デバイス・FIFO・ソケットは読み込めません。",
        "not a regular file ({kind}): folders, devices, FIFOs and sockets are not read.",
    ),
    "E-SYMLINK": (
        "シンボリックリンクは読み込みません（リンク先をたどりません）。",
        "a symbolic link is not read (it is never followed).",
    ),
    "E-NUMBER-RANGE": (
        "{value} は保存できる整数の範囲（64 ビット）を超えています。",
        "{value} is beyond the integers the database holds (64 bits).",
    ),
    "E-NUMBER-UNDERFLOW": (
        "{value} は 0 ではないのに、保存すると 0 になってしまいます。",
        "{value} is not zero but would be stored as 0.",
    ),
    "E-NUMBER-PRECISION": (
        "{value} は有効数字が 17 桁を超えており、保存すると丸められてしまいます。",
        "{value} has more than 17 significant digits and would be rounded.",
    ),
    "E-NOT-WHOLE": (
        "「{value}」は整数ではありません（台数・件数は整数で記入してください）。",
        '"{value}" is not a whole number (a count needs one).',
    ),
    "E-TOO-LONG": (
        "{field}: {length} 文字あり、上限の {limit} 文字を超えています。",
        "{field}: {length} characters, more than the limit of {limit}.",
    ),
    "E-PACKAGE-VALUE": (
        "{field}: 型 {expected} の列に型 {found} の値があります（BLOB や型の違う値は受け付けません）。",
        "{field}: a value of type {found} in a column of type {expected} (no BLOBs; numbers only"
        " where numbers belong).",
    ),
    "E-PACKAGE-REVIEWER": (
        "エクスポート ID {export_id} は評価者 {reviewer} の {fy} 年度のために作られましたが、"
        "このパッケージは {found} のものです。何も変更していません。",
        "export id {export_id} was made for {reviewer}'s FY{fy}, but this package is {found}'s;"
        " nothing was changed.",
    ),
    # --- officer keys and PDF signatures (SPEC §7 "Officer keys and signatures"; services.signing) ---
    "E-KEY-FILE": (
        "{path}: 鍵ファイルを読めません（{reason}）。",
        "{path}: cannot read the key file ({reason}).",
    ),
    "E-KEY-OPEN": (
        "{path}: 鍵ファイルを開けません。パスフレーズが違うか、PKCS#12 ファイルではありません。",
        "{path}: cannot open the key file: wrong passphrase, or not a PKCS#12 file.",
    ),
    "E-KEY-NOT-RSA": (
        "{path}: RSA の鍵とその証明書ではありません（署名は RSA PKCS#1 v1.5 です）。",
        "{path}: not an RSA key with its certificate (signatures are RSA PKCS#1 v1.5).",
    ),
    "E-CERT-FILE": (
        "{path}: 証明書を読めません（{reason}）。",
        "{path}: cannot read the certificate ({reason}).",
    ),
    "E-CERT-REGISTERED": (
        "証明書 {fingerprint} は既に登録されています。",
        "The certificate {fingerprint} is already registered.",
    ),
    "E-KEY-EXISTS": (
        "{path} は既にあります。鍵ファイルは上書きしません。",
        "{path} already exists: a key file is never overwritten.",
    ),
    "E-KEY-OUTPUT": (
        "{path}: 鍵ファイルを書けません（{reason}）。",
        "{path}: cannot write the key file ({reason}).",
    ),
    "E-PASSPHRASE-EMPTY": ("パスフレーズが空です。", "The passphrase is empty."),
    "E-PASSPHRASE-NEEDED": (
        "パスフレーズが必要です。端末から実行するか、--passphrase-file で指定してください。",
        "A passphrase is needed: run on a terminal or give --passphrase-file.",
    ),
    "E-PASSPHRASE-FILE": (
        "{path}: パスフレーズのファイルを読めません（{reason}）。",
        "{path}: cannot read the passphrase file ({reason}).",
    ),
    "E-PASSPHRASE-MISMATCH": ("パスフレーズが一致しません。", "The passphrases do not match."),
    "E-KEY-REQUIRED": (
        "{officer} の署名には、登録された証明書の鍵が必要です（--key FILE.p12）。",
        "Signing as {officer} needs the key of a registered certificate (--key FILE.p12).",
    ),
    "E-KEY-NOT-REGISTERED": (
        "{path}: この鍵の証明書 {fingerprint} は登録されていません（keys new または keys register）。",
        "{path}: this key's certificate {fingerprint} is not registered (keys new or keys register).",
    ),
    "E-KEY-OTHER-OFFICER": (
        "{path}: この鍵の証明書は {owner} のもので、{officer} のものではありません。",
        "{path}: this key's certificate belongs to {owner}, not {officer}.",
    ),
    "E-KEY-EXPIRED": (
        "{path}: この鍵の証明書は有効期間外です（期限 {not_after}）。",
        "{path}: this key's certificate is outside its validity (until {not_after}).",
    ),
    "E-KEY-NOT-SIGNER": (
        "{path}: {fy}年度の判断はこの鍵で署名されていません。署名した担当者の鍵で発行してください。",
        "{path}: FY{fy}'s decision was not signed with this key: issue it with the signing officer's key.",
    ),
    "E-REPORT-KEY-UNSIGNED": (
        "{fy}年度は署名されていないため、鍵で署名した報告書は発行できません。",
        "FY{fy} is not signed: a report signed by key is issued only for a signed FY.",
    ),
    "E-PDF-SIGN": ("{path}: PDF に署名できません（{reason}）。", "{path}: cannot sign the PDF ({reason})."),
    "V-SIGNATURE-MISSING": (
        "判断 {id}（{fy}年度）には担当者の鍵による署名がありません。",
        "Decision {id} (FY{fy}) carries no signature by an officer's key.",
    ),
    "V-SIGNATURE-CERT": (
        "判断 {id}（{fy}年度）の署名の証明書 {fingerprint} が登録されていません。",
        "Decision {id} (FY{fy}) is signed with the certificate {fingerprint}, which is not registered.",
    ),
    "V-SIGNATURE-OFFICER": (
        "判断 {id}（{fy}年度）の署名の証明書は署名者 {officer} のものではありません。",
        "Decision {id} (FY{fy}) is signed with a certificate that is not {officer}'s.",
    ),
    "V-SIGNATURE": (
        "判断 {id}（{fy}年度）の署名は、証明書 {fingerprint} でその判断ハッシュを検証できません。",
        "Decision {id} (FY{fy}): its signature does not verify its decision hash with the certificate"
        " {fingerprint}.",
    ),
    "V-SIGNATURE-PINNED": (
        "判断 {id}（{fy}年度）は、指定された証明書の鍵で署名されていません。",
        "Decision {id} (FY{fy}) is not signed by the key of the certificate given.",
    ),
    "keys-made": (
        "{path} に {officer} の鍵（RSA-3072、PKCS#12）を作成し、証明書を登録しました。\n"
        "  SHA-256 {fingerprint}\n  {subject}",
        "Made {officer}'s key (RSA-3072, PKCS#12) in {path} and registered its certificate.\n"
        "  SHA-256 {fingerprint}\n  {subject}",
    ),
    "keys-registered": (
        "{officer} の証明書を登録しました。\n  SHA-256 {fingerprint}\n  {subject}",
        "Registered {officer}'s certificate.\n  SHA-256 {fingerprint}\n  {subject}",
    ),
    "keys-none": ("登録された証明書はありません。", "No certificate is registered."),
    "keys-list-row": (
        "{officer}  SHA-256 {fingerprint}\n  {subject}\n  有効期間 {not_before} – {not_after}（{origin}）",
        "{officer}  SHA-256 {fingerprint}\n  {subject}\n  valid {not_before} – {not_after} ({origin})",
    ),
    "keys-origin-made": ("keys new で作成", "made by keys new"),
    "keys-origin-registered": ("登録された組織の証明書", "an organisation's registered certificate"),
    "passphrase-prompt": ("パスフレーズ: ", "Passphrase: "),
    "passphrase-again": ("パスフレーズ（確認）: ", "Passphrase (again): "),
    "signed-by-key": (
        "判断ハッシュに証明書 {fingerprint} の鍵で署名しました。",
        "Signed the decision hash with the key of certificate {fingerprint}.",
    ),
    "report-signed-by-key": (
        "PAdES 署名（証明書 SHA-256 {fingerprint}）。",
        "PAdES-signed (certificate SHA-256 {fingerprint}).",
    ),
    "verify-pdf-signed": (
        "{path}: PAdES 署名は有効です（改変なし）。署名者 {subject}、証明書 SHA-256 {fingerprint}、"
        "署名時刻 {time}。",
        "{path}: the PAdES signature is valid (unchanged). Signer {subject}, certificate SHA-256"
        " {fingerprint}, signed {time}.",
    ),
    "verify-pdf-bad-signature": (
        "{path}: PAdES 署名が成り立ちません（{reason}）。",
        "{path}: the PAdES signature does not hold ({reason}).",
    ),
    "verify-pdf-no-signature": ("{path}: 鍵による署名がありません。", "{path}: carries no signature by key."),
    "verify-pdf-cert-ok": (
        "署名者は指定された証明書 {fingerprint} です。",
        "The signer is the certificate given ({fingerprint}).",
    ),
    "verify-pdf-cert-other": (
        "署名者は指定された証明書 {given} ではありません（署名の証明書 {fingerprint}）。",
        "The signer is not the certificate given ({given}); it signed with {fingerprint}.",
    ),
    "report-key-heading": ("鍵による署名", "Signatures by key"),
    "report-key-decision": ("判断の署名者の証明書", "Decision signed with certificate"),
    "report-key-decision-none": (
        "この判断は担当者の鍵で署名されていません",
        "This decision was not signed by an officer's key",
    ),
    "report-key-pdf": ("この PDF", "This PDF"),
    "report-key-pdf-signed": (
        "この証明書の鍵による PAdES 署名付き（署名時刻 = 判断の署名時刻）",
        "PAdES-signed by this certificate's key (signing time = the sign-off's time)",
    ),
    "report-key-pdf-unsigned": ("鍵による署名なし", "not signed by key"),
    "demo-key-made": (
        "架空の担当者 {officer} の鍵を {path} に作成しました（パスフレーズは {passphrase_file}）。"
        "2026年度はこの鍵で署名されています。",
        "Made the fictional officer {officer}'s key in {path} (passphrase in {passphrase_file});"
        " FY2026 is signed with it.",
    ),
    # --- end of officer keys and PDF signatures ---
    # --- listings and the secretariat's year (issue 16) --------------------------------
    "comments-none": ("{fy} 年度のコメントはありません。", "No comments for FY{fy}."),
    "comment-kind-overall": ("総評", "overall"),
    "comment-kind-positive": ("評価できる点", "strengths"),
    "comment-kind-issues": ("問題点", "issues"),
    "comment-kind-recommendations": ("提言", "recommendations"),
    "comment-public": ("公開用: {text}", "public text: {text}"),
    "comment-response": ("→ 回答: {text}", "→ response: {text}"),
    "comment-no-response": ("→ 回答なし", "→ no response yet"),
    "conditions-none": (
        "{fy} 年度の判断で付された条件はありません。",
        "FY{fy}'s decision set no conditions.",
    ),
    "conditions-head": (
        "{fy} 年度の判断（ID {decision}）で付された条件:",
        "Conditions set by FY{fy}'s decision (id {decision}):",
    ),
    "conditions-due": ("期限 {due}", "due {due}"),
    "evidence-add-needs": ("evidence add には {options} が必要です。", "evidence add needs {options}."),
    "evidence-add-no-list-options": (
        "--fy と --json は evidence list の指定です。",
        "--fy and --json belong to evidence list.",
    ),
    "evidence-kind-model_release": ("モデル公開", "model release"),
    "evidence-kind-benchmark_result": ("ベンチマーク結果", "benchmark result"),
    "evidence-kind-fleet_observation": ("フリート観測", "fleet observation"),
    "evidence-kind-document": ("文書", "document"),
    "evidence-kind-manual": ("手入力", "manual"),
    "evidence-flag-self-reported": ("自己申告", "self-reported"),
    "evidence-flag-confidential": ("非公開", "confidential"),
    "evidence-flag-date-assumed": ("日付推定", "date assumed"),
    "evidence-flag-superseded": ("{id} で置き換え", "superseded by {id}"),
    "evidence-listed": ("{count} 件", "{count} records"),
    "evidence-listed-one": ("{count} 件", "{count} record"),
    "evidence-none": ("該当する証拠はありません。", "No evidence records match."),
    "E-OUTCOME-CONDITIONS": (
        "「条件付き継続」には条件が 1 つ以上必要です（--condition TEXT --due DATE）。",
        "continue_with_conditions needs at least one condition (--condition TEXT --due DATE).",
    ),
    "E-OUTCOME-SCALE-BACK": (
        "「縮小」の資金 {funding:,} 円は、計画の翌年度分 {planned:,} 円を下回る必要があります。",
        "scale_back needs funding below the plan's next installment of ¥{planned:,}, not ¥{funding:,}.",
    ),
    "E-OUTCOME-STOP": (
        "{outcome} の翌年度資金は 0 円でなければなりません（指定は {funding:,} 円）。",
        "{outcome} needs funding of 0, not ¥{funding:,}.",
    ),
    "E-IMPORT-OPTIONS-SIGNED": (
        "{file}: 同じ内容のファイルがバッチ {batch} として別の指定で取り込まれています。"
        "バッチ {batch} は署名済みの {fy} 年度の判断に使われたため削除できません。"
        "取り込み済みの内容はそのまま有効です（imports --json でその指定を確認できます）。",
        "{file}: the same bytes were imported with other options as batch {batch}, which decided the"
        " signed FY{fy} and so cannot be removed; its records stand as imported (imports --json shows"
        " its options).",
    ),
    "import-done-one": (
        "{file}: {format} として {records} 件を取り込みました（バッチ {batch}、置き換え {superseded} 件）。",
        "{file}: imported {records} record as {format} (batch {batch}, {superseded} superseded).",
    ),
    "import-refused-one": (
        "{file}: 取り込みを拒否しました（エラー {total} 件）。何も書き込まれていません。",
        "{file}: refused ({total} error); nothing was written.",
    ),
    "import-removed-one": (
        "バッチ {batch} を削除しました（{records} 件）。",
        "Removed batch {batch} ({records} record).",
    ),
    "more-problems-one": ("ほか {more} 件のエラー（合計 {total} 件）", "{more} more error ({total} in all)"),
    "merge-conflicts-one": ("{n} 件の競合は反映されていません", "{n} conflict not applied"),
    "rule-kind-benchmark": ("ベンチマーク", "benchmark"),
    "rule-kind-fleet": ("フリート", "fleet"),
    "rule-kind-model": ("モデル", "model"),
    "argparse-usage": ("使い方: ", "usage: "),
    "argparse-required": ("次の指定が必要です: {args}", "the following arguments are required: {args}"),
    "argparse-choice": (
        "{arg}: {value} は選べません（選択肢: {choices}）",
        "argument {arg}: invalid choice: {value} (choose from {choices})",
    ),
    "argparse-type": (
        "{arg}: {value} は {type} 型の値ではありません",
        "argument {arg}: invalid {type} value: {value}",
    ),
    "argparse-one": ("{arg}: 値を 1 つ指定してください", "argument {arg}: expected one argument"),
    "argparse-some": (
        "{arg}: 値を 1 つ以上指定してください",
        "argument {arg}: expected at least one argument",
    ),
    "argparse-unrecognized": ("解釈できない指定があります: {args}", "unrecognized arguments: {args}"),
    "argparse-ambiguous": (
        "{option} は複数のオプションに当てはまります: {matches}",
        "ambiguous option: {option} could match {matches}",
    ),
    "argparse-positionals": ("位置引数", "positional arguments"),  # readable (issue 16): --help
    "argparse-options": ("オプション", "options"),
    "argparse-help": ("このヘルプを表示して終了します", "show this help message and exit"),
    "argparse-needs-value": ("{option} には値が必要です", "{option} needs a value"),
    "argparse-lang": ("--lang は ja か en です（指定: {value!r}）", "--lang must be ja or en, not {value!r}"),
    "decided-one": (
        "{fy}年度の判断 {id} を記録しました: {outcome}、翌年度資金 {funding} 円、"
        "条件 {conditions} 件（未署名）。",
        "Recorded FY{fy}'s decision {id}: {outcome}, next-FY funding ¥{funding}, {conditions}"
        " condition (unsigned).",
    ),
    "E-SURROGATE": (
        "対になっていないサロゲート（{value}）を含む文字列は受け付けません。",
        "text holding a lone surrogate ({value}) is refused.",
    ),
    "E-XLSX-SHARED-STRING": (
        "セル {cell} の共有文字列番号 {index} が範囲外です（共有文字列は {count} 件）。",
        "cell {cell} refers to shared string {index}, which does not exist ({count} shared strings).",
    ),
    "E-XLSX-CELL": (
        "セル番地 {cell} は Excel の範囲（1,048,576 行、XFD 列）を超えています。",
        "the cell address {cell} is beyond Excel's grid (1,048,576 rows, column XFD).",
    ),
    "E-XLSX-NO-SHEET": ("表示されているワークシートがありません。", "no visible worksheet."),
    "import-encoding": ("文字コード: {encoding}", "encoding: {encoding}"),
    # --- disclosure and public texts (issue 16: SPEC §8 "Disclosure"; services.disclosure) ------
    "E-DISCLOSE-SIGNED": (
        "{fy}年度は署名済みです。公開版に載せる範囲は署名の前にしか変えられません。",
        "FY{fy} is signed: what its public edition discloses can change only before sign-off.",
    ),
    "E-NO-EVIDENCE": ("証拠 {evidence} はありません。", "There is no evidence record {evidence}."),
    "E-DISCLOSE-MILESTONE-FY": (
        "マイルストーン {milestone} は{milestone_fy}年度のもので、{fy}年度の報告書には載りません。",
        "Milestone {milestone} belongs to FY{milestone_fy}; FY{fy}'s report does not print it.",
    ),
    "E-BATCH-DISCLOSED": (
        "バッチ {batch} は署名済みの{fy}年度の公開版で開示されているため、取り除けません。",
        "Batch {batch} is disclosed in signed FY{fy}'s public edition and cannot be removed.",
    ),
    "E-NO-COMMENT-ID": ("コメント {comment} はありません。", "There is no comment {comment}."),
    "E-EMPTY-PUBLIC-TEXT": (
        "公開用の文が空です（元のコメントに戻すには、その文をそのまま指定します）。",
        "The public text is empty (to print the comment as written, give its own text).",
    ),
    "disclosed": (
        "{fy}年度の公開版で開示しました: {what}",
        "Disclosed in FY{fy}'s public edition: {what}",
    ),
    "undisclosed": (
        "{fy}年度の公開版での開示を取り消しました: {what}",
        "No longer disclosed in FY{fy}'s public edition: {what}",
    ),
    "disclose-unchanged": (
        "変更はありません（{fy}年度の公開版で、すでにそのとおりです: {what}）。",
        "Nothing changed (already so in FY{fy}'s public edition: {what}).",
    ),
    "disclose-none": (
        "マイルストーン {milestone} には判定に使われた証拠がありません。開示するものはありません。",
        "Milestone {milestone} has no deciding evidence: nothing to disclose.",
    ),
    "disclose-batch": ("バッチ {id}", "batch {id}"),
    "disclose-evidence": ("証拠 {id}", "evidence {id}"),
    "redacted": (
        "コメント {comment} の公開用の文を設定しました。",
        "Set the public text of comment {comment}.",
    ),
    "redact-cleared": (
        "コメント {comment} は公開版でも書かれたとおりに載ります。",
        "Comment {comment} prints as written in the public edition too.",
    ),
    "redact-unchanged": (
        "変更はありません（コメント {comment} の公開用の文はすでにそのとおりです）。",
        "Nothing changed (comment {comment}'s public text is already that).",
    ),
    "report-withheld": ("非公開の値", "Values withheld"),
    "report-withheld-count": (
        "{count}件（マイルストーンの測定値と状態 {milestones}、加重達成度 {achievement}、"
        "ベンチマーク結果 {results}、稼働台数の月次値 {fleet}、証拠ファイル名 {files}、文書 {documents}）。"
        "該当箇所には「非公開」と記しています。",
        "{count} (milestone values and statuses {milestones}, weighted achievement {achievement},"
        " benchmark results {results},"
        " monthly robot counts {fleet}, evidence file names {files}, documents {documents});"
        " each is marked “not disclosed” where it would print.",
    ),
    # --- end of disclosure and public texts ---
    # (issue 13, second session: --encoding and --sheet; every error of a file in one pass)
    "input-refused": (
        "{file}: 受け付けませんでした（エラー {total} 件）。何も書き込まれていません。",
        "{file}: refused ({total} errors); nothing was written.",
    ),
    "input-refused-one": (
        "{file}: 受け付けませんでした（エラー {total} 件）。何も書き込まれていません。",
        "{file}: refused ({total} error); nothing was written.",
    ),
    "E-ENCODING-GIVEN": (
        "指定された文字コード {encoding} として読めないバイトがあります（先頭から {offset} バイト目）。"
        "--encoding を指定したときも、読めないバイトを置き換えたり推測したりはしません。",
        "bytes that are not valid {encoding} text (at byte offset {offset}), the encoding --encoding"
        " names; nothing is replaced or guessed.",
    ),
    "E-ENCODING-NOT-TEXT": (
        "--encoding {encoding} はテキストファイルの文字コードを指定するものですが、この {format} ファイルは"
        "その形式が決める方法で読みます（ワークブック・Parquet・Inspect のログ）。何も取り込んでいません。",
        "--encoding {encoding} names a text file's encoding, but this {format} file is read as its"
        " format defines (a workbook, Parquet, or Inspect's log); nothing was imported.",
    ),
    "E-SHEET-NOT-XLSX": (
        "--sheet {sheet} はワークブック（XLSX）のワークシートを指定するものですが、"
        "このファイルは XLSX ではありません。",
        "--sheet {sheet} names a worksheet of a workbook (XLSX), but this file is not one.",
    ),
    "E-XLSX-SHEETS": (
        "表示されているワークシートが複数あります（{sheets}）。読み込むシートを --sheet で指定してください。",
        "the workbook has more than one visible worksheet ({sheets}); name the one to read with --sheet.",
    ),
    # the import dialog names its own fields (key@desktop), as for E-NO-MODEL
    "E-ENCODING-GIVEN@desktop": (
        "「文字コード」欄で選んだ {encoding} として読めないバイトがあります（先頭から {offset} バイト目）。"
        "読めないバイトを置き換えたり推測したりはしません。",
        "bytes that are not valid {encoding} text (at byte offset {offset}), the encoding chosen in the"
        " Text encoding field; nothing is replaced or guessed.",
    ),
    "E-ENCODING-NOT-TEXT@desktop": (
        "「文字コード」欄の {encoding} はテキストファイルのためのものですが、この {format} ファイルは"
        "その形式が決める方法で読みます。「自動」を選んでください。",
        "the Text encoding field's {encoding} is for text files, but this {format} file is read as its"
        " format defines: choose Automatic.",
    ),
    "E-SHEET-NOT-XLSX@desktop": (
        "「ワークシート」欄の {sheet} はワークブック（XLSX）のためのものですが、"
        "このファイルは XLSX ではありません。",
        "the Worksheet field's {sheet} is for a workbook (XLSX), but this file is not one.",
    ),
    "E-XLSX-SHEETS@desktop": (
        "表示されているワークシートが複数あります（{sheets}）。"
        "読み込むシートを「ワークシート」欄で選んでください。",
        "the workbook has more than one visible worksheet ({sheets}); choose the one to read in the"
        " Worksheet field.",
    ),
    "E-XLSX-SHEET-HIDDEN": (
        "ワークシート「{sheet}」は非表示（{state}）です。非表示のシートは指定されても読み込みません。",
        'the worksheet "{sheet}" is hidden ({state}); hidden sheets are never read, even when named.',
    ),
    "E-XLSX-SHEET-UNKNOWN": (
        "ワークシート「{sheet}」はありません（表示されているシート: {sheets}）。",
        'the workbook has no worksheet "{sheet}" (visible worksheets: {sheets}).',
    ),
    # --- rollup job and Parquet fleet reports (issue 17, SPEC §14) ----------------------
    "rollup-description": (
        "テレメトリ（VDA 5050・Open-RMF）を月次のフリート報告に集計します（SPEC §14）。",
        "Rolls telemetry (VDA 5050, Open-RMF) up into a monthly fleet report (SPEC §14).",
    ),
    "rollup-usage": ("使い方が正しくありません: {reason}", "wrong usage: {reason}"),
    "rollup-output-suffix": (
        "出力 {path} の拡張子は .parquet にしてください（CSV は --csv で併せて書き出します）。",
        "the output {path} must end in .parquet (--csv writes a CSV beside it).",
    ),
    "E-ROLLUP-ENGINE-MISSING": (
        "エンジン {engine} がインストールされていません: pip install 'stage-gate-reviewer[{extra}]'"
        "（チェックアウトからは pip install '.[{extra}]'）を実行してください。",
        "the {engine} engine is not installed: run pip install 'stage-gate-reviewer[{extra}]'"
        " (from a checkout: pip install '.[{extra}]').",
    ),
    "E-ROLLUP-WRITE": ("{path} に書き込めません: {reason}", "cannot write {path}: {reason}"),
    "E-ROLLUP-NO-INPUT": ("入力ファイルがありません。", "there is no input file here."),
    "E-ROLLUP-GZIP": ("gzip として読めません。", "this is not readable gzip."),
    "E-ROLLUP-FORMAT": (
        "テレメトリの形式に当てはまりません（試した形式: {tried}）。",
        "the file fits no telemetry format (formats tried: {tried}).",
    ),
    "E-ROLLUP-ENGINE": ("エンジン {engine} が失敗しました: {reason}", "the {engine} engine failed: {reason}"),
    "E-ROLLUP-READ": ("エンジンが読めませんでした: {reason}", "the engine could not read it: {reason}"),
    "rollup-written": (
        "{inputs} 個の入力ファイルのメッセージ {messages} 件を {rows} 行に集計し、{path} に書き出しました。",
        "Rolled {messages} messages of {inputs} input files up into {rows} rows: {path}.",
    ),
    "rollup-manifest": ("マニフェスト: {path}", "Manifest: {path}"),
    "E-PARQUET-NEEDS-PYARROW": (
        "Parquet のフリート報告を読むには pyarrow が必要です: pip install 'stage-gate-reviewer[{extra}]'"
        "（チェックアウトからは pip install '.[{extra}]'）を実行してください。",
        "reading a Parquet fleet report needs pyarrow: run pip install 'stage-gate-reviewer[{extra}]'"
        " (from a checkout: pip install '.[{extra}]').",
    ),
    "E-PARQUET": ("Parquet として読めません: {reason}", "this is not readable Parquet: {reason}"),
    "E-MANIFEST": (
        "マニフェストがこのファイルと合いません: {reason}",
        "the manifest does not match this file: {reason}",
    ),
    "rollup-provenance": (
        "{job} {version}（{engine} {engine_version}）入力 {inputs} 件・メッセージ {messages} 件{registry}",
        "{job} {version} ({engine} {engine_version}), {inputs} inputs, {messages} messages{registry}",
    ),
    "rollup-provenance-registry": ("・登録簿 {name}（SHA-256 {sha}）", "; registry {name} (SHA-256 {sha})"),
    "rollup-provenance-label": ("集計", "Rollup"),
    # --- readable (issue 16): the report's words for codes (reports/wording.py) ------------------
    "measure-robots_deployed": ("導入台数", "Robots deployed"),
    "measure-robots_active": ("稼働台数", "Robots active"),
    "measure-operating_hours": ("稼働時間", "Operating hours"),
    "measure-interventions": ("介入回数", "Interventions"),
    "measure-incidents": ("インシデント件数", "Incidents"),
    "measure-interventions_per_1000h": ("介入頻度", "Intervention rate"),
    "measure-industries_active": ("稼働業種数", "Industries active"),
    "unit-robots_deployed": ("台", " robots"),
    "unit-robots_deployed-one": ("台", " robot"),
    "unit-robots_active": ("台", " robots"),
    "unit-robots_active-one": ("台", " robot"),
    "unit-operating_hours": ("時間", " h"),
    "unit-interventions": ("回", " interventions"),
    "unit-interventions-one": ("回", " intervention"),
    "unit-incidents": ("件", " incidents"),
    "unit-incidents-one": ("件", " incident"),
    "unit-interventions_per_1000h": ("回/1,000時間", " interventions per 1,000 h"),
    "unit-interventions_per_1000h-one": ("回/1,000時間", " intervention per 1,000 h"),
    "unit-industries_active": ("業種", " industries"),
    "unit-industries_active-one": ("業種", " industry"),
    "metric-acc": ("正答率", "accuracy"),
    "metric-acc_norm": ("正答率（正規化）", "normalized accuracy"),
    "metric-accuracy": ("正答率", "accuracy"),
    "metric-success_rate": ("成功率", "success rate"),
    "metric-exact_match": ("完全一致率", "exact match"),
    "metric-em": ("完全一致率", "exact match"),
    "metric-f1": ("F1", "F1"),
    "metric-pass@1": ("pass@1", "pass@1"),
    "format-name-hf-model-card": ("Hugging Face モデルカード", "Hugging Face model card"),
    "format-name-hf-eval-results": ("Hugging Face 評価結果", "Hugging Face eval results"),
    "format-name-lm-eval": ("lm-evaluation-harness 結果", "lm-evaluation-harness results"),
    "format-name-lerobot-eval": ("LeRobot 評価結果", "LeRobot eval results"),
    "format-name-benchmark-csv": ("ベンチマーク表（CSV/XLSX）", "Benchmark table (CSV/XLSX)"),
    "format-name-fleet-report": ("稼働報告（CSV/XLSX）", "Fleet report (CSV/XLSX)"),
    "format-name-vda5050-state": ("VDA 5050 状態メッセージ", "VDA 5050 state messages"),
    "format-name-open-rmf-fleet-state": ("Open-RMF フリート状態", "Open-RMF fleet state"),
    "format-name-assessment-sheet": ("評価シート", "Assessment sheet"),
    "format-name-inspect-log": ("Inspect AI 評価ログ", "Inspect AI eval log"),
    "format-name-llm-jp-eval": ("llm-jp-eval 結果", "llm-jp-eval results"),
    "format-name-document": ("文書", "Document"),
    "report-target-industry": ("（{industry}）", " ({industry})"),
    "report-target-fleet": (
        "{measure}{where} {period} {op} {target}",
        "{measure}{where}, {period} {op} {target}",
    ),
    "report-target-model": ("{model} の公開", "{model} released"),
    "report-target-model-results": (
        "{model} の公開（{names} の結果とともに）",
        "{model} released, with results for {names}",
    ),
    "report-importer-version": ("読込器 第{version}版", "importer version {version}"),
    "report-committee-reason-of": (
        "{code} の委員会判定（{status}）の理由:",
        "Why the committee set {code} to {status}:",
    ),
    "report-baseline": ("ベースライン", "baseline"),
    "report-col-area": ("分野", "Area"),
    "report-col-title-other": ("マイルストーン（英語）", "Milestone (Japanese)"),
    "report-baseline-mark": ("（ベースライン）", " (baseline)"),
    "report-baseline-note": (
        "ベースラインは比較のために取り込んだ外部モデルで、判定には数えません。",
        "A baseline is an outside model imported for comparison; rules never count it.",
    ),
    "report-col-model": ("モデル", "Model"),
    "report-col-result": ("結果", "Result"),
    "report-chart-fy": ("年度", "Fiscal year"),
    "report-chart-fy-tick": ("{fy}年度", "FY{fy}"),
    "report-chart-trajectory-long": ("計画の軌道（{last}年度まで）", "The plan's trajectory to FY{last}"),
    "report-chart-actual": ("実績（全業種計）", "Actual (all industries)"),
    "report-chart-actual-disclosed": ("実績（公開分の計）", "Actual (disclosed industries)"),
    "report-chart-span": ("上の図の期間", "Span of the chart above"),
    "report-chart-milestone": ("目標 {code}", "Target {code}"),
    # --- readable (issue 16): --help in the chosen language (cli._localize_help) -----------------
    "cli-help-01": (
        "プログラムのデータベース（既定: 前回使用したもの）",
        "the program database (default: the last one used)",
    ),
    "cli-help-02": ("ja か en（既定: LANG から）", "ja or en (default: from LANG)"),
    "cli-help-03": ("計画ファイルからデータベースを作成する", "create a database from a plan"),
    "cli-help-04": ("変更した計画を読み込む", "load a changed plan (SPEC §3)"),
    "cli-help-05": ("デモプログラムを作成する", "build the demo program"),
    "cli-help-06": (
        "証拠ファイルを取り込む（形式は内容から判別）",
        "import evidence files (format detected by content)",
    ),
    "cli-help-07": (
        "取り込みの一覧。'imports remove BATCH' で 1 件削除",
        "import batches; 'imports remove BATCH' removes one",
    ),
    "cli-help-08": (
        "文書をマイルストーンの証拠として添付する",
        "attach documents to a milestone as evidence",
    ),
    "cli-help-09": (
        "'evidence add': 手入力の記録を追加、'evidence list': 記録の一覧",
        "'evidence add': type in a manual record; 'evidence list': records",
    ),
    "cli-help-10": ("判定、評価項目、加重達成度", "statuses, criteria, weighted achievement"),
    "cli-help-11": ("記入済みの評価シートを書き出す", "write a pre-filled assessment sheet"),
    "cli-help-12": (
        "'consensus open --fy N': 評点を委員会に開示する",
        "'consensus open --fy N': show ratings to the committee",
    ),
    "cli-help-13": ("マイルストーンの委員会判定を設定する", "set a milestone's committee status"),
    "cli-help-14": ("意見に対する実施者の回答を記録する", "record the implementer's response to a comment"),
    "cli-help-15": ("年度のゲート判断を記録する", "record the FY's gate decision"),
    "cli-help-16": ("署名済みの判断を修正する", "amend a signed decision"),
    "cli-help-17": ("年度の判断に署名する（年度を確定）", "sign the FY's decision (locks the FY)"),
    "cli-help-18": ("担当者の鍵（PKCS#12）", "the officer's key (PKCS#12)"),
    "cli-help-19": ("鍵のパスフレーズ: ファイルの 1 行目", "the key's passphrase: the file's first line"),
    "cli-help-20": (
        "条件の状況を設定する（N: その条件を付けた判断の年度）",
        "set a condition's status (N: the FY whose decision set it)",
    ),
    "cli-help-21": ("判断報告書を PDF で作成する", "render the decision report as PDF"),
    "cli-help-22": (
        "この鍵で PAdES 署名を付ける（署名済みの年度）",
        "add a PAdES signature by this key (a signed FY)",
    ),
    "cli-help-23": ("評価者パッケージを書き出す", "write a reviewer package"),
    "cli-help-24": ("評価者パッケージを統合する", "merge reviewer packages"),
    "cli-help-25": (
        "監査チェーンとロック、または発行済み PDF を検証する",
        "check the audit chain and locks, or an issued PDF",
    ),
    "cli-help-26": (
        "外部から得た担当者の証明書: PDF または署名済みのすべての判断がこれで署名されていること",
        "an officer's certificate from outside: the PDF, or every signed decision, must be signed by it",
    ),
    "cli-help-27": (
        "担当者の鍵: 'keys new'、'keys register CERT.pem'、'keys list'",
        "officers' keys: 'keys new', 'keys register CERT.pem', 'keys list'",
    ),
    "cli-help-28": (
        "担当者の鍵（PKCS#12）を作成し証明書を登録する",
        "make an officer's key (PKCS#12) and register its certificate",
    ),
    "cli-help-29": ("パスフレーズ: ファイルの 1 行目", "the passphrase: the file's first line"),
    "cli-help-30": (
        "組織の証明書を担当者に登録する",
        "register an organisation's certificate for an officer",
    ),
    "cli-help-31": (
        "登録済みの証明書と SHA-256 フィンガープリント",
        "registered certificates with their SHA-256 fingerprints",
    ),
    "cli-help-32": ("検証済みのバックアップを作成する", "make a verified backup"),
    "cli-help-33": (
        "バックアップから復元する（現在のファイルは先に退避）",
        "restore a backup (the current file is moved aside first)",
    ),
    "cli-help-34": (
        "年度の意見: 番号、対象、種類、本文、回答",
        "this FY's comments: id, target, kind, text, response",
    ),
    "cli-help-epilog": (
        "reviewer [--db PATH] [--lang ja|en]  （コマンドなし: デスクトップアプリを開く）",
        "reviewer [--db PATH] [--lang ja|en]  (no command: open the desktop app)",
    ),
    "cli-help-35": (
        "N 年度の判断が付けた条件と状況の履歴",
        "conditions set by FY N's decision, with status history",
    ),
    # this session's commands and options (disclose, comment redact, --encoding, --sheet, amend)
    "cli-help-36": (
        "N 年度の公開版で証拠を開示する（--undo: 取り消す）",
        "disclose evidence in FY N's public edition (--undo: withdraw)",
    ),
    "cli-help-37": (
        "「comment redact --id ID --text TEXT」: コメントの公開用の文",
        "'comment redact --id ID --text TEXT': a comment's public text",
    ),
    "cli-help-38": (
        "テキストファイルの文字コード（既定: 自動で判定）",
        "a text file's encoding (default: decided)",
    ),
    "cli-help-39": (
        "表示されているシートが複数あるワークブックで読むワークシート",
        "the worksheet of a workbook with several visible ones",
    ),
    "cli-help-40": (
        "修正元の判断のこの条件を引き継がない（ほかの条件は引き継ぐ）",
        "leave this condition of the amended decision behind (the others are carried)",
    ),
    "cli-help-41": ("取り込みバッチのすべての記録", "every record of an import batch"),
    "cli-help-42": ("証拠の記録 1 件", "one evidence record"),
    "cli-help-43": ("文書 1 件（その証拠 ID）", "one document (its evidence id)"),
    "cli-help-44": ("マイルストーンの判定に使われた証拠", "the milestone's deciding evidence"),
    "cli-help-45": ("開示を取り消す", "withdraw the disclosure"),
    "cli-help-46": (
        "公開版がコメントの代わりに載せる文を設定する",
        "set the text the public edition prints for a comment",
    ),
    # --- jobs and messages (issue 15, SPEC §9: the desktop's Jobs panel; reviewer/ui/jobs*.py) ---
    "jobs-title": ("ジョブとメッセージ", "Jobs and messages"),
    "jobs-button": ("ジョブ {n}", "Jobs: {n}"),
    "jobs-button-running": ("ジョブ {n}（実行中 {running}）", "Jobs: {n} ({running} running)"),
    "jobs-no-database": ("先にプログラムのデータベースを開いてください", "open a programme database first"),
    "jobs-open": ("結果を開く", "Open result"),
    "jobs-open-failed": (
        "{path} を開けませんでした（ファイルがないか、開くアプリケーションがありません）。",
        "Could not open {path} (the file is gone or no application opens it).",
    ),
    "jobs-output": ("出力: {path}", "Output: {path}"),
    "jobs-dismiss": ("消去", "Dismiss"),
    "jobs-dismiss-finished": ("終了したものをすべて消去", "Dismiss finished"),
    "jobs-column-state": ("状態", "State"),
    "jobs-column-kind": ("種類", "Kind"),
    "jobs-column-subject": ("対象", "Subject"),
    "jobs-column-result": ("結果", "Result"),
    "jobs-column-started": ("開始", "Started"),
    "jobs-state-running": ("実行中", "Running"),
    "jobs-state-done": ("完了", "Done"),
    "jobs-state-skipped": ("スキップ", "Skipped"),
    "jobs-state-failed": ("失敗", "Failed"),
    "jobs-state-cancelled": ("取消", "Cancelled"),
    "jobs-kind-import": ("取り込み", "Import"),
    "jobs-kind-render": ("報告書のプレビュー", "Report preview"),
    "jobs-kind-export": ("報告書の書き出し", "Report export"),
    "jobs-kind-package": ("評価者パッケージ", "Reviewer package"),
    "jobs-kind-merge": ("パッケージの統合", "Package merge"),
    "jobs-kind-backup": ("バックアップ", "Backup"),
    "jobs-kind-open": ("データベースを開く", "Open database"),
    "jobs-imported": (
        "{records} 件をバッチ {batch} として取り込みました",
        "Imported {records} records as batch {batch}",
    ),
    "jobs-skipped": (
        "取り込み済み（バッチ {batch}）のためスキップしました",
        "Already imported (batch {batch}), skipped",
    ),
    "jobs-cancelled-import": ("取り消しました。何も書き込んでいません", "Cancelled; nothing was written"),
    "jobs-refused": ("拒否: 問題 {n} 件", "Refused: {n} problems"),
    "jobs-refused-one": ("拒否: 問題 1 件", "Refused: 1 problem"),
    "jobs-disabled": ("取り込みできません: {reason}", "Importing is disabled: {reason}"),
    "jobs-rendered": ("プレビューを作成しました", "Preview rendered"),
    "jobs-render-cancelled": ("取り消しました。ファイルは残っていません", "Cancelled; no file was left"),
    "jobs-exported": ("{path} に書き出しました", "Exported to {path}"),
    "jobs-merged": (
        "{done} 件を統合、競合 {conflicts} 件は未適用、拒否 {refused} 件",
        "{done} merged, {conflicts} conflicts not applied, {refused} refused",
    ),
    "jobs-backed-up": ("{path} にバックアップしました", "Backed up to {path}"),
    "jobs-backup-reused": (
        "新しい検証済みバックアップがあるため省略しました",
        "A recent verified backup exists; skipped",
    ),
    "jobs-restored": ("{backup} から復元しました", "Restored from {backup}"),
    # --- end of jobs and messages ---
    # --- year2 (issue 16, second session: disclosure in the listings, amending on the desktop,
    # the dashboard's after-sign-off count, the demo's redaction) ---------------------------
    "evidence-flag-disclosed": ("公開版で開示（{fys}年度）", "disclosed (FY{fys})"),
    "batch-disclosed": ("公開版で開示（{fys}年度）", "disclosed (FY{fys})"),
    "batch-disclosed-partly": ("公開版で一部を開示（{fys}年度）", "partly disclosed (FY{fys})"),
    # the decision form and the Amend dialog name their own fields, not command-line flags
    "E-GUARANTEED-OUTCOME@desktop": (
        "{fy}年度は保証期間内のため、結論 {outcome} は「例外とする理由」なしには選べません。",
        "FY{fy} is guaranteed: the outcome {outcome} needs an override reason (the Override reason field).",
    ),
    "E-GUARANTEED-FUNDING@desktop": (
        "{fy}年度は保証期間内のため、計画額 {planned:,} 円を下回る資金 {funding:,} 円は"
        "「例外とする理由」なしには設定できません。",
        "FY{fy} is guaranteed: funding of ¥{funding:,}, below its planned installment of ¥{planned:,},"
        " needs an override reason (the Override reason field).",
    ),
    "E-CONDITION-CARRIED@desktop": (
        "条件「{text}」は条件 {id} として引き継がれます。新しい条件として重ねて付けるには、"
        "条件 {id} の「削除」にチェックを入れてください。",
        "The condition '{text}' is carried forward as condition {id}; to set it anew instead,"
        " tick Drop beside condition {id}.",
    ),
    # --- end of year2 ---
    # --- h3-data (round 2, third session): redactions out of date (SPEC §8, m016) and UTF-16
    # text files refused by name (SPEC §4 "Encodings, decided once per file"; importers.textenc) ---
    "report-comment-awaiting-review": (
        "非公開（公開用の文を設定した後にコメントが変更されたため、事務局が見直すまで掲載しません）",
        "Not disclosed: the comment changed after its public text was set, and is withheld"
        " until the secretariat reviews it",
    ),
    "report-withheld-comments": (
        "このほか、公開用の文の見直しを待つコメント {count} 件を掲載していません（上の件数に含みます）。",
        "Also {count} comments withheld until the secretariat reviews their public text (counted above).",
    ),
    "report-withheld-comments-one": (
        "このほか、公開用の文の見直しを待つコメント {count} 件を掲載していません（上の件数に含みます）。",
        "Also {count} comment withheld until the secretariat reviews its public text (counted above).",
    ),
    "comment-redaction-stale": (
        "公開用の文は要見直し（設定後にコメントが変更されました。公開版には掲載されません）: {text}",
        "public text needs review (the comment changed after it was set; the public edition"
        " withholds the comment): {text}",
    ),
    "redactions-stale": (
        "{fy}年度のコメント {count} 件は、公開用の文を設定した後に変更されたため見直しが必要です"
        "（コメント {ids}。`comment redact` で設定し直すまで公開版には掲載されません）",
        "{count} comments of FY{fy} changed after their public text was set and need review"
        " (comments {ids}; the public edition withholds them until `comment redact` sets it again)",
    ),
    "redactions-stale-one": (
        "{fy}年度のコメント {count} 件は、公開用の文を設定した後に変更されたため見直しが必要です"
        "（コメント {ids}。`comment redact` で設定し直すまで公開版には掲載されません）",
        "{count} comment of FY{fy} changed after its public text was set and needs review"
        " (comment {ids}; the public edition withholds it until `comment redact` sets it again)",
    ),
    "redactions-stale-desktop": (
        "コメント {count} 件は公開用の文を設定した後に変更されました（コメント {ids}）。"
        "評点集計画面で公開用の文を設定し直すまで、公開版には掲載されません。",
        "{count} comments changed after their public text was set (comments {ids}): the public"
        " edition withholds them until their public text is set again on the Consensus screen.",
    ),
    "redactions-stale-desktop-one": (
        "コメント {count} 件は公開用の文を設定した後に変更されました（コメント {ids}）。"
        "評点集計画面で公開用の文を設定し直すまで、公開版には掲載されません。",
        "{count} comment changed after its public text was set (comment {ids}): the public"
        " edition withholds it until its public text is set again on the Consensus screen.",
    ),
    "comment-redaction-stale-cell": (
        "【要見直し】コメントが変更されました。以前の公開用の文: {text}",
        "[needs review] the comment changed; the earlier public text: {text}",
    ),
    "comment-redaction-stale-reason": (
        "選択したコメントは公開用の文を設定した後に変更されました。公開版はこのコメントを掲載しません。"
        "文を見直して「公開用の文を設定」を押してください。",
        "The selected comment changed after its public text was set: the public edition withholds"
        " it. Review the text and press Set public text.",
    ),
    "E-ENCODING-UTF16": (
        "このファイルは {encoding} で保存されています（先頭 {offset} バイト目にバイト順マーク {bom}）。"
        "UTF-8 で保存し直してから読み込んでください（Excel では「CSV UTF-8」、"
        "メモ帳では文字コード「UTF-8」を選んで保存します）。",
        "this file is {encoding} (byte order mark {bom} at byte offset {offset}); save it as UTF-8"
        ' and try again (Excel: "CSV UTF-8"; Notepad: encoding "UTF-8").',
    ),
    "E-ENCODING-UTF16-NO-BOM": (
        "このファイルは {encoding} で保存されているようです（バイト順マークなし。文字の間に NUL バイト、"
        "最初は先頭から {offset} バイト目）。UTF-8 で保存し直してから読み込んでください"
        "（Excel では「CSV UTF-8」、メモ帳では文字コード「UTF-8」を選んで保存します）。",
        "this file reads as {encoding} text without a byte order mark (a NUL byte beside each"
        " character, the first at byte offset {offset}); save it as UTF-8 and try again"
        ' (Excel: "CSV UTF-8"; Notepad: encoding "UTF-8").',
    ),
    # --- end of h3-data ---
    # --- desk, outside in (issue 15, round 3: what the window still showed at 1280x720) ---------
    "milestones-evidence-tip": (
        "ダブルクリックで記録 {id} を開きます（すべての記録へのリンクは表の下）。",
        "Double-click to open record {id} (links to every record are under the table).",
    ),
    # --- end of desk, outside in ---
    "E-DB-READ-FAILED": (
        "{path} を読めなくなりました（{detail}）。何も書き込んでいません。ウィンドウを閉じてファイルを"
        "開き直してください。起動時の検査が原因を示します。",
        "{path} can no longer be read ({detail}); nothing was written. Close the window and open the"
        " file again: the start-up check says what is wrong.",
    ),
    # --- reasons our own code words inside an error (messages.Phrase) ---------------------------
    "reason-nested-too-deeply": ("入れ子が深すぎます", "nested too deeply"),
    "reason-yaml-key-not-plain": ("キーは単純な値でなければなりません", "a key must be a plain value"),
    "reason-character-not-allowed": (
        "文字 {character} は使えません",
        "character {character} is not allowed",
    ),
    "reason-registry-fields": (
        "項目が {fields} 個あり、見出し行は {width} 個です",
        "{fields} fields, the header has {width}",
    ),
    "reason-no-such-file": ("ファイルがありません", "no such file"),
    "reason-manifest-cut-short": ("途中で切れています", "it is cut short"),
    "reason-manifest-cut-short-row": ("途中で切れています（{row} 行目）", "it is cut short (row {row})"),
    "reason-manifest-not-json": ("JSON ではありません: {detail}", "not JSON: {detail}"),
    "reason-manifest-empty": ("JSON ではありません: 空です", "not JSON: it is empty"),
    "reason-manifest-key-twice": ("キー「{key}」が 2 回現れます", 'its key "{key}" appears twice'),
    "reason-manifest-not-ours": (
        "reviewer-rollup のマニフェストではありません",
        "not a reviewer-rollup manifest",
    ),
    "reason-manifest-key-after-rows": (
        'reviewer-rollup のマニフェストではありません（「{key}」が "rows" の後にあります）',
        'not a reviewer-rollup manifest ("{key}" comes after "rows")',
    ),
    "reason-manifest-rows-last": (
        'reviewer-rollup のマニフェストではありません（"job" と "output" は "rows" より前に来ます）',
        'not a reviewer-rollup manifest ("job" and "output" come before "rows")',
    ),
    "reason-manifest-sha": (
        "出力の SHA-256 {stated} がファイルの {sha} と異なります",
        "its output SHA-256 {stated} is not the file's {sha}",
    ),
    "reason-manifest-row-count": (
        "マニフェストは {stated} 行を記述していますが、ファイルは {rows} 行です",
        "it describes {stated} rows, the file has {rows}",
    ),
    "reason-manifest-fewer-items": (
        '"rows" の項目は {items} 個ですが、ファイルは {rows} 行です',
        'its "rows" has {items} items, the file has {rows} rows',
    ),
    "reason-manifest-more-items": (
        '"rows" の項目がファイルの行数（{rows}）より多くあります',
        'its "rows" has more items than the file has rows ({rows})',
    ),
    "reason-manifest-item-not-object": (
        '{row} 行目: "rows" の項目がオブジェクトではありません',
        'row {row}: its "rows" item is not an object',
    ),
    "reason-manifest-not-count": (
        '{row} 行目: "messages" が件数ではありません: {value}',
        'row {row}: "messages" is not a count: {value}',
    ),
    "reason-manifest-not-place": (
        '{row} 行目: "{key}" はメッセージの位置ではありません: {value}',
        'row {row}: "{key}" is not a message\'s place: {value}',
    ),
    # --- h4-cli (round 2, last session): the command line and the SQLite file as input ---------
    "V-TRIGGER-EXTRA": (
        "トリガー {name} はこの製品のものではありません（sqlite3 などで追加されたもの）。",
        "The trigger {name} is not one of this product's (added from outside, by sqlite3 or the like).",
    ),
    "E-PATH": ("{path} は使えません: {reason}。", "{path} cannot be used: {reason}."),
    "E-SHEET-OUTPUT": (
        "{path}: シートを書き出せません（{reason}）。何も書き込んでいません。",
        "{path}: cannot write the sheet ({reason}); nothing was written.",
    ),
    "reason-path-too-long": ("名前が長すぎます", "the name is too long"),
    "reason-path-loop": ("シンボリックリンクが循環しています", "its symbolic links go round in a loop"),
    "reason-path-not-folder": (
        "途中にフォルダーではないものがあります",
        "a part of it that should be a folder is not one",
    ),
    "reason-path-is-folder": ("フォルダーです", "it is a folder"),
    "reason-no-such-folder": ("そのフォルダーがありません", "no such folder"),
    "reason-path-not-regular": (
        "通常のファイルではなく {kind} です",
        "it is a {kind}, not a regular file",
    ),
    "argparse-whole-number": (
        "{arg}: {value} は整数ではありません",
        "argument {arg}: invalid whole number: {value}",
    ),
    "argparse-too-large": (
        "{arg}: {value} は大きすぎます（64 ビット整数の範囲を超えています）",
        "argument {arg}: {value} is too large",
    ),
    "E-DB-IS-LOG": (
        "{path} はデータベース {database} のログ用の名前です。ここに新しいデータベースは作りません"
        "（{database} がそれを壊れたログとみなします）。別の名前を指定してください。",
        "{path} is where the database {database} keeps its log: no new database is made there"
        " ({database} would take it for a damaged log). Choose another name.",
    ),
    "E-SHEET-EXISTS": (
        "{path} は既にあります。評価シートは既存のファイルを上書きしません"
        "（記入済みのシートかもしれません）。別の名前を指定するか、不要なら先に削除してください。",
        "{path} already exists: a sheet never overwrites a file (it may be one a reviewer has filled"
        " in). Give another name, or remove it first if it is not needed.",
    ),
    # --- end of h4-cli ---
}


@dataclass(frozen=True)
class Phrase:
    """Part of a message in the reader's language: a catalogue key and its parameters.

    A reason our own code words (a manifest cut short, a value nested too deeply) is given as a
    Phrase, so that a Japanese message does not carry an English clause inside it; `text` says it
    in the message's language. `str()` is the English wording, for logs and tests.
    """

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def said(self, lang: str) -> str:
        return text(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.said("en")


def phrase(key: str, /, **params: object) -> Phrase:
    """A `Phrase` of catalogue entry `key` (a `reason-…` entry) with `params`."""
    return Phrase(key, params)


def text(key: str, lang: str, /, **params: object) -> str:
    """Return the message `key` in `lang` (ja or en) with `params` filled in.

    A parameter that is a `Phrase` is said in `lang` too. An unknown key returns the key itself
    followed by the parameters, so nothing is hidden.
    """
    if params:
        params = {k: v.said(lang) if isinstance(v, Phrase) else v for k, v in params.items()}
    entry = _CATALOGUE.get(key)
    if entry is None:
        return key + (" " + repr(params) if params else "")
    template = entry[0] if lang == "ja" else entry[1]
    return template.format(**params) if params else template


def counted(key: str, lang: str, count: int, /, **params: object) -> str:
    """`text` for a message about `count` things: the `KEY-one` form when there is exactly one.

    English says "1 error" but "2 errors"; Japanese has no plural, and both forms read the same.
    """
    one = key + "-one"
    return text(one if count == 1 and one in _CATALOGUE else key, lang, **params)


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
