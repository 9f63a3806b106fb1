//! Behavioural segments on customers whose segment is known by construction, through the real
//! binary, plus one who falls silent after being gold across two monthly runs.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::fmt::Write as _;

use chrono::{Duration, NaiveDate};

use crate::common::{Sheet, tiers};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Orders for `id` every `every` days from `from` to `to`, amounts from `amount(k)`.
fn orders(
    out: &mut String,
    id: &str,
    from: &str,
    to: &str,
    every: i64,
    amount: impl Fn(i64) -> f64,
) {
    let (mut day, end) = (date(from), date(to));
    let mut k = 0;
    while day <= end {
        let _ = writeln!(out, "{id},{day},{:.2}", amount(k));
        day += Duration::days(every);
        k += 1;
    }
}

#[test]
fn customers_built_for_a_segment_land_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Customer ID,Order Date,Amount\n");
    // Every two weeks, 60 each: high-frequency small-order.
    orders(&mut csv, "BIWEEKLY", "2025-07-05", "2026-06-27", 14, |_| {
        60.0
    });
    // Two large orders a year: occasional large-order.
    orders(&mut csv, "TWICE", "2024-01-10", "2026-05-10", 182, |_| {
        5000.0
    });
    // Doubling every six weeks from 5 to 640: potential (small but growing; +88% trend).
    orders(&mut csv, "GROWING", "2025-07-15", "2026-06-15", 45, |k| {
        5.0 * 2f64.powi(k as i32)
    });
    // Monthly, ordinary amounts: regular.
    orders(&mut csv, "STEADY", "2025-07-01", "2026-06-26", 30, |_| {
        400.0
    });
    // Bought steadily, silent for the last 200 days: dormant.
    orders(&mut csv, "SILENT", "2025-01-01", "2025-12-12", 20, |_| {
        300.0
    });
    // First order a month ago, small: new.
    orders(&mut csv, "NEWBIE", "2026-06-01", "2026-06-01", 1, |_| 50.0);
    // Nothing in the last year: lost.
    orders(&mut csv, "GONE", "2024-03-01", "2025-05-01", 60, |_| 200.0);
    for filler in 0..6 {
        // Others with middling orders, so that medians are not set by the cases above.
        orders(
            &mut csv,
            &format!("MID{filler}"),
            "2025-08-01",
            "2026-06-01",
            45,
            |_| 350.0,
        );
    }
    std::fs::write(dir.path().join("orders.csv"), csv).unwrap();
    tiers(dir.path())
        .args(["score", "orders.csv", "--as-of", "2026-06-30", "--strict"])
        .assert()
        .success();
    let sheet = Sheet::read(&dir.path().join("orders.tiers.xlsx"), "Customers");
    let segment = |id| sheet.text(sheet.row("Customer ID", id), "Segment");
    assert_eq!(segment("BIWEEKLY"), "high-frequency small-order");
    assert_eq!(segment("TWICE"), "occasional large-order");
    assert_eq!(segment("GROWING"), "potential");
    assert_eq!(segment("STEADY"), "regular");
    assert_eq!(segment("SILENT"), "dormant");
    assert_eq!(segment("NEWBIE"), "new");
    assert_eq!(segment("GONE"), "lost");
}

#[test]
fn a_gold_customer_gone_quiet_against_their_rhythm_is_at_risk() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Customer ID,Order Date,Amount\n");
    // Weekly big orders until 60 days before the as-of date: overdue against a 7-day cycle,
    // but still the best customer by spend.
    orders(&mut csv, "VIP", "2025-07-01", "2026-05-01", 7, |_| 900.0);
    for filler in 0..19 {
        orders(
            &mut csv,
            &format!("C{filler:02}"),
            "2025-08-01",
            "2026-06-25",
            30,
            |k| 100.0 + f64::from(filler) + k as f64,
        );
    }
    std::fs::write(dir.path().join("orders.csv"), csv).unwrap();
    tiers(dir.path())
        .args(["score", "orders.csv", "--as-of", "2026-06-30", "--strict"])
        .assert()
        .success();
    let sheet = Sheet::read(&dir.path().join("orders.tiers.xlsx"), "Customers");
    let vip = sheet.row("Customer ID", "VIP");
    assert!(["diamond", "gold"].contains(&sheet.text(vip, "Tier").as_str()));
    assert_eq!(sheet.text(vip, "Segment"), "at risk");
    assert_eq!(sheet.text(vip, "Overdue"), "yes");
}
