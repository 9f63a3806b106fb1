//! What `tiers check` shows: the config it would use, each table it recognised and the column
//! mapping it chose, the orders' dates and what counts, and every row it would not use, as a
//! terminal report or one JSON object.

use std::fmt::Write as _;
use std::path::PathBuf;

use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use rustc_hash::FxHashSet;
use serde_json::{Value, json};

use super::table::{count, integer};
use crate::issues::{Action, DataIssue};
use crate::location::Column;
use crate::model::{Lang, NotCounted, Order, OrderKind, Origin, Window};
use crate::pipeline::columns::{Dataset, OrderPart, TableInfo, TableKind};
use crate::pipeline::previous::Previous;
use crate::write::labels::{labels, table_kind};

/// The configuration `score` would grade with.
#[derive(Debug)]
pub enum ConfigStatus {
    /// No config file: the built-in defaults.
    Defaults,
    /// This file, valid.
    Valid(PathBuf),
    /// This file, and why it cannot be used (the inputs are then checked with the defaults).
    Invalid(PathBuf, String),
}

/// What is at the output path.
#[derive(Debug)]
pub enum OutputStatus {
    /// Nothing there: a new workbook would be written.
    New(PathBuf),
    /// `--fresh`: a new workbook would replace the file there, which would be backed up.
    Replace(PathBuf),
    /// A workbook `tiers` wrote, which `score` would re-grade.
    Regrade(PathBuf, Box<Previous>),
    /// A file `score` would refuse to replace (the reason is among the problems).
    Unusable(PathBuf),
}

/// Everything `tiers check` found.
#[derive(Debug)]
pub struct Findings<'a> {
    /// The configuration.
    pub config: ConfigStatus,
    /// The workbook at the output path.
    pub output: OutputStatus,
    /// The recognised inputs, with their orders classified; `None` when they could not be
    /// read or recognised.
    pub data: Option<&'a Dataset>,
    /// The scoring window the orders were classified against.
    pub window: Window,
    /// Why `tiers score` would fail; empty when it would succeed.
    pub problems: Vec<String>,
    /// The language of the terminal report (the JSON object is always English).
    pub lang: Lang,
}

/// How the order lines fall against the scoring window.
#[derive(Debug, Default, PartialEq, Eq)]
struct OrderCounts {
    lines: usize,
    first: Option<chrono::NaiveDate>,
    last: Option<chrono::NaiveDate>,
    purchases: usize,
    returns: usize,
    pending: usize,
    cancelled: usize,
    refunded: usize,
    before_window: usize,
    after_as_of: usize,
    buyers: usize,
}

impl OrderCounts {
    /// Counts classified orders.
    fn of(orders: &[Order]) -> Self {
        let mut counts = Self {
            lines: orders.len(),
            first: orders.iter().map(|o| o.date).min(),
            last: orders.iter().map(|o| o.date).max(),
            ..Self::default()
        };
        let mut buyers = FxHashSet::default();
        for order in orders {
            match order.not_counted {
                None if order.kind == OrderKind::Return => counts.returns += 1,
                None => {
                    counts.purchases += 1;
                    buyers.insert(order.customer);
                }
                Some(NotCounted::Pending) => counts.pending += 1,
                Some(NotCounted::Cancelled) => counts.cancelled += 1,
                Some(NotCounted::Refunded) => counts.refunded += 1,
                Some(NotCounted::BeforeWindow) => counts.before_window += 1,
                Some(NotCounted::AfterAsOf) => counts.after_as_of += 1,
            }
        }
        counts.buyers = buyers.len();
        counts
    }
}

/// The unused columns of a table, and what becomes of them.
fn other_columns_note(table: &TableInfo, lang: Lang) -> &'static str {
    match (table.kind == TableKind::Customers, lang) {
        (true, Lang::En) => "kept as customer attributes",
        (true, Lang::Zh) => "作为客户属性保留",
        (false, Lang::En) => "ignored",
        (false, Lang::Zh) => "忽略",
    }
}

/// The English or the Chinese of a text, as the report's language asks.
fn say(lang: Lang, en: String, zh: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

fn issues_of(data: &Dataset, action: Action) -> impl Iterator<Item = &DataIssue> {
    data.issues.iter().filter(move |i| i.action == action)
}

/// The report for the terminal.
pub fn render(findings: &Findings<'_>) -> String {
    let lang = findings.lang;
    let mut out = String::new();
    let config = match &findings.config {
        ConfigStatus::Defaults => say(
            lang,
            "Config: the built-in defaults (no tiers.toml here; `tiers init` writes one)".into(),
            "配置：内置默认值（此处没有 tiers.toml；`tiers init` 可生成一份）".into(),
        ),
        ConfigStatus::Valid(path) => say(
            lang,
            format!("Config: {}: valid", path.display()),
            format!("配置：{}：有效", path.display()),
        ),
        ConfigStatus::Invalid(path, why) => say(
            lang,
            format!(
                "Config: {}: INVALID: {why}\n  (the inputs below were checked with the built-in defaults)",
                path.display()
            ),
            format!(
                "配置：{}：无效：{why}\n  （以下输入按内置默认值检查）",
                path.display()
            ),
        ),
    };
    let _ = writeln!(out, "{config}");
    let output = match &findings.output {
        OutputStatus::New(path) => say(
            lang,
            format!(
                "Output: {}: a new workbook would be written",
                path.display()
            ),
            format!("输出：{}：将写入新的工作簿", path.display()),
        ),
        OutputStatus::Replace(path) => say(
            lang,
            format!(
                "Output: {}: a new workbook would replace it (--fresh)",
                path.display()
            ),
            format!("输出：{}：将以新工作簿替换它（--fresh）", path.display()),
        ),
        OutputStatus::Regrade(path, previous) => {
            let customers = integer(previous.rows.len() as u64);
            say(
                lang,
                format!(
                    "Output: {}: a workbook tiers wrote, with {customers} customers and {}; it would be re-graded, keeping the team's columns",
                    path.display(),
                    runs(previous, lang)
                ),
                format!(
                    "输出：{}：tiers 写的工作簿，有 {customers} 位客户，{}；将重新评级，保留团队的列",
                    path.display(),
                    runs(previous, lang)
                ),
            )
        }
        OutputStatus::Unusable(path) => say(
            lang,
            format!("Output: {}: cannot be re-graded (below)", path.display()),
            format!("输出：{}：无法重新评级（见下）", path.display()),
        ),
    };
    let _ = writeln!(out, "{output}");
    if let Some(data) = findings.data {
        render_data(&mut out, data, findings.window, lang);
    }
    if findings.problems.is_empty() {
        out.push_str(match lang {
            Lang::En => "\ntiers score would succeed.",
            Lang::Zh => "\ntiers score 可以成功运行。",
        });
    } else {
        out.push_str(match lang {
            Lang::En => "\ntiers score would fail:",
            Lang::Zh => "\ntiers score 将会失败：",
        });
        for problem in &findings.problems {
            let _ = write!(out, "\n  - {problem}");
        }
    }
    out
}

/// `3 runs, the last as of 2026-10-31`.
fn runs(previous: &Previous, lang: Lang) -> String {
    let mut dates: Vec<_> = previous.history.iter().map(|s| s.as_of).collect();
    dates.sort_unstable();
    dates.dedup();
    match dates.last() {
        Some(last) => say(
            lang,
            format!(
                "{}, the last as of {last}",
                count(dates.len(), "run", "runs")
            ),
            format!(
                "评级 {} 次，最近一次截至 {last}",
                integer(dates.len() as u64)
            ),
        ),
        None => say(lang, "no tier history".into(), "没有等级历史".into()),
    }
}

fn render_data(out: &mut String, data: &Dataset, window: Window, lang: Lang) {
    render_tables(out, data, lang);
    render_counts(out, data, window, lang);
    render_issues(out, data, lang);
}

/// Each table, what it holds and the columns taken for each field.
fn render_tables(out: &mut String, data: &Dataset, lang: Lang) {
    let source_name = |index: usize| match lang {
        Lang::En => data.sources[index].to_string(),
        Lang::Zh => data.sources[index].zh(),
    };
    let mut tables = Table::new();
    tables
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(match lang {
            Lang::En => ["Table", "Holds", "Header row", "Rows used", "Rows not used"],
            Lang::Zh => ["表", "内容", "表头行", "已用行数", "未用行数"],
        });
    for index in 0..data.sources.len() {
        let source = source_name(index);
        match data.tables.iter().find(|t| t.source == index) {
            Some(table) => tables.add_row(vec![
                Cell::new(source),
                Cell::new(table_kind(labels(lang), table)),
                Cell::new(table.header_row).set_alignment(CellAlignment::Right),
                Cell::new(integer(table.rows_used as u64)).set_alignment(CellAlignment::Right),
                Cell::new(integer(table.rows_skipped as u64)).set_alignment(CellAlignment::Right),
            ]),
            None => tables.add_row(vec![
                Cell::new(source),
                Cell::new(say(lang, "not used".into(), "未使用".into())),
            ]),
        };
    }
    let _ = writeln!(
        out,
        "\n{}\n{tables}",
        say(lang, "Tables".into(), "表格".into())
    );
    for table in &data.tables {
        let mut columns = Table::new();
        columns
            .load_style(UTF8_FULL_CONDENSED)
            .set_header(match lang {
                Lang::En => ["Field", "Column"],
                Lang::Zh => ["字段", "列"],
            });
        for (field, column) in &table.columns {
            columns.add_row(vec![field.key().to_owned(), column.label()]);
        }
        for column in &table.other_columns {
            columns.add_row(vec![
                say(
                    lang,
                    format!("({})", other_columns_note(table, lang)),
                    format!("（{}）", other_columns_note(table, lang)),
                ),
                column.label(),
            ]);
        }
        let (source, kind) = (source_name(table.source), table_kind(labels(lang), table));
        let _ = writeln!(
            out,
            "\n{}\n{columns}",
            say(
                lang,
                format!("{source}: {kind}, header in row {}", table.header_row),
                format!("{source}：{kind}，表头在第 {} 行", table.header_row),
            )
        );
    }
}

/// The orders against the window, the customers and the feedback.
fn render_counts(out: &mut String, data: &Dataset, window: Window, lang: Lang) {
    let counts = OrderCounts::of(&data.orders);
    let _ = writeln!(out, "\n{}", orders_line(&counts, window, lang));
    let from_sheets = data
        .customers
        .iter()
        .filter(|c| c.origin == Origin::CustomersSheet)
        .count();
    let n = |x: usize| integer(x as u64);
    let (all, only_orders) = (data.customers.len(), data.customers.len() - from_sheets);
    let _ = writeln!(
        out,
        "{}",
        say(
            lang,
            format!(
                "Customers: {} ({} from customers sheets, {} found only in the orders), {} bought in the window",
                n(all),
                n(from_sheets),
                n(only_orders),
                n(counts.buyers),
            ),
            format!(
                "客户：{} 位（客户表 {} 位，仅见于订单 {} 位），窗口内有购买 {} 位",
                n(all),
                n(from_sheets),
                n(only_orders),
                n(counts.buyers),
            ),
        )
    );
    let feedback = n(data.feedback.len());
    let _ = writeln!(
        out,
        "{}",
        say(
            lang,
            format!("Feedback: {feedback} rows"),
            format!("反馈：{feedback} 行"),
        )
    );
}

/// The rows not used, those used with a note, and the notes on whole tables.
fn render_issues(out: &mut String, data: &Dataset, lang: Lang) {
    let n = |x: usize| integer(x as u64);
    for (action, title) in [
        (Action::Skipped, ["Rows not used", "未使用的行"]),
        (
            Action::Noted,
            ["Rows used with a note", "已使用但有说明的行"],
        ),
    ] {
        let issues: Vec<&DataIssue> = issues_of(data, action).collect();
        if !issues.is_empty() {
            let [en, zh] = title;
            let issues_count = n(issues.len());
            let _ = writeln!(
                out,
                "\n{}",
                say(
                    lang,
                    format!("{en} ({issues_count}):"),
                    format!("{zh}（{issues_count}）："),
                )
            );
            for issue in issues {
                let _ = writeln!(out, "  {}", issue.describe(&data.sources, lang));
            }
        }
    }
    if !data.notices.is_empty() {
        out.push_str(match lang {
            Lang::En => "\nNotes:\n",
            Lang::Zh => "\n说明：\n",
        });
        for notice in &data.notices {
            let _ = writeln!(out, "  {}", notice.get(lang));
        }
    }
}

fn orders_line(counts: &OrderCounts, window: Window, lang: Lang) -> String {
    let (Some(first), Some(last)) = (counts.first, counts.last) else {
        return say(
            lang,
            "Orders: no usable order lines".into(),
            "订单：没有可用的订单行".into(),
        );
    };
    let n = |x: usize| integer(x as u64);
    let mut stale = String::new();
    for note in [
        super::stale_inputs_note(last, window.end),
        super::short_inputs_note(first, window),
    ]
    .into_iter()
    .flatten()
    {
        let _ = write!(stale, "\n  {}", note.get(lang));
    }
    let (start, end) = (window.start, window.end);
    say(
        lang,
        format!(
            "Orders: {} dated {first} to {last}\n  count, in the window {start} to {end}: {}, {}\n  \
             not counted: {} pending, {} cancelled, {} refunded, {} before the window, {} after \
             the as-of date{stale}",
            count(counts.lines, "line", "lines"),
            count(counts.purchases, "purchase line", "purchase lines"),
            count(counts.returns, "return", "returns"),
            n(counts.pending),
            n(counts.cancelled),
            n(counts.refunded),
            n(counts.before_window),
            n(counts.after_as_of),
        ),
        format!(
            "订单：{} 行，日期 {first} 至 {last}\n  计入（窗口 {start} 至 {end}）：购买 {} 行，退货 {} 行\n  \
             不计入：待处理 {}，已取消 {}，已退款 {}，窗口之前 {}，截止日期之后 {}{stale}",
            n(counts.lines),
            n(counts.purchases),
            n(counts.returns),
            n(counts.pending),
            n(counts.cancelled),
            n(counts.refunded),
            n(counts.before_window),
            n(counts.after_as_of),
        ),
    )
}

/// The orders' counts in `check --json`.
fn orders_json(counts: &OrderCounts, window: Window) -> Value {
    json!({
        "lines": counts.lines,
        "first_date": counts.first.map(|d| d.to_string()),
        "last_date": counts.last.map(|d| d.to_string()),
        "window": { "start": window.start.to_string(), "end": window.end.to_string() },
        "purchases": counts.purchases,
        "returns": counts.returns,
        "pending": counts.pending,
        "cancelled": counts.cancelled,
        "refunded": counts.refunded,
        "before_window": counts.before_window,
        "after_as_of": counts.after_as_of,
        "stale_inputs": counts
            .last
            .and_then(|last| super::stale_inputs_note(last, window.end))
            .map(|note| note.en),
        "short_inputs": counts
            .first
            .and_then(|first| super::short_inputs_note(first, window))
            .map(|note| note.en),
    })
}

fn column_json(column: &Column) -> Value {
    json!({
        "header": column.header,
        "column": crate::location::column_letter(column.index),
    })
}

/// The findings as one JSON object, for scripts.
pub fn json(findings: &Findings<'_>) -> String {
    let mut object = json!({
        "ok": findings.problems.is_empty(),
        "problems": findings.problems,
    });
    object["config"] = match &findings.config {
        ConfigStatus::Defaults => json!({ "file": null, "problem": null }),
        ConfigStatus::Valid(path) => json!({ "file": path.display().to_string(), "problem": null }),
        ConfigStatus::Invalid(path, why) => {
            json!({ "file": path.display().to_string(), "problem": why })
        }
    };
    object["output"] = match &findings.output {
        OutputStatus::New(path) => json!({ "file": path.display().to_string(), "action": "new" }),
        OutputStatus::Replace(path) => {
            json!({ "file": path.display().to_string(), "action": "replace" })
        }
        OutputStatus::Regrade(path, previous) => json!({
            "file": path.display().to_string(),
            "action": "regrade",
            "customers": previous.rows.len(),
        }),
        OutputStatus::Unusable(path) => {
            json!({ "file": path.display().to_string(), "action": "refused" })
        }
    };
    if let Some(data) = findings.data {
        object["tables"] = data
            .sources
            .iter()
            .enumerate()
            .map(|(index, source)| {
                let mut entry = json!({
                    "file": source.file.display().to_string(),
                    "sheet": source.sheet,
                });
                if let Some(table) = data.tables.iter().find(|t| t.source == index) {
                    entry["kind"] = json!(table.kind.name());
                    // Which half of an order export split in two.
                    match table.part {
                        OrderPart::Whole => {}
                        OrderPart::Headers => entry["part"] = json!("order_rows"),
                        OrderPart::Lines => entry["part"] = json!("lines"),
                        OrderPart::Returned => entry["part"] = json!("returned_orders"),
                    }
                    entry["header_row"] = json!(table.header_row);
                    entry["rows_used"] = json!(table.rows_used);
                    entry["rows_not_used"] = json!(table.rows_skipped);
                    entry["columns"] = table
                        .columns
                        .iter()
                        .map(|(field, column)| {
                            let mut c = column_json(column);
                            c["field"] = json!(field.key());
                            c
                        })
                        .collect();
                    entry["other_columns"] = table.other_columns.iter().map(column_json).collect();
                }
                entry
            })
            .collect();
        let counts = OrderCounts::of(&data.orders);
        object["orders"] = orders_json(&counts, findings.window);
        object["customers"] = json!({
            "total": data.customers.len(),
            "bought_in_window": counts.buyers,
        });
        object["feedback_rows"] = json!(data.feedback.len());
        object["issues"] = data
            .issues
            .iter()
            .map(|issue| {
                let source = &data.sources[issue.source];
                json!({
                    "file": source.file.display().to_string(),
                    "sheet": source.sheet,
                    "row": issue.row,
                    "column": issue.column.as_ref().map(column_json),
                    "value": issue.value,
                    "reason": issue.reason.en,
                    "used": issue.action == Action::Noted,
                })
            })
            .collect();
        object["notes"] = json!(data.notices.iter().map(|n| &n.en).collect::<Vec<_>>());
    }
    object.to_string()
}
