//! Step 0b: a management workbook read back as the inputs it was graded from, so that commands
//! such as `tiers explain` work on the one file a manager keeps.
//!
//! The workbook holds everything grading needs: the Orders sheet(s) are the order lines as read,
//! the Customers sheet carries the customers input's columns, the Feedback sheet every feedback
//! row, the Tier history and locked tiers what downgrade protection needs, and the hidden
//! `_tiers` sheet the as-of date, the configuration and which columns hold which field. Graded
//! again with these, the workbook's customers get the tiers it shows.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use calamine::{Data, Range, Reader};
use chrono::NaiveDate;

use super::previous::{self, OpenWorkbook, Previous, key};
use super::read::Table;
use crate::config::Config;
use crate::issues::{Action, sheet_column};
use crate::location::Source;

/// A management workbook, as inputs.
pub struct Restored {
    /// The Customers, Orders and Feedback sheets, cut down to their input columns.
    pub tables: Vec<Table>,
    /// What the workbook keeps for grading: history and locked tiers.
    pub previous: Previous,
    /// The as-of date it was graded at.
    pub as_of: NaiveDate,
    /// The configuration it was graded with.
    pub config: Config,
    /// The rows its inputs had that were not used (or used with a note), as its Data issues
    /// sheet lists them: reason and action; or why they cannot be told (the sheet was deleted
    /// or edited, or an older tiers wrote the workbook). Only `tiers report` needs them, so
    /// this is no reason to refuse the workbook.
    pub issues: Result<Vec<(String, Action)>, String>,
    /// Which header holds which field, per table kind.
    columns: BTreeMap<&'static str, BTreeMap<String, String>>,
}

impl Restored {
    /// `config` with its column names pointed at the workbook's sheets (a config written for
    /// the original inputs names their headers, not the workbook's).
    pub fn adapt(&self, mut config: Config) -> Config {
        config.columns.orders = self.columns["orders"].clone();
        config.columns.feedback = self.columns["feedback"].clone();
        config
            .columns
            .customers
            .extend(self.columns["customers"].clone());
        config
    }
}

/// Reads `path` back as inputs if it is a workbook `tiers` wrote (one with the hidden
/// `_tiers` sheet); `None` for any other file, which is then an ordinary input.
///
/// # Errors
/// When the workbook was written by a `tiers` too old to record its inputs, or has lost a
/// sheet or column grading needs; the message names the file and sheet.
pub fn restore(path: &Path) -> Result<Option<Restored>> {
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let Some(workbook) = is_xlsx
        .then(|| calamine::open_workbook_auto(path).ok())
        .flatten()
        .filter(|w| w.sheet_names().iter().any(|n| n == previous::MARKER_SHEET))
    else {
        return Ok(None);
    };
    let (previous, meta, mut workbook) = previous::read_open(path, workbook)?;
    let too_old = || {
        anyhow!(
            "{}: written by an older tiers that did not record its inputs; grade the original files again first",
            path.display()
        )
    };
    let as_of = meta.as_of.ok_or_else(too_old)?;
    if meta.config.is_empty() {
        return Err(too_old());
    }
    if meta.orders_sheets.is_empty() {
        bail!(
            "{}: written with --no-history, so it does not hold the order lines; give the original inputs, or grade them again without --no-history",
            path.display()
        );
    }
    let config = Config::parse(&meta.config.join("\n")).with_context(|| {
        format!(
            "{}: the configuration recorded in its _tiers sheet",
            path.display()
        )
    })?;
    let mut columns = field_columns(&meta);

    let mut tables = Vec::new();
    let customer_headers: Vec<&str> = [meta.id_header.as_str(), meta.name_header.as_str()]
        .into_iter()
        .chain(meta.inputs.iter().map(String::as_str))
        .collect();
    // Returns the headers of `headers` whose columns hold nothing in that sheet.
    let mut add = |name: &str, headers: &[&str], graded_only: bool| -> Result<Vec<String>> {
        if !previous::has_sheet(&workbook, name) {
            bail!(
                "{}: its sheet \"{name}\" is missing; it is needed to grade the workbook again",
                path.display()
            );
        }
        let mut range = previous::sheet_range(&mut workbook, name)
            .with_context(|| format!("{}: sheet \"{name}\"", path.display()))?;
        let rank = meta
            .rank_header
            .as_deref()
            .filter(|_| graded_only)
            .and_then(|h| column(&range, h));
        // Customers no longer in the inputs are kept for their notes but have no rank.
        let graded =
            |row: &[Data]| rank.is_none_or(|c| row.get(c).is_some_and(|v| *v != Data::Empty));
        keep_only(&mut range, headers, graded);
        let empty = if graded_only {
            Vec::new()
        } else {
            blank_empty_columns(&mut range)
        };
        tables.push(Table::read_back(Source::sheet(path, name), &range));
        Ok(empty)
    };
    add(&meta.customers_sheet, &customer_headers, true)?;
    // A field the original inputs did not have (no status column, say) is an empty column
    // here: read as such, every line would be "empty status". It is left out instead.
    for (kind, sheets) in [
        ("orders", meta.orders_sheets.clone()),
        ("feedback", meta.feedback_sheet.iter().cloned().collect()),
    ] {
        let headers: Vec<String> = columns[kind].values().cloned().collect();
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        let mut empty_everywhere: Option<Vec<String>> = None;
        for name in &sheets {
            let empty = add(name, &headers, false)?;
            empty_everywhere = Some(match empty_everywhere {
                None => empty,
                Some(before) => before.into_iter().filter(|h| empty.contains(h)).collect(),
            });
        }
        if let Some(fields) = columns.get_mut(kind) {
            fields.retain(|_, header| !empty_everywhere.iter().flatten().any(|h| h == header));
        }
    }
    let issues = match &meta.issues_sheet {
        Some(name) => {
            read_issues(&mut workbook, name).map_err(|e| format!("its sheet \"{name}\" {e}"))
        }
        None => Err(
            "it was written by an older tiers, which did not record its Data issues sheet".into(),
        ),
    };
    Ok(Some(Restored {
        tables,
        previous,
        as_of,
        config,
        issues,
        columns,
    }))
}

/// The reason and action of every row of the Data issues sheet.
fn read_issues(workbook: &mut OpenWorkbook, name: &str) -> Result<Vec<(String, Action)>, String> {
    let range = workbook
        .worksheet_range(name)
        .map_err(|_| "is missing".to_owned())?;
    let mut issues = Vec::new();
    for (r, row) in range.rows().enumerate().skip(1) {
        let cell = |c: usize| row.get(c).map(ToString::to_string).unwrap_or_default();
        let (reason, action) = (cell(sheet_column::REASON), cell(sheet_column::ACTION));
        if reason.trim().is_empty() && action.trim().is_empty() {
            continue;
        }
        let action = Action::from_label(&action).ok_or_else(|| {
            format!(
                "was edited: row {} says \"{action}\", not an action tiers writes ({}, {})",
                r + 1 + range.start().map_or(0, |(top, _)| top as usize),
                Action::Skipped.label(crate::model::Lang::En),
                Action::Noted.label(crate::model::Lang::En)
            )
        })?;
        issues.push((reason.trim().to_owned(), action));
    }
    Ok(issues)
}

/// Which header holds which field, per table kind, as the marker sheet records.
fn field_columns(meta: &previous::Metadata) -> BTreeMap<&'static str, BTreeMap<String, String>> {
    let mut columns: BTreeMap<&'static str, BTreeMap<String, String>> = BTreeMap::new();
    for (kind, field, header) in &meta.fields {
        let kind = if kind == key::ORDERS_FIELD {
            "orders"
        } else {
            "feedback"
        };
        columns
            .entry(kind)
            .or_default()
            .insert(field.clone(), header.clone());
    }
    columns.insert(
        "customers",
        BTreeMap::from([
            ("customer_id".to_owned(), meta.id_header.clone()),
            ("customer_name".to_owned(), meta.name_header.clone()),
        ]),
    );
    for kind in ["orders", "feedback"] {
        columns.entry(kind).or_default();
    }
    columns
}

/// The column headed `header` in a sheet's first row.
fn column(range: &Range<Data>, header: &str) -> Option<usize> {
    range
        .rows()
        .next()?
        .iter()
        .position(|h| h.to_string().trim() == header)
}

/// Blanks the header of every column that holds no value below it, so that recognition does
/// not take it for a field; returns those headers.
fn blank_empty_columns(range: &mut Range<Data>) -> Vec<String> {
    let Some((top, left)) = range.start() else {
        return Vec::new();
    };
    let mut rows = range.rows();
    let Some(header) = rows.next() else {
        return Vec::new();
    };
    let mut holds = vec![false; header.len()];
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            holds[c] |= *cell != Data::Empty;
        }
    }
    let empty: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .filter(|&(c, h)| !holds[c] && *h != Data::Empty)
        .map(|(c, h)| (c, h.to_string().trim().to_owned()))
        .collect();
    for (c, _) in &empty {
        range.set_value((top, left + *c as u32), Data::Empty);
    }
    empty.into_iter().map(|(_, h)| h).collect()
}

/// Leaves only the columns headed as `keep` visible to recognition (other headers are
/// blanked) and blanks the rows `use_row` rejects. The cells stay where they are, so every
/// row and column keeps the number and letter the sheet shows.
fn keep_only(range: &mut Range<Data>, keep: &[&str], use_row: impl Fn(&[Data]) -> bool) {
    let Some((top, left)) = range.start() else {
        return;
    };
    let width = range.width();
    let mut blank = Vec::new();
    for (r, row) in range.rows().enumerate() {
        if r == 0 {
            blank.extend(
                (0..width)
                    .filter(|&c| !keep.contains(&row[c].to_string().trim()))
                    .map(|c| (0, c)),
            );
        } else if !use_row(row) {
            blank.extend((0..width).map(|c| (r, c)));
        }
    }
    for (r, c) in blank {
        range.set_value((top + r as u32, left + c as u32), Data::Empty);
    }
}
