//! `$filter` shapes for properties whose service restricts the expressions they may appear in
//! (`Capabilities.FilterRestrictions/FilterExpressionRestrictions`), typed so that an
//! expression the service refuses does not compile.
//!
//! The vocabulary's rule: each restricted property's expression has the shape its
//! `AllowedExpressions` value names, and such expressions are combined with each other (and
//! with expressions on unrestricted properties) only by `and`. So a restricted entity set's
//! `filter` takes a [`Conjunction`], which has no `or` and no `not`, and each restricted
//! property is a [`RestrictedPath`] whose kind offers exactly its shape:
//!
//! | `AllowedExpressions` | kind | methods | `\|` (or) between them |
//! |---|---|---|---|
//! | `SingleValue` | [`SingleValue`] | `eq` | no |
//! | `MultiValue` | [`MultiValue`] | `eq`, `in_` | yes, on one property |
//! | `SingleRange` | [`SingleRange`] | `eq`, `lt`, `le`, `gt`, `ge`, `ge(a).lt(b)` … | no |
//! | `MultiRange` | [`MultiRange`] | as `SingleRange`, and `ne` (joined by `and` only) | yes, intervals of one property |
//! | `SearchExpression` | [`SearchExpression`] | `starts_with`, `ends_with`, `contains` | yes, on one property |
//! | `MultiRangeOrSearchExpression` | [`MultiRangeOrSearchExpression`] | the range and search methods | yes, on one property |
//!
//! Which property an `or` joins is a run-time value, so an `or` across two properties
//! compiles but makes the request fail with [`Error::InvalidRequest`](crate::Error::InvalidRequest)
//! before anything is sent. Clauses joined by `and` are not checked for forming exactly one
//! interval per property (`dateKey ge 1 and dateKey ge 2` is sent as written).
//!
//! ```
//! use odata_runtime::restricted::{Conjunction, RestrictedPath, SingleRange};
//! let date_key = RestrictedPath::<i32, SingleRange>::new("dateKey");
//! let filter: Conjunction = date_key.ge(20240101).lt(20240201).into();
//! assert_eq!(filter.as_str(), "dateKey ge 20240101 and dateKey lt 20240201");
//!
//! // The shapes the compile_fail examples below try, on kinds that allow them:
//! use odata_runtime::restricted::{MultiRange, MultiValue, SearchExpression};
//! let state = RestrictedPath::<i32, MultiValue>::new("state");
//! let size = RestrictedPath::<i64, MultiRange>::new("size");
//! let name = RestrictedPath::<String, SearchExpression>::new("name");
//! let _: Conjunction = (state.eq(1) | state.eq(2)).into();
//! let _: Conjunction = size.ne(1).into();
//! let _: Conjunction = name.contains("x").into();
//! let _: Conjunction = (size.lt(1) | size.gt(5)).into();
//! ```
//!
//! What the service would refuse does not compile: `or`, `ne`, `not` or `contains` on a
//! `SingleRange` property,
//!
//! ```compile_fail
//! # use odata_runtime::restricted::{Conjunction, RestrictedPath, SingleRange};
//! # let date_key = RestrictedPath::<i32, SingleRange>::new("dateKey");
//! let _: Conjunction = (date_key.eq(1) | date_key.eq(2)).into();
//! ```
//! ```compile_fail
//! # use odata_runtime::restricted::{Conjunction, RestrictedPath, SingleRange};
//! # let date_key = RestrictedPath::<i32, SingleRange>::new("dateKey");
//! let _: Conjunction = date_key.ne(1).into();
//! ```
//! ```compile_fail
//! # use odata_runtime::restricted::{Conjunction, RestrictedPath, SingleRange};
//! # let date_key = RestrictedPath::<i32, SingleRange>::new("dateKey");
//! let _: Conjunction = (date_key.eq(1) & date_key.eq(2)).not();
//! ```
//! ```compile_fail
//! # use odata_runtime::restricted::{Conjunction, RestrictedPath, SingleRange};
//! # let name = RestrictedPath::<String, SingleRange>::new("name");
//! let _: Conjunction = name.contains("x").into();
//! ```
//!
//! nor an `or` joining a `ne` on a `MultiRange` property:
//!
//! ```compile_fail
//! # use odata_runtime::restricted::{Conjunction, MultiRange, RestrictedPath};
//! # let size = RestrictedPath::<i64, MultiRange>::new("size");
//! let _: Conjunction = (size.ne(1) | size.gt(5)).into();
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr};

use super::filter::{FilterExpr, FilterPath, FilterValue, StringPath};

/// Expressions joined by `and`: what the `filter` of an entity set with restricted properties
/// takes. Built from [`Clause`]s, [`LowerBound`]s, [`Exclusion`]s and, for unrestricted
/// properties, [`FilterExpr`]s; it has no `or` and no `not`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conjunction {
    expr: FilterExpr,
}

impl Conjunction {
    /// `self and other`.
    pub fn and(self, other: impl Into<Conjunction>) -> Self {
        Conjunction {
            expr: self.expr.and(other.into().expr),
        }
    }

    /// The expression's text, not percent-encoded.
    pub fn as_str(&self) -> &str {
        self.expr.as_str()
    }

    /// The expression to send. Hidden: a restricted expression must not become a
    /// [`FilterExpr`] that could be combined further by `or` or `not`.
    #[doc(hidden)]
    pub fn into_filter(self) -> FilterExpr {
        self.expr
    }
}

impl fmt::Display for Conjunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An expression on unrestricted properties is one clause of the conjunction.
impl From<FilterExpr> for Conjunction {
    fn from(expr: FilterExpr) -> Self {
        Conjunction { expr }
    }
}

impl<R: Into<Conjunction>> BitAnd<R> for Conjunction {
    type Output = Conjunction;
    fn bitand(self, other: R) -> Conjunction {
        self.and(other)
    }
}

/// `AllowedExpressions` `SingleValue`: a single `eq` clause.
#[derive(Debug)]
pub enum SingleValue {}
/// `AllowedExpressions` `MultiValue`: `eq` and `in` clauses combined by `or`.
#[derive(Debug)]
pub enum MultiValue {}
/// `AllowedExpressions` `SingleRange`: one interval (a comparison or a pair of bounds).
#[derive(Debug)]
pub enum SingleRange {}
/// `AllowedExpressions` `MultiRange`: intervals combined by `or`, or `ne` clauses by `and`.
#[derive(Debug)]
pub enum MultiRange {}
/// `AllowedExpressions` `SearchExpression`: `startswith`, `endswith` and `contains` clauses
/// combined by `or`.
#[derive(Debug)]
pub enum SearchExpression {}
/// `AllowedExpressions` `MultiRangeOrSearchExpression`: intervals and search clauses combined
/// by `or`.
#[derive(Debug)]
pub enum MultiRangeOrSearchExpression {}

/// Kinds whose clauses may be combined by `or` (on one property).
pub trait Disjunctive: sealed::Sealed {}
impl Disjunctive for MultiValue {}
impl Disjunctive for MultiRange {}
impl Disjunctive for SearchExpression {}
impl Disjunctive for MultiRangeOrSearchExpression {}

/// Kinds that allow comparisons forming intervals.
pub trait Ranged: sealed::Sealed {}
impl Ranged for SingleRange {}
impl Ranged for MultiRange {}
impl Ranged for MultiRangeOrSearchExpression {}

/// Kinds that allow the string search functions.
pub trait Searching: sealed::Sealed {}
impl Searching for SearchExpression {}
impl Searching for MultiRangeOrSearchExpression {}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::MultiValue {}
    impl Sealed for super::SingleRange {}
    impl Sealed for super::MultiRange {}
    impl Sealed for super::SearchExpression {}
    impl Sealed for super::MultiRangeOrSearchExpression {}
}

/// A property of type `T` whose filter expressions are restricted to kind `K` (one of
/// [`SingleValue`], [`MultiValue`], [`SingleRange`], [`MultiRange`], [`SearchExpression`],
/// [`MultiRangeOrSearchExpression`]).
pub struct RestrictedPath<T, K> {
    path: FilterPath<T>,
    kind: PhantomData<fn() -> K>,
}

impl<T, K> fmt::Debug for RestrictedPath<T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RestrictedPath")
            .field(&self.path.path())
            .finish()
    }
}

impl<T, K> RestrictedPath<T, K> {
    /// A path such as `dateKey`.
    pub const fn new(path: &'static str) -> Self {
        RestrictedPath {
            path: FilterPath::new(path),
            kind: PhantomData,
        }
    }

    fn clause(&self, expr: FilterExpr) -> Clause<K> {
        Clause {
            expr,
            path: Some(self.path.path().to_owned()),
            kind: PhantomData,
        }
    }
}

/// One restricted property's expression; combine it with others by `&` (and), and with
/// clauses of the same property by `|` (or) where its kind allows.
pub struct Clause<K> {
    expr: FilterExpr,
    /// The property every part of the clause is on; `None` once an `or` joined two.
    path: Option<String>,
    kind: PhantomData<fn() -> K>,
}

impl<K> fmt::Debug for Clause<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Clause").field(&self.expr.as_str()).finish()
    }
}

impl<K> Clause<K> {
    /// The expression's text, not percent-encoded.
    pub fn as_str(&self) -> &str {
        self.expr.as_str()
    }

    /// `self and other`.
    pub fn and(self, other: impl Into<Conjunction>) -> Conjunction {
        Conjunction::from(self).and(other)
    }
}

impl<K: Disjunctive> Clause<K> {
    /// `self or other`, both on the same property.
    pub fn or(self, other: impl Into<Clause<K>>) -> Self {
        let other = other.into();
        let expr = self.expr.or(other.expr);
        match (self.path, other.path) {
            (Some(a), Some(b)) if a == b => Clause {
                expr,
                path: Some(a),
                kind: PhantomData,
            },
            (a, b) => {
                let names = [a, b].map(|p| p.unwrap_or_else(|| "several properties".into()));
                Clause {
                    expr: expr.invalidated(format!(
                        "`or` joins filters on {} and {}: the service accepts `or` only between \
                         expressions on one property",
                        names[0], names[1]
                    )),
                    path: None,
                    kind: PhantomData,
                }
            }
        }
    }
}

impl<K> From<Clause<K>> for Conjunction {
    fn from(clause: Clause<K>) -> Self {
        Conjunction { expr: clause.expr }
    }
}

impl<K, R: Into<Conjunction>> BitAnd<R> for Clause<K> {
    type Output = Conjunction;
    fn bitand(self, other: R) -> Conjunction {
        self.and(other)
    }
}

impl<K: Disjunctive, R: Into<Clause<K>>> BitOr<R> for Clause<K> {
    type Output = Clause<K>;
    fn bitor(self, other: R) -> Clause<K> {
        self.or(other)
    }
}

impl<T> RestrictedPath<T, SingleValue> {
    /// `path eq value`
    pub fn eq(&self, value: impl FilterValue<T>) -> Clause<SingleValue> {
        self.clause(self.path.eq(value))
    }
}

impl<T> RestrictedPath<T, MultiValue> {
    /// `path eq value`
    pub fn eq(&self, value: impl FilterValue<T>) -> Clause<MultiValue> {
        self.clause(self.path.eq(value))
    }

    /// `path in (v1,v2,…)` (OData 4.01); `false` for an empty list.
    pub fn in_<V: FilterValue<T>>(
        &self,
        values: impl IntoIterator<Item = V>,
    ) -> Clause<MultiValue> {
        self.clause(self.path.in_(values))
    }
}

impl<T, K: Ranged> RestrictedPath<T, K> {
    /// `path eq value`: the interval of one value.
    pub fn eq(&self, value: impl FilterValue<T>) -> Clause<K> {
        self.clause(self.path.eq(value))
    }

    /// `path lt value`
    pub fn lt(&self, value: impl FilterValue<T>) -> Clause<K> {
        self.clause(self.path.lt(value))
    }

    /// `path le value`
    pub fn le(&self, value: impl FilterValue<T>) -> Clause<K> {
        self.clause(self.path.le(value))
    }

    /// `path gt value`; add an upper bound with [`LowerBound::lt`] or [`LowerBound::le`].
    pub fn gt(&self, value: impl FilterValue<T>) -> LowerBound<T, K> {
        self.lower(self.path.gt(value))
    }

    /// `path ge value`; add an upper bound with [`LowerBound::lt`] or [`LowerBound::le`].
    pub fn ge(&self, value: impl FilterValue<T>) -> LowerBound<T, K> {
        self.lower(self.path.ge(value))
    }

    fn lower(&self, expr: FilterExpr) -> LowerBound<T, K> {
        LowerBound {
            path: self.path.clone(),
            clause: self.clause(expr),
        }
    }
}

impl<T> RestrictedPath<T, MultiRange> {
    /// `path ne value`: joined with other clauses by `and` only.
    pub fn ne(&self, value: impl FilterValue<T>) -> Exclusion {
        Exclusion(self.path.ne(value))
    }
}

impl<T: StringPath, K: Searching> RestrictedPath<T, K> {
    /// `contains(path,'text')`
    pub fn contains(&self, text: impl AsRef<str>) -> Clause<K> {
        self.clause(self.path.contains(text))
    }

    /// `startswith(path,'text')`
    pub fn starts_with(&self, text: impl AsRef<str>) -> Clause<K> {
        self.clause(self.path.starts_with(text))
    }

    /// `endswith(path,'text')`
    pub fn ends_with(&self, text: impl AsRef<str>) -> Clause<K> {
        self.clause(self.path.ends_with(text))
    }
}

/// `path ge a` or `path gt a`: an interval open above, or closed by
/// [`lt`](Self::lt)/[`le`](Self::le) into one interval.
pub struct LowerBound<T, K> {
    path: FilterPath<T>,
    clause: Clause<K>,
}

impl<T, K> fmt::Debug for LowerBound<T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("LowerBound")
            .field(&self.clause.as_str())
            .finish()
    }
}

impl<T, K> LowerBound<T, K> {
    /// `… and path lt value`
    pub fn lt(self, value: impl FilterValue<T>) -> Clause<K> {
        let upper = self.path.lt(value);
        self.bounded(upper)
    }

    /// `… and path le value`
    pub fn le(self, value: impl FilterValue<T>) -> Clause<K> {
        let upper = self.path.le(value);
        self.bounded(upper)
    }

    /// `self and other`.
    pub fn and(self, other: impl Into<Conjunction>) -> Conjunction {
        self.clause.and(other)
    }

    fn bounded(self, upper: FilterExpr) -> Clause<K> {
        Clause {
            expr: self.clause.expr.and(upper),
            path: self.clause.path,
            kind: PhantomData,
        }
    }
}

impl<T, K> From<LowerBound<T, K>> for Clause<K> {
    fn from(bound: LowerBound<T, K>) -> Self {
        bound.clause
    }
}

impl<T, K> From<LowerBound<T, K>> for Conjunction {
    fn from(bound: LowerBound<T, K>) -> Self {
        bound.clause.into()
    }
}

impl<T, K, R: Into<Conjunction>> BitAnd<R> for LowerBound<T, K> {
    type Output = Conjunction;
    fn bitand(self, other: R) -> Conjunction {
        self.and(other)
    }
}

impl<T, K: Disjunctive, R: Into<Clause<K>>> BitOr<R> for LowerBound<T, K> {
    type Output = Clause<K>;
    fn bitor(self, other: R) -> Clause<K> {
        self.clause.or(other)
    }
}

/// `path ne value` on a `MultiRange` property: joined with other clauses by `and` only.
#[derive(Debug, Clone)]
pub struct Exclusion(FilterExpr);

impl Exclusion {
    /// `self and other`.
    pub fn and(self, other: impl Into<Conjunction>) -> Conjunction {
        Conjunction::from(self).and(other)
    }
}

impl From<Exclusion> for Conjunction {
    fn from(exclusion: Exclusion) -> Self {
        Conjunction { expr: exclusion.0 }
    }
}

impl<R: Into<Conjunction>> BitAnd<R> for Exclusion {
    type Output = Conjunction;
    fn bitand(self, other: R) -> Conjunction {
        self.and(other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATE_KEY: RestrictedPath<i32, SingleRange> = RestrictedPath::new("dateKey");
    const STATE: RestrictedPath<i32, MultiValue> = RestrictedPath::new("state");
    const ID: RestrictedPath<String, SingleValue> = RestrictedPath::new("id");
    const SIZE: RestrictedPath<i64, MultiRange> = RestrictedPath::new("size");
    const NAME: RestrictedPath<String, SearchExpression> = RestrictedPath::new("name");
    const CODE: RestrictedPath<String, MultiRangeOrSearchExpression> = RestrictedPath::new("code");
    const FREE: FilterPath<bool> = FilterPath::new("enabled");

    fn text(c: impl Into<Conjunction>) -> String {
        c.into().into_filter().as_str().to_owned()
    }

    #[test]
    fn single_kinds_join_by_and() {
        assert_eq!(text(ID.eq("a")), "id eq 'a'");
        assert_eq!(
            text(DATE_KEY.ge(20240101).lt(20240201) & ID.eq("a")),
            "dateKey ge 20240101 and dateKey lt 20240201 and id eq 'a'"
        );
        assert_eq!(
            text(DATE_KEY.ge(1) & DATE_KEY.le(9) & FREE.eq(true)),
            "dateKey ge 1 and dateKey le 9 and enabled eq true"
        );
        assert_eq!(text(DATE_KEY.eq(5)), "dateKey eq 5");
    }

    #[test]
    fn disjunctive_kinds_join_by_or_on_one_property() {
        assert_eq!(
            text(STATE.eq(1) | STATE.in_([2, 3])),
            "state eq 1 or state in (2,3)"
        );
        let ranges = SIZE.ge(1).lt(5) | SIZE.gt(10);
        assert_eq!(ranges.as_str(), "size ge 1 and size lt 5 or size gt 10");
        assert_eq!(
            text((SIZE.lt(0) | SIZE.gt(9)) & ID.eq("x")),
            "(size lt 0 or size gt 9) and id eq 'x'"
        );
        assert_eq!(text(SIZE.ne(1) & SIZE.ne(2)), "size ne 1 and size ne 2");
        assert_eq!(
            text(NAME.starts_with("a") | NAME.contains("b")),
            "startswith(name,'a') or contains(name,'b')"
        );
        assert_eq!(
            text(CODE.ge("m").le("p") | CODE.ends_with("z")),
            "code ge 'm' and code le 'p' or endswith(code,'z')"
        );
        assert!(
            (STATE.eq(1) | STATE.eq(2))
                .into_conjunction()
                .into_filter()
                .check()
                .is_ok()
        );
    }

    #[test]
    fn or_across_properties_is_refused_before_sending() {
        const OTHER: RestrictedPath<i32, MultiValue> = RestrictedPath::new("other");
        let mixed = STATE.eq(1) | OTHER.eq(2);
        let err = Conjunction::from(mixed).into_filter().check().unwrap_err();
        assert!(err.to_string().contains("state and other"), "{err}");
        // Once mixed, a clause stays refused whatever is joined to it.
        let chained = STATE.eq(3) | (STATE.eq(1) | OTHER.eq(2));
        let err = Conjunction::from(chained)
            .into_filter()
            .check()
            .unwrap_err();
        assert!(err.to_string().contains("state and other"), "{err}");
    }

    impl<K> Clause<K> {
        fn into_conjunction(self) -> Conjunction {
            self.into()
        }
    }
}
