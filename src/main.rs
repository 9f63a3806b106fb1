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
    let json = cli.reports_failure_as_json();
    match tiers::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let message = format!("{err:#}");
            eprintln!("error: {}", tiers::commands::terminal_safe(&message));
            // A script reading stdout gets one object either way.
            if json {
                println!("{}", serde_json::json!({ "ok": false, "error": message }));
            }
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
