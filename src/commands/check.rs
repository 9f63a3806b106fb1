//! `tiers check`: read the config, the inputs and the workbook at the output path as `score`
//! would, write nothing, and show what was found. Fails (exit 1) when `score` would.

use anyhow::{Result, anyhow};

use super::score::output_path;
use super::{Progress, print_stdout};
use crate::cli::CheckArgs;
use crate::config::{Config, DEFAULT_CONFIG_FILE};
use crate::issues;
use crate::model::Window;
use crate::pipeline::{classify, columns, previous, read};
use crate::write::check::{self, ConfigStatus, Findings, OutputStatus};

pub(super) fn run(args: &CheckArgs) -> Result<()> {
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let output = output_path(&args.inputs, args.output.clone())?;
    let mut problems = Vec::new();
    // A bad config is reported, and the inputs are still checked with the defaults, so one run
    // shows every problem.
    let (config, config_status) = match Config::load(args.config.as_deref()) {
        Ok((config, None)) => (config, ConfigStatus::Defaults),
        Ok((config, Some(path))) => (config, ConfigStatus::Valid(path)),
        Err(err) => {
            problems.push(format!("{err:#}"));
            // The outer context names the file, which the report shows beside it.
            let causes: Vec<String> = err.chain().skip(1).map(ToString::to_string).collect();
            let why = if causes.is_empty() {
                err.to_string()
            } else {
                causes.join(": ")
            };
            let path = args
                .config
                .clone()
                .unwrap_or_else(|| DEFAULT_CONFIG_FILE.into());
            (Config::default(), ConfigStatus::Invalid(path, why))
        }
    };
    let window = Window::ending(as_of, config.window.months);
    let progress = Progress::new(args.quiet || args.json);
    let output_status = if !output.exists() {
        OutputStatus::New(output)
    } else if args.fresh {
        OutputStatus::Replace(output)
    } else {
        progress.step(format!("reading {}", output.display()));
        match previous::load(&output) {
            Ok(previous) => OutputStatus::Regrade(output, Box::new(previous)),
            Err(err) => {
                problems.push(format!("{err:#}"));
                OutputStatus::Unusable(output)
            }
        }
    };
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
        if let Err(err) = columns::require_order_lines(data)
            .and_then(|()| columns::require_a_counted_line(data, window))
        {
            problems.push(format!("{err:#}"));
        }
        let lost = issues::lost(&data.issues).len();
        if args.strict && lost > 0 {
            problems.push(format!(
                "{} cannot be used, and --strict makes that a failure",
                crate::write::table::count(lost, "input row", "input rows")
            ));
        }
    }
    let lang = args
        .lang
        .or(match &output_status {
            OutputStatus::Regrade(_, previous) => Some(previous.lang),
            _ => None,
        })
        .unwrap_or_default();
    let findings = Findings {
        config: config_status,
        output: output_status,
        data: data.as_ref(),
        window,
        problems,
        lang,
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
