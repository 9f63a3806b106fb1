//! Every word `tiers` writes into a workbook or table, in English and Chinese. Sentences with
//! values in them are templates: `{days}` marks where [`fill`] puts a value.

use std::fmt::{Display, Write as _};

use crate::config::Level;
use crate::model::{Lang, NotCounted, Order, OrderKind, Status, Sym, Symbols};
use crate::pipeline::behaviour::{Label, Segment};
use crate::pipeline::columns::{OrderPart, TableInfo, TableKind};
use crate::pipeline::segment::Change;

/// The words of one language.
pub struct Labels {
    /// Sheet names.
    pub summary: &'static str,
    /// Customers sheet name.
    pub customers: &'static str,
    /// Orders sheet name.
    pub orders: &'static str,
    /// Feedback sheet name.
    pub feedback: &'static str,
    /// Feedback sheet headers: customer id, name, date, type, content, rating, complaint,
    /// source, row.
    pub feedback_headers: [&'static str; 9],
    /// Revisit log sheet name.
    pub revisit_log: &'static str,
    /// The type written for a complaint known only by its low rating.
    pub complaint: &'static str,
    /// Data issues sheet name.
    pub issues: &'static str,
    /// Rules sheet name.
    pub rules: &'static str,
    /// Summary title, followed by the as-of date.
    pub title: &'static str,
    /// A printed page's footer: `&P` page, `&N` pages (Excel's codes).
    pub page_footer: &'static str,
    /// Summary key figures.
    pub as_of: &'static str,
    /// Window label.
    pub window: &'static str,
    /// The latest order in the inputs, and `{days}` it is before the as-of date.
    pub latest_order: [&'static str; 2],
    /// Label for number of customers.
    pub customer_count: &'static str,
    /// Label for active customers.
    pub active_customers: &'static str,
    /// Label for counted orders.
    pub counted_orders: &'static str,
    /// Label for order lines read.
    pub order_lines: &'static str,
    /// Label for net spend.
    pub net_spend: &'static str,
    /// Label for pending orders.
    pub pending_orders: &'static str,
    /// Label for cancelled orders.
    pub cancelled_orders: &'static str,
    /// Label for skipped rows.
    pub rows_skipped: &'static str,
    /// Tier table headers: tier, customers, share, net spend, share of spend, average score,
    /// score from.
    pub tier_table: [&'static str; 7],
    /// The tier table's last row: all customers.
    pub total: &'static str,
    /// Chart titles: customers by tier, net spend by tier.
    pub charts: [&'static str; 2],
    /// Customers sheet headers before the attributes: rank, id, name.
    pub customer_head: [&'static str; 3],
    /// Customers sheet headers after the attributes.
    pub customer_tail: [&'static str; 39],
    /// Origin of a customer created from orders.
    pub from_orders: &'static str,
    /// After a customers input column whose header is one tiers writes itself (`Notes`,
    /// `Tier`): `Notes (input)`, so that the team's Notes are not taken for it.
    pub input_suffix: &'static str,
    /// A customer of the previous workbook no longer in the inputs.
    pub inactive: &'static str,
    /// Changes against the last run: new, up, same, down, held, locked.
    pub changes: [&'static str; 6],
    /// Tier history sheet name.
    pub history: &'static str,
    /// Migration matrix title, and its extra row (new) and column (left).
    pub migration: [&'static str; 3],
    /// Below the migration matrix of a workbook's first grading.
    pub first_grading: &'static str,
    /// Segment names, in the order of `Segment::ALL`.
    pub segments: [&'static str; 9],
    /// Segment overview title, and its total column.
    pub segment_overview: [&'static str; 2],
    /// Overview titles by attribute: size class, local or remote, needs, region, industry.
    pub group_overviews: [&'static str; 5],
    /// A group for customers whose sheet leaves the attribute empty, and one for the rest
    /// when there are too many values to list.
    pub group_other: [&'static str; 2],
    /// The RFM table's segments, then "Others".
    pub rfm_segments: [&'static str; 11],
    /// Sizes: large, medium, small, and the note for a size drawn from net spend.
    pub sizes: [&'static str; 4],
    /// Local, remote.
    pub locations: [&'static str; 2],
    /// Standard, custom.
    pub needs: [&'static str; 2],
    /// Orders sheet headers.
    pub order_headers: [&'static str; 17],
    /// Order types: new, repeat, return.
    pub kinds: [&'static str; 3],
    /// Yes / no.
    pub yes_no: [&'static str; 2],
    /// Reasons an order does not count: pending, cancelled, after as-of, before window,
    /// refunded.
    pub not_counted: [&'static str; 5],
    /// Data issues headers.
    pub issue_headers: [&'static str; 7],
    /// Rules sheet headers and section titles.
    pub rules_headers: [&'static str; 2],
    /// Rules rows: version, as-of, window start, window end, config file, defaults, input,
    /// orders sheets, and what they say when `--no-history` left them out.
    pub rules_rows: [&'static str; 9],
    /// Rules section titles: tables recognised, effective configuration, lifetime value
    /// models, notes on the inputs.
    pub rules_sections: [&'static str; 4],
    /// Lifetime value rows: time unit, its value, log-likelihood, customers used, not fitted.
    pub clv_rows: [&'static str; 5],
    /// Backtest sheet name.
    pub backtest: &'static str,
    /// Backtest title, with `{end}` (calibration end), `{days}` and `{as_of}`.
    pub backtest_title: &'static str,
    /// Backtest columns: repeat purchases before, customers, predicted and actual means, and
    /// predicted and actual totals.
    pub backtest_headers: [&'static str; 6],
    /// The backtest's total line.
    pub backtest_all: &'static str,
    /// The backtest chart's title.
    pub backtest_chart: &'static str,
    /// Table kinds: orders, customers, feedback; then the order rows and the lines of an
    /// order export split in two.
    pub table_kinds: [&'static str; 7],
    /// Why a customer is in their segment.
    pub reasons: Reasons,
    /// The lines and tables of `tiers explain`.
    pub explain: ExplainWords,
    /// The revisit plan.
    pub revisit: RevisitWords,
}

/// The words of `tiers revisit`; the values each template takes are listed in braces.
pub struct RevisitWords {
    /// Sheet names: the whole plan, and what could not be scheduled.
    pub sheets: [&'static str; 2],
    /// Columns: date, owner, customer id, name, phone, tier, segment, why now, talking points,
    /// last contact, status.
    pub headers: [&'static str; 11],
    /// Statuses: scheduled, no owner, past the owner's capacity.
    pub statuses: [&'static str; 3],
    /// Never contacted.
    pub never: &'static str,
    /// Cadence: `{days}` between visits, `{last}` contact, `{due}` date.
    pub cadence: &'static str,
    /// The tier fell since the last run.
    pub dropped: &'static str,
    /// Overdue against the order cycle.
    pub overdue: &'static str,
    /// A complaint on `{date}`.
    pub complaint: &'static str,
    /// P(alive) at `{p}`.
    pub p_alive: &'static str,
    /// Talking point: favourite categories `{list}`.
    pub favourites: &'static str,
    /// Talking point: the complaint to follow up, `{content}`.
    pub follow_up: &'static str,
    /// Talking point: products to suggest, `{list}`.
    pub suggest: &'static str,
    /// Talking point: the `{tier}` and `{score}`.
    pub standing: &'static str,
    /// Talking point, after `standing`: the score that keeps the `{tier}`, `{cutoff}`.
    pub standing_keep: &'static str,
    /// Talking point, after `standing`: the `{next}` tier's `{cutoff}`.
    pub standing_next: &'static str,
    /// Talking point, after `standing`: the tier is held above the one the score alone
    /// qualifies for, `{qualified}`.
    pub standing_held: &'static str,
    /// Talking point, after `standing`: the tier is locked by hand.
    pub standing_locked: &'static str,
    /// Summary line: `{scheduled}` visits, `{month}`, `{unassigned}`, `{overflow}`.
    pub summary: &'static str,
    /// Why nothing was planned: no customer due has an owner.
    pub no_owners: &'static str,
}

/// Templates for the reasons behind a segment, one per kind of
/// [`Why`](crate::pipeline::behaviour::Why); the values each takes are listed in braces.
pub struct Reasons {
    /// No purchase at all.
    pub never_bought: &'static str,
    /// None in the window: `{days}` since the last.
    pub none_in_window: &'static str,
    /// `{days}` since the last purchase.
    pub last_purchase: &'static str,
    /// `{days}` since the last purchase, against a `{cycle}` of days.
    pub overdue: &'static str,
    /// A signed percentage `{trend}`.
    pub trend: &'static str,
    /// `{days}` since the first purchase.
    pub first_purchase: &'static str,
    /// `{days}` since the first purchase, `{average}` order and its `{median}`.
    pub first_purchase_large: &'static str,
    /// A signed percentage `{trend}` and the `{median}` net spend.
    pub growing: &'static str,
    /// `{orders}`, the `{average}` order and its `{median}`.
    pub orders: &'static str,
    /// `{r}`, `{f}`, `{m}`, `{score}`, `{days}` since the last order, order `{lines}`, `{amount}`.
    pub rfm: &'static str,
    /// No order up to the as-of date.
    pub no_order: &'static str,
}

/// The words of `tiers explain`; the values each template takes are listed in braces.
pub struct ExplainWords {
    /// First line: `{id}`, `{name}`, `{tier}`, `{score}`.
    pub heading: &'static str,
    /// The `{tier}` the score alone qualifies for, when another was given.
    pub qualifies: &'static str,
    /// `{segment}` and `{why}`.
    pub segment: &'static str,
    /// The window's `{start}` and `{end}`.
    pub window: &'static str,
    /// Parts table headers: (blank), value, score, weight, points.
    pub parts_headers: [&'static str; 5],
    /// Parts table rows: recency, frequency, monetary, breadth, complaints, score, value.
    pub parts_rows: [&'static str; 7],
    /// Value value: `{amount}` expected over the lifetime-value horizon.
    pub expected_value: &'static str,
    /// Recency value: `{days}` since the last order.
    pub days_since: &'static str,
    /// Monetary value: `{amount}` of net spend.
    pub net_spend: &'static str,
    /// Frequency value, `{n}` orders: one, many.
    pub orders: [&'static str; 2],
    /// Breadth value, `{n}` categories: one, many.
    pub categories: [&'static str; 2],
    /// The tiers' lowest scores this run, a `{list}`.
    pub cutoffs: &'static str,
    /// Between the items of a list.
    pub list: &'static str,
    /// No tier above.
    pub top: &'static str,
    /// Higher tiers the customer's attribute classes keep them out of.
    pub closed: &'static str,
    /// The goal: the next `{tier}` up.
    pub reach: &'static str,
    /// The goal for a customer whose tier is held above their score's: `{tier}` by the
    /// score.
    pub earn: &'static str,
    /// Nobody has the `{goal}`'s tier this run.
    pub nobody: &'static str,
    /// The `{goal}` takes a `{score}` that no one figure reaches.
    pub not_one: &'static str,
    /// The `{goal}`: the score `{needed}`, then the `{ways}` there.
    pub ways: &'static str,
    /// The `{score}` needed, followed by the ways.
    pub needed: &'static str,
    /// An `{amount}` of net spend to add.
    pub more_spend: &'static str,
    /// `{n}` orders to add: one, many.
    pub more_orders: [&'static str; 2],
    /// Between the ways to the next tier.
    pub or: &'static str,
    /// Favourite categories, a `{list}`.
    pub favourite_categories: &'static str,
    /// Favourite products, a `{list}`.
    pub favourite_products: &'static str,
    /// The favourite brand line.
    pub favourite_brand: &'static str,
    /// The preferred channel line.
    pub favourite_channel: &'static str,
    /// Buying rhythm: a `{cycle}` in days, the `{next}` date, `{overdue}` or nothing.
    pub rhythm: &'static str,
    /// Lifetime value: `{p_alive}`, `{orders}` expected over `{months}`, and `{value}`.
    pub lifetime: &'static str,
    /// The `{value}` part of [`lifetime`](Self::lifetime), with an `{amount}`.
    pub lifetime_value: &'static str,
    /// Marks the next order as overdue.
    pub overdue: &'static str,
    /// Title of the latest orders.
    pub latest: &'static str,
    /// Latest orders headers: date, product, amount, status, type.
    pub latest_headers: [&'static str; 5],
}

const EN: Labels = Labels {
    summary: "Summary",
    customers: "Customers",
    orders: "Orders",
    feedback: "Feedback",
    feedback_headers: [
        "Customer ID",
        "Customer name",
        "Date",
        "Type",
        "Content",
        "Rating (of 5)",
        "Complaint",
        "Source",
        "Row",
    ],
    revisit_log: "Revisit log",
    complaint: "complaint",
    issues: "Data issues",
    rules: "Rules",
    title: "Customer tiers as of",
    page_footer: "&LPage &P of &N",
    as_of: "As of",
    window: "Scoring window",
    latest_order: [
        "Latest order in the inputs",
        "{days} days before the as-of date: are the inputs up to date?",
    ],
    customer_count: "Customers",
    active_customers: "Active customers (bought in the window)",
    counted_orders: "Orders counted in the window",
    order_lines: "Order lines read",
    net_spend: "Net spend in the window",
    pending_orders: "Pending order lines (not counted)",
    cancelled_orders: "Cancelled order lines (not counted)",
    rows_skipped: "Input rows not used (see Data issues)",
    tier_table: [
        "Tier",
        "Customers",
        "Share",
        "Net spend",
        "Share of spend",
        "Average score",
        "Score from",
    ],
    total: "Total",
    charts: ["Customers by tier", "Net spend by tier"],
    customer_head: ["Rank", "Customer ID", "Name"],
    customer_tail: [
        "Tier",
        "Previous tier",
        "Change",
        "Score",
        "Segment",
        "Net spend",
        "Orders",
        "Days since last order",
        "Last order",
        "Next order expected",
        "Overdue",
        "Why this segment",
        "Service",
        "Avg order value",
        "Spend trend",
        "Categories",
        "Return rate",
        "Complaints",
        "Open orders",
        "First order",
        "Order cycle (days)",
        "Top categories",
        "Top products",
        "Top brand",
        "Preferred channel",
        "Explanation",
        "Recency score",
        "Frequency score",
        "Monetary score",
        "Breadth score",
        "Complaint penalty",
        "RFM score",
        "P(alive)",
        "Expected orders (next {months} months)",
        "Expected value (next {months} months)",
        "Size class",
        "Local or remote",
        "Needs class",
        "Listed in",
    ],
    from_orders: "orders only",
    input_suffix: " (input)",
    inactive: "inactive: no longer in the inputs",
    changes: [
        "first graded",
        "up",
        "same",
        "down",
        "held (protected)",
        "locked",
    ],
    history: "Tier history",
    migration: [
        "Tier changes since the last run (rows: last run, columns: now)",
        "first graded",
        "left",
    ],
    first_grading: "The first grading in this workbook: every customer is first graded; tier changes show from the next run.",
    segments: [
        "high-frequency small-order",
        "occasional large-order",
        "potential",
        "new",
        "at risk",
        "dormant",
        "lost",
        "prospect",
        "regular",
    ],
    segment_overview: ["Customers by segment and tier", "Net spend"],
    group_overviews: [
        "Customers by size class and tier",
        "Customers by local or remote and tier",
        "Customers by needs and tier",
        "Customers by region and tier",
        "Customers by industry and tier",
    ],
    group_other: ["(not given)", "(all others)"],
    rfm_segments: [
        "Champions",
        "Potential Loyalist",
        "Loyal Customers",
        "Promising",
        "New Customers",
        "Can't Lose Them",
        "At Risk",
        "Need Attention",
        "About To Sleep",
        "Lost",
        "Others",
    ],
    sizes: ["large", "medium", "small", "by net spend"],
    locations: ["local", "remote"],
    needs: ["standard", "custom"],
    order_headers: [
        "Order ID",
        "Customer ID",
        "Customer name",
        "Tier",
        "Order date",
        "Product",
        "Category",
        "Brand",
        "Channel",
        "Quantity",
        "Amount",
        "Status",
        "Type",
        "Counted",
        "Not counted because",
        "Source",
        "Row",
    ],
    kinds: ["new", "repeat", "return"],
    yes_no: ["yes", "no"],
    not_counted: [
        "pending",
        "cancelled",
        "after the as-of date",
        "before the window",
        "refunded",
    ],
    issue_headers: [
        "File", "Sheet", "Row", "Column", "Value", "Problem", "Action",
    ],
    rules_headers: ["Setting", "Value"],
    rules_rows: [
        "tiers version",
        "As of",
        "Window start",
        "Window end",
        "Config file",
        "(defaults)",
        "Input",
        "Order lines",
        "not written (--no-history)",
    ],
    rules_sections: [
        "Tables recognised",
        "Effective configuration",
        "Lifetime value models",
        "Notes on the inputs",
    ],
    backtest: "Backtest",
    backtest_title: "Lifetime value backtest: BG/NBD fitted on purchases to {end}, purchases predicted for the {days} days to {as_of}",
    backtest_headers: [
        "Repeat purchases before",
        "Customers",
        "Predicted (mean)",
        "Actual (mean)",
        "Predicted (total)",
        "Actual (total)",
    ],
    backtest_all: "all",
    backtest_chart: "Purchases in the holdout period per customer",
    clv_rows: [
        "time unit",
        "day (alpha is in days)",
        "log-likelihood",
        "customers used",
        "not fitted",
    ],
    table_kinds: [
        "orders",
        "customers",
        "feedback",
        "orders (their lines in another table)",
        "order lines",
        "returned orders",
        "products",
    ],
    reasons: Reasons {
        never_bought: "no purchase yet",
        none_in_window: "no purchase in the window (last {days} days ago)",
        last_purchase: "last purchase {days} days ago",
        overdue: "{days} days since the last purchase, against a cycle of {cycle}",
        trend: "spend trend {trend}%",
        first_purchase: "first purchase {days} days ago",
        first_purchase_large: "first purchase {days} days ago, average order {average} (median {median})",
        growing: "spend trend {trend}%, net spend below the median {median}",
        orders: "{orders} orders, average order {average} (median {median})",
        rfm: "R {r} F {f} M {m} (RFM score {score}): {days} days since the last order, {lines} order lines, {amount}",
        no_order: "no order up to the as-of date",
    },
    revisit: RevisitWords {
        sheets: ["Revisit plan", "Not scheduled"],
        headers: [
            "Date",
            "Owner",
            "Customer ID",
            "Name",
            "Phone",
            "Tier",
            "Segment",
            "Why now",
            "Talking points",
            "Last contact",
            "Status",
        ],
        statuses: [
            "scheduled",
            "no owner",
            "past the owner's capacity this month",
        ],
        never: "no contact on record",
        cadence: "every {days} days, last contact {last}: due {due}",
        dropped: "tier dropped since the last run",
        overdue: "overdue against their own order cycle",
        complaint: "complaint on {date}",
        p_alive: "P(alive) {p}",
        favourites: "favourites: {list}",
        follow_up: "follow up the complaint: {content}",
        suggest: "not bought yet: {list}",
        standing: "{tier}, score {score}",
        standing_keep: " ({tier} from {cutoff})",
        standing_next: ", {next} from {cutoff}",
        standing_held: " (held: the score alone qualifies for {qualified})",
        standing_locked: " (locked by hand)",
        summary: "visits planned for {month}: {scheduled}; without an owner: {unassigned}; past capacity: {overflow}",
        no_owners: "No visit could be planned: none of the customers due has an owner. Write each one's sales rep in the Owner column of the management workbook's Customers sheet (it is kept from run to run), or set revisit.default_owner in tiers.toml; the customers due are listed in Not scheduled.",
    },
    explain: ExplainWords {
        heading: "{id} {name}: {tier}, score {score}",
        qualifies: "(the score alone qualifies for {tier})",
        segment: "segment: {segment} ({why})",
        window: "window: {start} – {end}",
        parts_headers: ["", "value", "score (0–100)", "weight", "points"],
        parts_rows: [
            "recency",
            "frequency",
            "monetary",
            "breadth",
            "complaints",
            "score",
            "value",
        ],
        expected_value: "{amount} expected value",
        days_since: "{days} days since the last order",
        net_spend: "{amount} net spend",
        orders: ["{n} order", "{n} orders"],
        categories: ["{n} category", "{n} categories"],
        cutoffs: "tier cut-offs (lowest score in each tier this run): {list}",
        list: ", ",
        top: "next tier: none, this is the highest",
        closed: "not open to this customer's attribute classes (the tier's when): {list}",
        reach: "to reach {tier}",
        earn: "to earn {tier} by the score, not by the hold",
        nobody: "{goal}: no customer has that tier this run",
        not_one: "{goal}: a score of {score}; more than one figure must improve",
        ways: "{goal}: {needed}{ways} (everyone else as they are)",
        needed: "a score of {score}; ",
        more_spend: "{amount} more net spend in the window",
        more_orders: ["{n} more order", "{n} more orders"],
        or: ", or ",
        favourite_categories: "favourite categories: {list}",
        favourite_products: "favourite products: {list}",
        favourite_brand: "favourite brand: {list}",
        favourite_channel: "preferred channel: {list}",
        rhythm: "buys every {cycle} days; next order expected {next}{overdue}",
        lifetime: "lifetime value: P(alive) {p_alive}, {orders} orders expected in the next {months} months{value}",
        lifetime_value: ", worth {amount}",
        overdue: ", overdue",
        latest: "latest orders:",
        latest_headers: ["date", "product", "amount", "status", "type"],
    },
};

const ZH: Labels = Labels {
    summary: "概览",
    customers: "客户",
    orders: "订单",
    feedback: "反馈",
    feedback_headers: [
        "客户编号",
        "客户名称",
        "日期",
        "类型",
        "内容",
        "评分（满分 5）",
        "是否投诉",
        "来源",
        "行号",
    ],
    revisit_log: "回访记录",
    complaint: "投诉",
    issues: "数据问题",
    rules: "规则",
    title: "客户分级 截至",
    page_footer: "&L第 &P 页，共 &N 页",
    as_of: "截至日期",
    window: "评分期间",
    latest_order: ["输入中最近的订单", "比截止日期早 {days} 天：输入是否最新？"],
    customer_count: "客户数",
    active_customers: "活跃客户（期间内有购买）",
    counted_orders: "期间内计入的订单",
    order_lines: "读取的订单行",
    net_spend: "期间内净消费额",
    pending_orders: "待处理订单行（不计入）",
    cancelled_orders: "已取消订单行（不计入）",
    rows_skipped: "未使用的输入行（见数据问题）",
    tier_table: [
        "等级",
        "客户数",
        "占比",
        "净消费额",
        "消费占比",
        "平均得分",
        "起评分",
    ],
    total: "合计",
    charts: ["各等级客户数", "各等级净消费额"],
    customer_head: ["排名", "客户编号", "客户名称"],
    customer_tail: [
        "等级",
        "上次等级",
        "变化",
        "得分",
        "客户类别",
        "净消费额",
        "订单数",
        "距上次购买天数",
        "最近下单",
        "预计下次下单",
        "已逾期",
        "归类原因",
        "服务策略",
        "平均订单金额",
        "消费趋势",
        "品类数",
        "退货率",
        "投诉次数",
        "未完成订单",
        "首次下单",
        "购买周期（天）",
        "偏好品类",
        "偏好产品",
        "偏好品牌",
        "偏好渠道",
        "说明",
        "最近购买得分",
        "频次得分",
        "金额得分",
        "品类广度得分",
        "投诉扣分",
        "RFM 得分",
        "存活概率",
        "预计订单数（未来{months}个月）",
        "预计价值（未来{months}个月）",
        "规模分类",
        "本地/外地",
        "需求分类",
        "来源",
    ],
    from_orders: "仅见于订单",
    input_suffix: "（输入）",
    inactive: "不再活跃：输入中已无此客户",
    changes: ["首次评级", "上升", "不变", "下降", "保级", "锁定"],
    history: "等级历史",
    migration: [
        "与上次相比的等级变化（行：上次，列：本次）",
        "首次评级",
        "已离开",
    ],
    first_grading: "本工作簿的首次评级：等级变化从下次运行起显示。",
    segments: [
        "高频小单",
        "偶尔大单",
        "潜力",
        "新客户",
        "流失风险",
        "沉睡",
        "已流失",
        "尚未购买",
        "常规",
    ],
    segment_overview: ["各类别、各等级客户数", "净消费额"],
    group_overviews: [
        "各规模、各等级客户数",
        "本地/外地、各等级客户数",
        "各需求类型、各等级客户数",
        "各区域、各等级客户数",
        "各行业、各等级客户数",
    ],
    group_other: ["（未填写）", "（其他）"],
    rfm_segments: [
        "冠军客户",
        "潜力忠诚客户",
        "忠诚客户",
        "有潜力的客户",
        "新客户",
        "不能失去的客户",
        "流失风险客户",
        "需要关注的客户",
        "即将沉睡的客户",
        "已流失客户",
        "其他",
    ],
    sizes: ["大", "中", "小", "按消费额"],
    locations: ["本地", "外地"],
    needs: ["标准", "定制"],
    order_headers: [
        "订单编号",
        "客户编号",
        "客户名称",
        "等级",
        "下单日期",
        "产品",
        "品类",
        "品牌",
        "渠道",
        "数量",
        "金额",
        "状态",
        "类型",
        "是否计入",
        "不计入原因",
        "来源",
        "行号",
    ],
    kinds: ["新订单", "续订", "退货"],
    yes_no: ["是", "否"],
    not_counted: ["待处理", "已取消", "晚于截至日期", "早于评分期间", "已退款"],
    issue_headers: ["文件", "工作表", "行号", "列", "值", "问题", "处理"],
    rules_headers: ["设置", "值"],
    rules_rows: [
        "tiers 版本",
        "截至日期",
        "期间开始",
        "期间结束",
        "配置文件",
        "（默认）",
        "输入",
        "订单明细",
        "未写入（--no-history）",
    ],
    rules_sections: ["识别的表", "生效的配置", "客户终身价值模型", "输入说明"],
    backtest: "回测",
    backtest_title: "客户终身价值回测：BG/NBD 以截至{end}的购买拟合，预测至{as_of}的{days}天内的购买",
    backtest_headers: [
        "此前重复购买次数",
        "客户数",
        "预测（人均）",
        "实际（人均）",
        "预测（合计）",
        "实际（合计）",
    ],
    backtest_all: "全部",
    backtest_chart: "回测期内人均购买次数",
    clv_rows: [
        "时间单位",
        "天（alpha 以天计）",
        "对数似然",
        "使用客户数",
        "未拟合",
    ],
    table_kinds: [
        "订单",
        "客户",
        "反馈",
        "订单（明细在另一表）",
        "订单明细",
        "退货订单",
        "商品",
    ],
    reasons: Reasons {
        never_bought: "尚无购买",
        none_in_window: "评分期间内无购买（上次购买在{days}天前）",
        last_purchase: "上次购买在{days}天前",
        overdue: "距上次购买{days}天，超过其{cycle}天的购买周期",
        trend: "消费趋势{trend}%",
        first_purchase: "首次购买于{days}天前",
        first_purchase_large: "首次购买于{days}天前，平均订单金额{average}（中位数{median}）",
        growing: "消费趋势{trend}%，净消费额低于中位数{median}",
        orders: "{orders}笔订单，平均订单金额{average}（中位数{median}）",
        rfm: "R {r} F {f} M {m}（RFM得分{score}）：距上次订单{days}天，订单行{lines}条，金额{amount}",
        no_order: "截至日期前无订单",
    },
    revisit: RevisitWords {
        sheets: ["回访计划", "未排期"],
        headers: [
            "日期",
            "负责人",
            "客户编号",
            "客户名称",
            "电话",
            "等级",
            "客户类别",
            "回访原因",
            "沟通要点",
            "上次回访",
            "状态",
        ],
        statuses: ["已排期", "无负责人", "超出负责人本月接待能力"],
        never: "无回访记录",
        cadence: "每{days}天回访一次，上次回访{last}：{due}到期",
        dropped: "等级较上次下降",
        overdue: "超过其购买周期未下单",
        complaint: "{date}有投诉",
        p_alive: "存活概率{p}",
        favourites: "偏好：{list}",
        follow_up: "跟进投诉：{content}",
        suggest: "尚未购买：{list}",
        standing: "{tier}，得分{score}",
        standing_keep: "（{tier}需{cutoff}分）",
        standing_next: "，{next}需{cutoff}分",
        standing_held: "（保级中：仅按得分应为{qualified}）",
        standing_locked: "（手工锁定）",
        summary: "{month}共安排{scheduled}次回访；{unassigned}位客户无负责人，{overflow}位超出接待能力",
        no_owners: "未能安排回访：待回访的客户都没有负责人。请在管理工作簿“客户”表的“负责人”列填写各客户的销售（每次运行都会保留），或在 tiers.toml 中设置 revisit.default_owner；待回访的客户列在“未排期”表中。",
    },
    explain: ExplainWords {
        heading: "{id} {name}：{tier}，得分{score}",
        qualifies: "（仅凭得分可达{tier}）",
        segment: "客户类别：{segment}；{why}",
        window: "评分期间：{start} 至 {end}",
        parts_headers: ["", "数值", "分项得分（0–100）", "权重", "计入得分"],
        parts_rows: [
            "最近购买",
            "频次",
            "金额",
            "品类广度",
            "投诉",
            "总分",
            "预计价值",
        ],
        expected_value: "预计价值{amount}",
        days_since: "距上次订单{days}天",
        net_spend: "净消费额{amount}",
        orders: ["{n}笔订单", "{n}笔订单"],
        categories: ["{n}个品类", "{n}个品类"],
        cutoffs: "各等级分数线（本次各等级的最低得分）：{list}",
        list: "、",
        top: "下一等级：无，已是最高等级",
        closed: "该客户的属性类别不符合以下等级的适用条件（when）：{list}",
        reach: "升至{tier}",
        earn: "凭得分（而非保留）达到{tier}",
        nobody: "{goal}：本次没有客户处于该等级",
        not_one: "{goal}：需得分{score}，仅提升单项指标无法达到",
        ways: "{goal}：{needed}{ways}（其他客户不变）",
        needed: "需得分{score}；",
        more_spend: "评分期间内净消费额再增加{amount}",
        more_orders: ["再增加{n}笔订单", "再增加{n}笔订单"],
        or: "，或",
        favourite_categories: "偏好品类：{list}",
        favourite_products: "偏好产品：{list}",
        favourite_brand: "偏好品牌：{list}",
        favourite_channel: "偏好渠道：{list}",
        rhythm: "每{cycle}天购买一次；预计下次下单{next}{overdue}",
        lifetime: "客户终身价值：存活概率{p_alive}，未来{months}个月预计{orders}笔订单{value}",
        lifetime_value: "，价值{amount}",
        overdue: "，已逾期",
        latest: "最近订单：",
        latest_headers: ["日期", "产品", "金额", "状态", "类型"],
    },
};

/// Favourites with their shares, `Beverages 62%, Snacks 30%` (`饮料 62%、零食 30%`).
pub fn favourites(items: &[(Sym, f64)], symbols: &Symbols, lang: Lang) -> String {
    items
        .iter()
        .map(|(sym, share)| {
            // A summary, not a copy: very long names are shortened.
            let name = symbols.get(*sym);
            let name: String = if name.chars().count() > 60 {
                name.chars().take(59).chain(['…']).collect()
            } else {
                name.to_owned()
            };
            match share * 100.0 {
                pct if pct < 0.5 => format!("{name} <1%"),
                pct => format!("{name} {pct:.0}%"),
            }
        })
        .collect::<Vec<_>>()
        .join(labels(lang).explain.list)
}

/// What a recognised table holds, in words.
pub fn table_kind(l: &Labels, table: &TableInfo) -> &'static str {
    match (table.kind, table.part) {
        (TableKind::Orders, OrderPart::Whole) => l.table_kinds[0],
        (TableKind::Customers, _) => l.table_kinds[1],
        (TableKind::Feedback, _) => l.table_kinds[2],
        (TableKind::Orders, OrderPart::Headers) => l.table_kinds[3],
        (TableKind::Orders, OrderPart::Lines) => l.table_kinds[4],
        (TableKind::Orders, OrderPart::Returned) => l.table_kinds[5],
        (TableKind::Products, _) => l.table_kinds[6],
    }
}

/// The labels of a language.
pub fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

impl Labels {
    /// An order type's label.
    pub fn kind(&self, kind: OrderKind) -> &'static str {
        match kind {
            OrderKind::New => self.kinds[0],
            OrderKind::Repeat => self.kinds[1],
            OrderKind::Return => self.kinds[2],
        }
    }

    /// A change against the last run.
    pub fn change(&self, change: Change) -> &'static str {
        let index = match change {
            Change::New => 0,
            Change::Up => 1,
            Change::Same => 2,
            Change::Down => 3,
            Change::Held => 4,
            Change::Locked => 5,
        };
        self.changes[index]
    }

    /// A segment's name, of either method.
    pub fn segment(&self, label: Label) -> &'static str {
        let segment = match label {
            Label::Rule(segment) => segment,
            Label::Rfm(row) => {
                return self.rfm_segments[row.unwrap_or(self.rfm_segments.len() - 1)];
            }
        };
        let index = Segment::ALL
            .iter()
            .position(|s| *s == segment)
            .unwrap_or_default();
        self.segments[index]
    }

    /// An order line's status as the output shows it: the text of its status column, or for
    /// an order a returns list sent back (a status tiers set, with no text), "refunded" in
    /// this language, which reads back as that status.
    pub fn status<'a>(&self, order: &Order, symbols: &'a Symbols) -> Option<&'a str> {
        match (order.status_text, order.status) {
            (Some(text), _) => Some(symbols.get(text)),
            (None, Some(Status::Refunded)) => Some(self.not_counted(NotCounted::Refunded)),
            (None, _) => None,
        }
    }

    /// Why an order did not count.
    pub fn not_counted(&self, reason: NotCounted) -> &'static str {
        match reason {
            NotCounted::Pending => self.not_counted[0],
            NotCounted::Cancelled => self.not_counted[1],
            NotCounted::AfterAsOf => self.not_counted[2],
            NotCounted::BeforeWindow => self.not_counted[3],
            NotCounted::Refunded => self.not_counted[4],
        }
    }
}

/// `template` with each `{name}` replaced by its value; an unknown name stays as it is.
pub fn fill(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = values.iter().find(|(n, _)| *n == name)?;
            Some((close, value))
        });
        if let Some((close, value)) = value {
            let _ = write!(out, "{value}");
            rest = &after[close + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A tier's name in the output language.
pub fn tier_name(level: &Level, lang: Lang) -> &str {
    match lang {
        Lang::En => &level.name,
        Lang::Zh => level.name_zh.as_deref().unwrap_or(&level.name),
    }
}

#[cfg(test)]
mod tests {
    use super::{Lang, Symbols, favourites, fill};

    #[test]
    fn favourites_list_shares_in_each_language() {
        let mut symbols = Symbols::default();
        let items = [
            (symbols.intern("Soap"), 0.5),
            (symbols.intern("Cake"), 0.3),
            (symbols.intern("Tea"), 0.004),
        ];
        assert_eq!(
            favourites(&items, &symbols, Lang::En),
            "Soap 50%, Cake 30%, Tea <1%"
        );
        assert_eq!(
            favourites(&items, &symbols, Lang::Zh),
            "Soap 50%、Cake 30%、Tea <1%"
        );
    }

    #[test]
    fn fill_puts_each_value_in_its_place() {
        let text = fill("{a} and {b}, {a} again", &[("a", &1), ("b", &"two")]);
        assert_eq!(text, "1 and two, 1 again");
    }

    #[test]
    fn fill_leaves_unknown_names_and_stray_braces() {
        assert_eq!(fill("{x} {", &[("a", &1)]), "{x} {");
    }
}
