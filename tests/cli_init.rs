//! `tiers init`: the commented config it writes is the defaults, the sample workbook grades,
//! and nothing the user has is replaced without --force.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use tiers::config::Config;

use crate::common::{Sheet, sheet_names, tiers};

#[test]
fn the_config_it_writes_parses_to_the_defaults_and_is_picked_up_by_score() {
    let dir = tempfile::tempdir().unwrap();
    tiers(dir.path()).args(["init", "shop"]).assert().success();
    let written = dir.path().join("shop/tiers.toml");
    let text = std::fs::read_to_string(&written).unwrap();
    assert_eq!(Config::parse(&text).unwrap(), Config::default());
    // Chinese explanations sit beside the English ones.
    assert!(text.contains("评分窗口"), "{text}");
    let shop = dir.path().join("shop");
    for file in ["customers.csv", "orders.csv", "feedback.csv"] {
        std::fs::copy(
            crate::common::fixtures().join("shop").join(file),
            shop.join(file),
        )
        .unwrap();
    }
    crate::common::score_into(&shop, "orders.csv", "book.xlsx", "2026-06-30");
    let rules = Sheet::read(&shop.join("book.xlsx"), "Rules");
    let file = rules.row("Setting", "Config file");
    assert!(
        rules.text(file, "Value").ends_with("tiers.toml"),
        "{file:?}"
    );
}

#[test]
fn the_sample_is_checked_and_graded_as_of_today() {
    let dir = tempfile::tempdir().unwrap();
    tiers(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    let sample = dir.path().join("sample.xlsx");
    assert_eq!(sheet_names(&sample), ["Customers", "Orders", "Feedback"]);
    tiers(dir.path())
        .args(["check", "sample.xlsx", "-q"])
        .assert()
        .success();
    tiers(dir.path())
        .args(["score", "sample.xlsx", "-q"])
        .assert()
        .success();
    let customers = Sheet::read(&dir.path().join("sample.tiers.xlsx"), "Customers");
    assert_eq!(customers.rows.len(), 300);
    // Graded as of today, the sample's orders run up to today: most customers bought in the
    // last year, so every tier has someone in it.
    for tier in ["diamond", "gold", "silver", "ordinary"] {
        assert!(
            customers.column("Tier").iter().any(|t| t == tier),
            "no {tier}"
        );
    }
}

#[test]
fn a_chinese_sample_has_chinese_sheets() {
    let dir = tempfile::tempdir().unwrap();
    tiers(dir.path())
        .args(["init", "--sample", "--lang", "zh"])
        .assert()
        .success();
    assert_eq!(
        sheet_names(&dir.path().join("sample.xlsx")),
        ["客户", "订单", "反馈"]
    );
}

#[test]
fn nothing_is_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tiers.toml");
    std::fs::write(&config, "[window]\nmonths = 6\n").unwrap();
    let run = tiers(dir.path())
        .args(["init", "--sample"])
        .assert()
        .code(1);
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("tiers.toml already exists"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "[window]\nmonths = 6\n"
    );
    assert!(!dir.path().join("sample.xlsx").exists());
    tiers(dir.path())
        .args(["init", "--force"])
        .assert()
        .success();
    assert_eq!(
        Config::parse(&std::fs::read_to_string(&config).unwrap()).unwrap(),
        Config::default()
    );
}
