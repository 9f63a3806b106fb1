//! The Customers sheet: one row per customer, graded columns first, then the manual columns
//! the team fills in (carried over from the previous workbook by customer id and header), then
//! the customers that have left the inputs, kept with what people wrote about them.

use anyhow::Result;
use rust_xlsxwriter::{Format, Worksheet};

use super::sheets::{Widths, column_formats, header_row, write_value};
use super::{Formats, ensure_fits};
use crate::model::Lang;
use crate::model::{Customer, Origin, Value};
use crate::pipeline::Graded;
use crate::pipeline::behaviour::Label;
use crate::pipeline::previous::{Builtin, ManualColumn, Previous, PreviousRow};
use crate::write::labels::{Labels, favourites, fill, labels, tier_name};
use crate::write::{RunInfo, explain, reasons};

/// The Customers sheet's columns: what `tiers` computes, and what people type.
pub struct Layout {
    /// Headers `tiers` writes and rewrites every run.
    pub computed: Vec<String>,
    /// The positions in `computed` of the columns carried over from the customers input.
    pub inputs: std::ops::Range<usize>,
    /// Manual columns: the built-in ones, then the team's own.
    pub manual: Vec<ManualColumn>,
}

impl Layout {
    /// The columns for this run: the inputs' attributes and the previous workbook's manual
    /// columns (built-in ones renamed to this run's language).
    pub fn new(graded: &Graded, info: &RunInfo<'_>) -> Self {
        let words = labels(info.lang);
        let tail: Vec<String> = words
            .customer_tail
            .iter()
            .map(|s| fill(s, &[("months", &info.config.clv.horizon_months)]))
            .collect();
        // An input column headed like a column tiers writes would be read back as that column
        // (the team's Notes lost under the input's): it gets a suffix instead.
        let ours = |header: &str| {
            let header = header.trim();
            words.customer_head.contains(&header)
                || tail.iter().any(|t| t == header)
                || Builtin::from_header(header).is_some()
        };
        let inputs: Vec<String> = graded
            .data
            .attribute_headers
            .iter()
            .map(|h| {
                if ours(h) {
                    format!("{}{}", h.trim(), words.input_suffix)
                } else {
                    h.clone()
                }
            })
            .collect();
        let computed = words
            .customer_head
            .iter()
            .map(|s| (*s).to_owned())
            .chain(inputs)
            .chain(tail)
            .collect();
        let mut manual: Vec<ManualColumn> = Builtin::ALL
            .iter()
            .map(|&b| ManualColumn {
                header: b.header(info.lang).to_owned(),
                builtin: Some(b),
            })
            .collect();
        if let Some(previous) = info.previous {
            manual.extend(
                previous
                    .columns
                    .iter()
                    .filter(|c| c.builtin.is_none())
                    .cloned(),
            );
        }
        let head = words.customer_head.len();
        Self {
            computed,
            inputs: head..head + graded.data.attribute_headers.len(),
            manual,
        }
    }

    fn headers(&self) -> Vec<String> {
        self.computed
            .iter()
            .cloned()
            .chain(self.manual.iter().map(|c| c.header.clone()))
            .collect()
    }
}

/// The manual values of a row, in the layout's order: the previous workbook's, but a graded
/// customer's Owner as [`Previous::owner`] says.
fn manual_values<'p>(
    layout: &Layout,
    row: Option<&'p PreviousRow>,
    customer: Option<&'p Customer>,
    info: &RunInfo<'p>,
) -> Vec<&'p Value> {
    const EMPTY: &Value = &Value::Empty;
    layout
        .manual
        .iter()
        .map(|column| {
            if let (Some(Builtin::Owner), Some(customer)) = (column.builtin, customer) {
                return Previous::owner(info.previous, customer).unwrap_or(EMPTY);
            }
            let (Some(row), Some(previous)) = (row, info.previous) else {
                return EMPTY;
            };
            let found = previous.columns.iter().position(|c| match column.builtin {
                Some(b) => c.builtin == Some(b),
                None => c.builtin.is_none() && c.header == column.header,
            });
            found.map_or(EMPTY, |k| &row.values[k])
        })
        .collect()
}

/// Writes the sheet; returns the layout, which the marker sheet records.
pub(super) fn write(
    sheet: &mut Worksheet,
    graded: &Graded,
    info: &RunInfo<'_>,
    f: &Formats,
) -> Result<Layout> {
    let words = labels(info.lang);
    sheet.set_name(words.customers)?;
    let data = &graded.data;
    let previous_row = |id: &str| info.previous.and_then(|p| p.row(id));
    let departed: Vec<&PreviousRow> = info
        .previous
        .map(|p| {
            p.rows
                .iter()
                .filter(|r| data.customer(&r.id).is_none())
                .collect()
        })
        .unwrap_or_default();
    ensure_fits(graded.ranking.len() + departed.len(), words.customers)?;

    let layout = Layout::new(graded, info);
    let headers = layout.headers();
    let attrs = data.attribute_headers.len();
    let manual_start = layout.computed.len();
    // Widths are fitted on the first rows only: constant-memory sheets must set widths first.
    fitted_widths(graded, info, &layout, &headers).apply(sheet)?;
    let tier_column = (3 + attrs) as u16;
    let formats: Vec<(u16, &Format)> = graded_formats(f)
        .into_iter()
        .map(|(offset, format)| (tier_column + offset, format))
        .collect();
    column_formats(sheet, &formats)?;
    header_row(sheet, &headers, f)?;
    sheet.set_freeze_panes(1, 3)?;

    let cutoffs = crate::pipeline::explain::cutoffs(graded, info.config);
    let mut row = 1u32;
    for (rank, &i) in graded.ranking.iter().enumerate() {
        let customer = &data.customers[i];
        sheet.write_number(row, 0, (rank + 1) as f64)?;
        sheet.write_string(row, 1, &customer.id)?;
        sheet.write_string(row, 2, &customer.name)?;
        for (k, value) in customer.attributes.iter().enumerate() {
            write_value(sheet, row, (3 + k) as u16, value, f)?;
        }
        graded_columns(sheet, row, tier_column, graded, i, info, f)?;
        // The explanation is the last computed column before "Listed in".
        let sentence = explain::sentence(graded, i, &cutoffs, info.config, info.lang);
        sheet.write_string(row, (manual_start - 2) as u16, sentence)?;
        let origin = match customer.origin {
            Origin::CustomersSheet => words.customers,
            Origin::Orders => words.from_orders,
        };
        sheet.write_string(row, (manual_start - 1) as u16, origin)?;
        let manual = manual_values(&layout, previous_row(&customer.id), Some(customer), info);
        write_manual(sheet, row, manual_start, &manual, f)?;
        row += 1;
    }
    for departed in &departed {
        sheet.write_string(row, 1, &departed.id)?;
        sheet.write_string(row, 2, &departed.name)?;
        sheet.write_string_with_format(row, (manual_start - 1) as u16, words.inactive, &f.muted)?;
        write_manual(
            sheet,
            row,
            manual_start,
            &manual_values(&layout, Some(departed), None, info),
            f,
        )?;
        row += 1;
    }
    sheet.autofilter(0, 0, row - 1, (headers.len() - 1) as u16)?;
    Ok(layout)
}

fn write_manual(
    sheet: &mut Worksheet,
    row: u32,
    start: usize,
    values: &[&Value],
    f: &Formats,
) -> Result<()> {
    for (k, value) in values.iter().enumerate() {
        write_value(sheet, row, (start + k) as u16, value, f)?;
    }
    Ok(())
}

/// The number formats of [`graded_columns`]' columns, by offset from the tier column. The
/// cells are written plain and take their column's format.
fn graded_formats(f: &Formats) -> Vec<(u16, &Format)> {
    let score_parts = (3..9).map(|k| (k, &f.score));
    let metrics = [
        (9, &f.integer),  // recency, days
        (10, &f.integer), // orders
        (11, &f.money),   // net spend
        (12, &f.money),   // average order value
        (13, &f.integer), // categories
        (14, &f.percent), // return rate
        (15, &f.integer), // complaints
        (16, &f.percent), // trend
        (17, &f.date),    // first order
        (18, &f.date),    // last order
        (19, &f.integer), // open orders
        (24, &f.integer), // buying cycle, days
        (25, &f.date),    // next purchase expected
        (34, &f.percent), // P(alive)
        (35, &f.score),   // expected orders
        (36, &f.money),   // expected value
    ];
    score_parts.chain(metrics).collect()
}

/// Tier, previous tier, change, the score and its parts, and the metrics, from column `c`.
/// The first favourites column (categories, then products), counted from the tier's.
const FAVOURITES: u16 = 20;

/// The segment's column, counted from the tier's: its reason, the service strategies and the
/// size class follow it.
const SEGMENT: u16 = 27;

fn graded_columns(
    sheet: &mut Worksheet,
    row: u32,
    c: u16,
    graded: &Graded,
    i: usize,
    info: &RunInfo<'_>,
    f: &Formats,
) -> Result<()> {
    let words: &Labels = labels(info.lang);
    let levels = &info.config.tiers.levels;
    let (metrics, score, tier) = (&graded.metrics[i], &graded.scores[i], graded.tiers[i]);
    sheet.write_string_with_format(row, c, tier_name(&levels[tier], info.lang), &f.tiers[tier])?;
    if let Some(previous) = graded.previous_tiers[i] {
        sheet.write_string(row, c + 1, tier_name(&levels[previous], info.lang))?;
    }
    sheet.write_string(row, c + 2, words.change(graded.changes[i]))?;
    // A part the score leaves out (breadth with no category in the orders) is left blank: its
    // percentile, the same for everyone, would read as though it counted.
    let breadth = (graded.weights.breadth > 0.0).then_some(score.breadth);
    let parts = [
        Some(score.total),
        Some(score.recency),
        Some(score.frequency),
        Some(score.monetary),
        breadth,
        Some(score.penalty),
    ];
    for (k, v) in parts.into_iter().enumerate() {
        number(sheet, row, c + 3 + k as u16, v)?;
    }
    let tier_column = c;
    let c = c + 9;
    let as_of = info.as_of;
    number(sheet, row, c, metrics.recency_days(as_of).map(|d| d as f64))?;
    sheet.write_number(row, c + 1, f64::from(metrics.orders))?;
    sheet.write_number(row, c + 2, metrics.net_spend())?;
    number(sheet, row, c + 3, metrics.average_order_value())?;
    sheet.write_number(row, c + 4, f64::from(metrics.categories))?;
    number(sheet, row, c + 5, metrics.return_rate())?;
    sheet.write_number(row, c + 6, f64::from(metrics.complaints))?;
    number(sheet, row, c + 7, metrics.trend())?;
    date(sheet, row, c + 8, metrics.first_order)?;
    date(sheet, row, c + 9, metrics.last_order)?;
    sheet.write_number(row, c + 10, f64::from(metrics.open_orders))?;
    let (p, symbols) = (&graded.preferences[i], &graded.data.symbols);
    for (k, items) in [&p.categories, &p.products].into_iter().enumerate() {
        if !items.is_empty() {
            sheet.write_string(
                row,
                tier_column + FAVOURITES + k as u16,
                favourites(items, symbols, info.lang),
            )?;
        }
    }
    for (k, favourite) in [p.brand, p.channel].into_iter().enumerate() {
        if let Some(favourite) = favourite {
            sheet.write_string(
                row,
                tier_column + FAVOURITES + 2 + k as u16,
                favourites(&[favourite], symbols, info.lang),
            )?;
        }
    }
    number(sheet, row, c + 15, p.cycle_days)?;
    date(sheet, row, c + 16, p.next_expected)?;
    if p.cycle_days.is_some() {
        sheet.write_string(row, c + 17, words.yes_no[usize::from(!p.overdue)])?;
    }
    let segment = &graded.segments[i];
    sheet.write_string(row, tier_column + SEGMENT, words.segment(segment.segment))?;
    sheet.write_string(
        row,
        tier_column + SEGMENT + 1,
        reasons::render(&segment.why, info.lang),
    )?;
    let service = service(info, tier, segment.segment);
    if !service.is_empty() {
        sheet.write_string(row, tier_column + SEGMENT + 2, service)?;
    }
    let classes = &graded.classes[i];
    if let Some(text) = size_class(*classes, words) {
        sheet.write_string(row, tier_column + SEGMENT + 3, text)?;
    }
    if let Some(local) = classes.local {
        sheet.write_string(row, c + 22, words.locations[usize::from(!local)])?;
    }
    if let Some(custom) = classes.custom {
        sheet.write_string(row, c + 23, words.needs[usize::from(custom)])?;
    }
    if let Some(Some(rfm)) = graded.rfm.get(i) {
        sheet.write_number(row, c + 24, f64::from(rfm.score()))?;
    }
    if let Some(value) = graded.clv.values[i] {
        sheet.write_number(row, c + 25, value.p_alive)?;
        sheet.write_number(row, c + 26, value.expected_orders)?;
        number(sheet, row, c + 27, value.expected_value)?;
    }
    Ok(())
}

/// The columns' widths, fitted to the headers and the first 500 rows' texts.
fn fitted_widths(
    graded: &Graded,
    info: &RunInfo<'_>,
    layout: &Layout,
    headers: &[String],
) -> Widths {
    let (data, words) = (&graded.data, labels(info.lang));
    let previous_row = |id: &str| info.previous.and_then(|p| p.row(id));
    let attrs = data.attribute_headers.len();
    let manual_start = layout.computed.len();
    let mut widths = Widths::from_headers(headers);
    let cutoffs = crate::pipeline::explain::cutoffs(graded, info.config);
    let tier_column = 3 + attrs;
    for &i in graded.ranking.iter().take(500) {
        let customer = &data.customers[i];
        widths.fit(1, &customer.id);
        widths.fit(2, &customer.name);
        for (k, value) in customer.attributes.iter().enumerate() {
            if let Value::Text(t) = value {
                widths.fit(3 + k, t);
            }
        }
        let manual = manual_values(layout, previous_row(&customer.id), Some(customer), info);
        for (k, value) in manual.iter().enumerate() {
            if let Value::Text(t) = value {
                widths.fit(manual_start + k, t);
            }
        }
        let p = &graded.preferences[i];
        for (k, items) in [&p.categories, &p.products].into_iter().enumerate() {
            widths.fit(
                tier_column + usize::from(FAVOURITES) + k,
                &favourites(items, &data.symbols, info.lang),
            );
        }
        let segment = &graded.segments[i];
        let segment_column = tier_column + usize::from(SEGMENT);
        widths.fit(segment_column, words.segment(segment.segment));
        widths.fit(
            segment_column + 1,
            &reasons::render(&segment.why, info.lang),
        );
        widths.fit(
            segment_column + 2,
            &service(info, graded.tiers[i], segment.segment),
        );
        if let Some(size) = size_class(graded.classes[i], words) {
            widths.fit(segment_column + 3, &size);
        }
        let sentence = explain::sentence(graded, i, &cutoffs, info.config, info.lang);
        widths.fit(manual_start - 2, &sentence);
    }
    widths
}

/// The size class as the sheet writes it: "large", or "large (by net spend)" where no size
/// column gave it.
fn size_class(classes: crate::pipeline::attributes::Classes, words: &Labels) -> Option<String> {
    let (size, written) = classes.size?;
    let name = words.sizes[size as usize];
    Some(if written {
        name.to_owned()
    } else {
        format!("{name} ({})", words.sizes[3])
    })
}

/// The tier's and the segment's service strategies, from the config, in the output language.
fn service(info: &RunInfo<'_>, tier: usize, segment: Label) -> String {
    let level = &info.config.tiers.levels[tier];
    let segments = &info.config.segments;
    let (tier_text, segment_text) = match info.lang {
        Lang::En => (
            level.strategy.as_deref(),
            segments.strategy.get(segment.key()),
        ),
        Lang::Zh => (
            level.strategy_zh.as_deref().or(level.strategy.as_deref()),
            segments
                .strategy_zh
                .get(segment.key())
                .or_else(|| segments.strategy.get(segment.key())),
        ),
    };
    [tier_text, segment_text.map(String::as_str)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ")
}

/// A number, or nothing; its format is the column's (see [`graded_formats`]).
fn number(sheet: &mut Worksheet, row: u32, col: u16, value: Option<f64>) -> Result<()> {
    if let Some(v) = value {
        sheet.write_number(row, col, v)?;
    }
    Ok(())
}

/// A date, or nothing; its format is the column's (see [`graded_formats`]).
fn date(sheet: &mut Worksheet, row: u32, col: u16, date: Option<chrono::NaiveDate>) -> Result<()> {
    if let Some(d) = date {
        sheet.write_datetime(row, col, d)?;
    }
    Ok(())
}
