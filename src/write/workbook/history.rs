//! The Tier history sheet (one snapshot per customer per run), the migration matrix on the
//! Summary, and the hidden `_tiers` sheet that lets the next run read this workbook back.

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::Formats;
use super::customers::Layout;
use super::sheets::{FEEDBACK_FIELDS, ORDER_FIELDS};
use super::sheets::{Widths, column_formats, header_row};
use crate::pipeline::Graded;
use crate::pipeline::previous::{
    MARKER_FORMAT, MARKER_SHEET, Snapshot, history_headers, key, level_index,
};
use crate::write::RunInfo;
use crate::write::labels::{labels, tier_name};
use crate::write::overview::{Migration, latest_before, snapshot_at};

/// The Tier history's lines: earlier snapshots (except any of this as-of, which this run
/// replaces), then this run's customers.
pub(super) fn history_lines(graded: &Graded, info: &RunInfo<'_>) -> usize {
    earlier_snapshots(info).count() + graded.ranking.len()
}

fn earlier_snapshots<'a>(info: &RunInfo<'a>) -> impl Iterator<Item = &'a Snapshot> {
    let as_of = info.as_of;
    info.previous
        .map(|p| p.history.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(move |s| s.as_of != as_of)
}

/// Writes the [`history_lines`] over `sheets`, `lines_per_sheet` to a sheet (Excel's rows end
/// a sheet).
pub(super) fn tier_history(
    sheets: &mut [Worksheet],
    lines_per_sheet: usize,
    graded: &Graded,
    info: &RunInfo<'_>,
    f: &Formats,
) -> Result<()> {
    /// A line of the sheet: an earlier snapshot, or this run's customer.
    enum Line<'s> {
        Earlier(&'s Snapshot),
        Now(usize),
    }
    let headers: Vec<String> = history_headers(info.lang)
        .iter()
        .map(|h| (*h).to_owned())
        .collect();
    let levels = &info.config.tiers.levels;
    // Tier names are written in this run's language, whatever language earlier runs used.
    let rename = |name: &str| {
        level_index(levels, name).map_or_else(
            || name.to_owned(),
            |t| tier_name(&levels[t], info.lang).to_owned(),
        )
    };
    let mut lines = earlier_snapshots(info)
        .map(Line::Earlier)
        .chain(graded.ranking.iter().map(|&i| Line::Now(i)));
    for sheet in sheets {
        Widths::from_headers(&headers).apply(sheet)?;
        column_formats(sheet, &[(0, &f.date), (4, &f.score), (5, &f.money)])?;
        header_row(sheet, &headers, f)?;
        let mut row = 1u32;
        for line in lines.by_ref().take(lines_per_sheet) {
            match line {
                Line::Earlier(snapshot) => {
                    sheet.write_datetime(row, 0, snapshot.as_of)?;
                    sheet.write_string(row, 1, &*snapshot.id)?;
                    sheet.write_string(row, 2, rename(&snapshot.tier))?;
                    sheet.write_string(row, 3, rename(&snapshot.qualified))?;
                    sheet.write_number(row, 4, snapshot.score)?;
                    sheet.write_number(row, 5, snapshot.net_spend)?;
                }
                Line::Now(i) => {
                    let customer = &graded.data.customers[i];
                    sheet.write_datetime(row, 0, info.as_of)?;
                    sheet.write_string(row, 1, &customer.id)?;
                    sheet.write_string(row, 2, tier_name(&levels[graded.tiers[i]], info.lang))?;
                    sheet.write_string(
                        row,
                        3,
                        tier_name(&levels[graded.qualified[i]], info.lang),
                    )?;
                    sheet.write_number(row, 4, graded.scores[i].total)?;
                    sheet.write_number(row, 5, graded.metrics[i].net_spend())?;
                }
            }
            row += 1;
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, row - 1, 5)?;
    }
    Ok(())
}

/// Who moved between the latest earlier snapshot and this run.
fn migration(graded: &Graded, info: &RunInfo<'_>) -> Migration {
    let history = info
        .previous
        .map(|p| p.history.as_slice())
        .unwrap_or_default();
    let from = latest_before(history, info.as_of);
    let snapshot = from.map(|d| snapshot_at(history, d)).unwrap_or_default();
    Migration::between(graded, &snapshot, from, &info.config.tiers.levels, |id| {
        info.previous
            .and_then(|p| p.row(id))
            .map(|r| r.name.clone())
            .unwrap_or_default()
    })
}

/// Writes the migration matrix with its title at `top`; returns the next free row.
pub(super) fn write_migration(
    sheet: &mut Worksheet,
    top: u32,
    graded: &Graded,
    info: &RunInfo<'_>,
    f: &Formats,
) -> Result<u32> {
    let words = labels(info.lang);
    let levels = &info.config.tiers.levels;
    let migration = migration(graded, info);
    let matrix = migration.counts();
    sheet.write_string_with_format(top, 0, words.migration[0], &f.bold)?;
    let names: Vec<&str> = levels.iter().map(|l| tier_name(l, info.lang)).collect();
    for (k, name) in names.iter().chain([&words.migration[2]]).enumerate() {
        sheet.write_string_with_format(top + 1, 1 + k as u16, *name, &f.header)?;
    }
    for (r, counts) in matrix.iter().enumerate() {
        let row = top + 2 + r as u32;
        let label = names.get(r).copied().unwrap_or(words.migration[1]);
        sheet.write_string_with_format(row, 0, label, &f.header)?;
        for (c, &n) in counts.iter().enumerate() {
            let format = if r == c { &f.bold } else { &f.integer };
            sheet.write_number_with_format(row, 1 + c as u16, n as f64, format)?;
        }
    }
    let below = top + 2 + matrix.len() as u32;
    if migration.from.is_none() {
        sheet.write_string_with_format(below, 0, words.first_grading, &f.muted)?;
        return Ok(below + 1);
    }
    Ok(below)
}

/// The hidden sheet that marks this workbook as one `tiers` can read back: to carry the team's
/// columns into the next run, and to grade it again as its own inputs (`tiers explain`).
pub(super) fn marker(
    sheet: &mut Worksheet,
    layout: &Layout,
    [orders_sheets, history_sheets, all_sheets]: [&[String]; 3],
    info: &RunInfo<'_>,
) -> Result<()> {
    let words = labels(info.lang);
    sheet.set_name(MARKER_SHEET)?;
    sheet.set_hidden(true);
    let text = |s: &str| s.to_owned();
    let mut rows: Vec<[String; 3]> = vec![
        [text(MARKER_FORMAT), text("1"), String::new()],
        [
            text("tiers version"),
            text(env!("CARGO_PKG_VERSION")),
            String::new(),
        ],
        [text(key::AS_OF), info.as_of.to_string(), String::new()],
        [
            text(key::CUSTOMERS_SHEET),
            text(words.customers),
            String::new(),
        ],
        [
            text(key::FEEDBACK_SHEET),
            text(words.feedback),
            String::new(),
        ],
        [text(key::ISSUES_SHEET), text(words.issues), String::new()],
        [
            text(key::REVISIT_LOG_SHEET),
            text(words.revisit_log),
            String::new(),
        ],
        [
            text(key::RANK_COLUMN),
            text(words.customer_head[0]),
            String::new(),
        ],
        [
            text(key::ID_COLUMN),
            text(words.customer_head[1]),
            String::new(),
        ],
        [
            text(key::NAME_COLUMN),
            text(words.customer_head[2]),
            String::new(),
        ],
    ];
    rows.extend(history_sheets.iter().enumerate().map(|(k, name)| {
        let key = if k == 0 {
            key::HISTORY_SHEET
        } else {
            key::HISTORY_MORE_SHEET
        };
        [text(key), name.clone(), String::new()]
    }));
    rows.extend(
        orders_sheets
            .iter()
            .map(|name| [text(key::ORDERS_SHEET), name.clone(), String::new()]),
    );
    rows.extend(
        all_sheets
            .iter()
            .map(|name| [text(key::SHEET), name.clone(), String::new()]),
    );
    rows.extend(layout.computed.iter().enumerate().map(|(k, header)| {
        let kind = if layout.inputs.contains(&k) {
            key::INPUT_COLUMN
        } else {
            key::COMPUTED_COLUMN
        };
        [text(kind), header.clone(), String::new()]
    }));
    let fields = ORDER_FIELDS
        .iter()
        .map(|&(col, field)| (key::ORDERS_FIELD, field, words.order_headers[col]))
        .chain(
            FEEDBACK_FIELDS
                .iter()
                .map(|&(col, field)| (key::FEEDBACK_FIELD, field, words.feedback_headers[col])),
        );
    rows.extend(fields.map(|(kind, field, header)| [text(kind), text(field.key()), text(header)]));
    let config = toml::to_string(info.config)?;
    rows.extend(
        config
            .lines()
            .map(|line| [text(key::CONFIG_LINE), text(line), String::new()]),
    );
    for (r, cells) in rows.iter().enumerate() {
        for (c, value) in cells.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(r as u32, c as u16, value)?;
            }
        }
    }
    Ok(())
}
