//! `tiers init`: a commented `tiers.toml` to start from, and optionally a sample workbook.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::print_stdout;
use crate::cli::InitArgs;
use crate::config::{DEFAULT_CONFIG_FILE, TEMPLATE};
use crate::sample::{self, SampleSpec};
use crate::write::output::write_atomically;

/// The sample workbook's name.
const SAMPLE_FILE: &str = "sample.xlsx";

pub(super) fn run(args: &InitArgs) -> Result<()> {
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    let config = args.dir.join(DEFAULT_CONFIG_FILE);
    let sample_path = args.dir.join(SAMPLE_FILE);
    // Both refusals come before anything is written.
    refuse_to_replace(&config, args.force)?;
    if args.sample {
        refuse_to_replace(&sample_path, args.force)?;
    }
    write_atomically(&config, TEMPLATE.as_bytes())?;
    let mut lines = vec![format!(
        "wrote {}: every option at its default, with what it does",
        config.display()
    )];
    if args.sample {
        let today = chrono::Local::now().date_naive();
        let mut spec = SampleSpec::new(300, 5000, 42, today);
        spec.lang = args.lang;
        let data = sample::generate(&spec);
        let bytes = sample::workbook(&data)?
            .save_to_buffer()
            .context("cannot build the sample workbook")?;
        write_atomically(&sample_path, &bytes)?;
        lines.push(format!(
            "wrote {}: {} made-up customers, {} order lines up to {today}",
            sample_path.display(),
            data.customers.len(),
            data.orders.len()
        ));
        lines.push(format!(
            "try: cd {} && tiers check {SAMPLE_FILE} && tiers score {SAMPLE_FILE}",
            args.dir.display()
        ));
    }
    print_stdout(&lines.join("\n"))
}

fn refuse_to_replace(path: &Path, force: bool) -> Result<()> {
    if path.exists() && !force {
        bail!(
            "{} already exists; nothing written (--force replaces it)",
            path.display()
        );
    }
    Ok(())
}
