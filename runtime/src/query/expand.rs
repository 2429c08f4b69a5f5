//! `$expand` items with nested query options.

use std::marker::PhantomData;

use super::{FilterExpr, Order, QueryOptions, names};
use crate::Error;

/// How deep a recursive expansion goes (`$levels`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Levels {
    /// A fixed depth.
    Depth(u32),
    /// As deep as the data goes (`max`).
    Max,
}

/// Marker of an [`Expand`] that may nest further expansions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nested;

/// Marker of an [`Expand`] that may not: a [`FlatExpand`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flat;

/// One `$expand` item: `Friends($select=a,b;$filter=…;$top=5;$expand=…)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expand<L = Nested> {
    path: String,
    options: QueryOptions,
    levels: Option<Levels>,
    nesting: PhantomData<L>,
}

/// An `$expand` item without nested `$expand` or `$levels`, for a service whose
/// `ExpandRestrictions/MaxLevels` is 1; it converts into an [`Expand`].
///
/// ```
/// let item = odata_runtime::FlatExpand::flat("Trips").select(["Name"]).top(3);
/// assert_eq!(odata_runtime::Expand::from(item), odata_runtime::Expand::new("Trips").select(["Name"]).top(3));
/// ```
///
/// Nesting does not compile:
///
/// ```compile_fail
/// odata_runtime::FlatExpand::flat("Trips").expand(odata_runtime::Expand::new("PlanItems"));
/// ```
pub type FlatExpand = Expand<Flat>;

impl Expand {
    /// Expands a navigation property path (`Friends`, `Trips/PlanItems`, or `*`).
    pub fn new(path: impl Into<String>) -> Self {
        Expand::with_path(path.into())
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
}

impl FlatExpand {
    /// Expands a navigation property path, allowing no nested expansion.
    pub fn flat(path: impl Into<String>) -> Self {
        Expand::with_path(path.into())
    }
}

impl From<FlatExpand> for Expand {
    fn from(flat: FlatExpand) -> Self {
        Expand {
            path: flat.path,
            options: flat.options,
            levels: flat.levels,
            nesting: PhantomData,
        }
    }
}

impl<L> Expand<L> {
    fn with_path(path: String) -> Self {
        Expand {
            path,
            options: QueryOptions::default(),
            levels: None,
            nesting: PhantomData,
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

    /// Nested `$search`: words and `AND`/`OR`/`NOT` as given; any other text is searched as
    /// one phrase (quoted and escaped, so it cannot end the `$expand` item).
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.options.search = Some(text.into());
        self
    }

    /// Appends the item's text (unencoded) to `out`, after checking its path and the names
    /// and paths of its options.
    pub(crate) fn write_checked(&self, out: &mut String) -> Result<(), Error> {
        names::check_path(&self.path, "$expand path")?;
        let mut pairs = self.options.pairs_in(true)?;
        match self.levels {
            Some(Levels::Depth(n)) => pairs.push(("$levels", n.to_string())),
            Some(Levels::Max) => pairs.push(("$levels", "max".into())),
            None => {}
        }
        out.push_str(&self.path);
        if pairs.is_empty() {
            return Ok(());
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
        Ok(())
    }

    /// The item's text, not percent-encoded, or the error a request would report when a
    /// path or name in it is not valid where it goes.
    pub fn to_text(&self) -> Result<String, Error> {
        let mut s = String::new();
        self.write_checked(&mut s)?;
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::FilterPath;

    #[test]
    fn plain_and_nested() {
        assert_eq!(Expand::new("Friends").to_text().unwrap(), "Friends");
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
            e.to_text().unwrap(),
            "Friends($select=a,b;$filter=a eq 'x y';$expand=Trips($select=Name;$expand=PlanItems);\
             $orderby=b desc;$top=5;$skip=1;$count=true;$search=blue)"
        );
    }

    /// Text from callers cannot leave its place in `$expand(...)`.
    #[test]
    fn injections_are_refused_or_quoted() {
        assert_eq!(
            Expand::new("Friends")
                .search("x),Secrets(")
                .to_text()
                .unwrap(),
            r#"Friends($search="x),Secrets(")"#
        );
        for bad in [
            Expand::new("Friends),Secrets("),
            Expand::new("Friends").select(["a;$top=1"]),
            Expand::new("Friends").order_by("a,b desc", Order::Asc),
            Expand::new("Friends").expand(Expand::new("x($select=y)")),
            Expand::new("Friends").filter(FilterPath::<i32>::dynamic("1 eq 1 or id").eq(1)),
        ] {
            let e = bad.to_text().unwrap_err();
            assert!(matches!(e, Error::InvalidRequest(_)), "{e:?}");
        }
        assert_eq!(
            Expand::new("Manager")
                .levels(Levels::Max)
                .to_text()
                .unwrap(),
            "Manager($levels=max)"
        );
        assert_eq!(
            Expand::new("Reports")
                .levels(Levels::Depth(2))
                .to_text()
                .unwrap(),
            "Reports($levels=2)"
        );
    }
}
