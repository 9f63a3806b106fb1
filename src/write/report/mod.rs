//! `tiers report`: the manager's monthly report. [`Report::build`] computes every figure once,
//! from a graded run and the snapshot it is compared with; [`xlsx`] and [`html`] draw the same
//! figures as a workbook with native charts and as one self-contained web page, and `--json`
//! prints them.
//!
//! Contact details are masked here, when the report is built, so that no renderer can leak them.

pub mod html;
mod svg;
pub mod words;
pub mod xlsx;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use super::labels::{fill, labels, tier_name};
use super::overview::{self, Breakdown, Migration};
use super::{Summary, TierLine};
use crate::config::Config;
use crate::issues::{Action, DataIssue};
use crate::model::Lang;
use crate::pipeline::Graded;
use crate::pipeline::aggregate::Metrics;
use crate::pipeline::behaviour::{Label, Segment};
use crate::pipeline::columns::Field;
use crate::pipeline::previous::{Previous, Snapshot};
use words::ReportWords;

/// How many customers the top list shows.
pub const TOP_CUSTOMERS: usize = 20;
/// The shares of customers whose share of spend the concentration table gives, in percent.
pub const TOP_PERCENTS: [u32; 3] = [1, 5, 20];

/// Everything the report shows, with names already in the report's language.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The as-of date graded.
    pub as_of: NaiveDate,
    /// The scoring window.
    pub window: [NaiveDate; 2],
    /// The tiers, highest first.
    pub tiers: Vec<TierInfo>,
    /// Headline figures.
    pub headline: Headline,
    /// Customers and spend per tier.
    pub distribution: Vec<TierLine>,
    /// Customers per tier in the compared snapshot, when there is one.
    pub previous_distribution: Option<Vec<usize>>,
    /// How much of the spend the best customers bring.
    pub concentration: Concentration,
    /// Who moved between tiers since the compared snapshot.
    pub migration: Migration,
    /// Customers by behavioural segment and tier.
    pub segments: Breakdown,
    /// Customers by region and tier, when the inputs have a region column.
    pub regions: Option<Breakdown>,
    /// Customers by industry and tier, when the inputs have an industry column.
    pub industries: Option<Breakdown>,
    /// Customers by owner and tier, when the workbook or the inputs name owners.
    pub owners: Option<Breakdown>,
    /// The customers with the highest net spend.
    pub top: Vec<CustomerLine>,
    /// Valuable customers who are slipping, and why.
    pub at_risk: Vec<AtRisk>,
    /// Customers whose first purchase falls after `new_since`.
    pub new_customers: Vec<CustomerLine>,
    /// The start of the period new customers are counted from (exclusive).
    pub new_since: NaiveDate,
    /// Input rows not used or used with a note, by reason.
    pub data_quality: Vec<IssueCount>,
    /// Why the rows not used cannot be told, when they cannot (the workbook's Data issues
    /// sheet was deleted or edited).
    pub data_quality_unknown: Option<String>,
    /// Whether contact details are masked.
    pub redacted: bool,
}

/// A tier's name and colour.
#[derive(Debug, Clone, Serialize)]
pub struct TierInfo {
    /// The tier's name, stable for scripts whatever `--lang` (as `score --json` gives it).
    pub key: String,
    /// In the report's language.
    pub name: String,
    /// `#RRGGBB`, when configured.
    pub colour: Option<String>,
}

/// The figures at the top of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    /// All customers graded.
    pub customers: usize,
    /// Customers with a counted purchase in the window.
    pub active_customers: usize,
    /// Counted orders in the window.
    pub orders: u64,
    /// Net spend in the window.
    pub net_spend: f64,
    /// The compared snapshot's figures.
    pub previous: Option<PreviousFigures>,
}

/// What the compared snapshot shows.
#[derive(Debug, Clone, Serialize)]
pub struct PreviousFigures {
    /// Its as-of date.
    pub as_of: NaiveDate,
    /// Customers graded then.
    pub customers: usize,
    /// Net spend in that run's window.
    pub net_spend: f64,
}

/// Share of spend of the best customers.
#[derive(Debug, Clone, Serialize)]
pub struct Concentration {
    /// Net spend counted, each customer's floored at zero (refunds beyond purchases do not
    /// make a customer's share negative).
    pub total: f64,
    /// The top 1%, 5% and 20% of customers.
    pub tops: Vec<TopShare>,
    /// The Pareto curve: entry `k` is the share of spend of the top `k`% of customers,
    /// `k` from 0 to 100.
    pub curve: Vec<f64>,
}

/// The share of spend of a top slice of customers.
#[derive(Debug, Clone, Serialize)]
pub struct TopShare {
    /// The slice, in percent of all customers.
    pub percent: u32,
    /// How many customers that is (rounded up).
    pub customers: usize,
    /// Their share of the spend.
    pub share: f64,
}

/// One customer in a list.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerLine {
    /// Customer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Index of the tier.
    pub tier: usize,
    /// The tier in the compared snapshot, when the customer was in it.
    pub previous_tier: Option<usize>,
    /// Score.
    pub score: f64,
    /// Net spend in the window.
    pub net_spend: f64,
    /// Share of all customers' net spend.
    pub spend_share: f64,
    /// Counted orders in the window.
    pub orders: u32,
    /// First counted purchase.
    pub first_order: Option<NaiveDate>,
    /// Last counted purchase.
    pub last_order: Option<NaiveDate>,
    /// Behavioural segment's key, stable for scripts (as `explain --json` gives it).
    #[serde(rename = "segment")]
    pub segment_key: &'static str,
    /// Behavioural segment, in the report's language.
    #[serde(rename = "segment_label")]
    pub segment: String,
    /// Region, when given.
    pub region: Option<String>,
    /// Owner, when given.
    pub owner: Option<String>,
    /// Contact person (masked with `--redact`).
    pub contact: Option<String>,
    /// Phone (masked with `--redact`).
    pub phone: Option<String>,
    /// E-mail (masked with `--redact`).
    pub email: Option<String>,
}

/// A valuable customer at risk.
#[derive(Debug, Clone, Serialize)]
pub struct AtRisk {
    /// The customer.
    pub customer: CustomerLine,
    /// Why they are at risk, most pressing first.
    pub reasons: Vec<Risk>,
}

/// Why a customer is at risk.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Risk {
    /// Lower than in the compared snapshot.
    TierDropped {
        /// The snapshot's tier.
        from: usize,
    },
    /// Their segment is one of slipping away (at risk; in RFM, also can't lose them).
    Segment,
    /// The lifetime value model gives them a low chance of still being a customer.
    LowPAlive {
        /// P(alive).
        p_alive: f64,
    },
}

impl Report {
    /// What the data quality part says instead of a table: that every row was used, or why
    /// the rows not used cannot be told; `None` when there is a table to show.
    pub fn data_quality_note(&self, words: &ReportWords) -> Option<String> {
        match &self.data_quality_unknown {
            Some(why) => Some(fill(words.unknown_issues, &[("why", why)])),
            None => self
                .data_quality
                .is_empty()
                .then(|| words.all_rows_used.to_owned()),
        }
    }
}

impl Risk {
    /// In words, naming tiers as `report` does.
    pub fn describe(self, report: &Report, words: &ReportWords) -> String {
        match self {
            Risk::TierDropped { from } => {
                let name = report.tiers.get(from).map_or("?", |t| t.name.as_str());
                fill(words.risk_dropped, &[("from", &name)])
            }
            Risk::Segment => words.risk_segment.to_owned(),
            Risk::LowPAlive { p_alive } => fill(
                words.risk_p_alive,
                &[("p", &format!("{:.2}", super::round(p_alive, 2)))],
            ),
        }
    }
}

/// The columns a customer list can show, in the order of
/// [`customer_headers`](ReportWords::customer_headers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Position in the list.
    Rank,
    /// Customer id.
    Id,
    /// Name.
    Name,
    /// Tier now.
    Tier,
    /// Tier in the compared snapshot.
    TierThen,
    /// Score.
    Score,
    /// Net spend.
    Spend,
    /// Share of all net spend.
    Share,
    /// Counted orders.
    Orders,
    /// First counted purchase.
    First,
    /// Last counted purchase.
    Last,
    /// Behavioural segment.
    Segment,
    /// Region.
    Region,
    /// Owner.
    Owner,
    /// Contact person.
    Contact,
    /// Phone.
    Phone,
    /// E-mail.
    Email,
    /// Why the customer is at risk.
    Why,
}

impl Column {
    /// The header in the report's words.
    pub fn header(self, words: &ReportWords) -> &'static str {
        words.customer_headers[self as usize]
    }
}

/// Whether a customer line fills an optional column.
type Has = fn(&CustomerLine) -> bool;

/// The columns of a customer list. The tier then, region, owner and contact details appear
/// only when some line has them, so a run without owners or contacts shows no empty columns;
/// the first order only for `first` (new customers), why only for `why` (customers at risk).
pub fn columns(lines: &[&CustomerLine], first: bool, why: bool) -> Vec<Column> {
    let any = |has: Has| lines.iter().any(|line| has(line));
    let mut columns = vec![Column::Rank, Column::Id, Column::Name, Column::Tier];
    if any(|l| l.previous_tier.is_some()) {
        columns.push(Column::TierThen);
    }
    columns.extend([Column::Score, Column::Spend, Column::Share, Column::Orders]);
    if first {
        columns.push(Column::First);
    }
    columns.extend([Column::Last, Column::Segment]);
    let optional: [(Column, Has); 5] = [
        (Column::Region, |l| l.region.is_some()),
        (Column::Owner, |l| l.owner.is_some()),
        (Column::Contact, |l| l.contact.is_some()),
        (Column::Phone, |l| l.phone.is_some()),
        (Column::Email, |l| l.email.is_some()),
    ];
    columns.extend(
        optional
            .iter()
            .filter(|(_, has)| any(*has))
            .map(|(c, _)| *c),
    );
    if why {
        columns.push(Column::Why);
    }
    columns
}

/// Rows not used (or used with a note) for one reason.
#[derive(Debug, Clone, Serialize)]
pub struct IssueCount {
    /// The reason, as the Data issues sheet words it.
    pub reason: String,
    /// Whether the rows were skipped (rather than used with a note).
    pub skipped: bool,
    /// How many rows.
    pub rows: usize,
}

/// What the report is built from besides the graded run.
pub struct Basis<'a> {
    /// The report's language.
    pub lang: Lang,
    /// The configuration graded with.
    pub config: &'a Config,
    /// The management workbook read back, for owners and the names of customers who left.
    pub previous: Option<&'a Previous>,
    /// The snapshot to compare with: its date and lines.
    pub compare: Option<(NaiveDate, Vec<Snapshot>)>,
    /// Rows the grading did not use or used with a note: reason and action, per row; or why
    /// they cannot be told.
    pub issues: Result<Vec<(String, Action)>, String>,
    /// Mask contact details.
    pub redact: bool,
}

impl Report {
    /// Computes every figure of the report.
    pub fn build(graded: &Graded, as_of: NaiveDate, basis: &Basis<'_>) -> Self {
        let config = basis.config;
        let lang = basis.lang;
        let levels = &config.tiers.levels;
        let summary = Summary::of(graded, config);
        let (compare_date, snapshot) = match &basis.compare {
            Some((date, lines)) => (Some(*date), lines.as_slice()),
            None => (None, &[][..]),
        };
        let migration = Migration::between(graded, snapshot, compare_date, levels, |id| {
            basis
                .previous
                .and_then(|p| p.row(id))
                .map(|r| r.name.clone())
                .unwrap_or_default()
        });
        let before = overview::tiers_then(snapshot, levels);
        let owners = owners(graded, basis.previous);
        let concentration = concentration(graded.metrics.iter().map(Metrics::net_spend));
        let lines = Lines {
            graded,
            basis,
            total: concentration.total,
            before: &before,
            owners: owners.as_deref(),
        };
        let new_since = compare_date.unwrap_or_else(|| month_before(as_of));
        let lists = lines.lists(&before, as_of, new_since);
        let l = labels(lang);
        let owners = owners.map(|values| {
            let groups = overview::text_groups(&values, l);
            Breakdown::of(
                words::words(lang).owners_title,
                &groups,
                graded,
                levels.len(),
            )
        });
        Self {
            as_of,
            window: [graded.window.start, graded.window.end],
            tiers: levels
                .iter()
                .map(|level| TierInfo {
                    key: level.name.clone(),
                    name: tier_name(level, lang).to_owned(),
                    colour: level.colour.clone(),
                })
                .collect(),
            headline: Headline {
                customers: summary.customers,
                active_customers: summary.active_customers,
                orders: summary.orders,
                net_spend: summary.net_spend,
                previous: compare_date.map(|d| PreviousFigures {
                    as_of: d,
                    customers: snapshot.len(),
                    net_spend: snapshot.iter().map(|s| s.net_spend).sum(),
                }),
            },
            previous_distribution: compare_date.map(|_| {
                let mut counts = vec![0; levels.len()];
                for &t in before.values() {
                    counts[t] += 1;
                }
                counts
            }),
            distribution: summary.tiers,
            concentration,
            migration,
            segments: overview::by_segment(graded, config, lang),
            regions: overview::by_field(graded, Field::Region, config, lang),
            industries: overview::by_field(graded, Field::Industry, config, lang),
            owners,
            top: lists.0,
            at_risk: lists.1,
            new_customers: lists.2,
            new_since,
            data_quality: basis
                .issues
                .as_deref()
                .map(issue_counts)
                .unwrap_or_default(),
            data_quality_unknown: basis.issues.as_ref().err().cloned(),
            redacted: basis.redact,
        }
    }
}

/// Builds [`CustomerLine`]s.
struct Lines<'a> {
    graded: &'a Graded,
    basis: &'a Basis<'a>,
    /// The spend shares are of: net spend floored at zero per customer, as in the
    /// concentration figures.
    total: f64,
    before: &'a FxHashMap<&'a str, usize>,
    owners: Option<&'a [Option<String>]>,
}

impl Lines<'_> {
    /// The top customers by net spend, the valuable ones at risk and the new ones, each list
    /// by net spend.
    fn lists(
        &self,
        before: &FxHashMap<&str, usize>,
        as_of: NaiveDate,
        new_since: NaiveDate,
    ) -> (Vec<CustomerLine>, Vec<AtRisk>, Vec<CustomerLine>) {
        let graded = self.graded;
        let mut by_spend: Vec<usize> = graded.ranking.clone();
        by_spend.sort_by(|&a, &b| {
            graded.metrics[b]
                .net_spend()
                .total_cmp(&graded.metrics[a].net_spend())
        });
        let top = by_spend
            .iter()
            .take(TOP_CUSTOMERS)
            .map(|&i| self.line(i))
            .collect();
        let at_risk = by_spend
            .iter()
            .filter_map(|&i| {
                let reasons = risks(
                    graded,
                    i,
                    before.get(graded.data.customers[i].id.as_str()),
                    self.basis.config,
                );
                (!reasons.is_empty()).then(|| AtRisk {
                    customer: self.line(i),
                    reasons,
                })
            })
            .collect();
        let new_customers = by_spend
            .iter()
            .filter(|&&i| {
                graded.metrics[i]
                    .first_order
                    .is_some_and(|d| d > new_since && d <= as_of)
            })
            .map(|&i| self.line(i))
            .collect();
        (top, at_risk, new_customers)
    }

    fn line(&self, i: usize) -> CustomerLine {
        let g = self.graded;
        let customer = &g.data.customers[i];
        let m = &g.metrics[i];
        let attribute = |field| {
            g.data
                .attribute(i as u32, field)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let masked = |field, mask: fn(&str) -> String| {
            attribute(field).map(|v| if self.basis.redact { mask(&v) } else { v })
        };
        CustomerLine {
            id: customer.id.clone(),
            name: customer.name.clone(),
            tier: g.tiers[i],
            previous_tier: self.before.get(customer.id.as_str()).copied(),
            score: g.scores[i].total,
            net_spend: m.net_spend(),
            spend_share: if self.total > 0.0 {
                m.net_spend().max(0.0) / self.total
            } else {
                0.0
            },
            orders: m.orders,
            first_order: m.first_order,
            last_order: m.last_order,
            segment_key: g.segments[i].segment.key(),
            segment: labels(self.basis.lang)
                .segment(g.segments[i].segment)
                .to_owned(),
            region: attribute(Field::Region),
            owner: self.owners.and_then(|o| o[i].clone()),
            contact: masked(Field::Contact, mask_name),
            phone: masked(Field::Phone, mask_phone),
            email: masked(Field::Email, mask_email),
        }
    }
}

/// Why customer `i` is a valuable customer at risk; empty when they are not. Valuable means
/// above the lowest tier now or in the compared snapshot.
fn risks(graded: &Graded, i: usize, before: Option<&usize>, config: &Config) -> Vec<Risk> {
    let lowest = config.tiers.levels.len() - 1;
    let tier = graded.tiers[i];
    if tier == lowest && before.is_none_or(|&b| b == lowest) {
        return Vec::new();
    }
    let mut reasons = Vec::new();
    if let Some(&from) = before.filter(|&&from| from < tier) {
        reasons.push(Risk::TierDropped { from });
    }
    let slipping = match graded.segments[i].segment {
        Label::Rule(segment) => segment == Segment::AtRisk,
        Label::Rfm(_) => matches!(
            graded.segments[i].segment.key(),
            "at_risk" | "cant_lose_them"
        ),
    };
    if slipping {
        reasons.push(Risk::Segment);
    }
    if let Some(v) = graded.clv.values[i].filter(|v| v.p_alive < config.revisit.p_alive_below) {
        reasons.push(Risk::LowPAlive { p_alive: v.p_alive });
    }
    reasons
}

/// The same day a month earlier; the end of the month before for a month's last day, so that
/// month-end reports cover whole months and never count a customer twice.
fn month_before(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    if (date + chrono::Days::new(1)).day() == 1 {
        first - chrono::Days::new(1)
    } else {
        date - Months::new(1)
    }
}

/// The Pareto figures, from each customer's net spend floored at zero.
fn concentration(net_spend: impl Iterator<Item = f64>) -> Concentration {
    let mut spend: Vec<f64> = net_spend.map(|s| s.max(0.0)).collect();
    spend.sort_by(|a, b| b.total_cmp(a));
    let total: f64 = spend.iter().sum();
    let mut cumulative = Vec::with_capacity(spend.len() + 1);
    cumulative.push(0.0);
    for s in &spend {
        cumulative.push(cumulative.last().copied().unwrap_or(0.0) + s);
    }
    let n = spend.len();
    let top = |percent: u32| (n * percent as usize).div_ceil(100);
    let share = |k: usize| {
        if total > 0.0 {
            cumulative[k] / total
        } else {
            0.0
        }
    };
    Concentration {
        total,
        tops: TOP_PERCENTS
            .iter()
            .map(|&percent| TopShare {
                percent,
                customers: top(percent),
                share: share(top(percent)),
            })
            .collect(),
        curve: (0..=100).map(|k| share(top(k))).collect(),
    }
}

/// Each customer's owner ([`Previous::owner`]): the customers input's owner column, else the
/// management workbook's Owner column; `None` when neither names any owner.
fn owners(graded: &Graded, previous: Option<&Previous>) -> Option<Vec<Option<String>>> {
    let owners: Vec<Option<String>> = graded
        .data
        .customers
        .iter()
        .map(|c| Previous::owner_text(previous, c))
        .collect();
    owners.iter().any(Option::is_some).then_some(owners)
}

/// Rows not used, by reason: skipped rows first, the most common reason first.
fn issue_counts(issues: &[(String, Action)]) -> Vec<IssueCount> {
    let mut counts: BTreeMap<(Action, &str), usize> = BTreeMap::new();
    for (reason, action) in issues {
        *counts.entry((*action, reason.as_str())).or_default() += 1;
    }
    let mut lines: Vec<IssueCount> = counts
        .into_iter()
        .map(|((action, reason), rows)| IssueCount {
            reason: reason.to_owned(),
            skipped: action == Action::Skipped,
            rows,
        })
        .collect();
    lines.sort_by_key(|l| (!l.skipped, std::cmp::Reverse(l.rows)));
    lines
}

/// A grading run's own issues as (reason, action) per row, the reason in `lang`.
pub fn issues_of(issues: &[DataIssue], lang: Lang) -> Vec<(String, Action)> {
    issues
        .iter()
        .map(|i| (i.reason.get(lang).to_owned(), i.action))
        .collect()
}

/// `张三` → `张**`: the first character kept.
fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    let first = chars.next().map(String::from).unwrap_or_default();
    first + &"*".repeat(chars.count().clamp(2, 6))
}

/// `138 1234 5678` → `*** **** 5678`: only the last four digits kept.
fn mask_phone(phone: &str) -> String {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    phone
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen + 4 > digits { c } else { '*' }
            } else if c.is_alphanumeric() {
                '*'
            } else {
                c
            }
        })
        .collect()
}

/// `lin.wei@example.com` → `l***@example.com`; every address of a cell that holds several.
fn mask_email(email: &str) -> String {
    if !email.contains('@') {
        return mask_name(email);
    }
    let mut masked = String::with_capacity(email.len());
    let mut word = String::new();
    let flush = |word: &mut String, masked: &mut String| {
        match word.split_once('@') {
            Some((local, domain)) => {
                let first = local.chars().next().unwrap_or('*');
                masked.push(first);
                masked.push_str("***@");
                masked.push_str(domain);
            }
            None => masked.push_str(word),
        }
        word.clear();
    };
    for c in email.chars() {
        if c.is_whitespace() || matches!(c, ';' | ',' | '/' | '|' | '；' | '，' | '、') {
            flush(&mut word, &mut masked);
            masked.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut masked);
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_a_hint() {
        assert_eq!(mask_name("张三"), "张**");
        assert_eq!(mask_name("Margaret Chen"), "M******");
        assert_eq!(mask_phone("138 1234 5678"), "*** **** 5678");
        assert_eq!(mask_phone("+86-21-5555-0123"), "+**-**-****-0123");
        assert_eq!(mask_phone("123"), "123");
        assert_eq!(mask_email("lin.wei@example.com"), "l***@example.com");
        assert_eq!(mask_email("not an address"), "n******");
        assert_eq!(
            mask_email("ann.lee@alpha.com; bob.wu@alpha.com"),
            "a***@alpha.com; b***@alpha.com"
        );
    }

    #[test]
    fn concentration_ranks_by_spend_and_floors_refunds_at_zero() {
        // 200 customers: one spends 500, nine 50, the rest 0 but one refunded 30.
        let spend = [500.0]
            .into_iter()
            .chain([50.0; 9])
            .chain([-30.0])
            .chain([0.0; 189]);
        let c = concentration(spend);
        assert_eq!(c.total, 950.0);
        let tops: Vec<(u32, usize)> = c.tops.iter().map(|t| (t.percent, t.customers)).collect();
        assert_eq!(tops, [(1, 2), (5, 10), (20, 40)]);
        assert!((c.tops[0].share - 550.0 / 950.0).abs() < 1e-12);
        assert!((c.tops[1].share - 1.0).abs() < 1e-12);
        assert_eq!(c.curve.len(), 101);
        assert_eq!(c.curve[0], 0.0);
        assert!((c.curve[100] - 1.0).abs() < 1e-12);
        assert!(
            c.curve.windows(2).all(|w| w[0] <= w[1]),
            "the curve never falls"
        );
        let none = concentration([0.0, -5.0].into_iter());
        assert!(none.curve.iter().all(|s| *s == 0.0), "no spend, no shares");
    }

    #[test]
    fn the_period_before_a_month_end_is_the_whole_month() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(month_before(d("2026-06-30")), d("2026-05-31"));
        assert_eq!(month_before(d("2026-05-31")), d("2026-04-30"));
        assert_eq!(month_before(d("2026-03-31")), d("2026-02-28"));
        assert_eq!(month_before(d("2026-03-15")), d("2026-02-15"));
    }

    #[test]
    fn issues_are_counted_by_reason_skipped_first() {
        let issues = [
            ("bad date".to_owned(), Action::Skipped),
            ("note".to_owned(), Action::Noted),
            ("bad amount".to_owned(), Action::Skipped),
            ("bad date".to_owned(), Action::Skipped),
        ];
        let counts = issue_counts(&issues);
        let seen: Vec<(&str, bool, usize)> = counts
            .iter()
            .map(|c| (c.reason.as_str(), c.skipped, c.rows))
            .collect();
        assert_eq!(
            seen,
            [
                ("bad date", true, 2),
                ("bad amount", true, 1),
                ("note", false, 1)
            ]
        );
    }
}
