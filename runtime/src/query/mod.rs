//! Building OData URLs: literals, `$filter`, `$expand`, system query options, key
//! predicates and their percent-encoding.

mod encode;
mod expand;
mod filter;
mod key;
mod literal;
mod names;
mod restricted;

pub use encode::{encode_path_segment, encode_query_name, encode_query_value};
pub(crate) use encode::{push_pair, query_names};
pub use expand::{Expand, Flat, FlatExpand, Levels, Nested};
pub use filter::{FilterExpr, FilterPath, FilterValue, StringPath};
pub use key::key_path;
pub use literal::Literal;
pub use restricted::{
    Clause, Conjunction, Disjunctive, Exclusion, LowerBound, MultiRange,
    MultiRangeOrSearchExpression, MultiValue, Ranged, RestrictedPath, SearchExpression, Searching,
    SingleRange, SingleValue,
};

use crate::Error;

/// Sort direction of an `$orderby` item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Ascending (the default; written without a suffix).
    #[default]
    Asc,
    /// Descending (`desc`).
    Desc,
}

impl From<bool> for Order {
    /// `true` means descending.
    fn from(descending: bool) -> Self {
        if descending { Order::Desc } else { Order::Asc }
    }
}

/// System query options shared by requests and nested `$expand` options.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct QueryOptions {
    pub(crate) select: Vec<String>,
    pub(crate) filter: Option<FilterExpr>,
    pub(crate) order_by: Vec<(String, Order)>,
    pub(crate) top: Option<u64>,
    pub(crate) skip: Option<u64>,
    pub(crate) count: Option<bool>,
    pub(crate) expand: Vec<Expand>,
    pub(crate) search: Option<String>,
}

impl QueryOptions {
    /// Adds properties to `$select`, then the `key` properties: servers such as ASP.NET OData
    /// (Intune, Microsoft Graph) return exactly what was selected, and a decoded entity needs
    /// its key. Each name is sent once.
    pub(crate) fn add_select(
        &mut self,
        props: impl IntoIterator<Item = String>,
        key: &[&'static str],
    ) {
        for name in props.into_iter().chain(key.iter().map(|k| (*k).to_owned())) {
            if !self.select.contains(&name) {
                self.select.push(name);
            }
        }
    }

    /// Adds a filter; several are joined with `and`.
    pub(crate) fn add_filter(&mut self, f: FilterExpr) {
        self.filter = Some(match self.filter.take() {
            Some(old) => old.and(f),
            None => f,
        });
    }

    /// The options as unencoded `(name, value)` pairs, in a stable order; an error when a
    /// name, path or filter path is not valid where it goes.
    pub(crate) fn pairs(&self) -> Result<Vec<(&'static str, String)>, Error> {
        self.pairs_in(false)
    }

    /// [`pairs`](Self::pairs); `nested` inside `$expand(...)`, where `$search` is quoted.
    fn pairs_in(&self, nested: bool) -> Result<Vec<(&'static str, String)>, Error> {
        let mut out = Vec::new();
        for s in &self.select {
            names::check_path(s, "$select item")?;
        }
        for (p, _) in &self.order_by {
            names::check_path(p, "$orderby item")?;
        }
        if !self.select.is_empty() {
            out.push(("$select", self.select.join(",")));
        }
        if let Some(f) = &self.filter {
            f.check()?;
            out.push(("$filter", f.as_str().to_owned()));
        }
        if !self.expand.is_empty() {
            let mut s = String::new();
            for (i, e) in self.expand.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                e.write_checked(&mut s)?;
            }
            out.push(("$expand", s));
        }
        if !self.order_by.is_empty() {
            let items: Vec<String> = self
                .order_by
                .iter()
                .map(|(p, o)| match o {
                    Order::Asc => p.clone(),
                    Order::Desc => format!("{p} desc"),
                })
                .collect();
            out.push(("$orderby", items.join(",")));
        }
        if let Some(n) = self.top {
            out.push(("$top", n.to_string()));
        }
        if let Some(n) = self.skip {
            out.push(("$skip", n.to_string()));
        }
        if let Some(c) = self.count {
            out.push(("$count", c.to_string()));
        }
        if let Some(s) = &self.search {
            // At the top level the value is percent-encoded whole, so the service's own
            // search syntax passes; inside `$expand(...)` it could close the parenthesis.
            let s = if nested {
                names::quote_search(s)
            } else {
                s.clone()
            };
            out.push(("$search", s));
        }
        Ok(out)
    }
}
