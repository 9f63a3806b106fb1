//! SVG charts for the HTML report. Each chart is a plain `<svg>` element with a `viewBox`
//! (so it scales with the page), `role="img"` and a `<title>` (so screen readers name it),
//! and colours and sizes given as attributes, so that it draws the same on screen, in print
//! and when copied out of the page. The texts arrive already formatted; they are escaped here.

use std::fmt::Write as _;

use super::html::escape;

/// Text and axis colours, matching the page's CSS.
const INK: &str = "#1f2933";
const MUTED: &str = "#6b7280";
const GRID: &str = "#e5e7eb";
const AXIS: &str = "#9aa3ad";
const ACCENT: &str = "#1f3a5f";

/// One bar of a bar chart.
pub(super) struct Bar {
    /// Under the bar: the tier's name.
    pub label: String,
    /// The bar's height.
    pub value: f64,
    /// Above the bar, in bold: the value.
    pub text: String,
    /// Above the bar, under `text`: a share, say.
    pub note: String,
    /// Fill, `#RRGGBB`.
    pub colour: String,
}

/// A vertical bar chart with the value and a note over each bar and its label under it.
pub(super) fn bars(title: &str, bars: &[Bar]) -> String {
    const W: f64 = 440.0;
    const H: f64 = 240.0;
    // Room above the bars for two lines of text, below for the labels.
    const TOP: f64 = 36.0;
    const BOTTOM: f64 = 26.0;
    const SIDE: f64 = 8.0;
    let mut svg = open(W, H, title);
    let lo = bars.iter().map(|b| b.value).fold(0.0, f64::min);
    let hi = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    // All zero: draw the baseline at the bottom rather than dividing by zero.
    let hi = if hi > lo { hi } else { lo + 1.0 };
    // Negative bars carry their texts below them: keep room for those too.
    let below = if lo < 0.0 { 30.0 } else { 0.0 };
    let plot = H - TOP - BOTTOM - below;
    let y = |v: f64| TOP + (hi - v) / (hi - lo) * plot;
    let n = bars.len().max(1) as f64;
    let slot = (W - 2.0 * SIDE) / n;
    let width = (slot * 0.6).min(72.0);
    let zero = y(0.0);
    for (i, bar) in bars.iter().enumerate() {
        let centre = SIDE + slot * (i as f64 + 0.5);
        let end = y(bar.value);
        let (top, height) = (end.min(zero), (end - zero).abs());
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{top:.1}" width="{width:.1}" height="{height:.1}" rx="2" fill="{fill}" stroke="#000" stroke-opacity="0.12"/>"##,
            x = centre - width / 2.0,
            fill = escape(&bar.colour),
        );
        let (text_y, note_y) = if bar.value < 0.0 {
            (end + 14.0, end + 27.0)
        } else {
            (end - 18.0, end - 5.0)
        };
        let fit_value = fit(&bar.text, 13.0, slot - 4.0);
        let _ = write!(
            svg,
            r#"<text x="{centre:.1}" y="{text_y:.1}" text-anchor="middle" font-size="13" font-weight="600" fill="{INK}"{fit_value}>{}</text>"#,
            escape(&bar.text),
        );
        if !bar.note.is_empty() {
            let _ = write!(
                svg,
                r#"<text x="{centre:.1}" y="{note_y:.1}" text-anchor="middle" font-size="11" fill="{MUTED}">{}</text>"#,
                escape(&bar.note),
            );
        }
        let fit_label = fit(&bar.label, 13.0, slot - 4.0);
        let _ = write!(
            svg,
            r#"<text x="{centre:.1}" y="{y:.1}" text-anchor="middle" font-size="13" fill="{INK}"{fit_label}>{}</text>"#,
            escape(&bar.label),
            y = H - BOTTOM + 17.0,
        );
    }
    let _ = write!(
        svg,
        r#"<line x1="{SIDE}" y1="{zero:.1}" x2="{x2}" y2="{zero:.1}" stroke="{AXIS}"/>"#,
        x2 = W - SIDE,
    );
    svg.push_str("</svg>");
    svg
}

/// A marked point on the Pareto curve.
pub(super) struct Marker {
    /// The slice, as the table names it ("Top 5%").
    pub label: String,
    /// Its share of spend, formatted.
    pub value: String,
    /// Share of customers, 0 to 1.
    pub x: f64,
    /// Share of spend, 0 to 1.
    pub y: f64,
}

/// The Pareto curve: `curve[k]` is the share of spend of the top `k / (len - 1)` of customers.
/// Axes from 0 to 100% with gridlines, the diagonal (every customer spending the same) as a
/// dashed reference, and `markers` labelled.
pub(super) fn pareto(title: &str, axes: [&str; 2], curve: &[f64], markers: &[Marker]) -> String {
    const W: f64 = 520.0;
    const H: f64 = 320.0;
    const LEFT: f64 = 62.0;
    const RIGHT: f64 = 18.0;
    const TOP: f64 = 14.0;
    const BOTTOM: f64 = 50.0;
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let x = |share: f64| LEFT + share.clamp(0.0, 1.0) * pw;
    let y = |share: f64| TOP + (1.0 - share.clamp(0.0, 1.0)) * ph;
    let mut svg = open(W, H, title);
    for i in 0..=10 {
        let share = f64::from(i) / 10.0;
        // Every 20%: a darker line with a tick label; the 10% lines only guide the eye.
        let stroke = if i % 2 == 0 { GRID } else { "#f3f4f6" };
        let (gx, gy) = (x(share), y(share));
        let _ = write!(
            svg,
            r#"<line x1="{gx:.1}" y1="{TOP}" x2="{gx:.1}" y2="{b:.1}" stroke="{stroke}"/><line x1="{LEFT}" y1="{gy:.1}" x2="{r:.1}" y2="{gy:.1}" stroke="{stroke}"/>"#,
            b = TOP + ph,
            r = LEFT + pw,
        );
        if i % 2 == 0 {
            let _ = write!(
                svg,
                r#"<text x="{gx:.1}" y="{ty:.1}" text-anchor="middle" font-size="11" fill="{MUTED}">{p}%</text><text x="{tx:.1}" y="{ly:.1}" text-anchor="end" font-size="11" fill="{MUTED}">{p}%</text>"#,
                ty = TOP + ph + 16.0,
                tx = LEFT - 7.0,
                ly = gy + 4.0,
                p = i * 10,
            );
        }
    }
    let _ = write!(
        svg,
        r#"<line x1="{LEFT}" y1="{b:.1}" x2="{r:.1}" y2="{TOP}" stroke="{MUTED}" stroke-width="1.2" stroke-dasharray="5 4"/>"#,
        b = TOP + ph,
        r = LEFT + pw,
    );
    let last = curve.len().saturating_sub(1).max(1) as f64;
    let points: Vec<String> = curve
        .iter()
        .enumerate()
        .map(|(k, &share)| format!("{:.1},{:.1}", x(k as f64 / last), y(share)))
        .collect();
    if !points.is_empty() {
        let _ = write!(
            svg,
            r#"<polygon points="{LEFT:.1},{b:.1} {p} {r:.1},{b:.1}" fill="{ACCENT}" fill-opacity="0.08"/><polyline points="{p}" fill="none" stroke="{ACCENT}" stroke-width="2.2" stroke-linejoin="round"/>"#,
            p = points.join(" "),
            b = TOP + ph,
            r = x((curve.len() - 1) as f64 / last),
        );
    }
    let _ = write!(
        svg,
        r#"<line x1="{LEFT}" y1="{b:.1}" x2="{r:.1}" y2="{b:.1}" stroke="{AXIS}"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{b:.1}" stroke="{AXIS}"/>"#,
        b = TOP + ph,
        r = LEFT + pw,
    );
    let _ = write!(
        svg,
        r#"<text x="{cx:.1}" y="{ay:.1}" text-anchor="middle" font-size="12" fill="{INK}">{}</text><text transform="translate(15 {cy:.1}) rotate(-90)" text-anchor="middle" font-size="12" fill="{INK}">{}</text>"#,
        escape(axes[0]),
        escape(axes[1]),
        cx = LEFT + pw / 2.0,
        ay = H - 10.0,
        cy = TOP + ph / 2.0,
    );
    let spots: Vec<(f64, f64)> = markers.iter().map(|m| (x(m.x), y(m.y))).collect();
    let baselines = label_rows(&spots, TOP + 12.0, TOP + ph - 6.0);
    for ((m, &(mx, my)), &ly) in markers.iter().zip(&spots).zip(&baselines) {
        let text_width = width(&m.label, 12.0) + width(&m.value, 12.0) + 4.0;
        // To the right of the marker, under the rising curve; to its left near the right edge.
        let (lx, anchor) = if mx + 10.0 + text_width > W - RIGHT {
            (mx - 10.0, "end")
        } else {
            (mx + 10.0, "start")
        };
        if (ly - 4.0 - my).abs() > 3.0 {
            let _ = write!(
                svg,
                r#"<line x1="{mx:.1}" y1="{my:.1}" x2="{ex:.1}" y2="{ey:.1}" stroke="{MUTED}" stroke-width="0.8"/>"#,
                ex = if anchor == "start" {
                    lx - 2.0
                } else {
                    lx + 2.0
                },
                ey = ly - 4.0,
            );
        }
        let _ = write!(
            svg,
            r##"<circle cx="{mx:.1}" cy="{my:.1}" r="4" fill="{ACCENT}" stroke="#fff" stroke-width="1.5"/><text x="{lx:.1}" y="{ly:.1}" text-anchor="{anchor}" font-size="12" fill="{INK}" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{} <tspan font-weight="600">{}</tspan></text>"##,
            escape(&m.label),
            escape(&m.value),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Text baselines for labels beside the points `spots`, at least a line apart and between
/// `top` and `bottom`. Labels start level with their point and are pushed down when they
/// would overlap the one above (on a rising curve, down and to the right stays under the
/// curve), then pushed back up from `bottom` when that runs off the plot.
fn label_rows(spots: &[(f64, f64)], top: f64, bottom: f64) -> Vec<f64> {
    const LINE: f64 = 15.0;
    let mut order: Vec<usize> = (0..spots.len()).collect();
    order.sort_by(|&a, &b| spots[a].1.total_cmp(&spots[b].1));
    let mut rows = vec![0.0; spots.len()];
    let mut previous = f64::NEG_INFINITY;
    for &i in &order {
        rows[i] = (spots[i].1 + 4.0).max(previous + LINE).max(top);
        previous = rows[i];
    }
    let mut next = f64::INFINITY;
    for &i in order.iter().rev() {
        rows[i] = rows[i].min(next - LINE).min(bottom);
        next = rows[i];
    }
    rows
}

/// A thin bar split in the tiers' colours by `counts`: a group's tier mix.
pub(super) fn mix(title: &str, counts: &[usize], colours: &[String]) -> String {
    let total: usize = counts.iter().sum();
    let mut svg = format!(
        r#"<svg class="mix" viewBox="0 0 100 10" preserveAspectRatio="none" role="img"><title>{}</title><rect width="100" height="10" fill="{GRID}"/>"#,
        escape(title)
    );
    if total > 0 {
        let mut x = 0.0;
        for (count, colour) in counts.iter().zip(colours) {
            let w = *count as f64 / total as f64 * 100.0;
            if w > 0.0 {
                let _ = write!(
                    svg,
                    r#"<rect x="{x:.2}" width="{w:.2}" height="10" fill="{}"/>"#,
                    escape(colour)
                );
            }
            x += w;
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The opening tag of a chart, with its accessible title.
fn open(w: f64, h: f64, title: &str) -> String {
    format!(
        r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    )
}

/// Roughly how wide `text` is at `size` px: SVG has no way to measure text without a
/// script, so wide (CJK) characters count a full em and the rest about half.
fn width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { 1.0 } else { 0.56 })
        .sum::<f64>()
        * size
}

/// CJK ideographs, kana, Hangul and full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// Attributes that squeeze `text` into `room` px when it would be wider, so that long tier
/// names do not run into their neighbours; nothing when it fits.
fn fit(text: &str, size: f64, room: f64) -> String {
    if width(text, size) > room && room > 0.0 {
        format!(r#" textLength="{room:.1}" lengthAdjust="spacingAndGlyphs""#)
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_keep_a_line_apart_inside_the_plot() {
        let rows = label_rows(&[(10.0, 200.0), (20.0, 195.0), (50.0, 190.0)], 20.0, 210.0);
        assert!(rows.iter().all(|&r| (20.0..=210.0).contains(&r)));
        let mut sorted = rows.clone();
        sorted.sort_by(f64::total_cmp);
        assert!(sorted.windows(2).all(|w| w[1] - w[0] >= 15.0 - 1e-9));
    }

    #[test]
    fn charts_are_titled_images() {
        let bar = Bar {
            label: "A<b>".into(),
            value: 3.0,
            text: "3".into(),
            note: "50.0%".into(),
            colour: "#FFD966".into(),
        };
        let svg = bars("Customers", &[bar]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img""#) && svg.contains("<title>Customers</title>"));
        assert!(svg.contains("A&lt;b&gt;"));
        let curve: Vec<f64> = (0..=100).map(|k| f64::from(k) / 100.0).collect();
        let svg = pareto("P", ["x", "y"], &curve, &[]);
        assert!(svg.contains("viewBox") && svg.contains("stroke-dasharray"));
    }
}
