//! Hostile input: text from a CSV that looks like a formula must reach a manager's Excel as
//! text. The workbook's XML holds it as a string cell, never as a formula; the revisit CSV
//! (which Excel opens by itself) defuses it with a leading apostrophe.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::fmt::Write as _;

use crate::common::{tiers, zip_entries};

const HYPERLINK: &str = r#"=HYPERLINK("http://example.com/x","click")"#;

/// Five customers; the biggest spender, the one any plan visits first, has a formula for a
/// name, and the order lines carry formula-like ids, products and categories.
fn orders() -> String {
    let mut csv = String::from(
        "Order ID,Customer ID,Customer Name,Order Date,Product,Category,Amount,Status\n",
    );
    let names = [
        HYPERLINK.replace('"', "\"\""),
        "Ordinary Co".into(),
        "Plain Ltd".into(),
        "Simple Inc".into(),
        "Quiet LLC".into(),
    ];
    let mut line = 0;
    for (c, name) in names.iter().enumerate() {
        for month in 1..=9 {
            line += 1;
            let amount = 1000.0 / (c as f64 + 1.0);
            writeln!(
                csv,
                "@SO{line},C{c},\"{name}\",2026-{month:02}-15,+SUM(A1:A9),-2+3,{amount},Completed"
            )
            .unwrap();
        }
    }
    csv
}

#[test]
fn formula_like_text_is_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("orders.csv"), orders()).unwrap();
    tiers(dir.path())
        .args([
            "score",
            "orders.csv",
            "-o",
            "book.xlsx",
            "--as-of",
            "2026-10-31",
            "-q",
        ])
        .assert()
        .success();
    let parts = zip_entries(&dir.path().join("book.xlsx"));
    let sheets: Vec<(&String, &String)> = parts
        .iter()
        .filter(|(name, _)| name.starts_with("xl/worksheets/sheet"))
        .collect();
    assert!(sheets.len() >= 5, "{:?}", parts.keys());
    for (name, xml) in &sheets {
        assert!(
            !xml.contains("<f>") && !xml.contains("<f "),
            "{name} holds a formula"
        );
    }
    let all: String = sheets.iter().map(|(_, xml)| xml.as_str()).collect();
    // Quotes need no escaping in XML text (only in attributes).
    for text in [HYPERLINK, "@SO1", "+SUM(A1:A9)", "-2+3"] {
        assert!(
            all.contains(&format!("<t>{text}</t>")),
            "{text} is not a text cell"
        );
    }

    tiers(dir.path())
        .args([
            "revisit",
            "book.xlsx",
            "--month",
            "2026-11",
            "--csv",
            "plan.csv",
            "-q",
        ])
        .assert()
        .success();
    let plan = std::fs::read_to_string(dir.path().join("plan.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(plan.trim_start_matches('\u{feff}').as_bytes());
    let mut names = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        for field in &record {
            assert!(
                !field.starts_with(['=', '+', '-', '@']),
                "a live formula in the plan: {field}"
            );
        }
        names.push(record[3].to_owned());
    }
    assert!(names.contains(&format!("'{HYPERLINK}")), "{names:?}");
}

#[test]
fn escape_sequences_in_cells_reach_stderr_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let orders = dir.path().join("orders.csv");
    // An amount that would retitle the terminal and turn its text red.
    std::fs::write(
        &orders,
        "Customer ID,Order Date,Amount\nC1,2026-03-05,10\nC2,2026-03-06,\u{1b}]0;owned\u{7}\u{1b}[31m\n",
    )
    .unwrap();
    let run = tiers(dir.path())
        .args(["score", "orders.csv", "--as-of", "2026-10-31"])
        .assert()
        .success();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains(r#"found "\u{1b}]0;owned\u{7}\u{1b}[31m""#),
        "{stderr}"
    );
}
