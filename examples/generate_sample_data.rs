//! Writes deterministic sample customers, orders and feedback as xlsx or csv.
//!
//! ```text
//! cargo run --release --example generate_sample_data -- \
//!     --customers 300 --orders 5000 --seed 42 --end 2026-10-31 \
//!     --lang en|zh --format xlsx|csv --messy 0 --out PATH
//! ```
//!
//! For xlsx `--out` is the workbook file (default `sample-data/customers.xlsx`); for csv it
//! is a directory (default `sample-data`), created if missing.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use tiers::sample::{self, Lang, SampleSpec};

const USAGE: &str = "usage: generate_sample_data [--customers N] [--orders N] [--seed N] \
[--end YYYY-MM-DD] [--lang en|zh] [--format xlsx|csv] [--messy N] [--out PATH]";

fn main() -> Result<()> {
    let end = NaiveDate::from_ymd_opt(2026, 10, 31).context("default end date")?;
    let mut spec = SampleSpec::new(300, 5000, 42, end);
    let (mut csv, mut out) = (false, None);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            eprintln!("{USAGE}");
            return Ok(());
        }
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value\n{USAGE}"))?;
        let bad = || format!("bad value for {flag}: {value:?}");
        match flag.as_str() {
            "--customers" => spec.customers = value.parse().with_context(bad)?,
            "--orders" => spec.orders = value.parse().with_context(bad)?,
            "--seed" => spec.seed = value.parse().with_context(bad)?,
            "--messy" => spec.messy_rows = value.parse().with_context(bad)?,
            "--end" => spec.end = value.parse().with_context(bad)?,
            "--out" => out = Some(PathBuf::from(&value)),
            "--lang" => {
                spec.lang = match value.as_str() {
                    "en" => Lang::En,
                    "zh" => Lang::Zh,
                    _ => bail!("{}\n{USAGE}", bad()),
                }
            }
            "--format" => {
                csv = match value.as_str() {
                    "xlsx" => false,
                    "csv" => true,
                    _ => bail!("{}\n{USAGE}", bad()),
                }
            }
            _ => bail!("unknown option {flag}\n{USAGE}"),
        }
    }
    let out = out.unwrap_or_else(|| {
        PathBuf::from(if csv {
            "sample-data"
        } else {
            "sample-data/customers.xlsx"
        })
    });

    let started = Instant::now();
    let data = sample::generate(&spec);
    let generated = started.elapsed();
    if csv {
        sample::write_csv(&data, &out)?;
    } else {
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        sample::write_xlsx(&data, &out)?;
    }
    let what = if csv {
        "customers.csv, orders.csv, feedback.csv in"
    } else {
        "workbook"
    };
    eprintln!(
        "wrote {} customers, {} orders ({} messy), {} feedback rows: {what} {} \
         (generated in {:.2?}, total {:.2?})",
        data.customers.len(),
        data.orders.len(),
        spec.messy_rows,
        data.feedback.len(),
        out.display(),
        generated,
        started.elapsed(),
    );
    Ok(())
}
