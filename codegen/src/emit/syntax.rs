//! Syntax trees built directly, for the items a large service has most of: parsing emitted
//! tokens back into a tree, only for the formatter to print it, was the largest step of
//! generating a client (two thirds of Graph v1.0's instructions went to emitting and parsing).
//!
//! - Items whose shape varies with the model (structs and their fields, enums and their
//!   member tables, `…Any` enums' arms) are built node by node.
//! - Items that differ only in names or types (an enumeration's impls, `as_str` of a name
//!   enum) are [`Templates`]: parsed once per thread and cloned, the clone's names set
//!   directly.
//! - Token skeletons mark with `slot!();` where built methods go ([`splice`]).
//!
//! Everything else is emitted as tokens and parsed ([`parse`]). The output is the same
//! either way: the snapshot tests and the checked-in client compare it byte for byte.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use syn::Item;

/// Items every module of a kind has, differing only in names: parsed once per thread (token
/// trees cannot cross threads) and cloned, the names then set in the clone.
#[derive(Default)]
pub struct Templates(RefCell<HashMap<String, Vec<Item>>>);

impl Templates {
    /// The items of `tokens()`, parsed the first time `key` is asked for.
    pub fn get(&self, key: &str, tokens: impl FnOnce() -> TokenStream) -> syn::Result<Vec<Item>> {
        if let Some(items) = self.0.borrow().get(key) {
            return Ok(items.clone());
        }
        let items = parse(tokens())?;
        self.0.borrow_mut().insert(key.to_owned(), items.clone());
        Ok(items)
    }
}

/// Puts `methods` where the impls among `items` have the placeholder `slot!();`: token
/// skeletons mark where built methods go.
pub fn splice(items: &mut [Item], slot: &str, methods: Vec<syn::ImplItem>) -> syn::Result<()> {
    for item in items {
        if let Item::Impl(imp) = item
            && let Some(at) = imp
                .items
                .iter()
                .position(|i| matches!(i, syn::ImplItem::Macro(m) if m.mac.path.is_ident(slot)))
        {
            imp.items.splice(at..=at, methods);
            return Ok(());
        }
    }
    Err(syn::Error::new(
        Span::call_site(),
        format!("no `{slot}!();` to splice into"),
    ))
}

/// The items `tokens` hold.
pub fn parse(tokens: TokenStream) -> syn::Result<Vec<Item>> {
    Ok(syn::parse2::<syn::File>(tokens)?.items)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;
    use crate::write::unparse;

    /// Methods spliced into a skeleton's slot print as the tokens written out.
    #[test]
    fn splice_fills_a_slot() {
        let mut items = parse(quote! {
            pub struct Handle { inner: rt::Request<models::User> }
            impl Handle { rt::methods!(models::User); methods!(); }
        })
        .unwrap();
        splice(
            &mut items,
            "methods",
            vec![syn::parse_quote!(
                pub fn a(&self) {}
            )],
        )
        .unwrap();
        assert!(splice(&mut items, "methods", Vec::new()).is_err());
        let expected = parse(quote! {
            pub struct Handle { inner: rt::Request<models::User> }
            impl Handle { rt::methods!(models::User); pub fn a(&self) {} }
        })
        .unwrap();
        assert_eq!(unparse(items), unparse(expected));
    }
}
