//! `tiers score` on real files: the shop fixture, whose every figure is computed by hand below.
//!
//! As-of 2026-06-30, so the window is 2025-07-01 – 2026-06-30 (midpoint 2025-12-30).
//! Hand computation of the default score (weights recency 20, frequency 30, monetary 40,
//! breadth 10; percentiles among the 4 active customers are 0, 33.33, 66.67, 100):
//!
//! | customer | orders | net spend | categories | days since last | complaints |
//! | C001 | 3 (SO002-4)   | 600 − 150 = 450 | 3 | 112 (2026-03-10) | 0 |
//! | C002 | 2 (SO007-8)   | 1200 + 300 = 1500 | 1 | 31 (2026-05-30) | 1 |
//! | C003 | 1 (SO010)     | 50 | 1 | 5 (2026-06-25) | 0 |
//! | C005 | 1 (SO012)     | 75 | 1 | 136 (2026-02-14) | 0 |
//!
//! recency: C003 100, C002 66.67, C001 33.33, C005 0
//! frequency: C001 100, C002 66.67, C003 and C005 tie on ranks 0–1 → 16.67
//! monetary: C002 100, C001 66.67, C005 33.33, C003 0
//! breadth: C001 100, the other three tie on ranks 0–2 → 33.33
//! C001 = (20·33.33 + 30·100 + 40·66.67 + 10·100) / 100 = 73.33
//! C002 = (20·66.67 + 30·66.67 + 40·100 + 10·33.33) / 100 − 5 (one complaint) = 71.67
//! C003 = (20·100 + 30·16.67 + 0 + 10·33.33) / 100 = 28.33
//! C005 = (0 + 30·16.67 + 40·33.33 + 10·33.33) / 100 = 21.67
//! Shares of 4 active customers: diamond round(0.2) = 0, gold round(0.8) = 1 (C001),
//! silver round(2.0) = 2 → one more (C002), the rest ordinary (C003, C005 and C004, inactive).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use predicates::prelude::*;

use crate::common::{Sheet, assert_close, copy_fixture, sheet_names, tiers};

const AS_OF: &str = "2026-06-30";

fn score_shop(lang: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = copy_fixture("shop");
    tiers(dir.path())
        .args([
            "score",
            "customers.csv",
            "orders.csv",
            "feedback.csv",
            "--as-of",
            AS_OF,
            "--lang",
            lang,
        ])
        .assert()
        .success();
    let out = dir.path().join("customers.tiers.xlsx");
    (dir, out)
}

/// Scores the shop's customers and orders with a `tiers.toml`; returns the directory.
fn score_shop_with_config(config: &str) -> tempfile::TempDir {
    let dir = copy_fixture("shop");
    std::fs::write(dir.path().join("tiers.toml"), config).unwrap();
    tiers(dir.path())
        .args(["score", "customers.csv", "orders.csv", "--as-of", AS_OF])
        .assert()
        .success();
    dir
}

#[test]
fn metrics_and_scores_match_the_hand_computation() {
    let (_dir, out) = score_shop("en");
    let sheet = Sheet::read(&out, "Customers");
    let expect = [
        // id, orders, net spend, categories, days, score, tier
        ("C001", 3.0, 450.0, 3.0, 112.0, 73.33, "gold"),
        ("C002", 2.0, 1500.0, 1.0, 31.0, 71.67, "silver"),
        ("C003", 1.0, 50.0, 1.0, 5.0, 28.33, "ordinary"),
        ("C005", 1.0, 75.0, 1.0, 136.0, 21.67, "ordinary"),
    ];
    for (id, orders, net, categories, days, score, tier) in expect {
        let row = sheet.row("Customer ID", id);
        assert_eq!(sheet.number(row, "Orders"), orders, "{id} orders");
        assert_close(
            sheet.number(row, "Net spend"),
            net,
            &format!("{id} net spend"),
        );
        assert_eq!(
            sheet.number(row, "Categories"),
            categories,
            "{id} categories"
        );
        assert_eq!(
            sheet.number(row, "Days since last order"),
            days,
            "{id} recency"
        );
        assert_close(sheet.number(row, "Score"), score, &format!("{id} score"));
        assert_eq!(sheet.text(row, "Tier"), tier, "{id} tier");
    }
    let c001 = sheet.row("Customer ID", "C001");
    // 150 returned of 600 purchased; 1 pending order (SO006); first order SO001 before the window.
    assert_close(sheet.number(c001, "Return rate"), 0.25, "C001 return rate");
    assert_eq!(sheet.number(c001, "Open orders"), 1.0);
    assert_eq!(sheet.date(c001, "First order"), "2025-03-01");
    // First half 100 + 200 = 300, second half 300 − 150 = 150 → (150 − 300) / 450.
    assert_close(sheet.number(c001, "Spend trend"), -1.0 / 3.0, "C001 trend");
    assert_eq!(
        sheet.number(sheet.row("Customer ID", "C002"), "Complaints"),
        1.0
    );
    // Attributes of the customers sheet are carried through.
    assert_eq!(sheet.text(c001, "Region"), "North");
    assert_eq!(sheet.text(c001, "Phone"), "138-0000-0001");
    // C004 never ordered: kept, graded lowest; C005 came from the orders only.
    let c004 = sheet.row("Customer ID", "C004");
    assert_eq!(
        (
            sheet.text(c004, "Tier").as_str(),
            sheet.number(c004, "Score")
        ),
        ("ordinary", 0.0)
    );
    assert_eq!(
        sheet.text(sheet.row("Customer ID", "C005"), "Listed in"),
        "orders only"
    );
    // Listed by tier, then score.
    assert_eq!(
        sheet.column("Customer ID"),
        ["C001", "C002", "C003", "C005", "C004"]
    );
}

#[test]
fn preferences_and_buying_rhythm_of_a_known_customer() {
    let (_dir, out) = score_shop("en");
    let sheet = Sheet::read(&out, "Customers");
    let c001 = sheet.row("Customer ID", "C001");
    // C001's counted purchases up to the as-of date, returns and pending left out:
    // Tea/Beverages 500 + 100, Cake/Snacks 200, Soap/Household 300 → 1,100.
    assert_eq!(
        sheet.text(c001, "Top categories"),
        "Beverages 55%, Household 27%, Snacks 18%"
    );
    assert_eq!(
        sheet.text(c001, "Top products"),
        "Tea 55%, Soap 27%, Cake 18%"
    );
    // Purchase days 2025-03-01, 08-15, 11-20, 2026-03-10: gaps 167, 97, 110 → median 110.
    assert_eq!(sheet.number(c001, "Order cycle (days)"), 110.0);
    assert_eq!(sheet.date(c001, "Next order expected"), "2026-06-28");
    // 112 days since the last purchase, not more than 1.5 × 110.
    assert_eq!(sheet.text(c001, "Overdue"), "no");
    // C003 bought on one day only in the window and history: no cycle.
    assert_eq!(
        sheet.text(sheet.row("Customer ID", "C003"), "Order cycle (days)"),
        ""
    );
}

#[test]
fn segments_of_the_shop_customers() {
    let (_dir, out) = score_shop("en");
    let sheet = Sheet::read(&out, "Customers");
    let segment = |id| sheet.text(sheet.row("Customer ID", id), "Segment");
    // Medians over the 4 active customers: average order (75 + 200) / 2 = 137.5, net spend
    // (75 + 450) / 2 = 262.5.
    // C002: 2 orders averaging 750 ≥ 2 × 137.5.
    assert_eq!(segment("C002"), "occasional large-order");
    // C003: first purchase 5 days before the as-of date, average 50 below the median.
    assert_eq!(segment("C003"), "new");
    // C005: all spend in the window's second half (trend +100%), net 75 below 262.5.
    assert_eq!(segment("C005"), "potential");
    // C001: gold but neither overdue (112 ≤ 1.5 × 110 days) nor falling fast (−33%): regular.
    assert_eq!(segment("C001"), "regular");
    // C004 is in the customers sheet but has no order: a prospect, not a lost customer.
    assert_eq!(segment("C004"), "prospect");
    let c002 = sheet.row("Customer ID", "C002");
    assert_eq!(
        sheet.text(c002, "Why this segment"),
        "2 orders, average order 750.00 (median 137.50)"
    );
    assert_eq!(
        sheet.text(c002, "Service"),
        "Quarterly contact, promotions; Key to develop: a dedicated sales rep, quarterly revisit"
    );
}

#[test]
fn attribute_classes_size_and_local_or_remote() {
    let dir = score_shop_with_config("[attributes]\nhome_region = \"north\"\n");
    let sheet = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "Customers");
    let cell = |id, header| sheet.text(sheet.row("Customer ID", id), header);
    // By net spend among 4 active customers: round(0.2 × 4) = 1 large (C002, 1,500), up to
    // round(0.5 × 4) = 2 medium or larger (C001, 450), the rest small.
    assert_eq!(cell("C002", "Size class"), "large (by net spend)");
    assert_eq!(cell("C001", "Size class"), "medium (by net spend)");
    assert_eq!(cell("C003", "Size class"), "small (by net spend)");
    // Home region "north" matches C001's "North"; C002 is in the South.
    assert_eq!(cell("C001", "Local or remote"), "local");
    assert_eq!(cell("C002", "Local or remote"), "remote");
    // C005 has no customers-sheet row, so no region.
    assert_eq!(cell("C005", "Local or remote"), "");
}

#[test]
fn rfm_segments_as_the_r_package_computes_them() {
    let dir = score_shop_with_config("[segments]\nmethod = \"rfm\"\n");
    let sheet = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "Customers");
    let cell = |id, header| sheet.text(sheet.row("Customer ID", id), header);
    // Counted lines up to the as-of date, returns negative: C001 5 lines, 950, last 2026-04-01
    // (90 days); C002 2, 1,500, 31 days; C003 1, 50, 5 days; C005 1, 75, 136 days.
    // Type-7 quantiles + 1: recency cuts 21.6, 43.8, 79.2, 109.4; frequency 2, 2.2, 2.8, 4.2;
    // monetary 66, 251, 776, 1171.
    assert_eq!(cell("C001", "RFM score"), "254");
    assert_eq!(cell("C002", "RFM score"), "425");
    assert_eq!(cell("C003", "RFM score"), "511");
    assert_eq!(cell("C005", "RFM score"), "112");
    // First matching row of the package's table.
    assert_eq!(cell("C001", "Segment"), "At Risk");
    assert_eq!(cell("C002", "Segment"), "Promising");
    assert_eq!(cell("C003", "Segment"), "New Customers");
    assert_eq!(cell("C005", "Segment"), "Lost");
    assert_eq!(cell("C004", "Segment"), "Others");
}

#[test]
fn orders_sheet_shows_type_and_whether_each_line_counted() {
    let (_dir, out) = score_shop("en");
    let orders = Sheet::read(&out, "Orders");
    assert_eq!(orders.rows.len(), 12);
    let check = |id: &str, kind: &str, counted: &str, reason: &str| {
        let row = orders.row("Order ID", id);
        assert_eq!(orders.text(row, "Type"), kind, "{id} type");
        assert_eq!(orders.text(row, "Counted"), counted, "{id} counted");
        assert_eq!(
            orders.text(row, "Not counted because"),
            reason,
            "{id} reason"
        );
    };
    check("SO001", "new", "no", "before the window");
    check("SO002", "repeat", "yes", "");
    check("SO005", "return", "yes", "");
    check("SO006", "repeat", "no", "pending");
    check("SO009", "repeat", "no", "cancelled");
    check("SO011", "repeat", "no", "after the as-of date");
    check("SO012", "new", "yes", "");
    let so005 = orders.row("Order ID", "SO005");
    assert_eq!(orders.number(so005, "Amount"), -150.0);
    assert_eq!(orders.text(so005, "Tier"), "gold");
    assert_eq!(orders.number(so005, "Row"), 6.0);
}

#[test]
fn summary_counts_and_tier_table_add_up() {
    let dir = copy_fixture("shop");
    let output = tiers(dir.path())
        .args([
            "score",
            "customers.csv",
            "orders.csv",
            "feedback.csv",
            "--as-of",
            AS_OF,
            "--json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["as_of"], AS_OF);
    assert_eq!(json["customers"], 5);
    // Counted orders: C001 3 + C002 2 + C003 1 + C005 1.
    assert_eq!(json["orders"], 7);
    // Net spend 450 + 1500 + 50 + 75.
    assert_eq!(json["net_spend"], 2075.0);
    assert_eq!(json["output"], "customers.tiers.xlsx");
    // The only note: C005 is not in the customers sheet.
    assert_eq!(json["warnings"], 1);
    let tiers: Vec<(String, u64)> = json["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["tier"].as_str().unwrap().to_owned(),
                t["customers"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [("diamond", 0), ("gold", 1), ("silver", 1), ("ordinary", 3)];
    assert_eq!(tiers, expected.map(|(t, n)| (t.to_owned(), n)));
    assert_eq!(json["tiers"][2]["net_spend"], 1500.0);

    let summary = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "Summary");
    let gold = summary.rows.iter().find(|r| r[0] == "gold").unwrap();
    assert_eq!(gold[1].to_string(), "1");
    assert_close(crate::common::number(&gold[3]), 450.0, "gold net spend");
}

#[test]
fn table_on_stdout_and_the_note_on_stderr() {
    let dir = copy_fixture("shop");
    tiers(dir.path())
        .args(["score", "customers.csv", "orders.csv", "--as-of", AS_OF])
        .assert()
        .success()
        .stdout(predicate::str::contains("│ gold").and(predicate::str::contains("1,500.00")))
        .stderr(predicate::str::contains("1 row used with a note"));
}

#[test]
fn chinese_output_names_sheets_headers_and_tiers_in_chinese() {
    let (_dir, out) = score_shop("zh");
    assert_eq!(
        sheet_names(&out),
        [
            "概览",
            "客户",
            "订单",
            "反馈",
            "回访记录",
            "数据问题",
            "等级历史",
            "规则",
            "_tiers"
        ]
    );
    let sheet = Sheet::read(&out, "客户");
    let row = sheet.row("客户编号", "C001");
    assert_eq!(sheet.text(row, "等级"), "黄金");
    assert_close(sheet.number(row, "净消费额"), 450.0, "C001 净消费额");
    // C002: 2 orders averaging 750 against the median 137.5, as in the English test.
    assert_eq!(
        sheet.text(sheet.row("客户编号", "C002"), "归类原因"),
        "2笔订单，平均订单金额750.00（中位数137.50）"
    );
    // Both feedback rows of feedback.csv, C002's complaint marked as one.
    let feedback = Sheet::read(&out, "反馈");
    assert_eq!(feedback.column("客户编号"), ["C002", "C001"]);
    assert_eq!(feedback.column("是否投诉"), ["是", "否"]);
    assert_eq!(feedback.column("内容"), ["Late delivery", "Great tea"]);
}

#[test]
fn rules_method_grades_by_thresholds() {
    let dir = score_shop_with_config(
        r#"
[tiers]
method = "rules"
levels = [
  { name = "vip", name_zh = "贵宾", min_net_spend = 1000 },
  { name = "regular", min_orders = 2 },
  { name = "rest" },
]
"#,
    );
    let sheet = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "Customers");
    // C002 net 1500 ≥ 1000 → vip; C001 3 orders ≥ 2 → regular; C003 and C005 1 order → rest.
    let tier = |id| sheet.text(sheet.row("Customer ID", id), "Tier");
    assert_eq!(
        [tier("C002"), tier("C001"), tier("C003"), tier("C005")],
        ["vip", "regular", "rest", "rest"]
    );
    let rules = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "Rules");
    assert!(
        rules
            .rows
            .iter()
            .any(|r| r[0] == "tiers.method" && r[1] == "\"rules\"")
    );
}

#[cfg(unix)]
#[test]
fn the_workbook_is_readable_like_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = copy_fixture("shop");
    // Under a known umask, whatever the test runner's.
    let bin = assert_cmd::cargo::cargo_bin!("tiers");
    let status = std::process::Command::new("sh")
        .current_dir(dir.path())
        .args([
            "-c",
            "umask 022 && exec \"$0\" score orders.csv --as-of 2026-06-30 -q",
        ])
        .arg(bin)
        .status()
        .unwrap();
    assert!(status.success());
    let out = dir.path().join("orders.tiers.xlsx");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    // Not the 0600 of a temporary file: readable by the group and others under umask 022.
    assert_eq!(mode & 0o044, 0o044, "mode {mode:o}");
}

#[test]
fn same_inputs_and_as_of_give_the_same_bytes() {
    let (dir, out) = score_shop("en");
    let first = std::fs::read(&out).unwrap();
    tiers(dir.path())
        .args([
            "score",
            "customers.csv",
            "orders.csv",
            "feedback.csv",
            "--as-of",
            AS_OF,
            "-o",
            "again.xlsx",
        ])
        .assert()
        .success();
    assert!(
        first == std::fs::read(dir.path().join("again.xlsx")).unwrap(),
        "workbooks differ"
    );
}

#[test]
fn a_file_tiers_did_not_write_is_refused_unless_fresh_and_then_backed_up() {
    let (dir, out) = score_shop("en");
    let before = std::fs::read(dir.path().join("orders.csv")).unwrap();
    std::fs::write(&out, b"previous").unwrap();
    tiers(dir.path())
        .args(["score", "customers.csv", "orders.csv", "--as-of", AS_OF])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("cannot read it back")
                .and(predicate::str::contains("--fresh")),
        );
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
    tiers(dir.path())
        .args([
            "score",
            "customers.csv",
            "orders.csv",
            "--as-of",
            AS_OF,
            "--fresh",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("kept as"));
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.starts_with("customers.tiers.backup-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(
        std::fs::read(dir.path().join(&backups[0])).unwrap(),
        b"previous"
    );
    assert_eq!(
        std::fs::read(dir.path().join("orders.csv")).unwrap(),
        before
    );
    assert!(Sheet::read(&out, "Customers").rows.len() == 5);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn no_history_leaves_the_orders_out_and_grades_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/customers.xlsx");
    for (out, extra) in [("full.xlsx", None), ("lean.xlsx", Some("--no-history"))] {
        let mut cmd = tiers(dir.path());
        cmd.arg("score")
            .arg(&sample)
            .args(["-o", out, "--as-of", "2026-10-31", "-q"]);
        cmd.args(extra);
        cmd.assert().success();
    }
    let (full, lean) = (dir.path().join("full.xlsx"), dir.path().join("lean.xlsx"));
    assert!(sheet_names(&full).contains(&"Orders".to_owned()));
    assert!(!sheet_names(&lean).iter().any(|n| n.starts_with("Orders")));
    let (a, b) = (
        Sheet::read(&full, "Customers"),
        Sheet::read(&lean, "Customers"),
    );
    assert_eq!(a.rows.len(), 300);
    for header in [
        "Customer ID",
        "Tier",
        "Score",
        "Net spend",
        "Segment",
        "P(alive)",
    ] {
        assert_eq!(a.column(header), b.column(header), "{header}");
    }
    let rules = Sheet::read(&lean, "Rules");
    let row = rules.row("Setting", "Order lines");
    assert_eq!(rules.text(row, "Value"), "not written (--no-history)");
    let rules = Sheet::read(&full, "Rules");
    assert_eq!(
        rules.text(rules.row("Setting", "Order lines"), "Value"),
        "Orders"
    );
    // Without its order lines the workbook cannot be graded again on its own.
    tiers(dir.path())
        .args(["explain", "C0036", "lean.xlsx"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("written with --no-history"));
}

/// Inputs that stop weeks before the as-of date make every customer look less recent: the
/// run says so, and the Summary shows the latest order. The shop's latest order is of
/// 2026-07-02, 29 days before 2026-07-31 (over the 14 days allowed); as of 2026-07-10 it is
/// 8 days, which says nothing.
#[test]
fn inputs_that_stop_weeks_before_the_as_of_date_are_noted() {
    let dir = copy_fixture("shop");
    let run = |as_of| {
        let output = tiers(dir.path())
            .args(["score", "customers.csv", "orders.csv", "--as-of", as_of])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stderr).unwrap()
    };
    let stderr = run("2026-07-31");
    assert!(
        stderr.contains("the latest order in the inputs is dated 2026-07-02, 29 days before the as-of date 2026-07-31"),
        "{stderr}"
    );
    let mut book = calamine::open_workbook_auto(dir.path().join("customers.tiers.xlsx")).unwrap();
    let summary = calamine::Reader::worksheet_range(&mut book, "Summary").unwrap();
    let cell = |col| summary.get_value((11, col)).unwrap().to_string();
    assert_eq!(cell(0), "Latest order in the inputs");
    assert_eq!(cell(1), "2026-07-02");
    assert_eq!(
        cell(2),
        "29 days before the as-of date: are the inputs up to date?"
    );
    let stderr = run("2026-07-10");
    assert!(!stderr.contains("latest order"), "{stderr}");
}

/// The Customers sheet's text columns are as wide as their texts (up to 50 characters), so a
/// reason or a strategy is not cut off by the next cell. C002's reason, "2 orders, average
/// order 750.00 (median 137.50)", is 46 characters.
#[test]
fn reasons_and_strategies_get_columns_wide_enough() {
    let (_dir, out) = score_shop("en");
    let sheet = Sheet::read(&out, "Customers");
    let entries = crate::common::zip_entries(&out);
    // The Customers sheet is the workbook's second.
    let xml = &entries["xl/worksheets/sheet2.xml"];
    let width = |header: &str| {
        let column = sheet.col(header) + 1;
        xml.split("<col ")
            .skip(1)
            .find_map(|col| {
                let attr = |name: &str| {
                    let rest = col.split(&format!("{name}=\"")).nth(1)?;
                    rest.split('"').next()?.parse::<f64>().ok()
                };
                let (min, max) = (attr("min")? as usize, attr("max")? as usize);
                (min..=max).contains(&column).then(|| attr("width"))?
            })
            .unwrap_or_else(|| panic!("no width for {header}"))
    };
    assert!(
        width("Why this segment") >= 46.0,
        "{}",
        width("Why this segment")
    );
    for header in ["Service", "Explanation"] {
        let longest = sheet
            .column(header)
            .iter()
            .map(|t| t.chars().count())
            .max()
            .unwrap_or_default();
        assert!(
            width(header) >= (longest as f64).min(50.0),
            "{header}: {}",
            width(header)
        );
    }
}

/// The tier table ends with a total row, in the Summary and on the terminal: every customer,
/// and the net spend the Customers sheet adds up to (by hand: 450 + 1,500 + 50 + 75 = 2,075).
#[test]
fn the_tier_table_ends_with_its_total() {
    let dir = copy_fixture("shop");
    let output = tiers(dir.path())
        .args(["score", "customers.csv", "orders.csv", "--as-of", AS_OF])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let total = stdout.lines().find(|l| l.contains("Total")).unwrap();
    assert!(
        total.contains("┆         5 ┆ 100.0% ┆  2,075.00 ┆"),
        "{stdout}"
    );
    let out = dir.path().join("customers.tiers.xlsx");
    let customers = Sheet::read(&out, "Customers");
    let spend: f64 = customers
        .column("Net spend")
        .iter()
        .map(|s| s.parse::<f64>().unwrap())
        .sum();
    assert_close(spend, 2075.0, "the Customers sheet's net spend");
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let summary = calamine::Reader::worksheet_range(&mut book, "Summary").unwrap();
    let total = summary
        .rows()
        .find(|r| r[0] == calamine::Data::String("Total".into()))
        .unwrap();
    assert_eq!(crate::common::number(&total[1]), 5.0);
    assert_close(crate::common::number(&total[3]), 2075.0, "total net spend");
}

/// The Summary's two tier charts say their figures: counts on the columns, shares on the pie.
#[test]
fn the_summary_charts_are_labelled() {
    let (_dir, out) = score_shop("en");
    let entries = crate::common::zip_entries(&out);
    let charts: Vec<&String> = entries
        .iter()
        .filter(|(name, _)| name.starts_with("xl/charts/chart"))
        .map(|(_, xml)| xml)
        .collect();
    assert_eq!(charts.len(), 2);
    let column = charts
        .iter()
        .find(|xml| xml.contains("<c:barChart>"))
        .unwrap();
    assert!(column.contains("<c:showVal val=\"1\"/>"), "{column}");
    let pie = charts
        .iter()
        .find(|xml| xml.contains("<c:pieChart>"))
        .unwrap();
    assert!(pie.contains("<c:showPercent val=\"1\"/>"), "{pie}");
}

/// Every table sheet prints landscape, one page wide, with its header on every page: the
/// Orders sheet of thousands of lines too.
#[test]
fn table_sheets_print_with_their_header_on_every_page() {
    let (_dir, out) = score_shop("en");
    let entries = crate::common::zip_entries(&out);
    let workbook = &entries["xl/workbook.xml"];
    for (sheet, xml) in [
        ("Customers", "sheet2"),
        ("Orders", "sheet3"),
        ("Data issues", "sheet6"),
    ] {
        let part = &entries[&format!("xl/worksheets/{xml}.xml")];
        assert!(part.contains("orientation=\"landscape\""), "{sheet}");
        assert!(part.contains("fitToHeight=\"0\""), "{sheet}");
        assert!(
            workbook.contains(&format!("'{sheet}'!$1:$1"))
                || workbook.contains(&format!("{sheet}!$1:$1")),
            "{sheet}: {workbook}"
        );
    }
    // The Customers sheet prints the list a manager reads, rank to overdue (A:N), not all its
    // columns at a scale nobody can read.
    assert!(workbook.contains("Customers!$A$1:$N$6"), "{workbook}");
}

/// The Customers sheet opens on the grade: tier, change, score, segment and spend right after
/// the frozen rank, id and name; the customers input's own columns (contact, phone, region,
/// industry) follow the computed ones, beside the manual columns the team fills in.
#[test]
fn the_customers_sheet_opens_on_the_grade() {
    let (_dir, out) = score_shop("en");
    let sheet = Sheet::read(&out, "Customers");
    let headers: Vec<&str> = sheet.headers.iter().map(String::as_str).collect();
    assert_eq!(
        headers[..9],
        [
            "Rank",
            "Customer ID",
            "Name",
            "Tier",
            "Previous tier",
            "Change",
            "Score",
            "Segment",
            "Net spend"
        ]
    );
    let at = |header: &str| headers.iter().position(|h| *h == header).unwrap();
    assert_eq!(
        [
            at("Contact"),
            at("Phone"),
            at("Region"),
            at("Industry"),
            at("Owner")
        ],
        [
            at("Listed in") + 1,
            at("Listed in") + 2,
            at("Listed in") + 3,
            at("Listed in") + 4,
            at("Listed in") + 5
        ]
    );
    // C001 by hand (see the top of this file): gold, score 73.33, net spend 450, from North.
    let row = sheet.row("Customer ID", "C001");
    assert_eq!(sheet.text(row, "Tier"), "gold");
    assert_close(sheet.number(row, "Score"), 73.33, "C001 score");
    assert_close(sheet.number(row, "Net spend"), 450.0, "C001 net spend");
    assert_eq!(sheet.text(row, "Region"), "North");
    let xml = &crate::common::zip_entries(&out)["xl/worksheets/sheet2.xml"];
    assert!(xml.contains("xSplit=\"3\""), "rank, id and name frozen");
}

/// The shipped sample, copied into a new directory and scored as of `as_of` into `out.xlsx`.
fn score_sample(as_of: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::common::fixtures().join("../../sample-data/customers.xlsx"),
        dir.path().join("customers.xlsx"),
    )
    .unwrap();
    crate::common::score_into(dir.path(), "customers.xlsx", "out.xlsx", as_of);
    let out = dir.path().join("out.xlsx");
    (dir, out)
}

/// The tier table's Score from is each tier's lowest qualifying score: read against the
/// Customers sheet, every customer of a tier (not held there from an earlier run: this is the
/// first) scores at least it, and every customer below scores less.
#[test]
fn each_tier_starts_at_the_score_the_summary_gives() {
    let (_dir, out) = score_sample("2026-10-31");
    let customers = Sheet::read(&out, "Customers");
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let summary = calamine::Reader::worksheet_range(&mut book, "Summary").unwrap();
    let header = summary
        .rows()
        .find(|r| r[0] == calamine::Data::String("Tier".into()))
        .unwrap();
    assert_eq!(header[6], calamine::Data::String("Score from".into()));
    let tiers = ["diamond", "gold", "silver", "ordinary"];
    let rank = |tier: &str| tiers.iter().position(|t| *t == tier).unwrap();
    for (k, tier) in tiers[..3].iter().enumerate() {
        let row = summary
            .rows()
            .find(|r| r[0] == calamine::Data::String((*tier).into()))
            .unwrap();
        let from = crate::common::number(&row[6]);
        let scores = customers.rows.iter().map(|r| {
            let score = customers.number(r, "Score");
            (rank(&customers.text(r, "Tier")), score)
        });
        let lowest_in = scores
            .clone()
            .filter(|&(t, _)| t <= k)
            .map(|(_, s)| s)
            .fold(f64::INFINITY, f64::min);
        let highest_below = scores
            .filter(|&(t, _)| t > k)
            .map(|(_, s)| s)
            .fold(f64::NEG_INFINITY, f64::max);
        assert_close(from, lowest_in, tier);
        assert!(highest_below < from, "{tier}: {highest_below} below {from}");
    }
    let ordinary = summary
        .rows()
        .find(|r| r[0] == calamine::Data::String("ordinary".into()))
        .unwrap();
    assert_eq!(ordinary[6], calamine::Data::Empty);
}

/// The headers of the Customers sheet's hidden columns, read from its XML (`<col ... hidden>`).
fn hidden_customer_columns(out: &std::path::Path) -> Vec<String> {
    let xml = &crate::common::zip_entries(out)["xl/worksheets/sheet2.xml"];
    let headers = Sheet::read(out, "Customers").headers;
    xml.split("<col ")
        .skip(1)
        .filter(|col| col.split('>').next().unwrap().contains("hidden=\"1\""))
        .flat_map(|col| {
            let bound = |name: &str| -> usize {
                let at = col.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                col[at..].split('"').next().unwrap().parse().unwrap()
            };
            (bound("min")..=bound("max")).collect::<Vec<_>>()
        })
        .map(|n| headers[n - 1].clone())
        .collect()
}

/// Columns nothing fills this run are hidden, not dropped: the sample has no home region,
/// needs column or RFM segments, and on its first run no previous tier. Run again into the
/// same workbook, the previous tier is there to see.
#[test]
fn columns_nothing_fills_are_hidden() {
    let (dir, out) = score_sample("2026-10-31");
    assert_eq!(
        hidden_customer_columns(&out),
        [
            "Previous tier",
            "RFM score",
            "Local or remote",
            "Needs class"
        ]
    );
    // Printed, each page names the workbook's date on the left, its sheet on the right, and
    // is numbered.
    let xml = &crate::common::zip_entries(&out)["xl/worksheets/sheet2.xml"];
    assert!(
        xml.contains("<oddHeader>&amp;LCustomer tiers as of 2026-10-31&amp;R&amp;A</oddHeader>"),
        "{}",
        &xml[xml.len().saturating_sub(600)..]
    );
    assert!(xml.contains("<oddFooter>&amp;LPage &amp;P of &amp;N</oddFooter>"));
    crate::common::score_into(dir.path(), "customers.xlsx", "out.xlsx", "2026-11-30");
    assert_eq!(
        hidden_customer_columns(&out),
        ["RFM score", "Local or remote", "Needs class"]
    );
}
