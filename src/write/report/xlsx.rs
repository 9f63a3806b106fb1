//! The report as a workbook: one sheet per part, native Excel charts (columns and a pie for
//! the tiers, a line for the Pareto curve, stacked bars for the groups), the migration matrix
//! heat-coloured by conditional formatting with the names behind each cell as notes, and every
//! sheet set up to print (A4 landscape, one page wide, header row repeated, page numbers).

use anyhow::Result;
use chrono::Datelike;
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLegendPosition, ChartLine, ChartLineDashType, ChartType, Color,
    ConditionalFormat2ColorScale, ConditionalFormatType, DocProperties, ExcelDateTime, Note,
    Workbook, Worksheet,
};

use super::words::{ReportWords, words};
use super::{Column, CustomerLine, Report, columns};
use crate::model::Lang;
use crate::write::Sheets;
use crate::write::labels::fill;
use crate::write::overview::{Breakdown, Migration};
use crate::write::workbook::{Formats, text_width, tier_chart, tier_colour};

/// Excel's limit on a sheet name.
const MAX_SHEET_NAME: usize = 31;
/// How many names a migration cell's note lists before it only counts the rest.
const NOTE_NAMES: usize = 25;
/// How many characters of each name line a note shows.
const NOTE_LINE: usize = 80;

/// The whole report workbook.
///
/// # Errors
/// When `rust_xlsxwriter` refuses a value or a sheet name.
pub fn build(report: &Report, lang: Lang, sheets: Sheets) -> Result<Workbook> {
    let w = words(lang);
    let mut book = Workbook::new();
    let as_of = report.as_of;
    let created =
        ExcelDateTime::from_ymd(as_of.year() as u16, as_of.month() as u8, as_of.day() as u8)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", w.title, as_of))
            .set_creation_datetime(&created),
    );
    let f = Formats::new(report.tiers.iter().map(|t| t.colour.as_deref()));
    let ctx = Context {
        report,
        words: w,
        formats: &f,
        lang,
    };
    // Sheets with charts as `sheets` says, the others always in constant-memory mode.
    ctx.overview(sheets.add(&mut book)?)?;
    ctx.concentration(sheets.add(&mut book)?)?;
    ctx.migration(book.add_worksheet_with_constant_memory()?)?;
    let breakdowns = [
        (3, Some(&report.segments), 0),
        (4, report.regions.as_ref(), 0),
        (5, report.industries.as_ref(), 1),
        (6, report.owners.as_ref(), 2),
    ];
    for (sheet, breakdown, missing) in breakdowns {
        ctx.breakdown(
            sheets.add(&mut book)?,
            sheet,
            breakdown,
            w.no_column[missing],
        )?;
    }
    let risks: Vec<String> = report
        .at_risk
        .iter()
        .map(|r| {
            let texts: Vec<String> = r.reasons.iter().map(|x| x.describe(report, w)).collect();
            texts.join("; ")
        })
        .collect();
    let at_risk: Vec<&CustomerLine> = report.at_risk.iter().map(|r| &r.customer).collect();
    let top: Vec<&CustomerLine> = report.top.iter().collect();
    let new: Vec<&CustomerLine> = report.new_customers.iter().collect();
    ctx.customers(
        book.add_worksheet_with_constant_memory()?,
        7,
        &top,
        None,
        None,
    )?;
    ctx.customers(
        book.add_worksheet_with_constant_memory()?,
        8,
        &at_risk,
        Some(&risks),
        Some(w.at_risk_note.to_owned()),
    )?;
    ctx.customers(
        book.add_worksheet_with_constant_memory()?,
        9,
        &new,
        None,
        Some(fill(w.new_note, &[("date", &report.new_since)])),
    )?;
    ctx.data_quality(book.add_worksheet_with_constant_memory()?)?;
    Ok(book)
}

/// What every sheet needs.
struct Context<'a> {
    report: &'a Report,
    words: &'static ReportWords,
    formats: &'a Formats,
    lang: Lang,
}

impl Context<'_> {
    /// Names the sheet `words.sheets[k]`, writes the section title, and sets it up to print;
    /// returns the sheet's name.
    fn begin(&self, sheet: &mut Worksheet, k: usize, section: usize) -> Result<String> {
        let name: String = self.words.sheets[k].chars().take(MAX_SHEET_NAME).collect();
        sheet.set_name(&name)?;
        sheet.write_string_with_format(0, 0, self.words.sections[section], &self.formats.title)?;
        sheet
            .set_paper_size(9)
            .set_landscape()
            .set_print_fit_to_pages(1, 0);
        let as_of = self.report.as_of.to_string();
        crate::write::page_titles(sheet, self.words.title, &as_of, self.lang);
        Ok(name)
    }

    /// Headline figures, the tier table and its two charts.
    fn overview(&self, sheet: &mut Worksheet) -> Result<()> {
        let (report, words, formats) = (self.report, self.words, self.formats);
        let name = self.begin(sheet, 0, 0)?;
        sheet.write_string_with_format(0, 0, words.title, &formats.title)?;
        let subtitle = fill(
            words.subtitle,
            &[
                ("as_of", &report.as_of),
                ("start", &report.window[0]),
                ("end", &report.window[1]),
            ],
        );
        sheet.write_string(1, 0, subtitle)?;
        let previous = report.headline.previous.as_ref();
        let compared = previous.map_or_else(
            || words.not_compared.to_owned(),
            |p| fill(words.compared, &[("date", &p.as_of)]),
        );
        sheet.write_string_with_format(2, 0, compared, &formats.muted)?;
        if report.redacted {
            sheet.write_string_with_format(3, 0, words.redacted, &formats.muted)?;
        }

        self.headline(sheet, 5)?;
        self.tier_table(sheet, &name, 13)
    }

    /// The headline figures now and then, with the title at row `top`.
    fn headline(&self, sheet: &mut Worksheet, top: u32) -> Result<()> {
        let (report, words, formats) = (self.report, self.words, self.formats);
        let previous = report.headline.previous.as_ref();
        sheet.write_string_with_format(top, 0, words.sections[0], &formats.bold)?;
        let then = previous.map_or_else(String::new, |p| {
            fill(words.figure_headers[2], &[("date", &p.as_of)])
        });
        let headers = [
            words.figure_headers[0],
            words.figure_headers[1],
            &then,
            words.figure_headers[3],
        ];
        let columns = if previous.is_some() { 4 } else { 2 };
        for (c, header) in headers.iter().take(columns).enumerate() {
            sheet.write_string_with_format(top + 1, c as u16, *header, &formats.header)?;
        }
        let h = &report.headline;
        let figures: [(f64, Option<f64>, &_); 4] = [
            (
                h.customers as f64,
                previous.map(|p| p.customers as f64),
                &formats.integer,
            ),
            (h.active_customers as f64, None, &formats.integer),
            (h.orders as f64, None, &formats.integer),
            (h.net_spend, previous.map(|p| p.net_spend), &formats.money),
        ];
        for (k, (now, then, format)) in figures.iter().enumerate() {
            let row = top + 2 + k as u32;
            sheet.write_string_with_format(row, 0, words.figures[k], &formats.bold)?;
            sheet.write_number_with_format(row, 1, *now, format)?;
            if let Some(then) = then {
                sheet.write_number_with_format(row, 2, *then, format)?;
                sheet.write_number_with_format(row, 3, now - then, format)?;
            }
        }

        Ok(())
    }

    /// The tier table with the title at row `top`, and its two charts below.
    fn tier_table(&self, sheet: &mut Worksheet, name: &str, top: u32) -> Result<()> {
        let (report, words, formats) = (self.report, self.words, self.formats);
        sheet.write_string_with_format(top, 0, words.sections[1], &formats.bold)?;
        let with_then = report.previous_distribution.is_some();
        let columns: Vec<usize> = (0..8)
            .filter(|&c| with_then || !(3..5).contains(&c))
            .collect();
        for (c, &k) in columns.iter().enumerate() {
            sheet.write_string_with_format(
                top + 1,
                c as u16,
                words.tier_headers[k],
                &formats.header,
            )?;
        }
        for (t, line) in report.distribution.iter().enumerate() {
            let row = top + 2 + t as u32;
            let then = report.previous_distribution.as_ref().map(|d| d[t] as f64);
            let values = [
                None,
                Some((line.customers as f64, &formats.integer)),
                Some((line.share, &formats.percent)),
                then.map(|n| (n, &formats.integer)),
                then.map(|n| (line.customers as f64 - n, &formats.integer)),
                Some((line.net_spend, &formats.money)),
                Some((line.spend_share, &formats.percent)),
                Some((line.average_score, &formats.score)),
            ];
            for (c, &k) in columns.iter().enumerate() {
                if k == 0 {
                    sheet.write_string_with_format(
                        row,
                        0,
                        &report.tiers[t].name,
                        &formats.tiers[t],
                    )?;
                } else if let Some((value, format)) = values[k] {
                    sheet.write_number_with_format(row, c as u16, value, format)?;
                }
            }
        }
        let (first, last) = (top + 2, top + 1 + report.tiers.len() as u32);
        let spend_col = columns.iter().position(|&k| k == 5).unwrap_or(0) as u16;
        let colours: Vec<Color> = report
            .tiers
            .iter()
            .map(|t| tier_colour(t.colour.as_deref(), 0xA6_A6A6))
            .collect();
        for (k, (kind, col)) in [(ChartType::Column, 1u16), (ChartType::Pie, spend_col)]
            .into_iter()
            .enumerate()
        {
            let chart = tier_chart(kind, name, (first, last), col, &colours, words.charts[k]);
            sheet.insert_chart(last + 2, 4 * k as u16, &chart)?;
        }
        sheet.set_column_width(0, 22)?;
        sheet.set_column_range_width(1, 7, 15)?;
        Ok(())
    }

    /// The top 1/5/20% table, the curve's points and a line chart of them.
    fn concentration(&self, sheet: &mut Worksheet) -> Result<()> {
        let (report, words, formats) = (self.report, self.words, self.formats);
        let name = self.begin(sheet, 1, 2)?;
        let curve = &report.concentration;
        // Row by row, as a constant-memory sheet must be written (`Sheets::ConstantMemory`):
        // the top 1/5/20% table and its note on the left, the curve's points beside the chart
        // for anyone who wants the numbers.
        let (x, y) = (8u16, 9u16);
        for (k, header) in words.top_headers.iter().enumerate() {
            sheet.write_string_with_format(2, k as u16, *header, &formats.header)?;
        }
        sheet.write_string_with_format(2, x, words.axes[0], &formats.header)?;
        sheet.write_string_with_format(2, y, words.axes[1], &formats.header)?;
        let note_row = 4 + curve.tops.len() as u32;
        let rows = curve.curve.len().max(note_row as usize - 2);
        for k in 0..rows {
            let row = 3 + k as u32;
            if let Some(top) = curve.tops.get(k) {
                sheet.write_string_with_format(
                    row,
                    0,
                    fill(words.top_slice, &[("percent", &top.percent)]),
                    &formats.bold,
                )?;
                sheet.write_number_with_format(row, 1, top.customers as f64, &formats.integer)?;
                sheet.write_number_with_format(row, 2, top.share, &formats.percent)?;
            } else if row == note_row {
                sheet.write_string_with_format(row, 0, words.concentration_note, &formats.muted)?;
            }
            if let Some(share) = curve.curve.get(k) {
                sheet.write_number_with_format(row, x, k as f64 / 100.0, &formats.percent)?;
                sheet.write_number_with_format(row, y, *share, &formats.percent)?;
                // The even line: every customer spending the same.
                sheet.write_number_with_format(row, y + 1, k as f64 / 100.0, &formats.percent)?;
            }
        }
        let last = 3 + curve.curve.len() as u32 - 1;
        let mut chart = Chart::new(ChartType::ScatterStraight);
        chart
            .add_series()
            .set_name(words.charts[2])
            .set_categories((name.as_str(), 3, x, last, x))
            .set_values((name.as_str(), 3, y, last, y))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color(Color::RGB(0x1F_4E79))
                        .set_width(2.25),
                ),
            );
        chart
            .add_series()
            .set_categories((name.as_str(), 3, x, last, x))
            .set_values((name.as_str(), 3, y + 1, last, y + 1))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color(Color::RGB(0xA6_A6A6))
                        .set_dash_type(ChartLineDashType::Dash),
                ),
            );
        chart.title().set_name(words.charts[2]);
        chart.legend().set_hidden();
        chart
            .x_axis()
            .set_name(words.axes[0])
            .set_min(0)
            .set_max(1)
            .set_num_format("0%");
        chart
            .y_axis()
            .set_name(words.axes[1])
            .set_min(0)
            .set_max(1)
            .set_num_format("0%");
        chart.set_width(560).set_height(360);
        // The curve's 101 points and the even line's are in hidden columns (shown, they
        // printed on three pages of their own); the chart still draws them.
        chart.show_hidden_data();
        sheet.insert_chart(note_row + 2, 0, &chart)?;
        sheet.set_column_width(0, 16)?;
        sheet.set_column_range_width(1, 2, 18)?;
        for column in x..=y + 1 {
            sheet.set_column_hidden(column)?;
        }
        Ok(())
    }

    /// The migration matrix, heat-coloured (down in red, up in green, staying in blue), each
    /// moving cell with a note naming its customers; then every mover as a list.
    fn migration(&self, sheet: &mut Worksheet) -> Result<()> {
        let (report, words, formats) = (self.report, self.words, self.formats);
        self.begin(sheet, 2, 3)?;
        let migration: &Migration = &report.migration;
        let Some(from) = migration.from else {
            sheet.write_string(2, 0, words.no_migration)?;
            sheet.set_column_width(0, 22)?;
            return Ok(());
        };
        let n = report.tiers.len();
        let names: Vec<&str> = report.tiers.iter().map(|t| t.name.as_str()).collect();
        let (top, left) = (3u32, 0u16);
        sheet.write_string_with_format(top, left, words.migration_axes[0], &formats.header)?;
        for (c, name) in names.iter().chain([&words.migration_axes[2]]).enumerate() {
            sheet.write_string_with_format(top, left + 1 + c as u16, *name, &formats.header)?;
        }
        let (mut down, mut up, mut stay) = (Vec::new(), Vec::new(), Vec::new());
        for (i, row) in migration.cells.iter().enumerate() {
            let y = top + 1 + i as u32;
            let label = names.get(i).copied().unwrap_or(words.migration_axes[1]);
            sheet.write_string_with_format(y, left, label, &formats.header)?;
            for (j, movers) in row.iter().enumerate() {
                // New customers cannot have left.
                if i == n && j == n {
                    continue;
                }
                let x = left + 1 + j as u16;
                let format = if i == j {
                    &formats.bold
                } else {
                    &formats.integer
                };
                sheet.write_number_with_format(y, x, movers.len() as f64, format)?;
                let cell = rust_xlsxwriter::utility::row_col_to_cell(y, x);
                match i.cmp(&j) {
                    std::cmp::Ordering::Equal => stay.push(cell),
                    std::cmp::Ordering::Less => down.push(cell),
                    std::cmp::Ordering::Greater => up.push(cell),
                }
                if i != j && !movers.is_empty() {
                    // Each name cut short, so that a note stays far within Excel's limit.
                    let mut text: Vec<String> = movers
                        .iter()
                        .take(NOTE_NAMES)
                        .map(|p| {
                            let line = format!("{} {}", p.id, p.name);
                            let mut short: String =
                                line.trim_end().chars().take(NOTE_LINE).collect();
                            if line.trim_end().chars().count() > NOTE_LINE {
                                short.push('…');
                            }
                            short
                        })
                        .collect();
                    if movers.len() > NOTE_NAMES {
                        text.push(format!("… +{}", movers.len() - NOTE_NAMES));
                    }
                    let note = Note::new(text.join("\n"))
                        .add_author_prefix(false)
                        .set_width(260)
                        .set_height(16 * text.len().min(12) as u32 + 20);
                    sheet.insert_note(y, x, &note)?;
                }
            }
        }
        for (cells, colour) in [(down, 0xF8_696B), (up, 0x63_BE7B), (stay, 0x5B_9BD5)] {
            let scale = ConditionalFormat2ColorScale::new()
                .set_minimum(ConditionalFormatType::Number, 0)
                .set_minimum_color(Color::White)
                .set_maximum_color(Color::RGB(colour))
                .set_multi_range(cells.join(" "));
            let first = top + 1;
            sheet.add_conditional_format(
                first,
                left + 1,
                first + n as u32,
                left + 1 + n as u16,
                &scale,
            )?;
        }
        let mut row = top + n as u32 + 3;
        sheet.write_string_with_format(
            row,
            0,
            fill(words.migration_note, &[("date", &from)]),
            &formats.muted,
        )?;
        if migration.unknown_tiers > 0 {
            row += 1;
            sheet.write_string_with_format(
                row,
                0,
                fill(words.unknown_tiers, &[("count", &migration.unknown_tiers)]),
                &formats.muted,
            )?;
        }
        self.movers(sheet, row + 2, &names)?;
        let widest = names.iter().map(|n| text_width(n)).fold(12.0, f64::max);
        sheet.set_column_width(0, widest.max(text_width(words.migration_axes[0])) + 4.0)?;
        sheet.set_column_range_width(1, 1 + n as u16, widest + 2.0)?;
        Ok(())
    }

    /// Every customer who moved, from where to where, with the header at row `top`.
    fn movers(&self, sheet: &mut Worksheet, top: u32, names: &[&str]) -> Result<()> {
        let (words, formats) = (self.words, self.formats);
        let mut row = top;
        for (c, header) in words.mover_headers.iter().enumerate() {
            sheet.write_string_with_format(row, c as u16, *header, &formats.header)?;
        }
        let header_row = row;
        for (i, cells) in self.report.migration.cells.iter().enumerate() {
            for (j, movers) in cells.iter().enumerate() {
                if i == j {
                    continue;
                }
                let from = names.get(i).copied().unwrap_or(words.migration_axes[1]);
                let to = names.get(j).copied().unwrap_or(words.migration_axes[2]);
                for p in movers {
                    row += 1;
                    // Names run on into the empty cells to their right, so the matrix above
                    // keeps even columns.
                    for (c, text) in [from, to, &p.id, &p.name].iter().enumerate() {
                        sheet.write_string(row, c as u16, *text)?;
                    }
                }
            }
        }
        if row > header_row {
            sheet.autofilter(header_row, 0, row, 3)?;
        }
        Ok(())
    }

    /// Customers per group and tier, with a stacked bar chart of the tier mix.
    fn breakdown(
        &self,
        sheet: &mut Worksheet,
        k: usize,
        breakdown: Option<&Breakdown>,
        missing: &str,
    ) -> Result<()> {
        let (report, words, formats) = (self.report, self.words, self.formats);
        let name = self.begin(sheet, k, k + 1)?;
        let Some(b) = breakdown else {
            sheet.write_string(2, 0, missing)?;
            sheet.set_column_width(0, 22)?;
            return Ok(());
        };
        let top = 2u32;
        sheet.write_string_with_format(1, 0, &b.title, &formats.muted)?;
        let n = report.tiers.len() as u16;
        sheet.write_string_with_format(top, 0, "", &formats.header)?;
        for (t, tier) in report.tiers.iter().enumerate() {
            sheet.write_string_with_format(top, 1 + t as u16, &tier.name, &formats.tiers[t])?;
        }
        for (c, header) in words.breakdown_totals.iter().enumerate() {
            sheet.write_string_with_format(top, 1 + n + c as u16, *header, &formats.header)?;
        }
        // Then each tier's net spend, after the totals.
        for (t, tier) in report.tiers.iter().enumerate() {
            let header = fill(words.tier_spend, &[("tier", &tier.name)]);
            sheet.write_string_with_format(top, 3 + n + t as u16, header, &formats.header)?;
        }
        // Two lines for "Net spend: diamond": LibreOffice and WPS do not grow a row to fit.
        sheet.set_row_height(top, 30)?;
        let mut width = 16.0f64;
        for (g, group) in b.groups.iter().enumerate() {
            let row = top + 1 + g as u32;
            sheet.write_string_with_format(row, 0, &group.name, &formats.bold)?;
            width = width.max(text_width(&group.name) + 2.0);
            for (t, count) in group.tiers.iter().enumerate() {
                sheet.write_number_with_format(
                    row,
                    1 + t as u16,
                    *count as f64,
                    &formats.integer,
                )?;
            }
            sheet.write_number_with_format(row, 1 + n, group.customers as f64, &formats.integer)?;
            sheet.write_number_with_format(row, 2 + n, group.net_spend, &formats.money)?;
            for (t, spend) in group.tier_spend.iter().enumerate() {
                sheet.write_number_with_format(row, 3 + n + t as u16, *spend, &formats.money)?;
            }
        }
        sheet.set_repeat_rows(top, top)?;
        sheet.set_column_width(0, width.min(40.0))?;
        sheet.set_column_range_width(1, n, 11)?;
        sheet.set_column_range_width(1 + n, 2 + 2 * n, 15)?;
        if b.groups.is_empty() {
            return Ok(());
        }
        let last = top + b.groups.len() as u32;
        let mut chart = Chart::new(ChartType::BarStacked);
        for (t, tier) in report.tiers.iter().enumerate() {
            let col = 1 + t as u16;
            chart
                .add_series()
                .set_name((name.as_str(), top, col))
                .set_categories((name.as_str(), top + 1, 0, last, 0))
                .set_values((name.as_str(), top + 1, col, last, col))
                .set_format(
                    ChartFormat::new()
                        .set_solid_fill(
                            rust_xlsxwriter::ChartSolidFill::new()
                                .set_color(tier_colour(tier.colour.as_deref(), 0xA6_A6A6)),
                        )
                        .set_border(ChartLine::new().set_color(Color::RGB(0x59_5959))),
                )
                .set_gap(60);
        }
        chart.title().set_name(&b.title);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        // Excel draws bar categories bottom-up; reversed, they read in the table's order.
        chart.y_axis().set_reverse();
        let height = (120 + 22 * b.groups.len()).clamp(280, 900) as u32;
        chart.set_width(640).set_height(height);
        sheet.insert_chart(last + 2, 0, &chart)?;
        Ok(())
    }

    /// A list of customers: the top 20, those at risk (with why) or the new ones.
    fn customers(
        &self,
        sheet: &mut Worksheet,
        k: usize,
        lines: &[&CustomerLine],
        why: Option<&[String]>,
        note: Option<String>,
    ) -> Result<()> {
        let (words, formats) = (self.words, self.formats);
        self.begin(sheet, k, k + 1)?;
        let mut top = 2u32;
        if let Some(note) = note {
            sheet.write_string_with_format(1, 0, note, &formats.muted)?;
        }
        if lines.is_empty() {
            sheet.write_string(top, 0, words.none)?;
            return Ok(());
        }
        let columns = columns(lines, k == 9, why.is_some());
        for (c, &col) in columns.iter().enumerate() {
            sheet.write_string_with_format(top, c as u16, col.header(words), &formats.header)?;
        }
        let mut widths: Vec<f64> = columns
            .iter()
            .map(|&col| match col {
                Column::Rank => 5.0,
                Column::First | Column::Last => 12.0,
                _ => text_width(col.header(words)).max(8.0) + 2.0,
            })
            .collect();
        for (n, line) in lines.iter().enumerate() {
            top += 1;
            let row = top;
            for (c, &col) in columns.iter().enumerate() {
                let c16 = c as u16;
                let written = self.cell(sheet, (row, c16), col, line, n)?;
                let written = match col {
                    Column::Why => why.map(|why| why[n].clone()).unwrap_or_default(),
                    _ => written,
                };
                if !written.is_empty() {
                    sheet.write_string(row, c16, &written)?;
                }
                widths[c] = widths[c].max(text_width(&written) + 2.0);
            }
        }
        for (c, width) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, width.clamp(5.0, 48.0))?;
        }
        let header = 2;
        sheet.set_repeat_rows(header, header)?;
        sheet.set_freeze_panes(header + 1, 3)?;
        sheet.autofilter(header, 0, top, (columns.len() - 1) as u16)?;
        Ok(())
    }

    /// Writes one cell of a customer list (numbers, dates and tiers as such); returns the
    /// text it wrote, for the column's width.
    fn cell(
        &self,
        sheet: &mut Worksheet,
        (row, c16): (u32, u16),
        col: Column,
        line: &CustomerLine,
        n: usize,
    ) -> Result<String> {
        let (report, formats) = (self.report, self.formats);
        let mut written = String::new();
        match col {
            Column::Rank => {
                sheet.write_number(row, c16, (n + 1) as f64)?;
            }
            Column::Id => written.clone_from(&line.id),
            Column::Name => written.clone_from(&line.name),
            Column::Tier => {
                sheet.write_string_with_format(
                    row,
                    c16,
                    &report.tiers[line.tier].name,
                    &formats.tiers[line.tier],
                )?;
            }
            Column::TierThen => {
                if let Some(t) = line.previous_tier {
                    sheet.write_string_with_format(
                        row,
                        c16,
                        &report.tiers[t].name,
                        &formats.tiers[t],
                    )?;
                }
            }
            Column::Score => {
                sheet.write_number_with_format(row, c16, line.score, &formats.score)?;
            }
            Column::Spend => {
                sheet.write_number_with_format(row, c16, line.net_spend, &formats.money)?;
            }
            Column::Share => {
                sheet.write_number_with_format(row, c16, line.spend_share, &formats.percent)?;
            }
            Column::Orders => {
                sheet.write_number_with_format(
                    row,
                    c16,
                    f64::from(line.orders),
                    &formats.integer,
                )?;
            }
            Column::First | Column::Last => {
                let date = if col == Column::First {
                    line.first_order
                } else {
                    line.last_order
                };
                if let Some(d) = date {
                    sheet.write_date_with_format(row, c16, d, &formats.date)?;
                }
            }
            Column::Segment => written.clone_from(&line.segment),
            Column::Region => written = line.region.clone().unwrap_or_default(),
            Column::Owner => written = line.owner.clone().unwrap_or_default(),
            Column::Contact => written = line.contact.clone().unwrap_or_default(),
            Column::Phone => written = line.phone.clone().unwrap_or_default(),
            Column::Email => written = line.email.clone().unwrap_or_default(),
            Column::Why => {}
        }
        Ok(written)
    }

    /// Rows not used, by reason.
    fn data_quality(&self, sheet: &mut Worksheet) -> Result<()> {
        let (report, words, formats) = (self.report, self.words, self.formats);
        self.begin(sheet, 10, 11)?;
        if let Some(text) = report.data_quality_note(words) {
            sheet.write_string(2, 0, text)?;
            sheet.set_column_width(0, 30)?;
            return Ok(());
        }
        for (c, header) in words.issue_headers.iter().enumerate() {
            sheet.write_string_with_format(2, c as u16, *header, &formats.header)?;
        }
        let mut width = 30.0f64;
        for (k, line) in report.data_quality.iter().enumerate() {
            let row = 3 + k as u32;
            sheet.write_string(row, 0, &line.reason)?;
            width = width.max(text_width(&line.reason) + 2.0);
            sheet.write_string(row, 1, words.actions[usize::from(!line.skipped)])?;
            sheet.write_number_with_format(row, 2, line.rows as f64, &formats.integer)?;
        }
        sheet.set_column_width(0, width.min(90.0))?;
        sheet.set_column_width(1, 18)?;
        sheet.set_column_width(2, 10)?;
        sheet.set_repeat_rows(2, 2)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::report::Basis;

    #[test]
    fn sheets_in_constant_memory_hold_the_same_cells() {
        let (config, as_of, graded) = crate::test_support::graded_sample();
        let basis = Basis {
            lang: Lang::En,
            config: &config,
            previous: None,
            compare: None,
            issues: Ok(Vec::new()),
            redact: false,
        };
        let report = Report::build(&graded, as_of, &basis);
        let cells = |sheets| {
            let mut book = build(&report, Lang::En, sheets).unwrap();
            crate::test_support::sheet_texts(book.save_to_buffer().unwrap())
        };
        // A write to an earlier row of a constant-memory sheet would be dropped.
        assert_eq!(cells(Sheets::ConstantMemory), cells(Sheets::Standard));
    }
}
