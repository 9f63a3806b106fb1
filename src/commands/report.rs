//! `tiers report`: grade the inputs (usually the management workbook, read back), compare with
//! an earlier grading, and write the manager's report as a workbook or one web page.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Inputs, Messages, UsageError, print_stdout, same_file};
use crate::cli::{ReportArgs, ReportFormat};
use crate::issues::{Action, held_no_data};
use crate::model::Lang;
use crate::pipeline::{self, Graded};
use crate::write::labels::fill;
use crate::write::overview::{latest_before, snapshot_at, snapshot_of};
use crate::write::report::words::words;
use crate::write::report::{self, Basis, Report, html, xlsx};
use crate::write::{output, table};

pub(super) fn run(args: &ReportArgs) -> Result<()> {
    let common = &args.common;
    let format = format_of(args)?;
    let inputs = Inputs::load(&args.inputs, common)?;
    let as_of = inputs.as_of;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.inputs[0], as_of, format));
    if let Some(input) = args.inputs.iter().find(|i| same_file(i, &out)) {
        return Err(UsageError(format!(
            "the output {} is also an input; inputs are never overwritten, choose another path with -o",
            input.display()
        ))
        .into());
    }
    if let Some(date) = args.compare.filter(|d| *d >= as_of) {
        return Err(UsageError(format!(
            "--compare {date} is not before the as-of date {as_of}"
        ))
        .into());
    }
    let previous = inputs.workbook.as_ref().map(|w| &w.previous);
    let lang = common.lang.or(previous.map(|p| p.lang)).unwrap_or_default();
    let messages = Messages::new(common.quiet || common.json, lang);
    let graded = pipeline::grade(&inputs.tables, &inputs.config, as_of, previous)?;
    for notice in &graded.data.notices {
        messages.note_in(notice);
    }
    let compare = comparison(args.compare, &inputs, &graded, &messages)?;
    let own = report::issues_of(&graded.data.issues, lang);
    let issues = match inputs.workbook.as_ref().map(|w| &w.issues) {
        Some(Ok(recorded)) => Ok([recorded.clone(), own].concat()),
        Some(Err(why)) => {
            messages.warning(&format!(
                "the input rows that were not used cannot be counted: {why}"
            ));
            Err(why.clone())
        }
        None => Ok(own),
    };
    let not_used = |(_, action): &&(String, Action)| *action == Action::Skipped;
    let skipped = issues
        .as_deref()
        .unwrap_or_default()
        .iter()
        .filter(not_used);
    let lost = skipped
        .clone()
        .filter(|(reason, _)| !held_no_data(reason))
        .count();
    let skipped = skipped.count();
    if common.strict && lost > 0 {
        bail!(
            "{} cannot be used (--strict), nothing written",
            crate::write::table::count(lost, "input row", "input rows")
        );
    }
    if skipped > 0 {
        messages.warning(&messages.say(
            format!("{skipped} input rows were not used; the report's data quality part lists why"),
            format!("{skipped} 行输入未使用，原因见报告的数据质量部分"),
        ));
    }
    let basis = Basis {
        lang,
        config: &inputs.config,
        previous,
        compare,
        issues,
        redact: args.redact,
    };
    let report = Report::build(&graded, as_of, &basis);
    match format {
        ReportFormat::Xlsx => {
            output::build_and_save(|sheets| xlsx::build(&report, lang, sheets), &out, 0)?;
        }
        ReportFormat::Html => {
            output::write_atomically(&out, html::render(&report, lang).as_bytes())?;
        }
    }
    if common.json {
        print_stdout(&serde_json::to_string_pretty(&report)?)
    } else if common.quiet {
        Ok(())
    } else {
        print_stdout(&summary(&report, lang))?;
        let out = out.display();
        messages.note(&messages.say(format!("wrote {out}"), format!("已写入 {out}")));
        Ok(())
    }
}

/// `--format`, or the output's extension, or xlsx; a conflict between the two is a usage
/// error.
fn format_of(args: &ReportArgs) -> Result<ReportFormat> {
    let by_extension = match args.output.as_deref().map(|p| (p, p.extension())) {
        None => None,
        Some((path, ext)) => match ext.map(|e| e.to_string_lossy().to_lowercase()).as_deref() {
            Some("html" | "htm") => Some(ReportFormat::Html),
            Some("xlsx") => Some(ReportFormat::Xlsx),
            _ if args.format.is_some() => None,
            _ => {
                return Err(UsageError(format!(
                    "cannot tell the report's format from {}: name it .xlsx or .html, or give --format",
                    path.display()
                ))
                .into());
            }
        },
    };
    match (args.format, by_extension) {
        (Some(asked), Some(named)) if asked != named => Err(UsageError(format!(
            "--format {} does not match the output's extension ({})",
            if asked == ReportFormat::Html {
                "html"
            } else {
                "xlsx"
            },
            args.output
                .as_deref()
                .map(Path::display)
                .map(|d| d.to_string())
                .unwrap_or_default()
        ))
        .into()),
        (asked, named) => Ok(asked.or(named).unwrap_or(ReportFormat::Xlsx)),
    }
}

/// The snapshot to compare with: the one of `--compare DATE` in the workbook's Tier history,
/// or the same inputs graded as of DATE (without the customers who first bought after it);
/// without `--compare`, the workbook's latest snapshot
/// before the as-of date (none for plain inputs).
fn comparison(
    date: Option<NaiveDate>,
    inputs: &Inputs,
    now: &Graded,
    messages: &Messages,
) -> Result<Option<(NaiveDate, Vec<crate::pipeline::previous::Snapshot>)>> {
    let previous = inputs.workbook.as_ref().map(|w| &w.previous);
    let history = previous.map(|p| p.history.as_slice()).unwrap_or_default();
    let Some(date) = date else {
        return Ok(latest_before(history, inputs.as_of).map(|d| (d, snapshot_at(history, d))));
    };
    let recorded = snapshot_at(history, date);
    if !recorded.is_empty() {
        return Ok(Some((date, recorded)));
    }
    if previous.is_some() {
        messages.note(&format!(
            "the workbook's Tier history has no grading of {date}; its orders were graded as of {date} to compare with"
        ));
    }
    let then: Graded = pipeline::grade(&inputs.tables, &inputs.config, date, previous)?;
    // Customers who first bought after DATE were not customers then: they are new now.
    let later: HashSet<&str> = now
        .data
        .customers
        .iter()
        .zip(&now.metrics)
        .filter(|(_, m)| m.first_order.is_some_and(|d| d > date))
        .map(|(c, _)| c.id.as_str())
        .collect();
    let mut snapshot = snapshot_of(&then, date, &inputs.config.tiers.levels);
    snapshot.retain(|line| !later.contains(&*line.id));
    Ok(Some((date, snapshot)))
}

/// `management.xlsx` → `management.report-2026-10.xlsx` beside it, by the as-of month.
fn default_output(input: &Path, as_of: NaiveDate, format: ReportFormat) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(|| "tiers".into(), |s| s.to_string_lossy().into_owned());
    let ext = match format {
        ReportFormat::Xlsx => "xlsx",
        ReportFormat::Html => "html",
    };
    input.with_file_name(format!("{stem}.report-{}.{ext}", as_of.format("%Y-%m")))
}

/// A few lines for the terminal: the headline, then and now, and the lists' lengths.
fn summary(report: &Report, lang: Lang) -> String {
    let w = words(lang);
    let h = &report.headline;
    let mut text = fill(
        w.terminal,
        &[
            ("customers", &h.customers),
            ("active", &h.active_customers),
            ("spend", &table::money(h.net_spend)),
            ("as_of", &report.as_of),
        ],
    );
    if let Some(p) = &h.previous {
        text.push_str(&fill(
            w.terminal_then,
            &[
                ("date", &p.as_of),
                ("customers", &p.customers),
                ("spend", &table::money(p.net_spend)),
            ],
        ));
    }
    text.push('\n');
    text.push_str(&fill(
        w.terminal_lists,
        &[
            ("risks", &report.at_risk.len()),
            ("new", &report.new_customers.len()),
            ("since", &report.new_since),
        ],
    ));
    text
}
