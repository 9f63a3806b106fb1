//! `tiers explain` on the shop fixture, whose scores are computed by hand in `cli_score.rs`.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use predicates::prelude::*;

use crate::common::{copy_fixture, tiers};

const INPUTS: [&str; 3] = ["customers.csv", "orders.csv", "feedback.csv"];

fn explain(query: &str, extra: &[&str]) -> std::process::Output {
    let dir = copy_fixture("shop");
    let mut args = vec!["explain", query];
    args.extend(INPUTS);
    args.extend(["--as-of", "2026-06-30"]);
    args.extend(extra);
    tiers(dir.path()).args(&args).output().unwrap()
}

#[test]
fn the_parts_add_up_to_the_score_and_the_gap_is_right() {
    let output = explain("C002", &["--json"]);
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let points: f64 = json["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["contribution"].as_f64().unwrap())
        .sum();
    // 13.33 + 20 + 40 + 3.33 − 5 (one complaint) = 71.67.
    assert!(
        (points - json["penalty"].as_f64().unwrap() - json["score"].as_f64().unwrap()).abs() < 1e-9
    );
    assert!((json["score"].as_f64().unwrap() - 71.667).abs() < 0.001);
    assert_eq!(json["tier"], "silver");
    assert_eq!(json["next_tier"], "gold");
    // Gold's lowest score is C001's 73.33. One more order ties C001's 3 orders: frequency
    // (2 + ½) / 3 = 83.33 instead of 66.67, +5 points → 76.67. Spend is already the highest.
    assert_eq!(json["next"]["more_orders"], 1);
    assert!(json["next"]["more_net_spend"].is_null());
    assert_eq!(json["recent_orders"][0]["date"], "2026-06-01");
    // C002's counted purchases are both Soap (Household); purchase days 145 days apart.
    let preferences = &json["preferences"];
    assert_eq!(preferences["categories"][0]["name"], "Household");
    assert_eq!(preferences["categories"][0]["share"], 1.0);
    assert_eq!(preferences["cycle_days"], 145.0);
    assert_eq!(json["as_of"], "2026-06-30");
}

/// A name typed as the inputs may write it, with a double space or a final full stop, finds
/// the customer as names are keyed.
#[test]
fn a_name_typed_with_a_full_stop_finds_its_customer() {
    let output = explain("Harbor  Foods Ltd.", &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("C001 Harbor Foods Ltd: "), "{stdout}");
}

#[test]
fn text_breakdown_for_a_name_given_in_part() {
    let output = explain("harbor", &[]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("C001 Harbor Foods Ltd: gold, score 73.3\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("to reach diamond: no customer has that tier this run"),
        "{stdout}"
    );
    assert!(
        stdout.contains("favourite categories: Beverages 55%, Household 27%, Snacks 18%"),
        "{stdout}"
    );
}

#[test]
fn chinese_breakdown_has_no_english_words_left() {
    let output = explain("C002", &["--lang", "zh"]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("C002 Blue Sky Trading：白银，得分71.7\n"),
        "{stdout}"
    );
    // 2 orders averaging 750 against the median 137.5 (see cli_score.rs).
    assert!(
        stdout.contains("客户类别：偶尔大单；2笔订单，平均订单金额750.00（中位数137.50）"),
        "{stdout}"
    );
    // One more order lifts C002 to gold's 73.3 (see the JSON test above).
    assert!(
        stdout.contains("升至黄金：需得分73.3；再增加1笔订单（其他客户不变）"),
        "{stdout}"
    );
    assert!(stdout.contains("│ 频次     ┆ 2笔订单 "), "{stdout}");
    assert!(stdout.contains("最近订单：\n"), "{stdout}");
    for english in [
        "segment:",
        "window:",
        "score",
        "order",
        "spend",
        "tier",
        "weight",
        "points",
        "reach",
        "favourite",
        "buys every",
        "latest",
        "date",
        "amount",
        "repeat",
        "new",
    ] {
        assert!(!stdout.contains(english), "{english:?} left in:\n{stdout}");
    }
}

#[test]
fn an_ambiguous_or_unknown_customer_is_an_error() {
    let dir = copy_fixture("shop");
    tiers(dir.path())
        .args(["explain", "C00", "orders.csv", "--as-of", "2026-06-30"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: \"C00\" matches 4 customers: C001, C002, C003, C005; give more",
        ));
    tiers(dir.path())
        .args(["explain", "nobody", "orders.csv", "--as-of", "2026-06-30"])
        .assert()
        .code(1)
        .stderr("error: no customer matches \"nobody\" among 4 customers\n");
    tiers(dir.path())
        .args(["explain", " ", "orders.csv", "--as-of", "2026-06-30"])
        .assert()
        .code(2)
        .stderr("error: the customer to explain is empty; give an id or a name\n");
}

/// A workbook graded from orders without a status or a category column is read back as it
/// was graded: its Orders sheet's Status and Category columns are empty, and are not taken
/// for "empty status" on every line, nor for a breadth the first run left out.
#[test]
fn a_workbook_from_orders_without_status_or_category_grades_again_the_same() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("o.csv"),
        "Customer ID,Customer Name,Order Date,Amount\nC1,Ann,2026-09-01,100\nC2,Bob,2026-10-02,300\nC3,Cy,2026-08-02,50\n",
    )
    .unwrap();
    let as_of = ["--as-of", "2026-10-31"];
    tiers(dir.path())
        .args(["score", "o.csv", "-o", "book.xlsx", "-q"])
        .args(as_of)
        .assert()
        .success();
    // Not quiet: a re-grading that differs is a warning on stderr.
    for command in [
        &["explain", "C2", "book.xlsx"][..],
        &["revisit", "book.xlsx"],
    ] {
        let run = tiers(dir.path())
            .args(command)
            .args(as_of)
            .assert()
            .success();
        let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
        assert!(!stderr.contains("graded again"), "{command:?}: {stderr}");
    }
}
