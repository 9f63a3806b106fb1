//! Properties of the grading, over random shops (proptest): the order of the rows never
//! matters, and more spend never costs a customer their tier.
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
    let mut text = String::from("Order ID,Customer ID,Order Date,Category,Amount,Status\n");
    for (k, (customer, day, amount, completed, category)) in lines.iter().enumerate() {
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
    let tables = read::read_inputs(&[path]).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let graded = pipeline::grade(&tables, &Config::default(), as_of, None).unwrap();
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
