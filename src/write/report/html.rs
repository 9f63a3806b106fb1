//! The report as one self-contained HTML page: CSS and SVG charts inline, no scripts, fonts
//! or other files to fetch, so that the page can be mailed, archived and printed as it is.
//! The same report always gives the same bytes.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::svg::{self, Bar, Marker};
use super::words::{ReportWords, words};
use super::{Column, CustomerLine, Report, Risk, TierInfo, columns};
use crate::model::Lang;
use crate::write::labels::fill;
use crate::write::overview::{Breakdown, Migration};
use crate::write::percent as pct;
use crate::write::table::{integer as int, money};

/// The colour of a tier that has none configured.
const NO_COLOUR: &str = "#9CA3AF";
/// What an empty cell shows.
const DASH: &str = "—";

/// The whole page, in `lang`.
pub fn render(report: &Report, lang: Lang) -> String {
    let page = Page {
        r: report,
        w: words(lang),
        colours: report.tiers.iter().map(colour).collect(),
    };
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · {as_of}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        lang = match lang {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        },
        title = escape(page.w.title),
        as_of = report.as_of,
    );
    page.header(&mut out);
    // In the order of `words.sections`; the ids are stable anchors that links and tests use.
    // Segments always exist; the other breakdowns say which column is missing.
    let sections: [(&str, Draw); 12] = [
        ("headline", |p, out| p.headline(out)),
        ("tiers", |p, out| p.tiers(out)),
        ("concentration", |p, out| p.concentration(out)),
        ("migration", |p, out| p.migration(out)),
        ("segments", |p, out| {
            p.breakdown(out, Some(&p.r.segments), 0);
        }),
        ("regions", |p, out| {
            p.breakdown(out, p.r.regions.as_ref(), 0);
        }),
        ("industries", |p, out| {
            p.breakdown(out, p.r.industries.as_ref(), 1);
        }),
        ("owners", |p, out| p.breakdown(out, p.r.owners.as_ref(), 2)),
        ("top", |p, out| p.top(out)),
        ("at-risk", |p, out| p.at_risk(out)),
        ("new", |p, out| p.new_customers(out)),
        ("data-quality", |p, out| p.data_quality(out)),
    ];
    for (k, (id, body)) in sections.into_iter().enumerate() {
        let _ = writeln!(
            out,
            "<section id=\"{id}\">\n<h2>{}</h2>",
            escape(page.w.sections[k])
        );
        body(&page, &mut out);
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// Escapes text for HTML element content and quoted attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A tier's colour when it is a well-formed `#RRGGBB` (it goes into a `style` attribute),
/// else grey.
fn colour(tier: &TierInfo) -> String {
    match &tier.colour {
        Some(c)
            if c.len() == 7
                && c.starts_with('#')
                && c[1..].chars().all(|d| d.is_ascii_hexdigit()) =>
        {
            c.clone()
        }
        _ => NO_COLOUR.to_owned(),
    }
}

/// Draws a section's body.
type Draw = fn(&Page<'_>, &mut String);

/// What the sections draw from.
struct Page<'a> {
    r: &'a Report,
    w: &'static ReportWords,
    /// Each tier's colour, checked.
    colours: Vec<String>,
}

impl Page<'_> {
    /// The title block: title, dates, what the report compares with, and whether contact
    /// details are masked.
    fn header(&self, out: &mut String) {
        let (r, w) = (self.r, self.w);
        let subtitle = fill(
            w.subtitle,
            &[
                ("as_of", &r.as_of),
                ("start", &r.window[0]),
                ("end", &r.window[1]),
            ],
        );
        let compared = match &r.headline.previous {
            Some(p) => fill(w.compared, &[("date", &p.as_of)]),
            None => w.not_compared.to_owned(),
        };
        let _ = write!(
            out,
            "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n<p>{}",
            escape(w.title),
            escape(&subtitle),
            escape(&compared),
        );
        if r.redacted {
            let _ = write!(out, " <span class=\"badge\">{}</span>", escape(w.redacted));
        }
        out.push_str("</p>\n</header>\n");
    }

    /// Four cards: customers, active customers, orders, net spend; the first and last with
    /// their change since the compared snapshot (the snapshot keeps no activity or orders).
    fn headline(&self, out: &mut String) {
        let (h, w) = (&self.r.headline, self.w);
        out.push_str("<div class=\"cards\">\n");
        let then = |value: String| {
            h.previous.as_ref().map(|p| {
                format!(
                    "{}: {value}",
                    fill(w.figure_headers[2], &[("date", &p.as_of)])
                )
            })
        };
        let cards = [
            (
                int(h.customers as u64),
                h.previous
                    .as_ref()
                    .map(|p| count_change(h.customers, p.customers)),
                then(
                    h.previous
                        .as_ref()
                        .map_or_else(String::new, |p| int(p.customers as u64)),
                ),
            ),
            (int(h.active_customers as u64), None, None),
            (int(h.orders), None, None),
            (
                money(h.net_spend),
                h.previous
                    .as_ref()
                    .map(|p| money_change(h.net_spend, p.net_spend)),
                then(
                    h.previous
                        .as_ref()
                        .map_or_else(String::new, |p| money(p.net_spend)),
                ),
            ),
        ];
        for (k, (value, change, then)) in cards.into_iter().enumerate() {
            let _ = write!(
                out,
                "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\">{value}</div>",
                escape(w.figures[k])
            );
            if let Some(change) = change {
                let _ = write!(out, "<div>{change}</div>");
            }
            if let Some(then) = then {
                let _ = write!(out, "<div class=\"then\">{}</div>", escape(&then));
            }
            out.push_str("</div>\n");
        }
        out.push_str("</div>\n");
    }

    /// The two bar charts side by side, then the tier table.
    fn tiers(&self, out: &mut String) {
        let (r, w) = (self.r, self.w);
        let bar = |line: &crate::write::TierLine, value: f64, text: String, share: f64| Bar {
            label: self.tier_name(line.tier).to_owned(),
            value,
            text,
            note: pct(share),
            colour: self.tier_colour(line.tier).to_owned(),
        };
        let customers: Vec<Bar> = r
            .distribution
            .iter()
            .map(|l| bar(l, l.customers as f64, int(l.customers as u64), l.share))
            .collect();
        let spend: Vec<Bar> = r
            .distribution
            .iter()
            .map(|l| bar(l, l.net_spend, whole(l.net_spend), l.spend_share))
            .collect();
        let _ = writeln!(
            out,
            "<div class=\"charts\">\n{}\n{}\n</div>",
            figure(w.charts[0], &svg::bars(w.charts[0], &customers)),
            figure(w.charts[1], &svg::bars(w.charts[1], &spend)),
        );
        let then = r.previous_distribution.as_ref();
        let h = &w.tier_headers;
        out.push_str("<table class=\"keep\">\n<thead><tr>");
        th(out, h[0], false);
        th(out, h[1], true);
        th(out, h[2], true);
        if then.is_some() {
            th(out, h[3], true);
            th(out, h[4], true);
        }
        for header in &h[5..] {
            th(out, header, true);
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for line in &r.distribution {
            let _ = write!(
                out,
                "<tr><td>{}</td>{}{}",
                self.tier(line.tier),
                num(&int(line.customers as u64)),
                num(&pct(line.share)),
            );
            if let Some(then) = then {
                let before = then.get(line.tier).copied().unwrap_or(0);
                let _ = write!(
                    out,
                    "{}<td class=\"num\">{}</td>",
                    num(&int(before as u64)),
                    delta(
                        line.customers as f64 - before as f64,
                        &signed_int(line.customers, before)
                    ),
                );
            }
            let _ = writeln!(
                out,
                "{}{}{}</tr>",
                num(&money(line.net_spend)),
                num(&pct(line.spend_share)),
                num(&one_decimal(line.average_score)),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }

    /// The Pareto chart beside the table of top slices.
    fn concentration(&self, out: &mut String) {
        let (c, w) = (&self.r.concentration, self.w);
        let slice = |percent: u32| fill(w.top_slice, &[("percent", &percent)]);
        let markers: Vec<Marker> = c
            .tops
            .iter()
            .map(|t| Marker {
                label: slice(t.percent),
                value: pct(t.share),
                x: f64::from(t.percent) / 100.0,
                y: t.share,
            })
            .collect();
        let _ = write!(
            out,
            "<div class=\"split\">\n{}\n<div>\n<table class=\"keep\">\n<thead><tr>",
            figure(
                w.charts[2],
                &svg::pareto(w.charts[2], w.axes, &c.curve, &markers)
            ),
        );
        th(out, w.top_headers[0], false);
        th(out, w.top_headers[1], true);
        th(out, w.top_headers[2], true);
        out.push_str("</tr></thead>\n<tbody>\n");
        for t in &c.tops {
            let _ = writeln!(
                out,
                "<tr><td>{}</td>{}{}</tr>",
                escape(&slice(t.percent)),
                num(&int(t.customers as u64)),
                num(&pct(t.share)),
            );
        }
        let _ = writeln!(
            out,
            "</tbody>\n</table>\n<p class=\"note\">{}</p>\n</div>\n</div>",
            escape(w.concentration_note)
        );
    }

    /// The migration matrix, heat-coloured, and the customers behind each move.
    fn migration(&self, out: &mut String) {
        let (m, w) = (&self.r.migration, self.w);
        let Some(from) = m.from else {
            note(out, w.no_migration);
            return;
        };
        let n = self.r.tiers.len();
        let counts = m.counts();
        // Most customers keep their tier, so the diagonal would swamp the scale: it gets its
        // own maximum, and the moves share another.
        let max_of = |same: bool| {
            counts
                .iter()
                .enumerate()
                .flat_map(|(r, row)| row.iter().enumerate().map(move |(c, &k)| (r, c, k)))
                .filter(|&(r, c, _)| (r == c && r < n) == same)
                .map(|(_, _, k)| k)
                .max()
                .unwrap_or(0)
                .max(1)
        };
        let (max_same, max_moved) = (max_of(true), max_of(false));
        out.push_str("<div class=\"scroll\">\n<table class=\"matrix keep\">\n<thead><tr>");
        th(out, w.migration_axes[0], false);
        for t in 0..=n {
            let _ = write!(out, "<th class=\"num\">{}</th>", self.axis(t, 2));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (r, row) in counts.iter().enumerate() {
            let _ = write!(out, "<tr><th scope=\"row\">{}</th>", self.axis(r, 1));
            for (c, &k) in row.iter().enumerate() {
                let (rgb, max) = match move_of(r, c, n) {
                    Move::Same => ("70,110,160", max_same),
                    Move::Up => ("26,127,55", max_moved),
                    Move::Down => ("180,35,24", max_moved),
                    // New customers cannot have left.
                    Move::Never => {
                        let _ = write!(out, "<td class=\"num never\"></td>");
                        continue;
                    }
                };
                if k == 0 {
                    out.push_str("<td class=\"num zero\">0</td>");
                } else {
                    let _ = write!(
                        out,
                        "<td class=\"num\" style=\"background:rgba({rgb},{:.2})\">{}</td>",
                        0.1 + 0.55 * k as f64 / max as f64,
                        int(k as u64),
                    );
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
        note(out, &fill(w.migration_note, &[("date", &from)]));
        if m.unknown_tiers > 0 {
            note(out, &fill(w.unknown_tiers, &[("count", &m.unknown_tiers)]));
        }
        self.movers(out, m, n);
    }

    /// For each cell off the diagonal, the customers in it: who moved, who is new, who left.
    fn movers(&self, out: &mut String, m: &Migration, n: usize) {
        let mut any = false;
        for (r, row) in m.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.is_empty() || matches!(move_of(r, c, n), Move::Same | Move::Never) {
                    continue;
                }
                if !any {
                    out.push_str("<div class=\"movers\">\n");
                    any = true;
                }
                let names: Vec<String> = cell
                    .iter()
                    .map(|p| {
                        if p.name.is_empty() {
                            format!("<span class=\"id\">{}</span>", escape(&p.id))
                        } else {
                            format!(
                                "{} <span class=\"id\">({})</span>",
                                escape(&p.name),
                                escape(&p.id)
                            )
                        }
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "<div class=\"mover {}\"><h3>{} → {} <span class=\"count\">({})</span></h3><p>{}</p></div>",
                    if matches!(move_of(r, c, n), Move::Up) {
                        "up"
                    } else {
                        "down"
                    },
                    self.axis(r, 1),
                    self.axis(c, 2),
                    int(cell.len() as u64),
                    names.join(", "),
                );
            }
        }
        if any {
            out.push_str("</div>\n");
        }
    }

    /// A breakdown table, or the sentence `no_column[missing]` when there is none.
    fn breakdown(&self, out: &mut String, breakdown: Option<&Breakdown>, missing: usize) {
        let Some(b) = breakdown else {
            note(out, self.w.no_column[missing]);
            return;
        };
        let _ = write!(
            out,
            "<div class=\"scroll\">\n<table class=\"breakdown\">\n<caption>{}</caption>\n<thead><tr><th></th>",
            escape(&b.title)
        );
        for t in 0..self.r.tiers.len() {
            let _ = write!(out, "<th class=\"num\">{}</th>", self.tier(t));
        }
        th(out, self.w.breakdown_totals[0], true);
        th(out, self.w.breakdown_totals[1], true);
        out.push_str("<th class=\"mixcol\"></th></tr></thead>\n<tbody>\n");
        for g in &b.groups {
            let _ = write!(out, "<tr><td>{}</td>", escape(&g.name));
            // Each tier's count, with its net spend under it.
            for (&k, &spend) in g.tiers.iter().zip(&g.tier_spend) {
                let cell = count_cell(k);
                if k == 0 {
                    out.push_str(&cell);
                } else {
                    let _ = write!(
                        out,
                        "{}<br><small class=\"spend\">{}</small></td>",
                        cell.trim_end_matches("</td>"),
                        whole(spend)
                    );
                }
            }
            let mix_title: Vec<String> = g
                .tiers
                .iter()
                .enumerate()
                .map(|(t, k)| format!("{} {k}", self.tier_name(t)))
                .collect();
            let _ = writeln!(
                out,
                "{}{}<td class=\"mixcol\">{}</td></tr>",
                num(&int(g.customers as u64)),
                num(&money(g.net_spend)),
                svg::mix(&mix_title.join(" · "), &g.tiers, &self.colours),
            );
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }

    /// The customers with the highest net spend.
    fn top(&self, out: &mut String) {
        let lines: Vec<(&CustomerLine, Option<String>)> =
            self.r.top.iter().map(|c| (c, None)).collect();
        self.customers(out, &lines, false);
    }

    /// Valuable customers who are slipping, with why.
    fn at_risk(&self, out: &mut String) {
        note(out, self.w.at_risk_note);
        let lines: Vec<(&CustomerLine, Option<String>)> = self
            .r
            .at_risk
            .iter()
            .map(|a| (&a.customer, Some(self.reasons(&a.reasons))))
            .collect();
        self.customers(out, &lines, false);
    }

    /// Customers whose first purchase is recent.
    fn new_customers(&self, out: &mut String) {
        note(out, &fill(self.w.new_note, &[("date", &self.r.new_since)]));
        let lines: Vec<(&CustomerLine, Option<String>)> =
            self.r.new_customers.iter().map(|c| (c, None)).collect();
        self.customers(out, &lines, true);
    }

    /// Why a customer is at risk, as HTML: one reason a line, which keeps the column narrow.
    fn reasons(&self, reasons: &[Risk]) -> String {
        let lines: Vec<String> = reasons
            .iter()
            .map(|reason| escape(&reason.describe(self.r, self.w)))
            .collect();
        lines.join("<br>")
    }

    /// A customer list, each line with its reasons (HTML) when at risk. Optional columns appear only when some line fills them, so that a
    /// run without owners or contact details shows no empty columns.
    fn customers(&self, out: &mut String, lines: &[(&CustomerLine, Option<String>)], first: bool) {
        if lines.is_empty() {
            note(out, self.w.none);
            return;
        }
        let customers: Vec<&CustomerLine> = lines.iter().map(|(c, _)| *c).collect();
        let why = lines.iter().any(|(_, why)| why.is_some());
        let cols = columns(&customers, first, why);
        out.push_str("<div class=\"scroll\">\n<table class=\"list\">\n<thead><tr>");
        for &col in &cols {
            th(out, col.header(self.w), is_num(col));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (k, (c, why)) in lines.iter().enumerate() {
            out.push_str("<tr>");
            for &col in &cols {
                let text =
                    |v: &Option<String>| v.as_deref().map_or_else(|| DASH.to_owned(), escape);
                let cell = match col {
                    Column::Rank => int(k as u64 + 1),
                    Column::Id => escape(&c.id),
                    Column::Name => escape(&c.name),
                    Column::Tier => self.tier(c.tier),
                    Column::TierThen => c
                        .previous_tier
                        .map_or_else(|| DASH.to_owned(), |t| self.tier(t)),
                    Column::Score => one_decimal(c.score),
                    Column::Spend => money(c.net_spend),
                    Column::Share => pct(c.spend_share),
                    Column::Orders => int(u64::from(c.orders)),
                    Column::First => date(c.first_order),
                    Column::Last => date(c.last_order),
                    Column::Segment => escape(&c.segment),
                    Column::Region => text(&c.region),
                    Column::Owner => text(&c.owner),
                    Column::Contact => text(&c.contact),
                    Column::Phone => text(&c.phone),
                    // An address breaks, if it must, before its domain rather than anywhere.
                    Column::Email => text(&c.email).replace('@', "<wbr>@"),
                    Column::Why => why.clone().unwrap_or_else(|| DASH.to_owned()),
                };
                let class = match col {
                    c if is_num(c) => " class=\"num\"",
                    Column::First | Column::Last | Column::Phone | Column::Id => {
                        " class=\"nowrap\""
                    }
                    Column::Why => " class=\"why\"",
                    Column::Name => " class=\"name\"",
                    _ => "",
                };
                let _ = write!(out, "<td{class}>{cell}</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }

    /// Rows not used, or used with a note, by reason.
    fn data_quality(&self, out: &mut String) {
        let w = self.w;
        if let Some(text) = self.r.data_quality_note(w) {
            note(out, &text);
            return;
        }
        out.push_str("<table class=\"narrow keep\">\n<thead><tr>");
        th(out, w.issue_headers[0], false);
        th(out, w.issue_headers[1], false);
        th(out, w.issue_headers[2], true);
        out.push_str("</tr></thead>\n<tbody>\n");
        for issue in &self.r.data_quality {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td>{}</tr>",
                escape(&issue.reason),
                escape(w.actions[usize::from(!issue.skipped)]),
                num(&int(issue.rows as u64)),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }

    /// A tier's name, escaped, after a swatch of its colour.
    fn tier(&self, t: usize) -> String {
        format!(
            "<span class=\"tier\"><i class=\"swatch\" style=\"background:{}\"></i>{}</span>",
            self.tier_colour(t),
            escape(self.tier_name(t))
        )
    }

    /// A tier's name, unescaped; `?` for an index past the tiers (which `Report::build` never
    /// gives).
    fn tier_name(&self, t: usize) -> &str {
        self.r.tiers.get(t).map_or("?", |t| t.name.as_str())
    }

    /// A tier's checked colour.
    fn tier_colour(&self, t: usize) -> &str {
        self.colours.get(t).map_or(NO_COLOUR, String::as_str)
    }

    /// A migration row (`extra` 1: "new") or column (`extra` 2: "left") heading.
    fn axis(&self, t: usize, extra: usize) -> String {
        if t < self.r.tiers.len() {
            self.tier(t)
        } else {
            format!("<em>{}</em>", escape(self.w.migration_axes[extra]))
        }
    }
}

/// How a migration cell moved.
enum Move {
    Same,
    Up,
    Down,
    /// The "new" row's "left" column.
    Never,
}

/// Row `r` (earlier tier, `n` for new), column `c` (tier now, `n` for left); tiers are
/// highest first, so a higher column index is a lower tier.
fn move_of(r: usize, c: usize, n: usize) -> Move {
    if r == n && c == n {
        Move::Never
    } else if r == c {
        Move::Same
    } else if r > c {
        // Includes "new" (row n) into any tier.
        Move::Up
    } else {
        // Includes any tier into "left" (column n).
        Move::Down
    }
}

/// Whether a customer list column holds numbers (right-aligned).
fn is_num(col: Column) -> bool {
    matches!(
        col,
        Column::Rank | Column::Score | Column::Spend | Column::Share | Column::Orders
    )
}

/// A chart with its caption.
fn figure(caption: &str, svg: &str) -> String {
    format!(
        "<figure class=\"chart\"><figcaption>{}</figcaption>{svg}</figure>",
        escape(caption)
    )
}

/// A header cell.
fn th(out: &mut String, text: &str, numeric: bool) {
    let class = if numeric { " class=\"num\"" } else { "" };
    let _ = write!(out, "<th{class}>{}</th>", escape(text));
}

/// A right-aligned cell holding already-safe text.
fn num(text: &str) -> String {
    format!("<td class=\"num\">{text}</td>")
}

/// A count cell, greyed when zero.
fn count_cell(k: usize) -> String {
    if k == 0 {
        "<td class=\"num zero\">0</td>".to_owned()
    } else {
        num(&int(k as u64))
    }
}

/// A paragraph of explanation.
fn note(out: &mut String, text: &str) {
    let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(text));
}

/// Money without the cents, for chart labels where space is short.
fn whole(value: f64) -> String {
    let text = money(value.round());
    text.strip_suffix(".00").map(str::to_owned).unwrap_or(text)
}

/// One decimal; a dash when not a number.
fn one_decimal(value: f64) -> String {
    if value.is_finite() {
        crate::write::one_decimal(value)
    } else {
        DASH.to_owned()
    }
}

/// A date as YYYY-MM-DD, or a dash.
fn date(value: Option<NaiveDate>) -> String {
    value.map_or_else(|| DASH.to_owned(), |d| d.to_string())
}

/// `+12` or `−3` (a true minus sign, as wide as the plus in tabular figures).
fn signed_int(now: usize, then: usize) -> String {
    if now >= then {
        format!("+{}", int((now - then) as u64))
    } else {
        format!("\u{2212}{}", int((then - now) as u64))
    }
}

/// The change in money, signed like [`signed_int`].
fn signed_money(change: f64) -> String {
    let sign = if change < 0.0 { '\u{2212}' } else { '+' };
    format!("{sign}{}", money(change.abs()))
}

/// A signed figure coloured by its direction.
fn delta(change: f64, text: &str) -> String {
    let class = if change > 0.0 {
        "up"
    } else if change < 0.0 {
        "down"
    } else {
        "flat"
    };
    format!("<span class=\"delta {class}\">{text}</span>")
}

/// The relative change, when there is something to compare with.
fn relative(now: f64, then: f64) -> String {
    if then > 0.0 {
        let change = (now - then) / then * 100.0;
        let sign = if change < 0.0 { '\u{2212}' } else { '+' };
        format!(" ({sign}{})", crate::write::percent(change.abs() / 100.0))
    } else {
        String::new()
    }
}

/// A headline count's change: `+12 (+5.0%)`.
fn count_change(now: usize, then: usize) -> String {
    delta(
        now as f64 - then as f64,
        &(signed_int(now, then) + &relative(now as f64, then as f64)),
    )
}

/// A headline amount's change.
fn money_change(now: f64, then: f64) -> String {
    let change = now - then;
    // Cents of floating-point noise are no change.
    let change = if change.abs() < 0.005 { 0.0 } else { change };
    delta(change, &(signed_money(change) + &relative(now, then)))
}

/// The page's style: a sober one-pager on screen, A4 pages in print.
const CSS: &str = r#"
:root{--ink:#1f2933;--muted:#6b7280;--line:#d9dee5;--soft:#edf0f3;--zebra:#f6f7f9;--accent:#1f3a5f;--up:#1a7f37;--down:#b42318}
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
html{background:#eceff3}
body{margin:0;color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
main{max-width:1280px;margin:28px auto;padding:36px 40px 48px;background:#fff;box-shadow:0 1px 4px rgba(15,23,42,.08)}
header{border-top:6px solid var(--accent);padding-top:18px}
h1{font-size:28px;font-weight:650;letter-spacing:-.01em;margin:0 0 4px}
header p{margin:2px 0;color:var(--muted)}
header .subtitle{color:var(--ink);font-size:15px}
.badge{display:inline-block;margin-left:8px;padding:1px 8px;border:1px solid var(--line);border-radius:10px;font-size:12px;color:var(--ink);background:var(--soft)}
section{margin-top:34px}
h2{font-size:18px;font-weight:650;color:var(--accent);margin:0 0 14px;padding-bottom:6px;border-bottom:2px solid var(--accent);break-after:avoid}
h3{font-size:13px;font-weight:600;margin:0 0 4px;break-after:avoid}
.note{color:var(--muted);font-size:13px;margin:8px 0}
.cards{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:14px;break-inside:avoid}
.card{border:1px solid var(--line);border-top:3px solid var(--accent);padding:12px 16px 12px}
.card .label{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.card .value{font-size:26px;font-weight:600;font-variant-numeric:tabular-nums;white-space:nowrap;margin:2px 0}
.card .then{font-size:12px;color:var(--muted)}
.delta{font-variant-numeric:tabular-nums;white-space:nowrap;font-weight:600}
.delta.up{color:var(--up)}.delta.down{color:var(--down)}.delta.flat{color:var(--muted)}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:28px;margin-bottom:18px}
.split{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:28px;align-items:start}
figure{margin:0;break-inside:avoid}
figcaption{font-size:13px;font-weight:600;margin-bottom:6px}
svg.chart{display:block;width:100%;height:auto}
svg.mix{display:block;width:100%;height:10px;border-radius:2px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px;margin:4px 0 8px}
caption{text-align:left;font-size:12px;color:var(--muted);padding-bottom:4px}
th{text-align:left;vertical-align:bottom;font-weight:600;padding:6px 8px;border-bottom:1.5px solid var(--ink)}
td{padding:4px 8px;border-bottom:1px solid var(--soft);vertical-align:top}
tbody tr:nth-child(even){background:var(--zebra)}
tbody th{text-align:left;font-weight:600;border-bottom:1px solid var(--soft)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th.num{white-space:normal}
.nowrap{white-space:nowrap}
.zero{color:#b8bec7}
.tier{white-space:nowrap}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px;border:1px solid rgba(0,0,0,.18)}
table.narrow{width:auto;min-width:50%}
table.list{font-size:11.5px}
table.list td,table.list th{padding:4px}
table.list .name{min-width:8em}
table.list .why{min-width:8em}
.breakdown .mixcol{width:18%;min-width:90px;vertical-align:middle}
.breakdown small.spend{display:block;color:#6b7280;font-size:10.5px;line-height:1.2}
.matrix{width:auto}
.matrix tbody tr{background:none}
.matrix td{min-width:76px;text-align:center;border:1px solid #fff;padding:7px 10px}
.matrix thead th{text-align:center}
.matrix .never{background:var(--zebra)}
.matrix em{font-style:normal;color:var(--muted)}
.movers{margin-top:14px;columns:2 320px;column-gap:32px}
.mover{break-inside:avoid;margin:0 0 12px;padding-left:10px;border-left:3px solid var(--line)}
.mover.up{border-left-color:var(--up)}.mover.down{border-left-color:var(--down)}
.mover h3 em{font-style:normal;color:var(--muted)}
.mover .count{color:var(--muted);font-weight:400}
.mover p{margin:0;font-size:12.5px}
.id{color:var(--muted)}
@media screen and (max-width:800px){main{padding:20px;margin:0}.cards{grid-template-columns:repeat(2,1fr)}.charts,.split{grid-template-columns:1fr}}
@page{size:A4;margin:12mm}
@page wide{size:A4 landscape;margin:12mm}
@media print{
html{background:none}
body{font-size:9.5pt}
/* 1px each side: a border on the very edge of the printable area is clipped. */
main{max-width:none;margin:0;padding:0 1px;box-shadow:none}
section{margin-top:20pt}
.scroll{overflow:visible}
table{font-size:8.5pt}
table.list{font-size:7.5pt}
table.keep,.matrix{break-inside:avoid}
thead{display:table-header-group}
/* Customer lists have up to 18 columns: they get landscape pages, and the short data quality table joins them rather than take a portrait page of its own. */
#top,#at-risk,#new,#data-quality{page:wide}
.note{break-after:avoid}
tr{break-inside:avoid}
.card{padding:10px 12px}
.card .value{font-size:15pt}
.card .delta{white-space:normal}
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::TierLine;
    use crate::write::overview::{GroupLine, Mover};
    use crate::write::report::{
        AtRisk, Concentration, Headline, IssueCount, PreviousFigures, TopShare,
    };

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<b>"Tom" & 'Jerry'</b>"#),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
        assert_eq!(escape("张三"), "张三");
    }

    #[test]
    fn numbers_are_grouped_and_signed() {
        assert_eq!(int(1_234_567), "1,234,567");
        assert_eq!(int(999), "999");
        assert_eq!(signed_int(3, 5), "\u{2212}2");
        assert_eq!(signed_int(5, 5), "+0");
        assert_eq!(whole(1234.56), "1,235");
        assert_eq!(pct(0.1234), "12.3%");
    }

    fn customer(id: &str, name: &str, tier: usize) -> CustomerLine {
        CustomerLine {
            id: id.into(),
            name: name.into(),
            tier,
            previous_tier: Some(0),
            score: 71.25,
            net_spend: 1234.5,
            spend_share: 0.25,
            orders: 3,
            first_order: NaiveDate::from_ymd_opt(2025, 5, 20),
            last_order: NaiveDate::from_ymd_opt(2025, 6, 1),
            segment_key: "loyal",
            segment: "Loyal".into(),
            region: Some("North & South".into()),
            owner: None,
            contact: Some("L***".into()),
            phone: None,
            email: None,
        }
    }

    /// A small report with every section filled, and a name full of markup.
    fn report() -> Report {
        let date = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        let tier = |name: &str, colour: &str| TierInfo {
            key: name.to_lowercase(),
            name: name.into(),
            colour: Some(colour.into()),
        };
        let tiers = vec![tier("Gold", "#FFD966"), tier("Bronze", "red\" onload=\"x")];
        let line = |tier, customers, net_spend| TierLine {
            tier,
            customers,
            share: customers as f64 / 3.0,
            net_spend,
            spend_share: net_spend / 4000.0,
            average_score: 50.0,
            score_from: None,
        };
        let mover = |id: &str, name: &str| Mover {
            id: id.into(),
            name: name.into(),
        };
        let breakdown = Breakdown {
            title: "By segment".into(),
            groups: vec![GroupLine {
                name: "Loyal".into(),
                tiers: vec![1, 2],
                tier_spend: vec![3000.0, 1000.0],
                customers: 3,
                net_spend: 4000.0,
            }],
        };
        let evil = customer("C2", "<b>Bold</b>", 1);
        Report {
            as_of: date(6, 30),
            window: [date(1, 1), date(6, 30)],
            tiers,
            headline: Headline {
                customers: 3,
                active_customers: 2,
                orders: 9,
                net_spend: 4000.0,
                previous: Some(PreviousFigures {
                    as_of: date(5, 31),
                    customers: 2,
                    net_spend: 4500.0,
                }),
            },
            distribution: vec![line(0, 1, 3000.0), line(1, 2, 1000.0)],
            previous_distribution: Some(vec![1, 1]),
            concentration: Concentration {
                total: 4000.0,
                tops: [1, 5, 20]
                    .into_iter()
                    .map(|percent| TopShare {
                        percent,
                        customers: 1,
                        share: 0.75,
                    })
                    .collect(),
                curve: (0..=100).map(|k| (f64::from(k) / 30.0).min(1.0)).collect(),
            },
            migration: Migration {
                from: Some(date(5, 31)),
                cells: vec![
                    vec![
                        vec![mover("C1", "Ann")],
                        vec![mover("C2", "<b>Bold</b>")],
                        vec![],
                    ],
                    vec![vec![], vec![], vec![mover("C9", "")]],
                    vec![vec![], vec![mover("C3", "Bo")], vec![]],
                ],
                unknown_tiers: 1,
            },
            segments: breakdown.clone(),
            regions: Some(breakdown),
            industries: None,
            owners: None,
            top: vec![customer("C1", "Ann", 0), evil.clone()],
            at_risk: vec![AtRisk {
                customer: evil,
                reasons: vec![
                    Risk::TierDropped { from: 0 },
                    Risk::Segment,
                    Risk::LowPAlive { p_alive: 0.123 },
                ],
            }],
            new_customers: Vec::new(),
            new_since: date(5, 31),
            data_quality_unknown: None,
            data_quality: vec![IssueCount {
                reason: "bad date <x>".into(),
                skipped: true,
                rows: 2,
            }],
            redacted: true,
        }
    }

    #[test]
    fn page_has_every_section_and_nothing_to_fetch() {
        let report = report();
        let page = render(&report, Lang::En);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("<html lang=\"en\">") && page.contains("<meta charset=\"utf-8\">"));
        let mut at = 0;
        for id in [
            "headline",
            "tiers",
            "concentration",
            "migration",
            "segments",
            "regions",
            "industries",
            "owners",
            "top",
            "at-risk",
            "new",
            "data-quality",
        ] {
            let found = page[at..]
                .find(&format!("<section id=\"{id}\">"))
                .unwrap_or_else(|| panic!("section {id} missing or out of order"));
            at += found;
        }
        assert!(!page.to_lowercase().contains("<script"));
        assert!(!page.contains("http://") && !page.contains("https://"));
        assert!(!page.contains("<b>") && page.contains("&lt;b&gt;Bold&lt;/b&gt;"));
        // A malformed colour never reaches a style attribute.
        assert!(!page.contains("onload") && page.contains(NO_COLOUR));
        assert!(page.contains("fell from Gold<br>slipping segment<br>P(alive) 0.12"));
        assert!(page.contains("The inputs have no industry column."));
        assert_eq!(page.matches("<svg class=\"chart\"").count(), 3);
        // The diagonal's names are not listed; the moves' are.
        assert!(!page.contains("Ann <span class=\"id\">(C1)</span>"));
        assert!(page.contains("Bo <span class=\"id\">(C3)</span>"));
        assert_eq!(page, render(&report, Lang::En), "same report, same page");
        let zh = render(&report, Lang::Zh);
        assert!(zh.contains("<html lang=\"zh-CN\">") && zh.contains("客户分级报告"));
    }

    #[test]
    fn without_a_comparison_there_is_no_matrix() {
        let mut report = report();
        report.migration.from = None;
        report.headline.previous = None;
        report.previous_distribution = None;
        // Without a snapshot, no customer has a tier then.
        for line in &mut report.top {
            line.previous_tier = None;
        }
        for line in &mut report.at_risk {
            line.customer.previous_tier = None;
        }
        for line in &mut report.new_customers {
            line.previous_tier = None;
        }
        let page = render(&report, Lang::En);
        assert!(page.contains("There is no earlier grading to compare with"));
        assert!(!page.contains("class=\"matrix"));
        assert!(!page.contains("Customers then") && !page.contains("Tier then"));
    }
}
