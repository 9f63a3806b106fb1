//! Step 7: the month's revisit plan. Who is due (their cadence since the last contact has run
//! out, or something happened that makes them due now), why, in what order, and on which
//! working day, within each owner's daily capacity. Nothing due is dropped: what does not fit
//! the month, or has no owner, is listed as such.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use rustc_hash::FxHashMap;

use crate::config::{Config, RevisitConfig};
use crate::model::Sym;
use crate::pipeline::Graded;
use crate::pipeline::previous::{Builtin, Previous, RevisitLog, date_of};
use crate::pipeline::segment::Change;

/// Days between visits for a tier the config gives no cadence.
const DEFAULT_CADENCE_DAYS: u32 = 91;

/// A month to plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    /// Its first day.
    pub first: NaiveDate,
    /// Its last day.
    pub last: NaiveDate,
}

impl Month {
    /// The month `date` falls in.
    pub fn of(date: NaiveDate) -> Self {
        let first = date.with_day(1).unwrap_or(date);
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(first);
        Self {
            first,
            last: next.pred_opt().unwrap_or(first),
        }
    }

    /// The month after this one.
    #[must_use]
    pub fn next(self) -> Self {
        Self::of(self.last.succ_opt().unwrap_or(self.last))
    }

    /// `YYYY-MM`, `this` or `next` (relative to `today`).
    ///
    /// # Errors
    /// When the text is none of those.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Self, String> {
        match text {
            "this" => Ok(Self::of(today)),
            "next" => Ok(Self::of(today).next()),
            _ => NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
                .map(Self::of)
                .map_err(|_| format!("\"{text}\" is not a month: use YYYY-MM, this or next")),
        }
    }

    /// Its working days under the config: working weekdays less holidays, plus worked
    /// weekend days.
    pub fn working_days(self, config: &RevisitConfig) -> Vec<NaiveDate> {
        let weekdays: Vec<Weekday> = config
            .weekdays
            .iter()
            .filter_map(|d| d.parse().ok())
            .collect();
        self.first
            .iter_days()
            .take_while(|d| *d <= self.last)
            .filter(|d| {
                config.working_days.contains(d)
                    || (weekdays.contains(&d.weekday()) && !config.holidays.contains(d))
            })
            .collect()
    }
}

/// Why a customer is due.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Never contacted.
    NeverContacted,
    /// The cadence since the last contact runs out on `due`.
    Cadence {
        /// The last contact.
        last: NaiveDate,
        /// Days between visits for this customer.
        days: u32,
        /// When the next visit is due.
        due: NaiveDate,
    },
    /// The tier fell since the last run.
    TierDropped,
    /// Overdue against their own order cycle.
    OrderOverdue,
    /// A complaint on this date, recent enough to follow up.
    Complaint(Option<NaiveDate>),
    /// The probability of being alive has fallen low.
    LowPAlive(f64),
}

impl Reason {
    /// Whether the reason makes the customer due now, whatever the cadence says.
    pub fn is_trigger(&self) -> bool {
        !matches!(self, Reason::Cadence { .. })
    }
}

/// What the plan needs to know of one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index of the customer.
    pub customer: usize,
    /// Index of the tier, 0 the highest.
    pub tier: usize,
    /// Days between visits.
    pub cadence_days: u32,
    /// The last contact, from the Last contact column or the Revisit log.
    pub last_contact: Option<NaiveDate>,
    /// The owner, empty when none.
    pub owner: String,
    /// Events that make the customer due now.
    pub triggers: Vec<Reason>,
    /// Net spend, to order customers of a tier.
    pub value: f64,
}

/// One planned visit.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// Index of the customer.
    pub customer: usize,
    /// Who visits.
    pub owner: String,
    /// The day; `None` when it did not fit the month or there is no owner.
    pub date: Option<NaiveDate>,
    /// Why the customer is due, most pressing first.
    pub reasons: Vec<Reason>,
}

/// The plan: visits in date order, then those without a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The month planned.
    pub month: Month,
    /// Visits with a date, by date and owner.
    pub scheduled: Vec<Visit>,
    /// Due, but without an owner.
    pub unassigned: Vec<Visit>,
    /// Due, but past their owner's capacity this month.
    pub overflow: Vec<Visit>,
}

impl Plan {
    /// Whether nothing could be planned because none of the customers due has an owner.
    pub fn wants_owners(&self) -> bool {
        self.scheduled.is_empty() && !self.unassigned.is_empty()
    }
}

/// Every graded customer as a candidate: cadence from their tier and segment, owner and last
/// contact from the workbook (the Last contact column or the Revisit log, whichever is later),
/// and what happened that makes them due now.
pub fn candidates(
    graded: &Graded,
    previous: &Previous,
    config: &Config,
    as_of: NaiveDate,
) -> Vec<Candidate> {
    let r = &config.revisit;
    let visits = previous
        .revisit_log
        .as_ref()
        .map(RevisitLog::last_visits)
        .unwrap_or_default();
    let complaint_since = as_of - chrono::Days::new(u64::from(r.complaint_days));
    let mut complaints: Vec<Option<NaiveDate>> = vec![None; graded.data.customers.len()];
    for f in graded.data.feedback.iter().filter(|f| f.complaint) {
        if let Some(date) = f.date.filter(|d| *d >= complaint_since && *d <= as_of) {
            let latest = &mut complaints[f.customer as usize];
            *latest = (*latest).max(Some(date));
        }
    }
    graded
        .data
        .customers
        .iter()
        .enumerate()
        .map(|(i, customer)| {
            let tier = graded.tiers[i];
            let segment = graded.segments[i].segment.key();
            let tier_days = r.tier_days.get(tier).or(r.tier_days.last());
            let cadence_days = [tier_days, r.segment_days.get(segment)]
                .into_iter()
                .flatten()
                .min()
                .copied()
                .unwrap_or(DEFAULT_CADENCE_DAYS);
            let owner = Previous::owner_text(Some(previous), customer).unwrap_or_default();
            let written = previous
                .manual(&customer.id, Builtin::LastContact)
                .and_then(date_of);
            let last_contact = written.max(visits.get(&customer.id).copied());
            let mut triggers = Vec::new();
            if graded.changes[i] == Change::Down {
                triggers.push(Reason::TierDropped);
            }
            if graded.preferences[i].overdue && graded.metrics[i].is_active() {
                triggers.push(Reason::OrderOverdue);
            }
            if let Some(date) = complaints[i] {
                triggers.push(Reason::Complaint(Some(date)));
            }
            if let Some(v) = graded.clv.values[i].filter(|v| v.p_alive < r.p_alive_below) {
                triggers.push(Reason::LowPAlive(v.p_alive));
            }
            Candidate {
                customer: i,
                tier,
                cadence_days,
                last_contact,
                owner,
                triggers,
                value: graded.metrics[i].net_spend(),
            }
        })
        .collect()
}

/// Products to suggest: in a customer's favourite categories, the ones that sell best (by
/// purchase value across all customers) that this customer has not bought.
pub struct Suggester<'g> {
    graded: &'g Graded,
    /// Per category, its products best-selling first.
    ranked: FxHashMap<Sym, Vec<Sym>>,
}

impl<'g> Suggester<'g> {
    /// Ranks every category's products once.
    pub fn new(graded: &'g Graded) -> Self {
        let mut sales: FxHashMap<Sym, FxHashMap<Sym, f64>> = FxHashMap::default();
        for order in graded.data.orders.iter().filter(|o| o.is_purchase()) {
            if let (Some(category), Some(product)) = (order.category, order.product) {
                *sales
                    .entry(category)
                    .or_default()
                    .entry(product)
                    .or_default() += order.amount;
            }
        }
        let symbols = &graded.data.symbols;
        let ranked = sales
            .into_iter()
            .map(|(category, products)| {
                let mut products: Vec<(Sym, f64)> = products.into_iter().collect();
                products.sort_by(|a, b| {
                    b.1.total_cmp(&a.1)
                        .then_with(|| symbols.get(a.0).cmp(symbols.get(b.0)))
                });
                (category, products.into_iter().map(|(p, _)| p).collect())
            })
            .collect();
        Self { graded, ranked }
    }

    /// Up to `n` products for customer `i`: from their favourite categories in turn, the
    /// best-selling ones they have not bought.
    pub fn for_customer(&self, i: usize, n: usize) -> Vec<Sym> {
        let g = self.graded;
        let history = &g.history;
        let customer = |k: &u32| g.data.orders[*k as usize].customer as usize;
        let start = history.partition_point(|k| customer(k) < i);
        let end = history.partition_point(|k| customer(k) <= i);
        let bought: Vec<Sym> = history[start..end]
            .iter()
            .filter_map(|&k| g.data.orders[k as usize].product)
            .collect();
        g.preferences[i]
            .categories
            .iter()
            .filter_map(|(category, _)| self.ranked.get(category))
            .flatten()
            .filter(|p| !bought.contains(p))
            .take(n)
            .copied()
            .collect()
    }
}

/// Plans the month: every candidate due by the month's end, or with a trigger, gets the
/// earliest working day (not before they are due) on which their owner has room, in order of
/// tier, then triggers, then value.
pub fn plan(candidates: &[Candidate], month: Month, config: &RevisitConfig) -> Plan {
    let mut due: Vec<(&Candidate, NaiveDate, Vec<Reason>)> = candidates
        .iter()
        .filter_map(|c| {
            let mut reasons = c.triggers.clone();
            let due_on = match c.last_contact {
                None => {
                    reasons.insert(0, Reason::NeverContacted);
                    month.first
                }
                Some(last) => {
                    let due = last + chrono::Days::new(u64::from(c.cadence_days));
                    if due <= month.last {
                        reasons.push(Reason::Cadence {
                            last,
                            days: c.cadence_days,
                            due,
                        });
                    }
                    if reasons.iter().any(Reason::is_trigger) {
                        month.first
                    } else {
                        due
                    }
                }
            };
            (!reasons.is_empty()).then_some((c, due_on.max(month.first), reasons))
        })
        .collect();
    due.sort_by(|a, b| {
        let triggers = |r: &[Reason]| r.iter().filter(|r| r.is_trigger()).count();
        (a.0.tier, std::cmp::Reverse(triggers(&a.2)), a.1)
            .cmp(&(b.0.tier, std::cmp::Reverse(triggers(&b.2)), b.1))
            .then(b.0.value.total_cmp(&a.0.value))
            .then(a.0.customer.cmp(&b.0.customer))
    });
    let days = month.working_days(config);
    let mut booked: BTreeMap<(String, NaiveDate), u32> = BTreeMap::new();
    let (mut scheduled, mut unassigned, mut overflow) = (Vec::new(), Vec::new(), Vec::new());
    for (c, due_on, reasons) in due {
        let owner = if c.owner.is_empty() {
            config.default_owner.clone()
        } else {
            c.owner.clone()
        };
        let mut visit = Visit {
            customer: c.customer,
            owner,
            date: None,
            reasons,
        };
        if visit.owner.is_empty() {
            unassigned.push(visit);
            continue;
        }
        let day = days.iter().copied().find(|d| {
            *d >= due_on
                && booked
                    .get(&(visit.owner.clone(), *d))
                    .is_none_or(|n| *n < config.per_day)
        });
        match day {
            Some(d) => {
                *booked.entry((visit.owner.clone(), d)).or_default() += 1;
                visit.date = Some(d);
                scheduled.push(visit);
            }
            None => overflow.push(visit),
        }
    }
    scheduled.sort_by(|a, b| (a.date, &a.owner).cmp(&(b.date, &b.owner)));
    Plan {
        month,
        scheduled,
        unassigned,
        overflow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn candidate(customer: usize, tier: usize, last: Option<&str>, owner: &str) -> Candidate {
        Candidate {
            customer,
            tier,
            cadence_days: [14, 30, 91, 182][tier],
            last_contact: last.map(date),
            owner: owner.to_owned(),
            triggers: Vec::new(),
            value: 0.0,
        }
    }

    #[test]
    fn months_and_their_working_days() {
        let december = Month::parse("2026-12", date("2026-11-22")).unwrap();
        assert_eq!(
            (december.first, december.last),
            (date("2026-12-01"), date("2026-12-31"))
        );
        assert_eq!(Month::parse("next", date("2026-11-22")).unwrap(), december);
        assert!(Month::parse("December", date("2026-11-22")).is_err());
        let config = RevisitConfig {
            holidays: vec![date("2026-12-25")],
            working_days: vec![date("2026-12-26")],
            ..RevisitConfig::default()
        };
        let days = december.working_days(&config);
        // 23 weekdays in December 2026, less Christmas, plus the Saturday after.
        assert_eq!(days.len(), 23);
        assert!(!days.contains(&date("2026-12-25")) && days.contains(&date("2026-12-26")));
    }

    #[test]
    fn due_customers_get_days_by_priority_within_capacity() {
        let month = Month::parse("2026-12", date("2026-11-22")).unwrap();
        let config = RevisitConfig {
            per_day: 1,
            ..RevisitConfig::default()
        };
        let mut dropped = candidate(3, 2, Some("2026-11-20"), "Wang");
        dropped.triggers.push(Reason::TierDropped);
        let candidates = vec![
            // Gold, last seen 2026-11-10: due 2026-12-10 (a Thursday).
            candidate(0, 1, Some("2026-11-10"), "Wang"),
            // Diamond, never contacted: due now, first in line.
            candidate(1, 0, None, "Wang"),
            // Silver, seen recently: not due this month.
            candidate(2, 2, Some("2026-11-20"), "Wang"),
            // Silver, but dropped a tier: due now, after the diamond.
            dropped,
            // No owner and no default: unassigned.
            candidate(4, 0, None, ""),
        ];
        let plan = plan(&candidates, month, &config);
        let days: Vec<(usize, Option<NaiveDate>)> = plan
            .scheduled
            .iter()
            .map(|v| (v.customer, v.date))
            .collect();
        assert_eq!(
            days,
            [
                (1, Some(date("2026-12-01"))),
                (3, Some(date("2026-12-02"))),
                (0, Some(date("2026-12-10"))),
            ]
        );
        assert_eq!(plan.unassigned.len(), 1);
        assert!(plan.overflow.is_empty());
        assert_eq!(plan.scheduled[0].reasons, [Reason::NeverContacted]);
    }

    #[test]
    fn what_does_not_fit_the_month_is_reported() {
        let month = Month::parse("2026-12", date("2026-11-22")).unwrap();
        let config = RevisitConfig {
            per_day: 1,
            ..RevisitConfig::default()
        };
        // 30 customers never contacted for one owner seeing one a day: 23 working days.
        let candidates: Vec<Candidate> = (0..30).map(|i| candidate(i, 3, None, "Li")).collect();
        let plan = plan(&candidates, month, &config);
        assert_eq!(plan.scheduled.len(), 23);
        assert_eq!(plan.overflow.len(), 7);
    }
}
