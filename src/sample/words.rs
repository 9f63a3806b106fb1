//! Word lists and the product catalogue, in English and Chinese.

// Word lists and catalogue. Kept compact; rustfmt would put every word on its own line.
#[rustfmt::skip]
pub(super) const SHEETS: [[&str; 3]; 2] = [["Customers", "Orders", "Feedback"], ["客户", "订单", "反馈"]];
#[rustfmt::skip]
pub(super) const CUSTOMER_HEADERS: [[&str; 8]; 2] = [
    ["Customer ID", "Customer Name", "Contact", "Phone", "Email", "Region", "Industry", "Signup Date"],
    ["客户编号", "客户名称", "联系人", "电话", "邮箱", "区域", "行业", "注册日期"],
];
#[rustfmt::skip]
pub(super) const ORDER_HEADERS: [[&str; 11]; 2] = [
    ["Order ID", "Customer ID", "Order Date", "Product", "Category", "Brand", "Channel", "Quantity", "Amount", "Status", "Order Type"],
    ["订单编号", "客户编号", "下单日期", "产品", "品类", "品牌", "渠道", "数量", "订单金额", "订单状态", "订单类型"],
];
#[rustfmt::skip]
pub(super) const FEEDBACK_HEADERS: [[&str; 4]; 2] =
    [["Customer ID", "Date", "Type", "Content"], ["客户编号", "反馈日期", "反馈类型", "内容"]];
#[rustfmt::skip]
pub(super) const STATUS: [[&str; 5]; 2] = [
    ["Completed", "Shipped", "Processed", "Pending", "Cancelled"],
    ["已完成", "已发货", "已处理", "待处理", "已取消"],
];
#[rustfmt::skip]
pub(super) const CHANNELS: [[&str; 3]; 2] = [["Store", "Online", "Distributor"], ["门店", "线上商城", "经销商"]];
#[rustfmt::skip]
pub(super) const KIND: [[&str; 3]; 2] = [["New", "Repeat", "Return"], ["新订单", "续订", "退货"]];
#[rustfmt::skip]
pub(super) const FEEDBACK_KIND: [[&str; 3]; 2] = [["Complaint", "Praise", "Suggestion"], ["投诉", "表扬", "建议"]];
#[rustfmt::skip]
pub(super) const REGIONS: [[&str; 5]; 2] = [["North", "South", "East", "West", "Central"], ["华东", "华南", "华北", "西南", "华中"]];
#[rustfmt::skip]
pub(super) const INDUSTRIES: [[&str; 3]; 2] = [["Manufacturing", "Retail", "Services"], ["制造业", "零售", "服务业"]];
/// (product en, product zh, brand en, brand zh, unit price)
pub(super) type Product = (&'static str, &'static str, &'static str, &'static str, f64);
#[rustfmt::skip]
pub(super) const CATALOG: [(&str, &str, &[Product]); 6] = [
    ("Beverages", "饮料", &[
        ("Sparkling Water", "苏打水", "ClearSpring", "清泉", 3.2), ("Green Tea", "绿茶", "Jade Leaf", "翠叶", 4.5),
        ("Orange Juice", "橙汁", "SunGrove", "阳光果园", 6.8), ("Cola", "可乐", "FizzUp", "畅爽", 2.9),
        ("Coffee Beans", "咖啡豆", "Highland Roast", "高原烘焙", 58.0)]),
    ("Snacks", "零食", &[
        ("Potato Chips", "薯片", "CrunchCo", "脆香", 5.5), ("Mixed Nuts", "混合坚果", "NutHouse", "果仁坊", 32.0),
        ("Cookies", "曲奇饼干", "Golden Oven", "金炉", 12.5), ("Dried Mango", "芒果干", "Tropic", "热带风", 18.0),
        ("Rice Crackers", "米饼", "Paddy", "稻香", 8.0)]),
    ("Household", "家居", &[
        ("Laundry Detergent", "洗衣液", "FreshWave", "清浪", 39.0), ("Paper Towels", "厨房纸巾", "SoftCloud", "柔云", 15.0),
        ("Dish Soap", "洗洁精", "FreshWave", "清浪", 9.9), ("Trash Bags", "垃圾袋", "StrongHold", "坚固", 12.0),
        ("Storage Box", "收纳箱", "HomeNest", "家巢", 45.0)]),
    ("Personal Care", "个护", &[
        ("Shampoo", "洗发水", "Silken", "丝柔", 42.0), ("Toothpaste", "牙膏", "BrightSmile", "亮白", 11.5),
        ("Body Wash", "沐浴露", "Silken", "丝柔", 36.0), ("Hand Cream", "护手霜", "Petal", "花瓣", 25.0)]),
    ("Dairy", "乳制品", &[
        ("Whole Milk", "全脂牛奶", "Meadow", "牧场", 8.5), ("Yogurt", "酸奶", "Meadow", "牧场", 6.0),
        ("Cheese Slices", "芝士片", "Alpine", "阿尔卑", 22.0), ("Butter", "黄油", "Alpine", "阿尔卑", 28.0)]),
    ("Office Supplies", "办公用品", &[
        ("Printer Paper", "打印纸", "PaperLine", "纸源", 29.0), ("Ballpoint Pens", "圆珠笔", "InkWell", "墨泉", 15.0),
        ("Notebooks", "笔记本", "PaperLine", "纸源", 9.5), ("Toner Cartridge", "硒鼓", "PrintPro", "印优", 320.0),
        ("Desk Organizer", "桌面收纳", "HomeNest", "家巢", 68.0)]),
];
#[rustfmt::skip]
pub(super) const EN_WORD1: [&str; 24] = [
    "Harbor", "Summit", "Blue River", "Golden Gate", "Oak", "Pioneer", "Silver Lake", "Northwind", "Redwood", "Maple",
    "Evergreen", "Lakeside", "Granite", "Sunrise", "Crescent", "Pacific", "Prairie", "Beacon", "Riverside", "Highland",
    "Atlas", "Keystone", "Cedar", "Union",
];
#[rustfmt::skip]
pub(super) const EN_WORD2: [&str; 12] = [
    "Foods", "Trading", "Supplies", "Retail", "Distributors", "Market", "Provisions", "Wholesale", "Goods", "Stores",
    "Logistics", "Hospitality",
];
#[rustfmt::skip]
pub(super) const EN_SUFFIX: [&str; 5] = ["Ltd", "Inc", "Co", "LLC", "Group"];
#[rustfmt::skip]
pub(super) const EN_FIRST: [&str; 16] = [
    "James", "Mary", "Robert", "Linda", "Michael", "Sarah", "David", "Emma", "Daniel", "Olivia", "Thomas", "Grace",
    "Kevin", "Laura", "Brian", "Nina",
];
#[rustfmt::skip]
pub(super) const EN_LAST: [&str; 16] = [
    "Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Clark", "Lewis", "Walker", "Hall", "Young",
    "King", "Wright", "Green", "Baker",
];
#[rustfmt::skip]
pub(super) const ZH_CITY: [&str; 16] = [
    "上海", "北京", "广州", "深圳", "杭州", "南京", "成都", "武汉", "苏州", "重庆", "天津", "西安", "长沙", "青岛", "厦门", "宁波",
];
#[rustfmt::skip]
pub(super) const ZH_WORD: [(&str, &str); 16] = [
    ("华兴", "huaxing"), ("恒达", "hengda"), ("鑫源", "xinyuan"), ("永盛", "yongsheng"), ("宏图", "hongtu"),
    ("金辉", "jinhui"), ("瑞丰", "ruifeng"), ("嘉禾", "jiahe"), ("天成", "tiancheng"), ("盛世", "shengshi"),
    ("汇通", "huitong"), ("德隆", "delong"), ("新锐", "xinrui"), ("博远", "boyuan"), ("中联", "zhonglian"),
    ("晨光", "chenguang"),
];
#[rustfmt::skip]
pub(super) const ZH_TRADE: [&str; 8] = ["贸易", "商贸", "食品", "超市", "实业", "科技", "餐饮", "物流"];
#[rustfmt::skip]
pub(super) const ZH_SURNAME: [(&str, &str); 12] = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"),
    ("赵", "zhao"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"),
];
#[rustfmt::skip]
pub(super) const ZH_GIVEN: [(&str, &str); 16] = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("强", "qiang"), ("磊", "lei"),
    ("洋", "yang"), ("杰", "jie"), ("涛", "tao"), ("秀英", "xiuying"), ("建华", "jianhua"), ("志强", "zhiqiang"),
    ("海燕", "haiyan"), ("丽娟", "lijuan"), ("明", "ming"),
];
#[rustfmt::skip]
pub(super) const PHONE_PREFIX: [u32; 12] = [130, 131, 135, 136, 137, 138, 139, 150, 158, 186, 188, 189];
#[rustfmt::skip]
pub(super) const FEEDBACK_TEXT: [[[&str; 4]; 3]; 2] = [
    [
        ["Delivery arrived three days late.", "Several boxes were damaged in transit.",
         "Invoice amount did not match the quotation.", "Customer service was slow to respond."],
        ["Fast delivery, well packed.", "Sales rep was very helpful with the order.",
         "Product quality has been consistent.", "Good prices on bulk orders."],
        ["Please send a monthly statement by email.", "Would like more pack sizes in this category.",
         "An online order tracking page would help.", "Consider a loyalty discount for repeat orders."],
    ],
    [
        ["送货比约定晚了三天。", "部分包装箱在运输中破损。", "发票金额与报价不一致。", "客服响应太慢。"],
        ["发货快，包装完好。", "销售代表非常专业，帮助很大。", "产品质量一直很稳定。", "批量采购价格有优势。"],
        ["希望每月通过邮件提供对账单。", "希望该品类增加更多规格。", "建议提供在线订单跟踪。", "建议为老客户提供会员折扣。"],
    ],
];
