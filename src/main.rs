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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => usage_error(&err),
    };
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

/// Prints clap's message for a command line it could not parse (or its help) and exits: 2 on
/// an error, after the JSON object a script that asked for `--json` reads on stdout.
fn usage_error(err: &clap::Error) -> ! {
    use clap::error::ErrorKind;
    let shows_help = matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if !shows_help && std::env::args_os().any(|arg| arg == "--json") {
        let message = err.to_string();
        let first = message.lines().next().unwrap_or_default();
        let error = first.strip_prefix("error: ").unwrap_or(first);
        println!("{}", serde_json::json!({ "ok": false, "error": error }));
    }
    err.exit()
}
