//! The revisit plan as people and scripts read it: a workbook (the whole plan, one sheet per
//! owner, and what could not be scheduled), CSV, JSON and a terminal table.

use std::borrow::Cow;
use std::path::Path;

use anyhow::{Context, Result};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use serde::Serialize;

use super::labels::{favourites, fill, labels, tier_name};
use super::one_decimal;
use crate::config::Config;
use crate::model::Lang;
use crate::pipeline::Graded;
use crate::pipeline::columns::Field;
use crate::pipeline::explain::{cutoffs, tiers_above};
use crate::pipeline::revisit::{Plan, Reason, Suggester, Visit};
use crate::pipeline::segment::Change;

/// One line of the plan, in words.
#[derive(Debug, Serialize)]
pub struct Line {
    /// The visit's day, `YYYY-MM-DD`; empty when not scheduled.
    pub date: String,
    /// Who visits.
    pub owner: String,
    /// Customer id.
    pub customer_id: String,
    /// Customer name.
    pub name: String,
    /// Phone, when the customers sheet has one.
    pub phone: String,
    /// The tier's name, stable for scripts whatever `--lang` (as `score --json` gives it).
    #[serde(rename = "tier")]
    pub tier_key: String,
    /// The tier, in the plan's language.
    #[serde(rename = "tier_label")]
    pub tier: String,
    /// The segment's key, stable for scripts (as `explain --json` gives it).
    #[serde(rename = "segment")]
    pub segment_key: &'static str,
    /// The segment, in the plan's language.
    #[serde(rename = "segment_label")]
    pub segment: String,
    /// Why the customer is due now.
    pub why: String,
    /// What to talk about.
    pub talking_points: String,
    /// The last contact, `YYYY-MM-DD`; empty when never.
    pub last_contact: String,
    /// Scheduled, no owner, or past capacity.
    pub status: String,
}

/// Every visit of the plan in words: scheduled ones first, then those without a date.
pub fn lines(plan: &Plan, graded: &Graded, config: &Config, lang: Lang) -> Vec<Line> {
    let words = &labels(lang).revisit;
    let shared = &Shared {
        graded,
        config,
        lang,
        suggester: Suggester::new(graded),
        cutoffs: cutoffs(graded, config),
    };
    let statuses = [
        (&plan.scheduled, words.statuses[0]),
        (&plan.unassigned, words.statuses[1]),
        (&plan.overflow, words.statuses[2]),
    ];
    statuses
        .into_iter()
        .flat_map(|(visits, status)| visits.iter().map(move |v| line(v, status, shared)))
        .collect()
}

/// What every line needs, computed once.
struct Shared<'g> {
    graded: &'g Graded,
    config: &'g Config,
    lang: Lang,
    suggester: Suggester<'g>,
    cutoffs: Vec<Option<f64>>,
}

fn line(visit: &Visit, status: &str, shared: &Shared<'_>) -> Line {
    let Shared {
        graded,
        config,
        lang,
        ..
    } = *shared;
    let l = labels(lang);
    let words = &l.revisit;
    let i = visit.customer;
    let customer = &graded.data.customers[i];
    let reason = |r: &Reason| match r {
        Reason::NeverContacted => words.never.to_owned(),
        Reason::Cadence { last, days, due } => fill(
            words.cadence,
            &[("days", days), ("last", last), ("due", due)],
        ),
        Reason::TierDropped => words.dropped.to_owned(),
        Reason::OrderOverdue => words.overdue.to_owned(),
        Reason::Complaint(date) => fill(
            words.complaint,
            &[("date", &date.map_or(String::new(), |d| d.to_string()))],
        ),
        Reason::LowPAlive(p) => fill(words.p_alive, &[("p", &format!("{:.0}%", p * 100.0))]),
    };
    let last_contact = visit.reasons.iter().find_map(|r| match r {
        Reason::Cadence { last, .. } => Some(last.to_string()),
        _ => None,
    });
    Line {
        date: visit.date.map_or(String::new(), |d| d.to_string()),
        owner: visit.owner.clone(),
        customer_id: customer.id.clone(),
        name: customer.name.clone(),
        phone: graded
            .data
            .attribute(i as u32, Field::Phone)
            .unwrap_or_default(),
        tier_key: config.tiers.levels[graded.tiers[i]].name.clone(),
        tier: tier_name(&config.tiers.levels[graded.tiers[i]], lang).to_owned(),
        segment_key: graded.segments[i].segment.key(),
        segment: l.segment(graded.segments[i].segment).to_owned(),
        why: visit
            .reasons
            .iter()
            .map(reason)
            .collect::<Vec<_>>()
            .join(l.explain.list),
        talking_points: talking_points(visit, shared),
        last_contact: last_contact.unwrap_or_default(),
        status: status.to_owned(),
    }
}

/// How many products a line suggests.
const SUGGESTIONS: usize = 3;

/// The tier and what it takes to reach the next, favourites, products to suggest, and the
/// complaint to follow up.
fn talking_points(visit: &Visit, shared: &Shared<'_>) -> String {
    let Shared {
        graded,
        config,
        lang,
        ..
    } = *shared;
    let l = labels(lang);
    let i = visit.customer;
    let (p, symbols) = (&graded.preferences[i], &graded.data.symbols);
    let levels = &config.tiers.levels;
    let mut standing = fill(
        l.revisit.standing,
        &[
            ("tier", &tier_name(&levels[graded.tiers[i]], lang)),
            ("score", &one_decimal(graded.scores[i].total)),
        ],
    );
    let (tier, qualified) = (graded.tiers[i], graded.qualified[i]);
    // A tier held or locked above the score's says so, not the score that keeps it.
    match graded.changes[i] {
        Change::Locked => standing.push_str(l.revisit.standing_locked),
        _ if qualified > tier => standing.push_str(&fill(
            l.revisit.standing_held,
            &[("qualified", &tier_name(&levels[qualified], lang))],
        )),
        _ => {
            if let Some(Some(keep)) = shared.cutoffs.get(tier) {
                standing.push_str(&fill(
                    l.revisit.standing_keep,
                    &[
                        ("tier", &tier_name(&levels[tier], lang)),
                        ("cutoff", &one_decimal(*keep)),
                    ],
                ));
            }
        }
    }
    // The next tier up from the one given, not from the one the score qualifies for.
    let above = tiers_above(graded, i, config).0;
    let next = above.iter().rev().find(|&&t| t < tier).copied();
    if let Some((next, Some(cutoff))) = next.map(|t| (t, shared.cutoffs[t])) {
        standing.push_str(&fill(
            l.revisit.standing_next,
            &[
                ("next", &tier_name(&levels[next], lang)),
                ("cutoff", &one_decimal(cutoff)),
            ],
        ));
    }
    let mut points = vec![standing];
    let liked: Vec<_> = p.categories.iter().chain(&p.products).copied().collect();
    if !liked.is_empty() {
        let list = favourites(&liked, symbols, lang);
        points.push(fill(l.revisit.favourites, &[("list", &list)]));
    }
    let suggested = shared.suggester.for_customer(i, SUGGESTIONS);
    if !suggested.is_empty() {
        let names: Vec<&str> = suggested.iter().map(|&s| symbols.get(s)).collect();
        points.push(fill(
            l.revisit.suggest,
            &[("list", &names.join(l.explain.list))],
        ));
    }
    let complained = visit.reasons.iter().find_map(|r| match r {
        Reason::Complaint(date) => Some(*date),
        _ => None,
    });
    if let Some(date) = complained {
        let content = graded
            .data
            .feedback
            .iter()
            .filter(|f| f.customer as usize == visit.customer && f.complaint && f.date == date)
            .find_map(|f| f.content.clone());
        if let Some(content) = content {
            points.push(fill(l.revisit.follow_up, &[("content", &content)]));
        }
    }
    points.join(if lang == Lang::Zh { "；" } else { "; " })
}

/// The summary line under the terminal table.
pub fn summary(plan: &Plan, lang: Lang) -> String {
    fill(
        labels(lang).revisit.summary,
        &[
            ("scheduled", &plan.scheduled.len()),
            ("month", &plan.month.first.format("%Y-%m")),
            ("unassigned", &plan.unassigned.len()),
            ("overflow", &plan.overflow.len()),
        ],
    )
}

/// The plan as a terminal table: date, owner, customer, tier, why.
pub fn table(lines: &[Line], lang: Lang) -> String {
    let h = labels(lang).revisit.headers;
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(vec![h[0], h[1], h[2], h[3], h[5], h[7]]);
    for line in lines {
        table.add_row(vec![
            &line.date,
            &line.owner,
            &line.customer_id,
            &line.name,
            &line.tier,
            &line.why,
        ]);
    }
    table.to_string()
}

/// A CSV field that Excel will not run as a formula: text from the inputs beginning with
/// `=`, `+`, `-` or `@` (or a tab or carriage return, which Excel skips before them) gets a
/// leading apostrophe, as OWASP's advice on CSV injection has it.
fn inert(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn cells(line: &Line) -> [&str; 11] {
    [
        &line.date,
        &line.owner,
        &line.customer_id,
        &line.name,
        &line.phone,
        &line.tier,
        &line.segment,
        &line.why,
        &line.talking_points,
        &line.last_contact,
        &line.status,
    ]
}

/// The plan as CSV, UTF-8 with a BOM so that Excel opens Chinese text correctly.
///
/// # Errors
/// When the file cannot be written.
pub fn write_csv(lines: &[Line], lang: Lang, path: &Path) -> Result<()> {
    let mut out = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    out.write_record(labels(lang).revisit.headers)?;
    for line in lines {
        let fields = cells(line).map(inert);
        out.write_record(fields.iter().map(|field| field.as_bytes()))?;
    }
    let bytes = out.into_inner().context("cannot write the CSV")?;
    super::output::write_atomically(path, &bytes)
}

/// The plan as a workbook: all visits, one sheet per owner, and those not scheduled; with
/// `wants_owners` ([`Plan::wants_owners`]), the plan sheet says how to name owners.
///
/// # Errors
/// When `rust_xlsxwriter` refuses a value or a sheet name.
pub fn workbook(lines: &[Line], lang: Lang, wants_owners: bool) -> Result<Workbook> {
    let words = &labels(lang).revisit;
    let header = Format::new()
        .set_bold()
        .set_background_color(0x1F_4E78)
        .set_font_color(0xFF_FFFF)
        .set_border_bottom(FormatBorder::Thin);
    // Rows grow to show "Why now" and the talking points in full, wrapped; every cell sits at
    // the top of its row.
    let top = Format::new().set_align(FormatAlign::Top);
    let wrapped = top.clone().set_text_wrap();
    let date_format = top.clone().set_num_format("yyyy-mm-dd");
    let mut book = Workbook::new();
    let (scheduled, rest): (Vec<&Line>, Vec<&Line>) =
        lines.iter().partition(|l| !l.date.is_empty());
    let mut owners: Vec<&str> = scheduled.iter().map(|l| l.owner.as_str()).collect();
    owners.sort_unstable();
    owners.dedup();
    let mut sheets: Vec<(String, Vec<&Line>)> =
        vec![(words.sheets[0].to_owned(), scheduled.clone())];
    for owner in owners {
        let mine = scheduled
            .iter()
            .copied()
            .filter(|l| l.owner == owner)
            .collect();
        let taken: Vec<&str> = sheets
            .iter()
            .map(|(name, _)| name.as_str())
            .chain([words.sheets[1]])
            .collect();
        sheets.push((sheet_name(owner, &taken), mine));
    }
    sheets.push((words.sheets[1].to_owned(), rest));
    for (index, (name, lines)) in sheets.into_iter().enumerate() {
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(&name)?;
        for c in 0..11u16 {
            sheet.set_column_format(c, if c == 7 || c == 8 { &wrapped } else { &top })?;
        }
        for (c, h) in words.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &header)?;
        }
        for (r, line) in lines.iter().enumerate() {
            let row = r as u32 + 1;
            for (c, text) in cells(line).iter().enumerate() {
                // The visit day and the last contact are date cells, to sort and filter by.
                match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                    Ok(date) if c == 0 || c == 9 => {
                        sheet.write_date_with_format(row, c as u16, date, &date_format)?;
                    }
                    _ if text.is_empty() => {}
                    _ => {
                        sheet.write_string(row, c as u16, *text)?;
                    }
                }
            }
        }
        let widths = [
            12.0, 12.0, 12.0, 28.0, 16.0, 10.0, 20.0, 48.0, 60.0, 12.0, 20.0,
        ];
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, *w)?;
        }
        if index == 0 && wants_owners {
            let note = Format::new().set_bold().set_font_color(0xC0_0000);
            sheet.write_string_with_format(2, 0, words.no_owners, &note)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, lines.len() as u32, 10)?;
        sheet
            .set_landscape()
            .set_print_fit_to_pages(1, 0)
            .set_repeat_rows(0, 0)?;
    }
    Ok(book)
}

/// An owner's sheet name as Excel takes it: at most 31 characters, none of `[]:*?/\`, no
/// apostrophe at either end, not blank and not "History"; unique among `taken` as Excel
/// compares names (ignoring case).
fn sheet_name(owner: &str, taken: &[&str]) -> String {
    let clean: String = owner
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    // Excel refuses an apostrophe at either end, and counts 31 UTF-16 units; leave room for
    // " 99999".
    let clean = clean.trim().trim_matches('\'').trim();
    let clean = if clean.is_empty() || clean.eq_ignore_ascii_case("history") {
        format!("_{clean}")
    } else {
        clean.to_owned()
    };
    let mut units = 0;
    let clean: String = clean
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= 25
        })
        .collect();
    let clean = clean.trim_end_matches('\'').to_owned();
    // Compared as rust_xlsxwriter (and Excel) compare names.
    let is_taken = |name: &str| {
        taken
            .iter()
            .any(|t| t.to_lowercase() == name.to_lowercase())
    };
    let mut name = clean.clone();
    let mut n = 2;
    while is_taken(&name) {
        name = format!("{clean} {n}");
        n += 1;
    }
    name
}

/// The plan as JSON for scripts.
pub fn json(plan: &Plan, lines: &[Line]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        month: String,
        scheduled: usize,
        unassigned: usize,
        overflow: usize,
        visits: &'a [Line],
    }
    let doc = Doc {
        month: plan.month.first.format("%Y-%m").to_string(),
        scheduled: plan.scheduled.len(),
        unassigned: plan.unassigned.len(),
        overflow: plan.overflow.len(),
        visits: lines,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// The scheduled visits as an iCalendar file (RFC 5545): one all-day event per visit, its UID
/// stable for a customer and month, so that importing a revised plan updates the events
/// instead of doubling them. DTSTAMP is `stamp`, the workbook's as-of date, so the same plan
/// gives the same file.
pub fn ics(plan: &Plan, lines: &[Line], stamp: chrono::NaiveDate) -> String {
    use icalendar::{Calendar, Component, EventLike};
    let stamp = stamp.and_time(chrono::NaiveTime::MIN).and_utc();
    let month = plan.month.first.format("%Y-%m");
    let mut calendar = Calendar::new();
    calendar.name(&format!("tiers revisits {month}"));
    for (visit, line) in plan.scheduled.iter().zip(lines) {
        let Some(date) = visit.date else { continue };
        let uid: String = line
            .customer_id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let event = icalendar::Event::new()
            .uid(&format!("revisit-{month}-{uid}@tiers"))
            .timestamp(stamp)
            // DTEND is exclusive (RFC 5545, 3.6.1): an all-day event ends the next day.
            // icalendar's `all_day` writes the same date twice, an event of no length that
            // some calendars drop.
            .starts(date)
            .ends(date + chrono::Days::new(1))
            .summary(&format!(
                "{} {} ({})",
                line.customer_id, line.name, line.tier
            ))
            .description(&[line.why.as_str(), &line.talking_points, &line.phone].join("\n"))
            .add_property("CATEGORIES", &line.owner)
            .done();
        calendar.push(event);
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_sheet_names_are_names_excel_takes() {
        let taken = ["Plan", "Unassigned"];
        assert_eq!(sheet_name("Ann Lee", &taken), "Ann Lee");
        assert_eq!(sheet_name("unassigned", &taken), "unassigned 2");
        assert_eq!(sheet_name("a/b:c?", &taken), "a_b_c_");
        assert_eq!(sheet_name("'quoted'", &taken), "quoted");
        assert_eq!(sheet_name("  ", &taken), "_");
        assert_eq!(sheet_name("History", &taken), "_History");
        let long = "销售部华东大区第一小组组长王小明的客户回访计划表（二〇二六年版）";
        assert_eq!(sheet_name(long, &taken).chars().count(), 25);
        assert_eq!(sheet_name(" 'x' ", &taken), "x");
        assert_eq!(sheet_name("Émile", &["émile"]), "Émile 2");
        // Every one of these, each made unique among those before it, is accepted by
        // rust_xlsxwriter, which checks Excel's rules when the book is saved.
        let mut book = Workbook::new();
        let mut names: Vec<String> = Vec::new();
        let emoji = "😀".repeat(20);
        let quote_at_cut = format!("{}'b", "a".repeat(24));
        for owner in [
            "Ann Lee",
            "'x'",
            "  ",
            "History",
            long,
            "[*]",
            "émile",
            "Émile",
            &emoji,
            &quote_at_cut,
        ] {
            let taken: Vec<&str> = names.iter().map(String::as_str).collect();
            let name = sheet_name(owner, &taken);
            book.add_worksheet().set_name(&name).unwrap();
            names.push(name);
        }
        book.save_to_buffer().unwrap();
    }
}
