//! The fields `tiers` understands, their config keys, and the headers that name them in English
//! and Chinese exports (matched after [`normalise`](super::values::normalise)).

/// A column `tiers` knows how to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Customer id (客户编号).
    CustomerId,
    /// The id of the person behind several customer ids (Olist's `customer_unique_id`, where
    /// every order has a customer id of its own): the customer is graded by it, and each of
    /// their customer ids finds them.
    CustomerUniqueId,
    /// Customer name (客户名称).
    CustomerName,
    /// A person's first name (Chinook's `FirstName`, WooCommerce's First Name (Billing)):
    /// with the last name, the customer's name where no name column has one.
    FirstName,
    /// A person's last name, with [`Field::FirstName`].
    LastName,
    /// Order id (订单编号): lines with the same id are one order.
    OrderId,
    /// Order or feedback date (下单日期).
    Date,
    /// Order amount (订单金额).
    Amount,
    /// Unit price (单价), with quantity when there is no amount.
    UnitPrice,
    /// Quantity (数量).
    Quantity,
    /// Discount off the unit price, as a fraction or a percentage (Northwind's Order
    /// Details): used only where the amount is unit price × quantity.
    Discount,
    /// The part of the amount refunded (退款金额): a partly refunded order counts the rest.
    Refund,
    /// The amount's currency (币种): amounts are not converted, so several are noted.
    Currency,
    /// Order status (订单状态).
    Status,
    /// An after-sales or refund status (Pinduoduo's 售后状态, 退款状态): a refund there makes
    /// the order refunded whatever its status says.
    RefundStatus,
    /// A column that can only take a line out, whatever its status says: a void flag
    /// (作废状态 已作废, 是否作废 是), an approval (审批状态 草稿, 已驳回) or a payment
    /// status (支付状态 未支付). A value that says the line stands says nothing.
    Validity,
    /// Order type (订单类型).
    OrderType,
    /// A remark on the line (备注): one that says only 退货 or return marks a return, as
    /// hand-kept ledgers write it; any other remark says nothing.
    Remark,
    /// Product category (品类).
    Category,
    /// Product (产品).
    Product,
    /// Brand (品牌).
    Brand,
    /// Sales channel (渠道): shop, online, distributor, ...
    Channel,
    /// Contact person (联系人).
    Contact,
    /// Phone (电话).
    Phone,
    /// E-mail (邮箱).
    Email,
    /// Region (区域).
    Region,
    /// Industry (行业).
    Industry,
    /// Customer size (规模): large, medium, small.
    Size,
    /// Needs (需求类型): standard or custom.
    Needs,
    /// Who looks after the customer (负责人): fills the workbook's Owner column.
    Owner,
    /// Feedback type (反馈类型): complaint, praise, ...
    FeedbackType,
    /// Feedback text (内容).
    Content,
    /// Rating (评分).
    Rating,
}

// `Field::ALL[field as usize] == field` for every field, checked as the crate compiles: tables
// look their columns up by field that way. `Rating` is the last field.
const _: () = {
    assert!(
        Field::Rating as usize + 1 == Field::ALL.len(),
        "Field::ALL misses a field"
    );
    let mut i = 0;
    while i < Field::ALL.len() {
        assert!(
            Field::ALL[i] as usize == i,
            "Field::ALL out of declaration order"
        );
        i += 1;
    }
};

/// The kind of table a sheet or file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    /// One row per order line.
    Orders,
    /// One row per customer.
    Customers,
    /// One row per feedback or complaint.
    Feedback,
    /// One row per product, with its category or brand (Olist's products, a 商品资料 sheet):
    /// order lines that name the product but not its category or brand take them from it.
    Products,
}

impl TableKind {
    /// All kinds, in the order their tables are processed.
    pub const ALL: [TableKind; 4] = [
        TableKind::Customers,
        TableKind::Orders,
        TableKind::Feedback,
        TableKind::Products,
    ];

    /// The fields a table of this kind can map.
    pub fn fields(self) -> &'static [Field] {
        use Field::{
            Amount, Brand, Category, Channel, Contact, Content, Currency, CustomerId, CustomerName,
            CustomerUniqueId, Date, Discount, Email, FeedbackType, FirstName, Industry, LastName,
            Needs, OrderId, OrderType, Owner, Phone, Product, Quantity, Rating, Refund,
            RefundStatus, Region, Remark, Size, Status, UnitPrice, Validity,
        };
        match self {
            TableKind::Orders => &[
                CustomerId,
                CustomerUniqueId,
                CustomerName,
                FirstName,
                LastName,
                OrderId,
                Date,
                Amount,
                UnitPrice,
                Quantity,
                Discount,
                Refund,
                Currency,
                Status,
                RefundStatus,
                Validity,
                OrderType,
                Remark,
                Category,
                Product,
                Brand,
                Channel,
            ],
            TableKind::Customers => &[
                CustomerId,
                CustomerUniqueId,
                CustomerName,
                FirstName,
                LastName,
                Contact,
                Phone,
                Email,
                Region,
                Industry,
                Size,
                Needs,
                Owner,
            ],
            TableKind::Feedback => &[
                CustomerId,
                CustomerName,
                OrderId,
                Date,
                FeedbackType,
                Content,
                Rating,
            ],
            TableKind::Products => &[Product, Category, Brand],
        }
    }

    /// English name, as used in messages and config sections.
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Orders => "orders",
            TableKind::Customers => "customers",
            TableKind::Feedback => "feedback",
            TableKind::Products => "products",
        }
    }

    /// Words in a sheet or file name that hint at this kind (normalised).
    pub fn name_hints(self) -> &'static [&'static str] {
        match self {
            TableKind::Orders => &[
                "order",
                "sales",
                "transaction",
                "invoice",
                "订单",
                "销售",
                "交易",
            ],
            TableKind::Customers => &["customer", "client", "account", "客户", "会员"],
            TableKind::Feedback => &["feedback", "complaint", "review", "反馈", "投诉", "评价"],
            TableKind::Products => &["product", "item", "sku", "商品", "产品", "货品"],
        }
    }

    /// Words in a sheet or file name that say it holds returns or payments by order id, not
    /// the lines of orders.
    pub const NOT_LINES_HINTS: [&'static str; 7] = [
        "return", "refund", "payments", "退货", "退款", "退回", "收款",
    ];
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 33] = [
        Field::CustomerId,
        Field::CustomerUniqueId,
        Field::CustomerName,
        Field::FirstName,
        Field::LastName,
        Field::OrderId,
        Field::Date,
        Field::Amount,
        Field::UnitPrice,
        Field::Quantity,
        Field::Discount,
        Field::Refund,
        Field::Currency,
        Field::Status,
        Field::RefundStatus,
        Field::Validity,
        Field::OrderType,
        Field::Remark,
        Field::Category,
        Field::Product,
        Field::Brand,
        Field::Channel,
        Field::Contact,
        Field::Phone,
        Field::Email,
        Field::Region,
        Field::Industry,
        Field::Size,
        Field::Needs,
        Field::Owner,
        Field::FeedbackType,
        Field::Content,
        Field::Rating,
    ];

    /// The key naming this field in `[columns.*]` of `tiers.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Field::CustomerId => "customer_id",
            Field::CustomerUniqueId => "customer_unique_id",
            Field::CustomerName => "customer_name",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::OrderId => "order_id",
            Field::Date => "date",
            Field::Amount => "amount",
            Field::UnitPrice => "unit_price",
            Field::Discount => "discount",
            Field::Refund => "refund",
            Field::Currency => "currency",
            Field::Quantity => "quantity",
            Field::Status => "status",
            Field::RefundStatus => "refund_status",
            Field::Validity => "void_status",
            Field::OrderType => "type",
            Field::Remark => "remark",
            Field::Category => "category",
            Field::Product => "product",
            Field::Brand => "brand",
            Field::Channel => "channel",
            Field::Contact => "contact",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Region => "region",
            Field::Industry => "industry",
            Field::Size => "size",
            Field::Needs => "needs",
            Field::Owner => "owner",
            Field::FeedbackType => "feedback_type",
            Field::Content => "content",
            Field::Rating => "rating",
        }
    }

    /// Headers that name this field, normalised (lower case, no spaces or punctuation).
    #[allow(clippy::too_many_lines, reason = "a table of words, one arm per field")]
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::CustomerId => &[
                "customerid",
                "custid",
                "customerno",
                "customernumber",
                "customercode",
                "clientid",
                "clientno",
                "accountid",
                "accountno",
                "accountnumber",
                // A data warehouse's (AdventureWorksDW's, Contoso's) key of the customer.
                "customerkey",
                "buyerid",
                "memberid",
                "客户编号",
                "客户id",
                "客户代码",
                "客户号",
                "客户编码",
                "会员编号",
                "会员id",
                "买家id",
                "用户id",
                "客户代号",
                // ERPs' sell-to party (SAP, Business Central).
                "soldtoparty",
                "selltocustomerno",
                "selltocustomernumber",
                // Taobao and Tmall: the buyer's account name is their id.
                "买家会员名",
                "会员名",
                "买家账号",
                "买家昵称",
                // JD.com: the buyer's account.
                "下单账号",
                "buyerusername",
                // Etsy's Sold Orders.
                "buyeruserid",
                "客户网名",
                "买家网名",
                "小红书昵称",
                // 抖音来客's vouchers: the buyer's account name (the phone beside it is masked).
                "用户昵称",
            ],
            Field::CustomerUniqueId => &[
                "customeruniqueid",
                "uniquecustomerid",
                "mastercustomerid",
                "globalcustomerid",
                "客户唯一编号",
                "客户唯一标识",
                "客户唯一id",
                "统一客户编号",
            ],
            Field::FirstName => &["firstname", "givenname", "forename"],
            Field::LastName => &["lastname", "surname", "familyname"],
            Field::CustomerName => &[
                "customername",
                "customer",
                "client",
                "clientname",
                "company",
                "companyname",
                "accountname",
                "buyer",
                "buyername",
                "客户名称",
                "客户",
                "客户名",
                "公司名称",
                "单位名称",
                "买家",
                "会员名称",
                "客户全称",
                "公司",
                "name",
                "姓名",
                "billingname",
                // Accounting ERPs (管家婆, 金蝶): the other party of a sales document.
                "往来单位",
                "购货单位",
                "fullname",
                "associatedcompany",
                "顾客姓名",
                // A VAT invoice list's buyer (销项发票清单).
                "购方名称",
                "购买方名称",
                "billingcustomer",
                "会员姓名",
                "买家姓名",
                "客户姓名",
            ],
            Field::OrderId => &[
                "orderid",
                "orderno",
                "ordernumber",
                "invoiceno",
                "invoice",
                "invoiceid",
                "invoicenumber",
                "salesorder",
                "salesorderid",
                "amazonorderid",
                "salesorderno",
                "salesordernumber",
                // Sage's day books.
                "invno",
                "订单编号",
                "订单号",
                "单号",
                "订单id",
                "销售单号",
                "单据编号",
                "发票号",
                "主订单编号",
                "主订单号",
                "内部订单号",
                "单据号",
                "orderreference",
                // Dynamics GP's, Business Central's, SAP's and Sage 50's documents; a till's
                // receipt; a VAT invoice's number; a contract.
                "documentnumber",
                "documentno",
                "docnumber",
                "salesdocument",
                "receiptnumber",
                "receiptno",
                "invoicecm",
                "invoicecmno",
                // A CRM's deals, each its own sale.
                "opportunityid",
                "商机编号",
            ],
            Field::Date => &[
                "orderdate",
                "date",
                "purchasedate",
                "invoicedate",
                // FreshBooks' invoices.
                "dateissued",
                "issuedate",
                "transactiondate",
                "transactiondt",
                // Kaggle's Retail_Data_Transactions, H&M's transactions.
                "transdate",
                "trandate",
                "tdat",
                "postingdate",
                "docdate",
                "datecreated",
                "createdon",
                "transactiontime",
                "documentdate",
                "saledate",
                "salesdate",
                "ordertime",
                "orderdatetime",
                "orderpurchasetimestamp",
                "purchasetimestamp",
                "createdat",
                "feedbackdate",
                "complaintdate",
                "reviewdate",
                "reviewcreationdate",
                "下单日期",
                "订单日期",
                "订货日期",
                "日期",
                "交易日期",
                "交易时间",
                "购买日期",
                "销售日期",
                "下单时间",
                "成交日期",
                "成交时间",
                "付款时间",
                "订单创建时间",
                "订单付款时间",
                "订单成交时间",
                "支付时间",
                "paymentdate",
                "创建时间",
                "单据日期",
                "开单日期",
                "反馈日期",
                "反馈时间",
                "投诉日期",
                "ordercreationdate",
                "createtime",
                "createdtime",
                "createddate",
                "订单提交时间",
                "提交时间",
                "销售时间",
                "开单时间",
                "支付完成时间",
                "结账时间",
                "消费时间",
                "消费日期",
                "开票日期",
                "签约日期",
                "缴费日期",
                "结算时间",
                "结算日期",
            ],
            Field::Amount => &[
                "amount",
                "orderamount",
                "ordertotal",
                "ordertotalamount",
                "total",
                "totalamount",
                "sales",
                "salesamount",
                "revenue",
                "value",
                "ordervalue",
                "linetotal",
                "netamount",
                "dollaramount",
                "purchaseamount",
                "amountspent",
                "transactionamount",
                "transamount",
                "tranamount",
                "金额",
                "订单金额",
                "买家实际支付金额",
                "销售额",
                "销售金额",
                "成交金额",
                "实付金额",
                "用户实付金额",
                "订单实付金额",
                "应付金额",
                "订单总额",
                "付款金额",
                "交易金额",
                "实收金额",
                "价税合计",
                "折后金额",
                "折扣后金额",
                "优惠后金额",
                "含税金额",
                "实付款",
                "消费金额",
                "netsales",
                "grandtotal",
                "paidprice",
                "totalprice",
                "订单应付金额",
                "用户实付",
                "订单实际支付金额",
                "实收款",
                "买家实付",
                "分摊后总价",
                "分摊后金额",
                "应收金额",
                "orderlinetotal",
                "orderlinesubtotal",
                "商机金额",
                "documentamount",
                "netvalue",
                "invoicetotal",
                "invoiceamount",
                "extendedprice",
                "amountpaid",
                "totalsales",
                "totalincents",
                "合同金额",
                "缴费金额",
                "结算金额",
                "顾客实付",
            ],
            Field::UnitPrice => &[
                "unitprice",
                "price",
                "lineitemprice",
                "单价",
                "价格",
                "销售单价",
                "商品单价",
                "priceeach",
                "含税单价",
            ],
            Field::Quantity => &[
                "quantity",
                "qty",
                "units",
                "数量",
                "件数",
                "购买数量",
                "销售数量",
                "lineitemquantity",
                "宝贝总数量",
                "宝贝数量",
                "商品数量",
                "quantityordered",
                "实发数量",
                "出库数量",
                "发货数量",
            ],
            // English, and Chinese money off only: 折扣 0.9 is 90% of the price paid (九折),
            // not 90% off, and 用友's 扣率 90 too.
            Field::Discount => &[
                "折扣额",
                "折扣金额",
                "discountamount",
                "discount",
                "disc",
                "discountrate",
                "discountpercent",
                "discountpercentage",
                "discountpct",
                "discpct",
                "discount%",
                "disc%",
            ],
            Field::Refund => &[
                "refundedamount",
                "refundamount",
                "orderrefundamount",
                "amountrefunded",
                "退款金额",
                "已退款金额",
                // Youzan's order's refund, beside its order's paid amount.
                "订单已退款金额",
                "订单退款金额",
                "totalrefunded",
                // Clover's orders.
                "refundstotal",
                "refundtotal",
                "totalrefunds",
                // Square's transactions: money given back on a sale, beside its Net Sales.
                "partialrefunds",
            ],
            Field::Currency => &["currency", "currencycode", "币种", "货币", "币别"],
            Field::RefundStatus => &[
                "售后状态",
                "退款状态",
                "售后",
                "refundstatus",
                "returnstatus",
                "returnrefundstatus",
            ],
            Field::Validity => &[
                "作废状态",
                "是否作废",
                "作废标志",
                "作废标记",
                "作废",
                "审批状态",
                "审核状态",
                "账单状态",
                "支付状态",
                "付款状态",
                "发票状态",
                "void",
                "voided",
                "isvoid",
                "voidstatus",
                "approvalstatus",
                "paymentstatus",
                "paymentstate",
            ],
            Field::Status => &[
                "status",
                "orderstatus",
                // An Access or ERP query's abbreviation.
                "ordstatus",
                // Clover's and commercetools' orders.
                "orderstate",
                "invoicestate",
                "审批结果",
                "financialstatus",
                "订单状态",
                "状态",
                "交易状态",
                "单据状态",
                "invoicestatus",
                // A CRM's deals: won, lost or open.
                "dealstage",
                "opportunitystage",
                "销售阶段",
                "商机阶段",
            ],
            Field::Remark => &[
                "remark",
                "remarks",
                "notes",
                "note",
                "memo",
                "备注",
                "备注信息",
                "说明",
                "摘要",
            ],
            Field::OrderType => &[
                "ordertype",
                "type",
                "订单类型",
                "类型",
                "订单类别",
                "单据类型",
                "transactiontype",
                "txntype",
                "交易类型",
                "业务类型",
                // A till's 销售方式: 销售, 退货, 赠送 (思迅).
                "销售方式",
                // Lightspeed's sales: Sale, Sale Line, Payment.
                "linetype",
                "documenttype",
                "doctype",
                // A flag: TRUE on a credit memo's lines (Sage 50).
                "creditmemo",
                "iscreditmemo",
                "isreturn",
                "是否退货",
            ],
            Field::Category => &[
                "category",
                "productcategory",
                // Olist's products.
                "productcategoryname",
                "productsubclass",
                "productline",
                // Sage's day books.
                "productgroup",
                "categoryname",
                "品类",
                "类别",
                "类目",
                "商品类别",
                "产品类别",
                "分类",
                "商品分类",
                "产品分类",
            ],
            Field::Product => &[
                "product",
                "productname",
                "item",
                "itemname",
                "description",
                "产品",
                "产品名称",
                "商品",
                "商品名称",
                "品名",
                "选购商品",
                // QuickBooks.
                "productservice",
                "货品",
                "宝贝标题",
                "商品标题",
                // Kingdee's and Yonyou's names for the goods.
                "物料名称",
                "存货名称",
                "货品名称",
                "lineitemname",
            ],
            Field::Brand => &["brand", "brandname", "品牌"],
            Field::Channel => &[
                "channel",
                "saleschannel",
                "saleschannelid",
                "orderchannel",
                "渠道",
                "销售渠道",
                "下单渠道",
                "购买渠道",
                "订单来源",
            ],
            Field::Contact => &[
                "contact",
                "contactperson",
                "contactname",
                "联系人",
                "联络人",
            ],
            Field::Phone => &[
                "phone",
                "tel",
                "telephone",
                "mobile",
                "phonenumber",
                "电话",
                "手机",
                "联系电话",
                "手机号",
                "电话号码",
                "手机号码",
            ],
            // In orders, where no id column is, an e-mail column is the customer's id
            // (Wix's Contact email, Ecwid's customer_email).
            Field::Email => &[
                "email",
                "mail",
                "emailaddress",
                "customeremail",
                "customeremailaddress",
                "buyeremail",
                "contactemail",
                "billingemail",
                "邮箱",
                "电子邮箱",
                "邮件",
                "买家邮箱",
                "客户邮箱",
            ],
            Field::Region => &[
                "region",
                "area",
                "territory",
                "country",
                "province",
                "区域",
                "地区",
                "大区",
                "省份",
                "国家",
            ],
            Field::Industry => &["industry", "sector", "行业", "所属行业"],
            Field::Size => &[
                "size",
                "companysize",
                "customersize",
                "scale",
                "规模",
                "企业规模",
                "客户规模",
            ],
            Field::Needs => &[
                "needs",
                "needtype",
                "requirement",
                "requirements",
                "需求",
                "需求类型",
                "定制需求",
            ],
            Field::Owner => &[
                "owner",
                "accountowner",
                "customerowner",
                "salesrep",
                "salesrepresentative",
                "salesperson",
                "accountmanager",
                "负责人",
                "客户负责人",
                "客户经理",
                "业务员",
                "销售员",
                "销售代表",
                "跟进人",
                "所属销售",
                "归属销售",
            ],
            Field::FeedbackType => &[
                "feedbacktype",
                "type",
                "kind",
                "反馈类型",
                "类型",
                "投诉类型",
                "类别",
            ],
            Field::Content => &[
                "content",
                "feedback",
                "comment",
                "comments",
                "review",
                "reviewcomment",
                "reviewcommentmessage",
                "reviewtext",
                "内容",
                "反馈内容",
                "意见",
                "投诉内容",
                "反馈",
            ],
            Field::Rating => &[
                "rating",
                "score",
                "reviewscore",
                "stars",
                "satisfaction",
                "评分",
                "满意度",
                "星级",
            ],
        }
    }

    /// Aliases that name this field more closely than the others, best first: where several
    /// columns have an alias, one of these is taken over the leftmost. Wide World Importers'
    /// invoices hold an `InvoiceID` before the `OrderID` that joins them to their lines,
    /// Adventure Works' orders an `AccountNumber` before the `CustomerID`, and JD's orders an
    /// 订单金额 (before discounts) before the 应付金额 the buyer paid. Each is one of the
    /// field's aliases or fallback aliases.
    pub fn preferred_aliases(self) -> &'static [&'static str] {
        match self {
            Field::OrderId => &["orderid", "orderno", "ordernumber", "salesorderid"],
            // An order's status over a deal's stage beside it.
            Field::Status => &["status", "orderstatus", "订单状态", "状态", "交易状态"],
            Field::CustomerId => &["customerid", "custid", "customerno", "customernumber"],
            // An ERP's price with tax (金蝶) over the one without, as for amounts.
            Field::UnitPrice => &["含税单价"],
            // A product's own code over a line's item number (`BikeStores`' order items give
            // `item_id` 1, 2, 3 within each order beside `product_id`).
            Field::Product => &["productid", "productcode", "productno", "sku", "stockcode"],
            Field::Amount => &[
                // 旺店通: a line's share of what was paid, beside the order's 买家实付.
                "分摊后总价",
                "分摊后金额",
                "买家实际支付金额",
                "实付金额",
                "用户实付金额",
                "订单实付金额",
                "应付金额",
                "实付款",
                "用户实付",
                "订单实际支付金额",
                "买家实付",
                "订单应付金额",
                "netsales",
                // 管家婆's sales documents: 金额 before the 折扣 beside it, 折后金额 after;
                // 精斗云's 销售金额 before its 优惠金额, 优惠后金额 after.
                "折后金额",
                "折扣后金额",
                "优惠后金额",
                // ERPs' sales documents (用友, 畅捷通, 金蝶): what the customer pays, with the
                // tax, over the 金额 before it.
                "价税合计",
                "含税金额",
                // A till's 实收 after its discount, over 应收 before it (but see `IN_LAYOUTS`).
                "实收金额",
                // Odoo's order lines: a line's own amount, with tax, then before it, over its
                // order's total beside it.
                "orderlinetotal",
                "orderlinesubtotal",
            ],
            _ => &[],
        }
    }

    /// Headers that name this field less closely, taken only where no column has one of
    /// [`Self::aliases`]: a product's code stands for the product where the export has no
    /// product name (Olist's `product_id`), but not beside one (Superstore's `Product ID`
    /// before `Product Name`).
    #[allow(clippy::too_many_lines, reason = "a table of words, one arm per field")]
    pub fn fallback_aliases(self) -> &'static [&'static str] {
        match self {
            // Taobao's 总金额 is before its 买家实际支付金额 (what was paid).
            Field::Amount => &[
                "总金额",
                "退货金额",
                "returnamount",
                "returnvalue",
                // Sage's day books: Net, then Tax and Gross (PayPal's Gross comes before its
                // Net after fees, and is taken as the leftmost).
                "net",
                // Square's before discounts; eBay's before shipping; a line's goods.
                "grosssales",
                // PayPal's activity download: a payment's total before fees.
                "gross",
                "soldfor",
                "商品总价",
                "订单总价",
                "合计金额",
                "货款",
            ],
            // A shipping note's date (用友's 发货单) where nothing names the order's; a
            // returns table's date and amount (销售退货单: 退货日期, 退货金额).
            Field::Date => &[
                "发货日期",
                "出货日期",
                "送货日期",
                "出库日期",
                "shipdate",
                // ERPs' documents: the day of the business, the day it was made or booked.
                "业务日期",
                "制单日期",
                "记账日期",
                "txndate",
                "退货日期",
                "退款日期",
                "returndate",
                "refunddate",
                "creditnotedate",
                "creationdate",
                "created",
                "timestamp",
                "paidat",
                // A CRM's deal: the day it closed (won or lost) is the sale's.
                "closedate",
                "结单日期",
                "赢单日期",
                // A data warehouse's day (Contoso's DateKey; AdventureWorksDW's 20130105).
                "orderdatekey",
                "datekey",
            ],
            // 聚水潭: the shop's order number where the ERP's own is not there; a deal's name;
            // 用友's shipping notes, a till's bills and serial numbers.
            Field::OrderId => &[
                "线上订单号",
                "平台订单号",
                "opportunityname",
                "商机名称",
                "发货单号",
                "账单号",
                "流水号",
                "transactionid",
                "发票号码",
                "合同号",
                "合同编号",
            ],
            // A restaurant's or shop's member card (客如云, 哗啦啦), where no customer id is there.
            Field::CustomerId => &["会员卡号", "会员卡", "卡号"],
            // Pinduoduo names the buyer only as the consignee.
            Field::CustomerName => &[
                // Who was delivered to or billed: 收货单位 and 购买方 on a delivery note or an
                // invoice, the sold-to party on English ones (a Bill To is an address).
                "收货单位",
                "购买方",
                "购买方名称",
                "买方",
                "soldto",
                "soldtoparty",
                "收货人",
                "收货人姓名",
                "收件人",
                "收件人姓名",
                // Xero's invoices; Stripe's payments.
                "contactname",
                "customerdescription",
            ],
            Field::Product => &[
                "productid",
                "productkey",
                "productcode",
                "productno",
                "sku",
                "stockcode",
                "itemcode",
                "itemid",
                "itemno",
                // H&M's and European systems' article numbers.
                "articleid",
                "articleno",
                "articlenumber",
                "商品编码",
                "商品编号",
                "产品编号",
                "产品编码",
                "货号",
                "物料编码",
            ],
            // A line's price before its discount (the `BikeStores` sample's order items), where
            // no unit price is given beside it.
            Field::UnitPrice => &["listprice"],
            Field::Region => &[
                "city",
                "state",
                "customercity",
                "customerstate",
                "customercountry",
                "城市",
                "省",
                "所在地区",
            ],
            _ => &[],
        }
    }

    /// Headers that name a field only in the export of one system, told by a header of its
    /// own: (that header, the header, the field). Shopify's orders export names the order
    /// number "Name" and the customer by "Email", beside its "Lineitem name".
    pub const IN_LAYOUTS: [(&'static str, &'static str, Field); 19] = [
        ("lineitemname", "name", Field::OrderId),
        ("lineitemname", "email", Field::CustomerId),
        // QuickBooks: a transaction's number beside its type.
        ("transactiontype", "num", Field::OrderId),
        // Shopee: the buyer's user name beside the receiver's.
        ("receivername", "username", Field::CustomerId),
        // 进销存 (秦丝) on credit: 应收 is the sale's value, 实收 what was paid of it so far.
        ("欠款", "应收金额", Field::Amount),
        ("本单欠款", "应收金额", Field::Amount),
        ("未收金额", "应收金额", Field::Amount),
        // A CRM's opportunities (Salesforce, 纷享销客): the plain Stage is the deal's.
        ("opportunityname", "stage", Field::Status),
        ("商机名称", "阶段", Field::Status),
        // Ta-Feng's grocery data (told by its PRODUCT_SUBCLASS): AMOUNT is the number of
        // items, SALES_PRICE the line's sales.
        ("productsubclass", "amount", Field::Quantity),
        ("productsubclass", "salesprice", Field::Amount),
        // A CRM's opportunities: the day the deal closed (won or lost), over the day it was
        // created.
        ("opportunityname", "closedate", Field::Date),
        ("商机名称", "结单日期", Field::Date),
        // Amazon's order reports: item-price is the line's, for all its quantity.
        ("amazonorderid", "itemprice", Field::Amount),
        // Recurly's invoices: the account is the customer (Xero's AccountCode is a revenue
        // account), the invoice's state its status (a plain State is a region elsewhere).
        ("totalincents", "accountcode", Field::CustomerId),
        ("totalincents", "state", Field::Status),
        // Magento's order grid and HubSpot's deals: a row's own ID names its order.
        ("purchasepoint", "id", Field::OrderId),
        ("dealstage", "recordid", Field::OrderId),
        // Zoho Books' invoices: a line's Item Total, over the invoice's Total on every line.
        ("invoicestatus", "itemtotal", Field::Amount),
    ];

    /// The field a config key names.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }
}
