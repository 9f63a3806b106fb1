//! Times each stage of `tiers score` on the given inputs: read, recognise, classify,
//! aggregate, score and tier, build the workbook, save it. A benchmark, run by hand:
//!
//! ```text
//! cargo run --release --example time_pipeline -- --as-of 2026-10-31 orders.csv customers.csv
//! ```

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use tiers::config::Config;
use tiers::model::{Lang, Window};
use tiers::pipeline::{Graded, aggregate, classify, columns, read, score, segment};
use tiers::write::{RunInfo, Summary, output, workbook};

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut as_of = NaiveDate::from_ymd_opt(2026, 10, 31).context("date")?;
    if let Some(i) = args.iter().position(|a| a == "--as-of") {
        as_of = NaiveDate::parse_from_str(
            args.get(i + 1).context("--as-of needs a date")?,
            "%Y-%m-%d",
        )?;
        args.drain(i..=i + 1);
    }
    let inputs: Vec<PathBuf> = args.iter().map(PathBuf::from).collect();
    anyhow::ensure!(
        !inputs.is_empty(),
        "usage: time_pipeline [--as-of DATE] INPUT..."
    );
    let config = Config::default();
    let out = std::env::temp_dir().join("time_pipeline.tiers.xlsx");

    let start = Instant::now();
    let tables = read::read_inputs(&inputs)?;
    let read_done = Instant::now();
    // The steps of `pipeline::grade`, timed one by one.
    let mut data = columns::recognise(&tables, &config)?;
    drop(tables);
    let recognise_done = Instant::now();
    let window = Window::ending(as_of, config.window.months);
    let history = classify::classify(&mut data.orders, window);
    let classify_done = Instant::now();
    let metrics = aggregate::aggregate(
        data.customers.len(),
        &data.orders,
        &history,
        &data.feedback,
        window,
    );
    let aggregate_done = Instant::now();
    let scores = score::score(&metrics, as_of, &config.score);
    let tiers = segment::assign_tiers(&data.customers, &metrics, &scores, &config.tiers);
    let ranking = segment::ranking(&data.customers, &metrics, &scores, &tiers);
    let graded = Graded {
        data,
        window,
        metrics,
        scores,
        tiers,
        ranking,
    };
    let grade_done = Instant::now();
    let info = RunInfo {
        as_of,
        lang: Lang::En,
        config: &config,
        config_path: None,
        inputs,
    };
    let summary = Summary::of(&graded, config.tiers.levels.len());
    let mut book = workbook::build(&graded, &summary, &info)?;
    let build_done = Instant::now();
    output::save(&mut book, &out)?;
    let save_done = Instant::now();

    let secs = |a: Instant, b: Instant| (b - a).as_secs_f64();
    println!("order lines   {}", graded.data.orders.len());
    println!("customers     {}", graded.data.customers.len());
    println!("read          {:7.3} s", secs(start, read_done));
    println!("recognise     {:7.3} s", secs(read_done, recognise_done));
    println!(
        "classify      {:7.3} s",
        secs(recognise_done, classify_done)
    );
    println!(
        "aggregate     {:7.3} s",
        secs(classify_done, aggregate_done)
    );
    println!("score, tiers  {:7.3} s", secs(aggregate_done, grade_done));
    println!("build sheets  {:7.3} s", secs(grade_done, build_done));
    println!("save (zip)    {:7.3} s", secs(build_done, save_done));
    println!("total         {:7.3} s", secs(start, save_done));
    std::fs::remove_file(&out)?;
    Ok(())
}
