//! The Customers, Orders, Data issues and Rules sheets.

use std::ops::Range;

use anyhow::Result;
use chrono::{Datelike, Timelike};
use rust_xlsxwriter::{Formula, Worksheet};

use super::{Formats, text_width};
use crate::issues::Wording;
use crate::location::column_letter;
use crate::model::{Lang, Sym, Value};
use crate::pipeline::Graded;
use crate::pipeline::clv::{Clv, Fitted};
use crate::pipeline::columns::Field;
use crate::pipeline::previous::{TeamSheet, revisit_log_headers};
use crate::pipeline::read::Hidden;
use crate::write::RunInfo;
use crate::write::labels::{Labels, labels, table_kind, tier_name};

/// The widest a column grows for its header alone; a longer header wraps.
const HEADER_WIDTH: f64 = 30.0;

/// Column widths grow to fit what is written, within limits.
pub(super) struct Widths(Vec<f64>);

impl Widths {
    pub(super) fn from_headers(headers: &[String]) -> Self {
        Self(
            headers
                .iter()
                .map(|h| text_width(h).clamp(8.0, HEADER_WIDTH))
                .collect(),
        )
    }

    pub(super) fn fit(&mut self, col: usize, text: &str) {
        let width = text_width(text).min(50.0);
        if width > self.0[col] {
            self.0[col] = width;
        }
    }

    pub(super) fn apply(&self, sheet: &mut Worksheet) -> Result<()> {
        for (col, width) in self.0.iter().enumerate() {
            sheet.set_column_width(col as u16, width + 1.0)?;
        }
        Ok(())
    }
}

/// Writes the header row, freezes it and returns the column widths to start from.
fn header(sheet: &mut Worksheet, headers: &[String], f: &Formats) -> Result<Widths> {
    let widths = Widths::from_headers(headers);
    widths.apply(sheet)?;
    header_row(sheet, headers, f)?;
    Ok(widths)
}

/// Gives columns their number formats. A cell written without a format takes its column's,
/// which spares `rust_xlsxwriter` hashing the whole format again for every cell of a large
/// sheet (a tenth of the time of writing one).
pub(super) fn column_formats(
    sheet: &mut Worksheet,
    formats: &[(u16, &rust_xlsxwriter::Format)],
) -> Result<()> {
    for (col, format) in formats {
        sheet.set_column_format(*col, format)?;
    }
    Ok(())
}

/// A value carried from the customers sheet, written with its own type.
pub(super) fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Value,
    f: &Formats,
) -> Result<()> {
    match value {
        Value::Empty => {}
        Value::Text(t) => {
            sheet.write_string(row, col, t)?;
        }
        Value::Number(n) => {
            sheet.write_number(row, col, *n)?;
        }
        Value::Bool(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
        // calamine reads a cell of a time alone (below one day) as that time on 1899-12-31,
        // a day no spreadsheet can hold otherwise.
        Value::DateTime(d) if (d.year(), d.month(), d.day()) == (1899, 12, 31) => {
            let format = if d.second() == 0 {
                &f.time
            } else {
                &f.time_seconds
            };
            sheet.write_time_with_format(row, col, d.time(), format)?;
        }
        Value::DateTime(d) if d.time() == chrono::NaiveTime::MIN => {
            sheet.write_date_with_format(row, col, d.date(), &f.date)?;
        }
        Value::DateTime(d) => {
            sheet.write_datetime_with_format(row, col, d, &f.datetime)?;
        }
    }
    Ok(())
}

/// The Orders columns that hold input fields, by position; with [`FEEDBACK_FIELDS`] the marker
/// sheet records them so that the workbook can be read back as its own inputs.
pub(super) const ORDER_FIELDS: [(usize, Field); 11] = [
    (0, Field::OrderId),
    (1, Field::CustomerId),
    (2, Field::CustomerName),
    (4, Field::Date),
    (5, Field::Product),
    (6, Field::Category),
    (7, Field::Brand),
    (8, Field::Channel),
    (9, Field::Quantity),
    (10, Field::Amount),
    (11, Field::Status),
];

/// The Feedback columns that hold input fields (a rating-based complaint is written as a
/// complaint type, so the type column alone tells complaints apart).
pub(super) const FEEDBACK_FIELDS: [(usize, Field); 5] = [
    (0, Field::CustomerId),
    (1, Field::CustomerName),
    (2, Field::Date),
    (3, Field::FeedbackType),
    (4, Field::Content),
];

pub(super) fn orders(
    sheet: &mut Worksheet,
    graded: &Graded,
    range: Range<usize>,
    info: &RunInfo<'_>,
    f: &Formats,
) -> Result<()> {
    let l = labels(info.lang);
    let data = &graded.data;
    let headers: Vec<String> = l.order_headers.iter().map(|s| (*s).to_owned()).collect();
    let mut widths = Widths::from_headers(&headers);
    for order in &data.orders[range.clone()][..range.len().min(500)] {
        if let Some(id) = order.order_id {
            widths.fit(0, data.order_ids.get(id));
        }
        for (col, sym) in [
            (5, order.product),
            (6, order.category),
            (7, order.brand),
            (8, order.channel),
        ] {
            if let Some(sym) = sym {
                widths.fit(col, data.symbols.get(sym));
            }
        }
        widths.fit(1, &data.customers[order.customer as usize].id);
        widths.fit(2, &data.customers[order.customer as usize].name);
    }
    widths.fit(
        15,
        &data.sources.first().map(source_label).unwrap_or_default(),
    );
    widths.apply(sheet)?;
    column_formats(sheet, &[(4, &f.date), (9, &f.integer), (10, &f.money)])?;
    header_row(sheet, &headers, f)?;
    let levels = &info.config.tiers.levels;
    let text = |sym: Option<Sym>| sym.map(|s| data.symbols.get(s));
    let source_labels: Vec<String> = data.sources.iter().map(source_label).collect();
    for (k, order) in data.orders[range.clone()].iter().enumerate() {
        let row = k as u32 + 1;
        let customer = &data.customers[order.customer as usize];
        let tier = graded.tiers[order.customer as usize];
        if let Some(id) = order.order_id.map(|id| data.order_ids.get(id)) {
            sheet.write_string(row, 0, id)?;
        }
        sheet.write_string(row, 1, &customer.id)?;
        sheet.write_string(row, 2, &customer.name)?;
        sheet.write_string_with_format(
            row,
            3,
            tier_name(&levels[tier], info.lang),
            &f.tiers[tier],
        )?;
        sheet.write_datetime(row, 4, order.date)?;
        for (col, sym) in [
            (5u16, order.product),
            (6, order.category),
            (7, order.brand),
            (8, order.channel),
        ] {
            if let Some(t) = text(sym) {
                sheet.write_string(row, col, t)?;
            }
        }
        // A return goes out of stock and money alike: both figures negative.
        let sign = if order.kind == crate::model::OrderKind::Return {
            -1.0
        } else {
            1.0
        };
        if let Some(quantity) = order.quantity.get() {
            sheet.write_number(row, 9, sign * quantity)?;
        }
        sheet.write_number(row, 10, sign * order.amount)?;
        if let Some(t) = l.status(order, &data.symbols) {
            sheet.write_string(row, 11, t)?;
        }
        sheet.write_string(row, 12, l.kind(order.kind))?;
        sheet.write_string(row, 13, l.yes_no[usize::from(order.not_counted.is_some())])?;
        if let Some(reason) = order.not_counted {
            sheet.write_string(row, 14, l.not_counted(reason))?;
        }
        sheet.write_string(row, 15, &source_labels[order.source as usize])?;
        sheet.write_number(row, 16, f64::from(order.row))?;
    }
    sheet.autofilter(0, 0, range.len() as u32, (headers.len() - 1) as u16)?;
    Ok(())
}

/// Writes a table's header row and freezes it; sets the sheet to print landscape, one page
/// wide, with the header on every page.
pub(super) fn header_row(sheet: &mut Worksheet, headers: &[String], f: &Formats) -> Result<()> {
    for (col, text) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, text, &f.header)?;
    }
    // A header wider than its column wraps onto a second line, which LibreOffice and WPS do
    // not grow the row to show.
    if headers.iter().any(|h| text_width(h) > HEADER_WIDTH) {
        sheet.set_row_height(0, 30)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    // Printed, a table is as wide as a landscape page and repeats its header on every page.
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
}

/// `orders.xlsx [Orders]` or `orders.csv`.
fn source_label(source: &crate::location::Source) -> String {
    match &source.sheet {
        Some(sheet) => format!("{} [{sheet}]", source.file_name()),
        None => source.file_name(),
    }
}

/// Every feedback row read, so that later commands (and people) find complaints in the
/// workbook itself.
pub(super) fn feedback(
    sheet: &mut Worksheet,
    graded: &Graded,
    l: &Labels,
    f: &Formats,
) -> Result<()> {
    sheet.set_name(l.feedback)?;
    super::ensure_fits(graded.data.feedback.len(), l.feedback)?;
    let headers: Vec<String> = l.feedback_headers.iter().map(|s| (*s).to_owned()).collect();
    let mut widths = header(sheet, &headers, f)?;
    let data = &graded.data;
    let sources: Vec<String> = data.sources.iter().map(source_label).collect();
    for (k, item) in data.feedback.iter().enumerate() {
        let row = k as u32 + 1;
        let customer = &data.customers[item.customer as usize];
        let texts = [
            (0, Some(customer.id.as_str())),
            (1, Some(customer.name.as_str())),
            (
                3,
                item.kind
                    .as_deref()
                    .or(item.complaint.then_some(l.complaint)),
            ),
            (4, item.content.as_deref()),
            (6, Some(l.yes_no[usize::from(!item.complaint)])),
            (7, Some(sources[item.source as usize].as_str())),
        ];
        for (col, text) in texts {
            if let Some(text) = text.filter(|t| !t.is_empty()) {
                sheet.write_string(row, col, text)?;
                widths.fit(usize::from(col), text);
            }
        }
        if let Some(date) = item.date {
            sheet.write_date_with_format(row, 2, date, &f.date)?;
        }
        if let Some(rating) = item.rating {
            sheet.write_number_with_format(row, 5, rating, &f.score)?;
        }
        sheet.write_number(row, 8, f64::from(item.row))?;
    }
    widths.apply(sheet)?;
    sheet.autofilter(0, 0, data.feedback.len() as u32, (headers.len() - 1) as u16)?;
    Ok(())
}

/// A sheet the team added, as they left it ([`TeamSheet`]), under its name or, where a sheet
/// of this run has that (`taken`, with the names given so far), the first "name (2)", "name
/// (3)"... that no sheet has (`team`: every team sheet's name). Returns the name given.
pub(super) fn team_sheet(
    sheet: &mut Worksheet,
    team: &TeamSheet,
    [taken, teams]: [&[String]; 2],
    f: &Formats,
) -> Result<String> {
    let among = |names: &[String], name: &str| {
        names
            .iter()
            .any(|n| n.to_lowercase() == name.to_lowercase())
    };
    let short: String = team.name.chars().take(26).collect();
    let name = std::iter::once(team.name.clone())
        .chain((2..=999).map(|n| format!("{short} ({n})")))
        .enumerate()
        .find(|(k, name)| !among(taken, name) && (*k == 0 || !among(teams, name)))
        .map(|(_, name)| name)
        .unwrap_or_default();
    sheet.set_name(&name)?;
    match team.hidden {
        Some(Hidden::Hidden) => sheet.set_hidden(true),
        Some(Hidden::VeryHidden) => sheet.set_very_hidden(true),
        None => sheet,
    };
    for (row, col, value, formula) in &team.cells {
        let Some(formula) = formula else {
            write_value(sheet, *row, *col, value, f)?;
            continue;
        };
        // The value it last showed, for programs that do not calculate on opening.
        let shown = match value {
            Value::Text(t) => t.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string().to_uppercase(),
            Value::Empty | Value::DateTime(_) => String::new(),
        };
        sheet.write_formula(*row, *col, Formula::new(formula).set_result(shown))?;
    }
    Ok(name)
}

/// The Revisit log: the previous workbook's as the team left it, or an empty one to fill in.
pub(super) fn revisit_log(sheet: &mut Worksheet, info: &RunInfo<'_>, f: &Formats) -> Result<()> {
    let l = labels(info.lang);
    sheet.set_name(l.revisit_log)?;
    let log = info.previous.and_then(|p| p.revisit_log.as_ref());
    let headers: Vec<String> = log.map_or_else(
        || {
            revisit_log_headers(info.lang)
                .iter()
                .map(|s| (*s).to_owned())
                .collect()
        },
        |log| log.headers.clone(),
    );
    let mut widths = header(sheet, &headers, f)?;
    let rows = log.map(|log| log.rows.as_slice()).unwrap_or_default();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            write_value(sheet, r as u32 + 1, c as u16, value, f)?;
            if let (Value::Text(t), true) = (value, c < headers.len()) {
                widths.fit(c, t);
            }
        }
    }
    widths.apply(sheet)?;
    Ok(())
}

pub(super) fn issues(
    sheet: &mut Worksheet,
    graded: &Graded,
    lang: Lang,
    f: &Formats,
) -> Result<()> {
    let l = labels(lang);
    sheet.set_name(l.issues)?;
    // More rows not used than a sheet holds: the input is likely not what it seems.
    super::ensure_fits(graded.data.issues.len(), l.issues)?;
    let headers: Vec<String> = l.issue_headers.iter().map(|s| (*s).to_owned()).collect();
    let mut widths = header(sheet, &headers, f)?;
    let data = &graded.data;
    for (k, issue) in data.issues.iter().enumerate() {
        let row = k as u32 + 1;
        let source = &data.sources[issue.source];
        let column = issue
            .column
            .as_ref()
            .map(|c| format!("{} ({})", c.header, column_letter(c.index)));
        // In the order of `issues::sheet_column`.
        let cells = [
            source.file_name(),
            source.sheet.clone().unwrap_or_default(),
            String::new(),
            column.unwrap_or_default(),
            issue.value.clone(),
            issue.reason.get(lang).to_owned(),
            issue.action.label(lang).to_owned(),
        ];
        for (col, text) in cells.iter().enumerate() {
            if col == 2 {
                sheet.write_number(row, 2, f64::from(issue.row))?;
            } else if !text.is_empty() {
                sheet.write_string(row, col as u16, text)?;
                widths.fit(col, text);
            }
        }
    }
    widths.apply(sheet)?;
    sheet.autofilter(0, 0, data.issues.len() as u32, (headers.len() - 1) as u16)?;
    Ok(())
}

/// The lifetime value fits: parameters, log-likelihood and customers used, or why not fitted.
fn clv_rows(clv: &Clv, lang: Lang) -> Vec<(String, String)> {
    let l = labels(lang);
    let mut rows = vec![(l.clv_rows[0].to_owned(), l.clv_rows[1].to_owned())];
    rows.extend(fit_rows("BG/NBD", &clv.bgnbd, lang, |m| {
        vec![("r", m.r), ("alpha", m.alpha), ("a", m.a), ("b", m.b)]
    }));
    rows.extend(fit_rows("Gamma-Gamma", &clv.gamma_gamma, lang, |m| {
        vec![("p", m.p), ("q", m.q), ("gamma", m.gamma)]
    }));
    rows
}

/// One model's rows of [`clv_rows`].
fn fit_rows<M>(
    name: &str,
    fit: &Result<Fitted<M>, Wording>,
    lang: Lang,
    params: impl Fn(&M) -> Vec<(&'static str, f64)>,
) -> Vec<(String, String)> {
    let l = labels(lang);
    let fit = match fit {
        Ok(fit) => fit,
        Err(why) => {
            return vec![(
                format!("{name} {}", l.clv_rows[4]),
                why.get(lang).to_owned(),
            )];
        }
    };
    let mut rows: Vec<(String, String)> = params(&fit.model)
        .into_iter()
        .map(|(p, v)| (format!("{name} {p}"), format!("{v:.6}")))
        .collect();
    rows.push((
        format!("{name} {}", l.clv_rows[2]),
        format!("{:.4}", fit.log_likelihood),
    ));
    rows.push((
        format!("{name} {}", l.clv_rows[3]),
        fit.customers.to_string(),
    ));
    rows
}

pub(super) fn rules(
    sheet: &mut Worksheet,
    graded: &Graded,
    info: &RunInfo<'_>,
    orders_sheets: &[String],
    f: &Formats,
) -> Result<()> {
    let l = labels(info.lang);
    sheet.set_name(l.rules)?;
    let headers: Vec<String> = l.rules_headers.iter().map(|s| (*s).to_owned()).collect();
    let mut widths = header(sheet, &headers, f)?;
    let mut rows: Vec<(String, String)> = vec![
        (l.rules_rows[0].into(), env!("CARGO_PKG_VERSION").into()),
        (l.rules_rows[1].into(), info.as_of.to_string()),
        (l.rules_rows[2].into(), graded.window.start.to_string()),
        (l.rules_rows[3].into(), graded.window.end.to_string()),
        (
            l.rules_rows[4].into(),
            info.config_path
                .as_ref()
                .map_or_else(|| l.rules_rows[5].into(), |p| p.display().to_string()),
        ),
    ];
    rows.extend(
        info.inputs
            .iter()
            .map(|p| (l.rules_rows[6].to_owned(), p.display().to_string())),
    );
    let orders = if orders_sheets.is_empty() {
        l.rules_rows[8].to_owned()
    } else {
        orders_sheets.join(", ")
    };
    rows.push((l.rules_rows[7].to_owned(), orders));
    rows.push((String::new(), String::new()));
    rows.push((l.rules_sections[0].into(), String::new()));
    for table in &graded.data.tables {
        let kind = table_kind(l, table);
        let mapping: Vec<String> = table
            .columns
            .iter()
            .map(|(field, c)| format!("{} ← \"{}\"", field.key(), c.header))
            .collect();
        let source = &graded.data.sources[table.source];
        let (header, used, skipped, mapping) = (
            table.header_row,
            table.rows_used,
            table.rows_skipped,
            mapping.join(", "),
        );
        rows.push(match info.lang {
            Lang::En => (
                source.to_string(),
                format!(
                    "{kind}; header {} {header}; {used} rows used, {skipped} skipped; {mapping}",
                    source.row_word()
                ),
            ),
            Lang::Zh => (
                source.zh(),
                format!(
                    "{kind}；表头在第 {header} 行；使用 {used} 行，跳过 {skipped} 行；{mapping}"
                ),
            ),
        });
    }
    // What was assumed or noticed in the inputs (a day/month order nothing decided, orders in
    // two files): on stderr too, but a cron job's stderr is rarely read.
    if !graded.data.notices.is_empty() {
        rows.push((String::new(), String::new()));
        rows.push((l.rules_sections[3].into(), String::new()));
        rows.extend(
            graded
                .data
                .notices
                .iter()
                .map(|notice| (String::new(), notice.get(info.lang).to_owned())),
        );
    }
    rows.push((String::new(), String::new()));
    rows.push((l.rules_sections[2].into(), String::new()));
    rows.extend(clv_rows(&graded.clv, info.lang));
    rows.push((String::new(), String::new()));
    rows.push((l.rules_sections[1].into(), String::new()));
    rows.extend(info.config.to_lines());
    for (k, (key, value)) in rows.iter().enumerate() {
        let row = k as u32 + 1;
        let is_section = value.is_empty() && !key.is_empty();
        if is_section {
            sheet.write_string_with_format(row, 0, key, &f.bold)?;
        } else {
            sheet.write_string(row, 0, key)?;
            sheet.write_string(row, 1, value)?;
        }
        widths.fit(0, key);
        widths.fit(1, value);
    }
    widths.apply(sheet)?;
    Ok(())
}
