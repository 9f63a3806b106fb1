//! Lifetime value through the binary: the histories behind P(alive) and expected orders
//! computed again from the generator's records, the fits reported in the Rules sheet and in
//! `--json`, and a shop too small to fit, which says so and leaves the columns empty.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns; a panic is the failure report"
)]

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use tiers::pipeline::clv::{BgNbd, GammaGamma, History};
use tiers::sample::{self, SampleData, SampleSpec};

use crate::common::{Sheet, copy_fixture, tiers};

const AS_OF: &str = "2026-10-31";

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
}

/// Each customer's `(x, t_x, T, m)` (m: the average repeat day value) straight from the records: counted
/// purchase lines summed by day.
fn histories(data: &SampleData) -> HashMap<String, History> {
    let mut days: HashMap<&str, BTreeMap<NaiveDate, f64>> = HashMap::new();
    for o in &data.orders {
        let counted = ["Completed", "Shipped", "Processed"].contains(&o.status.as_str());
        if o.amount_text.is_some() || o.date_text.is_some() || o.customer_id.is_empty() {
            continue;
        }
        if counted && o.kind != "Return" && o.date <= as_of() {
            *days
                .entry(&o.customer_id)
                .or_default()
                .entry(o.date)
                .or_default() += o.amount;
        }
    }
    days.into_iter()
        .map(|(id, days)| {
            let dates: Vec<&NaiveDate> = days.keys().collect();
            let (first, last) = (*dates[0], **dates.last().unwrap());
            let repeats: Vec<f64> = days.values().skip(1).copied().collect();
            let history = History {
                x: repeats.len() as f64,
                recency: (last - first).num_days() as f64,
                age: (as_of() - first).num_days() as f64,
                repeat_value: (!repeats.is_empty())
                    .then(|| repeats.iter().sum::<f64>() / repeats.len() as f64),
            };
            (id.to_owned(), history)
        })
        .collect()
}

#[test]
fn p_alive_and_expected_orders_follow_the_fitted_models_for_every_customer() {
    let dir = tempfile::tempdir().unwrap();
    let data = sample::generate(&SampleSpec::new(300, 5000, 13, as_of()));
    sample::write_xlsx(&data, &dir.path().join("shop.xlsx")).unwrap();
    let output = tiers(dir.path())
        .args(["score", "shop.xlsx", "--as-of", AS_OF, "--json", "-q"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let clv = &json["clv"];
    assert_eq!(clv["time_unit"], "day");
    let number = |v: &serde_json::Value| v.as_f64().unwrap();
    let bgnbd = BgNbd {
        r: number(&clv["bgnbd"]["r"]),
        alpha: number(&clv["bgnbd"]["alpha"]),
        a: number(&clv["bgnbd"]["a"]),
        b: number(&clv["bgnbd"]["b"]),
    };
    let gg = GammaGamma {
        p: number(&clv["gamma_gamma"]["p"]),
        q: number(&clv["gamma_gamma"]["q"]),
        gamma: number(&clv["gamma_gamma"]["gamma"]),
    };
    let histories = histories(&data);
    assert_eq!(clv["bgnbd"]["customers"], histories.len());

    let sheet = Sheet::read(&dir.path().join("shop.tiers.xlsx"), "Customers");
    let horizon = 365.25;
    for row in &sheet.rows {
        let id = sheet.text(row, "Customer ID");
        let Some(h) = histories.get(&id) else {
            assert_eq!(sheet.text(row, "P(alive)"), "", "{id} never bought");
            continue;
        };
        let p_alive = sheet.number(row, "P(alive)");
        assert!((p_alive - bgnbd.p_alive(h)).abs() < 1e-9, "{id} P(alive)");
        if h.x == 0.0 {
            assert_eq!(p_alive, 1.0, "{id}: no repeat purchase, so alive");
        }
        let orders = bgnbd.expected_purchases(h, horizon);
        assert!(
            (sheet.number(row, "Expected orders (next 12 months)") - orders).abs() < 1e-9,
            "{id} expected orders"
        );
        let value = gg.expected_value(h.x, h.repeat_value).unwrap() * orders;
        assert!(
            (sheet.number(row, "Expected value (next 12 months)") - value).abs()
                < 1e-6 * value.max(1.0),
            "{id} expected value"
        );
    }
    let rules = Sheet::read(&dir.path().join("shop.tiers.xlsx"), "Rules");
    let r = rules.row("Setting", "BG/NBD r");
    assert_eq!(rules.text(r, "Value"), format!("{:.6}", bgnbd.r));

    // explain gives the same figures for a customer.
    let output = tiers(dir.path())
        .args(["explain", "C0001", "shop.xlsx", "--as-of", AS_OF, "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let lifetime = &json["lifetime"];
    let row = sheet.row("Customer ID", "C0001");
    // To the last bits a workbook's number text keeps.
    assert!((number(&lifetime["p_alive"]) - sheet.number(row, "P(alive)")).abs() < 1e-12);
    let orders = sheet.number(row, "Expected orders (next 12 months)");
    assert!((number(&lifetime["expected_orders"]) - orders).abs() < 1e-9);
    assert_eq!(lifetime["horizon_months"], 12);
}

#[test]
fn a_shop_too_small_to_fit_says_why_and_leaves_the_columns_empty() {
    let dir = copy_fixture("shop");
    let score = |extra: &[&str]| {
        tiers(dir.path())
            .args([
                "score",
                "customers.csv",
                "orders.csv",
                "--as-of",
                "2026-06-30",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let output = score(&["--json", "-q"]);
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json["clv"]["bgnbd"].is_null());
    let reason = json["clv"]["not_fitted"][0].as_str().unwrap();
    // C001 bought on 4 days and C002 on 2 up to the as-of date, C003 and C005 once, C004 never.
    assert!(
        reason.starts_with("too little history: 4 customers bought, 2 of them more than once"),
        "{reason}"
    );
    let book = dir.path().join("customers.tiers.xlsx");
    let sheet = Sheet::read(&book, "Customers");
    assert!(sheet.column("P(alive)").iter().all(String::is_empty));
    let rules = Sheet::read(&book, "Rules");
    assert_eq!(
        rules.text(rules.row("Setting", "BG/NBD not fitted"), "Value"),
        reason
    );

    // A Chinese workbook gives the reason in Chinese.
    assert!(
        score(&["--lang", "zh", "-o", "zh.xlsx", "-q"])
            .status
            .success()
    );
    let rules = Sheet::read(&dir.path().join("zh.xlsx"), "规则");
    let reason = rules.text(rules.row("设置", "BG/NBD 未拟合"), "值");
    assert!(
        reason.starts_with("历史太少：4 位客户有购买，其中 2 位不止一次"),
        "{reason}"
    );
}

#[test]
fn value_can_be_weighted_into_the_score_and_explain_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = sample::generate(&SampleSpec::new(300, 5000, 13, as_of()));
    sample::write_xlsx(&data, &dir.path().join("shop.xlsx")).unwrap();
    std::fs::write(
        dir.path().join("tiers.toml"),
        "[score.weights]\nvalue = 50.0\n",
    )
    .unwrap();
    let output = tiers(dir.path())
        .args(["explain", "C0001", "shop.xlsx", "--as-of", AS_OF, "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let parts = json["parts"].as_array().unwrap();
    let value = parts.iter().find(|p| p["component"] == "value").unwrap();
    assert_eq!(value["weight"], 50.0);
    // The five parts over the total weight 150, less the penalty, are the score.
    let points: f64 = parts
        .iter()
        .map(|p| p["contribution"].as_f64().unwrap())
        .sum();
    let score = json["score"].as_f64().unwrap();
    assert!((points - json["penalty"].as_f64().unwrap() - score).abs() < 1e-9);
    let weighted: f64 = parts
        .iter()
        .map(|p| p["score"].as_f64().unwrap() * p["weight"].as_f64().unwrap())
        .sum::<f64>()
        / 150.0;
    assert!((weighted - points).abs() < 1e-9);
}

#[test]
fn a_value_weight_without_a_fit_is_left_out_with_a_note() {
    let dir = copy_fixture("shop");
    std::fs::write(
        dir.path().join("tiers.toml"),
        "[score.weights]\nvalue = 50.0\n",
    )
    .unwrap();
    let output = tiers(dir.path())
        .args([
            "score",
            "customers.csv",
            "orders.csv",
            "--as-of",
            "2026-06-30",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("score.weights.value is set, but lifetime value could not be fitted"),
        "{stderr}"
    );
    // The hand-computed scores of cli_score.rs stand: C001 73.33.
    let sheet = Sheet::read(&dir.path().join("customers.tiers.xlsx"), "Customers");
    let c001 = sheet.row("Customer ID", "C001");
    assert!((sheet.number(c001, "Score") - 73.333).abs() < 0.001);
}

/// The CDNOW sample, as published with Fader, Hardie and Lee's "Counting your customers the
/// easy way" (Marketing Science, 2005) and shipped with the Python package lifetimes: 6,919
/// purchases by 2,357 customers from January 1997 to June 1998 (`CDNOW_sample.txt`, turned into
/// a csv file with its columns unchanged). Fitted on the 39 weeks up to 1997-09-30, the paper
/// reports BG/NBD r = 0.243, α = 4.414 weeks, a = 0.793, b = 2.426 and log-likelihood −9582.4;
/// Fader and Hardie's note "The Gamma-Gamma model of monetary value" (2013) reports p = 6.25,
/// q = 3.74, γ = 15.44 for the same period's 946 repeat buyers.
#[test]
fn the_cdnow_sample_gives_the_published_fits() {
    let dir = copy_fixture("cdnow");
    let output = tiers(dir.path())
        .args([
            "score",
            "orders.csv",
            "--as-of",
            "1997-09-30",
            "--json",
            "-q",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let clv = &json["clv"];
    let number = |v: &serde_json::Value| v.as_f64().unwrap();
    let close = |name: &str, ours: f64, published: f64, places: i32| {
        let tolerance = 0.5 * 10f64.powi(-places);
        assert!(
            (ours - published).abs() <= tolerance,
            "{name}: {ours} against the published {published}"
        );
    };
    let bgnbd = &clv["bgnbd"];
    assert_eq!(bgnbd["customers"], 2357);
    close("r", number(&bgnbd["r"]), 0.243, 3);
    // tiers counts time in days, the paper in weeks.
    close("alpha (weeks)", number(&bgnbd["alpha"]) / 7.0, 4.414, 3);
    close("a", number(&bgnbd["a"]), 0.793, 3);
    close("b", number(&bgnbd["b"]), 2.426, 3);
    // In days, each repeat purchase's density is a seventh of its density in weeks, so the
    // log-likelihood is lower by ln 7 for every repeat purchase day up to the as-of date.
    let text = std::fs::read_to_string(dir.path().join("orders.csv")).unwrap();
    let mut days: HashMap<&str, std::collections::HashSet<&str>> = HashMap::new();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        if fields[1] <= "1997-09-30" {
            days.entry(fields[0]).or_default().insert(fields[1]);
        }
    }
    let repeat_days: usize = days.values().map(|d| d.len() - 1).sum();
    assert_eq!(repeat_days, 2457);
    let in_weeks = number(&bgnbd["log_likelihood"]) + 7f64.ln() * repeat_days as f64;
    close("log-likelihood (weeks)", in_weeks, -9582.4, 1);

    let gg = &clv["gamma_gamma"];
    assert_eq!(gg["customers"], 946);
    close("p", number(&gg["p"]), 6.25, 2);
    close("q", number(&gg["q"]), 3.74, 2);
    close("gamma", number(&gg["gamma"]), 15.44, 2);

    // The ids keep their leading zeros: the paper's customer 1 is 00004.
    let sheet = Sheet::read(&dir.path().join("orders.tiers.xlsx"), "Customers");
    assert_eq!(sheet.rows.len(), 2357);
    let first = sheet.row("Customer ID", "00004");
    // Its lines up to the as-of date: 1997-01-01 29.33, 1997-01-18 29.73, 1997-08-02 14.96.
    assert_eq!(sheet.number(first, "Orders"), 3.0);
    assert!((sheet.number(first, "Net spend") - 74.02).abs() < 1e-9);
}
