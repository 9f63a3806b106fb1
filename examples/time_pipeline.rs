//! Times each stage of `tiers score` on the given inputs: read, grade (recognise, classify,
//! aggregate, score, tier), build the workbook, save it. A benchmark, run by hand:
//!
//! ```text
//! cargo run --release --example time_pipeline -- --as-of 2026-10-31 orders.csv customers.csv
//! cargo run --release --example time_pipeline -- --no-history orders.csv customers.csv
//! ```

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use tiers::config::Config;
use tiers::model::Lang;
use tiers::pipeline::{self, read};
use tiers::write::{RunInfo, Sheets, Summary, output, workbook};

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
    let no_history = args.iter().any(|a| a == "--no-history");
    args.retain(|a| a != "--no-history");
    let inputs: Vec<PathBuf> = args.iter().map(PathBuf::from).collect();
    anyhow::ensure!(
        !inputs.is_empty(),
        "usage: time_pipeline [--as-of DATE] [--no-history] INPUT..."
    );
    let config = Config::default();
    let out = std::env::temp_dir().join("time_pipeline.tiers.xlsx");

    let start = Instant::now();
    let tables = read::read_inputs(&inputs)?;
    let read_done = Instant::now();
    let graded = pipeline::grade(&tables, &config, as_of, None)?;
    drop(tables);
    let grade_done = Instant::now();
    let info = RunInfo {
        as_of,
        lang: Lang::En,
        config: &config,
        config_path: None,
        inputs,
        previous: None,
        backtest: None,
        orders_sheet: !no_history,
    };
    let summary = Summary::of(&graded, &config);
    let mut book = workbook::build(&graded, &summary, &info, Sheets::Standard)?;
    let build_done = Instant::now();
    output::save(&mut book, &out, 0)?;
    let save_done = Instant::now();

    let secs = |a: Instant, b: Instant| (b - a).as_secs_f64();
    println!("order lines   {}", graded.data.orders.len());
    println!("customers     {}", graded.data.customers.len());
    println!("read          {:7.3} s", secs(start, read_done));
    println!("grade         {:7.3} s", secs(read_done, grade_done));
    println!("build sheets  {:7.3} s", secs(grade_done, build_done));
    println!("save (zip)    {:7.3} s", secs(build_done, save_done));
    println!("total         {:7.3} s", secs(start, save_done));
    std::fs::remove_file(&out)?;
    Ok(())
}
