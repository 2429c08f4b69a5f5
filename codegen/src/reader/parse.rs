//! Element tree → CSDL syntax tree: checks element and attribute names, required attributes
//! and attribute value syntax; everything about names and types is left to the model.

use std::path::Path;
use std::sync::Arc;

use super::csdl::*;
use super::expr;
use super::xml::{Element, Ns};
use crate::diag::{Diagnostics, LineIndex, Span};

/// What every conversion function needs: where diagnostics go and how offsets become spans.
pub struct Cx<'a> {
    pub file: &'a Arc<Path>,
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub diags: &'a mut Diagnostics,
}

impl Cx<'_> {
    pub fn span(&self, offset: usize) -> Span {
        Span::new(self.file, self.lines.pos(self.text, offset))
    }

    /// Warns about attributes of `el` that CSDL does not define for it.
    fn check_attrs(&mut self, el: &Element<'_>, allowed: &[&str]) {
        for a in &el.attrs {
            if !allowed.contains(&a.name) {
                let span = self.span(a.offset);
                self.diags.warning(
                    &span,
                    format!(
                        "unknown attribute `{}` on <{}> ignored; expected one of: {}",
                        a.name,
                        el.name,
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    /// A required `Name`: a CSDL SimpleIdentifier (a letter or `_`, then letters, digits,
    /// marks or connector punctuation, at most 128 characters). Any other name is kept (it is
    /// the wire name) with a warning: the naming pass makes a Rust name of any text. A missing
    /// name reads as `""`, and the element is left out by its parent (nothing can name it).
    pub fn name(&mut self, el: &Element<'_>) -> String {
        let Some(name) = el.attr("Name").map(|a| a.value.to_string()) else {
            let span = self.span(el.offset);
            self.diags.warning(
                &span,
                format!(
                    "expected attribute `Name` on <{}>, found none; the element is left out",
                    el.name
                ),
            );
            return String::new();
        };
        let mut chars = name.chars();
        let valid = chars
            .next()
            .is_some_and(|c| c == '_' || unicode_ident::is_xid_start(c))
            && chars.all(unicode_ident::is_xid_continue)
            && name.chars().count() <= 128;
        if !name.is_empty() && !valid {
            let span = self.span(el.attr("Name").map_or(el.offset, |a| a.offset));
            // Real services ship `request-id` (Graph) and `prefix/project2` (Northwind).
            self.diags.warning(&span, format!("expected a simple identifier (letter or `_`, then letters, digits or `_`) for the name of <{}>, found `{name}`; the name is kept on the wire and its Rust name made by the naming rule", el.name));
        }
        name
    }

    /// The value of a required attribute; a warning and `""` when missing (each caller's
    /// degradation for an empty value is in the module docs' table).
    pub fn required(&mut self, el: &Element<'_>, name: &str) -> String {
        match el.attr(name) {
            Some(a) => a.value.to_string(),
            None => {
                let span = self.span(el.offset);
                self.diags.warning(
                    &span,
                    format!(
                        "expected attribute `{name}` on <{}>, found none; read as empty",
                        el.name
                    ),
                );
                String::new()
            }
        }
    }

    pub fn optional(&self, el: &Element<'_>, name: &str) -> Option<String> {
        el.attr(name).map(|a| a.value.to_string())
    }

    /// A Boolean attribute (`true`/`false`); a bad value is an error and reads as `None`.
    pub fn bool(&mut self, el: &Element<'_>, name: &str) -> Option<bool> {
        let a = el.attr(name)?;
        match a.value.trim() {
            "true" => Some(true),
            "false" => Some(false),
            v @ ("True" | "False" | "TRUE" | "FALSE") => {
                let span = self.span(a.offset);
                self.diags.warning(
                    &span,
                    format!(
                        "expected `true` or `false` for `{name}`, found `{v}`; read as {}",
                        v.to_ascii_lowercase()
                    ),
                );
                Some(v.eq_ignore_ascii_case("true"))
            }
            other => {
                let span = self.span(a.offset);
                self.diags.warning(
                    &span,
                    format!("expected `true` or `false` for `{name}`, found `{other}`; the attribute is ignored (its default applies)"),
                );
                None
            }
        }
    }

    fn non_negative(&mut self, el: &Element<'_>, name: &str) -> Option<u32> {
        let a = el.attr(name)?;
        match a.value.trim().parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                let span = self.span(a.offset);
                self.diags.warning(
                    &span,
                    format!(
                        "expected a non-negative integer for `{name}`, found `{}`; the facet is ignored",
                        a.value
                    ),
                );
                None
            }
        }
    }

    /// Warnings for child elements in the CSDL namespaces that `el` does not allow: they are
    /// skipped. Foreign elements (vendor extensions) are ignored silently, as the
    /// specification requires.
    fn unexpected(&mut self, el: &Element<'_>, child: &Element<'_>) {
        if matches!(child.ns, Ns::Edm | Ns::Edmx) {
            let span = self.span(child.offset);
            self.diags.warning(
                &span,
                format!(
                    "unexpected element <{}> in <{}>; it is skipped",
                    child.name, el.name
                ),
            );
        }
    }
}

/// The document under `root`: `None`, after an error, when it is no CSDL 4 document.
pub fn document(root: &mut Element<'_>, cx: &mut Cx<'_>) -> Option<Document> {
    let span = cx.span(root.offset);
    if root.ns == Ns::LegacyEdmx
        && root.name == "Edmx"
        && root
            .attr("Version")
            .is_some_and(|v| v.value.starts_with("4."))
    {
        // SAP test services ship CSDL 4 content under the v2 namespace URIs.
        cx.diags.warning(&span, "expected the OData v4 namespace URIs, found OData v2 ones on a Version 4 document; reading it as CSDL 4");
        adopt_legacy_namespaces(root);
    }
    if root.ns == Ns::None
        && root.name == "Edmx"
        && root
            .attr("Version")
            .is_some_and(|v| v.value.starts_with("4."))
    {
        // A document saved through a tool that drops prefixes (ra-data-odata-server's copies
        // of services.odata.org's Northwind): `<Edmx>` and `<DataServices>` in no namespace,
        // the edmx prefix declared and unused, the schemas still in the CSDL 4 namespace.
        cx.diags.warning(&span, "expected <Edmx> in namespace http://docs.oasis-open.org/odata/ns/edmx, found it in no namespace on a Version 4 document; reading it and its unprefixed <DataServices>, <Reference> and <Include> children as that namespace");
        adopt_unprefixed_edmx(root);
    }
    let root = &*root;
    match (root.ns, root.name) {
        (Ns::Edmx, "Edmx") => {}
        (Ns::Edm, "Schema") => {
            // Some vocabularies are published as a bare Schema.
            let schema = schema(root, cx);
            return Some(Document {
                version: "4.0".into(),
                references: vec![],
                schemas: vec![schema],
                span,
            });
        }
        _ => {
            refuse_root(root, &span, cx);
            return None;
        }
    }
    let version = edmx_version(root, &span, cx)?;
    let mut doc = Document {
        version,
        references: vec![],
        schemas: vec![],
        span,
    };
    let mut data_services = 0;
    for child in &root.children {
        match (child.ns, child.name) {
            (Ns::Edmx, "Reference") => doc.references.push(reference(child, cx)),
            (Ns::Edmx, "DataServices") => {
                data_services += 1;
                if data_services == 2 {
                    let span = cx.span(child.offset);
                    cx.diags.warning(
                        &span,
                        "expected one <edmx:DataServices>, found a second one; its schemas are read too",
                    );
                }
                data_services_schemas(child, &mut doc, cx);
            }
            _ => cx.unexpected(root, child),
        }
    }
    if data_services == 0 {
        cx.diags.error(
            &doc.span,
            "expected <edmx:DataServices> in <edmx:Edmx>, found none",
        );
    }
    Some(doc)
}

/// Puts the edmx-level elements in no namespace (the root, its `DataServices` and `Reference`
/// children, and a reference's `Include` and `IncludeAnnotations`) in the edmx namespace;
/// schema content keeps its own namespace.
fn adopt_unprefixed_edmx(root: &mut Element<'_>) {
    root.ns = Ns::Edmx;
    for child in &mut root.children {
        if child.ns == Ns::None && matches!(child.name, "DataServices" | "Reference") {
            child.ns = Ns::Edmx;
            for grandchild in &mut child.children {
                if grandchild.ns == Ns::None
                    && matches!(grandchild.name, "Include" | "IncludeAnnotations")
                {
                    grandchild.ns = Ns::Edmx;
                }
            }
        }
    }
}

/// The error for a root element that is neither `edmx:Edmx` nor a bare CSDL 4 `Schema`.
fn refuse_root(root: &Element<'_>, span: &Span, cx: &mut Cx<'_>) {
    match (root.ns, root.name) {
        (Ns::LegacyEdmx | Ns::LegacyEdm, _) => {
            cx.diags.error(span, format!("expected an OData v4 document (namespace http://docs.oasis-open.org/odata/ns/edmx), found <{}> in an OData v1-v3 namespace; this generator reads CSDL 4.0 and 4.01 only", root.name));
        }
        (_, "Edmx") => {
            cx.diags.error(span, "expected <Edmx> in namespace http://docs.oasis-open.org/odata/ns/edmx, found it in another namespace");
        }
        (_, name) => {
            cx.diags.error(
                span,
                format!("expected root element <edmx:Edmx>, found <{name}>"),
            );
        }
    }
}

/// The `Version` of `<edmx:Edmx>`: 4.0 when missing (the namespace says CSDL 4), `None`
/// after an error for any version but 4.0 and 4.01.
fn edmx_version(root: &Element<'_>, span: &Span, cx: &mut Cx<'_>) -> Option<String> {
    cx.check_attrs(root, &["Version"]);
    let version = match root.attr("Version") {
        Some(v) => v.value.to_string(),
        None => {
            cx.diags.warning(span, "expected attribute `Version` on <Edmx>, found none; the OData v4 namespace says CSDL 4, read as Version 4.0");
            "4.0".to_owned()
        }
    };
    if version != "4.0" && version != "4.01" {
        let span = cx.span(root.attr("Version").map_or(root.offset, |a| a.offset));
        cx.diags.error(
            &span,
            format!("expected Version `4.0` or `4.01`, found `{version}`"),
        );
        return None;
    }
    Some(version)
}

/// The schemas of one `<edmx:DataServices>`; a `Schema` outside the CSDL 4 namespace is an
/// error, as the README's reader table says: it is no CSDL 4 schema.
fn data_services_schemas(data_services: &Element<'_>, doc: &mut Document, cx: &mut Cx<'_>) {
    for s in &data_services.children {
        match (s.ns, s.name) {
            (Ns::Edm, "Schema") => doc.schemas.push(schema(s, cx)),
            (_, "Schema") => {
                let span = cx.span(s.offset);
                cx.diags.error(&span, "expected <Schema> in namespace http://docs.oasis-open.org/odata/ns/edm, found it in another namespace (or none)");
            }
            _ => cx.unexpected(data_services, s),
        }
    }
}

/// Relabels v1-v3 namespaces as v4 ones, without recursion.
fn adopt_legacy_namespaces(root: &mut Element<'_>) {
    let mut stack = vec![root];
    while let Some(el) = stack.pop() {
        el.ns = match el.ns {
            Ns::LegacyEdmx => Ns::Edmx,
            Ns::LegacyEdm => Ns::Edm,
            ns => ns,
        };
        stack.extend(el.children.iter_mut());
    }
}

fn reference(el: &Element<'_>, cx: &mut Cx<'_>) -> Reference {
    cx.check_attrs(el, &["Uri"]);
    let mut r = Reference {
        uri: cx.required(el, "Uri"),
        includes: vec![],
        annotations: vec![],
        span: cx.span(el.offset),
    };
    for child in &el.children {
        match (child.ns, child.name) {
            (Ns::Edmx, "Include") => {
                cx.check_attrs(child, &["Namespace", "Alias"]);
                r.includes.push(Include {
                    namespace: cx.required(child, "Namespace"),
                    alias: cx.optional(child, "Alias"),
                });
            }
            (Ns::Edmx, "IncludeAnnotations") => {
                // Checked, not kept: annotations of referenced documents are not applied.
                cx.check_attrs(child, &["TermNamespace", "Qualifier", "TargetNamespace"]);
                cx.required(child, "TermNamespace");
            }
            (Ns::Edm, "Annotation") => r.annotations.push(annotation(child, cx)),
            _ => cx.unexpected(el, child),
        }
    }
    r
}

fn schema(el: &Element<'_>, cx: &mut Cx<'_>) -> Schema {
    cx.check_attrs(el, &["Namespace", "Alias"]);
    if el.attr("Namespace").is_none() {
        let span = cx.span(el.offset);
        cx.diags.warning(&span, "expected attribute `Namespace` on <Schema>, found none; the schema is ignored (none of its items can be named)");
    }
    let mut s = Schema {
        namespace: cx.optional(el, "Namespace").unwrap_or_default(),
        alias: cx.optional(el, "Alias"),
        span: cx.span(el.offset),
        ..Schema::default()
    };
    for child in &el.children {
        if child.ns != Ns::Edm {
            cx.unexpected(el, child);
            continue;
        }
        match child.name {
            "EntityType" => s.entity_types.push(structured(child, cx, true)),
            "ComplexType" => s.complex_types.push(structured(child, cx, false)),
            "EnumType" => s.enum_types.push(enum_type(child, cx)),
            "TypeDefinition" => s.type_definitions.push(type_definition(child, cx)),
            "Term" => s.terms.push(term(child, cx)),
            "Action" => s
                .operations
                .push(operation(child, cx, OperationKind::Action)),
            "Function" => s
                .operations
                .push(operation(child, cx, OperationKind::Function)),
            "EntityContainer" => s.containers.push(container(child, cx)),
            "Annotations" => s.annotation_groups.extend(annotations(child, cx)),
            "Association" => s.associations.push(association(child, cx)),
            "Annotation" => s.annotations.push(annotation(child, cx)),
            _ => cx.unexpected(el, child),
        }
    }
    // Items without a name were reported by `Cx::name`: nothing can refer to them.
    s.entity_types.retain(|t| !t.name.is_empty());
    s.complex_types.retain(|t| !t.name.is_empty());
    s.enum_types.retain(|t| !t.name.is_empty());
    s.type_definitions.retain(|t| !t.name.is_empty());
    s.terms.retain(|t| !t.name.is_empty());
    s.operations.retain(|o| !o.name.is_empty());
    s.containers.retain(|c| !c.name.is_empty());
    s.associations.retain(|a| !a.name.is_empty());
    s
}

fn association(el: &Element<'_>, cx: &mut Cx<'_>) -> Association {
    let span = cx.span(el.offset);
    cx.diags.warning(&span, "expected CSDL 4 navigation syntax, found an OData v3 <Association>; navigation properties naming it take their types from its ends");
    let mut a = Association {
        name: cx.name(el),
        ends: vec![],
    };
    for end in el
        .children
        .iter()
        .filter(|c| c.ns == Ns::Edm && c.name == "End")
    {
        a.ends.push((
            cx.required(end, "Role"),
            cx.required(end, "Type"),
            cx.required(end, "Multiplicity"),
        ));
    }
    a
}

fn facets(el: &Element<'_>, cx: &mut Cx<'_>) -> Facets {
    let max_length_ok = check_facet(el, cx, "MaxLength", &["max"]);
    let mut scale_ok = check_facet(el, cx, "Scale", &["variable", "floating"]);
    let srid_ok = check_facet(el, cx, "SRID", &["variable"]);
    if let (Some(p), Some(s)) = (el.attr("Precision"), el.attr("Scale"))
        && let (Ok(p), Ok(s)) = (p.value.trim().parse::<u32>(), s.value.trim().parse::<u32>())
        && s > p
    {
        let span = cx.span(el.offset);
        cx.diags.warning(
            &span,
            format!("expected Scale at most Precision, found Scale {s} > Precision {p}; the Scale is ignored"),
        );
        scale_ok = false;
    }
    Facets {
        nullable: cx.bool(el, "Nullable"),
        max_length: cx.optional(el, "MaxLength").filter(|_| max_length_ok),
        precision: cx.non_negative(el, "Precision"),
        scale: cx.optional(el, "Scale").filter(|_| scale_ok),
        srid: cx.optional(el, "SRID").filter(|_| srid_ok),
        unicode: cx.bool(el, "Unicode"),
        default_value: cx.optional(el, "DefaultValue"),
    }
}

/// Whether a facet, if present, is a non-negative integer or one of `words`; a warning (the
/// facet is then ignored) when it is not.
fn check_facet(el: &Element<'_>, cx: &mut Cx<'_>, name: &str, words: &[&str]) -> bool {
    if let Some(a) = el.attr(name) {
        let v = a.value.trim();
        if v.parse::<u32>().is_err() && !words.iter().any(|w| w.eq_ignore_ascii_case(v)) {
            let span = cx.span(a.offset);
            cx.diags.warning(
                &span,
                format!(
                    "expected a non-negative integer or {} for `{name}`, found `{v}`; the facet is ignored",
                    words
                        .iter()
                        .map(|w| format!("`{w}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            );
            return false;
        }
    }
    true
}

const FACETS: [&str; 7] = [
    "Nullable",
    "MaxLength",
    "Precision",
    "Scale",
    "SRID",
    "Unicode",
    "DefaultValue",
];

fn with_facets<'a>(names: &[&'a str]) -> Vec<&'a str> {
    names.iter().copied().chain(FACETS).collect()
}

fn structured(el: &Element<'_>, cx: &mut Cx<'_>, entity: bool) -> StructuredType {
    let allowed: &[&str] = if entity {
        &["Name", "BaseType", "Abstract", "OpenType", "HasStream"]
    } else {
        &["Name", "BaseType", "Abstract", "OpenType"]
    };
    cx.check_attrs(el, allowed);
    let mut t = StructuredType {
        name: cx.name(el),
        base_type: cx.optional(el, "BaseType"),
        is_abstract: cx.bool(el, "Abstract").unwrap_or(false),
        open_type: cx.bool(el, "OpenType").unwrap_or(false),
        has_stream: cx.bool(el, "HasStream").unwrap_or(false),
        keys: vec![],
        properties: vec![],
        navigation_properties: vec![],
        annotations: vec![],
        span: cx.span(el.offset),
    };
    for child in &el.children {
        match (child.ns, child.name) {
            (Ns::Edm, "Key") if entity => {
                let mut key = Key {
                    property_refs: vec![],
                    span: cx.span(child.offset),
                };
                for r in &child.children {
                    match (r.ns, r.name) {
                        (Ns::Edm, "PropertyRef") => {
                            cx.check_attrs(r, &["Name", "Alias"]);
                            key.property_refs.push(PropertyRef {
                                name: cx.required(r, "Name"),
                                alias: cx.optional(r, "Alias"),
                            });
                        }
                        _ => cx.unexpected(child, r),
                    }
                }
                t.keys.push(key);
            }
            (Ns::Edm, "Property") => t.properties.push(property(child, cx)),
            (Ns::Edm, "NavigationProperty") => t.navigation_properties.push(navigation(child, cx)),
            (Ns::Edm, "Annotation") => t.annotations.push(annotation(child, cx)),
            _ => cx.unexpected(el, child),
        }
    }
    t.properties.retain(|p| !p.name.is_empty());
    t.navigation_properties.retain(|n| !n.name.is_empty());
    t
}

fn property(el: &Element<'_>, cx: &mut Cx<'_>) -> Property {
    cx.check_attrs(el, &with_facets(&["Name", "Type"]));
    Property {
        name: cx.name(el),
        ty: cx.required(el, "Type"),
        facets: facets(el, cx),
        annotations: annotations_of(el, cx),
        span: cx.span(el.offset),
    }
}

fn navigation(el: &Element<'_>, cx: &mut Cx<'_>) -> NavigationProperty {
    cx.check_attrs(
        el,
        &[
            "Name",
            "Type",
            "Nullable",
            "Partner",
            "ContainsTarget",
            "Relationship",
            "FromRole",
            "ToRole",
        ],
    );
    let relationship = match (
        el.attr("Type"),
        cx.optional(el, "Relationship"),
        cx.optional(el, "ToRole"),
    ) {
        (None, Some(association), Some(to_role)) => Some(Relationship {
            association,
            to_role,
        }),
        _ => None,
    };
    let ty = if relationship.is_some() {
        String::new()
    } else {
        cx.required(el, "Type")
    };
    let mut n = NavigationProperty {
        name: cx.name(el),
        ty,
        relationship,
        nullable: cx.bool(el, "Nullable"),
        partner: cx.optional(el, "Partner"),
        contains_target: cx.bool(el, "ContainsTarget").unwrap_or(false),
        referential_constraints: vec![],
        on_delete: None,
        annotations: vec![],
        span: cx.span(el.offset),
    };
    for child in &el.children {
        match (child.ns, child.name) {
            (Ns::Edm, "ReferentialConstraint") => {
                cx.check_attrs(child, &["Property", "ReferencedProperty"]);
                n.referential_constraints.push(ReferentialConstraint {
                    property: cx.required(child, "Property"),
                    referenced_property: cx.required(child, "ReferencedProperty"),
                });
                skip_annotations(child, cx);
            }
            (Ns::Edm, "OnDelete") => {
                cx.check_attrs(child, &["Action"]);
                let action = cx.required(child, "Action");
                if !matches!(
                    action.as_str(),
                    "Cascade" | "None" | "SetNull" | "SetDefault" | ""
                ) {
                    let span = cx.span(child.offset);
                    cx.diags.warning(&span, format!("expected OnDelete Action `Cascade`, `None`, `SetNull` or `SetDefault`, found `{action}`; it is ignored"));
                } else {
                    n.on_delete = Some(action);
                }
                skip_annotations(child, cx);
            }
            (Ns::Edm, "Annotation") => n.annotations.push(annotation(child, cx)),
            _ => cx.unexpected(el, child),
        }
    }
    n
}

/// Children of elements whose annotations the model does not keep are still checked.
fn skip_annotations(el: &Element<'_>, cx: &mut Cx<'_>) {
    let _ = annotations_of(el, cx);
}

/// The `Annotation` children of an element that has no other children.
fn annotations_of(el: &Element<'_>, cx: &mut Cx<'_>) -> Vec<Annotation> {
    let mut out = vec![];
    for child in &el.children {
        match (child.ns, child.name) {
            (Ns::Edm, "Annotation") => out.push(annotation(child, cx)),
            _ => cx.unexpected(el, child),
        }
    }
    out
}

fn enum_type(el: &Element<'_>, cx: &mut Cx<'_>) -> EnumType {
    cx.check_attrs(el, &["Name", "UnderlyingType", "IsFlags"]);
    let mut e = EnumType {
        name: cx.name(el),
        underlying_type: cx.optional(el, "UnderlyingType"),
        is_flags: cx.bool(el, "IsFlags").unwrap_or(false),
        members: vec![],
        annotations: vec![],
        span: cx.span(el.offset),
    };
    for child in &el.children {
        match (child.ns, child.name) {
            (Ns::Edm, "Member") => {
                cx.check_attrs(child, &["Name", "Value"]);
                let value = child.attr("Value").and_then(|a| {
                    let text = a.value.trim();
                    let span = cx.span(a.offset);
                    match text.parse::<i64>() {
                        Ok(v) => Some(v),
                        Err(_) if text.strip_prefix('-').unwrap_or(text).bytes().all(|b| b.is_ascii_digit()) && !text.is_empty() => {
                            cx.diags.warning(&span, format!("expected an enum member Value within 64 bits, found `{text}`; the member is kept without a value"));
                            None
                        }
                        Err(_) => {
                            cx.diags.warning(&span, format!("expected an integer enum member Value, found `{text}`; the member is kept without a value"));
                            None
                        }
                    }
                });
                e.members.push(EnumMember {
                    name: cx.name(child),
                    value,
                    annotations: annotations_of(child, cx),
                    span: cx.span(child.offset),
                });
            }
            (Ns::Edm, "Annotation") => e.annotations.push(annotation(child, cx)),
            _ => cx.unexpected(el, child),
        }
    }
    e.members.retain(|m| !m.name.is_empty());
    e
}

fn type_definition(el: &Element<'_>, cx: &mut Cx<'_>) -> TypeDefinition {
    cx.check_attrs(el, &with_facets(&["Name", "UnderlyingType"]));
    // Checked (bad values are reported), not kept: nothing reads a definition's facets.
    facets(el, cx);
    TypeDefinition {
        name: cx.name(el),
        underlying_type: cx.required(el, "UnderlyingType"),
        annotations: annotations_of(el, cx),
        span: cx.span(el.offset),
    }
}

fn term(el: &Element<'_>, cx: &mut Cx<'_>) -> Term {
    cx.check_attrs(el, &with_facets(&["Name", "Type", "BaseTerm", "AppliesTo"]));
    // Checked (a missing `Type`, bad facet values are reported), not kept: terms are read
    // by name only.
    cx.required(el, "Type");
    facets(el, cx);
    Term {
        name: cx.name(el),
        annotations: annotations_of(el, cx),
        span: cx.span(el.offset),
    }
}

fn operation(el: &Element<'_>, cx: &mut Cx<'_>, kind: OperationKind) -> Operation {
    let allowed: &[&str] = match kind {
        OperationKind::Action => &["Name", "IsBound", "EntitySetPath"],
        OperationKind::Function => &["Name", "IsBound", "IsComposable", "EntitySetPath"],
    };
    cx.check_attrs(el, allowed);
    let mut op = Operation {
        kind,
        name: cx.name(el),
        is_bound: cx.bool(el, "IsBound").unwrap_or(false),
        is_composable: cx.bool(el, "IsComposable").unwrap_or(false),
        parameters: vec![],
        return_type: None,
        annotations: vec![],
        span: cx.span(el.offset),
    };
    for child in &el.children {
        match (child.ns, child.name) {
            (Ns::Edm, "Parameter") => op.parameters.push(parameter(child, cx)),
            (Ns::Edm, "ReturnType") => {
                cx.check_attrs(child, &with_facets(&["Type"]));
                let span = cx.span(child.offset);
                if op.return_type.is_some() {
                    cx.diags.warning(
                        &span,
                        format!(
                            "expected at most one <ReturnType> in `{}`, found a second one; the first one is used",
                            op.name
                        ),
                    );
                    continue;
                }
                // Checked (malformed annotations are reported), not kept.
                annotations_of(child, cx);
                op.return_type = Some(ReturnType {
                    ty: cx.required(child, "Type"),
                    facets: facets(child, cx),
                    span,
                });
            }
            (Ns::Edm, "Annotation") => op.annotations.push(annotation(child, cx)),
            _ => cx.unexpected(el, child),
        }
    }
    op.parameters.retain(|p| !p.name.is_empty());
    if op.kind == OperationKind::Function && op.return_type.is_none() {
        cx.diags.warning(&op.span, format!("expected a <ReturnType> in function `{}`, found none; it is read as returning nothing", op.name));
    }
    op
}

fn parameter(el: &Element<'_>, cx: &mut Cx<'_>) -> Parameter {
    cx.check_attrs(el, &with_facets(&["Name", "Type"]));
    let legacy = el
        .children
        .iter()
        .find(|c| c.ns == Ns::Edm && c.name == "CollectionType");
    let ty = match (el.attr("Type"), legacy.and_then(|c| c.attr("ElementType"))) {
        (None, Some(element)) => {
            let span = cx.span(legacy.map_or(el.offset, |c| c.offset));
            cx.diags.warning(&span, "expected a `Type` attribute on <Parameter>, found a CSDL 1-3 <CollectionType>; read as a collection");
            format!("Collection({})", element.value)
        }
        _ => cx.required(el, "Type"),
    };
    let mut annotations = vec![];
    for child in &el.children {
        match (child.ns, child.name) {
            (Ns::Edm, "Annotation") => annotations.push(annotation(child, cx)),
            (Ns::Edm, "CollectionType") if legacy.is_some() => {}
            _ => cx.unexpected(el, child),
        }
    }
    Parameter {
        name: cx.name(el),
        ty,
        facets: facets(el, cx),
        annotations,
        span: cx.span(el.offset),
    }
}

fn container(el: &Element<'_>, cx: &mut Cx<'_>) -> EntityContainer {
    cx.check_attrs(el, &["Name", "Extends"]);
    let mut c = EntityContainer {
        name: cx.name(el),
        entity_sets: vec![],
        singletons: vec![],
        operation_imports: vec![],
        annotations: vec![],
        span: cx.span(el.offset),
    };
    for child in &el.children {
        match (child.ns, child.name) {
            (Ns::Edm, "EntitySet") => c.entity_sets.push(entity_set(child, cx, "EntityType")),
            (Ns::Edm, "Singleton") => c.singletons.push(entity_set(child, cx, "Type")),
            (Ns::Edm, "ActionImport") => {
                c.operation_imports
                    .push(operation_import(child, cx, OperationKind::Action))
            }
            (Ns::Edm, "FunctionImport")
                if child.attr("Function").is_none() && child.attr("Name").is_some() =>
            {
                let span = cx.span(child.offset);
                cx.diags.warning(&span, "expected a `Function` attribute on <FunctionImport>, found an OData v3 service operation; it is ignored");
            }
            (Ns::Edm, "FunctionImport") => {
                c.operation_imports
                    .push(operation_import(child, cx, OperationKind::Function))
            }
            // Association sets only restate what v3 associations say.
            (Ns::Edm, "AssociationSet") => {}
            (Ns::Edm, "Annotation") => c.annotations.push(annotation(child, cx)),
            _ => cx.unexpected(el, child),
        }
    }
    c.entity_sets.retain(|s| !s.name.is_empty());
    c.singletons.retain(|s| !s.name.is_empty());
    c.operation_imports.retain(|i| !i.name.is_empty());
    c
}

fn entity_set(el: &Element<'_>, cx: &mut Cx<'_>, type_attr: &str) -> EntitySet {
    let singleton = type_attr == "Type";
    cx.check_attrs(
        el,
        if singleton {
            &["Name", "Type", "Nullable"]
        } else {
            &["Name", "EntityType", "IncludeInServiceDocument"]
        },
    );
    // Checked (a bad Boolean is reported), not kept: nothing depends on them.
    cx.bool(el, "IncludeInServiceDocument");
    cx.bool(el, "Nullable");
    let mut s = EntitySet {
        name: cx.name(el),
        entity_type: cx.required(el, type_attr),
        bindings: vec![],
        annotations: vec![],
        span: cx.span(el.offset),
    };
    for child in &el.children {
        match (child.ns, child.name) {
            (Ns::Edm, "NavigationPropertyBinding") => {
                cx.check_attrs(child, &["Path", "Target"]);
                s.bindings.push(NavigationPropertyBinding {
                    path: cx.required(child, "Path"),
                    target: cx.required(child, "Target"),
                });
            }
            (Ns::Edm, "Annotation") => s.annotations.push(annotation(child, cx)),
            _ => cx.unexpected(el, child),
        }
    }
    s
}

fn operation_import(el: &Element<'_>, cx: &mut Cx<'_>, kind: OperationKind) -> OperationImport {
    let attr = match kind {
        OperationKind::Action => "Action",
        OperationKind::Function => "Function",
    };
    cx.check_attrs(el, &["Name", attr, "EntitySet", "IncludeInServiceDocument"]);
    // Checked (a bad Boolean is reported), not kept.
    cx.bool(el, "IncludeInServiceDocument");
    OperationImport {
        kind,
        name: cx.name(el),
        operation: cx.required(el, attr),
        entity_set: cx.optional(el, "EntitySet"),
        annotations: import_annotations(el, cx),
        span: cx.span(el.offset),
    }
}

/// Annotations of an operation import; parameters restated there (as some SAP services do)
/// are ignored, since the operation declares them.
fn import_annotations(el: &Element<'_>, cx: &mut Cx<'_>) -> Vec<Annotation> {
    let mut out = vec![];
    for child in &el.children {
        match (child.ns, child.name) {
            (Ns::Edm, "Annotation") => out.push(annotation(child, cx)),
            (Ns::Edm, "Parameter") => {
                let span = cx.span(child.offset);
                cx.diags.warning(&span, format!("expected no <Parameter> in <{}>, found one; the imported operation's parameters are used", el.name));
            }
            _ => cx.unexpected(el, child),
        }
    }
    out
}

/// An `Annotations` element; `None` (with a warning) without a `Target`, as SAP annotation
/// documents ship: there is nothing to attach its annotations to.
fn annotations(el: &Element<'_>, cx: &mut Cx<'_>) -> Option<Annotations> {
    cx.check_attrs(el, &["Target", "Qualifier"]);
    let span = cx.span(el.offset);
    let Some(target) = cx.optional(el, "Target") else {
        cx.diags.warning(
            &span,
            "expected attribute `Target` on <Annotations>, found none; the element is skipped",
        );
        return None;
    };
    Some(Annotations {
        target,
        qualifier: cx.optional(el, "Qualifier"),
        annotations: annotations_of(el, cx),
        span,
    })
}

pub fn annotation(el: &Element<'_>, cx: &mut Cx<'_>) -> Annotation {
    let mut allowed = vec!["Term", "Qualifier"];
    allowed.extend(expr::ATTRIBUTE_FORMS.iter().map(|(name, _)| *name));
    cx.check_attrs(el, &allowed);
    let term = cx.required(el, "Term");
    let qualifier = cx.optional(el, "Qualifier");
    let (value, annotations) = expr::value_of(el, cx);
    Annotation {
        term,
        qualifier,
        value,
        annotations,
        span: cx.span(el.offset),
    }
}
