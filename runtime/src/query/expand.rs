//! `$expand` items with nested query options.

use super::{FilterExpr, Order, QueryOptions};

/// How deep a recursive expansion goes (`$levels`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Levels {
    /// A fixed depth.
    Depth(u32),
    /// As deep as the data goes (`max`).
    Max,
}

/// One `$expand` item: `Friends($select=a,b;$filter=…;$top=5;$expand=…)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expand {
    path: String,
    options: QueryOptions,
    levels: Option<Levels>,
}

impl Expand {
    /// Expands a navigation property path (`Friends`, `Trips/PlanItems`, or `*`).
    pub fn new(path: impl Into<String>) -> Self {
        Expand {
            path: path.into(),
            options: QueryOptions::default(),
            levels: None,
        }
    }

    /// Nested `$select`.
    pub fn select<S: Into<String>>(mut self, props: impl IntoIterator<Item = S>) -> Self {
        self.options
            .select
            .extend(props.into_iter().map(Into::into));
        self
    }

    /// Nested `$filter`; several are joined with `and`.
    pub fn filter(mut self, filter: FilterExpr) -> Self {
        self.options.add_filter(filter);
        self
    }

    /// Nested `$orderby` item; call again for further keys.
    pub fn order_by(mut self, prop: impl Into<String>, order: impl Into<Order>) -> Self {
        self.options.order_by.push((prop.into(), order.into()));
        self
    }

    /// Nested `$top`.
    pub fn top(mut self, n: u64) -> Self {
        self.options.top = Some(n);
        self
    }

    /// Nested `$skip`.
    pub fn skip(mut self, n: u64) -> Self {
        self.options.skip = Some(n);
        self
    }

    /// Nested `$count`.
    pub fn count(mut self, yes: bool) -> Self {
        self.options.count = Some(yes);
        self
    }

    /// Nested `$search`.
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.options.search = Some(text.into());
        self
    }

    /// Nested `$expand`.
    pub fn expand(mut self, inner: Expand) -> Self {
        self.options.expand.push(inner);
        self
    }

    /// `$levels` of a recursive expansion.
    pub fn levels(mut self, levels: Levels) -> Self {
        self.levels = Some(levels);
        self
    }

    /// Appends the item's text (unencoded) to `out`.
    pub(crate) fn write(&self, out: &mut String) {
        out.push_str(&self.path);
        let mut pairs = self.options.pairs();
        match self.levels {
            Some(Levels::Depth(n)) => pairs.push(("$levels", n.to_string())),
            Some(Levels::Max) => pairs.push(("$levels", "max".into())),
            None => {}
        }
        if pairs.is_empty() {
            return;
        }
        out.push('(');
        for (i, (name, value)) in pairs.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(name);
            out.push('=');
            out.push_str(value);
        }
        out.push(')');
    }

    /// The item's text, not percent-encoded.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        self.write(&mut s);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::FilterPath;

    #[test]
    fn plain_and_nested() {
        assert_eq!(Expand::new("Friends").to_text(), "Friends");
        let e = Expand::new("Friends")
            .select(["a", "b"])
            .filter(FilterPath::<String>::new("a").eq("x y"))
            .order_by("b", Order::Desc)
            .top(5)
            .skip(1)
            .count(true)
            .search("blue")
            .expand(
                Expand::new("Trips")
                    .select(["Name"])
                    .expand(Expand::new("PlanItems")),
            );
        assert_eq!(
            e.to_text(),
            "Friends($select=a,b;$filter=a eq 'x y';$expand=Trips($select=Name;$expand=PlanItems);\
             $orderby=b desc;$top=5;$skip=1;$count=true;$search=blue)"
        );
        assert_eq!(
            Expand::new("Manager").levels(Levels::Max).to_text(),
            "Manager($levels=max)"
        );
        assert_eq!(
            Expand::new("Reports").levels(Levels::Depth(2)).to_text(),
            "Reports($levels=2)"
        );
    }
}
