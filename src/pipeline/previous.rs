//! Step 0: the previous run's workbook, read back so that re-grading keeps what people typed
//! into it and builds the tier history.
//!
//! `tiers` marks its workbooks with a hidden `_tiers` sheet that records the language, the
//! sheet names and which Customers columns it computes. Every other column of the Customers
//! sheet is manual: the built-in ones (Owner, Service records, Notes, Last contact, Locked
//! tier) and any the team added. Manual values are carried over by customer id and by header,
//! so sorted rows and moved columns still match. Anything that makes the file ambiguous (no
//! marker, the id column gone, a manual header twice, the file open in Excel) is an error, and
//! nothing is changed.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use calamine::{Data, DataRef, DataType, Range, Reader, Sheets, XlsxError, open_workbook_auto};
use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::{DateOrder, Level};
use crate::model::{Customer, Lang, Value};
use crate::pipeline::columns::values::parse_date;
use crate::pipeline::read::{Cell, Hidden, MAX_CELLS, within_excel};
use crate::pipeline::segment::{Past, Tier};

/// The hidden sheet that marks a workbook as written by `tiers`.
pub const MARKER_SHEET: &str = "_tiers";
/// The first line of the marker sheet.
pub const MARKER_FORMAT: &str = "tiers management workbook";

/// The keys of the marker sheet's rows (column A; the values follow in B and C).
pub mod key {
    /// The as-of date of the run that wrote the workbook.
    pub const AS_OF: &str = "as of";
    /// The Customers sheet's name.
    pub const CUSTOMERS_SHEET: &str = "customers sheet";
    /// The Tier history sheet's name.
    pub const HISTORY_SHEET: &str = "history sheet";
    /// A further Tier history sheet's name, one line for each in order: a long history is
    /// split at Excel's last row. A key of its own, so that a `tiers` from before the split
    /// still reads the first sheet.
    pub const HISTORY_MORE_SHEET: &str = "history sheet, continued";
    /// One Orders sheet's name (orders past a sheet's rows continue on further ones).
    pub const ORDERS_SHEET: &str = "orders sheet";
    /// The Feedback sheet's name.
    pub const FEEDBACK_SHEET: &str = "feedback sheet";
    /// The Data issues sheet's name.
    pub const ISSUES_SHEET: &str = "issues sheet";
    /// The Revisit log sheet's name (a manual sheet: kept as the team left it).
    pub const REVISIT_LOG_SHEET: &str = "revisit log sheet";
    /// The Customers header holding the customer id.
    pub const ID_COLUMN: &str = "id column";
    /// The Customers header holding the name.
    pub const NAME_COLUMN: &str = "name column";
    /// The Customers header holding the rank (empty for customers no longer in the inputs).
    pub const RANK_COLUMN: &str = "rank column";
    /// A Customers column `tiers` computes.
    pub const COMPUTED_COLUMN: &str = "computed column";
    /// A Customers column carried over from the customers input as it was.
    pub const INPUT_COLUMN: &str = "input column";
    /// An Orders column holding an input field: field key, header.
    pub const ORDERS_FIELD: &str = "orders field";
    /// A Feedback column holding an input field: field key, header.
    pub const FEEDBACK_FIELD: &str = "feedback field";
    /// One line of the configuration the workbook was graded with, as TOML.
    pub const CONFIG_LINE: &str = "config";
    /// The name of a sheet `tiers` wrote, one line for each: any other sheet is the team's.
    pub const SHEET: &str = "sheet";
}

/// The manual columns every management workbook has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// Who looks after the customer (负责人).
    Owner,
    /// When someone last contacted the customer (上次回访).
    LastContact,
    /// Service records (服务记录).
    ServiceRecords,
    /// Notes (备注).
    Notes,
    /// A tier that overrides the grading (锁定等级).
    LockedTier,
}

impl Builtin {
    /// In the order they are written.
    pub const ALL: [Builtin; 5] = [
        Builtin::Owner,
        Builtin::LastContact,
        Builtin::ServiceRecords,
        Builtin::Notes,
        Builtin::LockedTier,
    ];

    /// The header in a language.
    pub fn header(self, lang: Lang) -> &'static str {
        let [en, zh] = match self {
            Builtin::Owner => ["Owner", "负责人"],
            Builtin::LastContact => ["Last contact", "上次回访"],
            Builtin::ServiceRecords => ["Service records", "服务记录"],
            Builtin::Notes => ["Notes", "备注"],
            Builtin::LockedTier => ["Locked tier", "锁定等级"],
        };
        match lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// The built-in column a header names, in either language.
    pub fn from_header(header: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| {
            [Lang::En, Lang::Zh]
                .iter()
                .any(|&l| b.header(l) == header.trim())
        })
    }
}

/// One manual column of the previous workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct ManualColumn {
    /// The header as the team left it.
    pub header: String,
    /// Which built-in column it is, if any.
    pub builtin: Option<Builtin>,
}

/// One customer row of the previous workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousRow {
    /// Customer id.
    pub id: String,
    /// Customer name as last written.
    pub name: String,
    /// Manual values, aligned with [`Previous::columns`].
    pub values: Vec<Value>,
}

/// One line of the Tier history sheet. A customer's id and the tier names recur in every
/// snapshot, so their texts are shared (a line takes 72 bytes and no allocation of its own).
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The run's as-of date.
    pub as_of: NaiveDate,
    /// Customer id.
    pub id: Arc<str>,
    /// The tier given (after downgrade protection and locks).
    pub tier: Arc<str>,
    /// The tier the score alone qualified for.
    pub qualified: Arc<str>,
    /// The score.
    pub score: f64,
    /// Net spend in that run's window.
    pub net_spend: f64,
}

/// The Revisit log sheet, where reps record their visits (date, customer, outcome, notes):
/// a manual sheet, kept as the team left it, columns they added included.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RevisitLog {
    /// The header row.
    pub headers: Vec<String>,
    /// The rows with anything in them, in order.
    pub rows: Vec<Vec<Value>>,
}

impl RevisitLog {
    /// Whether its header row has the log's date and customer id columns (in either
    /// language), as a Revisit log the team renamed still has.
    pub fn has_its_headers(&self) -> bool {
        [0, 1].iter().all(|&k| {
            self.headers.iter().any(|h| {
                [Lang::En, Lang::Zh]
                    .iter()
                    .any(|&l| revisit_log_headers(l)[k] == h.trim())
            })
        })
    }

    /// The latest visit date of each customer, from the date and customer id columns (found by
    /// their headers in either language); rows without a readable date are passed over.
    pub fn last_visits(&self) -> FxHashMap<String, NaiveDate> {
        let find = |k: usize| {
            self.headers.iter().position(|h| {
                [Lang::En, Lang::Zh]
                    .iter()
                    .any(|&l| revisit_log_headers(l)[k] == h.trim())
            })
        };
        let mut last: FxHashMap<String, NaiveDate> = FxHashMap::default();
        let (Some(date_col), Some(id_col)) = (find(0), find(1)) else {
            return last;
        };
        for row in &self.rows {
            let id = match row.get(id_col) {
                Some(Value::Text(t)) => customer_id(&Data::String(t.clone())),
                Some(Value::Number(n)) => crate::pipeline::read::format_number(*n),
                _ => continue,
            };
            if let Some(date) = row.get(date_col).and_then(date_of) {
                let entry = last.entry(id).or_insert(date);
                *entry = (*entry).max(date);
            }
        }
        last
    }
}

/// What the previous workbook holds that a new run must keep.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Previous {
    /// The workbook read.
    pub path: PathBuf,
    /// Manual columns, built-in ones first in their usual order, then the team's own.
    pub columns: Vec<ManualColumn>,
    /// Customer rows, in the order they were in.
    pub rows: Vec<PreviousRow>,
    /// Every snapshot of every earlier run.
    pub history: Vec<Snapshot>,
    /// The Revisit log sheet, when the workbook has one.
    pub revisit_log: Option<RevisitLog>,
    /// Sheets the team added (targets, a price list, a renamed Revisit log), in their order.
    pub team_sheets: Vec<TeamSheet>,
    /// Whether the Tier history sheet was deleted: changes and the soft landing start again.
    pub history_deleted: bool,
    /// The name the team gave the Revisit log, read as the log all the same.
    pub renamed_log: Option<String>,
    /// The cells of the Customers sheet's manual columns that hold a formula showing nothing
    /// (row as the sheet shows it, header): they read empty, so they are written empty.
    pub unsaved_formulas: Vec<(u32, String)>,
    /// The language the workbook is written in, told by its Customers sheet's id header.
    pub lang: Lang,
    /// Customer ids [`Self::key_names_as_now`] renamed: (old id, new id).
    pub names_keyed_as_now: Vec<(String, String)>,
    /// Row of each customer id.
    row_index: FxHashMap<String, usize>,
    /// Each customer's snapshots, newest first (indexes into `history`).
    history_index: FxHashMap<Arc<str>, Vec<usize>>,
}

/// A sheet the team added to the workbook, written back as they left it: its values, and its
/// formulas with the values they last showed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamSheet {
    /// The sheet's name.
    pub name: String,
    /// Every cell with something in it: row, column, value, formula.
    pub cells: Vec<(u32, u16, Value, Option<String>)>,
    /// How the team hid the sheet, if they did: it is written back hidden so.
    pub hidden: Option<Hidden>,
}

/// Headers of the Tier history sheet: as-of, customer id, tier, qualified tier, score, net spend.
pub fn history_headers(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::En => [
            "As of",
            "Customer ID",
            "Tier",
            "Qualified for",
            "Score",
            "Net spend",
        ],
        Lang::Zh => [
            "截至日期",
            "客户编号",
            "等级",
            "按得分应得等级",
            "得分",
            "净消费额",
        ],
    }
}

/// A date typed into a manual cell: a date cell, or text such as 2026-11-05 or 2026年11月5日.
pub fn date_of(value: &Value) -> Option<NaiveDate> {
    let cell = match value {
        Value::DateTime(d) => return Some(d.date()),
        Value::Text(t) => Cell::Text(t.trim()),
        Value::Number(n) => Cell::Number(*n),
        Value::Empty | Value::Bool(_) => return None,
    };
    parse_date(&cell, DateOrder::Auto)
}

/// Headers of a new Revisit log sheet: date, customer id, customer name, outcome, notes.
pub fn revisit_log_headers(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::En => ["Date", "Customer ID", "Customer name", "Outcome", "Notes"],
        Lang::Zh => ["日期", "客户编号", "客户名称", "结果", "备注"],
    }
}

/// Reads back a workbook `tiers` wrote.
///
/// # Errors
/// When the file is open in Excel, unreadable, not written by `tiers`, or changed so that its
/// rows or columns can no longer be matched unambiguously.
pub fn load(path: &Path) -> Result<Previous> {
    open(path).map(|(previous, _, _)| previous).map_err(|e| {
        anyhow!(
            "{e}; nothing was changed (use --fresh to start a new workbook, or -o to write elsewhere)"
        )
    })
}

/// The workbook as it is open, for reading further sheets.
pub(super) type OpenWorkbook = Sheets<BufReader<File>>;

/// Opens a workbook `tiers` wrote: what it keeps for the next run, what its marker sheet
/// records, and the workbook itself.
fn open(path: &Path) -> Result<(Previous, Metadata, OpenWorkbook)> {
    let refuse = |why: String| anyhow!("{}: {why}", path.display());
    if let Some(lock) = excel_lock_file(path) {
        return Err(refuse(format!(
            "it is open in Excel or another program ({} exists); close it first",
            lock.display()
        )));
    }
    let workbook =
        open_workbook_auto(path).map_err(|e| refuse(format!("cannot read it back ({e})")))?;
    let (mut previous, meta, mut workbook) = read_open(path, workbook)?;
    // Only a run that writes the workbook again keeps them. A workbook from a tiers that did
    // not list its sheets has none the team added.
    if !meta.sheets.is_empty() {
        for name in workbook.sheet_names() {
            if !meta.sheets.contains(&name) && previous.renamed_log.as_ref() != Some(&name) {
                let sheet = read_team_sheet(&mut workbook, &name)
                    .map_err(|e| refuse(format!("sheet \"{name}\": {e}")))?;
                previous.team_sheets.push(sheet);
            }
        }
    }
    Ok((previous, meta, workbook))
}

/// [`open`] on a workbook already open (no lock check: reading alone does not disturb Excel).
pub(super) fn read_open(
    path: &Path,
    mut workbook: OpenWorkbook,
) -> Result<(Previous, Metadata, OpenWorkbook)> {
    let refuse = |why: String| anyhow!("{}: {why}", path.display());
    let marker = workbook
        .worksheet_range(MARKER_SHEET)
        .map_err(|_| refuse("it was not written by tiers (it has no _tiers sheet)".into()))?;
    let meta = Metadata::read(&marker).map_err(|e| refuse(e.to_string()))?;
    if !has_sheet(&workbook, &meta.customers_sheet) {
        return Err(refuse(format!(
            "its sheet \"{}\" is missing",
            meta.customers_sheet
        )));
    }
    let CustomersSheet {
        columns,
        rows,
        unsaved: unsaved_formulas,
    } = read_customers(&mut workbook, &meta)
        .map_err(|e| refuse(format!("sheet \"{}\": {e}", meta.customers_sheet)))?;
    // A long history is split over several sheets, as Excel's rows end a sheet. A deleted
    // history starts again; a part of one missing would lose its lines for good.
    let (mut history, mut texts) = (Vec::new(), FxHashSet::default());
    let parts = meta.history_sheets.len();
    let mut history_deleted = false;
    for sheet in &meta.history_sheets {
        history_deleted |= !has_sheet(&workbook, sheet);
        if has_sheet(&workbook, sheet) {
            read_history(&mut workbook, sheet, &mut texts, &mut history)
                .map_err(|e| refuse(format!("sheet \"{sheet}\": {e}")))?;
        } else if parts > 1 {
            return Err(refuse(format!(
                "its sheet \"{sheet}\" is missing, one of the {parts} the Tier history is split over; rename it back, or take the history from a backup"
            )));
        }
    }
    let mut previous = Previous::new(path.to_path_buf(), columns, rows, history);
    previous.history_deleted = history_deleted;
    previous.unsaved_formulas = unsaved_formulas;
    if meta.id_header == history_headers(Lang::Zh)[1] {
        previous.lang = Lang::Zh;
    }
    previous.revisit_log = meta
        .revisit_log_sheet
        .as_deref()
        .and_then(|name| workbook.worksheet_range(name).ok())
        .map(|range| read_revisit_log(&range));
    // A Revisit log the team renamed (Visits) is still the log, told by its headers among the
    // sheets tiers did not write.
    if previous.revisit_log.is_none() {
        for name in workbook.sheet_names() {
            if meta.sheets.is_empty() || meta.sheets.contains(&name) {
                continue;
            }
            let log = within_reach(&mut workbook, &name)
                .and_then(|()| Ok(workbook.worksheet_range(&name)?))
                .map(|range| read_revisit_log(&range));
            if let Some(log) = log.ok().filter(RevisitLog::has_its_headers) {
                previous.revisit_log = Some(log);
                previous.renamed_log = Some(name);
                break;
            }
        }
    }
    Ok((previous, meta, workbook))
}

/// Fails for a sheet the team added that spans more cells than tiers reads: a stray cell far
/// from the rest would make it too large to hold.
fn within_reach(workbook: &mut OpenWorkbook, name: &str) -> Result<()> {
    if let Sheets::Xlsx(xlsx) = workbook {
        let spans = xlsx.worksheet_cells_reader(name)?.dimensions().len();
        if spans > MAX_CELLS {
            bail!(
                "it spans {spans} cells, more than tiers reads ({MAX_CELLS}): delete the stray cell far from the rest, or move the sheet to a workbook of its own"
            );
        }
    }
    Ok(())
}

/// A sheet the team added: its values, and its formulas where it has any.
fn read_team_sheet(workbook: &mut OpenWorkbook, name: &str) -> Result<TeamSheet> {
    within_reach(workbook, name)?;
    let values = workbook.worksheet_range(name)?;
    let formulas = workbook.worksheet_formula(name).unwrap_or_default();
    let hidden = workbook
        .sheets_metadata()
        .iter()
        .find(|sheet| sheet.name == name)
        .and_then(|sheet| Hidden::of(sheet.visible));
    let mut cells = Vec::new();
    let (top, left) = values.start().unwrap_or_default();
    for (r, row) in values.rows().enumerate() {
        for (c, data) in row.iter().enumerate() {
            let (row, col) = (top + r as u32, left + c as u32);
            let formula = formulas
                .get_value((row, col))
                .filter(|f| !f.is_empty())
                .cloned();
            let value = value(data);
            if value != Value::Empty || formula.is_some() {
                cells.push((row, col as u16, value, formula));
            }
        }
    }
    // A formula whose cell holds no value (never calculated) is still the team's.
    for (row, col, formula) in formulas.used_cells() {
        let (row, col) = (row as u32, col as u32);
        let at = formulas
            .start()
            .map_or((row, col), |(t, l)| (t + row, l + col));
        if !formula.is_empty() && values.get_value(at).is_none() {
            cells.push((at.0, at.1 as u16, Value::Empty, Some(formula.clone())));
        }
    }
    // Row by row, as a sheet written in constant memory takes them.
    cells.sort_by_key(|&(row, col, ..)| (row, col));
    Ok(TeamSheet {
        name: name.to_owned(),
        cells,
        hidden,
    })
}

/// Excel keeps `~$name.xlsx` beside a workbook while it is open; so do WPS and
/// `LibreOffice`, as `.~lock.name.xlsx#`.
fn excel_lock_file(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    [format!("~${name}"), format!(".~lock.{name}#")]
        .into_iter()
        .map(|lock| path.with_file_name(lock))
        .find(|lock| lock.exists())
}

/// What the marker sheet records.
pub(super) struct Metadata {
    pub(super) customers_sheet: String,
    pub(super) history_sheets: Vec<String>,
    pub(super) id_header: String,
    pub(super) name_header: String,
    /// Customers headers that are not manual: computed ones and inputs carried over.
    computed: Vec<String>,
    pub(super) rank_header: Option<String>,
    pub(super) inputs: Vec<String>,
    pub(super) as_of: Option<NaiveDate>,
    pub(super) orders_sheets: Vec<String>,
    pub(super) feedback_sheet: Option<String>,
    pub(super) issues_sheet: Option<String>,
    revisit_log_sheet: Option<String>,
    /// Every sheet the workbook's `tiers` wrote (none from a `tiers` that did not list them).
    sheets: Vec<String>,
    /// Input fields of the Orders and Feedback sheets: (sheet key, field key, header).
    pub(super) fields: Vec<(String, String, String)>,
    pub(super) config: Vec<String>,
}

impl Metadata {
    fn read(range: &Range<Data>) -> Result<Self> {
        let mut rows = range.rows().map(|r| {
            let cell = |i: usize| r.get(i).map(ToString::to_string).unwrap_or_default();
            (cell(0), cell(1), cell(2))
        });
        match rows.next() {
            Some((key, _, _)) if key == MARKER_FORMAT => {}
            _ => bail!("its _tiers sheet is not one tiers wrote"),
        }
        let (mut customers_sheet, mut id_header) = (None, None);
        let mut meta = Self {
            customers_sheet: String::new(),
            history_sheets: Vec::new(),
            id_header: String::new(),
            name_header: String::new(),
            computed: Vec::new(),
            rank_header: None,
            inputs: Vec::new(),
            as_of: None,
            orders_sheets: Vec::new(),
            feedback_sheet: None,
            issues_sheet: None,
            revisit_log_sheet: None,
            sheets: Vec::new(),
            fields: Vec::new(),
            config: Vec::new(),
        };
        for (k, value, extra) in rows {
            match k.as_str() {
                key::CUSTOMERS_SHEET => customers_sheet = Some(value),
                // The first sheet goes first whatever the order of the lines.
                key::HISTORY_SHEET => meta.history_sheets.insert(0, value),
                key::HISTORY_MORE_SHEET => meta.history_sheets.push(value),
                key::ID_COLUMN => id_header = Some(value),
                key::NAME_COLUMN => meta.name_header = value,
                key::RANK_COLUMN => meta.rank_header = Some(value),
                key::COMPUTED_COLUMN => meta.computed.push(value),
                key::INPUT_COLUMN => {
                    meta.computed.push(value.clone());
                    meta.inputs.push(value);
                }
                key::AS_OF => meta.as_of = value.parse().ok(),
                key::ORDERS_SHEET => meta.orders_sheets.push(value),
                key::FEEDBACK_SHEET => meta.feedback_sheet = Some(value),
                key::ISSUES_SHEET => meta.issues_sheet = Some(value),
                key::REVISIT_LOG_SHEET => meta.revisit_log_sheet = Some(value),
                key::SHEET => meta.sheets.push(value),
                key::ORDERS_FIELD | key::FEEDBACK_FIELD => meta.fields.push((k, value, extra)),
                key::CONFIG_LINE => meta.config.push(value),
                _ => {}
            }
        }
        meta.customers_sheet =
            customers_sheet.context("its _tiers sheet does not name the customers sheet")?;
        if meta.history_sheets.is_empty() {
            bail!("its _tiers sheet does not name the history sheet");
        }
        meta.id_header = id_header.context("its _tiers sheet does not name the id column")?;
        Ok(meta)
    }
}

fn value(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) if s.trim().is_empty() => Value::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Float(f) => Value::Number(*f),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => d
            .as_datetime()
            .map_or(Value::Number(d.as_f64()), Value::DateTime),
        Data::Error(e) => Value::Text(e.to_string()),
    }
}

fn text(data: &Data) -> String {
    match data {
        Data::Float(f) => crate::pipeline::read::format_number(*f),
        other => other.to_string().trim().to_owned(),
    }
}

/// A customer id as the inputs' ids are read: full-width forms as ASCII, so that Ｃ１ written
/// by an earlier tiers is the C1 of this run's inputs.
fn customer_id(data: &Data) -> String {
    let id = text(data);
    match crate::pipeline::columns::values::identifier(&id) {
        std::borrow::Cow::Borrowed(_) => id,
        std::borrow::Cow::Owned(id) => id,
    }
}

/// Where the Customers sheet's header row puts the id, the name and the manual columns.
struct CustomerColumns {
    id: usize,
    name: Option<usize>,
    manual: Vec<(usize, ManualColumn)>,
}

impl CustomerColumns {
    fn find(header: &Row<'_>, meta: &Metadata) -> Result<Self> {
        let headers = header.texts();
        let id = headers
            .iter()
            .position(|h| *h == meta.id_header)
            .with_context(|| {
                format!(
                    "the id column \"{}\" is missing, so rows cannot be matched to customers",
                    meta.id_header
                )
            })?;
        let name = headers.iter().position(|h| *h == meta.name_header);
        let mut manual: Vec<(usize, ManualColumn)> = Vec::new();
        for (i, header) in headers.iter().enumerate() {
            if header.is_empty() || meta.computed.contains(header) {
                continue;
            }
            if let Some((first, _)) = manual.iter().find(|(_, c)| c.header == *header) {
                bail!(
                    "the column \"{header}\" appears twice ({} and {}), so its values cannot be carried over unambiguously; rename one",
                    crate::location::column_letter(*first),
                    crate::location::column_letter(i)
                );
            }
            manual.push((
                i,
                ManualColumn {
                    header: header.clone(),
                    builtin: Builtin::from_header(header),
                },
            ));
        }
        // Built-in columns first, in their usual order, then the team's own in theirs.
        manual.sort_by_key(|(i, c)| (c.builtin.map_or(Builtin::ALL.len(), |b| b as usize), *i));
        Ok(Self { id, name, manual })
    }
}

/// What the Customers sheet holds of the team's.
struct CustomersSheet {
    /// The manual columns.
    columns: Vec<ManualColumn>,
    /// The customer rows.
    rows: Vec<PreviousRow>,
    /// The cells of the manual columns that hold a formula showing nothing (row as the sheet
    /// shows it, header).
    unsaved: Vec<(u32, String)>,
}

fn read_customers(workbook: &mut OpenWorkbook, meta: &Metadata) -> Result<CustomersSheet> {
    let mut columns: Option<CustomerColumns> = None;
    let (mut out, mut seen) = (Vec::new(), std::collections::HashSet::new());
    let mut unsaved = Vec::new();
    stream_rows(
        workbook,
        &meta.customers_sheet,
        Some(&mut unsaved),
        |number, row| {
            let Some(cols) = &columns else {
                columns = Some(CustomerColumns::find(&row, meta)?);
                return Ok(());
            };
            let id = customer_id(&row.get(cols.id));
            let values: Vec<Value> = cols
                .manual
                .iter()
                .map(|(i, _)| value(&row.get(*i)))
                .collect();
            if id.is_empty() {
                if values.iter().all(|v| *v == Value::Empty) {
                    return Ok(());
                }
                bail!("row {number} has notes but no customer id");
            }
            // A totals row the team typed below the table (Total, 合计) is no customer.
            if crate::pipeline::columns::values::is_total_label(&id)
                && values.iter().all(|v| *v == Value::Empty)
            {
                return Ok(());
            }
            if !seen.insert(id.clone()) {
                bail!("customer {id} is listed twice (row {number})");
            }
            let name = cols.name.map(|c| text(&row.get(c))).unwrap_or_default();
            out.push(PreviousRow { id, name, values });
            Ok(())
        },
    )?;
    // An empty sheet has no id column either.
    let columns = match columns {
        Some(columns) => columns,
        None => CustomerColumns::find(&Row::Streamed(&[]), meta)?,
    };
    let unsaved = unsaved
        .into_iter()
        .filter_map(|(row, col)| {
            let (_, column) = columns.manual.iter().find(|(i, _)| *i == col as usize)?;
            Some((row + 1, column.header.clone()))
        })
        .collect();
    Ok(CustomersSheet {
        columns: columns.manual.into_iter().map(|(_, c)| c).collect(),
        rows: out,
        unsaved,
    })
}

/// The Revisit log as the team left it: every column under its header, every row with
/// something in it.
fn read_revisit_log(range: &Range<Data>) -> RevisitLog {
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(text).collect())
        .unwrap_or_default();
    let rows = rows
        .map(|r| r.iter().map(value).collect::<Vec<Value>>())
        .filter(|r| r.iter().any(|v| *v != Value::Empty))
        .collect();
    RevisitLog { headers, rows }
}

/// Appends the lines of one Tier history sheet to `out`, sharing each text through `texts`.
fn read_history(
    workbook: &mut OpenWorkbook,
    sheet: &str,
    texts: &mut FxHashSet<Arc<str>>,
    out: &mut Vec<Snapshot>,
) -> Result<()> {
    let mut shared = |text: String| -> Arc<str> {
        if let Some(known) = texts.get(text.as_str()) {
            return Arc::clone(known);
        }
        let text: Arc<str> = text.into();
        texts.insert(Arc::clone(&text));
        text
    };
    let mut cols: Option<[usize; 6]> = None;
    for_each_row(workbook, sheet, |number, row| {
        let Some(cols) = cols else {
            cols = Some(history_columns(&row)?);
            return Ok(());
        };
        let id = customer_id(&row.get(cols[1]));
        if id.is_empty() {
            return Ok(());
        }
        let as_of = row
            .get(cols[0])
            .as_date()
            .with_context(|| format!("row {number}: the as-of date is not a date"))?;
        let float = |k: usize| row.get(cols[k]).as_f64().unwrap_or(0.0);
        out.push(Snapshot {
            as_of,
            id: shared(id),
            tier: shared(text(&row.get(cols[2]))),
            qualified: shared(text(&row.get(cols[3]))),
            score: float(4),
            net_spend: float(5),
        });
        Ok(())
    })?;
    // An empty sheet has none of the columns either.
    match cols {
        Some(_) => Ok(()),
        None => history_columns(&Row::Streamed(&[])).map(|_| ()),
    }
}

/// Where the Tier history's header row puts its columns, in [`history_headers`] order (the
/// headers may be in either language).
fn history_columns(header: &Row<'_>) -> Result<[usize; 6]> {
    let headers = header.texts();
    let find = |k: usize| {
        headers
            .iter()
            .position(|h| {
                [Lang::En, Lang::Zh]
                    .iter()
                    .any(|&l| history_headers(l)[k] == h)
            })
            .with_context(|| format!("the column \"{}\" is missing", history_headers(Lang::En)[k]))
    };
    Ok([find(0)?, find(1)?, find(2)?, find(3)?, find(4)?, find(5)?])
}

/// Whether the workbook has a sheet of this name.
pub(super) fn has_sheet(workbook: &OpenWorkbook, name: &str) -> bool {
    workbook.sheet_names().iter().any(|n| n == name)
}

/// One row of a sheet read by [`for_each_row`], its cells counted from column A.
enum Row<'r> {
    Streamed(&'r [DataRef<'r>]),
    Ranged { first_col: usize, cells: &'r [Data] },
}

impl Row<'_> {
    /// The cell in column `col` (0 is A); empty past the row's end.
    fn get(&self, col: usize) -> Data {
        match self {
            Row::Streamed(cells) => cells.get(col).cloned().map_or(Data::Empty, Data::from),
            Row::Ranged { first_col, cells } => col
                .checked_sub(*first_col)
                .and_then(|c| cells.get(c))
                .cloned()
                .unwrap_or(Data::Empty),
        }
    }

    /// Every cell as text, from column A (a header row).
    fn texts(&self) -> Vec<String> {
        (0..self.len()).map(|i| text(&self.get(i))).collect()
    }

    /// One past the last column the row has a cell in.
    fn len(&self) -> usize {
        match self {
            Row::Streamed(cells) => cells.len(),
            Row::Ranged { first_col, cells } => first_col + cells.len(),
        }
    }
}

/// Calls `on_row` with each row of `sheet` that has anything in it, and its number as the
/// sheet shows it. An xlsx sheet is streamed rather than held whole: a Tier history of a
/// million lines would take hundreds of megabytes as a range, all for six columns.
fn for_each_row(
    workbook: &mut OpenWorkbook,
    sheet: &str,
    on_row: impl FnMut(u32, Row<'_>) -> Result<()>,
) -> Result<()> {
    stream_rows(workbook, sheet, None, on_row)
}

/// As [`for_each_row`], noting in `unsaved` where a cell holds a formula that shows nothing:
/// no value saved (a workbook a program wrote, never opened in Excel since), or an empty one.
fn stream_rows(
    workbook: &mut OpenWorkbook,
    sheet: &str,
    mut unsaved: Option<&mut Vec<(u32, u32)>>,
    mut on_row: impl FnMut(u32, Row<'_>) -> Result<()>,
) -> Result<()> {
    let Sheets::Xlsx(xlsx) = workbook else {
        return for_each_range_row(&workbook.worksheet_range(sheet)?, on_row);
    };
    let mut reader = xlsx.worksheet_cells_reader(sheet)?;
    let mut cells: Vec<DataRef<'_>> = Vec::new();
    let mut at: Option<u32> = None;
    let mut flush = |at: Option<u32>, cells: &mut Vec<DataRef<'_>>| {
        let result = match at {
            Some(r) if !cells.is_empty() => on_row(r + 1, Row::Streamed(cells)),
            _ => Ok(()),
        };
        cells.clear();
        result
    };
    loop {
        let ((row, col), value) = if let Some(unsaved) = unsaved.as_deref_mut() {
            let Some(cell) = reader.next_cell_with_formula_metadata()? else {
                break;
            };
            // No value saved (openpyxl writes none), or an empty text: either way the cell
            // reads empty, and its formula is not carried over.
            let shows_nothing = cell.value.is_empty()
                || matches!(cell.value, DataRef::String(ref t) if t.is_empty());
            if cell.formula.is_some() && shows_nothing {
                unsaved.push(cell.pos);
            }
            (cell.pos, cell.value)
        } else {
            let Some(cell) = reader.next_cell()? else {
                break;
            };
            (cell.get_position(), cell.get_value().clone())
        };
        // Only empty cells are passed over, and what the range would drop (a styled cell far
        // out must not size the row).
        if value.is_empty() {
            continue;
        }
        within_excel((row, col))?;
        if at != Some(row) {
            // Excel writes rows in order; a row met again would be read as two.
            if let Some(last) = at
                && row < last
            {
                bail!(
                    "row {} comes after row {} in the file; open the workbook in Excel and save it again",
                    row + 1,
                    last + 1
                );
            }
            flush(at, &mut cells)?;
            at = Some(row);
        }
        let col = col as usize;
        if cells.len() <= col {
            cells.resize(col + 1, DataRef::Empty);
        }
        cells[col] = value;
    }
    flush(at, &mut cells)
}

/// A sheet held whole, as calamine's `worksheet_range` gives it but without its copies of every
/// cell on the way (a cell list, a grid of references, then the grid of values): a million-line
/// Orders sheet took 1.7 GB that way. An xlsx sheet declares its extent, so the grid is made
/// once and filled as the cells stream in, then cut to the cells seen. calamine reads a sheet
/// whose declared extent is malformed, larger than [`MAX_CELLS`] (the bound the grid of an
/// input sheet has too) or does not hold all its cells.
pub(super) fn sheet_range(workbook: &mut OpenWorkbook, sheet: &str) -> Result<Range<Data>> {
    let Sheets::Xlsx(xlsx) = workbook else {
        return Ok(workbook.worksheet_range(sheet)?);
    };
    let declared = match xlsx.worksheet_cells_reader(sheet) {
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Range::empty()),
        reader => reader?.dimensions(),
    };
    let (start, end) = (declared.start, declared.end);
    let well_formed = start.0 <= end.0 && start.1 <= end.1 && within_excel(end).is_ok();
    let span = |first: u32, last: u32| u64::from(last) - u64::from(first) + 1;
    if !well_formed || span(start.0, end.0) * span(start.1, end.1) > MAX_CELLS {
        return Ok(workbook.worksheet_range(sheet)?);
    }
    let mut range = Range::new(start, end);
    // The extent of the cells seen: top, left, bottom, right.
    let mut seen: Option<(u32, u32, u32, u32)> = None;
    let mut outside = false;
    let filled = for_each_row(workbook, sheet, |number, row| {
        let r = number - 1;
        for c in 0..row.len() {
            let value = row.get(c);
            if value.is_empty() {
                continue;
            }
            let c = c as u32;
            if r < start.0 || r > end.0 || c < start.1 || c > end.1 {
                outside = true;
                bail!("a cell outside the sheet's declared extent");
            }
            let (top, left, bottom, right) = seen.unwrap_or((r, c, r, c));
            seen = Some((top.min(r), left.min(c), bottom.max(r), right.max(c)));
            range.set_value((r, c), value);
        }
        Ok(())
    });
    match filled {
        Err(_) if outside => return Ok(workbook.worksheet_range(sheet)?),
        Err(e) => return Err(e),
        Ok(()) => {}
    }
    Ok(match seen {
        None => Range::empty(),
        Some(extent) if extent == (start.0, start.1, end.0, end.1) => range,
        Some((top, left, bottom, right)) => range.range((top, left), (bottom, right)),
    })
}

/// [`for_each_row`] over a sheet held whole (the formats calamine cannot stream).
fn for_each_range_row(
    range: &Range<Data>,
    mut on_row: impl FnMut(u32, Row<'_>) -> Result<()>,
) -> Result<()> {
    let Some((top, first_col)) = range.start() else {
        return Ok(());
    };
    for (r, cells) in range.rows().enumerate() {
        if cells.iter().any(|c| !c.is_empty()) {
            let row = Row::Ranged {
                first_col: first_col as usize,
                cells,
            };
            on_row(top + r as u32 + 1, row)?;
        }
    }
    Ok(())
}

impl Previous {
    /// Indexes the rows and history by customer id, so each lookup is quick however long
    /// the history grows.
    fn new(
        path: PathBuf,
        columns: Vec<ManualColumn>,
        rows: Vec<PreviousRow>,
        history: Vec<Snapshot>,
    ) -> Self {
        let mut previous = Self {
            path,
            columns,
            rows,
            history,
            revisit_log: None,
            team_sheets: Vec::new(),
            history_deleted: false,
            renamed_log: None,
            unsaved_formulas: Vec::new(),
            lang: Lang::En,
            names_keyed_as_now: Vec::new(),
            row_index: FxHashMap::default(),
            history_index: FxHashMap::default(),
        };
        previous.index();
        previous
    }

    /// Indexes the rows and the history by customer id.
    fn index(&mut self) {
        self.row_index = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        self.history_index.clear();
        for (i, snapshot) in self.history.iter().enumerate() {
            self.history_index
                .entry(snapshot.id.clone())
                .or_default()
                .push(i);
        }
        let history = &self.history;
        for indexes in self.history_index.values_mut() {
            indexes.sort_by_key(|&i| std::cmp::Reverse(history[i].as_of));
        }
    }

    /// Gives the customers of a workbook whose ids are names as an earlier `tiers` kept them,
    /// with a final full stop or a run of spaces ("Globex Ltd.", "Acme  Corp"), the ids names
    /// are keyed by now ([`name_key`](crate::pipeline::columns::values::name_key)), so that
    /// their team's columns and history carry over. An id another row has already is left
    /// alone. Each (old id, new id) is kept in [`Self::names_keyed_as_now`].
    pub fn key_names_as_now(&mut self) {
        let mut taken: FxHashSet<String> = self.rows.iter().map(|r| r.id.clone()).collect();
        let mut renamed = Vec::new();
        for row in &mut self.rows {
            let key = crate::pipeline::columns::values::name_key(&row.id);
            if key != row.id && !taken.contains(key.as_ref()) {
                let key = key.into_owned();
                taken.insert(key.clone());
                renamed.push((std::mem::replace(&mut row.id, key.clone()), key));
            }
        }
        if renamed.is_empty() {
            return;
        }
        let new_ids: FxHashMap<&str, Arc<str>> = renamed
            .iter()
            .map(|(old, new)| (old.as_str(), Arc::from(new.as_str())))
            .collect();
        for snapshot in &mut self.history {
            if let Some(new) = new_ids.get(&*snapshot.id) {
                snapshot.id = new.clone();
            }
        }
        self.index();
        self.names_keyed_as_now = renamed;
    }

    /// The row of a customer id.
    pub fn row(&self, id: &str) -> Option<&PreviousRow> {
        self.row_index.get(id).map(|&i| &self.rows[i])
    }

    /// A customer's cell in one of the built-in manual columns; `None` when the workbook has
    /// no such column or no row for the customer.
    pub fn manual(&self, id: &str, column: Builtin) -> Option<&Value> {
        let col = self
            .columns
            .iter()
            .position(|c| c.builtin == Some(column))?;
        self.row(id).map(|row| &row.values[col])
    }

    /// Who looks after a customer: the customers input's owner where it names one (the
    /// system of record, so a reassignment there reaches the workbook), else what the team
    /// wrote in this workbook's Owner column.
    pub fn owner<'a>(previous: Option<&'a Self>, customer: &'a Customer) -> Option<&'a Value> {
        if !customer.owner.is_blank() {
            return Some(&customer.owner);
        }
        previous?.manual(&customer.id, Builtin::Owner)
    }

    /// [`Self::owner`] as text, trimmed, an employee number as the cell shows it; `None` when
    /// nobody is named.
    pub fn owner_text(previous: Option<&Self>, customer: &Customer) -> Option<String> {
        match Self::owner(previous, customer)? {
            Value::Text(t) if !t.trim().is_empty() => Some(t.trim().to_owned()),
            Value::Number(n) => Some(crate::pipeline::read::format_number(*n)),
            _ => None,
        }
    }

    /// What earlier runs (before `as_of`) say about a customer, with tier names resolved
    /// against the configured levels; `None` for a customer no earlier run graded.
    pub fn past(&self, id: &str, as_of: NaiveDate, levels: &[Level]) -> Option<Past> {
        let snapshots: Vec<&Snapshot> = self
            .history_index
            .get(id)?
            .iter()
            .map(|&i| &self.history[i])
            .filter(|s| s.as_of < as_of)
            .collect();
        let latest = snapshots.first()?;
        let tier = level_index(levels, &latest.tier)?;
        let runs_below = snapshots
            .iter()
            .take_while(|s| {
                matches!((level_index(levels, &s.qualified), level_index(levels, &s.tier)), (Some(q), Some(t)) if q > t)
            })
            .count() as u32;
        Some(Past { tier, runs_below })
    }

    /// The locked tier the team set for a customer: `Ok(None)` when none is set, `Err` with the
    /// text when it names no tier.
    pub fn lock(&self, id: &str, levels: &[Level]) -> Result<Option<Tier>, String> {
        let Some(col) = self
            .columns
            .iter()
            .position(|c| c.builtin == Some(Builtin::LockedTier))
        else {
            return Ok(None);
        };
        let Some(row) = self.row(id) else {
            return Ok(None);
        };
        match &row.values[col] {
            Value::Empty => Ok(None),
            Value::Text(t) => level_index(levels, t).map(Some).ok_or_else(|| t.clone()),
            other => Err(format!("{other:?}")),
        }
    }
}

/// The level a tier name (English or Chinese, any case) names.
pub fn level_index(levels: &[Level], name: &str) -> Option<Tier> {
    let name = name.trim();
    levels.iter().position(|l| {
        l.name.eq_ignore_ascii_case(name) || l.name_zh.as_deref().is_some_and(|zh| zh == name)
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// A row as `for_each_row` gave it: its number and its cells up to the last filled one.
    fn collect(
        walk: impl FnOnce(&mut dyn FnMut(u32, Row<'_>) -> Result<()>) -> Result<()>,
    ) -> Vec<(u32, Vec<Data>)> {
        let mut rows = Vec::new();
        walk(&mut |number, row| {
            let mut cells: Vec<Data> = (0..row.len()).map(|c| row.get(c)).collect();
            while cells.last().is_some_and(DataType::is_empty) {
                cells.pop();
            }
            rows.push((number, cells));
            Ok(())
        })
        .unwrap();
        rows
    }

    #[test]
    fn a_damaged_sheet_is_refused_or_read_as_the_range_would() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, id) in ["id", "C1", "C2"].into_iter().enumerate() {
            sheet.write(r as u32, 0, id).unwrap();
        }
        book.save(&plain).unwrap();
        let rows_of = |edit: fn(String) -> String| {
            let damaged = dir.path().join("damaged.xlsx");
            crate::test_support::rewrite_part(&plain, &damaged, "xl/worksheets/sheet1.xml", edit);
            let mut workbook = open_workbook_auto(&damaged).unwrap();
            let mut rows = Vec::new();
            for_each_row(&mut workbook, "Sheet1", |number, row| {
                rows.push((number, row.len()));
                Ok(())
            })
            .map(|()| rows)
            .map_err(|e| e.to_string())
        };
        // A styled empty cell far out, as some programs leave: passed over, as a range would.
        let far = rows_of(|xml| xml.replacen("</row>", r#"<c r="ZZZZZZ1" s="0"/></row>"#, 1));
        assert_eq!(far, Ok(vec![(1, 1), (2, 1), (3, 1)]));
        // A value past Excel's last column: the file is damaged.
        let past = rows_of(|xml| xml.replacen("</row>", r#"<c r="ZZZZZZ1"><v>1</v></c></row>"#, 1));
        assert!(past.unwrap_err().contains("past Excel's last cell"));
        // Rows out of order would be read as a header that is not one, or a row twice.
        let swapped = rows_of(|mut xml| {
            let start = xml.find(r#"<row r="2""#).unwrap();
            let row = start..start + xml[start..].find("</row>").unwrap() + "</row>".len();
            let moved = xml[row.clone()].to_owned();
            xml.replace_range(row, "");
            xml.replace("</sheetData>", &format!("{moved}</sheetData>"))
        });
        assert!(swapped.unwrap_err().contains("row 2 comes after row 3"));

        // A declared extent smaller than the cells: read as calamine does. (A reversed one is
        // passed to calamine too, whose debug build overflows on it.)
        let made_as_calamine = |edit: fn(String) -> String| {
            let damaged = dir.path().join("extent.xlsx");
            crate::test_support::rewrite_part(&plain, &damaged, "xl/worksheets/sheet1.xml", edit);
            let mut workbook = open_workbook_auto(&damaged).unwrap();
            let expected = workbook.worksheet_range("Sheet1").unwrap();
            let made = sheet_range(&mut workbook, "Sheet1").unwrap();
            assert_eq!(
                (made.start(), made.end()),
                (expected.start(), expected.end())
            );
            assert!(made == expected);
        };
        made_as_calamine(|xml| {
            xml.replacen(
                r#"<dimension ref="A1:A3"/>"#,
                r#"<dimension ref="A1:A2"/>"#,
                1,
            )
        });
    }

    #[test]
    fn a_streamed_sheet_reads_as_the_same_sheet_held_whole_or_made_whole() {
        // A table from C3 with a gap, a blank but formatted cell and a date; then the messy
        // corpus: merged cells, trailing empty cells, errors, mixed dates.
        let dir = tempfile::tempdir().unwrap();
        let offset = dir.path().join("offset.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write(2, 2, "id").unwrap();
        sheet.write(2, 3, "spend").unwrap();
        sheet.write(3, 2, "C1").unwrap();
        sheet.write(3, 3, 12.5).unwrap();
        sheet
            .write_blank(4, 3, &rust_xlsxwriter::Format::new().set_bold())
            .unwrap();
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        let day = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        sheet.write_date_with_format(6, 4, day, &date).unwrap();
        book.save(&offset).unwrap();
        let messy = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/messy");
        let files = [
            "merged-column",
            "trailing-empty",
            "hidden",
            "errors",
            "mixed-dates",
        ]
        .map(|f| messy.join(format!("{f}.xlsx")));
        let mut compared = Vec::new();
        for path in std::iter::once(offset).chain(files) {
            let mut workbook = open_workbook_auto(&path).unwrap();
            for sheet in workbook.sheet_names() {
                let streamed = collect(|on_row| for_each_row(&mut workbook, &sheet, on_row));
                let range = workbook.worksheet_range(&sheet).unwrap();
                let whole = collect(|on_row| for_each_range_row(&range, on_row));
                let made = sheet_range(&mut workbook, &sheet).unwrap();
                assert_eq!(
                    (made.start(), made.end()),
                    (range.start(), range.end()),
                    "{}, sheet {sheet}",
                    path.display()
                );
                assert!(made == range, "{}, sheet {sheet}", path.display());
                assert_eq!(streamed, whole, "{}, sheet {sheet}", path.display());
                compared.extend(whole);
            }
        }
        // The offset table: numbered as the sheet shows it, cells from column A.
        assert_eq!(compared[0].0, 3);
        assert_eq!(compared[0].1[2], Data::String("id".into()));
        assert_eq!(
            compared[1],
            (4, vec![Data::Empty, Data::Empty, "C1".into(), 12.5.into()])
        );
        assert_eq!(compared[2].0, 7);
        assert_eq!(compared[2].1[4].as_date(), Some(day));
        assert!(compared.len() > 50, "{} rows compared", compared.len());
    }
}
