//! `tiers completions` and `tiers man`: the command line described for shells and for `man`,
//! generated from the same clap definition as `--help`, so they cannot drift from it.

use std::io::Write;

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::UsageError;
use crate::cli::{Cli, CompletionsArgs, ManArgs};

/// Prints the completion script for the shell.
pub(super) fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "tiers", &mut out);
    write_stdout(&out)
}

/// Prints the manual page of tiers, or of one of its commands as `tiers-COMMAND(1)`.
pub(super) fn man(args: &ManArgs) -> Result<()> {
    let tiers = Cli::command();
    let page = match &args.command {
        None => tiers,
        Some(name) => {
            let command = tiers.find_subcommand(name).cloned().ok_or_else(|| {
                let names: Vec<&str> = tiers
                    .get_subcommands()
                    .map(clap::Command::get_name)
                    .collect();
                UsageError(format!(
                    "no command {name:?}; the commands are {}",
                    names.join(", ")
                ))
            })?;
            let title = format!("tiers-{name}");
            // The page's title, and the usage line, name the command as it is typed.
            command
                .name(title.clone())
                .bin_name(format!("tiers {name}"))
                .display_name(title)
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .context("cannot render the manual page")?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .context("cannot write to standard output")
}
