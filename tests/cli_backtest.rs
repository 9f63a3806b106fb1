//! `tiers score --holdout-from`: on orders simulated from the BG/NBD process itself, the
//! backtest counts the holdout purchases exactly as the records say, and the model, being
//! the true one, predicts their total closely.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use chrono::{Days, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Beta, Distribution, Exp, Gamma};

use crate::common::{Sheet, tiers};

const AS_OF: &str = "2026-10-31";
const HOLDOUT_FROM: &str = "2026-05-01";

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Purchase days per customer: 2,000 customers whose first purchase falls in the 18 months
/// before the holdout, buying and dropping out as BG/NBD says (r 0.8, α 60 days, a 0.6, b 3).
fn simulate() -> HashMap<String, BTreeSet<NaiveDate>> {
    let mut rng = StdRng::seed_from_u64(7);
    let rates = Gamma::new(0.8, 1.0 / 60.0).unwrap();
    let dropouts = Beta::new(0.6, 3.0).unwrap();
    let (start, end) = (date("2024-11-01"), date(AS_OF));
    let first_span = (date(HOLDOUT_FROM) - start).num_days();
    (0..2000)
        .map(|k| {
            let first = start + Days::new(rng.random_range(0..first_span) as u64);
            let wait = Exp::new(rates.sample(&mut rng)).unwrap();
            let p: f64 = dropouts.sample(&mut rng);
            let mut days = BTreeSet::from([first]);
            let mut t = 0.0;
            loop {
                t += wait.sample(&mut rng);
                let day = first + Days::new(t as u64);
                if day > end {
                    break;
                }
                days.insert(day);
                if rng.random::<f64>() < p {
                    break;
                }
            }
            (format!("K{k:04}"), days)
        })
        .collect()
}

#[test]
fn the_backtest_counts_the_holdout_and_the_true_model_predicts_it() {
    let customers = simulate();
    let mut csv = String::from("Customer ID,Order Date,Amount\n");
    for (id, days) in &customers {
        for day in days {
            let _ = writeln!(csv, "{id},{day},100");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("orders.csv"), csv).unwrap();
    let output = tiers(dir.path())
        .args([
            "score",
            "orders.csv",
            "--as-of",
            AS_OF,
            "--holdout-from",
            HOLDOUT_FROM,
        ])
        .args(["--json", "-q"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let backtest = &json["backtest"];
    assert_eq!(backtest["calibration_end"], "2026-04-30");
    assert_eq!(backtest["holdout_days"], 184.0);

    // Actual purchases per line, counted again from the simulated records.
    let holdout = date(HOLDOUT_FROM);
    let mut expected = [(0usize, 0usize); 8];
    for days in customers.values() {
        let before = days.iter().filter(|d| **d < holdout).count();
        let after = days.len() - before;
        let line = &mut expected[(before - 1).min(7)];
        line.0 += 1;
        line.1 += after;
    }
    for (k, (customers, actual)) in expected.iter().enumerate() {
        let row = &backtest["rows"][k];
        assert_eq!(row["customers"], *customers, "line {k}");
        assert_eq!(row["actual"], *actual as f64, "line {k}");
    }
    // The model is the true one: its total is within 10% of what happened. With about 2,000
    // customers the total is a sum of thousands of purchases whose spread (Poisson with
    // gamma-distributed rates) is a few percent; 10% leaves room for the fitted parameters'
    // own error.
    let total = &backtest["total"];
    let (predicted, actual) = (
        total["predicted"].as_f64().unwrap(),
        total["actual"].as_f64().unwrap(),
    );
    assert!(
        (predicted - actual).abs() < 0.1 * actual,
        "predicted {predicted}, actual {actual}"
    );

    // The workbook has the same table, with its chart.
    let book = dir.path().join("orders.tiers.xlsx");
    let sheet = Sheet::read(&book, "Backtest");
    assert!(sheet.headers[0].starts_with("Lifetime value backtest"));
    let all = sheet.rows.iter().find(|r| r[0] == "all").unwrap();
    assert_eq!(crate::common::number(&all[5]), actual);
    // The Summary's two charts and the backtest's, each with its points cached.
    let charts: Vec<(String, String)> = crate::common::zip_entries(&book)
        .into_iter()
        .filter(|(n, _)| n.starts_with("xl/charts/chart"))
        .collect();
    assert_eq!(charts.len(), 3);
    for (part, chart) in &charts {
        assert!(
            crate::common::chart_caches_complete(chart),
            "{part} caches every point of its data"
        );
    }
}

#[test]
fn a_holdout_after_the_as_of_date_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("orders.csv"),
        "Customer ID,Order Date,Amount,Category\nA,2026-01-01,10,Tea\n",
    )
    .unwrap();
    let output = tiers(dir.path())
        .args([
            "score",
            "orders.csv",
            "--as-of",
            "2026-06-30",
            "--holdout-from",
            "2026-07-01",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "error: cannot backtest lifetime value: the holdout starts 2026-07-01, after the as-of date 2026-06-30\n"
    );
    assert!(!dir.path().join("orders.tiers.xlsx").exists());
}
