//! Named types → Rust items, one private module (file) per type, re-exported by `models`
//! (or by one module per namespace when the types span several).

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Ident, Item};

use crate::naming::RustName;

use super::docs::{
    deprecated_doc as deprecated, deprecated_doc_text, doc_attrs, doc_lines, item_doc_text,
    item_doc_text_with, item_docs_with,
};
use super::prelude::Std;
use super::{Body, Ctx, Module, TypeModule, syntax};
use crate::model::{
    EnumType, NavigationProperty, Property, Type, TypeDefinition, TypeId, TypeKind,
};
use crate::naming::ident::unraw;

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

/// The body of the module of type `t`: the type, and its field, navigation and `…Any` enums.
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
    match &ctx.model.ty(t).kind {
        TypeKind::Entity(_) | TypeKind::Complex(_) => structured(ctx, t, depth),
        TypeKind::Enum(e) => enumeration(ctx, t, e),
        TypeKind::Definition(d) => syntax::parse(definition(ctx, t, d)),
    }
}

/// `rename = "wire"` when the Rust name differs.
fn rename(ident: &RustName, wire: &str, camel_case: bool) -> Option<TokenStream> {
    let text = ident.to_string();
    let derived = if camel_case {
        serde_camel_case(unraw(&text))
    } else {
        unraw(&text).to_owned()
    };
    (derived != wire).then(|| quote!(rename = #wire))
}

/// The name serde's `rename_all = "camelCase"` gives a field (serde's own rule: drop each
/// `_` and capitalise the letter after it), so a field whose wire name it yields needs no
/// `rename` of its own.
fn serde_camel_case(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut capitalize = false;
    for ch in field.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            out.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            out.push(ch);
        }
    }
    out
}

/// Whether a struct with these (field, wire name) members reads best with
/// `rename_all = "camelCase"`: it does when that spares more `rename`s than it costs.
fn camel_case_pays<'a>(members: impl Iterator<Item = (&'a RustName, &'a str)>) -> bool {
    let mut saved = 0i64;
    for (ident, wire) in members {
        let text = ident.to_string();
        let plain = unraw(&text);
        match (plain == wire, serde_camel_case(plain) == wire) {
            (false, true) => saved += 1,
            (true, false) => saved -= 1,
            _ => {}
        }
    }
    saved > 0
}

/// The field of a navigation property, `Option<rt::Expanded<Target>>` (or
/// `Option<rt::Expanded<Vec<Target>>>`): present when expanded. The runtime's `Expanded`
/// states its auto traits instead of deriving them from `Target`, so proving a model `Send`
/// (for `stream()`, or a user's `tokio::spawn`) stops at its navigation fields; held
/// directly (`Box<Target>`), the proof walked from type to type through a densely linked
/// service and overflowed the recursion limit (`E0275`, Dataverse).
fn navigation_field(
    ctx: &Ctx<'_>,
    t: TypeId,
    n: &NavigationProperty,
    camel_case: bool,
    depth: usize,
) -> syn::Result<syn::Field> {
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
    let mut serde = Vec::new();
    serde.extend(rename(ident, &n.name, camel_case));
    serde.push(quote!(skip_serializing_if = "rt::is_none"));
    let mut lines = item_doc_text(
        &n.annotations,
        &format!("Navigation property `{}`, present when expanded.", n.name),
    );
    lines.extend(deprecated_doc_text(&n.annotations));
    let mut attrs = doc_attrs(&lines);
    serde_attr(&serde, &mut attrs);
    Ok(syntax::field(
        attrs,
        ident.ident(),
        syntax::ty(quote!(#option<#rt::Expanded<#value>>))?,
    ))
}

/// `#[serde(args)]`, or nothing without arguments.
fn serde_attr(args: &[TokenStream], attrs: &mut Vec<syn::Attribute>) {
    if !args.is_empty() {
        attrs.push(syntax::list("serde", quote!(#(#args),*)));
    }
}

/// An entity or complex type: a struct with every member of its base chain (built as a
/// syntax tree, see [`syntax`]), and its enums.
fn structured(ctx: &Ctx<'_>, t: TypeId, depth: usize) -> syn::Result<Vec<Item>> {
    let model = ctx.model;
    let names = ctx.names.ty(t);
    let is_entity = matches!(model.ty(t).kind, TypeKind::Entity(_));
    let key: Vec<String> = model
        .key(t)
        .iter()
        .filter(|k| k.path.len() == 1)
        .map(|k| k.path[0].clone())
        .collect();
    let mut fields = Punctuated::new();
    let properties = model.all_properties(t);
    let navigations = model.all_navigation_properties(t);
    let members = properties
        .iter()
        .map(|p| p.name.as_str())
        .chain(navigations.iter().map(|n| n.name.as_str()));
    let camel_case = camel_case_pays(members.map(|wire| (ctx.names.member(t, wire), wire)));
    for p in &properties {
        let is_key = is_entity && key.contains(&p.name);
        fields.push(property_field(
            ctx, t, p, is_entity, is_key, camel_case, depth,
        )?);
    }
    for n in navigations {
        fields.push(navigation_field(ctx, t, n, camel_case, depth)?);
    }
    let open = model
        .base_chain(t)
        .iter()
        .any(|b| model.ty(*b).structured().is_some_and(|s| s.open_type));
    if open {
        fields.push(additional_properties_field(ctx)?);
    }
    let mut items = vec![syntax::named_struct(
        struct_attrs(ctx, t, camel_case),
        names.rust.ident(),
        fields,
    )];
    if let Some(field_enum) = &names.field_enum {
        items.extend(wire_enum(
            ctx,
            &format!(
                "The structural properties of [`{}`], for `$select` (and `$orderby` where a request offers `order_by`).",
                unraw(&names.rust.to_string())
            ),
            field_enum,
            "The property's name on the wire.",
            properties
                .iter()
                .map(|p| (&ctx.names.fields[&(t, p.name.clone())], p.name.as_str())),
        )?);
        if is_entity {
            items.push(key_const(ctx, t, field_enum)?);
        }
        items.extend(nav_enum(ctx, t)?);
    }
    items.extend(any_enum(ctx, t, depth)?);
    Ok(items)
}

/// The field of structural property `p` of `t`. Every non-key property of an entity is an
/// `Option` (a `$select` leaves it out); a complex type's are as nullable as declared.
fn property_field(
    ctx: &Ctx<'_>,
    t: TypeId,
    p: &Property,
    is_entity: bool,
    is_key: bool,
    camel_case: bool,
    depth: usize,
) -> syn::Result<syn::Field> {
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
    let ty = property_type(ctx, t, p, scalar.tokens, optional, depth)?;
    let mut serde = Vec::new();
    serde.extend(rename(ident, &p.name, camel_case));
    if edm {
        serde.push(quote!(with = "rt::edm"));
    }
    // serde decodes a missing `Option` as `None` by itself, but not through `with`.
    if (optional && edm) || (!optional && p.ty.collection && !is_key) {
        serde.push(quote!(default));
    }
    if optional {
        serde.push(quote!(skip_serializing_if = "rt::is_none"));
    }
    let mut lines = item_doc_text(&p.annotations, &format!("Property `{}`.", p.name));
    lines.extend(deprecated_doc_text(&p.annotations));
    if let Type::Opaque(name) = &p.ty.ty {
        lines.extend(untyped_doc_text(name));
    }
    let mut attrs = doc_attrs(&lines);
    serde_attr(&serde, &mut attrs);
    Ok(syntax::field(attrs, ident.ident(), ty))
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
) -> syn::Result<syn::Type> {
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
    syntax::ty(ty)
}

/// The field of an open type that keeps the members the metadata does not declare.
fn additional_properties_field(ctx: &Ctx<'_>) -> syn::Result<syn::Field> {
    let string = &ctx.std.string;
    let rt = &ctx.rt;
    let ident = Ident::new(
        crate::naming::names::ADDITIONAL_PROPERTIES,
        proc_macro2::Span::call_site(),
    );
    let mut attrs =
        doc_attrs(&["Members not declared in the metadata (the type is open).".to_owned()]);
    attrs.push(syntax::list("serde", quote!(flatten)));
    Ok(syntax::field(
        attrs,
        ident,
        syntax::ty(quote!(::std::collections::BTreeMap<#string, #rt::serde_json::Value>))?,
    ))
}

/// The attributes of the struct of entity or complex type `t`: its docs (with its base
/// types), derives and serde settings, and `non_exhaustive`.
fn struct_attrs(ctx: &Ctx<'_>, t: TypeId, camel_case: bool) -> Vec<syn::Attribute> {
    let model = ctx.model;
    let rt = &ctx.rt;
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
    let mut attrs = doc_attrs(&lines);
    if ctx.serializes_always(t) {
        attrs.push(syntax::list(
            "derive",
            quote!(Clone, Debug, PartialEq, #eq #rt::serde::Serialize, #rt::serde::Deserialize),
        ));
    } else {
        attrs.push(syntax::list(
            "derive",
            quote!(Clone, Debug, PartialEq, #eq #rt::serde::Deserialize),
        ));
        attrs.push(syntax::list(
            "cfg_attr",
            quote!(feature = "serialize", derive(#rt::serde::Serialize)),
        ));
    }
    let serde_crate = &ctx.serde_crate;
    let rename_all = camel_case.then(|| quote!(, rename_all = "camelCase"));
    attrs.push(syntax::list(
        "serde",
        quote!(crate = #serde_crate #rename_all),
    ));
    attrs.push(syntax::word("non_exhaustive"));
    attrs
}

/// `<Type>Field::KEY`: the wire names of an entity type's key properties (the first segment
/// of a key path into a complex property), which requests add to every `$select` since a
/// decoded entity needs its key and most servers return exactly what was selected.
fn key_const(ctx: &Ctx<'_>, t: TypeId, field_enum: &RustName) -> syn::Result<Item> {
    let mut names: Vec<&str> = Vec::new();
    for part in ctx.model.key(t) {
        let first = part.path[0].as_str();
        if !names.contains(&first) {
            names.push(first);
        }
    }
    syn::parse2(quote! {
        impl #field_enum {
            /// The key properties' names on the wire, which `$select` always asks for.
            pub const KEY: &'static [&'static str] = &[#(#names),*];
        }
    })
}

/// A fieldless enum `name` of wire names (`members`: variant and wire name, in order),
/// documented by `doc`, with `as_str` (documented by `as_str_doc`) mapping a variant to its
/// name through a table indexed by the variant. The field, navigation, sort and expand
/// enums are all this shape; the enum and the table are built as syntax trees.
pub fn wire_enum<'a>(
    ctx: &Ctx<'_>,
    doc: &str,
    name: &RustName,
    as_str_doc: &str,
    members: impl Iterator<Item = (&'a RustName, &'a str)>,
) -> syn::Result<Vec<Item>> {
    let (variants, wires): (Vec<&RustName>, Vec<&str>) = members.unzip();
    let mut attrs = doc_attrs(&[doc.to_owned()]);
    attrs.push(syntax::list(
        "derive",
        quote!(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash),
    ));
    attrs.push(syntax::word("non_exhaustive"));
    let enumeration = syntax::unit_enum(
        attrs,
        name.ident(),
        variants
            .iter()
            .zip(&wires)
            .map(|(v, w)| (doc_attrs(&[format!("`{w}`")]), v.ident())),
    );
    // `as_str` is parsed once per thread (naming the enum `Enum`, its table empty) and the
    // clone gets the name and the table.
    let key = format!("wire_enum {} {as_str_doc}", wires.is_empty());
    let template = ctx.templates.get(&key, || {
        let as_str_doc = doc_lines(&[as_str_doc.to_owned()]);
        let body = if wires.is_empty() {
            quote!(match self {})
        } else {
            quote! {
                const NAMES: [&str; 0] = [];
                NAMES[self as usize]
            }
        };
        quote! {
            impl Enum {
                #as_str_doc
                pub const fn as_str(self) -> &'static str {
                    #body
                }
            }
        }
    })?;
    let Some(Item::Impl(mut imp)) = template.into_iter().next() else {
        return Err(syn::Error::new(
            proc_macro2::Span::call_site(),
            "template `wire_enum` is not an impl",
        ));
    };
    *imp.self_ty = syntax::path_ty(name.ident());
    if let Some(syn::ImplItem::Fn(f)) = imp.items.first_mut()
        && let Some(syn::Stmt::Item(Item::Const(table))) = f.block.stmts.first_mut()
    {
        if let syn::Type::Array(array) = &mut *table.ty {
            array.len = syntax::literal(syn::Lit::Int(syn::LitInt::from(
                Literal::usize_unsuffixed(wires.len()),
            )));
        }
        *table.expr = syn::Expr::Array(syn::ExprArray {
            attrs: Vec::new(),
            bracket_token: Default::default(),
            elems: wires.iter().map(|w| syntax::str_expr(w)).collect(),
        });
    }
    Ok(vec![enumeration, Item::Impl(imp)])
}

/// The enum of an entity type's navigation properties, for `$expand`.
fn nav_enum(ctx: &Ctx<'_>, t: TypeId) -> syn::Result<Vec<Item>> {
    let Some(nav_enum) = &ctx.names.ty(t).nav_enum else {
        return Ok(Vec::new());
    };
    let navs = ctx.model.all_navigation_properties(t);
    wire_enum(
        ctx,
        &format!(
            "The navigation properties of [`{}`], for `$expand`.",
            unraw(&ctx.names.ty(t).rust.to_string())
        ),
        nav_enum,
        "The navigation property's name on the wire.",
        navs.iter().map(|n| {
            (
                &ctx.names.nav_variants[&(t, n.name.clone())],
                n.name.as_str(),
            )
        }),
    )
}

/// The enum of an entity or complex type and the types derived from it, decoded by
/// `@odata.type` (see the [`emit`](super) module docs): a skeleton parsed with the base
/// variant alone, into which the built variants and match arms go (a widely derived base has
/// hundreds).
fn any_enum(ctx: &Ctx<'_>, t: TypeId, depth: usize) -> syn::Result<Vec<Item>> {
    let Some(any) = &ctx.names.ty(t).any_enum else {
        return Ok(Vec::new());
    };
    let model = ctx.model;
    let mut members: Vec<(TypeId, &RustName)> = ctx
        .names
        .any_variants
        .range((t, TypeId(0))..=(t, TypeId(usize::MAX)))
        .map(|((_, m), v)| (*m, v))
        .collect();
    members.sort_by_key(|(m, _)| model.ty(*m).qualified_name());
    let parts = AnyParts::of(ctx, t, &members, depth)?;
    let mut items = any_skeleton(ctx, t, any, &members)?;
    parts.fill(&mut items);
    Ok(items)
}

/// How the docs of an `…Any` enum over base type `kind` speak of it: the kind of type,
/// what a value is, and whose `@odata.type` decides.
fn any_words(kind: &TypeKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        TypeKind::Entity(_) => ("Entity type", "An entity", "the entity's"),
        _ => ("Complex type", "A value", "the value's"),
    }
}

/// The `…Any` enum of base type `t` and its impls, with only what does not grow with the
/// `members` (variant and type, in order): the enum without variants, `type_name` matching
/// nothing, and `Deserialize` falling back to the base type.
fn any_skeleton(
    ctx: &Ctx<'_>,
    t: TypeId,
    any: &RustName,
    members: &[(TypeId, &RustName)],
) -> syn::Result<Vec<Item>> {
    let result = &ctx.std.result;
    let rt = &ctx.rt;
    let base = ctx.model.ty(t);
    let base_name = base.qualified_name();
    let (_, value, its) = any_words(&base.kind);
    let eq = members
        .iter()
        .all(|(m, _)| ctx.eq.contains(m))
        .then(|| quote!(Eq,));
    let serde_crate = &ctx.serde_crate;
    let base_variant = members
        .iter()
        .find(|(m, _)| *m == t)
        .map(|(_, v)| *v)
        .expect("the base type is a member");
    let type_name_doc = doc_lines(&[format!("The qualified name of {its} type.")]);
    let rust = unraw(&ctx.names.ty(t).rust.to_string()).to_owned();
    let doc = doc_lines(&[
        format!("{value} of type [`{rust}`] or of a type derived from it, as the service sent it."),
        String::new(),
        format!(
            "Decoded by {its} `@odata.type`; without one (the service's declared type), or with a type this client does not know, it is decoded as `{base_name}`."
        ),
    ]);
    // Without `Serialize` the enum has no serde derive, so its `serde` attribute goes too.
    let derive = if ctx.serializes_always(t) {
        quote! {
            #[derive(Clone, Debug, PartialEq, #eq #rt::serde::Serialize)]
            #[serde(crate = #serde_crate, untagged)]
        }
    } else {
        quote! {
            #[derive(Clone, Debug, PartialEq, #eq)]
            #[cfg_attr(feature = "serialize", derive(#rt::serde::Serialize), serde(crate = #serde_crate, untagged))]
        }
    };
    syntax::parse(quote! {
        #doc
        #derive
        #[non_exhaustive]
        pub enum #any {}

        impl #any {
            #type_name_doc
            pub const fn type_name(&self) -> &'static str {
                match self {}
            }
        }

        impl<'de> #rt::serde::Deserialize<'de> for #any {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = <#rt::TypedValue as #rt::serde::Deserialize>::deserialize(deserializer)?;
                match value.type_name() {
                    _ => value.into_type().map(Self::#base_variant),
                }
            }
        }
    })
}

/// What an `…Any` enum adds to its skeleton per member, built as syntax trees.
struct AnyParts {
    /// One variant per member, boxing the member's type.
    variants: Vec<syn::Variant>,
    /// `Self::V(_) => "ns.T",` per member, for `type_name`.
    name_arms: Vec<syn::Arm>,
    /// Per derived member, the pattern of the names a payload may give it
    /// (`Some("ns.T" | "alias.T")`) and its variant, for `Deserialize`.
    de_arms: Vec<(syn::Pat, syn::Path)>,
}

impl AnyParts {
    /// The parts of the `…Any` enum of base type `t` over `members` (variant and type).
    fn of(
        ctx: &Ctx<'_>,
        t: TypeId,
        members: &[(TypeId, &RustName)],
        depth: usize,
    ) -> syn::Result<AnyParts> {
        let Std { some, boxed, .. } = &ctx.std;
        let model = ctx.model;
        let (kind, _, _) = any_words(&model.ty(t).kind);
        let some: syn::Path = syn::parse2(some.clone())?;
        let mut parts = AnyParts {
            variants: Vec::new(),
            name_arms: Vec::new(),
            de_arms: Vec::new(),
        };
        for (m, v) in members {
            let qualified = model.ty(*m).qualified_name();
            let path = ctx.type_path(*m, depth);
            let doc = if *m == t {
                doc_attrs(&[format!(
                    "{kind} `{qualified}`, also for a derived type this client does not know."
                )])
            } else {
                doc_attrs(&[format!("{kind} `{qualified}`.")])
            };
            parts.variants.push(syn::Variant {
                attrs: doc,
                ident: v.ident(),
                fields: syn::Fields::Unnamed(syn::FieldsUnnamed {
                    paren_token: Default::default(),
                    unnamed: [syn::Field {
                        attrs: Vec::new(),
                        vis: syn::Visibility::Inherited,
                        mutability: syn::FieldMutability::None,
                        ident: None,
                        colon_token: None,
                        ty: syntax::ty(quote!(#boxed<#path>))?,
                    }]
                    .into_iter()
                    .collect(),
                }),
                discriminant: None,
            });
            let wild = syn::Pat::Wild(syn::PatWild {
                attrs: Vec::new(),
                underscore_token: Default::default(),
            });
            parts.name_arms.push(match_arm(
                tuple_pattern(syntax::self_variant(&v.ident()), wild),
                syntax::str_expr(&qualified),
            ));
            if *m != t {
                let names = tuple_pattern(some.clone(), wire_names_pattern(ctx, *m));
                parts
                    .de_arms
                    .push((names, syntax::self_variant(&v.ident())));
            }
        }
        Ok(parts)
    }

    /// Puts the variants and arms into the parsed skeleton of [`any_skeleton`]; each
    /// `Deserialize` arm is the fallback's body (`value.into_type().map(Self::Base)`) for its
    /// variant, and the fallback stays last.
    fn fill(self, items: &mut [Item]) {
        let [
            Item::Enum(enumeration),
            Item::Impl(names_impl),
            Item::Impl(de_impl),
        ] = items
        else {
            return;
        };
        enumeration.variants = self.variants.into_iter().collect();
        if let Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) =
            first_fn_stmts(names_impl).first_mut()
        {
            m.arms = self.name_arms;
        }
        if let Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) = first_fn_stmts(de_impl).last_mut()
            && let Some(fallback) = m.arms.pop()
        {
            for (pat, variant) in self.de_arms {
                let mut body = (*fallback.body).clone();
                if let syn::Expr::MethodCall(call) = &mut body
                    && let Some(arg) = call.args.first_mut()
                {
                    *arg = syntax::path_expr(variant);
                }
                m.arms.push(match_arm(pat, body));
            }
            m.arms.push(fallback);
        }
    }
}

/// The pattern of the names a payload may give type `m` in `@odata.type`: its name
/// qualified by its namespace or by its schema's alias (`"ns.T" | "alias.T"`).
fn wire_names_pattern(ctx: &Ctx<'_>, m: TypeId) -> syn::Pat {
    let model = ctx.model;
    let def = model.ty(m);
    let mut wire = vec![def.qualified_name()];
    wire.extend(
        model
            .schemas
            .iter()
            .filter(|s| s.namespace == def.namespace)
            .filter_map(|s| s.alias.as_ref())
            .map(|a| format!("{a}.{}", def.name)),
    );
    wire.dedup();
    let mut names: Vec<syn::Pat> = wire
        .iter()
        .map(|w| {
            syn::Pat::Lit(syn::PatLit {
                attrs: Vec::new(),
                lit: syn::Lit::Str(syn::LitStr::new(w, proc_macro2::Span::call_site())),
            })
        })
        .collect();
    if names.len() == 1 {
        names.remove(0)
    } else {
        syn::Pat::Or(syn::PatOr {
            attrs: Vec::new(),
            leading_vert: None,
            cases: names.into_iter().collect(),
        })
    }
}

/// The match arm `pat => body,`.
fn match_arm(pat: syn::Pat, body: syn::Expr) -> syn::Arm {
    syn::Arm {
        attrs: Vec::new(),
        pat,
        guard: None,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    }
}

/// The tuple struct pattern `path(elem)`.
fn tuple_pattern(path: syn::Path, elem: syn::Pat) -> syn::Pat {
    syn::Pat::TupleStruct(syn::PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        paren_token: Default::default(),
        elems: [elem].into_iter().collect(),
    })
}

/// The statements of the first method of `imp`.
fn first_fn_stmts(imp: &mut syn::ItemImpl) -> &mut [syn::Stmt] {
    match imp.items.first_mut() {
        Some(syn::ImplItem::Fn(f)) => &mut f.block.stmts,
        _ => &mut [],
    }
}

/// An enumeration type: members, an `Unknown` variant, and the runtime's enum traits. The
/// enum and the member table are built as syntax trees (see [`syntax`]); the impls are a
/// template naming the enum `Enum`, whose name, wire name and members are set in the clone.
fn enumeration(ctx: &Ctx<'_>, t: TypeId, e: &EnumType) -> syn::Result<Vec<Item>> {
    let rust = &ctx.names.ty(t).rust;
    let mut items = vec![enum_item(ctx, t, e)?];
    items.extend(enum_impls(ctx)?);
    let table = member_table(ctx, t, e);
    fill_enum_impls(
        &mut items[1..],
        rust,
        &ctx.model.ty(t).qualified_name(),
        table,
        e.members.is_empty(),
    );
    Ok(items)
}

/// The enum of enumeration type `t`: one variant per member, and `Unknown`.
fn enum_item(ctx: &Ctx<'_>, t: TypeId, e: &EnumType) -> syn::Result<Item> {
    let string = &ctx.std.string;
    let def = ctx.model.ty(t);
    let rust = &ctx.names.ty(t).rust;
    let qualified = def.qualified_name();
    let variants = e.members.iter().map(|m| {
        let mut lines = item_doc_text(
            &m.annotations,
            &format!("`{}` (value {}).", m.name, m.value),
        );
        lines.extend(deprecated_doc_text(&m.annotations));
        (
            doc_attrs(&lines),
            ctx.names.members[&(t, m.name.clone())].ident(),
        )
    });
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
            unraw(&rust.to_string())
        ));
    }
    let mut lines = item_doc_text_with(&def.annotations, &format!("{kind} `{qualified}`."), &extra);
    lines.extend(deprecated_doc_text(&def.annotations));
    let mut attrs = doc_attrs(&lines);
    attrs.push(syntax::list(
        "derive",
        quote!(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash),
    ));
    attrs.push(syntax::word("non_exhaustive"));
    attrs.push(syntax::list(
        "allow",
        quote!(
            clippy::enum_variant_names,
            reason =
                "variant names are the service's member names, which may share a prefix or suffix"
        ),
    ));
    let mut enumeration = syntax::unit_enum(attrs, rust.ident(), variants);
    if let Item::Enum(en) = &mut enumeration {
        en.variants.push(syn::parse2(quote! {
            /// A member this client does not know, as received.
            Unknown(#string)
        })?);
    }
    Ok(enumeration)
}

/// The impls of an enumeration type, as a template for the enum `Enum` with an empty type
/// name and member table, parsed once per thread.
fn enum_impls(ctx: &Ctx<'_>) -> syn::Result<Vec<Item>> {
    let Std {
        option,
        some,
        none,
        string,
        ..
    } = &ctx.std;
    let rt = &ctx.rt;
    let key = format!("enumeration {string} {option} {some} {none}");
    ctx.templates.get(&key, || {
        quote! {
            impl Enum {
                /// The member's name on the wire.
                pub fn as_str(&self) -> &str {
                    #rt::EdmEnum::as_str(self)
                }
            }

            impl #rt::EdmEnum for Enum {
                const TYPE_NAME: &'static str = "";
                const MEMBERS: &'static [(&'static str, i64, Self)] = &[];

                fn unknown(name: #string) -> Self {
                    Self::Unknown(name)
                }

                fn unknown_name(&self) -> #option<&str> {
                    match self {
                        Self::Unknown(name) => #some(name),
                        _ => #none,
                    }
                }
            }

            #rt::impl_enum_serde!(Enum);
        }
    })
}

/// The member table of enumeration type `t`: `[(wire, value, Self::Variant), …]`.
fn member_table(ctx: &Ctx<'_>, t: TypeId, e: &EnumType) -> syn::Expr {
    let table = e.members.iter().map(|m| {
        // A negative literal is a `-` and the magnitude.
        let magnitude = syntax::literal(syn::Lit::Int(syn::LitInt::from(Literal::u64_unsuffixed(
            m.value.unsigned_abs(),
        ))));
        let value = if m.value < 0 {
            syn::Expr::Unary(syn::ExprUnary {
                attrs: Vec::new(),
                op: syn::UnOp::Neg(Default::default()),
                expr: Box::new(magnitude),
            })
        } else {
            magnitude
        };
        let variant = &ctx.names.members[&(t, m.name.clone())];
        syn::Expr::Tuple(syn::ExprTuple {
            attrs: Vec::new(),
            paren_token: Default::default(),
            elems: [
                syntax::str_expr(&m.name),
                value,
                syntax::path_expr(syntax::self_variant(&variant.ident())),
            ]
            .into_iter()
            .collect(),
        })
    });
    syn::Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: table.collect(),
    })
}

/// Sets the enum `rust`, its `qualified` name and its member `table` in the cloned
/// [`enum_impls`]; an enum without members has no other variant for `unknown_name` to match.
fn fill_enum_impls(
    impls: &mut [Item],
    rust: &RustName,
    qualified: &str,
    table: syn::Expr,
    no_members: bool,
) {
    let mut table = Some(table);
    let self_ty = syntax::path_ty(rust.ident());
    for item in impls {
        match item {
            Item::Impl(imp) => {
                *imp.self_ty = self_ty.clone();
                for member in &mut imp.items {
                    match member {
                        syn::ImplItem::Const(c) if c.ident == "TYPE_NAME" => {
                            c.expr = syntax::str_expr(qualified);
                        }
                        syn::ImplItem::Const(c) if c.ident == "MEMBERS" => {
                            if let syn::Expr::Reference(reference) = &mut c.expr
                                && let Some(table) = table.take()
                            {
                                *reference.expr = table;
                            }
                        }
                        syn::ImplItem::Fn(f) if f.sig.ident == "unknown_name" && no_members => {
                            if let Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) =
                                f.block.stmts.first_mut()
                            {
                                m.arms.pop();
                            }
                        }
                        _ => {}
                    }
                }
            }
            Item::Macro(m) => m.mac.tokens = quote!(#rust),
            _ => {}
        }
    }
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
    let dep = deprecated(&def.annotations);
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
