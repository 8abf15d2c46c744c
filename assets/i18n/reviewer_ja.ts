<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;New from plan…</source>
        <translation>計画ファイルから新規作成(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Open the &amp;demo program</source>
        <translation>デモ事業を開く(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Import evidence…</source>
        <translation>根拠資料を取り込む(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>やり直す(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save now</source>
        <translation>今すぐ保存(&amp;S)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>再読み込み(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Filter…</source>
        <translation>絞り込み(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Previous fiscal year</source>
        <translation>前の年度(&amp;P)</translation>
    </message>
    <message>
        <source>N&amp;ext fiscal year</source>
        <translation>次の年度(&amp;E)</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>ダッシュボード</translation>
    </message>
    <message>
        <source>Milestones</source>
        <translation>マイルストーン</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>根拠資料</translation>
    </message>
    <message>
        <source>Imports</source>
        <translation>取り込み</translation>
    </message>
    <message>
        <source>Reviewers and conflicts</source>
        <translation>評価者と利益相反</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>評価</translation>
    </message>
    <message>
        <source>Consensus</source>
        <translation>評点集計</translation>
    </message>
    <message>
        <source>Decision and conditions</source>
        <translation>判定と条件</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>報告書</translation>
    </message>
    <message>
        <source>Switch &amp;language (日本語/English)</source>
        <translation>表示言語を切り替え(&amp;L)（日本語/English）</translation>
    </message>
    <message>
        <source>&amp;Preview report</source>
        <translation>報告書をプレビュー(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Export report…</source>
        <translation>報告書を書き出す(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Cancel running task</source>
        <translation>実行中の処理を中止(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Attach documents…</source>
        <translation>文書を添付(&amp;A)…</translation>
    </message>
    <message>
        <source>Add &amp;manual evidence…</source>
        <translation>手入力の根拠を追加(&amp;M)…</translation>
    </message>
    <message>
        <source>E&amp;xport a reviewer package…</source>
        <translation>評価者パッケージの書き出し(&amp;X)…</translation>
    </message>
    <message>
        <source>Mer&amp;ge reviewer packages…</source>
        <translation>評価者パッケージの統合(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>キーボードショートカット(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Jobs and messages</source>
        <translation>ジョブとメッセージ(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Report</source>
        <translation>報告書(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
</context>
<context>
    <name>AmendDialog</name>
    <message>
        <source>Amend the %1 decision</source>
        <translation>%1 の判定を修正</translation>
    </message>
    <message>
        <source>Decision %1, signed on %2, stays as it was; the amendment is signed in its turn.</source>
        <translation>%2 に決裁された判定 %1 はそのまま残ります。修正は改めて決裁します。</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>The signed decision set no conditions.</source>
        <translation>決裁済みの判定には条件がありません。</translation>
    </message>
    <message>
        <source>Funding for %1 (yen)</source>
        <translation>%1 の予算額（円）</translation>
    </message>
    <message>
        <source>Reason for the amendment</source>
        <translation>修正の理由</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Rationale</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Override reason</source>
        <translation>例外とする理由</translation>
    </message>
    <message>
        <source>Conditions carried forward</source>
        <translation>引き継ぐ条件</translation>
    </message>
    <message>
        <source>New conditions</source>
        <translation>新しい条件</translation>
    </message>
    <message>
        <source>The funding must be a whole number of yen, e.g. 387,300,000,000.</source>
        <translation>交付額は円単位の整数で入力してください（例：387,300,000,000）。</translation>
    </message>
</context>
<context>
    <name>AssessmentView</name>
    <message>
        <source>Overall comments</source>
        <translation>総合コメント</translation>
    </message>
    <message>
        <source>Sub-items: %1</source>
        <translation>小項目：%1</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>肯定的意見</translation>
    </message>
    <message>
        <source>Issues</source>
        <translation>問題点・改善点</translation>
    </message>
    <message>
        <source>Recommendations</source>
        <translation>今後への提言</translation>
    </message>
    <message>
        <source>Milestone judgements</source>
        <translation>マイルストーンの判定</translation>
    </message>
    <message>
        <source>Assessment, %1</source>
        <translation>評価（%1）</translation>
    </message>
    <message>
        <source>Carry over %1&apos;s assessment</source>
        <translation>%1の評価を引き継ぐ</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>保存済み %1</translation>
    </message>
    <message>
        <source>Carried over from %1: this rating does not count until you confirm it.</source>
        <translation>%1から引き継いだ評点です。確認するまで集計に含まれません。</translation>
    </message>
    <message>
        <source>Confirm rating</source>
        <translation>評点を確認</translation>
    </message>
    <message>
        <source>Copied %1 ratings and comments from %2; carried-over ratings count once confirmed.</source>
        <translation>%2から評点とコメントを %1 件引き継ぎました。引き継いだ評点は確認後に集計されます。</translation>
    </message>
    <message>
        <source>Nothing to carry over from %1.</source>
        <translation>%1から引き継ぐものはありません。</translation>
    </message>
    <message>
        <source>%1 is recused for a conflict with %2 (%3): ratings and judgements are refused.</source>
        <translation>%1 は %2 との利益相反（%3）により回避対象です。評点と判定は受け付けられません。</translation>
    </message>
    <message>
        <source>This fiscal year is signed: its assessments are locked.</source>
        <translation>この年度は決裁済みのため、評価は変更できません。</translation>
    </message>
    <message>
        <source>Read-only: writing is disabled (see the banner above).</source>
        <translation>読み取り専用：書き込みはできません（上部の表示を参照）。</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>Effective date</source>
        <translation>有効日</translation>
    </message>
    <message>
        <source>Model / operator / source</source>
        <translation>モデル／事業者／出典</translation>
    </message>
    <message>
        <source>Benchmark / period / unit</source>
        <translation>ベンチマーク／期間／単位</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Source file</source>
        <translation>元ファイル</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Criterion</source>
        <translation>評価項目</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Raters</source>
        <translation>評価者数</translation>
    </message>
    <message>
        <source>A / B / C / D</source>
        <translation>A／B／C／D</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>評点差</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>要協議</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>バッチ</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Records shown</source>
        <translation>表示した件数</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>文字コード</translation>
    </message>
    <message>
        <source>Imported by</source>
        <translation>取り込み者</translation>
    </message>
    <message>
        <source>Imported at (UTC)</source>
        <translation>取り込み日時（UTC）</translation>
    </message>
    <message>
        <source>After sign-off (FY)</source>
        <translation>署名後の取り込み（年度）</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>コード</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>分野</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>重み</translation>
    </message>
    <message>
        <source>Evidence status</source>
        <translation>根拠による状況</translation>
    </message>
    <message>
        <source>Committee status</source>
        <translation>委員会の判断</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目標値</translation>
    </message>
    <message>
        <source>Deciding evidence</source>
        <translation>判定根拠</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>ふりがな</translation>
    </message>
    <message>
        <source>Affiliation</source>
        <translation>所属</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>Conflicts of interest</source>
        <translation>利益相反</translation>
    </message>
    <message>
        <source>Recusal</source>
        <translation>回避</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状況</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備考</translation>
    </message>
    <message>
        <source>On</source>
        <translation>対象</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>意見</translation>
    </message>
    <message>
        <source>Public text</source>
        <translation>公開用の文</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>対処方針</translation>
    </message>
</context>
<context>
    <name>ConditionEditor</name>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Add condition</source>
        <translation>条件を追加</translation>
    </message>
    <message>
        <source>Remove condition</source>
        <translation>条件を削除</translation>
    </message>
</context>
<context>
    <name>ConditionsPanel</name>
    <message>
        <source>Conditions set by the %1 decision</source>
        <translation>%1の判定で付された条件</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>備考（任意）</translation>
    </message>
    <message>
        <source>Set status</source>
        <translation>状況を記録</translation>
    </message>
    <message>
        <source>No conditions to follow up.</source>
        <translation>フォローアップする条件はありません。</translation>
    </message>
    <message>
        <source>Status recorded.</source>
        <translation>状況を記録しました。</translation>
    </message>
</context>
<context>
    <name>ConsensusView</name>
    <message>
        <source>Consensus, %1</source>
        <translation>評点集計（%1）</translation>
    </message>
    <message>
        <source>Consensus is open: reviewers see each other&apos;s ratings.</source>
        <translation>評点は公開済みです：評価者は互いの評点を閲覧できます。</translation>
    </message>
    <message>
        <source>Consensus is hidden: reviewers work independently.</source>
        <translation>評点は非公開です：評価者はそれぞれ独立に評価します。</translation>
    </message>
    <message>
        <source>Open consensus…</source>
        <translation>評点を公開…</translation>
    </message>
    <message>
        <source>Flagged: a spread of two points or more. ⚠ fewer than three raters. Recused reviewers not counted.</source>
        <translation>要協議：評点差が2点以上。⚠ 評価者が3名未満。回避対象の評価者は集計しません。</translation>
    </message>
    <message>
        <source>discuss</source>
        <translation>要協議</translation>
    </message>
    <message>
        <source>fewer than three raters</source>
        <translation>評価者が3名未満</translation>
    </message>
    <message>
        <source>Open consensus</source>
        <translation>評点の公開</translation>
    </message>
    <message>
        <source>Opening consensus cannot be undone: every reviewer will see the others&apos; ratings. Open it?</source>
        <translation>評点の公開は取り消せません。すべての評価者が他の評価者の評点を閲覧できるようになります。公開しますか？</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>%1 · implementer: %2 · %3</source>
        <translation>%1 ・ 実施者：%2 ・ %3</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>決裁済み</translation>
    </message>
    <message>
        <source>not signed</source>
        <translation>未決裁</translation>
    </message>
    <message>
        <source>Gate date</source>
        <translation>ゲート審査日</translation>
    </message>
    <message>
        <source>Installment: %1</source>
        <translation>計画額：%1</translation>
    </message>
    <message>
        <source>Committed funding</source>
        <translation>確定済み予算</translation>
    </message>
    <message>
        <source>of the ceiling %1; %2 remaining</source>
        <translation>上限 %1 のうち（残り %2）</translation>
    </message>
    <message>
        <source>Weighted achievement</source>
        <translation>加重達成度</translation>
    </message>
    <message>
        <source>1 milestone without evidence listed apart</source>
        <translation>根拠のないマイルストーン 1 件は別掲</translation>
    </message>
    <message>
        <source>%1 milestones without evidence listed apart</source>
        <translation>根拠のないマイルストーン %1 件は別掲</translation>
    </message>
    <message>
        <source>Milestones</source>
        <translation>マイルストーン</translation>
    </message>
    <message>
        <source>by status (committee status where set)</source>
        <translation>状況別（委員会の判断がある場合はそれを優先）</translation>
    </message>
    <message>
        <source>Robots active, all industries</source>
        <translation>稼働ロボット台数（全業種）</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>実績</translation>
    </message>
    <message>
        <source>Plan trajectory</source>
        <translation>計画の推移</translation>
    </message>
    <message>
        <source>No fleet data imported yet</source>
        <translation>稼働実績はまだ取り込まれていません</translation>
    </message>
    <message>
        <source>Fiscal year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Robots active</source>
        <translation>稼働台数（台）</translation>
    </message>
    <message>
        <source>Robots active (log scale)</source>
        <translation>稼働台数（対数目盛）</translation>
    </message>
</context>
<context>
    <name>DecisionView</name>
    <message>
        <source>Decision, %1</source>
        <translation>判定（%1）</translation>
    </message>
    <message>
        <source>No decision recorded yet.</source>
        <translation>判定はまだ記録されていません。</translation>
    </message>
    <message>
        <source>Signed by %1 on %2.</source>
        <translation>%2 に %1 が決裁しました。</translation>
    </message>
    <message>
        <source>Draft amendment of decision %1 (not signed): %2</source>
        <translation>判定 %1 の修正案（未決裁）：%2</translation>
    </message>
    <message>
        <source>Draft decision (not signed).</source>
        <translation>判定案（未決裁）</translation>
    </message>
    <message>
        <source>Weighted achievement %1 · committed %2 of %3 · last year&apos;s conditions: %4 (%5 open)</source>
        <translation>加重達成度 %1 ・ 確定済み %2（上限 %3）・ 前年度の条件：%4 件（未完了 %5 件）</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Funding for %1 (yen)</source>
        <translation>%1 の予算額（円）</translation>
    </message>
    <message>
        <source>Rationale</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Override reason</source>
        <translation>例外とする理由</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Amend…</source>
        <translation>修正…</translation>
    </message>
    <message>
        <source>Reading the figures…</source>
        <translation>数値を読み込んでいます…</translation>
    </message>
    <message>
        <source>A reviewer package cannot amend a decision: the secretariat amends it.</source>
        <translation>評価者パッケージでは判定を修正できません（修正は事務局が行います）。</translation>
    </message>
    <message>
        <source>This file is read-only: amending needs a file you can write.</source>
        <translation>このファイルは読み取り専用です。修正するには書き込めるファイルが必要です。</translation>
    </message>
    <message>
        <source>Amending waits until the file check has passed.</source>
        <translation>ファイルの検査が終わるまで修正はできません。</translation>
    </message>
    <message>
        <source>Amendment %1 drafted: sign it to put it in force.</source>
        <translation>修正案 %1 を作成しました。決裁すると有効になります。</translation>
    </message>
    <message>
        <source>The funding must be a whole number of yen, e.g. 387,300,000,000.</source>
        <translation>交付額は円単位の整数で入力してください（例：387,300,000,000）。</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>判定案を保存</translation>
    </message>
    <message>
        <source>Sign…</source>
        <translation>決裁…</translation>
    </message>
    <message>
        <source>Draft saved.</source>
        <translation>判定案を保存しました。</translation>
    </message>
    <message>
        <source>Sign the decision</source>
        <translation>判定の決裁</translation>
    </message>
    <message>
        <source>Signing %1 locks it for good: its decision, conditions, assessments and the milestones&apos; statuses are frozen in a snapshot and can change only by an amendment. Sign as %2?</source>
        <translation>%1 を決裁すると確定します。判定・条件・評価・マイルストーンの状況がスナップショットとして固定され、以後は変更の判定でしか変えられません。%2 として決裁しますか？</translation>
    </message>
    <message>
        <source>Sign with your key</source>
        <translation>鍵で署名</translation>
    </message>
    <message>
        <source>Signing needs the key of a certificate registered to %1.</source>
        <translation>署名には、%1 に登録された証明書の鍵が必要です。</translation>
    </message>
</context>
<context>
    <name>DisclosureBox</name>
    <message>
        <source>Disclosed in the public edition of %1</source>
        <translation>%1の公開版で開示</translation>
    </message>
    <message>
        <source>%1 is signed: its public edition is sealed.</source>
        <translation>%1は署名済みのため、公開版は封印されています。</translation>
    </message>
    <message>
        <source>A reviewer package cannot change what is disclosed.</source>
        <translation>評価者パッケージでは開示の範囲を変えられません。</translation>
    </message>
    <message>
        <source>This file is open read-only.</source>
        <translation>このファイルは読み取り専用で開いています。</translation>
    </message>
    <message>
        <source>Not confidential: the public edition prints it.</source>
        <translation>機密ではないため、公開版に載ります。</translation>
    </message>
    <message>
        <source>Disclosed with its whole batch (change it on the Imports screen).</source>
        <translation>バッチごと開示されています（取込画面で変更します）。</translation>
    </message>
    <message>
        <source>No deciding evidence to disclose.</source>
        <translation>判定に使われた証拠がないため、開示するものはありません。</translation>
    </message>
</context>
<context>
    <name>EvidenceTableModel</name>
    <message>
        <source>Date assumed: import</source>
        <translation>日付は取り込み日とみなしています</translation>
    </message>
</context>
<context>
    <name>EvidenceView</name>
    <message>
        <source>Attach documents to %1</source>
        <translation>%1 に文書を添付</translation>
    </message>
    <message>
        <source>Documents (*.pdf *.docx *.xlsx *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>文書 (*.pdf *.docx *.xlsx *.png *.jpg *.jpeg);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Attaching %1 file(s)…</source>
        <translation>%1 件のファイルを添付しています…</translation>
    </message>
    <message>
        <source>%1 document(s) attached, %2 already there.</source>
        <translation>%1 件の文書を添付しました（%2 件は添付済み）。</translation>
    </message>
    <message>
        <source>Manual record %1 added.</source>
        <translation>手入力の根拠 %1 を追加しました。</translation>
    </message>
    <message>
        <source>%1 records</source>
        <translation>%1 件</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>根拠資料</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>すべての種別</translation>
    </message>
    <message>
        <source>Source file contains…</source>
        <translation>元ファイル名で絞り込み…</translation>
    </message>
    <message>
        <source>Effective from</source>
        <translation>有効日（から）</translation>
    </message>
    <message>
        <source>Effective until</source>
        <translation>有効日（まで）</translation>
    </message>
    <message>
        <source>From</source>
        <translation>開始日</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>終了日</translation>
    </message>
    <message>
        <source>Attach documents…</source>
        <translation>文書を添付…</translation>
    </message>
    <message>
        <source>Add manual evidence…</source>
        <translation>手入力の根拠を追加…</translation>
    </message>
    <message>
        <source>Milestone the documents or the manual record are for</source>
        <translation>文書または手入力の根拠を結び付けるマイルストーン</translation>
    </message>
    <message>
        <source>Provenance and raw record</source>
        <translation>出所と元の記録</translation>
    </message>
    <message>
        <source>Open document (read-only copy)</source>
        <translation>文書を開く（読み取り専用のコピー）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>date assumed: import</source>
        <translation>日付は取り込み日とみなす</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>記録</translation>
    </message>
    <message>
        <source>Effective date</source>
        <translation>有効日</translation>
    </message>
    <message>
        <source>Self-reported</source>
        <translation>自己申告</translation>
    </message>
    <message>
        <source>Confidential</source>
        <translation>非公開</translation>
    </message>
    <message>
        <source>Source file</source>
        <translation>元ファイル</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>文字コード</translation>
    </message>
    <message>
        <source>Imported by</source>
        <translation>取り込み者</translation>
    </message>
    <message>
        <source>Superseded by a later import of the same key</source>
        <translation>同じキーの後の取り込みにより置き換え済み</translation>
    </message>
    <message>
        <source>Raw record</source>
        <translation>元の記録</translation>
    </message>
    <message>
        <source>No raw record: this record was not read from a data file.</source>
        <translation>元の記録はありません（データファイルから読み込んだ記録ではありません）。</translation>
    </message>
    <message>
        <source>No application on this computer opens this document; its read-only copy is %1.</source>
        <translation>このコンピューターにはこの文書を開くアプリケーションがありません。読み取り専用のコピーは %1 にあります。</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Look in:</source>
        <translation>場所:</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>ファイルの種類:</translation>
    </message>
</context>
<context>
    <name>FundingField</name>
    <message>
        <source>At most %1 (ceiling − committed).</source>
        <translation>上限 %1（上限額 − 確定済み額）。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import evidence</source>
        <translation>根拠資料の取り込み</translation>
    </message>
    <message>
        <source>Detect from the content</source>
        <translation>内容から判定</translation>
    </message>
    <message>
        <source>when the file names none (LeRobot, .eval_results, lm-eval)</source>
        <translation>ファイルにモデル名がないとき（LeRobot、.eval_results、lm-eval）</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, when the file gives no date</source>
        <translation>YYYY-MM-DD（ファイルに日付がないとき）</translation>
    </message>
    <message>
        <source>Automatic (UTF-8, else CP932)</source>
        <translation>自動（UTF-8、それ以外は CP932）</translation>
    </message>
    <message>
        <source>CP932 (Japanese Windows, Excel)</source>
        <translation>CP932（日本語 Windows・Excel）</translation>
    </message>
    <message>
        <source>Choose a worksheet</source>
        <translation>ワークシートを選んでください</translation>
    </message>
    <message>
        <source>Worksheet</source>
        <translation>ワークシート</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Effective date</source>
        <translation>有効日</translation>
    </message>
    <message>
        <source>Operator (telemetry)</source>
        <translation>事業者（テレメトリ）</translation>
    </message>
    <message>
        <source>Industry (telemetry)</source>
        <translation>業種（テレメトリ）</translation>
    </message>
    <message>
        <source>Text encoding</source>
        <translation>文字コード</translation>
    </message>
    <message>
        <source>Robot registry (telemetry)</source>
        <translation>ロボット登録簿（テレメトリ）</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>取り込む</translation>
    </message>
    <message>
        <source>Robot registry</source>
        <translation>ロボット登録簿</translation>
    </message>
    <message>
        <source>The effective date must be written YYYY-MM-DD.</source>
        <translation>有効日は YYYY-MM-DD の形で入力してください。</translation>
    </message>
    <message>
        <source>Reading the files…</source>
        <translation>ファイルを読んでいます…</translation>
    </message>
    <message>
        <source>%1 of %2 files read without problems in their first records.</source>
        <translation>%2 ファイル中 %1 ファイルは、先頭の記録に問題がありません。</translation>
    </message>
    <message>
        <source>Only the file&apos;s first MiB was read for this preview.</source>
        <translation>このプレビューはファイルの先頭 1 MiB だけを読んでいます。</translation>
    </message>
    <message>
        <source>%1 problems; the file will be refused:</source>
        <translation>問題が %1 件あり、このファイルは受け付けられません：</translation>
    </message>
    <message>
        <source>First records:</source>
        <translation>先頭の記録：</translation>
    </message>
    <message>
        <source>lines %1–%2 (%3 messages)</source>
        <translation>%1–%2 行目（%3 メッセージ）</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>%1 行目</translation>
    </message>
    <message>
        <source>%1 deployed, %2 active, %3 hours</source>
        <translation>導入 %1 台、稼働 %2 台、%3 時間</translation>
    </message>
    <message>
        <source>model release %1, %2</source>
        <translation>モデル公開 %1、%2</translation>
    </message>
</context>
<context>
    <name>ImportsView</name>
    <message>
        <source>Imports</source>
        <translation>取り込み</translation>
    </message>
    <message>
        <source>Drop files on the window to import them. Each file is one transaction: all of it or nothing.</source>
        <translation>ファイルをウィンドウにドロップすると取り込みます。1ファイルは1トランザクションで、全件か0件のどちらかです。</translation>
    </message>
    <message>
        <source>Remove batch…</source>
        <translation>バッチを削除…</translation>
    </message>
    <message>
        <source>Refused and skipped files</source>
        <translation>受け付けられなかったファイルと取り込み済みのファイル</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>消去</translation>
    </message>
    <message>
        <source>%1: refused, %2 problems</source>
        <translation>%1：受け付けられませんでした（問題 %2 件）</translation>
    </message>
    <message>
        <source>%1: refused, 1 problem</source>
        <translation>%1：受け付けられませんでした（問題 1 件）</translation>
    </message>
    <message>
        <source>Remove batch</source>
        <translation>バッチの削除</translation>
    </message>
    <message>
        <source>Remove batch %1 (%2, %3 records)? This is audited and cannot be undone.</source>
        <translation>バッチ %1（%2、%3 件）を削除しますか？ 監査ログに記録され、元に戻せません。</translation>
    </message>
    <message>
        <source>Batch %1</source>
        <translation>バッチ %1</translation>
    </message>
</context>
<context>
    <name>KeyDialog</name>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Key file (PKCS#12)</source>
        <translation>鍵ファイル（PKCS#12）</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>パスフレーズ</translation>
    </message>
    <message>
        <source>Without a key</source>
        <translation>鍵なしで続ける</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>鍵ファイル</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Checking %1…</source>
        <translation>%1 を検査しています…</translation>
    </message>
    <message>
        <source>Unsaved assessment</source>
        <translation>保存されていない評価</translation>
    </message>
    <message>
        <source>Some of the assessment&apos;s typing could not be saved (the assessment screen says why: another program writing to the file, a full disk). Close anyway and lose it? No keeps the window open; the form tries to save it again every few seconds.</source>
        <translation>評価の入力の一部を保存できませんでした（理由は評価画面に表示されています。別のプログラムがファイルに書き込み中、ディスクの空き不足など）。保存せずに閉じて、入力を失いますか？「いいえ」を選ぶとウィンドウは開いたままで、数秒ごとに保存を再試行します。</translation>
    </message>
    <message>
        <source>Backing up %1…</source>
        <translation>%1 をバックアップしています…</translation>
    </message>
    <message>
        <source>(signed)</source>
        <translation>（決裁済み）</translation>
    </message>
    <message>
        <source>Stage-gate reviewer</source>
        <translation>ステージゲート評価</translation>
    </message>
    <message>
        <source>Read-only: another program moved, renamed, deleted or replaced %1 while it was open here. Nothing more is written to it; open the file again where it is now.</source>
        <translation>読み取り専用: 開いている間に別のプログラムが %1 を移動・名前変更・削除・置き換えしました。このファイルにはこれ以上書き込みません。移動先のファイルを開き直してください。</translation>
    </message>
    <message>
        <source>Read-only: this file cannot be written (permissions). Nothing can be changed.</source>
        <translation>読み取り専用：このファイルには書き込めません（アクセス権）。変更はできません。</translation>
    </message>
    <message>
        <source>Read-only: the database failed its integrity check (%1).</source>
        <translation>読み取り専用：データベースの整合性検査に失敗しました（%1）。</translation>
    </message>
    <message>
        <source>Checking the database… changes are disabled until the check passes.</source>
        <translation>データベースを検査しています…検査が終わるまで変更はできません。</translation>
    </message>
    <message>
        <source>Reviewer package of %1: only your own assessment of %2 can be edited; the other screens are read-only and other reviewers&apos; assessments are not included.</source>
        <translation>%1 の評価者パッケージです。編集できるのはご自身の%2の評価だけです。他の画面は閲覧のみで、他の評価者の評価は含まれていません。</translation>
    </message>
    <message>
        <source>%1 is signed: its decision, assessments and statuses are locked (read-only).</source>
        <translation>%1 は決裁済みです：判定・評価・状況は変更できません（読み取り専用）。</translation>
    </message>
</context>
<context>
    <name>ManualEvidenceDialog</name>
    <message>
        <source>Add manual evidence</source>
        <translation>手入力の根拠を追加</translation>
    </message>
    <message>
        <source>e.g. the consortium&apos;s progress report, p. 12</source>
        <translation>例：コンソーシアムの進捗報告書 12ページ</translation>
    </message>
    <message>
        <source>Milestone</source>
        <translation>マイルストーン</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>単位</translation>
    </message>
    <message>
        <source>Effective date</source>
        <translation>基準日</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>出典</translation>
    </message>
</context>
<context>
    <name>MilestonesView</name>
    <message>
        <source>Milestones, %1</source>
        <translation>マイルストーン（%1）</translation>
    </message>
    <message>
        <source>† decided by self-reported results. Signed years show the snapshot.</source>
        <translation>† 自己申告の結果による判定。決裁済みの年度はスナップショットを表示します。</translation>
    </message>
    <message>
        <source>Reason for the committee status (required)</source>
        <translation>委員会判定の理由（必須）</translation>
    </message>
    <message>
        <source>Set committee status</source>
        <translation>委員会判定を記録</translation>
    </message>
    <message>
        <source>Deciding evidence of %1:</source>
        <translation>%1 の判定根拠：</translation>
    </message>
    <message>
        <source>Committee status of %1 recorded.</source>
        <translation>%1 の委員会判定を記録しました。</translation>
    </message>
</context>
<context>
    <name>NameOnlyIconProvider</name>
    <message>
        <source>Folder</source>
        <translation>フォルダー</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Dashboard</source>
        <translation>ダッシュボード</translation>
    </message>
    <message>
        <source>Milestones</source>
        <translation>マイルストーン</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>根拠資料</translation>
    </message>
    <message>
        <source>Imports</source>
        <translation>取り込み</translation>
    </message>
    <message>
        <source>Reviewers</source>
        <translation>評価者</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>評価</translation>
    </message>
    <message>
        <source>Consensus</source>
        <translation>評点集計</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>報告書</translation>
    </message>
</context>
<context>
    <name>Opener</name>
    <message>
        <source>The database %1 is damaged (%2: %3).</source>
        <translation>データベース %1 は壊れています（%2: %3）。</translation>
    </message>
    <message>
        <source>It was moved aside, unchanged, to:
%1</source>
        <translation>ファイルは変更せずに次の場所へ移しました：
%1</translation>
    </message>
    <message>
        <source>Damaged database</source>
        <translation>壊れたデータベース</translation>
    </message>
    <message>
        <source>The newest verified backup is %1. Restore it and open it?</source>
        <translation>最新の検証済みバックアップは %1 です。これを復元して開きますか？</translation>
    </message>
    <message>
        <source>Restore and open</source>
        <translation>復元して開く</translation>
    </message>
    <message>
        <source>No verified backup of it was found.</source>
        <translation>検証済みのバックアップは見つかりませんでした。</translation>
    </message>
    <message>
        <source>Network drive</source>
        <translation>ネットワークドライブ</translation>
    </message>
    <message>
        <source>Make a local copy in %1 and work on it, or open this file read-only?</source>
        <translation>%1 にローカルのコピーを作って作業しますか、それともこのファイルを閲覧のみで開きますか？</translation>
    </message>
    <message>
        <source>Make a local copy</source>
        <translation>ローカルにコピー</translation>
    </message>
    <message>
        <source>Open read-only</source>
        <translation>閲覧のみで開く</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Fit width</source>
        <translation>幅に合わせる</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>拡大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>縮小</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>ページ</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>/ %1</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>Report, %1</source>
        <translation>報告書（%1）</translation>
    </message>
    <message>
        <source>Internal edition</source>
        <translation>内部版</translation>
    </message>
    <message>
        <source>Public edition</source>
        <translation>公開版</translation>
    </message>
    <message>
        <source>Render preview</source>
        <translation>プレビューを作成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>PDFを書き出す…</translation>
    </message>
    <message>
        <source>Render a preview to see the report here. Drafts carry a DRAFT watermark.</source>
        <translation>プレビューを作成するとここに報告書が表示されます。決裁前は DRAFT の透かしが入ります。</translation>
    </message>
    <message>
        <source>The preview is out of date: the file has changed since it was rendered. Render it again.</source>
        <translation>プレビューは最新ではありません。作成後にファイルが変更されました。もう一度作成してください。</translation>
    </message>
    <message>
        <source>Rendering in a separate process…</source>
        <translation>別プロセスで作成しています…</translation>
    </message>
    <message>
        <source>Preview rendered.</source>
        <translation>プレビューを作成しました。</translation>
    </message>
    <message>
        <source>Rendering cancelled; no file was left.</source>
        <translation>作成を取り消しました。ファイルは残っていません。</translation>
    </message>
    <message>
        <source>The report could not be rendered: %1</source>
        <translation>報告書を作成できませんでした：%1</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>PDFの書き出し</translation>
    </message>
    <message>
        <source>Sign the exported report</source>
        <translation>書き出す報告書に署名</translation>
    </message>
    <message>
        <source>This FY is signed. With the key that signed it, the exported PDF carries a PAdES signature anyone can check; without it, the report says it is not signed by key.</source>
        <translation>この年度は署名済みです。署名に使った鍵を使うと、書き出す PDF に誰でも検証できる PAdES 署名が付きます。鍵なしの場合、報告書には鍵による署名なしと記載されます。</translation>
    </message>
    <message>
        <source>Issuing the report signed by key…</source>
        <translation>鍵で署名した報告書を発行しています…</translation>
    </message>
    <message>
        <source>Exported to %1, signed by key.</source>
        <translation>%1 に書き出しました（鍵による署名付き）。</translation>
    </message>
    <message>
        <source>%1 is the open database itself: choose another file name.</source>
        <translation>%1 は開いているデータベース自身です。別のファイル名を選んでください。</translation>
    </message>
    <message>
        <source>Could not export to %1: %2</source>
        <translation>%1 に書き出せませんでした: %2</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>%1 に書き出しました。</translation>
    </message>
</context>
<context>
    <name>ResponsesPanel</name>
    <message>
        <source>Overall</source>
        <translation>総合</translation>
    </message>
    <message>
        <source>Comments and responses, %1</source>
        <translation>意見と対処方針（%1）</translation>
    </message>
    <message>
        <source>The implementer&apos;s response to the selected comment</source>
        <translation>選んだ意見に対する実施者の対処方針</translation>
    </message>
    <message>
        <source>Record response</source>
        <translation>対処方針を記録</translation>
    </message>
    <message>
        <source>The text the public edition prints for the selected comment (the comment itself if empty)</source>
        <translation>選んだコメントについて公開版に載せる文（空欄なら元のコメント）</translation>
    </message>
    <message>
        <source>Set public text</source>
        <translation>公開用の文を設定</translation>
    </message>
    <message>
        <source>No comments in this fiscal year yet.</source>
        <translation>この年度の意見はまだありません。</translation>
    </message>
    <message>
        <source>%1 is signed: its public texts are sealed.</source>
        <translation>%1は署名済みのため、公開用の文は封印されています。</translation>
    </message>
    <message>
        <source>A reviewer package cannot set public texts.</source>
        <translation>評価者パッケージでは公開用の文を設定できません。</translation>
    </message>
    <message>
        <source>This file is open read-only.</source>
        <translation>このファイルは読み取り専用で開いています。</translation>
    </message>
    <message>
        <source>Public text of comment %1 set.</source>
        <translation>コメント %1 の公開用の文を設定しました。</translation>
    </message>
    <message>
        <source>Response recorded.</source>
        <translation>対処方針を記録しました。</translation>
    </message>
</context>
<context>
    <name>ReviewersView</name>
    <message>
        <source>Reviewers and conflicts of interest</source>
        <translation>評価者と利益相反</translation>
    </message>
    <message>
        <source>A conflict with a consortium member recuses the reviewer: their ratings and judgements are refused. Other conflicts are recorded and shown.</source>
        <translation>コンソーシアム構成員との利益相反がある評価者は回避対象となり、評点と判定は受け付けられません。その他の利益相反は記録・表示のみです。</translation>
    </message>
    <message>
        <source>Recused: conflict with %1</source>
        <translation>回避：%1 との利益相反</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>システムの言語</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>ショートカット</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Stage-gate reviewer</source>
        <translation>ステージゲート評価</translation>
    </message>
    <message>
        <source>Open a program database, create one from a plan file, or look around in the demo program (fictional; built in your data folder, never in a program database).</source>
        <translation>事業データベースを開くか、計画ファイルから作成してください。デモ事業（架空のもの。データフォルダに作成し、事業データベースには書き込みません）で操作を試すこともできます。</translation>
    </message>
    <message>
        <source>Open the demo program</source>
        <translation>デモ事業を開く</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>開く…</translation>
    </message>
    <message>
        <source>New from plan…</source>
        <translation>計画ファイルから新規作成…</translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation>最近使ったファイル</translation>
    </message>
</context>
<context>
    <name>TextLimits</name>
    <message>
        <source>%1 characters, more than the limit of %2.</source>
        <translation>%1 文字あり、上限の %2 文字を超えています。</translation>
    </message>
</context>
<context>
    <name>WindowFiles</name>
    <message>
        <source>Building the demo program…</source>
        <translation>デモ事業を作成しています…</translation>
    </message>
    <message>
        <source>Open a program database</source>
        <translation>事業データベースを開く</translation>
    </message>
    <message>
        <source>Reviewer databases (*.db *.review);;All files (*)</source>
        <translation>評価データベース (*.db *.review);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Plan file</source>
        <translation>計画ファイル</translation>
    </message>
    <message>
        <source>New program database</source>
        <translation>新しい事業データベース</translation>
    </message>
</context>
<context>
    <name>WindowImports</name>
    <message>
        <source>Cancel</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>Import evidence</source>
        <translation>根拠資料の取り込み</translation>
    </message>
    <message>
        <source>Importing is disabled: %1</source>
        <translation>取り込みはできません：%1</translation>
    </message>
    <message>
        <source>%1: already imported (batch %2), skipped</source>
        <translation>%1：取り込み済み（バッチ %2）のためスキップしました</translation>
    </message>
    <message>
        <source>%1: imported %3 records as batch %2</source>
        <translation>%1：%3 件をバッチ %2 として取り込みました</translation>
    </message>
    <message>
        <source>%1: import cancelled, nothing written</source>
        <translation>%1：取り込みを中止しました（何も書き込まれていません）</translation>
    </message>
</context>
<context>
    <name>WindowPackages</name>
    <message>
        <source>open a program database first</source>
        <translation>先にプログラムのデータベースを開いてください</translation>
    </message>
    <message>
        <source>Packages are not available: %1</source>
        <translation>パッケージは使えません: %1</translation>
    </message>
    <message>
        <source>Export reviewer package</source>
        <translation>評価者パッケージの書き出し</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>評価者</translation>
    </message>
    <message>
        <source>Reviewer packages (*.review)</source>
        <translation>評価者パッケージ (*.review)</translation>
    </message>
    <message>
        <source>Merge reviewer packages</source>
        <translation>評価者パッケージの統合</translation>
    </message>
    <message>
        <source>Merging %1 packages…</source>
        <translation>%1 件のパッケージを統合しています…</translation>
    </message>
    <message>
        <source>Merged %1 packages: %2 conflicts not applied, %3 refused.</source>
        <translation>%1 件のパッケージを統合しました。競合 %2 件は反映せず、%3 件は受け付けられませんでした。</translation>
    </message>
</context>
</TS>
