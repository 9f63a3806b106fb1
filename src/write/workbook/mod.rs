//! The management workbook (客户级别管理表), written with `rust_xlsxwriter`: Summary, Customers,
//! Orders (continued on further sheets past Excel's row limit), Data issues and Rules.
//!
//! Every text from the inputs is written as a string cell, never as a formula, so a cell that
//! begins with `=` in a CSV stays text. The document's creation time is the as-of date, so the
//! same inputs and as-of give the same workbook.

mod customers;
mod history;
mod sheets;

use anyhow::{Context, Result};
use chrono::Datelike;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartLegendPosition, ChartLine, ChartType, Color,
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::labels::{Labels, fill, labels, tier_name};
use super::overview::{self, Breakdown};
use super::{RunInfo, Sheets, Summary, page_titles, table};
use crate::config::parse_colour;
use crate::pipeline::Graded;
use crate::pipeline::clv::Backtest;
use crate::pipeline::columns::Field;

/// Excel's last row is 1,048,576; one of them holds the header.
pub const MAX_DATA_ROWS: usize = 1_048_575;

/// Cell formats shared by the sheets (and by `tiers report`'s workbook).
pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) header: Format,
    pub(crate) bold: Format,
    pub(crate) muted: Format,
    /// Dark red and bold, for what a reader should not miss (inputs that look out of date).
    pub(crate) warning: Format,
    pub(crate) money: Format,
    pub(crate) percent: Format,
    pub(crate) score: Format,
    /// Two decimals, for averages of small counts.
    pub(crate) score2: Format,
    pub(crate) integer: Format,
    pub(crate) date: Format,
    pub(crate) datetime: Format,
    /// A time of day alone (a team's "call at 09:30"), and one with its seconds.
    pub(crate) time: Format,
    pub(crate) time_seconds: Format,
    /// One per tier level, filled with its colour.
    pub(crate) tiers: Vec<Format>,
}

impl Formats {
    /// With the tier levels' colours (`#RRGGBB`, or none for white).
    pub(crate) fn new<'a>(colours: impl IntoIterator<Item = Option<&'a str>>) -> Self {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0x1F_4E79))
            .set_font_color(Color::White)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let tiers = colours
            .into_iter()
            .map(|colour| {
                Format::new()
                    .set_background_color(tier_colour(colour, 0xFF_FFFF))
                    .set_bold()
            })
            .collect();
        Self {
            title: Format::new().set_bold().set_font_size(16),
            header,
            bold: Format::new().set_bold(),
            muted: Format::new()
                .set_font_color(Color::RGB(0x80_8080))
                .set_italic(),
            warning: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0xC0_0000)),
            money: Format::new().set_num_format("#,##0.00"),
            percent: Format::new().set_num_format("0.0%"),
            score: Format::new().set_num_format("0.0"),
            score2: Format::new().set_num_format("0.00"),
            integer: Format::new().set_num_format("#,##0"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            time: Format::new().set_num_format("hh:mm"),
            time_seconds: Format::new().set_num_format("hh:mm:ss"),
            tiers,
        }
    }

    /// Gives every format its index in the workbook, in a fixed order.
    fn register(&self, workbook: &mut Workbook) {
        let fixed = [
            &self.title,
            &self.header,
            &self.bold,
            &self.muted,
            &self.warning,
            &self.money,
            &self.percent,
            &self.score,
            &self.score2,
            &self.integer,
            &self.date,
            &self.datetime,
        ];
        for format in fixed.into_iter().chain(&self.tiers) {
            workbook.register_format(format);
        }
    }
}

/// A tier's configured colour (`#RRGGBB`), or `default` when none is set.
pub(crate) fn tier_colour(colour: Option<&str>, default: u32) -> Color {
    Color::RGB(colour.and_then(parse_colour).unwrap_or(default))
}

/// Builds the workbook. Sheets without charts are always in constant-memory mode: rows go to a
/// temporary file as they are written. Those with charts (Summary, Backtest) are too only with
/// [`Sheets::ConstantMemory`], since a chart's cached points, which previewers draw from, are
/// taken from its sheet's rows at save.
///
/// # Errors
/// When `rust_xlsxwriter` refuses a value or a sheet name, or cannot write a sheet's
/// temporary file (a full disk).
pub fn build(
    graded: &Graded,
    summary: &Summary,
    info: &RunInfo<'_>,
    sheets: Sheets,
) -> Result<Workbook> {
    // `rust_xlsxwriter` panics when it cannot write a constant-memory sheet's temporary file
    // (a full disk or temporary directory); to the user that is an error like any other.
    super::catch_panic(|| build_with_sheet_rows(graded, summary, info, MAX_DATA_ROWS, sheets))
        .unwrap_or_else(|what| Err(super::panic_error(&what, "building the workbook")))
}

/// [`build`] with the number of lines per Orders and Tier history sheet as a parameter, so the
/// split can be tested without a million rows.
fn build_with_sheet_rows(
    graded: &Graded,
    summary: &Summary,
    info: &RunInfo<'_>,
    rows_per_sheet: usize,
    sheets: Sheets,
) -> Result<Workbook> {
    let mut workbook = Workbook::new();
    let as_of = info.as_of;
    let created =
        ExcelDateTime::from_ymd(as_of.year() as u16, as_of.month() as u8, as_of.day() as u8)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("tiers")
            .set_creation_datetime(&created),
    );
    let labels = labels(info.lang);
    let formats = Formats::new(info.config.tiers.levels.iter().map(|l| l.colour.as_deref()));
    write_summary(sheets.add(&mut workbook)?, graded, summary, info, &formats)?;
    let mut customers_sheet = workbook.new_worksheet_with_constant_memory()?;
    let orders_count = if info.orders_sheet {
        graded.data.orders.len().div_ceil(rows_per_sheet).max(1)
    } else {
        0
    };
    let (mut orders_sheets, orders_names) =
        split_sheets(&mut workbook, labels.orders, orders_count)?;
    // Every run adds a snapshot of all customers: a year of monthly runs at 80,000 customers
    // is close to a million rows, so it is split like the orders.
    let history_count = history::history_lines(graded, info)
        .div_ceil(rows_per_sheet)
        .max(1);
    let (mut history_sheets, history_names) =
        split_sheets(&mut workbook, labels.history, history_count)?;
    // The Orders sheets are written on a second core while this one writes the Customers
    // sheet, and the Tier history follows the lighter of the two: the Customers sheet when
    // there are Orders sheets (16 cells an order line soon outweigh a customer's 55-cell row).
    // A format's index is given on first use, so every shared format is registered first: the
    // workbook comes out the same whichever thread reaches a format first.
    formats.register(&mut workbook);
    let (history_after_customers, history_on_second) = if info.orders_sheet {
        (Some(&mut history_sheets), None)
    } else {
        (None, Some(&mut history_sheets))
    };
    let tier_history = |sheets: &mut Vec<Worksheet>| {
        history::tier_history(sheets, rows_per_sheet, graded, info, &formats)
    };
    let second_core = |(orders_sheets, history_on_second): SecondCore<'_>| {
        for (chunk, sheet) in orders_sheets.iter_mut().enumerate() {
            let start = chunk * rows_per_sheet;
            let end = (start + rows_per_sheet).min(graded.data.orders.len());
            sheets::orders(sheet, graded, start..end, info, &formats)?;
        }
        history_on_second.map_or(Ok(()), tier_history)
    };
    let layout = std::thread::scope(|scope| {
        let second = crate::threads::spawn_scoped(
            scope,
            (&mut orders_sheets, history_on_second),
            second_core,
        );
        let layout =
            customers::write(&mut customers_sheet, graded, info, &formats).and_then(|layout| {
                history_after_customers
                    .map_or(Ok(()), tier_history)
                    .map(|()| layout)
            });
        let second = match second {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // Not after a failed Customers sheet: its error is the one to report, either way.
            Err(state) => layout.as_ref().map_or(Ok(()), |_| second_core(state)),
        };
        layout.and_then(|layout| second.map(|()| layout))
    })?;
    workbook.push_worksheet(customers_sheet);
    for sheet in orders_sheets {
        workbook.push_worksheet(sheet);
    }
    sheets::feedback(new_sheet(&mut workbook)?, graded, labels, &formats)?;
    sheets::revisit_log(new_sheet(&mut workbook)?, info, &formats)?;
    sheets::issues(new_sheet(&mut workbook)?, graded, info.lang, &formats)?;
    for sheet in history_sheets {
        workbook.push_worksheet(sheet);
    }
    if let Some(backtest) = info.backtest {
        write_backtest(sheets.add(&mut workbook)?, backtest, labels, &formats)?;
    }
    // Every sheet of this run, for the marker: any other is the team's, kept next time.
    let mut ours: Vec<String> = workbook.worksheets().iter().map(Worksheet::name).collect();
    ours.extend([labels.rules, crate::pipeline::previous::MARKER_SHEET].map(str::to_owned));
    write_team_sheets(&mut workbook, info, &ours, &formats)?;
    sheets::rules(
        new_sheet(&mut workbook)?,
        graded,
        info,
        &orders_names,
        &formats,
    )?;
    history::marker(
        new_sheet(&mut workbook)?,
        &layout,
        [&orders_names, &history_names, &ours],
        info,
    )?;
    // Printed, every page of this run's sheets says what it is, as of when, and which page
    // it is; the team's sheets are left as they were written.
    let title = title_as_of(labels, info);
    for sheet in workbook.worksheets_mut() {
        if ours.contains(&sheet.name()) {
            page_titles(sheet, &title, "&A", info.lang);
        }
    }
    Ok(workbook)
}

/// The sheets the team added to the previous workbook, after this run's own (`ours`).
fn write_team_sheets(
    workbook: &mut Workbook,
    info: &RunInfo<'_>,
    ours: &[String],
    formats: &Formats,
) -> Result<()> {
    let team_sheets = info
        .previous
        .map(|p| p.team_sheets.as_slice())
        .unwrap_or_default();
    let teams: Vec<String> = team_sheets.iter().map(|t| t.name.clone()).collect();
    let mut taken = ours.to_vec();
    for team in team_sheets {
        let sheet = new_sheet(workbook)?;
        taken.push(sheets::team_sheet(sheet, team, [&taken, &teams], formats)?);
    }
    Ok(())
}

/// A sheet without charts, added to the workbook in constant-memory mode (see [`build`]).
fn new_sheet(workbook: &mut Workbook) -> Result<&mut Worksheet> {
    Sheets::ConstantMemory.add(workbook)
}

/// What the second core writes: the Orders sheets, and the Tier history when there are none.
type SecondCore<'a> = (&'a mut Vec<Worksheet>, Option<&'a mut Vec<Worksheet>>);

/// `count` constant-memory sheets for one table split at Excel's last row, and their names:
/// `name`, then `name (2)`, `name (3)`...
fn split_sheets(
    workbook: &mut Workbook,
    name: &str,
    count: usize,
) -> Result<(Vec<Worksheet>, Vec<String>)> {
    let mut sheets = Vec::with_capacity(count);
    let mut names = Vec::with_capacity(count);
    for k in 0..count {
        let mut sheet = workbook.new_worksheet_with_constant_memory()?;
        let name = if k == 0 {
            name.to_owned()
        } else {
            format!("{name} ({})", k + 1)
        };
        sheet.set_name(&name)?;
        sheets.push(sheet);
        names.push(name);
    }
    Ok((sheets, names))
}

fn write_summary(
    sheet: &mut Worksheet,
    graded: &Graded,
    summary: &Summary,
    info: &RunInfo<'_>,
    f: &Formats,
) -> Result<()> {
    let l: &Labels = labels(info.lang);
    sheet.set_name(l.summary)?;
    sheet.write_string_with_format(0, 0, title_as_of(l, info), &f.title)?;
    let window = format!(
        "{} – {}",
        graded.window.start.format("%Y-%m-%d"),
        graded.window.end.format("%Y-%m-%d")
    );
    sheet.write_string_with_format(2, 0, l.window, &f.bold)?;
    sheet.write_string(2, 1, window)?;
    let figures: [(&str, f64, &Format); 8] = [
        (l.customer_count, summary.customers as f64, &f.integer),
        (
            l.active_customers,
            summary.active_customers as f64,
            &f.integer,
        ),
        (l.counted_orders, summary.orders as f64, &f.integer),
        (l.net_spend, summary.net_spend, &f.money),
        (l.order_lines, summary.order_lines as f64, &f.integer),
        (l.pending_orders, summary.pending_lines as f64, &f.integer),
        (
            l.cancelled_orders,
            summary.cancelled_lines as f64,
            &f.integer,
        ),
        (l.rows_skipped, summary.rows_skipped as f64, &f.integer),
    ];
    for (i, (label, value, format)) in figures.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_string_with_format(row, 0, *label, &f.bold)?;
        sheet.write_number_with_format(row, 1, *value, format)?;
    }
    if let Some(latest) = summary.latest_order {
        let row = 3 + figures.len() as u32;
        sheet.write_string_with_format(row, 0, l.latest_order[0], &f.bold)?;
        sheet.write_string(row, 1, latest.format("%Y-%m-%d").to_string())?;
        if let Some(days) = summary.stale_days(info.as_of) {
            let stale = fill(l.latest_order[1], &[("days", &days)]);
            sheet.write_string_with_format(row, 2, stale, &f.warning)?;
        }
    }
    let top = 13;
    for (col, header) in l.tier_table.iter().enumerate() {
        sheet.write_string_with_format(top, col as u16, *header, &f.header)?;
    }
    let levels = &info.config.tiers.levels;
    for (i, line) in summary.tiers.iter().enumerate() {
        let row = top + 1 + i as u32;
        sheet.write_string_with_format(
            row,
            0,
            tier_name(&levels[line.tier], info.lang),
            &f.tiers[line.tier],
        )?;
        sheet.write_number_with_format(row, 1, line.customers as f64, &f.integer)?;
        sheet.write_number_with_format(row, 2, line.share, &f.percent)?;
        sheet.write_number_with_format(row, 3, line.net_spend, &f.money)?;
        sheet.write_number_with_format(row, 4, line.spend_share, &f.percent)?;
        sheet.write_number_with_format(row, 5, line.average_score, &f.score)?;
        if let Some(from) = line.score_from {
            sheet.write_number_with_format(row, 6, from, &f.score)?;
        }
    }
    let last = top + summary.tiers.len() as u32;
    // All customers below the tiers: the figures a manager adds up first.
    sheet.write_string_with_format(last + 1, 0, l.total, &f.bold)?;
    sheet.write_number_with_format(last + 1, 1, summary.customers as f64, &f.integer)?;
    let (customer_share, spend_share) = summary.total_shares();
    sheet.write_number_with_format(last + 1, 2, customer_share, &f.percent)?;
    sheet.write_number_with_format(last + 1, 3, summary.net_spend, &f.money)?;
    sheet.write_number_with_format(last + 1, 4, spend_share, &f.percent)?;
    sheet.write_number_with_format(last + 1, 5, summary.average_score(), &f.score)?;
    insert_charts(sheet, l, levels, top, last)?;
    // Below the charts, which are 15 rows high.
    let next = history::write_migration(sheet, last + 20, graded, info, f)?;
    write_group_overviews(sheet, next + 2, graded, info, f)?;
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(1, 24)?;
    sheet.set_column_range_width(2, 6, 14)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 1);
    Ok(())
}

/// The workbook's title: "Customer tiers as of 2026-10-31".
fn title_as_of(l: &Labels, info: &RunInfo<'_>) -> String {
    format!("{} {}", l.title, info.as_of.format("%Y-%m-%d"))
}

/// The lifetime value backtest: the table of `tiers score --holdout-from` and a chart of
/// predicted against actual purchases per customer by repeat purchases before the holdout.
fn write_backtest(
    sheet: &mut Worksheet,
    backtest: &Backtest,
    l: &Labels,
    f: &Formats,
) -> Result<()> {
    sheet.set_name(l.backtest)?;
    sheet.write_string_with_format(0, 0, table::backtest_title(backtest, l), &f.bold)?;
    for (c, header) in l.backtest_headers.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *header, &f.header)?;
    }
    let lines = table::backtest_lines(backtest, l);
    for (k, (label, line)) in lines.iter().enumerate() {
        let row = 3 + k as u32;
        let n = line.customers.max(1) as f64;
        sheet.write_string_with_format(row, 0, label, &f.header)?;
        sheet.write_number_with_format(row, 1, line.customers as f64, &f.integer)?;
        sheet.write_number_with_format(row, 2, line.predicted / n, &f.score2)?;
        sheet.write_number_with_format(row, 3, line.actual / n, &f.score2)?;
        sheet.write_number_with_format(row, 4, line.predicted, &f.score)?;
        sheet.write_number_with_format(row, 5, line.actual, &f.integer)?;
    }
    // The chart leaves out the total line.
    let last = 3 + lines.len() as u32 - 2;
    let mut chart = Chart::new(ChartType::Column);
    for col in [2u16, 3] {
        chart
            .add_series()
            .set_name((l.backtest, 2, col))
            .set_categories((l.backtest, 3, 0, last, 0))
            .set_values((l.backtest, 3, col, last, col));
    }
    chart.title().set_name(l.backtest_chart);
    chart.x_axis().set_name(l.backtest_headers[0]);
    chart.set_width(640).set_height(320);
    sheet.insert_chart(lines.len() as u32 + 5, 0, &chart)?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_range_width(1, 5, 16)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 1);
    Ok(())
}

/// A column chart of customers and a pie of net spend by tier, from the tier table whose
/// header is on row `top` and last line on row `last`.
fn insert_charts(
    sheet: &mut Worksheet,
    l: &Labels,
    levels: &[crate::config::Level],
    top: u32,
    last: u32,
) -> Result<()> {
    let colours: Vec<Color> = levels
        .iter()
        .map(|l| tier_colour(l.colour.as_deref(), 0xA6_A6A6))
        .collect();
    for (k, (kind, value_col)) in [(ChartType::Column, 1u16), (ChartType::Pie, 3u16)]
        .into_iter()
        .enumerate()
    {
        let chart = tier_chart(
            kind,
            l.summary,
            (top + 1, last),
            value_col,
            &colours,
            l.charts[k],
        );
        sheet.insert_chart(last + 3, 4 * k as u16, &chart)?;
    }
    Ok(())
}

/// A chart of a tier table on `sheet` (rows `first` to `last`, tier names in column A):
/// `col`'s figures per tier as columns labelled with their values, or as a pie labelled with
/// shares, in the tiers' colours. The Summary and the report draw theirs alike.
pub(crate) fn tier_chart(
    kind: ChartType,
    sheet: &str,
    (first, last): (u32, u32),
    col: u16,
    colours: &[Color],
    title: &str,
) -> Chart {
    let mut chart = Chart::new(kind);
    // Counts on the columns; shares on the pie, which is about proportions.
    let mut label = ChartDataLabel::new();
    if kind == ChartType::Pie {
        label.show_percentage();
    } else {
        label.show_value();
    }
    chart
        .add_series()
        .set_categories((sheet, first, 0, last, 0))
        .set_values((sheet, first, col, last, col))
        .set_point_colors(colours)
        .set_data_label(&label)
        .set_format(
            ChartFormat::new().set_border(ChartLine::new().set_color(Color::RGB(0x59_5959))),
        );
    chart.title().set_name(title);
    if kind == ChartType::Column {
        chart.legend().set_hidden();
    } else {
        chart.legend().set_position(ChartLegendPosition::Bottom);
    }
    chart.set_width(480).set_height(300);
    chart
}

/// Customers by segment, then by each attribute class the inputs allow (size, local or
/// remote, needs, region, industry), and tier; returns the next free row.
fn write_group_overviews(
    sheet: &mut Worksheet,
    mut top: u32,
    graded: &Graded,
    info: &RunInfo<'_>,
    f: &Formats,
) -> Result<u32> {
    let (config, lang) = (info.config, info.lang);
    let mut breakdowns = vec![overview::by_segment(graded, config, lang)];
    breakdowns.extend(overview::by_class(graded, config, lang));
    for field in [Field::Region, Field::Industry] {
        breakdowns.extend(overview::by_field(graded, field, config, lang));
    }
    for breakdown in &breakdowns {
        top = write_breakdown(sheet, top, breakdown, info, f)? + 2;
    }
    Ok(top)
}

/// One overview: customers per group (rows) and tier (columns), with each group's net spend;
/// returns the last row written.
fn write_breakdown(
    sheet: &mut Worksheet,
    top: u32,
    breakdown: &Breakdown,
    info: &RunInfo<'_>,
    f: &Formats,
) -> Result<u32> {
    let l = labels(info.lang);
    let levels = &info.config.tiers.levels;
    sheet.write_string_with_format(top, 0, &breakdown.title, &f.bold)?;
    let names = levels
        .iter()
        .map(|level| tier_name(level, info.lang))
        .chain([l.segment_overview[1]]);
    for (k, name) in names.enumerate() {
        sheet.write_string_with_format(top + 1, 1 + k as u16, name, &f.header)?;
    }
    for (r, group) in breakdown.groups.iter().enumerate() {
        let row = top + 2 + r as u32;
        sheet.write_string_with_format(row, 0, &group.name, &f.header)?;
        for (c, n) in group.tiers.iter().enumerate() {
            sheet.write_number_with_format(row, 1 + c as u16, *n as f64, &f.integer)?;
        }
        sheet.write_number_with_format(row, 1 + levels.len() as u16, group.net_spend, &f.money)?;
    }
    Ok(top + 1 + breakdown.groups.len() as u32)
}

/// Display width of a text in Excel's character units: CJK characters are about two wide.
pub(crate) fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.len_utf8() >= 3 { 2.1 } else { 1.1 })
        .sum()
}

/// Fails rather than truncate a sheet that would pass Excel's row limit.
pub(super) fn ensure_fits(rows: usize, sheet: &str) -> Result<()> {
    (rows <= MAX_DATA_ROWS)
        .then_some(())
        .with_context(|| format!("sheet \"{sheet}\" would need {rows} rows, more than Excel holds"))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use calamine::{Reader, open_workbook_auto};
    use chrono::NaiveDate;

    use super::*;
    use crate::config::Config;
    use crate::model::Lang;
    use crate::pipeline::{grade, read};

    /// A first run's settings, with the Orders sheet.
    fn run_info(config: &Config, as_of: NaiveDate, lang: Lang) -> RunInfo<'_> {
        RunInfo {
            as_of,
            lang,
            config,
            config_path: None,
            inputs: vec![],
            previous: None,
            backtest: None,
            orders_sheet: true,
        }
    }

    #[test]
    fn orders_past_the_row_limit_continue_on_further_sheets() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shop");
        let tables = read::read_inputs(&[dir.join("orders.csv")]).unwrap();
        let config = Config::default();
        let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let graded = grade(&tables, &config, as_of, None).unwrap();
        let info = run_info(&config, as_of, Lang::En);
        let summary = Summary::of(&graded, &config);
        // 12 order lines, 5 to a sheet: 5 + 5 + 2.
        let mut book =
            build_with_sheet_rows(&graded, &summary, &info, 5, Sheets::Standard).unwrap();
        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("split.xlsx");
        book.save(&path).unwrap();
        let mut workbook = open_workbook_auto(&path).unwrap();
        let names = workbook.sheet_names();
        assert_eq!(names[2..5], ["Orders", "Orders (2)", "Orders (3)"]);
        let heights: Vec<usize> = names[2..5]
            .iter()
            .map(|n| workbook.worksheet_range(n).unwrap().height())
            .collect();
        assert_eq!(heights, [6, 6, 3], "a header row on each sheet");
        let last = workbook.worksheet_range("Orders (3)").unwrap();
        assert_eq!(last.get((2, 0)).unwrap().to_string(), "SO012");
    }

    #[test]
    fn a_tier_history_past_the_row_limit_continues_on_further_sheets_and_reads_back() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shop");
        let tables = read::read_inputs(&[dir.join("orders.csv")]).unwrap();
        let config = Config::default();
        let out = tempfile::tempdir().unwrap();
        let mut previous = None;
        for (run, month) in [(1usize, 6), (2, 7)] {
            let as_of = NaiveDate::from_ymd_opt(2026, month, 30).unwrap();
            let graded = grade(&tables, &config, as_of, previous.as_ref()).unwrap();
            let customers = graded.ranking.len();
            let info = RunInfo {
                previous: previous.as_ref(),
                ..run_info(&config, as_of, Lang::En)
            };
            let summary = Summary::of(&graded, &config);
            // Two lines to a sheet: this run's customers after the earlier runs'.
            let path = out.path().join(format!("run{run}.xlsx"));
            build_with_sheet_rows(&graded, &summary, &info, 2, Sheets::Standard)
                .unwrap()
                .save(&path)
                .unwrap();
            let names = open_workbook_auto(&path).unwrap().sheet_names();
            let history: Vec<&String> = names
                .iter()
                .filter(|n| n.starts_with("Tier history"))
                .collect();
            assert_eq!(history.len(), (run * customers).div_ceil(2), "{names:?}");
            assert_eq!(
                history.last().unwrap().as_str(),
                format!("Tier history ({})", history.len())
            );
            let read = crate::pipeline::previous::load(&path).unwrap();
            assert_eq!(read.history.len(), run * customers);
            let this_run: Vec<&str> = read
                .history
                .iter()
                .filter(|s| s.as_of == as_of)
                .map(|s| &*s.id)
                .collect();
            let ranked: Vec<&str> = graded
                .ranking
                .iter()
                .map(|&i| graded.data.customers[i].id.as_str())
                .collect();
            assert_eq!(this_run, ranked);
            previous = Some(read);
        }
        // A part renamed by hand is refused, not read past: its lines would be lost for good.
        let renamed = out.path().join("renamed.xlsx");
        crate::test_support::rewrite_part(
            &out.path().join("run2.xlsx"),
            &renamed,
            "xl/workbook.xml",
            |xml| xml.replace("Tier history (2)", "Renamed"),
        );
        let error = crate::pipeline::previous::load(&renamed).unwrap_err();
        assert!(
            error
                .to_string()
                .contains(r#"its sheet "Tier history (2)" is missing"#),
            "{error}"
        );
    }

    #[test]
    fn sheets_in_constant_memory_hold_the_same_cells() {
        let (config, as_of, graded) = crate::test_support::graded_sample();
        let info = run_info(&config, as_of, Lang::En);
        let summary = Summary::of(&graded, &config);
        let cells = |sheets| {
            let mut book = build(&graded, &summary, &info, sheets).unwrap();
            crate::test_support::sheet_texts(book.save_to_buffer().unwrap())
        };
        // A write to an earlier row of a constant-memory sheet would be dropped.
        assert_eq!(cells(Sheets::ConstantMemory), cells(Sheets::Standard));
    }

    #[test]
    fn sheets_written_side_by_side_give_the_same_workbook_every_time() {
        let (config, as_of, graded) = crate::test_support::graded_sample();
        let summary = Summary::of(&graded, &config);
        // With Orders sheets, the second thread writes them (small, so several) while this
        // one writes the Customers sheet; without, it puts the Customers rows' texts
        // together (300 customers: two batches).
        for orders_sheet in [true, false] {
            let info = RunInfo {
                orders_sheet,
                ..run_info(&config, as_of, Lang::Zh)
            };
            let save = || {
                build_with_sheet_rows(&graded, &summary, &info, 700, Sheets::Standard)
                    .unwrap()
                    .save_to_buffer()
                    .unwrap()
            };
            let first = save();
            for _ in 0..5 {
                assert!(
                    save() == first,
                    "the workbook's bytes changed between builds"
                );
            }
            assert!(
                crate::threads::refusing(save) == first,
                "the workbook written on one thread differs"
            );
        }
    }
}
