//! The report's words in English and Chinese. Templates take values in braces, filled with
//! [`fill`](crate::write::labels::fill).

use crate::model::Lang;

/// Every text of the report.
pub struct ReportWords {
    /// The document title.
    pub title: &'static str,
    /// Under the title: `{as_of}`, `{start}`, `{end}` of the window.
    pub subtitle: &'static str,
    /// Under the title, when there is a comparison: `{date}`.
    pub compared: &'static str,
    /// Under the title, without one.
    pub not_compared: &'static str,
    /// Under the title, with `--redact`.
    pub redacted: &'static str,
    /// Section titles, in the report's order: headline, tiers, concentration, migration,
    /// segments, regions, industries, owners, top customers, at risk, new customers, data
    /// quality.
    pub sections: [&'static str; 12],
    /// Short sheet names for the same sections (at most 31 characters), headline and tiers
    /// sharing the first.
    pub sheets: [&'static str; 11],
    /// Headline figures: customers, active customers, counted orders, net spend.
    pub figures: [&'static str; 4],
    /// Headline columns: figure, now, then (`{date}`), change.
    pub figure_headers: [&'static str; 4],
    /// Tier table: tier, customers, share, customers then, change, net spend, share of spend,
    /// average score.
    pub tier_headers: [&'static str; 8],
    /// Chart titles: customers by tier, net spend by tier, the Pareto curve.
    pub charts: [&'static str; 3],
    /// Pareto axes: share of customers, share of net spend.
    pub axes: [&'static str; 2],
    /// Concentration table: top slice, customers, share of net spend.
    pub top_headers: [&'static str; 3],
    /// A top slice: `{percent}`.
    pub top_slice: &'static str,
    /// What the concentration counts.
    pub concentration_note: &'static str,
    /// Migration corner cell, and the extra row and column: new, left.
    pub migration_axes: [&'static str; 3],
    /// How to read the matrix: `{date}`.
    pub migration_note: &'static str,
    /// Without a comparison.
    pub no_migration: &'static str,
    /// Snapshot lines with tiers no longer configured: `{count}`.
    pub unknown_tiers: &'static str,
    /// Movers list: from, to, customer id, name.
    pub mover_headers: [&'static str; 4],
    /// Breakdown columns after the tiers: customers, net spend.
    pub breakdown_totals: [&'static str; 2],
    /// A breakdown column of one tier's net spend: `{tier}`.
    pub tier_spend: &'static str,
    /// When the inputs have no region, industry or owner column.
    pub no_column: [&'static str; 3],
    /// Title of the owner breakdown.
    pub owners_title: &'static str,
    /// Customer lists: #, customer id, name, tier, tier then, score, net spend, share, orders,
    /// first order, last order, segment, region, owner, contact, phone, e-mail, why.
    pub customer_headers: [&'static str; 18],
    /// What makes a valuable customer at risk.
    pub at_risk_note: &'static str,
    /// Why: the tier fell from `{from}`.
    pub risk_dropped: &'static str,
    /// Why: the segment.
    pub risk_segment: &'static str,
    /// Why: P(alive) `{p}`.
    pub risk_p_alive: &'static str,
    /// New customers: first purchase after `{date}`.
    pub new_note: &'static str,
    /// Data quality: reason, action, rows.
    pub issue_headers: [&'static str; 3],
    /// Skipped, used with a note.
    pub actions: [&'static str; 2],
    /// An empty list.
    pub none: &'static str,
    /// Every row was used.
    pub all_rows_used: &'static str,
    /// The rows not used cannot be told: `{why}`.
    pub unknown_issues: &'static str,
    /// Terminal summary: `{customers}`, `{active}`, `{spend}`, `{as_of}`.
    pub terminal: &'static str,
    /// Terminal summary, the comparison: `{date}`, `{customers}`, `{spend}`.
    pub terminal_then: &'static str,
    /// Terminal summary, the lists: `{risks}`, `{new}`, `{since}`.
    pub terminal_lists: &'static str,
}

/// The report's words in a language.
pub fn words(lang: Lang) -> &'static ReportWords {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

static EN: ReportWords = ReportWords {
    title: "Customer report",
    subtitle: "As of {as_of} · scoring window {start} – {end}",
    compared: "Compared with the grading of {date}",
    not_compared: "No earlier grading to compare with",
    redacted: "Contact details are masked",
    sections: [
        "Headline",
        "Customers by tier",
        "Concentration of spend",
        "Tier migration",
        "Segments",
        "Regions",
        "Industries",
        "Owners",
        "Top 20 customers",
        "Valuable customers at risk",
        "New customers",
        "Data quality",
    ],
    sheets: [
        "Overview",
        "Concentration",
        "Migration",
        "Segments",
        "Regions",
        "Industries",
        "Owners",
        "Top customers",
        "At risk",
        "New customers",
        "Data quality",
    ],
    figures: [
        "Customers",
        "Active customers",
        "Counted orders",
        "Net spend",
    ],
    figure_headers: ["", "Now", "{date}", "Change"],
    tier_headers: [
        "Tier",
        "Customers",
        "Share",
        "Customers then",
        "Change",
        "Net spend",
        "Share of spend",
        "Average score",
    ],
    charts: [
        "Customers by tier",
        "Net spend by tier",
        "Share of net spend by share of customers",
    ],
    axes: ["Top share of customers", "Share of net spend"],
    top_headers: ["Customers", "How many", "Share of net spend"],
    top_slice: "Top {percent}%",
    concentration_note: "Customers ranked by net spend in the window; refunds beyond purchases count as zero.",
    migration_axes: ["Then \\ now", "New", "Left"],
    migration_note: "Rows: tier on {date}; columns: tier now. New: not graded then; left: no longer in the inputs.",
    no_migration: "There is no earlier grading to compare with: grade into the same workbook each month, or use --compare DATE.",
    unknown_tiers: "{count} customers of the earlier grading had tiers that are no longer configured; they count as new.",
    mover_headers: ["From", "To", "Customer ID", "Name"],
    breakdown_totals: ["Customers", "Net spend"],
    tier_spend: "Net spend: {tier}",
    no_column: [
        "The inputs have no region column.",
        "The inputs have no industry column.",
        "No owners are named: fill in the Owner column of the management workbook.",
    ],
    owners_title: "Customers by owner and tier",
    customer_headers: [
        "#",
        "Customer ID",
        "Name",
        "Tier",
        "Tier then",
        "Score",
        "Net spend",
        "Share",
        "Orders",
        "First order",
        "Last order",
        "Segment",
        "Region",
        "Owner",
        "Contact",
        "Phone",
        "E-mail",
        "Why",
    ],
    at_risk_note: "Above the lowest tier now or then, and fallen a tier, in a slipping segment, or unlikely to buy again.",
    risk_dropped: "fell from {from}",
    risk_segment: "slipping segment",
    risk_p_alive: "P(alive) {p}",
    new_note: "First purchase after {date}.",
    issue_headers: ["Reason", "Action", "Rows"],
    actions: ["skipped", "used with a note"],
    none: "None.",
    all_rows_used: "Every input row was used.",
    unknown_issues: "The input rows not used cannot be told: {why}.",
    terminal: "{customers} customers ({active} active), net spend {spend}, as of {as_of}",
    terminal_then: "; on {date}: {customers} customers, net spend {spend}",
    terminal_lists: "valuable customers at risk: {risks}; new customers since {since}: {new}",
};

static ZH: ReportWords = ReportWords {
    title: "客户分级报告",
    subtitle: "截至 {as_of} · 评分窗口 {start} – {end}",
    compared: "对比 {date} 的分级",
    not_compared: "没有可对比的早前分级",
    redacted: "联系方式已隐去",
    sections: [
        "概况",
        "各等级客户",
        "消费集中度",
        "等级变动",
        "客户类别",
        "区域",
        "行业",
        "负责人",
        "前20名客户",
        "有流失风险的重要客户",
        "新客户",
        "数据质量",
    ],
    sheets: [
        "概况",
        "集中度",
        "等级变动",
        "客户类别",
        "区域",
        "行业",
        "负责人",
        "前20名客户",
        "流失风险",
        "新客户",
        "数据质量",
    ],
    figures: ["客户数", "活跃客户数", "有效订单数", "净消费额"],
    figure_headers: ["", "本期", "{date}", "变化"],
    tier_headers: [
        "等级",
        "客户数",
        "占比",
        "上期客户数",
        "变化",
        "净消费额",
        "消费额占比",
        "平均得分",
    ],
    charts: ["各等级客户数", "各等级净消费额", "客户占比与净消费额占比"],
    axes: ["消费最高的客户占比", "净消费额占比"],
    top_headers: ["客户", "人数", "净消费额占比"],
    top_slice: "前 {percent}%",
    concentration_note: "按评分窗口内净消费额排序；退款超过购买额的客户按零计。",
    migration_axes: ["上期 \\ 本期", "新增", "流失"],
    migration_note: "行：{date} 的等级；列：本期等级。新增：当时未分级；流失：已不在输入中。",
    no_migration: "没有可对比的早前分级：每月分级到同一个工作簿，或使用 --compare 日期。",
    unknown_tiers: "早前分级中有 {count} 位客户的等级已不在配置中，按新增计。",
    mover_headers: ["原等级", "现等级", "客户编号", "客户名称"],
    breakdown_totals: ["客户数", "净消费额"],
    tier_spend: "净消费额：{tier}",
    no_column: [
        "输入中没有区域列。",
        "输入中没有行业列。",
        "没有填写负责人：请在管理表的负责人列中填写。",
    ],
    owners_title: "各负责人、各等级客户数",
    customer_headers: [
        "序号",
        "客户编号",
        "客户名称",
        "等级",
        "上期等级",
        "得分",
        "净消费额",
        "占比",
        "订单数",
        "首次购买",
        "最近购买",
        "客户类别",
        "区域",
        "负责人",
        "联系人",
        "电话",
        "邮箱",
        "原因",
    ],
    at_risk_note: "本期或上期高于最低等级，且等级下降、属于流失中类别或再次购买可能性低。",
    risk_dropped: "从{from}降级",
    risk_segment: "流失中类别",
    risk_p_alive: "存活概率 {p}",
    new_note: "首次购买在 {date} 之后。",
    issue_headers: ["原因", "处理", "行数"],
    actions: ["未使用", "已使用（有备注）"],
    none: "无。",
    all_rows_used: "所有输入行均已使用。",
    unknown_issues: "无法得知未使用的输入行：{why}。",
    terminal: "截至 {as_of}：客户 {customers} 位（活跃 {active} 位），净消费额 {spend}",
    terminal_then: "；{date}：客户 {customers} 位，净消费额 {spend}",
    terminal_lists: "有流失风险的重要客户 {risks} 位，{since} 之后的新客户 {new} 位",
};
