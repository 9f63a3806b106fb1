//! `tiers explain` on a management workbook: graded again from its own sheets, every customer
//! gets the tier and score the workbook shows, with the configuration and date it recorded.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::path::Path;

use calamine::Data;
use chrono::NaiveDate;
use tiers::pipeline::{self, restore};
use tiers::sample::{self, Lang, SampleSpec};

use crate::common::{Sheet, edit_workbook, tiers};

/// A config the defaults would not reproduce, naming a Chinese input header that the
/// (English) management workbook does not have.
const CONFIG: &str = r#"
[score.weights]
recency = 40.0
frequency = 20.0
monetary = 30.0
breadth = 10.0

[columns.orders]
amount = "订单金额"
"#;

/// A Chinese shop graded twice into an English management workbook, so that downgrade
/// protection holds some customers above what their score alone gives.
fn graded_twice() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = SampleSpec::new(200, 4000, 9, NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
    spec.lang = Lang::Zh;
    sample::write_xlsx(&sample::generate(&spec), &dir.path().join("shop.xlsx")).unwrap();
    std::fs::write(dir.path().join("tiers.toml"), CONFIG).unwrap();
    for as_of in ["2026-06-30", "2026-10-31"] {
        tiers(dir.path())
            .args(["score", "shop.xlsx", "-o", "management.xlsx", "-q"])
            .args(["--as-of", as_of])
            .assert()
            .success();
    }
    // Explaining must not depend on the config file beside the workbook.
    std::fs::remove_file(dir.path().join("tiers.toml")).unwrap();
    dir
}

#[test]
fn graded_again_from_its_sheets_every_customer_gets_the_tier_the_workbook_shows() {
    let dir = graded_twice();
    let book = dir.path().join("management.xlsx");
    let restored = restore::restore(&book).unwrap().unwrap();
    assert_eq!(
        restored.as_of,
        NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
    );
    assert!((restored.config.score.weights.recency - 40.0).abs() < 1e-9);
    let config = restored.adapt(restored.config.clone());
    let graded = pipeline::grade(
        &restored.tables,
        &config,
        restored.as_of,
        Some(&restored.previous),
    )
    .unwrap();

    let sheet = Sheet::read(&book, "Customers");
    assert_eq!(graded.data.customers.len(), sheet.rows.len());
    let mut held = 0;
    for row in &sheet.rows {
        let id = sheet.text(row, "Customer ID");
        let i = graded.data.customer(&id).unwrap() as usize;
        let tier = &config.tiers.levels[graded.tiers[i]].name;
        assert_eq!(*tier, sheet.text(row, "Tier"), "{id} tier");
        assert!(
            (graded.scores[i].total - sheet.number(row, "Score")).abs() < 1e-9,
            "{id} score"
        );
        assert!(
            (graded.metrics[i].net_spend() - sheet.number(row, "Net spend")).abs() < 0.005,
            "{id} net spend"
        );
        assert_eq!(
            graded.metrics[i].complaints,
            sheet.number(row, "Complaints") as u32,
            "{id} complaints"
        );
        held += usize::from(sheet.text(row, "Change") == "held (protected)");
    }
    assert!(held > 0, "no customer held by downgrade protection");
}

fn explain(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let output = tiers(dir).args(["explain"]).args(args).output().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn explain_reads_the_workbook_and_agrees_with_it() {
    let dir = graded_twice();
    let book = dir.path().join("management.xlsx");
    let sheet = Sheet::read(&book, "Customers");
    let row = sheet
        .rows
        .iter()
        .find(|r| sheet.text(r, "Change") == "held (protected)")
        .unwrap();
    let id = sheet.text(row, "Customer ID");
    let (ok, stdout, stderr) = explain(dir.path(), &[&id, "management.xlsx", "--json"]);
    assert!(ok, "{stderr}");
    assert_eq!(stderr, "");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["tier"], sheet.text(row, "Tier"));
    assert_eq!(json["as_of"], "2026-10-31");
    assert!((json["score"].as_f64().unwrap() - sheet.number(row, "Score")).abs() < 1e-9);
}

#[test]
fn an_edited_orders_sheet_is_graded_as_it_now_is_with_a_warning() {
    let dir = graded_twice();
    let book = dir.path().join("management.xlsx");
    let sheet = Sheet::read(&book, "Customers");
    let top = &sheet.rows[0];
    let id = sheet.text(top, "Customer ID");
    // Someone deletes the top customer's orders from the Orders sheet.
    edit_workbook(&book, |sheets| {
        let orders = sheets.iter_mut().find(|s| s.name == "Orders").unwrap();
        let c = orders.col("Customer ID");
        orders
            .rows
            .retain(|r| r.get(c) != Some(&Data::String(id.clone())));
    });
    let (ok, stdout, stderr) = explain(dir.path(), &[&id, "management.xlsx"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(&format!("warning: the workbook shows {id} ")),
        "{stderr}"
    );
    assert!(stdout.contains("ordinary"), "{stdout}");
}

#[test]
fn a_workbook_without_its_orders_sheet_is_refused_with_the_reason() {
    let dir = graded_twice();
    let book = dir.path().join("management.xlsx");
    edit_workbook(&book, |sheets| sheets.retain(|s| s.name != "Orders"));
    let (ok, _, stderr) = explain(dir.path(), &["C0001", "management.xlsx"]);
    assert!(!ok);
    assert!(
        stderr.contains("management.xlsx: its sheet \"Orders\" is missing; it is needed to grade the workbook again"),
        "{stderr}"
    );
}
