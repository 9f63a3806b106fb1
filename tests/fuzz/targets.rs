//! The bodies of the fuzz targets, shared by the libFuzzer binaries (`fuzz_targets/`) and by
//! the replay of the committed corpus in the normal test suite (`tests/fuzz_replay.rs`). Each
//! takes any bytes; a panic, or a broken invariant asserted here, is a finding.

use std::path::Path;

use chrono::NaiveDate;
use tiers::config::{Config, DateOrder, DecimalMark};
use tiers::pipeline::columns::{self, values};
use tiers::pipeline::read::{Cell, Table};

/// Dates, amounts and header words, from text as a cell or csv field holds it.
pub fn values(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cell = Cell::Text(text);
    for order in [DateOrder::Auto, DateOrder::Dmy, DateOrder::Mdy] {
        if let Some(date) = values::parse_date(&cell, order) {
            // What was read as a date reads back as the same date in ISO form.
            let iso = date.format("%Y-%m-%d").to_string();
            assert_eq!(
                values::parse_date(&Cell::Text(&iso), order),
                Some(date),
                "{text:?}"
            );
        }
    }
    let _ = values::revealed_order(&cell);
    for mark in [DecimalMark::Auto, DecimalMark::Point, DecimalMark::Comma] {
        if let Some(amount) = values::parse_amount(&cell, mark) {
            // An infinite or NaN amount would poison every sum it enters.
            assert!(amount.is_finite(), "{text:?} read as {amount}");
        }
    }
    if let values::Reveal::Shows(mark) = values::revealed_mark(&cell) {
        // A value that shows its mark reads with it.
        assert!(values::parse_amount(&cell, mark).is_some(), "{text:?}");
    }
    let _ = values::normalise(text);
}

/// A csv file's bytes through reading, column recognition and the whole grading.
pub fn csv(data: &[u8]) {
    let table = Table::from_csv_bytes(Path::new("fuzz.csv"), data.to_vec());
    let config = Config::default();
    let Ok(dataset) = columns::recognise(&[table], &config) else {
        return;
    };
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).expect("a real date");
    let Ok(graded) = tiers::pipeline::grade_dataset(dataset, &config, as_of, None) else {
        return;
    };
    for score in &graded.scores {
        assert!(
            (0.0..=100.0).contains(&score.total),
            "score {} out of 0–100",
            score.total
        );
    }
    assert_eq!(graded.tiers.len(), graded.data.customers.len());
}

/// A tiers.toml text: parsed and validated, and a valid one listed as `tiers explain` shows it.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = Config::parse(text) {
        let _ = config.to_lines();
    }
}
