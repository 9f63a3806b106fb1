//! `tiers init`: a commented `tiers.toml` to start from, and optionally a sample workbook.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::print_stdout;
use crate::cli::InitArgs;
use crate::config::{DEFAULT_CONFIG_FILE, TEMPLATE};
use crate::sample::{self, SampleSpec};
use crate::write::output::{back_up, write_atomically};
use crate::write::table::integer;

/// The sample workbook's name.
const SAMPLE_FILE: &str = "sample.xlsx";

pub(super) fn run(args: &InitArgs) -> Result<()> {
    if args.dir.exists() && !args.dir.is_dir() {
        bail!("{} is not a directory", args.dir.display());
    }
    let config = args.dir.join(DEFAULT_CONFIG_FILE);
    let sample_path = args.dir.join(SAMPLE_FILE);
    // Everything that can fail comes before anything is written.
    refuse_to_replace(&config, args.force)?;
    let sample = if args.sample {
        refuse_to_replace(&sample_path, args.force)?;
        let today = chrono::Local::now().date_naive();
        let mut spec = SampleSpec::new(300, 5000, 42, today);
        spec.lang = args.lang;
        let data = sample::generate(&spec);
        let bytes = sample::workbook(&data)?
            .save_to_buffer()
            .context("cannot build the sample workbook")?;
        let what = format!(
            "{} made-up customers, {} order lines up to {today}",
            integer(data.customers.len() as u64),
            integer(data.orders.len() as u64)
        );
        Some((bytes, what))
    } else {
        None
    };
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    let mut lines = Vec::new();
    for (path, bytes) in [(&config, TEMPLATE.as_bytes())].into_iter().chain(
        sample
            .as_ref()
            .map(|(bytes, _)| (&sample_path, bytes.as_slice())),
    ) {
        if path.is_file() {
            let backup = back_up(path)?;
            lines.push(format!(
                "kept the previous {} as {}",
                path.display(),
                backup.display()
            ));
        }
        write_atomically(path, bytes)?;
    }
    lines.push(format!(
        "wrote {}: every option at its default, with what it does",
        config.display()
    ));
    if let Some((_, what)) = &sample {
        lines.push(format!("wrote {}: {what}", sample_path.display()));
        lines.push(format!(
            "try: cd {} && tiers check {SAMPLE_FILE} && tiers score {SAMPLE_FILE}",
            args.dir.display()
        ));
    }
    print_stdout(&lines.join("\n"))
}

/// Refuses a path that holds anything (a file, a directory, even a dangling link), unless
/// `force` allows replacing a file.
fn refuse_to_replace(path: &Path, force: bool) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Err(_) => Ok(()),
        Ok(meta) if meta.is_dir() => bail!("{} is a directory; nothing written", path.display()),
        Ok(_) if force => Ok(()),
        Ok(_) => bail!(
            "{} already exists; nothing written (--force replaces it, keeping a backup)",
            path.display()
        ),
    }
}
