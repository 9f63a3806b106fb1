//! `tiers check`: what it reports on good and bad inputs, that it writes nothing, and that it
//! fails exactly when `tiers score` would.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::path::Path;

use crate::common::{Sheet, copy_fixture, tiers};

/// The shop fixture's orders plus one line whose amount is not a number (line 14).
fn shop_with_a_bad_line() -> tempfile::TempDir {
    let dir = copy_fixture("shop");
    append_bad_line(dir.path());
    dir
}

fn append_bad_line(dir: &Path) {
    let orders = dir.join("orders.csv");
    let mut text = std::fs::read_to_string(&orders).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("SO013,C001,2026-05-01,Tea,Beverages,abc,Completed,Repeat\n");
    std::fs::write(&orders, text).unwrap();
}

/// `tiers check ARGS` in `dir`: exit code and stdout.
fn check(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = tiers(dir).arg("check").args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// Whether one line of `out` holds every part.
fn has_line(out: &str, parts: &[&str]) -> bool {
    out.lines().any(|l| parts.iter().all(|p| l.contains(p)))
}

fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

const SHOP: [&str; 5] = [
    "customers.csv",
    "orders.csv",
    "feedback.csv",
    "--as-of",
    "2026-06-30",
];

#[test]
fn on_the_shop_it_shows_tables_columns_dates_and_counts_and_writes_nothing() {
    let dir = copy_fixture("shop");
    let before = files_in(dir.path());
    let (code, out) = check(dir.path(), &SHOP);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        files_in(dir.path()),
        before,
        "check wrote or changed a file"
    );
    for parts in [
        ["customers.csv", "customers", " 1 ", " 4 ", " 0 "],
        ["orders.csv", "orders", " 1 ", " 12 ", " 0 "],
        ["feedback.csv", "feedback", " 1 ", " 2 ", " 0 "],
        ["│ amount ", "\"Amount\" (F)", "", "", ""],
        ["│ type ", "\"Order Type\" (H)", "", "", ""],
        ["│ region ", "\"Region\" (E)", "", "", ""],
    ] {
        assert!(has_line(&out, &parts), "no line with {parts:?} in:\n{out}");
    }
    for line in [
        "Config: the built-in defaults",
        // By hand, window 2025-07-01 to 2026-06-30: SO002, 003, 004, 007, 008, 010, 012
        // count; SO005 is the return; SO006 pending, SO009 cancelled, SO001 before the
        // window, SO011 after the as-of date.
        "Orders: 12 lines dated 2025-03-01 to 2026-07-02",
        "count, in the window 2025-07-01 to 2026-06-30: 7 purchase lines, 1 return",
        "not counted: 1 pending, 1 cancelled, 0 refunded, 1 before the window, 1 after the as-of date",
        // C005 is only in the orders; C001, C002, C003 and C005 bought in the window.
        "Customers: 5 (4 from customers sheets, 1 found only in the orders), 4 bought in the window",
        "Feedback: 2 rows",
        "tiers score would succeed.",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
    assert!(!out.contains("Rows not used ("), "{out}");
    assert!(!out.contains("days before the as-of date"), "{out}");
}

/// A month's export alone, graded over a year: `check` and `score` say the orders start
/// months into the window. By hand: the window starts 2025-07-01, the first order is dated
/// 2026-06-02, 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 + 31 + 28 + 31 + 1 = 336 days
/// later.
#[test]
fn it_says_when_the_inputs_start_months_into_the_window() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("june.csv"),
        "Order ID,Customer ID,Order Date,Amount\nO1,C1,2026-06-02,100\nO2,C2,2026-06-20,50\n",
    )
    .unwrap();
    let line = "the earliest order in the inputs is dated 2026-06-02, 336 days after the scoring window starts (2025-07-01)";
    let (code, out) = check(dir.path(), &["june.csv", "--as-of", "2026-06-30"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(line), "{out}");
    let stderr = crate::common::stderr_of(
        dir.path(),
        &["score", "june.csv", "-o", "m.xlsx", "--as-of", "2026-06-30"],
        0,
    );
    assert!(stderr.contains(line), "{stderr}");
    let (_, out) = check(dir.path(), &["june.csv", "--as-of", "2026-06-30", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        json["orders"]["short_inputs"]
            .as_str()
            .unwrap()
            .starts_with(line)
    );
    // Graded as of the next April, the window starts 2026-05-01, a month before them.
    let (_, out) = check(dir.path(), &["june.csv", "--as-of", "2027-04-30"]);
    assert!(!out.contains("the earliest order"), "{out}");
}

/// `--lang zh` gives the same report in Chinese (the figures as worked out above), and a
/// workbook at the output path written in Chinese makes Chinese the default.
#[test]
fn in_chinese_it_gives_the_same_findings() {
    let dir = shop_with_a_bad_line();
    let (code, out) = check(dir.path(), &[&SHOP[..], &["--lang", "zh"]].concat());
    assert_eq!(code, 0, "{out}");
    for line in [
        "配置：内置默认值",
        "订单：12 行，日期 2025-03-01 至 2026-07-02",
        "计入（窗口 2025-07-01 至 2026-06-30）：购买 7 行，退货 1 行",
        "不计入：待处理 1，已取消 1，已退款 0，窗口之前 1，截止日期之后 1",
        "客户：5 位（客户表 4 位，仅见于订单 1 位），窗口内有购买 4 位",
        "反馈：2 行",
        "未使用的行（1）：",
        "orders.csv 第 14 行，“Amount”列 (F)：应为金额",
        "tiers score 可以成功运行。",
    ] {
        assert!(out.contains(line), "missing {line:?} in:\n{out}");
    }
    for parts in [
        &["│ 表 ", "内容", "表头行"][..],
        &["orders.csv", "订单", " 12 ", " 1 "],
    ] {
        assert!(has_line(&out, parts), "no line with {parts:?} in:\n{out}");
    }
    for english in [
        "Config:",
        "Orders:",
        "Customers:",
        "Rows not used",
        "would succeed",
    ] {
        assert!(!out.contains(english), "{english:?} in:\n{out}");
    }
    tiers(dir.path())
        .arg("score")
        .args(SHOP)
        .args(["-o", "book.xlsx", "-q", "--lang", "zh"])
        .assert()
        .success();
    let (code, out) = check(dir.path(), &[&SHOP[..], &["-o", "book.xlsx"]].concat());
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("输出：book.xlsx：tiers 写的工作簿，有 5 位客户"),
        "{out}"
    );
}

/// Run long after the export was made, `check` says so as `score` does. By hand, the latest
/// order (SO011, 2026-07-02) is 29 + 31 + 30 + 31 + 30 + 31 = 182 days before 2026-12-31.
#[test]
fn it_says_when_the_inputs_stop_weeks_before_the_as_of_date() {
    let dir = copy_fixture("shop");
    let (code, out) = check(dir.path(), &["orders.csv", "--as-of", "2026-12-31"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("the latest order in the inputs is dated 2026-07-02, 182 days before the as-of date 2026-12-31"),
        "{out}"
    );
    assert!(
        out.contains("--as-of 2026-07-02 grades as of the inputs"),
        "{out}"
    );
}

#[test]
fn it_lists_the_rows_score_would_not_use_as_the_data_issues_sheet_does() {
    let dir = shop_with_a_bad_line();
    let (code, out) = check(dir.path(), &SHOP);
    assert_eq!(code, 0, "{out}");
    tiers(dir.path())
        .arg("score")
        .args(SHOP)
        .args(["-o", "book.xlsx", "-q"])
        .assert()
        .success();
    let issues = Sheet::read(&dir.path().join("book.xlsx"), "Data issues");
    let skipped: Vec<_> = issues
        .rows
        .iter()
        .filter(|r| issues.text(r, "Action") == "skipped")
        .collect();
    assert_eq!(skipped.len(), 1);
    let listed = out
        .split_once("Rows not used (1):\n")
        .unwrap_or_else(|| panic!("{out}"))
        .1;
    let row = &skipped[0];
    let line = format!("orders.csv, line {},", issues.text(row, "Row"));
    let problem = format!(
        "{}, found \"{}\"",
        issues.text(row, "Problem"),
        issues.text(row, "Value")
    );
    assert!(
        has_line(listed, &[&line, &problem]),
        "{line} {problem} not in:\n{listed}"
    );
    assert_eq!(line, "orders.csv, line 14,");
}

/// What a case puts in the shop folder before `check` and `score` run.
enum Setup {
    Nothing,
    /// The shop's orders gain a line whose amount is not a number.
    BadLine,
    /// This `tiers.toml`.
    Config(&'static str),
    /// `book.xlsx`, the output, holds these bytes.
    Book(&'static [u8]),
    /// A workbook tiers wrote is at the output path, and open in Excel.
    OpenBook,
}

#[test]
fn it_fails_exactly_when_score_would() {
    let strict = [&SHOP[..], &["--strict"]].concat();
    let fresh = [&SHOP[..], &["--fresh"]].concat();
    let cases: [(&str, &[&str], Setup, bool); 11] = [
        ("good inputs", &SHOP, Setup::Nothing, true),
        ("a bad row", &SHOP, Setup::BadLine, true),
        ("a bad row, strict", &strict, Setup::BadLine, false),
        (
            "an invalid config",
            &SHOP,
            Setup::Config("[window]\nmonths = 0\n"),
            false,
        ),
        (
            "a configured column that is not there",
            &SHOP,
            Setup::Config("[columns.orders]\namount = \"Umsatz\"\n"),
            false,
        ),
        ("no orders table", &["customers.csv"], Setup::Nothing, false),
        (
            "a missing file",
            &["customers.csv", "ordres.csv"],
            Setup::Nothing,
            false,
        ),
        (
            "an output that is not a workbook",
            &SHOP,
            Setup::Book(b"not a zip"),
            false,
        ),
        ("the same, --fresh", &fresh, Setup::Book(b"not a zip"), true),
        ("an output open in Excel", &SHOP, Setup::OpenBook, false),
        ("the same, --fresh", &fresh, Setup::OpenBook, true),
    ];
    for (what, args, setup, succeeds) in cases {
        let dir = copy_fixture("shop");
        match setup {
            Setup::Nothing => {}
            Setup::BadLine => append_bad_line(dir.path()),
            Setup::Config(text) => std::fs::write(dir.path().join("tiers.toml"), text).unwrap(),
            Setup::Book(bytes) => std::fs::write(dir.path().join("book.xlsx"), bytes).unwrap(),
            Setup::OpenBook => {
                crate::common::score_into(dir.path(), "orders.csv", "book.xlsx", "2026-06-30");
                std::fs::write(dir.path().join("~$book.xlsx"), "").unwrap();
            }
        }
        let args = [args, &["-o", "book.xlsx"]].concat();
        let (code, out) = check(dir.path(), &args);
        let score = tiers(dir.path())
            .arg("score")
            .args(&args)
            .arg("-q")
            .output()
            .unwrap();
        assert_eq!(score.status.success(), succeeds, "score, {what}");
        assert_eq!(code == 0, succeeds, "check, {what}:\n{out}");
        assert!(code <= 1, "check, {what}: exit {code}");
        if !succeeds {
            assert!(out.contains("tiers score would fail:"), "{what}:\n{out}");
        }
    }
}

#[test]
fn it_says_what_it_would_do_with_the_workbook_at_the_output_path() {
    let dir = copy_fixture("shop");
    let args = [&SHOP[..], &["-o", "book.xlsx"]].concat();
    let (_, out) = check(dir.path(), &args);
    assert!(
        out.contains("Output: book.xlsx: a new workbook would be written"),
        "{out}"
    );
    crate::common::score_into(dir.path(), "orders.csv", "book.xlsx", "2026-05-31");
    crate::common::score_into(dir.path(), "orders.csv", "book.xlsx", "2026-06-30");
    let (_, out) = check(dir.path(), &args);
    // C001, C002, C003 and C005 (from the orders): C004 never ordered and only the orders
    // were given.
    assert!(
        out.contains("Output: book.xlsx: a workbook tiers wrote, with 4 customers and 2 runs, the last as of 2026-06-30; it would be re-graded"),
        "{out}"
    );
}

#[test]
fn an_invalid_config_is_reported_and_the_inputs_are_still_checked() {
    let dir = copy_fixture("shop");
    std::fs::write(dir.path().join("rules.toml"), "[score]\nweigths = {}\n").unwrap();
    let (code, out) = check(dir.path(), &[&SHOP[..], &["-c", "rules.toml"]].concat());
    assert_eq!(code, 1);
    assert!(out.contains("Config: rules.toml: INVALID"), "{out}");
    assert!(out.contains("unknown field `weigths`"), "{out}");
    assert!(out.contains("Orders: 12 lines"), "{out}");
}

#[test]
fn json_gives_the_same_findings_to_scripts() {
    let dir = shop_with_a_bad_line();
    let (code, out) = check(dir.path(), &[&SHOP[..], &["--json"]].concat());
    assert_eq!(code, 0);
    let found: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(found["ok"], true);
    let kinds: Vec<&str> = found["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["customers", "orders", "feedback"]);
    assert_eq!(found["orders"]["purchases"], 7);
    assert_eq!(found["orders"]["lines"], 12);
    let issues = found["issues"].as_array().unwrap();
    let skipped: Vec<_> = issues.iter().filter(|i| i["used"] == false).collect();
    assert_eq!(skipped.len(), 1, "{issues:?}");
    let issue = skipped[0];
    assert_eq!(issue["row"], 14);
    assert_eq!(issue["column"]["column"], "F");
    assert_eq!(issue["value"], "abc");
}

#[test]
fn a_sheet_that_is_not_a_table_is_named_as_not_used() {
    let dir = crate::common::copy_fixture("shop");
    std::fs::write(dir.path().join("notes.csv"), "Remark,Who\nCall back,Ann\n").unwrap();
    let (code, out) = check(dir.path(), &[&SHOP[..], &["notes.csv"]].concat());
    assert_eq!(code, 0, "{out}");
    assert!(has_line(&out, &["│ notes.csv ", " not used "]), "{out}");
    assert!(
        out.contains("notes.csv: not recognised as orders, customers, feedback or products, ignored (headers: \"Remark\", \"Who\")"),
        "{out}"
    );
}
