//! Where `tiers score`'s time goes, stage by stage, on a shop from the project's generator
//! (fixed seed): read csv, read xlsx, grade (recognise and parse, classify, aggregate, score,
//! tiers, lifetime value), build the management workbook, and build and save it. Run by hand:
//!
//! ```text
//! cargo bench --bench stages                          # 100,000 order lines
//! TIERS_BENCH_ORDERS=1000000 cargo bench --bench stages
//! ```
//!
//! Figures and their analysis are in docs/performance.md.

#![allow(
    clippy::unwrap_used,
    missing_docs,
    reason = "a benchmark harness: a panic is the report, and criterion's macros make items"
)]

use std::path::PathBuf;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use tiers::config::Config;
use tiers::model::Lang;
use tiers::pipeline::{self, read};
use tiers::sample::{self, SampleSpec};
use tiers::write::{RunInfo, Sheets, Summary, output, workbook};

fn stages(c: &mut Criterion) {
    let orders: usize = std::env::var("TIERS_BENCH_ORDERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let as_of = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = sample::generate(&SampleSpec::new(orders * 2 / 25, orders, 1, as_of));
    let csv_dir = dir.path().join("csv");
    sample::write_csv(&data, &csv_dir).unwrap();
    let xlsx = dir.path().join("shop.xlsx");
    sample::write_xlsx(&data, &xlsx).unwrap();
    let csv: Vec<PathBuf> = ["customers.csv", "orders.csv", "feedback.csv"]
        .iter()
        .map(|f| csv_dir.join(f))
        .collect();
    let config = Config::default();

    let mut group = c.benchmark_group(format!("{orders} order lines"));
    group.sample_size(10);
    group.bench_function("read csv", |b| b.iter(|| read::read_inputs(&csv).unwrap()));
    group.bench_function("read xlsx", |b| {
        b.iter(|| read::read_inputs(std::slice::from_ref(&xlsx)).unwrap());
    });
    let tables = read::read_inputs(&csv).unwrap();
    group.bench_function("grade", |b| {
        b.iter(|| pipeline::grade(&tables, &config, as_of, None).unwrap());
    });
    let graded = pipeline::grade(&tables, &config, as_of, None).unwrap();
    let summary = Summary::of(&graded, &config);
    for (name, orders_sheet) in [("workbook", true), ("workbook --no-history", false)] {
        let info = RunInfo {
            as_of,
            lang: Lang::En,
            config: &config,
            config_path: None,
            inputs: csv.clone(),
            previous: None,
            backtest: None,
            orders_sheet,
        };
        group.bench_function(format!("build {name}"), |b| {
            b.iter(|| workbook::build(&graded, &summary, &info, Sheets::Standard).unwrap());
        });
        let out = dir.path().join("out.xlsx");
        group.bench_function(format!("build and save {name}"), |b| {
            b.iter(|| {
                let mut book = workbook::build(&graded, &summary, &info, Sheets::Standard).unwrap();
                output::save(&mut book, &out, 0).unwrap();
            });
        });
    }
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
