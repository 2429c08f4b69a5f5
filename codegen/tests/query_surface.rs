//! The API listing states what each set's generated module offers: for every edge and
//! Intune fixture, the listing's `filter`, `orderby`, `expandable`, `navigable`, `query` and
//! `by-key` facts of each entity set and singleton equal what is read back from the
//! generated code (the `Filter` methods, the `SortField` and `ExpandField` names, the
//! navigation accessors, the request methods, and the runtime surface traits the set's handle
//! implements, which give the runtime's `ListRequest` and `GetRequest` their methods). Both
//! come from one query surface per set, so the contract diff never reports a change the code
//! does not have.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use odata_codegen::{Config, ItemKind, LoadOptions, Surface, load};
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

/// What one set's module offers, read from its items.
#[derive(Debug, Default)]
struct Offered {
    /// Wire names the `Filter` methods build paths for.
    filter: BTreeSet<String>,
    /// Wire names of `SortField`.
    sort: BTreeSet<String>,
    /// Wire names of `ExpandField`, when the module has one.
    expand_field: Option<BTreeSet<String>>,
    /// Wire names the `GetRequest`'s navigation accessors navigate.
    navigable: BTreeSet<String>,
    /// Method names of `ListRequest`.
    list: BTreeSet<String>,
    /// Method names of `GetRequest`.
    get: BTreeSet<String>,
    /// Whether the handle's `get` takes a key.
    by_key: bool,
}

#[test]
fn listing_states_what_each_set_module_offers() {
    let mut sets = 0;
    for path in &common::fixtures() {
        sets += check_fixture(path);
    }
    assert!(sets > 40, "only {sets} sets checked");
}

/// Compares the listing of `path` with its generated code, set by set; returns how many
/// sets it compared.
fn check_fixture(path: &Path) -> usize {
    let (model, _) = load(path, &LoadOptions::default());
    let Some(model) = model else {
        panic!("{} does not load", path.display())
    };
    let surface = Surface::of(&model, &Default::default());
    let files = Config::new()
        .render(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let code: syn::File = syn::parse_str(&files[0].1).expect("generated code parses");
    let mut count = 0;
    for ((kind, wire), facts) in &surface.items {
        let label = match kind {
            ItemKind::EntitySet => "Entity set",
            ItemKind::Singleton => "Singleton",
            _ => continue,
        };
        let module = find_module(
            &code.items,
            &format!("{label} `{wire}`: its request surface."),
        )
        .unwrap_or_else(|| panic!("{}: no module for {wire}", path.display()));
        let mut offered = offered(module);
        if let Some(shared) = shared_get_request(module) {
            // The type's own entity request.
            let target = find_path(&code.items, &shared)
                .unwrap_or_else(|| panic!("{}: {wire}: no module {shared:?}", path.display()));
            let own = offered_by(target, "EntityRequest");
            offered.navigable = own.navigable;
            offered.get = own.get;
            // `expand` names something only when the type has navigation properties.
            if members(&surface, ItemKind::NavigationProperty, &facts["type"]).is_empty() {
                offered.get.remove("expand");
            }
        }
        if let Some(shared) = shared_filter(module) {
            // The type's own navigation `Filter`, re-exported.
            let target = find_path(&code.items, &shared)
                .unwrap_or_else(|| panic!("{}: {wire}: no module {shared:?}", path.display()));
            offered.filter = offered_by(target, "EntityRequest").filter;
        }
        let ty = &facts["type"];
        let at = format!("{}: {wire}", path.display());
        let fact = |name: &str| facts.get(name).map_or("none", String::as_str);
        let props = members(&surface, ItemKind::Property, ty);
        let navs = members(&surface, ItemKind::NavigationProperty, ty);
        assert_eq!(
            expand(fact("filter"), &props),
            offered.filter,
            "{at}: filter"
        );
        if *kind == ItemKind::EntitySet {
            assert_eq!(
                expand(fact("orderby"), &props),
                offered.sort,
                "{at}: orderby"
            );
            assert_eq!(fact("by-key") != "no", offered.by_key, "{at}: by-key");
        }
        let expandable = match &offered.expand_field {
            Some(names) => names.clone(),
            None if offered.get.contains("expand") || offered.list.contains("expand") => {
                navs.clone()
            }
            None => BTreeSet::new(),
        };
        assert_eq!(
            expand(fact("expandable"), &navs),
            expandable,
            "{at}: expandable"
        );
        assert_eq!(
            expand(fact("navigable"), &navs),
            offered.navigable,
            "{at}: navigable"
        );
        assert_eq!(facts["query"], query(&offered), "{at}: query");
        count += 1;
    }
    count
}

/// The names a listing fact stands for: `all` of `every`, `none`, or the listed ones.
fn expand(fact: &str, every: &BTreeSet<String>) -> BTreeSet<String> {
    match fact {
        "all" => every.clone(),
        "none" => BTreeSet::new(),
        list => list.split(',').map(str::to_owned).collect(),
    }
}

/// The names of the members of `kind` the listing gives entity type `ty` and its bases.
fn members(surface: &Surface, kind: ItemKind, ty: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut next = Some(ty.to_owned());
    while let Some(t) = next {
        let prefix = format!("{t}/");
        out.extend(
            surface
                .items
                .keys()
                .filter(|(k, p)| *k == kind && p.starts_with(&prefix))
                .map(|(_, p)| p[prefix.len()..].to_owned()),
        );
        next = surface
            .items
            .get(&(ItemKind::EntityType, t))
            .and_then(|f| f.get("base").cloned());
    }
    out
}

/// The `query` fact the module's request methods amount to.
fn query(o: &Offered) -> String {
    let on_any = |m: &str| o.list.contains(m) || o.get.contains(m);
    [
        ("select", on_any("select")),
        ("top", o.list.contains("top")),
        ("skip", o.list.contains("skip")),
        ("count", o.list.contains("inline_count")),
        ("expand", on_any("expand")),
        ("search", o.list.contains("search")),
    ]
    .into_iter()
    .filter(|(_, on)| *on)
    .map(|(n, _)| n)
    .collect::<Vec<_>>()
    .join(",")
}

/// The module, at any depth, whose first doc line is `doc`.
fn find_module<'a>(items: &'a [syn::Item], doc: &str) -> Option<&'a [syn::Item]> {
    items.iter().find_map(|item| {
        let syn::Item::Mod(m) = item else { return None };
        let inner = &m.content.as_ref()?.1;
        let first_doc = m.attrs.iter().find(|a| a.path().is_ident("doc"));
        let matches = first_doc.is_some_and(|a| {
            let text = a
                .meta
                .require_name_value()
                .ok()
                .map(|nv| nv.value.to_token_stream());
            text.is_some_and(|t| t.to_string().trim_matches('"').trim() == doc)
        });
        if matches {
            Some(inner.as_slice())
        } else {
            find_module(inner, doc)
        }
    })
}

/// The module path of `pub type GetRequest = <path>::EntityRequest;`, when the set's entity
/// request is its type's navigation request.
fn shared_get_request(items: &[syn::Item]) -> Option<Vec<String>> {
    items.iter().find_map(|item| {
        let syn::Item::Type(t) = item else {
            return None;
        };
        let syn::Type::Path(p) = &*t.ty else {
            return None;
        };
        let segments: Vec<String> = p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let shared = t.ident == "GetRequest" && segments.last()? == "EntityRequest";
        shared.then(|| segments[..segments.len() - 1].to_vec())
    })
}

/// The module path of `pub use <path>::Filter;`, when the set's filter paths are its type's
/// navigation `Filter`.
fn shared_filter(items: &[syn::Item]) -> Option<Vec<String>> {
    items.iter().find_map(|item| {
        let syn::Item::Use(u) = item else { return None };
        let mut path = Vec::new();
        let mut tree = &u.tree;
        loop {
            match tree {
                syn::UseTree::Path(p) => {
                    path.push(p.ident.to_string());
                    tree = &p.tree;
                }
                syn::UseTree::Name(n) if n.ident == "Filter" => return Some(path),
                _ => return None,
            }
        }
    })
}

/// The items of the module at `path` (`requests::…::user`), found from any module named as
/// its first segment.
fn find_path<'a>(items: &'a [syn::Item], path: &[String]) -> Option<&'a [syn::Item]> {
    items.iter().find_map(|item| {
        let syn::Item::Mod(m) = item else { return None };
        let inner = m.content.as_ref()?.1.as_slice();
        let descend = |rest: &[String]| {
            rest.iter().try_fold(inner, |items, name| {
                items.iter().find_map(|i| match i {
                    syn::Item::Mod(m) if m.ident == name => Some(m.content.as_ref()?.1.as_slice()),
                    _ => None,
                })
            })
        };
        match path.split_first() {
            Some((first, rest)) if m.ident == first => descend(rest),
            _ => find_path(inner, path),
        }
    })
}

/// What the items of a set module offer.
fn offered(items: &[syn::Item]) -> Offered {
    offered_by(items, "GetRequest")
}

/// The methods the runtime's requests offer where the set's handle implements surface trait
/// `name`.
fn methods_of_trait(name: &str) -> &'static [&'static str] {
    match name {
        "Selectable" => &["select"],
        "Filterable" => &["filter"],
        "Sortable" => &["order_by"],
        "Expandable" => &["expand", "expand_with"],
        "TopSupported" => &["top"],
        "SkipSupported" => &["skip"],
        "Countable" => &["inline_count", "count"],
        "Searchable" => &["search"],
        _ => &[],
    }
}

/// Which of `ListRequest` and `GetRequest` are aliases of the runtime's generic requests
/// (`pub type ListRequest = rt::ListRequest<Handle>;`).
fn runtime_requests(items: &[syn::Item]) -> BTreeSet<String> {
    items
        .iter()
        .filter_map(|item| {
            let syn::Item::Type(t) = item else {
                return None;
            };
            let syn::Type::Path(p) = &*t.ty else {
                return None;
            };
            let first = p.path.segments.first()?.ident.to_string();
            (first == "rt").then(|| t.ident.to_string())
        })
        .collect()
}

/// What the items of a module offer, its entity request being the type named `get`.
fn offered_by(items: &[syn::Item], get: &str) -> Offered {
    let mut o = Offered::default();
    let runtime = runtime_requests(items);
    for item in items {
        if let syn::Item::Impl(imp) = item
            && let Some((_, t, _)) = &imp.trait_
        {
            let methods = methods_of_trait(&t.segments.last().unwrap().ident.to_string());
            if runtime.contains("ListRequest") {
                o.list.extend(methods.iter().map(|m| (*m).to_owned()));
            }
            // The runtime's `GetRequest` takes only `$select` and `$expand`.
            if runtime.contains("GetRequest") {
                let entity_options = methods
                    .iter()
                    .filter(|m| m.starts_with("select") || m.starts_with("expand"));
                o.get.extend(entity_options.map(|m| (*m).to_owned()));
            }
            continue;
        }
        if let Some((name, wires)) = generated_by_macro(item) {
            match name.as_str() {
                "Filter" => o.filter.extend(wires),
                "SortField" => o.sort.extend(wires),
                "ExpandField" => o.expand_field = Some(wires.into_iter().collect()),
                _ => {}
            }
            continue;
        }
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(p) = &*imp.self_ty else {
            continue;
        };
        let name = p.path.segments.last().unwrap().ident.to_string();
        if name == get {
            o.get.extend(entity_request_options(&imp.items));
        }
        for f in imp.items.iter().filter_map(|i| match i {
            syn::ImplItem::Fn(f) => Some(f),
            _ => None,
        }) {
            let method = f.sig.ident.to_string();
            let body = f.block.to_token_stream();
            match name.as_str() {
                "Filter" => o.filter.extend(literals(body).into_iter().take(1)),
                "SortField" if method == "as_str" => o.sort.extend(literals(body)),
                "ExpandField" if method == "as_str" => {
                    o.expand_field = Some(literals(body).into_iter().collect());
                }
                "ListRequest" => {
                    o.list.insert(method);
                }
                n if n == get => {
                    // `self.inner.segment("x")` navigates, or casts when `x` is a qualified
                    // type name (a navigation property's name is a simple identifier).
                    if mentions(&body, "segment") {
                        let target = literals(body).into_iter().next();
                        o.navigable.extend(target.filter(|t| !t.contains('.')));
                    }
                    o.get.insert(method);
                }
                _ if method == "get" => o.by_key = f.sig.inputs.len() > 1,
                _ => {}
            }
        }
    }
    o
}

/// The query option methods an entity request's `rt::entity_request_methods!` call gives it:
/// those listed after `;` (`Handle => Item; select, expand`), or all of them for a navigation
/// request (`Item`).
fn entity_request_options(items: &[syn::ImplItem]) -> Vec<String> {
    let mut out = Vec::new();
    for item in items {
        let syn::ImplItem::Macro(m) = item else {
            continue;
        };
        if m.mac.path.segments.last().unwrap().ident != "entity_request_methods" {
            continue;
        }
        let text = m.mac.tokens.to_string();
        let listed = match text.split_once(';') {
            Some((_, options)) => options.to_owned(),
            None => "select, expand".to_owned(),
        };
        for option in listed.split(',').map(str::trim).filter(|o| !o.is_empty()) {
            out.push(option.to_owned());
            if option == "expand" {
                out.push("expand_with".to_owned());
            }
        }
    }
    out
}

/// The item a runtime macro call (`wire_enum!` or `filter_paths!`) defines, and the wire
/// names it lists: `rt::macro!("doc", Name { … "wire" … })`.
fn generated_by_macro(item: &syn::Item) -> Option<(String, Vec<String>)> {
    let syn::Item::Macro(m) = item else {
        return None;
    };
    let last = m.mac.path.segments.last()?.ident.to_string();
    if last != "wire_enum" && last != "filter_paths" {
        return None;
    }
    let name = m.mac.tokens.clone().into_iter().find_map(|t| match t {
        TokenTree::Ident(i) => Some(i.to_string()),
        _ => None,
    })?;
    let wires = literals(m.mac.tokens.clone()).into_iter().skip(1).collect();
    Some((name, wires))
}

/// The string literals of `tokens`, in order.
fn literals(tokens: TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    for t in tokens {
        match t {
            TokenTree::Literal(l) => {
                if let Ok(s) = syn::parse_str::<syn::LitStr>(&l.to_string()) {
                    out.push(s.value());
                }
            }
            TokenTree::Group(g) => out.extend(literals(g.stream())),
            _ => {}
        }
    }
    out
}

/// Whether `tokens` name the identifier `ident`.
fn mentions(tokens: &TokenStream, ident: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == ident,
        TokenTree::Group(g) => mentions(&g.stream(), ident),
        _ => false,
    })
}
