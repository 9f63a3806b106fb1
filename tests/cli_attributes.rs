//! Attribute classes in use: a tier open only to some regions, local or remote against a home
//! region, and the Summary's overviews by class, checked against the Customers sheet.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;
use tiers::sample::{self, SampleSpec};

use crate::common::{Sheet, tiers};

fn shop(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let spec = SampleSpec::new(300, 5000, 3, NaiveDate::from_ymd_opt(2026, 10, 31).unwrap());
    sample::write_xlsx(&sample::generate(&spec), &dir.path().join("shop.xlsx")).unwrap();
    std::fs::write(dir.path().join("tiers.toml"), config).unwrap();
    dir
}

fn score(dir: &Path) -> std::process::Output {
    tiers(dir)
        .args(["score", "shop.xlsx", "--as-of", "2026-10-31", "-q"])
        .output()
        .unwrap()
}

const NORTH_DIAMONDS: &str = r#"
[attributes]
home_region = "North"

[[tiers.levels]]
name = "diamond"
share = 0.05
when = { region = "North" }

[[tiers.levels]]
name = "gold"
share = 0.15

[[tiers.levels]]
name = "silver"
share = 0.3

[[tiers.levels]]
name = "ordinary"
"#;

#[test]
fn a_tier_open_to_one_region_takes_that_regions_best_and_keeps_its_share() {
    let dir = shop(NORTH_DIAMONDS);
    assert!(score(dir.path()).status.success());
    let sheet = Sheet::read(&dir.path().join("shop.tiers.xlsx"), "Customers");
    let active: Vec<&Vec<Data>> = sheet
        .rows
        .iter()
        .filter(|r| sheet.number(r, "Orders") > 0.0)
        .collect();
    // The diamonds are exactly the best-scoring active customers of the North.
    let mut north: Vec<(f64, String)> = active
        .iter()
        .filter(|r| sheet.text(r, "Region") == "North")
        .map(|r| (sheet.number(r, "Score"), sheet.text(r, "Customer ID")))
        .collect();
    north.sort_by(|a, b| b.0.total_cmp(&a.0));
    let places = (active.len() as f64 * 0.05).round() as usize;
    let mut expected: Vec<String> = north[..places].iter().map(|(_, id)| id.clone()).collect();
    let mut diamonds: Vec<String> = sheet
        .rows
        .iter()
        .filter(|r| sheet.text(r, "Tier") == "diamond")
        .map(|r| sheet.text(r, "Customer ID"))
        .collect();
    expected.sort();
    diamonds.sort();
    assert_eq!(diamonds, expected);
    // The best customer elsewhere is gold, not pushed below it.
    let best_elsewhere = active
        .iter()
        .filter(|r| sheet.text(r, "Region") != "North")
        .max_by(|a, b| {
            sheet
                .number(a, "Score")
                .total_cmp(&sheet.number(b, "Score"))
        })
        .unwrap();
    assert_eq!(sheet.text(best_elsewhere, "Tier"), "gold");
    assert!(
        sheet
            .text(best_elsewhere, "Explanation")
            .ends_with("; the highest tier open to this customer"),
        "{}",
        sheet.text(best_elsewhere, "Explanation")
    );
    // explain says why, and aims them at no tier above.
    let id = sheet.text(best_elsewhere, "Customer ID");
    let output = tiers(dir.path())
        .args(["explain", &id, "shop.tiers.xlsx"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("not open to this customer's attribute classes (the tier's when): diamond"),
        "{stdout}"
    );
    assert!(!stdout.contains("this is the highest"), "{stdout}");
    // Local or remote follows the home region.
    for row in &sheet.rows {
        let want = if sheet.text(row, "Region") == "North" {
            "local"
        } else {
            "remote"
        };
        assert_eq!(sheet.text(row, "Local or remote"), want);
    }
}

/// The block of the Summary sheet under `title`: group name → counts per tier and net spend.
fn overview(path: &Path, title: &str) -> HashMap<String, Vec<f64>> {
    let mut workbook = open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range("Summary").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let top = rows
        .iter()
        .position(|r| r[0] == title)
        .unwrap_or_else(|| panic!("no overview {title}"));
    rows[top + 2..]
        .iter()
        .take_while(|r| r[0] != Data::Empty)
        .map(|r| {
            let numbers = r[1..6].iter().map(crate::common::number).collect();
            (r[0].to_string(), numbers)
        })
        .collect()
}

#[test]
fn overviews_by_region_and_size_count_the_customers_sheet() {
    let dir = shop(NORTH_DIAMONDS);
    assert!(score(dir.path()).status.success());
    let book = dir.path().join("shop.tiers.xlsx");
    let sheet = Sheet::read(&book, "Customers");
    let tiers = ["diamond", "gold", "silver", "ordinary"];
    for (title, column, strip) in [
        ("Customers by region and tier", "Region", false),
        ("Customers by size class and tier", "Size class", true),
        (
            "Customers by local or remote and tier",
            "Local or remote",
            false,
        ),
    ] {
        let mut expected: HashMap<String, Vec<f64>> = HashMap::new();
        for row in &sheet.rows {
            let mut group = sheet.text(row, column);
            if strip {
                // "large (by net spend)" → "large"
                group = group.split(" (").next().unwrap().to_owned();
            }
            let line = expected.entry(group).or_insert_with(|| vec![0.0; 5]);
            let tier = tiers
                .iter()
                .position(|t| *t == sheet.text(row, "Tier"))
                .unwrap();
            line[tier] += 1.0;
            line[4] += sheet.number(row, "Net spend");
        }
        let found = overview(&book, title);
        assert_eq!(found.len(), expected.len(), "{title}");
        for (group, line) in expected {
            let got = &found[&group];
            assert_eq!(got[..4], line[..4], "{title}: {group}");
            assert!((got[4] - line[4]).abs() < 0.01, "{title}: {group} spend");
        }
    }
}

#[test]
fn a_segment_open_to_one_region_passes_the_others_to_the_next_rule() {
    let segments_of = |config: &str| {
        let dir = shop(config);
        assert!(score(dir.path()).status.success());
        let sheet = Sheet::read(&dir.path().join("shop.tiers.xlsx"), "Customers");
        sheet
            .rows
            .iter()
            .map(|r| {
                let id = sheet.text(r, "Customer ID");
                (id, (sheet.text(r, "Segment"), sheet.text(r, "Region")))
            })
            .collect::<HashMap<_, _>>()
    };
    let before = segments_of("");
    let after = segments_of("[segments.when]\noccasional_large = { region = \"North\" }\n");
    let mut moved = 0;
    for (id, (segment, region)) in &before {
        let now = &after[id].0;
        if segment == "occasional large-order" && region != "North" {
            // Not open to them any more: the next rule, regular, takes them.
            assert_eq!(now, "regular", "{id}");
            moved += 1;
        } else {
            assert_eq!(now, segment, "{id}");
        }
    }
    assert!(
        moved > 0,
        "no occasional large-order customer outside the North"
    );
}

#[test]
fn a_misspelt_class_or_a_location_without_home_region_is_a_config_error() {
    let dir = shop(&NORTH_DIAMONDS.replace("{ region = \"North\" }", "{ size = \"huge\" }"));
    let output = score(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("tier \"diamond\": when.size = \"huge\": expected large, medium or small"),
        "{stderr}"
    );
    let config = NORTH_DIAMONDS
        .replace("home_region = \"North\"", "")
        .replace("{ region = \"North\" }", "{ location = \"local\" }");
    let output = score(shop(&config).path());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("when.location needs attributes.home_region"),
        "{stderr}"
    );
}
