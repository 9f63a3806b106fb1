//! `tiers score`: read, grade, write the workbook, print the summary.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

use super::{Messages, Progress, UsageError, print_stdout, same_file};
use crate::cli::ScoreArgs;
use crate::config::Config;
use crate::issues::{self, Action};
use crate::model::{Lang, Window};
use crate::pipeline::{self, clv, previous, read};
use crate::write::table::{self, count};
use crate::write::{RunInfo, Summary, json, output, workbook};

/// How many row problems are printed one by one before the rest are only counted.
const MAX_LISTED_ISSUES: usize = 10;

/// A validated `score` job: everything the run needs, decided once.
#[allow(
    clippy::struct_excessive_bools,
    reason = "the command line's own flags, read once"
)]
struct ScoreJob {
    inputs: Vec<PathBuf>,
    output: PathBuf,
    as_of: NaiveDate,
    /// The language asked for; without one, the previous workbook's, else English.
    lang: Option<Lang>,
    config: Config,
    config_path: Option<PathBuf>,
    json: bool,
    quiet: bool,
    strict: bool,
    fresh: bool,
    dry_run: bool,
    no_history: bool,
    holdout_from: Option<NaiveDate>,
}

impl ScoreJob {
    fn new(args: ScoreArgs) -> Result<Self> {
        let (config, config_path) = Config::load(args.common.config.as_deref())?;
        let output = output_path(&args.inputs, args.output)?;
        Ok(Self {
            inputs: args.inputs,
            output,
            as_of: args
                .common
                .as_of
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            lang: args.common.lang,
            config,
            config_path,
            json: args.common.json,
            quiet: args.common.quiet,
            strict: args.common.strict,
            fresh: args.fresh,
            dry_run: args.dry_run,
            no_history: args.no_history,
            holdout_from: args.holdout_from,
        })
    }
}

/// Says where a customer of the previous workbook is in the inputs under an id that differs
/// only in letter case (C004 now c004): two customers, so what the team wrote stays with the
/// old id, now inactive.
fn note_ids_changed_case(
    previous: Option<&previous::Previous>,
    data: &pipeline::columns::Dataset,
    messages: &Messages,
) {
    let Some(previous) = previous else { return };
    let now: std::collections::HashMap<String, &str> = data
        .customers
        .iter()
        .map(|c| (c.id.to_lowercase(), c.id.as_str()))
        .collect();
    let changed: Vec<(&str, &str)> = previous
        .rows
        .iter()
        .filter(|row| data.customer(&row.id).is_none())
        .filter_map(|row| Some((row.id.as_str(), *now.get(&row.id.to_lowercase())?)))
        .collect();
    let Some((old, new, more_en, more_zh)) = first_and_more(&changed, "处") else {
        return;
    };
    messages.warning(&messages.say(
        format!("customer \"{old}\" of the last workbook is \"{new}\" in the inputs{more_en}, an id differing only in letter case: graded as a new customer, and what the team wrote stays with \"{old}\" (inactive); write the id as before to keep them together"),
        format!("上次工作簿中的客户“{old}”在本次输入中写作“{new}”{more_zh}，编号只有大小写不同：按新客户评级，团队填写的内容仍留在“{old}”（已不活跃）；请按原写法填写编号以保持关联"),
    ));
}

/// Says which customers of a workbook from an earlier `tiers` are keyed by their name as names
/// are keyed now ([`previous::Previous::key_names_as_now`]).
fn note_names_keyed_as_now(previous: Option<&previous::Previous>, messages: &Messages) {
    let Some(previous) = previous else { return };
    let renamed: Vec<(&str, &str)> = previous
        .names_keyed_as_now
        .iter()
        .map(|(old, new)| (old.as_str(), new.as_str()))
        .collect();
    let Some((old, new, more_en, more_zh)) = first_and_more(&renamed, "位客户") else {
        return;
    };
    messages.note(&messages.say(
        format!("customer \"{old}\" of the last workbook is \"{new}\" now{more_en}: names are matched without a final full stop or a run of spaces; what the team wrote and the tier history carry over"),
        format!("上次工作簿中的客户“{old}”现为“{new}”{more_zh}：名称匹配时不计末尾句点和多余空格；团队填写的内容和等级历史均已沿用"),
    ));
}

/// The first of some customers' (old id, new id), and the words for the others: " and 2
/// more", "等 3 处" (`unit` counting them in Chinese); none when there are none.
fn first_and_more<'a>(
    moved: &[(&'a str, &'a str)],
    unit: &str,
) -> Option<(&'a str, &'a str, String, String)> {
    let &(old, new) = moved.first()?;
    let more = moved.len() - 1;
    Some(if more > 0 {
        (
            old,
            new,
            format!(" and {more} more"),
            format!("等 {} {unit}", moved.len()),
        )
    } else {
        (old, new, String::new(), String::new())
    })
}

/// Warns where customers the last workbook knew by name are known by e-mail now (orders
/// that name their buyers by e-mail beside a name are keyed by the e-mail): what the team
/// wrote stays with the name, inactive.
fn note_names_now_emails(
    previous: Option<&previous::Previous>,
    data: &pipeline::columns::Dataset,
    messages: &Messages,
) {
    let Some(previous) = previous else { return };
    let by_name: std::collections::HashMap<&str, &str> = data
        .customers
        .iter()
        .filter(|c| c.id.contains('@') && c.origin == crate::model::Origin::Orders)
        .map(|c| (c.name.as_str(), c.id.as_str()))
        .collect();
    let moved: Vec<(&str, &str)> = previous
        .rows
        .iter()
        .filter(|row| !row.id.contains('@') && data.customer(&row.id).is_none())
        .filter_map(|row| Some((row.id.as_str(), *by_name.get(row.id.as_str())?)))
        .collect();
    let Some((old, new, more_en, more_zh)) = first_and_more(&moved, "位") else {
        return;
    };
    messages.warning(&messages.say(
        format!("customer \"{old}\" of the last workbook is \"{new}\" now{more_en}: orders with an e-mail beside the name are keyed by the e-mail, so what the team wrote stays with \"{old}\" (inactive); to keep grading by name, map customer_name under [columns.orders]"),
        format!("上次工作簿中的客户“{old}”本次为“{new}”{more_zh}：订单中名称旁有邮箱时按邮箱识别客户，团队填写的内容仍留在“{old}”（已不活跃）；如要继续按名称评级，请在 [columns.orders] 中指定 customer_name"),
    ));
}

/// Warns where the workbook has lost its Tier history, or was last graded as of a later date
/// than this run's: its Customers sheet goes back to the earlier date (the later runs stay in
/// the Tier history).
fn note_going_back(previous: Option<&previous::Previous>, job: &ScoreJob, messages: &Messages) {
    if previous.is_some_and(|p| p.history_deleted) {
        let output = job.output.display();
        messages.warning(&messages.say(
            format!("{output} has lost its Tier history sheet: tier changes and the soft landing start again from this run (a backup beside it may still have the sheet)"),
            format!("{output} 的“等级历史”表已被删除：等级变化与保级从本次重新开始（旁边的备份中可能仍有该表）"),
        ));
    }
    let latest = previous.and_then(|p| p.history.iter().map(|s| s.as_of).max());
    if let Some(latest) = latest.filter(|&latest| latest > job.as_of) {
        let (output, as_of) = (job.output.display(), job.as_of);
        messages.warning(&messages.say(
            format!("{output} was last graded as of {latest}, after this run's as-of date {as_of}: its Customers sheet goes back to {as_of} (the later runs stay in the Tier history)"),
            format!("{output} 上次按 {latest} 评级，晚于本次的截至日期 {as_of}：其客户表将回到 {as_of} 的评级（较晚的评级仍保留在等级历史中）"),
        ));
    }
}

/// Says which sheets the team added to the previous workbook were written back, which
/// renamed sheet was read as the Revisit log, and which of the team's cells held a formula
/// showing nothing (they are written empty).
fn note_team_sheets(previous: Option<&previous::Previous>, messages: &Messages) {
    if let Some(previous) = previous
        && let Some(((row, header), more)) = previous.unsaved_formulas.split_first()
    {
        let (path, more) = (previous.path.display(), more.len());
        let (others, others_zh, verb) = if more > 0 {
            (
                format!(" and {more} more"),
                format!("等 {} 个单元格", more + 1),
                "hold",
            )
        } else {
            (String::new(), String::new(), "holds")
        };
        messages.warning(&messages.say(
            format!("{path}: row {row}, column \"{header}\"{others} of the Customers sheet {verb} a formula with no value saved (a program wrote the workbook and Excel has not saved it since) or an empty one: the team's values are carried over, not formulas, so these cells are written empty; the previous workbook is kept as a backup: to keep what they show, open it in Excel, save it, and grade it again"),
            format!("{path}：客户表第 {row} 行“{header}”列{others_zh}含有未保存结果（工作簿由程序写入，之后未在 Excel 中保存）或结果为空的公式：团队的内容只沿用数值，不沿用公式，这些单元格将写为空白；原工作簿已备份：如需保留其显示的内容，请在 Excel 中打开并保存后重新评级"),
        ));
    }
    if let Some(name) = previous.and_then(|p| p.renamed_log.as_ref()) {
        let log = crate::write::labels::labels(messages.lang()).revisit_log;
        messages.note(&messages.say(
            format!("the sheet \"{name}\" is the Revisit log renamed: its visits are read, and it is written back as \"{log}\""),
            format!("工作表“{name}”是改了名的回访记录：已读取其中的回访，并以“{log}”写回"),
        ));
    }
    let team: Vec<String> = previous
        .iter()
        .flat_map(|p| &p.team_sheets)
        .map(|sheet| format!("\"{}\"", sheet.name))
        .collect();
    if !team.is_empty() {
        let team = team.join(", ");
        messages.note(&messages.say(
            format!("kept the sheets the team added ({team}) with their values and formulas, not their formatting"),
            format!("已保留团队添加的工作表（{team}）的数值和公式，其格式未保留"),
        ));
    }
}

/// Says so when the inputs stop weeks before the as-of date, or start months after the
/// scoring window does.
fn note_input_dates(summary: &Summary, window: Window, messages: &Messages) {
    let stale = summary
        .latest_order
        .and_then(|latest| crate::write::stale_inputs_note(latest, window.end));
    let short = summary
        .earliest_order
        .and_then(|earliest| crate::write::short_inputs_note(earliest, window));
    for note in [stale, short].into_iter().flatten() {
        messages.note(&messages.say(note.en, note.zh));
    }
}

/// The line that ends a run: how many customers were graded, and where the workbook is.
fn done(summary: &Summary, job: &ScoreJob, messages: &Messages) -> String {
    let (as_of, output) = (job.as_of, job.output.display());
    messages.say(
        format!(
            "{} graded as of {as_of}, {} read; wrote {output}",
            table::count(summary.customers, "customer", "customers"),
            table::count(summary.order_lines, "order line", "order lines"),
        ),
        format!(
            "截至 {as_of} 已为 {} 位客户定级，读取订单行 {} 行；已写入 {output}",
            table::integer(summary.customers as u64),
            table::integer(summary.order_lines as u64),
        ),
    )
}

/// Reads the inputs and grades them, freeing the tables as soon as they are parsed.
fn read_and_grade(
    job: &ScoreJob,
    previous: Option<&previous::Previous>,
) -> Result<pipeline::Graded> {
    let progress = Progress::new(job.quiet || job.json);
    progress.step("reading the inputs");
    let tables = read::read_inputs(&job.inputs)?;
    progress.step("grading");
    let mut data = pipeline::columns::recognise(&tables, &job.config)?;
    drop(tables);
    if job.no_history {
        data.forget_order_id_texts();
    }
    let graded = pipeline::grade_dataset(data, &job.config, job.as_of, previous)?;
    progress.done();
    Ok(graded)
}

/// The workbook `score` writes: `-o`, else [`default_output`]; never one of the inputs.
pub(super) fn output_path(inputs: &[PathBuf], output: Option<PathBuf>) -> Result<PathBuf> {
    let output = output.unwrap_or_else(|| default_output(&inputs[0]));
    if let Some(input) = inputs.iter().find(|i| same_file(i, &output)) {
        return Err(UsageError(format!(
            "the output {} is also an input; inputs are never overwritten, choose another path with -o",
            input.display()
        ))
        .into());
    }
    if !output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(UsageError(format!(
            "the output {} must be an .xlsx file: tiers writes an Excel workbook there and reads it back on the next run",
            output.display()
        ))
        .into());
    }
    Ok(output)
}

/// `shop.xlsx` → `shop.tiers.xlsx` in the same directory.
fn default_output(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(|| "tiers".into(), |s| s.to_string_lossy().into_owned());
    input.with_file_name(format!("{stem}.tiers.xlsx"))
}

/// The workbook at the output path, to be graded again; none with `--fresh` or where there
/// is none yet.
fn load_previous(job: &ScoreJob) -> Result<Option<previous::Previous>> {
    // Marked read-only to protect it: replacing it, even with --fresh, would go around the
    // mark. A dry run writes nothing.
    if !job.dry_run && std::fs::metadata(&job.output).is_ok_and(|m| m.permissions().readonly()) {
        bail!(
            "{}: it is marked read-only; nothing was changed (make it writable first, or write elsewhere with -o)",
            job.output.display()
        );
    }
    Ok(if job.output.exists() && !job.fresh {
        // A workbook that cannot be read back may have a good copy beside it.
        let mut previous =
            previous::load(&job.output).map_err(|e| match output::backups(&job.output).last() {
                Some(newest) => {
                    let newest = job
                        .output
                        .with_file_name(newest.file_name().unwrap_or_default());
                    anyhow!("{e}; its newest backup is {}", newest.display())
                }
                None => e,
            })?;
        previous.key_names_as_now();
        Some(previous)
    } else {
        None
    })
}

pub(super) fn run(args: ScoreArgs) -> Result<()> {
    let job = ScoreJob::new(args)?;
    // The previous workbook first: if it cannot be read back, nothing else is worth doing.
    let previous = load_previous(&job)?;
    let lang = job
        .lang
        .or(previous.as_ref().map(|p| p.lang))
        .unwrap_or_default();
    let messages = Messages::new(job.quiet, lang);
    note_going_back(previous.as_ref(), &job, &messages);
    let graded = read_and_grade(&job, previous.as_ref())?;
    let data = &graded.data;
    for notice in &data.notices {
        messages.note_in(notice);
    }
    for warning in &graded.clv.warnings {
        messages.warning(warning);
    }
    let (skipped, noted) = issues::counts(&data.issues);
    let lost = issues::lost(&data.issues);
    if job.strict && !lost.is_empty() {
        let first = lost[0].describe(&data.sources, lang);
        bail!(messages.say(
            format!(
                "{} cannot be used (--strict), nothing written; the first: {first}",
                count(lost.len(), "input row", "input rows"),
            ),
            format!(
                "{} 行输入无法使用（--strict），未写入任何文件；第一处：{first}",
                lost.len()
            )
        ));
    }
    report_issues(&graded, &messages, skipped, noted, job.strict);
    pipeline::columns::require_a_counted_line(&graded.data, graded.window)?;
    let backtest = job
        .holdout_from
        .map(|from| {
            clv::backtest(&graded.data.orders, &graded.history, from, job.as_of)
                .map_err(|why| anyhow!("cannot backtest lifetime value: {why}"))
        })
        .transpose()?;
    for warning in backtest.iter().flat_map(|b| &b.warnings) {
        messages.warning(warning);
    }
    let info = RunInfo {
        as_of: job.as_of,
        lang,
        config: &job.config,
        config_path: job.config_path.clone(),
        inputs: job.inputs.clone(),
        previous: previous.as_ref(),
        backtest: backtest.as_ref(),
        orders_sheet: !job.no_history,
    };
    if job.dry_run {
        return if job.json {
            print_stdout(&json::dry_run(&graded, &info))
        } else if job.quiet {
            Ok(())
        } else {
            print_stdout(&table::changes(&graded, &info))
        };
    }
    let summary = Summary::of(&graded, &job.config);
    note_input_dates(&summary, graded.window, &messages);
    let progress = Progress::new(job.quiet || job.json);
    progress.step(format!("writing {}", job.output.display()));
    let backup = output::build_and_save(
        |sheets| workbook::build(&graded, &summary, &info, sheets),
        &job.output,
        job.config.output.backups,
    )?;
    progress.done();
    note_team_sheets(previous.as_ref(), &messages);
    note_ids_changed_case(previous.as_ref(), &graded.data, &messages);
    note_names_keyed_as_now(previous.as_ref(), &messages);
    note_names_now_emails(previous.as_ref(), &graded.data, &messages);
    if let Some(backup) = backup {
        let (output, backup) = (job.output.display(), backup.display());
        messages.note(&messages.say(
            format!("the previous {output} was kept as {backup}"),
            format!("原有的 {output} 已备份为 {backup}"),
        ));
    }
    if job.json {
        print_stdout(&json::render(
            &summary,
            &info,
            graded.window.start,
            &graded.clv,
            &job.output,
        ))?;
    } else if !job.quiet {
        print_stdout(&table::render(&summary, &info))?;
        if let Some(backtest) = &backtest {
            print_stdout(&table::backtest(backtest, lang))?;
        }
        print_stdout(&done(&summary, &job, &messages))?;
    }
    Ok(())
}

fn report_issues(
    graded: &pipeline::Graded,
    messages: &Messages,
    skipped: usize,
    noted: usize,
    strict: bool,
) {
    let data = &graded.data;
    let skipped_issues = data.issues.iter().filter(|i| i.action == Action::Skipped);
    // Rows that held no data of their own (totals, notes below a table, copies of lines,
    // orders counted by their lines) are notes; rows lost are warnings.
    let (mut shown_lost, mut shown_held) = (0, 0);
    let lang = messages.lang();
    for issue in skipped_issues.take(MAX_LISTED_ISSUES) {
        if issues::held_no_data(&issue.reason.en) {
            shown_held += 1;
            messages.note(&issue.describe(&data.sources, lang));
        } else {
            shown_lost += 1;
            messages.warning(&issue.describe(&data.sources, lang));
        }
    }
    let lost = issues::lost(&data.issues).len();
    let more = |all: usize, shown: usize| match all - shown {
        0 => String::new(),
        more => messages.say(
            format!(" ({more} more not shown)"),
            format!("（另有 {more} 行未显示）"),
        ),
    };
    if lost > 0 {
        let more = more(lost, shown_lost);
        messages.warning(&messages.say(
            format!(
                "{} not used{more}, listed in the Data issues sheet; use --strict to fail instead",
                count(lost, "input row", "input rows"),
            ),
            format!("{lost} 行输入未使用{more}，已列在“数据问题”表；如需改为报错，请用 --strict"),
        ));
    }
    let held_no_data = skipped - lost;
    if held_no_data > 0 {
        let more = more(held_no_data, shown_held);
        let (strict_en, strict_zh) = if strict {
            (", so --strict lets them pass", "，--strict 不因此报错")
        } else {
            ("", "")
        };
        messages.note(&messages.say(
            format!(
                "{} held no sale of their own (totals, notes below a table, lines counted elsewhere, payments, quotes, top-ups, walk-in sales, undated lines that would not count){more}, listed in the Data issues sheet{strict_en}",
                count(held_no_data, "input row", "input rows"),
            ),
            format!(
                "{held_no_data} 行输入本身不含销售（合计行、表格下方的说明、已在别处计入的明细、收款、报价、储值充值、散客销售、本不计入的无日期行）{more}，已列在“数据问题”表{strict_zh}"
            ),
        ));
    }
    if noted > 0 {
        messages.note(&messages.say(
            format!(
                "{} used with a note (e.g. customers found only in the orders), listed in the Data issues sheet",
                count(noted, "row", "rows")
            ),
            format!("{noted} 行已使用但附有说明（例如只在订单中出现的客户），已列在“数据问题”表"),
        ));
    }
}
