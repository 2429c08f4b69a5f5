//! Typed `$filter` expressions with correct parenthesisation.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr, Not};

use super::literal::Literal;
use crate::edm::{EdmEnum, Flags};

/// Binding strength of an expression's top operator (OData §5.1.1.15, low to high);
/// an operand binding weaker than its operator is parenthesised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Or,
    And,
    Comparison,
    Unary,
    Primary,
}

/// A boolean `$filter` expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterExpr {
    text: String,
    prec: Prec,
    /// Why the expression cannot be sent (a path that is not an OData path), reported when
    /// a request is built.
    invalid: Option<String>,
    /// The operators and functions it uses, as bits of [`OPERATORS`] (none for raw text).
    ops: u32,
}

/// The operators and functions of `$filter` the builders write, by the names
/// `Capabilities.FilterFunctions` lists them under.
const OPERATORS: [&str; 14] = [
    "eq",
    "ne",
    "gt",
    "ge",
    "lt",
    "le",
    "and",
    "or",
    "not",
    "in",
    "has",
    "contains",
    "startswith",
    "endswith",
];

/// The bit of operator or function `name` in [`FilterExpr::ops`].
fn op_bit(name: &str) -> u32 {
    OPERATORS
        .iter()
        .position(|o| *o == name)
        .map_or(0, |i| 1 << i)
}

impl FilterExpr {
    /// A hand-written expression, used as is; parenthesised when combined.
    pub fn raw(text: impl Into<String>) -> Self {
        FilterExpr {
            text: text.into(),
            prec: Prec::Or,
            invalid: None,
            ops: 0,
        }
    }

    /// The constant `true`.
    pub fn always() -> Self {
        FilterExpr {
            text: "true".into(),
            prec: Prec::Primary,
            invalid: None,
            ops: 0,
        }
    }

    /// The constant `false`.
    pub fn never() -> Self {
        FilterExpr {
            text: "false".into(),
            prec: Prec::Primary,
            invalid: None,
            ops: 0,
        }
    }

    /// `self and other`.
    pub fn and(self, other: FilterExpr) -> Self {
        Self::binary(self, "and", other, Prec::And)
    }

    /// `self or other`.
    pub fn or(self, other: FilterExpr) -> Self {
        Self::binary(self, "or", other, Prec::Or)
    }

    /// `not self`.
    #[allow(clippy::should_implement_trait)] // `Not` is implemented too; this needs no import.
    pub fn not(self) -> Self {
        let text = if self.prec >= Prec::Unary {
            format!("not {}", self.text)
        } else {
            format!("not ({})", self.text)
        };
        FilterExpr {
            text,
            prec: Prec::Unary,
            invalid: self.invalid,
            ops: self.ops | op_bit("not"),
        }
    }

    /// All expressions joined by `and`; `true` when there are none.
    pub fn all(exprs: impl IntoIterator<Item = FilterExpr>) -> Self {
        exprs
            .into_iter()
            .reduce(Self::and)
            .unwrap_or_else(Self::always)
    }

    /// Any of the expressions joined by `or`; `false` when there are none.
    pub fn any(exprs: impl IntoIterator<Item = FilterExpr>) -> Self {
        exprs
            .into_iter()
            .reduce(Self::or)
            .unwrap_or_else(Self::never)
    }

    /// The expression's text, not percent-encoded.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The expression, marked as not to be sent (the first reason given wins).
    pub(super) fn invalidated(self, reason: String) -> Self {
        FilterExpr {
            invalid: self.invalid.or(Some(reason)),
            ..self
        }
    }

    fn binary(left: FilterExpr, op: &str, right: FilterExpr, prec: Prec) -> Self {
        let mut text = String::with_capacity(left.text.len() + right.text.len() + op.len() + 6);
        push_operand(&mut text, &left, prec);
        text.push(' ');
        text.push_str(op);
        text.push(' ');
        push_operand(&mut text, &right, prec);
        FilterExpr {
            text,
            prec,
            invalid: left.invalid.or(right.invalid),
            ops: left.ops | right.ops | op_bit(op),
        }
    }

    fn comparison(text: String, path: &str, op: &str) -> Self {
        FilterExpr {
            text,
            prec: Prec::Comparison,
            invalid: invalid_path(path),
            ops: op_bit(op),
        }
    }

    fn call(text: String, path: &str, function: &str) -> Self {
        FilterExpr {
            text,
            prec: Prec::Primary,
            invalid: invalid_path(path),
            ops: op_bit(function),
        }
    }

    /// The expression, held to the operators and functions a service lists in
    /// `Capabilities.FilterFunctions` (`allowed`, lower case): using another makes the request
    /// fail with [`Error::InvalidRequest`](crate::Error::InvalidRequest) before it is sent.
    /// Raw text is not checked.
    pub fn within_functions(self, allowed: &[&str]) -> Self {
        let refused: Vec<&str> = OPERATORS
            .iter()
            .enumerate()
            .filter(|(i, name)| self.ops & (1 << i) != 0 && !allowed.contains(name))
            .map(|(_, name)| *name)
            .collect();
        if refused.is_empty() {
            return self;
        }
        let reason = format!(
            "$filter uses {}, which the service does not list in its FilterFunctions ({})",
            refused.join(", "),
            allowed.join(", ")
        );
        self.invalidated(reason)
    }

    /// `Err` when a path in the expression is not a valid OData path (text given to
    /// [`FilterPath::dynamic`] or [`FilterPath::child`]); requests call this before sending.
    pub fn check(&self) -> Result<(), crate::Error> {
        match &self.invalid {
            Some(reason) => Err(crate::Error::InvalidRequest(reason.clone())),
            None => Ok(()),
        }
    }
}

/// Why `path` cannot be a filter path, if it cannot.
fn invalid_path(path: &str) -> Option<String> {
    super::names::check_path(path, "filter path")
        .err()
        .map(|e| match e {
            crate::Error::InvalidRequest(m) => m,
            other => other.to_string(),
        })
}

fn push_operand(out: &mut String, e: &FilterExpr, op: Prec) {
    if e.prec < op {
        out.push('(');
        out.push_str(&e.text);
        out.push(')');
    } else {
        out.push_str(&e.text);
    }
}

impl fmt::Display for FilterExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl BitAnd for FilterExpr {
    type Output = FilterExpr;

    fn bitand(self, rhs: FilterExpr) -> FilterExpr {
        self.and(rhs)
    }
}

impl BitOr for FilterExpr {
    type Output = FilterExpr;

    fn bitor(self, rhs: FilterExpr) -> FilterExpr {
        self.or(rhs)
    }
}

impl Not for FilterExpr {
    type Output = FilterExpr;

    fn not(self) -> FilterExpr {
        FilterExpr::not(self)
    }
}

/// A property path of type `T`, from which comparisons are built:
/// `FilterPath::<i32>::new("dateKey").ge(20240101)`.
///
/// `new` is `const`, so generated code can declare paths as constants.
pub struct FilterPath<T> {
    path: Cow<'static, str>,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for FilterPath<T> {
    fn clone(&self) -> Self {
        FilterPath {
            path: self.path.clone(),
            _type: PhantomData,
        }
    }
}

impl<T> fmt::Debug for FilterPath<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FilterPath").field(&self.path).finish()
    }
}

impl<T> FilterPath<T> {
    /// A path such as `dateKey` or `address/city`.
    pub const fn new(path: &'static str) -> Self {
        FilterPath {
            path: Cow::Borrowed(path),
            _type: PhantomData,
        }
    }

    /// A path built at run time: identifiers, type casts (`NS.Type`) and `$count` separated
    /// by `/`. Other text (`1 eq 1 or id`) makes every expression built from the path fail
    /// with [`Error::InvalidRequest`](crate::Error::InvalidRequest) when a request is
    /// built, instead of reaching the URL.
    pub fn dynamic(path: impl Into<String>) -> Self {
        FilterPath {
            path: Cow::Owned(path.into()),
            _type: PhantomData,
        }
    }

    /// The path text.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A member of this (complex or navigation) path: `self/name`; `name` is checked as in
    /// [`dynamic`](Self::dynamic).
    pub fn child<U>(&self, name: &str) -> FilterPath<U> {
        FilterPath::dynamic(format!("{}/{}", self.path, name))
    }

    fn compare(&self, op: &str, value: &dyn FilterValue<T>) -> FilterExpr {
        self.comparison(op, &|out| value.write_filter_literal(out))
    }

    fn comparison(&self, op: &str, write_value: &dyn Fn(&mut String)) -> FilterExpr {
        let mut text = String::with_capacity(self.path.len() + op.len() + 16);
        text.push_str(&self.path);
        text.push(' ');
        text.push_str(op);
        text.push(' ');
        write_value(&mut text);
        FilterExpr::comparison(text, &self.path, op)
    }

    fn function(&self, name: &str, arg: &dyn Literal) -> FilterExpr {
        let mut text = format!("{name}({},", self.path);
        arg.write_literal(&mut text);
        text.push(')');
        FilterExpr::call(text, &self.path, name)
    }
}

/// A value that can be compared with a path of type `T`: a `T`, the inner value of an
/// `Option<T>` path, a `&str` for string paths, or a date for a [`DateKey`](crate::DateKey)
/// path. The value writes its literal as `T` is written: a date compared with a date key is
/// sent as the integer `yyyymmdd`, not as `2024-01-31`.
pub trait FilterValue<T> {
    /// Appends the value's literal, as a value of `T`, to `out`.
    fn write_filter_literal(&self, out: &mut String);
}

impl<T: Literal> FilterValue<T> for T {
    fn write_filter_literal(&self, out: &mut String) {
        self.write_literal(out);
    }
}
impl<T: Literal> FilterValue<Option<T>> for T {
    fn write_filter_literal(&self, out: &mut String) {
        self.write_literal(out);
    }
}
impl FilterValue<String> for &str {
    fn write_filter_literal(&self, out: &mut String) {
        self.write_literal(out);
    }
}
impl FilterValue<Option<String>> for &str {
    fn write_filter_literal(&self, out: &mut String) {
        self.write_literal(out);
    }
}

impl<T> FilterPath<T> {
    /// `path eq value`
    pub fn eq(&self, value: impl FilterValue<T>) -> FilterExpr {
        self.compare("eq", &value)
    }

    /// `path ne value`
    pub fn ne(&self, value: impl FilterValue<T>) -> FilterExpr {
        self.compare("ne", &value)
    }

    /// `path gt value`
    pub fn gt(&self, value: impl FilterValue<T>) -> FilterExpr {
        self.compare("gt", &value)
    }

    /// `path ge value`
    pub fn ge(&self, value: impl FilterValue<T>) -> FilterExpr {
        self.compare("ge", &value)
    }

    /// `path lt value`
    pub fn lt(&self, value: impl FilterValue<T>) -> FilterExpr {
        self.compare("lt", &value)
    }

    /// `path le value`
    pub fn le(&self, value: impl FilterValue<T>) -> FilterExpr {
        self.compare("le", &value)
    }

    /// `path in (v1,v2,…)` (OData 4.01); `false` for an empty list. For 4.0 services use
    /// [`eq_any`](Self::eq_any).
    pub fn in_<V: FilterValue<T>>(&self, values: impl IntoIterator<Item = V>) -> FilterExpr {
        let mut text = format!("{} in (", self.path);
        let mut empty = true;
        for v in values {
            if !empty {
                text.push(',');
            }
            v.write_filter_literal(&mut text);
            empty = false;
        }
        if empty {
            return FilterExpr::never();
        }
        text.push(')');
        FilterExpr::comparison(text, &self.path, "in")
    }

    /// `(path eq v1 or path eq v2 …)`: the OData 4.0 spelling of `in`.
    pub fn eq_any<V: FilterValue<T>>(&self, values: impl IntoIterator<Item = V>) -> FilterExpr {
        FilterExpr::any(values.into_iter().map(|v| self.eq(v)))
    }
}

impl<T> FilterPath<Option<T>> {
    /// `path eq null`
    pub fn is_null(&self) -> FilterExpr {
        FilterExpr::comparison(format!("{} eq null", self.path), &self.path, "eq")
    }

    /// `path ne null`
    pub fn is_not_null(&self) -> FilterExpr {
        FilterExpr::comparison(format!("{} ne null", self.path), &self.path, "ne")
    }
}

/// Path types that string functions apply to: `String` and `Option<String>`.
pub trait StringPath: private::Sealed {}

impl StringPath for String {}
impl StringPath for Option<String> {}

mod private {
    pub trait Sealed {}
    impl Sealed for String {}
    impl Sealed for Option<String> {}
}

impl<T: StringPath> FilterPath<T> {
    /// `contains(path,'text')`
    pub fn contains(&self, text: impl AsRef<str>) -> FilterExpr {
        self.function("contains", &text.as_ref())
    }

    /// `startswith(path,'text')`
    pub fn starts_with(&self, text: impl AsRef<str>) -> FilterExpr {
        self.function("startswith", &text.as_ref())
    }

    /// `endswith(path,'text')`
    pub fn ends_with(&self, text: impl AsRef<str>) -> FilterExpr {
        self.function("endswith", &text.as_ref())
    }
}

impl<E: EdmEnum + Ord> FilterPath<Flags<E>> {
    /// `path has NS.Type'Member'`
    pub fn has(&self, member: E) -> FilterExpr {
        self.comparison("has", &|out| member.write_literal(out))
    }
}

impl<E: EdmEnum + Ord> FilterPath<Option<Flags<E>>> {
    /// `path has NS.Type'Member'`
    pub fn has(&self, member: E) -> FilterExpr {
        self.comparison("has", &|out| member.write_literal(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_functions_hold_an_expression_to_the_listed_operators() {
        let key: FilterPath<i32> = FilterPath::new("dateKey");
        let name: FilterPath<String> = FilterPath::new("name");
        let allowed = ["eq", "lt", "le", "gt", "ge", "and"];
        let ok = key.ge(1).and(key.lt(5)).within_functions(&allowed);
        assert!(ok.check().is_ok());
        for (expr, used) in [
            (key.eq(1).or(key.eq(2)), "or"),
            (key.ne(1), "ne"),
            (key.eq(1).not(), "not"),
            (name.contains("x"), "contains"),
            (name.starts_with("x"), "startswith"),
            (key.in_([1, 2]), "in"),
        ] {
            let err = expr
                .within_functions(&allowed)
                .check()
                .unwrap_err()
                .to_string();
            assert!(err.contains(&format!("uses {used},")), "{err}");
        }
        // Raw text is the caller's own: not checked.
        assert!(
            FilterExpr::raw("a or b")
                .within_functions(&allowed)
                .check()
                .is_ok()
        );
    }
    use time::macros::datetime;

    const DATE_KEY: FilterPath<i32> = FilterPath::new("dateKey");
    const NAME: FilterPath<Option<String>> = FilterPath::new("deviceName");
    const MODIFIED: FilterPath<Option<time::OffsetDateTime>> =
        FilterPath::new("rowLastModifiedDateTimeUTC");

    #[test]
    fn comparisons() {
        assert_eq!(DATE_KEY.eq(20180214).as_str(), "dateKey eq 20180214");
        assert_eq!(DATE_KEY.ne(1).as_str(), "dateKey ne 1");
        assert_eq!(DATE_KEY.gt(1).as_str(), "dateKey gt 1");
        assert_eq!(DATE_KEY.lt(1).as_str(), "dateKey lt 1");
        assert_eq!(DATE_KEY.le(1).as_str(), "dateKey le 1");
        assert_eq!(NAME.eq("O'Neil").as_str(), "deviceName eq 'O''Neil'");
        assert_eq!(NAME.eq("x".to_owned()).as_str(), "deviceName eq 'x'");
        assert_eq!(NAME.eq(None).as_str(), "deviceName eq null");
        assert_eq!(NAME.ne(Some("y".to_owned())).as_str(), "deviceName ne 'y'");
        let big: FilterPath<Option<i64>> = FilterPath::new("freeStorageSpaceInBytes");
        assert_eq!(big.gt(5).as_str(), "freeStorageSpaceInBytes gt 5");
        assert_eq!(NAME.is_null().as_str(), "deviceName eq null");
        assert_eq!(NAME.is_not_null().as_str(), "deviceName ne null");
        assert_eq!(
            MODIFIED
                .ge(datetime!(2018-02-21 23:18:51.3277273 UTC))
                .as_str(),
            "rowLastModifiedDateTimeUTC ge 2018-02-21T23:18:51.3277273Z"
        );
    }

    #[test]
    fn string_functions() {
        assert_eq!(NAME.contains("a'b").as_str(), "contains(deviceName,'a''b')");
        let s: FilterPath<String> = FilterPath::new("model");
        assert_eq!(s.starts_with("iP").as_str(), "startswith(model,'iP')");
        assert_eq!(s.ends_with("X").as_str(), "endswith(model,'X')");
        assert_eq!(s.eq("x").as_str(), "model eq 'x'");
    }

    #[test]
    fn lists() {
        assert_eq!(DATE_KEY.in_([1, 2, 3]).as_str(), "dateKey in (1,2,3)");
        assert_eq!(DATE_KEY.in_(Vec::<i32>::new()).as_str(), "false");
        assert_eq!(
            DATE_KEY.eq_any([1, 2]).as_str(),
            "dateKey eq 1 or dateKey eq 2"
        );
        assert_eq!(
            DATE_KEY.eq_any([1, 2]).and(NAME.is_null()).as_str(),
            "(dateKey eq 1 or dateKey eq 2) and deviceName eq null"
        );
    }

    #[test]
    fn parenthesisation() {
        let a = DATE_KEY.ge(20240101);
        let b = DATE_KEY.lt(20240201);
        let c = NAME.contains("x");
        assert_eq!(
            a.clone().and(b.clone()).as_str(),
            "dateKey ge 20240101 and dateKey lt 20240201"
        );
        assert_eq!(
            a.clone().and(b.clone()).and(c.clone()).as_str(),
            "dateKey ge 20240101 and dateKey lt 20240201 and contains(deviceName,'x')"
        );
        assert_eq!(
            a.clone().or(b.clone()).and(c.clone()).as_str(),
            "(dateKey ge 20240101 or dateKey lt 20240201) and contains(deviceName,'x')"
        );
        assert_eq!(
            c.clone().and(a.clone().or(b.clone())).as_str(),
            "contains(deviceName,'x') and (dateKey ge 20240101 or dateKey lt 20240201)"
        );
        assert_eq!(
            a.clone().and(b.clone()).or(c.clone()).as_str(),
            "dateKey ge 20240101 and dateKey lt 20240201 or contains(deviceName,'x')"
        );
        assert_eq!(a.clone().not().as_str(), "not (dateKey ge 20240101)");
        assert_eq!(c.clone().not().as_str(), "not contains(deviceName,'x')");
        assert_eq!(
            a.clone().and(b.clone()).not().as_str(),
            "not (dateKey ge 20240101 and dateKey lt 20240201)"
        );
        assert_eq!(
            c.clone().not().and(a.clone()).as_str(),
            "not contains(deviceName,'x') and dateKey ge 20240101"
        );
        assert_eq!(
            FilterExpr::raw("x eq 1 or y eq 2").and(a.clone()).as_str(),
            "(x eq 1 or y eq 2) and dateKey ge 20240101"
        );
        assert_eq!(FilterExpr::raw("x eq 1").not().as_str(), "not (x eq 1)");
        assert_eq!(
            (a.clone() & b.clone() | !c.clone()).as_str(),
            "dateKey ge 20240101 and dateKey lt 20240201 or not contains(deviceName,'x')"
        );
        assert_eq!(FilterExpr::all([]).as_str(), "true");
        assert_eq!(FilterExpr::any([]).as_str(), "false");
        assert_eq!(FilterExpr::all([a.clone(), b.clone()]), a.and(b));
    }

    /// Text given at run time cannot escape a surrounding `and`.
    #[test]
    fn dynamic_paths_are_checked() {
        let evil: FilterPath<i32> = FilterPath::dynamic("1 eq 1 or id");
        let e = evil.eq(5).and(DATE_KEY.eq(1));
        let err = e.check().unwrap_err();
        assert!(err.to_string().contains("`1 eq 1 or id`"), "{err}");
        let addr: FilterPath<Option<String>> = FilterPath::new("address");
        assert!(
            addr.child::<String>("city) or (true")
                .eq("x")
                .check()
                .is_err()
        );
        assert!(
            addr.child::<String>("city")
                .contains("x")
                .not()
                .check()
                .is_ok()
        );
        assert!(
            FilterPath::<Option<i32>>::dynamic("a b")
                .is_null()
                .check()
                .is_err()
        );
        assert!(FilterPath::<i32>::dynamic("x,y").in_([1]).check().is_err());
        assert!(
            FilterPath::<i32>::dynamic("NS.Derived/size")
                .ge(1)
                .check()
                .is_ok()
        );
        assert!(FilterExpr::raw("anything goes").check().is_ok());
    }

    #[test]
    fn child_paths() {
        let addr: FilterPath<Option<String>> = FilterPath::new("address");
        let city = addr.child::<String>("city");
        assert_eq!(city.eq("Oslo").as_str(), "address/city eq 'Oslo'");
        assert_eq!(format!("{city:?}"), "FilterPath(\"address/city\")");
    }
}
