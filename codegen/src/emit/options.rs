//! The version's `options` module: one type per custom query option
//! (`Capabilities.CustomQueryOptions`) of the emitted entity sets, which their list requests
//! take in `with` (`.with(options::MaxHistoryDays(30))`); a set that does not declare an
//! option does not implement `Accepts` of it, so naming it there does not compile. An option's
//! value is typed by its examples, the only typing the vocabulary gives.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{clean, doc_lines};
use super::{Body, Ctx, Module};
use crate::model::vocab::OptionValue;
use crate::naming::RustName;
use crate::naming::names::CustomOptionNames;

/// The `options` module, when an emitted set declares a custom query option.
pub fn layout(ctx: &Ctx<'_>) -> Option<Module> {
    let declares = |s: &&crate::naming::names::SetNames| !s.custom_options.is_empty();
    if !super::selected_sets(ctx).iter().any(declares) {
        return None;
    }
    Some(Module {
        name: syn::parse_quote!(options),
        public: true,
        attrs: doc_lines(&[
            "The custom query options the service declares (`Capabilities.CustomQueryOptions`), \
             set on the list requests of the entity sets that take them with `with`."
                .to_owned(),
        ]),
        body: Body::Options,
        children: vec![],
    })
}

/// The option types, in name order. The module defines them, so standard items of the same
/// names (an option called `String`) are written by their paths.
pub fn tokens(ctx: &Ctx<'_>) -> TokenStream {
    let declared = declared(ctx);
    let defined: Vec<&RustName> = declared.keys().copied().collect();
    let ctx = &ctx.scoped(&defined);
    declared
        .into_values()
        .map(|declared| option_type(ctx, &declared))
        .collect()
}

/// Each option type of the emitted sets, with the wire names of the sets that take it.
fn declared<'n>(ctx: &Ctx<'n>) -> BTreeMap<&'n RustName, (&'n CustomOptionNames, Vec<&'n str>)> {
    let mut declared: BTreeMap<&RustName, (&CustomOptionNames, Vec<&str>)> = BTreeMap::new();
    for set in super::selected_sets(ctx) {
        for option in &set.custom_options {
            declared
                .entry(&option.rust)
                .or_insert((option, Vec::new()))
                .1
                .push(&set.wire);
        }
    }
    declared
}

/// The type of `option`, which the sets `sets` take.
fn option_type(ctx: &Ctx<'_>, (option, sets): &(&CustomOptionNames, Vec<&str>)) -> TokenStream {
    let rt = &ctx.rt;
    let (string, to_string) = (&ctx.std.string, &ctx.std.to_string);
    let (name, wire) = (&option.rust, &option.wire);
    let mut lines = vec![format!("Custom query option `{wire}`.")];
    if let Some(d) = &option.description {
        let d = clean(d);
        if !d.is_empty() {
            lines.push(String::new());
            lines.extend(d);
        }
    }
    let (value, typing, text) = match option.value {
        OptionValue::Count => (
            quote!(u32),
            "a count: its examples are non-negative integers",
            quote!(#to_string::to_string(&self.0)),
        ),
        OptionValue::Boolean => (
            quote!(bool),
            "`true` or `false`: its examples are",
            quote!(#to_string::to_string(&self.0)),
        ),
        OptionValue::Text => (
            quote!(#string),
            "text: the metadata gives no type, nor examples of one kind",
            quote!(self.0.clone()),
        ),
    };
    let sets: Vec<String> = sets.iter().map(|s| format!("`{s}`")).collect();
    lines.push(String::new());
    lines.push(format!(
        "The value is {typing}. Taken by {}.",
        sets.join(", ")
    ));
    let doc = doc_lines(&lines);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct #name(pub #value);

        impl #rt::QueryOption for #name {
            const NAME: &'static str = #wire;

            fn value(&self) -> #string {
                #text
            }
        }
    }
}
