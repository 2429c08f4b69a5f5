//! Named types → Rust items, one private module (file) per type, re-exported by `models`
//! (or by one module per namespace when the types span several).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, Group, Literal, Punct, Spacing, TokenStream, TokenTree};
use quote::quote;
use syn::{Ident, Item};

use crate::naming::RustName;

use super::docs::{
    deprecated_doc, deprecated_doc_text, doc_lines, item_doc_text, item_doc_text_with,
    item_docs_with,
};
use super::prelude::Std;
use super::{Body, Ctx, Module, TypeModule};
use crate::model::{
    EnumType, NavigationProperty, Property, Type, TypeDefinition, TypeId, TypeKind,
};

/// The `models` module, its type modules' bodies not yet emitted.
pub fn layout(ctx: &Ctx<'_>) -> Module {
    let model = ctx.model;
    let nested = !ctx.names.namespaces.is_empty();
    // Scope (namespace or "") → types sorted by Rust name.
    let mut scopes: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
    for t in &ctx.names.emitted {
        let ns = if nested {
            model.ty(*t).namespace.clone()
        } else {
            String::new()
        };
        scopes.entry(ns).or_default().push(*t);
    }
    let mut modules = Vec::new();
    for (ns, mut types) in scopes {
        types.sort_by_key(|t| ctx.names.ty(*t).module.to_string());
        let mut children = Vec::new();
        let mut uses = Vec::new();
        for t in types {
            let names = ctx.names.ty(t);
            let module = &names.module;
            let rust = &names.rust;
            let extra: Vec<&RustName> = [&names.field_enum, &names.nav_enum, &names.any_enum]
                .into_iter()
                .flatten()
                .collect();
            let gate = ctx.gate(t);
            if extra.is_empty() {
                uses.push(quote!(#gate pub use #module::#rust;));
            } else {
                uses.push(quote!(#gate pub use #module::{#rust, #(#extra),*};));
            }
            children.push(Module {
                name: module.clone(),
                public: false,
                attrs: gate,
                body: Body::Type(t),
                children: vec![],
            });
        }
        let body = Body::Items(quote!(#(#uses)*));
        if nested {
            let attrs = doc_lines(&[format!("Types of the schema `{ns}`.")]);
            modules.push(Module {
                name: ctx.names.namespaces[&ns].clone(),
                public: true,
                attrs,
                body,
                children,
            });
        } else {
            let attrs = doc_lines(&[
                "The service's types: entity, complex, enumeration and type definitions."
                    .to_owned(),
            ]);
            return Module {
                name: syn::parse_quote!(models),
                public: true,
                attrs,
                body,
                children,
            };
        }
    }
    let attrs = doc_lines(&["The service's types, one module per schema namespace.".to_owned()]);
    Module {
        name: syn::parse_quote!(models),
        public: true,
        attrs,
        body: Body::Items(TokenStream::new()),
        children: modules,
    }
}

/// The body of the module of type `t`: the type, and its field, navigation and `…Any` enums,
/// each item written with `quote!` and the body parsed once.
pub fn type_items(ctx: &Ctx<'_>, t: TypeId) -> syn::Result<Vec<Item>> {
    let names = ctx.names.ty(t);
    let defined: Vec<&RustName> = [&names.field_enum, &names.nav_enum, &names.any_enum]
        .into_iter()
        .flatten()
        .chain([&names.rust])
        .collect();
    let mut ctx = ctx.scoped(&defined);
    ctx.type_module = TypeModule::Models(ctx.model.ty(t).namespace.clone());
    let ctx = &ctx;
    let depth = if ctx.names.namespaces.is_empty() {
        2
    } else {
        3
    };
    let body = match &ctx.model.ty(t).kind {
        TypeKind::Entity(_) | TypeKind::Complex(_) => structured(ctx, t, depth),
        TypeKind::Enum(e) => enumeration(ctx, t, e),
        TypeKind::Definition(d) => definition(ctx, t, d),
    };
    Ok(syn::parse2::<syn::File>(body)?.items)
}

/// How a field travels, named as the runtime's `structured!` codecs: required, empty
/// (`Default`) when missing, or an `Option` left out when `None`; each in its serde form or
/// through the runtime's EDM forms.
fn codec(optional: bool, defaulted: bool, edm: bool) -> Ident {
    let name = match (optional, defaulted, edm) {
        (true, _, false) => "Opt",
        (true, _, true) => "OptEdm",
        (false, true, false) => "Def",
        (false, true, true) => "DefEdm",
        (false, false, false) => "Req",
        (false, false, true) => "ReqEdm",
    };
    Ident::new(name, proc_macro2::Span::call_site())
}

/// A struct field and its entry in the struct's `structured!` call.
struct Field {
    field: TokenStream,
    entry: TokenStream,
}

/// The field of a navigation property, `Option<rt::Expanded<Target>>` (or
/// `Option<rt::Expanded<Vec<Target>>>`): present when expanded. The runtime's `Expanded`
/// states its auto traits instead of deriving them from `Target`, so proving a model `Send`
/// (for `stream()`, or a user's `tokio::spawn`) stops at its navigation fields; held
/// directly (`Box<Target>`), the proof walked from type to type through a densely linked
/// service and overflowed the recursion limit (`E0275`, Dataverse).
fn navigation_field(ctx: &Ctx<'_>, t: TypeId, n: &NavigationProperty, depth: usize) -> Field {
    let Std { option, vec, .. } = &ctx.std;
    let rt = &ctx.rt;
    let ident = ctx.names.member(t, &n.name);
    let target = if ctx.names.emitted.contains(&n.target) {
        ctx.decoded_item(n.target, depth)
    } else {
        quote!(#rt::serde_json::Value)
    };
    let value = if n.collection {
        quote!(#vec<#target>)
    } else {
        target
    };
    let mut lines = item_doc_text(
        &n.annotations,
        &format!("Navigation property `{}`, present when expanded.", n.name),
    );
    lines.extend(deprecated_doc_text(&n.annotations));
    let docs = doc_lines(&lines);
    let wire = &n.name;
    Field {
        field: quote! {
            #docs
            pub #ident: #option<#rt::Expanded<#value>>
        },
        entry: quote!(#ident = #wire Opt),
    }
}

/// An entity or complex type: a struct with every member of its base chain, and its enums.
fn structured(ctx: &Ctx<'_>, t: TypeId, depth: usize) -> TokenStream {
    let model = ctx.model;
    let names = ctx.names.ty(t);
    let is_entity = matches!(model.ty(t).kind, TypeKind::Entity(_));
    let key: Vec<String> = model
        .key(t)
        .iter()
        .filter(|k| k.path.len() == 1)
        .map(|k| k.path[0].clone())
        .collect();
    let properties = model.all_properties(t);
    let navigations = model.all_navigation_properties(t);
    let mut fields: Vec<Field> = properties
        .iter()
        .map(|p| {
            let is_key = is_entity && key.contains(&p.name);
            property_field(ctx, t, p, is_entity, is_key, depth)
        })
        .collect();
    fields.extend(
        navigations
            .iter()
            .map(|n| navigation_field(ctx, t, n, depth)),
    );
    let open = model
        .base_chain(t)
        .iter()
        .any(|b| model.ty(*b).structured().is_some_and(|s| s.open_type));
    let rest = open.then(|| additional_properties_field(ctx));
    let attrs = struct_attrs(ctx, t);
    let rust = &names.rust;
    let rt = &ctx.rt;
    let entries: Vec<TokenStream> = fields.iter().map(|f| f.entry.clone()).collect();
    let rest_entry = rest.as_ref().map(|r| r.entry.clone());
    let serialize_if =
        (!ctx.serializes_always(t)).then(|| quote!(serialize_if feature = "serialize"));
    let fields = braced_list(fields.into_iter().chain(rest).map(|f| f.field));
    let mut items = quote! {
        #attrs
        pub struct #rust #fields
        #rt::structured!(#rust { #(#entries),* } #rest_entry #serialize_if);
    };
    if let Some(field_enum) = &names.field_enum {
        items.extend(wire_enum(
            rt,
            &format!(
                "The structural properties of [`{}`], for `$select` (and `$orderby` where a request offers `order_by`).",
                rust.unraw()
            ),
            field_enum,
            properties
                .iter()
                .map(|p| (&ctx.names.fields[&(t, p.name.clone())], p.name.as_str())),
        ));
        if is_entity {
            items.extend(key_const(ctx, t, field_enum));
        }
        items.extend(nav_enum(ctx, t));
    }
    items.extend(any_enum(ctx, t, depth));
    items
}

/// The field of structural property `p` of `t`. Every non-key property of an entity is an
/// `Option` (a `$select` leaves it out); a complex type's are as nullable as declared.
fn property_field(
    ctx: &Ctx<'_>,
    t: TypeId,
    p: &Property,
    is_entity: bool,
    is_key: bool,
    depth: usize,
) -> Field {
    let ident = ctx.names.member(t, &p.name);
    let optional = if is_key {
        false
    } else if is_entity {
        true
    } else {
        p.ty.nullable && !p.ty.collection
    };
    let scalar = ctx.scalar(&p.ty.ty, depth);
    let edm = scalar.edm;
    let ty = property_type(ctx, t, p, scalar.tokens, optional, depth);
    let codec = codec(optional, p.ty.collection && !is_key, edm);
    let mut lines = item_doc_text(&p.annotations, &format!("Property `{}`.", p.name));
    lines.extend(deprecated_doc_text(&p.annotations));
    if let Type::Opaque(name) = &p.ty.ty {
        lines.extend(untyped_doc_text(name));
    }
    let docs = doc_lines(&lines);
    let wire = &p.name;
    Field {
        field: quote! {
            #docs
            pub #ident: #ty
        },
        entry: quote!(#ident = #wire #codec),
    }
}

/// The Rust type of property `p` of `t`, from its `scalar` type: the `…Any` enum of a type
/// with derived types, boxed where the property makes the type recursive, in a `Vec` when
/// a collection, in an `Option` when `optional` (and its elements when nullable).
fn property_type(
    ctx: &Ctx<'_>,
    t: TypeId,
    p: &Property,
    scalar: TokenStream,
    optional: bool,
    depth: usize,
) -> TokenStream {
    let Std {
        option, vec, boxed, ..
    } = &ctx.std;
    let mut ty = match p.ty.ty {
        Type::Named(target)
            if ctx.names.emitted.contains(&target) && ctx.names.ty(target).any_enum.is_some() =>
        {
            ctx.decoded_item(target, depth)
        }
        _ => scalar,
    };
    if p.ty.collection && p.ty.nullable {
        ty = quote!(#option<#ty>);
    }
    if ctx.boxed.contains(&(t, p.name.clone())) {
        ty = quote!(#boxed<#ty>);
    }
    if p.ty.collection {
        ty = quote!(#vec<#ty>);
    }
    if optional {
        ty = quote!(#option<#ty>);
    }
    ty
}

/// The field of an open type that keeps the members the metadata does not declare, and its
/// `rest` clause in the struct's `structured!` call.
fn additional_properties_field(ctx: &Ctx<'_>) -> Field {
    let string = &ctx.std.string;
    let rt = &ctx.rt;
    let ident = Ident::new(
        crate::naming::names::ADDITIONAL_PROPERTIES,
        proc_macro2::Span::call_site(),
    );
    let docs = doc_lines(&["Members not declared in the metadata (the type is open).".to_owned()]);
    Field {
        field: quote! {
            #docs
            pub #ident: ::std::collections::BTreeMap<#string, #rt::serde_json::Value>
        },
        entry: quote!(rest #ident),
    }
}

/// The attributes of the struct of entity or complex type `t`: its docs (with its base
/// types), derives, and `non_exhaustive`.
fn struct_attrs(ctx: &Ctx<'_>, t: TypeId) -> TokenStream {
    let model = ctx.model;
    let def = model.ty(t);
    let eq = ctx.eq.contains(&t).then(|| quote!(Eq,));
    let kind = if matches!(def.kind, TypeKind::Entity(_)) {
        "Entity type"
    } else {
        "Complex type"
    };
    let mut extra = vec![format!("{kind} `{}`.", def.qualified_name())];
    let chain = model.base_chain(t);
    if chain.len() > 1 {
        let bases: Vec<String> = chain[1..]
            .iter()
            .map(|b| format!("`{}`", model.ty(*b).qualified_name()))
            .collect();
        extra.push(format!(
            "Derived from {}; inherited members are included.",
            bases.join(", ")
        ));
    }
    let mut lines = item_doc_text_with(
        &def.annotations,
        &format!("{kind} `{}`.", def.qualified_name()),
        &extra,
    );
    lines.extend(deprecated_doc_text(&def.annotations));
    let docs = doc_lines(&lines);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, #eq)]
        #[non_exhaustive]
    }
}

/// `<Type>Field::KEY`: the wire names of an entity type's key properties (the first segment
/// of a key path into a complex property), which requests add to every `$select` since a
/// decoded entity needs its key and most servers return exactly what was selected.
fn key_const(ctx: &Ctx<'_>, t: TypeId, field_enum: &RustName) -> TokenStream {
    let mut names: Vec<&str> = Vec::new();
    for part in ctx.model.key(t) {
        let first = part.path[0].as_str();
        if !names.contains(&first) {
            names.push(first);
        }
    }
    quote! {
        impl #field_enum {
            /// The key properties' names on the wire, which `$select` always asks for.
            pub const KEY: &'static [&'static str] = &[#(#names),*];
        }
    }
}

/// A fieldless enum `name` of wire names (`members`: variant and wire name, in order),
/// documented by `doc`, through the runtime's `wire_enum!` (which gives it `as_str`). The
/// field, navigation, sort and expand enums are this shape.
pub fn wire_enum<'a>(
    rt: &TokenStream,
    doc: &str,
    name: &RustName,
    members: impl Iterator<Item = (&'a RustName, &'a str)>,
) -> TokenStream {
    let (variants, wires): (Vec<&RustName>, Vec<&str>) = members.unzip();
    quote! {
        #rt::wire_enum!(#doc, #name { #(#variants = #wires),* });
    }
}

/// The enum of an entity type's navigation properties, for `$expand`.
fn nav_enum(ctx: &Ctx<'_>, t: TypeId) -> TokenStream {
    let Some(nav_enum) = &ctx.names.ty(t).nav_enum else {
        return TokenStream::new();
    };
    let navs = ctx.model.all_navigation_properties(t);
    wire_enum(
        &ctx.rt,
        &format!(
            "The navigation properties of [`{}`], for `$expand`.",
            ctx.names.ty(t).rust.unraw()
        ),
        nav_enum,
        navs.iter().map(|n| {
            (
                &ctx.names.nav_variants[&(t, n.name.clone())],
                n.name.as_str(),
            )
        }),
    )
}

/// How the docs of an `…Any` enum over base type `kind` speak of it: the kind of type,
/// what a value is, and whose `@odata.type` decides.
fn any_words(kind: &TypeKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        TypeKind::Entity(_) => ("Entity type", "An entity", "the entity's"),
        _ => ("Complex type", "A value", "the value's"),
    }
}

/// The enum of an entity or complex type and the types derived from it, decoded by
/// `@odata.type` (see the [`emit`](super) module docs), through the runtime's `any_enum!`:
/// each member's variant, type and qualified name, the base type's variant (what a value
/// without a known type decodes as) and the schema aliases a payload may qualify names by.
fn any_enum(ctx: &Ctx<'_>, t: TypeId, depth: usize) -> TokenStream {
    let Some(any) = &ctx.names.ty(t).any_enum else {
        return TokenStream::new();
    };
    let model = ctx.model;
    let rt = &ctx.rt;
    let mut members: Vec<(TypeId, &RustName)> = ctx
        .names
        .any_variants
        .range((t, TypeId(0))..=(t, TypeId(usize::MAX)))
        .map(|((_, m), v)| (*m, v))
        .collect();
    members.sort_by_key(|(m, _)| model.ty(*m).qualified_name());
    let (kind, _, _) = any_words(&model.ty(t).kind);
    let variants = members.iter().map(|(m, v)| {
        let path = ctx.type_path(*m, depth);
        let qualified = model.ty(*m).qualified_name();
        quote!(#v(#path) = #qualified)
    });
    let base = &ctx.names.any_variants[&(t, t)];
    let aliases = alias_pairs(ctx, &members);
    let (doc, derive) = any_head(ctx, t, &members);
    let serialize_if =
        (!ctx.serializes_always(t)).then(|| quote!(serialize_if feature = "serialize"));
    quote! {
        #rt::any_enum!(
            #doc,
            #derive
            #any(#kind, base #base) { #(#variants),* }
            aliases [#aliases]
            #serialize_if
        );
    }
}

/// `{ item, item, … }` as one group: extending a stream moves each item's tokens where
/// interpolating them (`#(#items,)*`) would copy every identifier and literal, and a
/// group is interpolated by reference. Struct fields and `…Any` variants are most of what a
/// large service's models hold.
fn braced_list(items: impl IntoIterator<Item = TokenStream>) -> Group {
    let mut list = TokenStream::new();
    for item in items {
        list.extend(item);
        list.extend([TokenTree::Punct(Punct::new(',', Spacing::Alone))]);
    }
    Group::new(Delimiter::Brace, list)
}

/// `("alias", "namespace"),` for each schema alias of the members' namespaces: the other
/// name a payload's `@odata.type` may qualify a type by.
fn alias_pairs(ctx: &Ctx<'_>, members: &[(TypeId, &RustName)]) -> TokenStream {
    let namespaces: BTreeSet<&str> = members
        .iter()
        .map(|(m, _)| ctx.model.ty(*m).namespace.as_str())
        .collect();
    let pairs: BTreeSet<(&str, &str)> = ctx
        .model
        .schemas
        .iter()
        .filter(|s| namespaces.contains(s.namespace.as_str()))
        .filter_map(|s| s.alias.as_deref().map(|a| (a, s.namespace.as_str())))
        .filter(|(a, ns)| a != ns)
        .collect();
    let pairs = pairs.iter().map(|(a, ns)| quote!((#a, #ns)));
    quote!(#(#pairs),*)
}

/// The doc text and derives of the `…Any` enum of base type `t` over `members`.
fn any_head(ctx: &Ctx<'_>, t: TypeId, members: &[(TypeId, &RustName)]) -> (String, TokenStream) {
    let base = ctx.model.ty(t);
    let base_name = base.qualified_name();
    let (_, value, its) = any_words(&base.kind);
    let eq = members
        .iter()
        .all(|(m, _)| ctx.eq.contains(m))
        .then(|| quote!(, Eq));
    let rust = ctx.names.ty(t).rust.unraw().to_owned();
    let doc = format!(
        "{value} of type [`{rust}`] or of a type derived from it, as the service sent it.\n\n\
         Decoded by {its} `@odata.type`; without one (the service's declared type), or with a \
         type this client does not know, it is decoded as `{base_name}`."
    );
    (doc, quote!(#[derive(Clone, Debug, PartialEq #eq)]))
}

/// An enumeration type: members, an `Unknown` variant, its member table for the runtime's
/// `EdmEnum`, whose unknown-member methods, `as_str` and serde impls come from the runtime's
/// one-line macros (they are the same in every enumeration).
fn enumeration(ctx: &Ctx<'_>, t: TypeId, e: &EnumType) -> TokenStream {
    let string = &ctx.std.string;
    let rt = &ctx.rt;
    let rust = &ctx.names.ty(t).rust;
    let variants: Vec<&RustName> = e
        .members
        .iter()
        .map(|m| &ctx.names.members[&(t, m.name.clone())])
        .collect();
    let variant_docs = e.members.iter().map(|m| {
        let mut lines = item_doc_text(
            &m.annotations,
            &format!("`{}` (value {}).", m.name, m.value),
        );
        lines.extend(deprecated_doc_text(&m.annotations));
        doc_lines(&lines)
    });
    let table = e.members.iter().zip(&variants).map(|(m, v)| {
        let wire = &m.name;
        // Unsuffixed, and a negative value is a `-` and the magnitude.
        let magnitude = Literal::u64_unsuffixed(m.value.unsigned_abs());
        let value = if m.value < 0 {
            quote!(-#magnitude)
        } else {
            quote!(#magnitude)
        };
        quote!((#wire, #value, Self::#v))
    });
    let allow = variant_names_may_repeat(rust, &variants).then(|| {
        quote! {
            #[allow(
                clippy::enum_variant_names,
                reason = "variant names are the service's member names, which may share a prefix or suffix"
            )]
        }
    });
    let docs = enum_docs(ctx, t, e);
    let qualified = ctx.model.ty(t).qualified_name();
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        #allow
        pub enum #rust {
            #(#variant_docs #variants,)*
            /// A member this client does not know, as received.
            Unknown(#string),
        }

        impl #rt::EdmEnum for #rust {
            const TYPE_NAME: &'static str = #qualified;
            const MEMBERS: &'static [(&'static str, i64, Self)] = &[#(#table),*];
            #rt::enum_unknown!();
        }

        #rt::impl_enum!(#rust);
    }
}

/// The doc attributes of enumeration type `t`.
fn enum_docs(ctx: &Ctx<'_>, t: TypeId, e: &EnumType) -> TokenStream {
    let def = ctx.model.ty(t);
    let rust = &ctx.names.ty(t).rust;
    let qualified = def.qualified_name();
    let kind = if e.is_flags {
        "Flags enumeration type"
    } else {
        "Enumeration type"
    };
    let mut extra = vec![format!("{kind} `{qualified}`.")];
    if e.is_flags {
        extra.push(format!(
            "Values are sets of members: `{}::Flags<{}>`.",
            ctx.rt_text,
            rust.unraw()
        ));
    }
    let mut lines = item_doc_text_with(&def.annotations, &format!("{kind} `{qualified}`."), &extra);
    lines.extend(deprecated_doc_text(&def.annotations));
    doc_lines(&lines)
}

/// Whether clippy's `enum_variant_names` may fire on enumeration `name` with the member
/// `variants` and `Unknown`: it fires when a variant starts or ends with the enum's name,
/// or when all variants share a first or last word (with `Unknown` present, only `Unknown`
/// itself can be shared). An over-approximation: the `allow` is written only where needed,
/// and never missing where clippy would warn.
fn variant_names_may_repeat(name: &RustName, variants: &[&RustName]) -> bool {
    let name = name.unraw();
    let plain = || variants.iter().map(|v| v.unraw());
    let repeats_name = plain().any(|v| v.starts_with(name) || v.ends_with(name));
    let all_share = |word_at: fn(&str) -> bool| !variants.is_empty() && plain().all(word_at);
    repeats_name
        || all_share(|v| {
            v.strip_prefix("Unknown")
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_uppercase))
        })
        || all_share(|v| v.ends_with("Unknown"))
}

/// A type definition: a newtype over its underlying primitive.
fn definition(ctx: &Ctx<'_>, t: TypeId, d: &TypeDefinition) -> TokenStream {
    let rt = &ctx.rt;
    let def = ctx.model.ty(t);
    let rust = &ctx.names.ty(t).rust;
    let scalar = ctx.primitive(&d.underlying);
    let ty = scalar.tokens;
    let with = scalar.edm.then(|| quote!(#[serde(with = "rt::edm")]));
    let eq = ctx.eq.contains(&t).then(|| quote!(Eq,));
    let serde_crate = &ctx.serde_crate;
    let extra = vec![format!(
        "Type definition `{}` (`Edm.{}`).",
        def.qualified_name(),
        d.underlying.edm_name()
    )];
    let docs = item_docs_with(
        &def.annotations,
        &format!("Type definition `{}`.", def.qualified_name()),
        &extra,
    );
    let dep = deprecated_doc(&def.annotations);
    quote! {
        #docs
        #dep
        #[derive(Clone, Debug, PartialEq, #eq #rt::serde::Serialize, #rt::serde::Deserialize)]
        #[serde(crate = #serde_crate, transparent)]
        pub struct #rust(#with pub #ty);
    }
}

/// The doc paragraph of a property kept as untyped JSON: the type the document names, which
/// the generator could not resolve (a warning said why).
fn untyped_doc_text(type_name: &str) -> Vec<String> {
    // The name is document text: cleaned like a description, so it stays plain text.
    let name = super::docs::clean(type_name).join(" ");
    vec![
        String::new(),
        format!(
            "Untyped JSON: the document gives its type as {name}, which could not be resolved."
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::variant_names_may_repeat;
    use crate::naming::RustName;
    use crate::naming::ident::validate;

    /// Enums clippy's `enum_variant_names` fires on (a variant starting or ending with the
    /// enum's name: `Color`, `Shape`, `Tone`) keep the `allow`, and so do variants that all
    /// share `Unknown`'s word (the over-approximation: today's clippy does not fire there);
    /// variants that share a prefix only among themselves need none, `Unknown` shares it not.
    #[test]
    fn allow_only_where_clippy_may_fire() {
        let ident = |s: &str| validate(s).unwrap();
        let cases = [
            ("Color", &["ColorRed", "Blue"][..], true),
            ("Shape", &["Round", "SquareShape"][..], true),
            ("Zed", &["UnknownA", "UnknownB"][..], true),
            ("Zed", &["AUnknown", "BUnknown"][..], true),
            ("Platform", &["WindowsA", "WindowsB", "WindowsC"][..], false),
            (
                "TermGroupScope",
                &["Global", "System", "SiteCollection"][..],
                false,
            ),
            ("Tone", &["Tone1", "Tone2"][..], true),
            ("Empty", &[][..], false),
        ];
        for (name, variants, want) in cases {
            let variants: Vec<RustName> = variants.iter().map(|v| ident(v)).collect();
            let refs: Vec<&RustName> = variants.iter().collect();
            assert_eq!(
                variant_names_may_repeat(&ident(name), &refs),
                want,
                "{name}: {variants:?}"
            );
        }
    }
}
