//! `tiers revisit`: read a management workbook back, grade it as it was graded, and plan the
//! month's visits.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};

use super::{Messages, UsageError, print_stdout};
use crate::cli::RevisitArgs;
use crate::config::Config;
use crate::pipeline::revisit::{self, Month};
use crate::pipeline::{self, restore};
use crate::write::{output, revisit as render};

pub(super) fn run(args: &RevisitArgs) -> Result<()> {
    let common = &args.common;
    let today = common
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let month =
        Month::parse(&args.month, today).map_err(|e| UsageError(format!("--month: {e}")))?;
    let restored = restore::restore(&args.workbook)?.ok_or_else(|| {
        anyhow!(
            "{}: not a management workbook tiers wrote; grade the inputs with `tiers score` first",
            args.workbook.display()
        )
    })?;
    let lang = common.lang.unwrap_or(restored.previous.lang);
    let messages = Messages::new(common.quiet || common.json, lang);
    // A month that ended before the grades were made (2020-01 typed for 2026-01).
    if month.last < restored.as_of {
        let (first, as_of) = (month.first.format("%Y-%m"), restored.as_of);
        messages.warning(&messages.say(
            format!("{first} ended before the workbook's as-of date {as_of}: the visits are planned in the past"),
            format!("{first} 早于工作簿的截至日期 {as_of}：计划的回访日期已经过去"),
        ));
    }
    let config = match &common.config {
        Some(path) => Config::load(Some(path))?.0,
        None => restored.config.clone(),
    };
    let config = restored.adapt(config);
    let graded = pipeline::grade(
        &restored.tables,
        &config,
        restored.as_of,
        Some(&restored.previous),
    )?;
    let mut candidates = revisit::candidates(&graded, &restored.previous, &config, restored.as_of);
    if let Some(owner) = &args.owner {
        let owners: std::collections::BTreeSet<&str> = candidates
            .iter()
            .map(|c| c.owner.as_str())
            .filter(|o| !o.is_empty())
            .collect();
        if !owners.contains(owner.as_str()) {
            let known = owners.into_iter().collect::<Vec<_>>().join(", ");
            messages.warning(&if known.is_empty() {
                messages.say(
                    format!("no customer has the owner \"{owner}\"; the Owner column is empty"),
                    format!("没有负责人为“{owner}”的客户；负责人列为空"),
                )
            } else {
                messages.say(
                    format!("no customer has the owner \"{owner}\" (owners: {known})"),
                    format!("没有负责人为“{owner}”的客户（负责人：{known}）"),
                )
            });
        }
        candidates.retain(|c| c.owner == *owner);
    }
    let plan = revisit::plan(&candidates, month, &config.revisit);
    if plan.wants_owners() {
        messages.note(crate::write::labels::labels(lang).revisit.no_owners);
    }
    let lines = render::lines(&plan, &graded, &config, lang);
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.workbook, month));
    let mut book = render::workbook(&lines, lang, plan.wants_owners())?;
    output::save(&mut book, &out, 0)?;
    if let Some(csv) = &args.csv {
        render::write_csv(&lines, lang, csv)?;
    }
    if let Some(ics) = &args.ics {
        let text = render::ics(&plan, &lines, restored.as_of);
        output::write_atomically(ics, text.as_bytes())?;
    }
    if common.json {
        print_stdout(&render::json(&plan, &lines))
    } else if common.quiet {
        Ok(())
    } else {
        // The terminal shows the scheduled visits; the rest are counted below and listed in
        // the workbook.
        print_stdout(&render::table(&lines[..plan.scheduled.len()], lang))?;
        print_stdout(&render::summary(&plan, lang))?;
        let out = out.display();
        messages.note(&messages.say(format!("wrote {out}"), format!("已写入 {out}")));
        Ok(())
    }
}

/// `management.xlsx` → `management.revisit-2026-12.xlsx` beside it.
fn default_output(workbook: &Path, month: Month) -> PathBuf {
    let stem = workbook
        .file_stem()
        .map_or_else(|| "tiers".into(), |s| s.to_string_lossy().into_owned());
    workbook.with_file_name(format!(
        "{stem}.revisit-{}.xlsx",
        month.first.format("%Y-%m")
    ))
}
