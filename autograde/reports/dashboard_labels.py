"""Every word the dashboard shows, in Japanese and English (one template serves both)."""

from __future__ import annotations

from autograde.kit.text import Text

LABELS: dict[str, Text] = {
    # the page
    "title": Text(ja="nn-dojo 授業ダッシュボード", en="nn-dojo class dashboard"),
    "generated": Text(ja="作成日時", en="generated"),
    "store": Text(ja="結果データベース", en="results store"),
    "assignments": Text(ja="課題", en="assignments"),
    "anonymous": Text(ja="匿名化版（TA 用）: 学生は仮名で示しています",
                      en="anonymized copy (for TAs): students appear under pseudonyms"),
    "instructor_only": Text(ja="教員用: 学生の氏名と ID を含みます。学生や TA に渡すときは "
                               "--anonymize で作った版を使ってください。",
                            en="For the instructor: contains student names and ids. Give TAs "
                               "the copy made with --anonymize."),
    "filter": Text(ja="絞り込み…", en="filter…"),
    "rows_shown": Text(ja="行を表示", en="rows shown"),
    "none": Text(ja="なし", en="none"),
    "sort_hint": Text(ja="見出しをクリックすると並べ替えます。", en="Click a heading to sort."),
    # sections
    "overview": Text(ja="概要", en="Overview"),
    "misconceptions": Text(ja="よくある誤り（再指導の候補）",
                           en="Misconceptions (what to re-teach)"),
    "items": Text(ja="項目分析", en="Item analysis"),
    "integrity": Text(ja="不正の兆候", en="Integrity"),
    "students": Text(ja="学生", en="Students"),
    # overview
    "assignment": Text(ja="課題", en="assignment"),
    "submissions": Text(ja="提出数", en="submissions"),
    "max_score": Text(ja="満点", en="max"),
    "mean": Text(ja="平均", en="mean"),
    "median": Text(ja="中央値", en="median"),
    "sd": Text(ja="標準偏差", en="SD"),
    "min": Text(ja="最低", en="min"),
    "max": Text(ja="最高", en="max"),
    "errors": Text(ja="採点不能", en="errors"),
    "part": Text(ja="演習", en="exercise"),
    "total": Text(ja="合計", en="total"),
    "quiz_part": Text(ja="クイズ（採点対象）", en="quiz (graded)"),
    "score": Text(ja="得点", en="score"),
    "points": Text(ja="点", en="points"),
    "students_count": Text(ja="人数", en="students"),
    "parts_chart": Text(ja="演習・クイズごとの得点分布（棒の高さ＝その得点の学生の割合）",
                        en="per exercise and quiz: bar height = share of students with that score"),
    "share_axis": Text(ja="満点に対する得点（%）", en="score (% of the part's points)"),
    "sd_note": Text(ja="標準偏差は n − 1 で割った標本標準偏差です。提出したが演習を採点できなかった"
                       "場合は 0 点として数えます。",
                    en="SD is the sample standard deviation (n − 1). An exercise a submission "
                       "could not be graded on counts as 0 points."),
    # misconceptions
    "where": Text(ja="場所", en="where"),
    "misconception": Text(ja="誤り", en="misconception"),
    "hint": Text(ja="ヒント", en="hint"),
    "share": Text(ja="割合", en="share"),
    "exercise": Text(ja="演習", en="exercise"),
    "quiz": Text(ja="クイズ", en="quiz"),
    "top_misconceptions": Text(ja="多かった誤り（学生数）", en="Most frequent (students)"),
    "heat_map": Text(ja="学生 × 誤り", en="Students × misconceptions"),
    "heat_students": Text(ja="学生（{n} 人）", en="students ({n})"),
    "heat_legend": Text(ja="その誤りをした箇所の数", en="places where made"),
    "heat_note": Text(ja="多かった誤り {n} 個。列は学生（誤りの多い順、同じ誤りの学生が並びます）、"
                         "色はその誤りをした演習・問題の数です。",
                      en="The {n} most frequent misconceptions; columns are students (most "
                         "mistakes first, those with the same ones side by side), colour is "
                         "how many exercises or items they made it in."),
    "no_misconceptions": Text(ja="既知の誤りは見つかりませんでした。",
                              en="No known misconception was found."),
    # items
    "items_note": Text(
        ja="Moodle の小テスト統計と同じ計算です（百分率）。課題ごとに、採点対象のクイズ問題と"
           "演習のチェックを 1 つの小テストの問題として扱います。Moodle と同じく、識別効率 "
           "15% 未満と識別指数 30% 未満に印を付けます。",
        en="Computed as Moodle's quiz statistics report does (in percent). Each assignment is a "
           "quiz whose questions are its graded quiz items and exercise checks. As in Moodle, "
           "a discriminative efficiency under 15 % and a discrimination index under 30 % are "
           "flagged."),
    "quiz_stats": Text(ja="小テストとしての統計", en="As a quiz"),
    "cic": Text(ja="CIC（クロンバックの α）", en="CIC (Cronbach's α)"),
    "error_ratio": Text(ja="誤差比", en="error ratio"),
    "standard_error": Text(ja="標準誤差", en="standard error"),
    "item": Text(ja="項目", en="item"),
    "type": Text(ja="種類", en="type"),
    "check": Text(ja="チェック", en="check"),
    "type_single": Text(ja="単一選択", en="single choice"),
    "type_multiple": Text(ja="複数選択", en="multiple choice"),
    "type_true-false": Text(ja="正誤", en="true/false"),
    "type_numeric": Text(ja="数値", en="numeric"),
    "type_numeric-array": Text(ja="数値の配列", en="numeric array"),
    "type_text": Text(ja="語句", en="text"),
    "type_ordering": Text(ja="並べ替え", en="ordering"),
    "type_matching": Text(ja="組み合わせ", en="matching"),
    "n": Text(ja="人数", en="n"),
    "facility": Text(ja="正答率", en="facility"),
    "item_sd": Text(ja="SD", en="SD"),
    "random_guess_score": Text(ja="当て推量", en="random guess"),
    "intended_weight": Text(ja="意図した重み", en="intended weight"),
    "effective_weight": Text(ja="実効重み", en="effective weight"),
    "discrimination_index": Text(ja="識別指数", en="discrimination index"),
    "discriminative_efficiency": Text(ja="識別効率", en="discriminative efficiency"),
    "flags": Text(ja="要確認", en="flags"),
    "flag_discriminative_efficiency": Text(ja="識別効率 < 15%", en="efficiency < 15%"),
    "flag_discrimination_index": Text(ja="識別指数 < 30%", en="discrimination < 30%"),
    "scatter_x": Text(ja="正答率 (%)", en="facility (%)"),
    "scatter_y": Text(ja="識別指数 (%)", en="discrimination index (%)"),
    "scatter_note": Text(ja="点は項目。オレンジは Moodle が印を付ける項目、破線は識別指数 30%。",
                         en="Each point is an item; orange ones are flagged as Moodle flags "
                            "them; the dashed line is a discrimination index of 30 %."),
    "distractors": Text(ja="選択肢の分析（上位・下位 27%）", en="Distractor analysis "
                        "(upper and lower 27 %)"),
    "distractors_note": Text(ja="各選択肢を選んだ学生の割合（全体・課題の合計点の上位 27%・下位 "
                                "27%）。誤答の選択肢で、選んだ人が 5% 未満のものと、上位群が下位群"
                                "より多く選んだものに印を付けます。",
                             en="Share of students choosing each option: all, the upper 27 % "
                                "and the lower 27 % by the assignment's total. Wrong options "
                                "chosen by under 5 %, or more by the upper group than the "
                                "lower, are flagged."),
    "option": Text(ja="選択肢", en="option"),
    "correct": Text(ja="正解", en="correct"),
    "chosen_by": Text(ja="選んだ人数", en="chosen by"),
    "upper": Text(ja="上位群", en="upper group"),
    "lower": Text(ja="下位群", en="lower group"),
    "no_option": Text(ja="（読み取れず）", en="(none read)"),
    "flag_non_functioning": Text(ja="ほとんど選ばれない", en="hardly chosen"),
    "flag_attracts_upper": Text(ja="上位群が多く選ぶ", en="attracts the upper group"),
    "group_size": Text(ja="各群 {k} 人", en="{k} students per group"),
    "variants": Text(ja="変種ごとの正答率（公平性）", en="Facility per variant (fairness)"),
    "variants_note": Text(
        ja="学生ごとに数値の違う問題で、変種の正答率がほかの変種と有意に違うものに印を付けます"
           "（正誤のみの問題は Fisher の正確検定、部分点のある問題は Mann–Whitney の U 検定、"
           "Bonferroni 補正後 p < 0.05）。",
        en="For items with per-student variants, a variant whose facility differs "
           "significantly from the item's other variants is flagged (Fisher's exact test for "
           "right/wrong items, Mann–Whitney U with partial credit; Bonferroni-corrected "
           "p < 0.05)."),
    "variant": Text(ja="変種", en="variant"),
    "item_facility": Text(ja="問題全体の正答率", en="item's facility"),
    "p_value": Text(ja="p 値（補正後）", en="p (corrected)"),
    "differs": Text(ja="有意に異なる", en="differs"),
    "no_items": Text(ja="採点対象の項目がありません。", en="No graded items."),
    "no_variants": Text(ja="複数の変種が使われた問題はありません。",
                        en="No item was given in more than one variant."),
    # integrity
    "audit": Text(ja="監査（nbgrader と隔離採点の比較）",
                  en="Audit (nbgrader against the isolated grader)"),
    "audit_note": Text(ja="nbgrader が学生のカーネル内で付けた得点が隔離採点より高い提出です"
                          "（autograde audit と同じ）。",
                       en="Submissions nbgrader scored higher in the student's kernel than the "
                          "isolated grader did (as autograde audit lists them)."),
    "audit_no_course": Text(ja="コースのフォルダの外で作成したため、監査はありません"
                               "（--course でコースを指定してください）。",
                            en="No audit: not run in an nbgrader course (give --course)."),
    "audit_clean": Text(ja="{assignment}: nbgrader の得点が高い提出はありません（{n} 件を比較）。",
                        en="{assignment}: no submission scored higher by nbgrader "
                           "({n} compared)."),
    "nbgrader": Text(ja="nbgrader", en="nbgrader"),
    "isolated": Text(ja="隔離採点", en="isolated"),
    "reasons": Text(ja="理由", en="reasons"),
    "scan_flags": Text(ja="静的検査の警告", en="Static scan flags"),
    "rule": Text(ja="規則", en="rule"),
    "cell": Text(ja="セル:行", en="cell:line"),
    "code": Text(ja="コード", en="code"),
    "events": Text(ja="サンドボックスの記録", en="Sandbox events"),
    "event": Text(ja="記録", en="event"),
    "detail": Text(ja="詳細", en="detail"),
    "wrong_variant": Text(ja="他人の変種の答え", en="Answers fitting another student's variant"),
    "wrong_variant_note": Text(
        ja="自分の変種では誤りで、別の変種では正しい答えです。答えを写した強い兆候です"
           "（学生ごとに変種がある問題だけで分かります）。",
        en="Answers wrong for the student's own variant but right for another one: a strong "
           "sign of copying, which only per-student variants reveal."),
    "own_variant": Text(ja="自分の変種", en="own variant"),
    "fits_variant": Text(ja="合う変種", en="fits variant"),
    "answer": Text(ja="答え", en="answer"),
    "holders": Text(ja="その変種の学生", en="students given that variant"),
    "clusters": Text(ja="よく似た解答のグループ", en="Clusters of near-identical solutions"),
    "clusters_note": Text(ja="採点時に保存した解答の指紋（トークンの winnowing）の類似度が "
                             "{threshold} 以上の学生をまとめています。",
                          en="Students whose solution fingerprints (token winnowing, stored at "
                             "grading time) are at least {threshold} similar."),
    "similarity": Text(ja="類似度", en="similarity"),
    "members": Text(ja="学生", en="students"),
    "student": Text(ja="学生", en="student"),
    # students
    "name": Text(ja="氏名", en="name"),
    "percent": Text(ja="合計 (%)", en="total (%)"),
    "misconceptions_count": Text(ja="誤りの数", en="misconceptions"),
    "signals": Text(ja="兆候", en="signals"),
    "late": Text(ja="遅れ", en="late"),
    "not_submitted": Text(ja="未提出", en="not submitted"),
    "drill_down": Text(ja="学生ごとの詳細", en="Per student"),
    "needs_script": Text(ja="詳細の表示には JavaScript が必要です。",
                         en="The details need JavaScript."),
    "submitted_at": Text(ja="提出 {timestamp}", en="submitted {timestamp}"),
    "due": Text(ja="締切 {duedate}", en="due {duedate}"),
    "late_by": Text(ja="{hours:.1f} 時間遅れ", en="{hours:.1f} h late"),
    "on_time": Text(ja="期限内", en="on time"),
    "no_timestamp": Text(ja="提出日時の記録なし", en="no submission time recorded"),
    "late_note": Text(ja="提出日時と締切は nbgrader の gradebook から読んでいます。",
                      en="Submission times and due dates come from nbgrader's gradebook."),
    "no_gradebook": Text(ja="nbgrader の gradebook がないため、提出の遅れは分かりません。",
                         en="No nbgrader gradebook: late submissions are unknown."),
    "checks": Text(ja="チェック", en="checks"),
    "failed": Text(ja="不合格", en="failed"),
    "kind": Text(ja="種類", en="kind"),
    "practice": Text(ja="練習", en="practice"),
    "graded": Text(ja="採点", en="graded"),
    "error": Text(ja="エラー", en="error"),
    "signals_of": Text(ja="兆候", en="signals"),
    "audit_signal": Text(ja="監査: nbgrader {kernel:g} 点 > 隔離採点 {isolated} 点",
                         en="audit: nbgrader {kernel:g} > isolated {isolated}"),
    "variant_signal": Text(ja="{item}: 変種 {variant} の答え（自分は {own}）",
                           en="{item}: answer of variant {variant} (own: {own})"),
    "cluster_signal": Text(ja="{exercise}: よく似た解答 {others}（{similarity}）",
                           en="{exercise}: near-identical to {others} ({similarity})"),
}
