//! Products tables: the category and brand of the products order lines name.

use anyhow::Result;

use super::{Builder, row::RowContext};
use crate::issues::{DataIssue, Wording};
use crate::location::Source;
use crate::pipeline::columns::Field;

impl Builder<'_> {
    /// A row of a products table: the product's category and brand, for the order lines that
    /// name the product without them.
    pub(super) fn add_product(&mut self, ctx: &RowContext<'_, '_>) -> Result<(), DataIssue> {
        let product = self
            .intern(ctx, Field::Product)
            .ok_or_else(|| ctx.skip(Some(Field::Product), ["empty product", "产品为空"]))?;
        let (category, brand) = (
            self.intern(ctx, Field::Category),
            self.intern(ctx, Field::Brand),
        );
        // A stock list repeats a product per warehouse, a price list per variant: only a
        // repeat that says otherwise is one too many.
        match self.products.get(&product) {
            Some(&listed) if listed != (category, brand) => Err(ctx.skip(
                Some(Field::Product),
                [
                    "product listed before with another category or brand; the first is used",
                    "产品此前已列出，品类或品牌不同；使用先列出的",
                ],
            )),
            Some(_) => Ok(()),
            None => {
                self.products.insert(product, (category, brand));
                Ok(())
            }
        }
    }

    /// Gives the order lines that name a product of a products table, but not its category
    /// or brand, the table's, with a note saying how many, and how many name a product the
    /// table does not list.
    pub(super) fn categories_from_products(&mut self) {
        if self.products.is_empty() {
            return;
        }
        let (mut filled, mut unlisted) = (0, 0);
        for line in &mut self.data.orders {
            let Some(product) = line.product else {
                continue;
            };
            let Some(&(category, brand)) = self.products.get(&product) else {
                unlisted += 1;
                continue;
            };
            let before = (line.category, line.brand);
            line.category = line.category.or(category);
            line.brand = line.brand.or(brand);
            filled += usize::from((line.category, line.brand) != before);
        }
        let tables: Vec<String> = self
            .product_tables
            .iter()
            .map(ToString::to_string)
            .collect();
        let tables_zh: Vec<String> = self.product_tables.iter().map(Source::zh).collect();
        let (tables, tables_zh) = (tables.join(", "), tables_zh.join("、"));
        let lines = |n: usize, one: &str, more: &str| {
            format!(
                "{n} order line{} {}",
                if n == 1 { "" } else { "s" },
                if n == 1 { one } else { more }
            )
        };
        let note = match (filled, unlisted) {
            (0, 1..) => Wording::new(
                format!(
                    "no order line names a product that {tables} lists: one may give codes where the other gives names; set product = \"…\" under [columns.products] to the column the orders use"
                ),
                format!(
                    "没有订单行的产品在 {tables_zh} 中：可能一边是编码、一边是名称；请在 [columns.products] 下把 product 设为订单所用的那一列"
                ),
            ),
            (_, 0) => Wording::new(
                format!(
                    "{} their product's category or brand from {tables}",
                    lines(filled, "takes", "take")
                ),
                format!("有 {filled} 个订单行的品类或品牌取自 {tables_zh}"),
            ),
            _ => Wording::new(
                format!(
                    "{} their product's category or brand from {tables}; {} a product it does not list, and so none",
                    lines(filled, "takes", "take"),
                    lines(unlisted, "names", "name")
                ),
                format!(
                    "有 {filled} 个订单行的品类或品牌取自 {tables_zh}；另有 {unlisted} 行的产品不在其中，没有品类或品牌"
                ),
            ),
        };
        self.notice(note);
    }
}
