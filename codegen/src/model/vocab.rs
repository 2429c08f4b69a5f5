//! Typed reading of the standard vocabulary terms that shape generated code: `Core`
//! (descriptions, deprecations) and `Capabilities` (what a service allows on an entity set).

use std::collections::{BTreeMap, BTreeSet};

use super::{Annotation, ConstKind, Expr, PathKind};

/// Namespace of the OASIS Core vocabulary.
pub const CORE: &str = "Org.OData.Core.V1";
/// Namespace of the OASIS Capabilities vocabulary.
pub const CAPABILITIES: &str = "Org.OData.Capabilities.V1";

/// The unqualified annotation of `namespace.term`, if present.
pub fn find<'a>(
    annotations: &'a [Annotation],
    namespace: &str,
    term: &str,
) -> Option<&'a Annotation> {
    annotations.iter().find(|a| {
        a.qualifier.is_none()
            && a.term.len() == namespace.len() + 1 + term.len()
            && a.term.starts_with(namespace)
            && a.term.ends_with(term)
    })
}

/// `Core.Description`.
pub fn description(annotations: &[Annotation]) -> Option<&str> {
    find(annotations, CORE, "Description")
        .and_then(|a| a.value.as_ref())
        .and_then(as_str)
}

/// `Core.LongDescription`.
pub fn long_description(annotations: &[Annotation]) -> Option<&str> {
    find(annotations, CORE, "LongDescription")
        .and_then(|a| a.value.as_ref())
        .and_then(as_str)
}

/// `Core.OptionalParameter`: the operation may be called without the parameter, and the
/// service then applies its default.
pub fn optional_parameter(annotations: &[Annotation]) -> bool {
    find(annotations, CORE, "OptionalParameter").is_some()
}

/// A deprecation recorded by `Core.Revisions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deprecation {
    /// `Version` of the revision.
    pub version: Option<String>,
    /// `Description` of the revision.
    pub description: Option<String>,
}

/// The first `Core.Revisions` entry whose `Kind` is `Deprecated`.
pub fn deprecation(annotations: &[Annotation]) -> Option<Deprecation> {
    let Some(Expr::Collection(items)) = find(annotations, CORE, "Revisions")?.value.as_ref() else {
        return None;
    };
    items.iter().find_map(|item| {
        let Expr::Record(r) = item else { return None };
        let kind = field(&r.properties, "Kind").and_then(as_enum_member)?;
        kind.ends_with("/Deprecated").then(|| Deprecation {
            version: field(&r.properties, "Version")
                .and_then(as_str)
                .map(str::to_owned),
            description: field(&r.properties, "Description")
                .and_then(as_str)
                .map(str::to_owned),
        })
    })
}

/// What a service allows on an entity set, from its `Capabilities` annotations. Anything not
/// annotated is allowed, as the vocabulary defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capabilities {
    /// `InsertRestrictions/Insertable`.
    pub insertable: bool,
    /// `UpdateRestrictions/Updatable`.
    pub updatable: bool,
    /// `DeleteRestrictions/Deletable`.
    pub deletable: bool,
    /// `FilterRestrictions/Filterable`.
    pub filterable: bool,
    /// `FilterRestrictions/RequiresFilter`.
    pub requires_filter: bool,
    /// `FilterRestrictions/RequiredProperties`.
    pub required_filter_properties: BTreeSet<String>,
    /// `FilterRestrictions/NonFilterableProperties`.
    pub non_filterable: BTreeSet<String>,
    /// `FilterRestrictions/FilterExpressionRestrictions`: the shape each listed property's
    /// filter expressions must take. A value this vocabulary version does not define leaves
    /// the property unrestricted (the client then offers more than the service accepts, never
    /// less).
    pub filter_expressions: BTreeMap<String, AllowedExpressions>,
    /// `FilterFunctions`: the operators and functions `$filter` may use (lower case), when the
    /// service lists them; `None`: any.
    pub filter_functions: Option<Vec<String>>,
    /// `IndexableByKey` (`true` unless annotated otherwise): entities are addressable by key.
    pub indexable_by_key: bool,
    /// `SortRestrictions/Sortable`.
    pub sortable: bool,
    /// `SortRestrictions/NonSortableProperties`.
    pub non_sortable: BTreeSet<String>,
    /// `CountRestrictions/Countable`.
    pub countable: bool,
    /// `ExpandRestrictions/Expandable`.
    pub expandable: bool,
    /// `ExpandRestrictions/NonExpandableProperties`.
    pub non_expandable: BTreeSet<String>,
    /// `ExpandRestrictions/MaxLevels`, when it restricts (`-1`, the default, does not).
    pub max_expand_levels: Option<u32>,
    /// `SearchRestrictions/Searchable`.
    pub searchable: bool,
    /// `TopSupported`.
    pub top: bool,
    /// `SkipSupported`.
    pub skip: bool,
    /// `SelectSupport/Supported`.
    pub select: bool,
    /// `NavigationRestrictions/Navigability` is not `None`: navigation properties may be
    /// navigated from the set unless `navigability` says otherwise.
    pub navigable: bool,
    /// `NavigationRestrictions/RestrictedProperties`: navigation properties whose entry states
    /// a `Navigability`, and whether it is not `None`.
    pub navigability: BTreeMap<String, bool>,
}

impl Capabilities {
    /// Reads the capabilities annotated on an entity set (or its container).
    pub fn of(annotations: &[Annotation]) -> Self {
        let record = |term: &str| match find(annotations, CAPABILITIES, term)
            .and_then(|a| a.value.as_ref())
        {
            Some(Expr::Record(r)) => Some(&r.properties),
            _ => None,
        };
        let flag = |term: &str, prop: &str| {
            record(term)
                .and_then(|p| field(p, prop))
                .and_then(as_bool)
                .unwrap_or(true)
        };
        let paths = |term: &str, prop: &str| {
            record(term)
                .and_then(|p| field(p, prop))
                .map(path_list)
                .unwrap_or_default()
        };
        let term_bool = |term: &str| {
            find(annotations, CAPABILITIES, term)
                .map(|a| a.value.as_ref().and_then(as_bool).unwrap_or(true))
                .unwrap_or(true)
        };
        Capabilities {
            insertable: flag("InsertRestrictions", "Insertable"),
            updatable: flag("UpdateRestrictions", "Updatable"),
            deletable: flag("DeleteRestrictions", "Deletable"),
            filterable: flag("FilterRestrictions", "Filterable"),
            requires_filter: record("FilterRestrictions")
                .and_then(|p| field(p, "RequiresFilter"))
                .and_then(as_bool)
                .unwrap_or(false),
            required_filter_properties: paths("FilterRestrictions", "RequiredProperties"),
            non_filterable: paths("FilterRestrictions", "NonFilterableProperties"),
            filter_expressions: record("FilterRestrictions")
                .and_then(|p| field(p, "FilterExpressionRestrictions"))
                .map(filter_expression_restrictions)
                .unwrap_or_default(),
            filter_functions: find(annotations, CAPABILITIES, "FilterFunctions")
                .and_then(|a| a.value.as_ref())
                .map(strings),
            indexable_by_key: term_bool("IndexableByKey"),
            sortable: flag("SortRestrictions", "Sortable"),
            non_sortable: paths("SortRestrictions", "NonSortableProperties"),
            countable: flag("CountRestrictions", "Countable"),
            expandable: flag("ExpandRestrictions", "Expandable"),
            non_expandable: paths("ExpandRestrictions", "NonExpandableProperties"),
            max_expand_levels: record("ExpandRestrictions")
                .and_then(|p| field(p, "MaxLevels"))
                .and_then(as_int)
                .and_then(|n| u32::try_from(n).ok()),
            searchable: flag("SearchRestrictions", "Searchable"),
            top: term_bool("TopSupported"),
            skip: term_bool("SkipSupported"),
            select: flag("SelectSupport", "Supported"),
            navigable: record("NavigationRestrictions").is_none_or(|p| navigable_record(p)),
            navigability: record("NavigationRestrictions")
                .and_then(|p| field(p, "RestrictedProperties"))
                .map(restricted_navigability)
                .unwrap_or_default(),
        }
    }

    /// The capabilities of an entity set or singleton: those annotated on its container apply
    /// to every set, the set's own (same term and qualifier) override them.
    pub fn of_set(container: &[Annotation], set: &[Annotation]) -> Self {
        let mut annotations: Vec<Annotation> = container
            .iter()
            .filter(|a| {
                !set.iter()
                    .any(|b| b.term == a.term && b.qualifier == a.qualifier)
            })
            .cloned()
            .collect();
        annotations.extend(set.iter().cloned());
        Capabilities::of(&annotations)
    }

    /// Whether navigation property `name` may be navigated from the set.
    pub fn can_navigate(&self, name: &str) -> bool {
        self.navigability
            .get(name)
            .copied()
            .unwrap_or(self.navigable)
    }

    /// Whether `$filter` may name `property`.
    pub fn can_filter(&self, property: &str) -> bool {
        self.filterable && !self.non_filterable.contains(property)
    }

    /// Whether `$orderby` may name `property`.
    pub fn can_sort(&self, property: &str) -> bool {
        self.sortable && !self.non_sortable.contains(property)
    }

    /// Whether `$expand` may name navigation property `name`.
    pub fn can_expand(&self, name: &str) -> bool {
        self.expandable && self.max_expand_levels != Some(0) && !self.non_expandable.contains(name)
    }

    /// Whether an expansion may nest further ones: `MaxLevels` is not 1.
    pub fn nested_expand(&self) -> bool {
        self.max_expand_levels.is_none_or(|n| n > 1)
    }
}

/// `Capabilities.FilterExpressionType`: the subset of filter expressions a property allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AllowedExpressions {
    /// One `eq` clause.
    SingleValue,
    /// `eq` and `in` clauses combined by `or`.
    MultiValue,
    /// One interval: a comparison, or a lower and an upper bound joined by `and`.
    SingleRange,
    /// Intervals combined by `or`, or `ne` clauses combined by `and`.
    MultiRange,
    /// `startswith`, `endswith` and `contains` clauses combined by `or`.
    SearchExpression,
    /// Intervals and search clauses combined by `or`.
    MultiRangeOrSearchExpression,
}

impl AllowedExpressions {
    /// The vocabulary's name of the value.
    pub fn name(self) -> &'static str {
        match self {
            AllowedExpressions::SingleValue => "SingleValue",
            AllowedExpressions::MultiValue => "MultiValue",
            AllowedExpressions::SingleRange => "SingleRange",
            AllowedExpressions::MultiRange => "MultiRange",
            AllowedExpressions::SearchExpression => "SearchExpression",
            AllowedExpressions::MultiRangeOrSearchExpression => "MultiRangeOrSearchExpression",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        [
            AllowedExpressions::SingleValue,
            AllowedExpressions::MultiValue,
            AllowedExpressions::SingleRange,
            AllowedExpressions::MultiRange,
            AllowedExpressions::SearchExpression,
            AllowedExpressions::MultiRangeOrSearchExpression,
        ]
        .into_iter()
        .find(|kind| kind.name() == name)
    }
}

/// The string constants of a collection, lower case and sorted (operator and function names).
fn strings(e: &Expr) -> Vec<String> {
    let Expr::Collection(items) = e else {
        return vec![];
    };
    let names: BTreeSet<String> = items
        .iter()
        .filter_map(as_str)
        .map(str::to_ascii_lowercase)
        .collect();
    names.into_iter().collect()
}

/// The `FilterExpressionRestrictions` records with a property path and a known value.
fn filter_expression_restrictions(e: &Expr) -> BTreeMap<String, AllowedExpressions> {
    let Expr::Collection(items) = e else {
        return BTreeMap::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let Expr::Record(r) = item else { return None };
            let Expr::Path(_, path) = field(&r.properties, "Property")? else {
                return None;
            };
            let kind = field(&r.properties, "AllowedExpressions").and_then(as_str)?;
            Some((path.clone(), AllowedExpressions::parse(kind)?))
        })
        .collect()
}

/// A custom query option a service declares (`Capabilities.CustomQueryOptions`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomQueryOption {
    /// `Name`.
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `Required`.
    pub required: bool,
    /// `Core.SymbolicName` of the record: the name to give the option in code, when its wire
    /// name does not show the words (`maxhistorydays` named `maxHistoryDays`).
    pub symbolic_name: Option<String>,
    /// The type its `ExampleValues` show.
    pub value: OptionValue,
}

/// What values a custom query option takes, as its `ExampleValues` show: the vocabulary
/// gives the option no type, so an option typed by its examples is as far as the document
/// goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum OptionValue {
    /// Every example is a non-negative `Int`.
    Count,
    /// Every example is `true` or `false` (`Bool`).
    Boolean,
    /// No examples, or examples of other or mixed kinds: any text.
    Text,
}

/// The custom query options of an entity set: the container's `CustomQueryOptions` (which
/// the vocabulary applies to every resource in it), then the set's own, in its
/// `ReadRestrictions/CustomQueryOptions` (or a `CustomQueryOptions` on the set), which
/// replace a container option of the same name. In name order.
pub fn set_custom_query_options(
    container: &[Annotation],
    set: &[Annotation],
) -> Vec<CustomQueryOption> {
    let read_restrictions =
        match find(set, CAPABILITIES, "ReadRestrictions").and_then(|a| a.value.as_ref()) {
            Some(Expr::Record(r)) => field(&r.properties, "CustomQueryOptions"),
            _ => None,
        };
    let mut by_name = BTreeMap::new();
    for option in custom_query_options(container)
        .into_iter()
        .chain(custom_query_options(set))
        .chain(read_restrictions.map(parameters).unwrap_or_default())
    {
        by_name.insert(option.name.clone(), option);
    }
    by_name.into_values().collect()
}

/// `Capabilities.CustomQueryOptions` of a container or entity set.
pub fn custom_query_options(annotations: &[Annotation]) -> Vec<CustomQueryOption> {
    find(annotations, CAPABILITIES, "CustomQueryOptions")
        .and_then(|a| a.value.as_ref())
        .map(parameters)
        .unwrap_or_default()
}

/// The `CustomParameter` records of a collection.
fn parameters(e: &Expr) -> Vec<CustomQueryOption> {
    let Expr::Collection(items) = e else {
        return vec![];
    };
    items
        .iter()
        .filter_map(|item| {
            let Expr::Record(r) = item else { return None };
            Some(CustomQueryOption {
                name: field(&r.properties, "Name").and_then(as_str)?.to_owned(),
                description: field(&r.properties, "Description")
                    .and_then(as_str)
                    .map(str::to_owned),
                required: field(&r.properties, "Required")
                    .and_then(as_bool)
                    .unwrap_or(false),
                // A record's annotations keep their terms as written (alias unresolved).
                symbolic_name: r
                    .annotations
                    .iter()
                    .find(|a| a.qualifier.is_none() && a.term.ends_with(".SymbolicName"))
                    .and_then(|a| a.value.as_ref())
                    .and_then(as_str)
                    .map(str::to_owned),
                value: field(&r.properties, "ExampleValues")
                    .map_or(OptionValue::Text, option_value),
            })
        })
        .collect()
}

/// The kind of value every `PrimitiveExampleValue` in `examples` has.
fn option_value(examples: &Expr) -> OptionValue {
    let Expr::Collection(items) = examples else {
        return OptionValue::Text;
    };
    let kinds: BTreeSet<OptionValue> = items
        .iter()
        .map(|item| match item {
            Expr::Record(r) => match field(&r.properties, "Value") {
                Some(Expr::Const(ConstKind::Int, v)) if v.parse::<u64>().is_ok() => {
                    OptionValue::Count
                }
                Some(Expr::Const(ConstKind::Bool, _)) => OptionValue::Boolean,
                _ => OptionValue::Text,
            },
            _ => OptionValue::Text,
        })
        .collect();
    match kinds.into_iter().collect::<Vec<_>>()[..] {
        [one] => one,
        _ => OptionValue::Text,
    }
}

/// Whether a navigation property may be navigated wherever it is reached: its own
/// `NavigationRestrictions/Navigability` is not `None`.
pub fn navigable(annotations: &[Annotation]) -> bool {
    match find(annotations, CAPABILITIES, "NavigationRestrictions").and_then(|a| a.value.as_ref()) {
        Some(Expr::Record(r)) => navigable_record(&r.properties),
        _ => true,
    }
}

/// Whether a `NavigationRestrictions` record (or an entry of its `RestrictedProperties`)
/// leaves navigation allowed: its `Navigability` is absent or not `NavigationType/None`.
fn navigable_record(properties: &[(String, Expr)]) -> bool {
    field(properties, "Navigability")
        .and_then(as_enum_member)
        .is_none_or(|m| !m.ends_with("/None"))
}

/// The `RestrictedProperties` entries that state a `Navigability`, by navigation property.
fn restricted_navigability(e: &Expr) -> BTreeMap<String, bool> {
    let Expr::Collection(items) = e else {
        return BTreeMap::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let Expr::Record(r) = item else { return None };
            let Some(Expr::Path(_, path)) = field(&r.properties, "NavigationProperty") else {
                return None;
            };
            field(&r.properties, "Navigability")?;
            Some((path.clone(), navigable_record(&r.properties)))
        })
        .collect()
}

/// The value of record property `name`.
pub fn field<'a>(properties: &'a [(String, Expr)], name: &str) -> Option<&'a Expr> {
    properties.iter().find(|(n, _)| n == name).map(|(_, e)| e)
}

/// A string constant.
pub fn as_str(e: &Expr) -> Option<&str> {
    match e {
        Expr::Const(ConstKind::String, s) => Some(s),
        _ => None,
    }
}

/// An integer constant.
pub fn as_int(e: &Expr) -> Option<i64> {
    match e {
        Expr::Const(ConstKind::Int, s) => s.parse().ok(),
        _ => None,
    }
}

/// A Boolean constant.
pub fn as_bool(e: &Expr) -> Option<bool> {
    match e {
        Expr::Const(ConstKind::Bool, s) => match s.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn as_enum_member(e: &Expr) -> Option<&str> {
    match e {
        Expr::Const(ConstKind::EnumMember, s) => Some(s),
        _ => None,
    }
}

/// The paths of a collection of path expressions (`PropertyPath`, `NavigationPropertyPath`, …).
fn path_list(e: &Expr) -> BTreeSet<String> {
    match e {
        Expr::Collection(items) => items
            .iter()
            .filter_map(|i| match i {
                Expr::Path(
                    PathKind::Property | PathKind::NavigationProperty | PathKind::Value,
                    p,
                ) => Some(p.clone()),
                Expr::Record(r) => field(&r.properties, "Property").and_then(|p| match p {
                    Expr::Path(_, p) => Some(p.clone()),
                    _ => None,
                }),
                _ => None,
            })
            .collect(),
        _ => BTreeSet::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::{LoadOptions, load};

    /// The capabilities of each entity set of `fixtures/edge/filter-restrictions.xml`.
    fn capabilities() -> BTreeMap<String, Capabilities> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fixtures/edge/filter-restrictions.xml"
        );
        let (model, diags) = load(path.as_ref(), &LoadOptions::default());
        assert!(!diags.has_errors(), "{diags:?}");
        let container = &model.unwrap().containers[0];
        container
            .entity_sets
            .iter()
            .map(|s| {
                let caps = Capabilities::of_set(&container.annotations, &s.annotations);
                (s.name.clone(), caps)
            })
            .collect()
    }

    #[test]
    fn filter_expression_restrictions_by_property() {
        let caps = capabilities();
        let kinds = |set: &str| caps[set].filter_expressions.clone();
        use AllowedExpressions::*;
        assert_eq!(kinds("singleValues"), [("code".into(), SingleValue)].into());
        assert_eq!(kinds("multiValues"), [("code".into(), MultiValue)].into());
        assert_eq!(
            kinds("singleRanges"),
            [("dateKey".into(), SingleRange)].into()
        );
        assert_eq!(kinds("multiRanges"), [("size".into(), MultiRange)].into());
        assert_eq!(
            kinds("searches"),
            [("code".into(), SearchExpression)].into()
        );
        assert_eq!(
            kinds("rangesOrSearches"),
            [("code".into(), MultiRangeOrSearchExpression)].into()
        );
        // An unknown value leaves its property unrestricted; the others still apply.
        assert_eq!(
            kinds("mixed"),
            [("code".into(), MultiValue), ("dateKey".into(), SingleRange)].into()
        );
        assert!(kinds("unindexed").is_empty());
    }

    #[test]
    fn indexable_by_key_defaults_to_true() {
        let caps = capabilities();
        assert!(!caps["unindexed"].indexable_by_key);
        assert!(caps["singleValues"].indexable_by_key);
    }

    const OPTIONS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml">
    <edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Cap"/>
  </edmx:Reference>
  <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml">
    <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core"/>
  </edmx:Reference>
  <edmx:DataServices>
    <Schema Namespace="S" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="T"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.Int32" Nullable="false"/></EntityType>
      <EntityContainer Name="C">
        <EntitySet Name="plain" EntityType="S.T"/>
        <EntitySet Name="own" EntityType="S.T">
          <Annotation Term="Cap.ReadRestrictions">
            <Record>
              <PropertyValue Property="CustomQueryOptions">
                <Collection>
                  <Record>
                    <Annotation Term="Core.SymbolicName" String="maxDays"/>
                    <PropertyValue Property="Name" String="maxdays"/>
                    <PropertyValue Property="ExampleValues">
                      <Collection><Record><PropertyValue Property="Value" Int="7"/></Record><Record><PropertyValue Property="Value" Int="30"/></Record></Collection>
                    </PropertyValue>
                  </Record>
                  <Record>
                    <PropertyValue Property="Name" String="shared"/>
                    <PropertyValue Property="ExampleValues">
                      <Collection><Record><PropertyValue Property="Value" Bool="true"/></Record></Collection>
                    </PropertyValue>
                  </Record>
                  <Record>
                    <PropertyValue Property="Name" String="mixed"/>
                    <PropertyValue Property="ExampleValues">
                      <Collection><Record><PropertyValue Property="Value" Int="1"/></Record><Record><PropertyValue Property="Value" String="x"/></Record></Collection>
                    </PropertyValue>
                  </Record>
                  <Record>
                    <Annotation Term="Core.SymbolicName" String="maxPages"/>
                    <PropertyValue Property="Name" String="pagecap"/>
                  </Record>
                  <Record>
                    <PropertyValue Property="Name" String="negative"/>
                    <PropertyValue Property="ExampleValues">
                      <Collection><Record><PropertyValue Property="Value" Int="-1"/></Record></Collection>
                    </PropertyValue>
                  </Record>
                </Collection>
              </PropertyValue>
            </Record>
          </Annotation>
        </EntitySet>
      </EntityContainer>
      <Annotations Target="S.C">
        <Annotation Term="Cap.CustomQueryOptions">
          <Collection>
            <Record><PropertyValue Property="Name" String="shared"/></Record>
            <Record><PropertyValue Property="Name" String="api-version"/><PropertyValue Property="Required" Bool="true"/></Record>
          </Collection>
        </Annotation>
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

    /// Each set's options: `(name, symbolic name, value kind, required)`.
    fn set_options(set: &str) -> Vec<(String, Option<String>, OptionValue, bool)> {
        let (model, diags) = crate::model::load::load_bytes(
            "options.xml".as_ref(),
            OPTIONS.as_bytes(),
            &LoadOptions::default(),
        );
        assert!(!diags.has_errors(), "{diags:?}");
        let model = model.unwrap();
        let container = &model.containers[0];
        let s = container
            .entity_sets
            .iter()
            .find(|s| s.name == set)
            .unwrap();
        set_custom_query_options(&container.annotations, &s.annotations)
            .into_iter()
            .map(|o| (o.name, o.symbolic_name, o.value, o.required))
            .collect()
    }

    #[test]
    fn custom_query_options_per_set_with_names_and_types_from_the_document() {
        use OptionValue::*;
        let option = |name: &str, symbolic: Option<&str>, value, required| {
            (
                name.to_owned(),
                symbolic.map(str::to_owned),
                value,
                required,
            )
        };
        // The container's options apply to every set.
        assert_eq!(
            set_options("plain"),
            [
                option("api-version", None, Text, true),
                option("shared", None, Text, false)
            ]
        );
        // A set adds its own and replaces the container's of the same name; a Core.SymbolicName
        // names it, non-negative Int examples make it a count, Bool ones a Boolean, mixed or
        // negative ones leave it text.
        assert_eq!(
            set_options("own"),
            [
                option("api-version", None, Text, true),
                option("maxdays", Some("maxDays"), Count, false),
                option("mixed", None, Text, false),
                option("negative", None, Text, false),
                option("pagecap", Some("maxPages"), Text, false),
                option("shared", None, Boolean, false),
            ]
        );
    }

    /// The option types' names: from the symbolic name where there is one; one type per
    /// wire name and kind of value, so `plain`'s `shared` (any text, from the container) and
    /// `own`'s (a `Bool`, its own) are two types.
    #[test]
    fn custom_query_option_types_are_named_once_per_name_and_values() {
        let (model, diags) = crate::model::load::load_bytes(
            "options.xml".as_ref(),
            OPTIONS.as_bytes(),
            &LoadOptions::default(),
        );
        assert!(!diags.has_errors(), "{diags:?}");
        let names = crate::naming::Names::of(&model.unwrap()).unwrap();
        let types = |set: &str| -> Vec<(String, String)> {
            let set = names.sets.iter().find(|s| s.wire == set).unwrap();
            set.custom_options
                .iter()
                .map(|o| (o.wire.clone(), o.rust.to_string()))
                .collect()
        };
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect()
        };
        assert_eq!(
            types("own"),
            pairs(&[
                ("maxdays", "MaxDays"),
                ("mixed", "Mixed"),
                ("negative", "Negative"),
                ("pagecap", "MaxPages"),
                ("shared", "Shared"),
            ])
        );
        assert_eq!(types("plain"), pairs(&[("shared", "Shared2")]));
    }
}
