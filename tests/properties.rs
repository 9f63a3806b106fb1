//! Properties of the grading, over random shops (proptest): the order of the rows, of the
//! input files and of a workbook's sheets never matters, and more spend never costs a customer
//! their tier.
//!
//! Amounts are whole numbers, so every sum is exact whatever the order of adding.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use proptest::prelude::*;
use tiers::config::Config;
use tiers::pipeline::{self, read};

/// One order line: customer, day of 2026 (0–299), whole amount, whether it completed, and
/// category.
type Line = (u8, u16, u32, bool, u8);

fn lines() -> impl Strategy<Value = Vec<Line>> {
    let line = (
        0u8..12,
        0u16..300,
        1u32..5_000,
        prop::bool::weighted(0.9),
        0u8..3,
    );
    prop::collection::vec(line, 30..120)
}

fn csv(lines: &[Line]) -> String {
    numbered_csv(lines, 0)
}

/// The lines as a csv text, their order ids counted from `first` (ids are unique across files:
/// lines with one id are one order).
fn numbered_csv(lines: &[Line], first: usize) -> String {
    let mut text = String::from("Order ID,Customer ID,Order Date,Category,Amount,Status\n");
    for (k, (customer, day, amount, completed, category)) in (first..).zip(lines) {
        let date =
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(*day));
        let status = if *completed { "Completed" } else { "Cancelled" };
        let category = ["Tea", "Snacks", "Soap"][usize::from(*category)];
        writeln!(
            text,
            "SO{k},C{customer:02},{date},{category},{amount},{status}"
        )
        .unwrap();
    }
    text
}

/// Each customer's tier, score and net spend, by id.
fn grade(lines: &[Line]) -> BTreeMap<String, (usize, f64, f64)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.csv");
    std::fs::write(&path, csv(lines)).unwrap();
    grade_tables(&read::read_inputs(&[path]).unwrap())
}

/// The lines cut into parts at `cuts`, each part its own csv file, taken in `order`.
fn grade_files(
    lines: &[Line],
    cuts: &[usize],
    order: &[usize],
) -> BTreeMap<String, (usize, f64, f64)> {
    let parts = parts(lines, cuts);
    let tables: Vec<read::Table> = order
        .iter()
        .map(|&i| {
            let path = std::path::PathBuf::from(format!("orders-{i}.csv"));
            let (first, lines) = parts[i];
            read::Table::from_csv_bytes(&path, numbered_csv(lines, first).into_bytes())
        })
        .collect();
    grade_tables(&tables)
}

/// The same parts as sheets of one workbook, in `order`.
fn grade_sheets(
    lines: &[Line],
    cuts: &[usize],
    order: &[usize],
) -> BTreeMap<String, (usize, f64, f64)> {
    let parts = parts(lines, cuts);
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for &i in order {
        let sheet = workbook
            .add_worksheet()
            .set_name(format!("Orders {i}"))
            .unwrap();
        let (first, lines) = parts[i];
        for (r, line) in numbered_csv(lines, first).lines().enumerate() {
            for (c, field) in line.split(',').enumerate() {
                let (r, c) = (r as u32, c as u16);
                match field.parse::<f64>() {
                    Ok(n) => sheet.write_number(r, c, n).unwrap(),
                    Err(_) => sheet.write_string(r, c, field).unwrap(),
                };
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.xlsx");
    workbook.save(&path).unwrap();
    grade_tables(&read::read_inputs(&[path]).unwrap())
}

/// `lines` cut before each index in `cuts` (ascending, within the lines), each part with the
/// index of its first line.
fn parts<'a>(lines: &'a [Line], cuts: &[usize]) -> Vec<(usize, &'a [Line])> {
    let mut parts = Vec::new();
    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&lines.len())) {
        parts.push((start, &lines[start..cut]));
        start = cut;
    }
    parts
}

fn grade_tables(tables: &[read::Table]) -> BTreeMap<String, (usize, f64, f64)> {
    let as_of = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let graded = pipeline::grade(tables, &Config::default(), as_of, None).unwrap();
    graded
        .data
        .customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let values = (
                graded.tiers[i],
                graded.scores[i].total,
                graded.metrics[i].net_spend(),
            );
            (c.id.clone(), values)
        })
        .collect()
}

/// Tiers and net spend exactly; scores to a billionth (the lifetime value fit adds its
/// terms in hash order).
fn assert_same(a: &BTreeMap<String, (usize, f64, f64)>, b: &BTreeMap<String, (usize, f64, f64)>) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (id, (tier, score, spend)) in a {
        let (tier_b, score_b, spend_b) = b[id];
        assert_eq!((id, *tier, *spend), (id, tier_b, spend_b));
        assert!(
            (score - score_b).abs() < 1e-9,
            "{id}: score {score} against {score_b}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_order_of_the_rows_does_not_matter(lines in lines(), seed in any::<u64>()) {
        let mut shuffled = lines.clone();
        // A permutation from the seed, without another crate.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        assert_same(&grade(&lines), &grade(&shuffled));
    }

    #[test]
    fn the_order_of_files_and_sheets_does_not_matter(
        lines in lines(),
        cut_a in any::<prop::sample::Index>(),
        cut_b in any::<prop::sample::Index>(),
        order in Just(vec![0usize, 1, 2]).prop_shuffle(),
    ) {
        let mut cuts = [cut_a.index(lines.len()), cut_b.index(lines.len())];
        cuts.sort_unstable();
        let whole = grade(&lines);
        assert_same(&whole, &grade_files(&lines, &cuts, &order));
        assert_same(&whole, &grade_sheets(&lines, &cuts, &order));
    }

    #[test]
    fn more_spend_never_lowers_a_tier(lines in lines(), which in any::<prop::sample::Index>(), extra in 1u32..20_000) {
        let before = grade(&lines);
        let mut richer = lines.clone();
        let k = which.index(richer.len());
        richer[k].2 += extra;
        let after = grade(&richer);
        let id = format!("C{:02}", richer[k].0);
        // Tier 0 is the highest.
        prop_assert!(after[&id].0 <= before[&id].0, "{id}: tier {} after {} before", after[&id].0, before[&id].0);
    }
}

/// Runs `tiers score orders.csv -o BOOK --as-of DATE -q` in `dir`; it must succeed.
fn score_book(dir: &std::path::Path, book: &str, as_of: &str) {
    crate::common::tiers(dir)
        .args(["score", "orders.csv", "-o", book, "--as-of", as_of, "-q"])
        .assert()
        .success();
}

/// The Customers sheet's `header` column by customer id, where it is not empty.
fn column_by_id(book: &std::path::Path, header: &str) -> BTreeMap<String, String> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(book).unwrap();
    let range = workbook.worksheet_range("Customers").unwrap();
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    let col = |h: &str| headers.iter().position(|x| x == h).unwrap();
    let (id, wanted) = (col("Customer ID"), col(header));
    rows.filter(|r| !r[wanted].to_string().is_empty())
        .map(|r| (r[id].to_string(), r[wanted].to_string()))
        .collect()
}

proptest! {
    // Each case runs the binary three times.
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn grading_twice_gives_the_same_workbook_and_regrading_keeps_every_manual_cell(
        lines in lines(),
        notes in prop::collection::btree_map(0u8..12, "[a-zA-Z0-9 客户跟进=+@-]{1,24}", 1..8),
    ) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("orders.csv"), csv(&lines)).unwrap();
        score_book(dir.path(), "first.xlsx", "2026-10-31");
        score_book(dir.path(), "second.xlsx", "2026-10-31");
        // Byte for byte, as the README promises for the same inputs and as-of date.
        let bytes = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
        prop_assert!(bytes("first.xlsx") == bytes("second.xlsx"));

        // Notes typed into a column of the team's own, on customers the sheet has.
        let book = dir.path().join("first.xlsx");
        let graded: Vec<String> = column_by_id(&book, "Tier").into_keys().collect();
        let notes: BTreeMap<String, String> = notes
            .into_iter()
            .map(|(k, note)| (format!("C{k:02}"), note.trim().to_owned()))
            .filter(|(id, note)| graded.contains(id) && !note.is_empty())
            .collect();
        crate::common::edit_workbook(&book, |sheets| {
            let customers = sheets.iter_mut().find(|s| s.name == "Customers").unwrap();
            customers.add_column("Follow-up");
            for (id, note) in &notes {
                customers.set("Customer ID", id, "Follow-up", calamine::Data::String(note.clone()));
            }
        });
        score_book(dir.path(), "first.xlsx", "2026-11-30");
        prop_assert_eq!(column_by_id(&book, "Follow-up"), notes);
    }
}
