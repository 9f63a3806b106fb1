//! The `tiers` binary: parse the command line, run, print any error once, choose the exit code.

use std::process::ExitCode;

use clap::Parser;
use tiers::Cli;
use tiers::commands::UsageError;

fn main() -> ExitCode {
    let report_panic = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Those the library turns into errors are printed as errors, once.
        if !tiers::write::panic_is_caught() {
            report_panic(info);
        }
    }));
    let cli = Cli::parse();
    match tiers::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "error: {}",
                tiers::commands::terminal_safe(&format!("{err:#}"))
            );
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
