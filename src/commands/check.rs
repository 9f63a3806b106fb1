//! `tiers check`: read the inputs and the config as `score` would, write nothing, and show
//! what was found. Fails (exit 1) exactly when `score` would.

use anyhow::{Result, anyhow};

use super::{Progress, print_stdout};
use crate::cli::CheckArgs;
use crate::config::Config;
use crate::issues;
use crate::model::Window;
use crate::pipeline::{classify, columns, read};
use crate::write::check::{self, Findings};

pub(super) fn run(args: &CheckArgs) -> Result<()> {
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut problems = Vec::new();
    // A bad config is reported, and the inputs are still checked with the defaults, so one run
    // shows every problem.
    let (config, config_path, config_problem) = match Config::load(args.config.as_deref()) {
        Ok((config, path)) => (config, path, None),
        Err(err) => {
            problems.push(format!("{err:#}"));
            // The outer context names the file, which the report shows beside it.
            let causes: Vec<String> = err.chain().skip(1).map(ToString::to_string).collect();
            let problem = if causes.is_empty() {
                err.to_string()
            } else {
                causes.join(": ")
            };
            let path = args
                .config
                .clone()
                .or_else(|| Some(crate::config::DEFAULT_CONFIG_FILE.into()));
            (Config::default(), path, Some(problem))
        }
    };
    let window = Window::ending(as_of, config.window.months);
    let progress = Progress::new(args.quiet || args.json);
    progress.step("reading the inputs");
    let data = read::read_inputs(&args.inputs)
        .and_then(|tables| columns::recognise(&tables, &config))
        .map_err(|err| problems.push(format!("{err:#}")))
        .ok()
        .map(|mut data| {
            classify::classify(&mut data.orders, window);
            data
        });
    progress.done();
    if let Some(data) = &data {
        let (skipped, _) = issues::counts(&data.issues);
        if args.strict && skipped > 0 {
            problems.push(format!(
                "{skipped} input rows cannot be used, and --strict makes that a failure"
            ));
        }
    }
    let findings = Findings {
        config_path,
        config_problem,
        data: data.as_ref(),
        window,
        problems,
    };
    if args.json {
        print_stdout(&check::json(&findings))?;
    } else if !args.quiet {
        print_stdout(&check::render(&findings))?;
    }
    if findings.problems.is_empty() {
        Ok(())
    } else {
        Err(anyhow!(
            "tiers score would fail: {}",
            findings.problems.join("; ")
        ))
    }
}
