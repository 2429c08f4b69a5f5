//! Syntax trees built directly, for the items a large service has most of: parsing emitted
//! tokens back into a tree, only for the formatter to print it, was the largest step of
//! generating a client (two thirds of Graph v1.0's instructions went to emitting and parsing).
//!
//! - Items whose shape varies with the model (structs and their fields, enums and their
//!   member tables, `…Any` enums' arms) are built node by node.
//! - Items that differ only in names or types (an enumeration's impls, `as_str` of a name
//!   enum, navigation and cast accessors, operation methods, a requests module's skeleton)
//!   are [`Templates`]: parsed once per thread and cloned, the clone's names set directly or
//!   by [`Fill`] (placeholder types).
//! - Token skeletons mark with `slot!();` where built methods go ([`splice`]).
//!
//! Everything else is emitted as tokens and parsed ([`parse`]). The output is the same
//! either way: the snapshot tests and the checked-in client compare it byte for byte.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, Item, Meta};

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

    /// The method `tokens()` hold, parsed the first time `key` is asked for.
    pub fn method(
        &self,
        key: &str,
        tokens: impl FnOnce() -> TokenStream,
    ) -> syn::Result<syn::ImplItemFn> {
        let items = self.get(key, || {
            let method = tokens();
            quote!(impl T { #method })
        })?;
        if let Some(Item::Impl(imp)) = items.into_iter().next()
            && let Some(syn::ImplItem::Fn(method)) = imp.items.into_iter().next()
        {
            return Ok(method);
        }
        Err(syn::Error::new(
            Span::call_site(),
            format!("template `{key}` is not a method"),
        ))
    }
}

/// Fills a template's clone: every type that is one of the placeholder names of `types`
/// (a one-segment path), and every macro argument that is one, becomes its type.
pub struct Fill<'a>(pub &'a [(&'a str, &'a syn::Type)]);

impl Fill<'_> {
    fn lookup(&self, ident: &Ident) -> Option<&syn::Type> {
        self.0
            .iter()
            .find(|(name, _)| ident == name)
            .map(|(_, ty)| *ty)
    }
}

impl syn::visit_mut::VisitMut for Fill<'_> {
    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let syn::Type::Path(p) = ty
            && p.qself.is_none()
            && let Some(ident) = p.path.get_ident()
            && let Some(filled) = self.lookup(ident)
        {
            *ty = filled.clone();
            return;
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let mut trees = mac.tokens.clone().into_iter();
        if let (Some(TokenTree::Ident(ident)), None) = (trees.next(), trees.next())
            && let Some(filled) = self.lookup(&ident)
        {
            mac.tokens = quote!(#filled);
        }
    }
}

/// Puts `docs` before the other attributes of the struct or type alias of `items` named
/// `name`.
pub fn document(items: &mut [Item], name: &str, docs: Vec<Attribute>) -> syn::Result<()> {
    for item in items {
        let (ident, attrs) = match item {
            Item::Struct(s) => (&s.ident, &mut s.attrs),
            Item::Type(t) => (&t.ident, &mut t.attrs),
            _ => continue,
        };
        if ident == name {
            attrs.splice(0..0, docs);
            return Ok(());
        }
    }
    Err(syn::Error::new(
        Span::call_site(),
        format!("no `{name}` to document"),
    ))
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

/// The attributes `tokens` hold (none for no tokens).
pub fn attrs(tokens: TokenStream) -> syn::Result<Vec<Attribute>> {
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    syn::parse::Parser::parse2(Attribute::parse_outer, tokens)
}

/// `self.inner.method("arg")`.
pub fn inner_call(method: &str, arg: &str) -> syn::Expr {
    let ident = |s: &str| Ident::new(s, Span::call_site());
    let inner = syn::Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(path_expr(ident("self"))),
        dot_token: Default::default(),
        member: syn::Member::Named(ident("inner")),
    });
    syn::Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(inner),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: None,
        paren_token: Default::default(),
        args: [str_expr(arg)].into_iter().collect(),
    })
}

/// The items `tokens` hold.
pub fn parse(tokens: TokenStream) -> syn::Result<Vec<Item>> {
    Ok(syn::parse2::<syn::File>(tokens)?.items)
}

/// The type `tokens` hold. Paths with angle-bracketed type arguments (`Option<super::X>`,
/// `rt::Flags<E>`: the types the emitter writes for fields) are built from the tokens
/// directly; anything else is parsed.
pub fn ty(tokens: TokenStream) -> syn::Result<syn::Type> {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut pos = 0;
    match path_type(&trees, &mut pos) {
        Some(ty) if pos == trees.len() => Ok(ty),
        _ => syn::parse2(tokens),
    }
}

/// The path type at `trees[*pos..]`, advancing `pos` past it; `None` for any other shape.
fn path_type(trees: &[TokenTree], pos: &mut usize) -> Option<syn::Type> {
    let mut path = syn::Path {
        leading_colon: colons(trees, pos).then(Default::default),
        segments: Punctuated::new(),
    };
    loop {
        let TokenTree::Ident(ident) = trees.get(*pos)? else {
            return None;
        };
        *pos += 1;
        let mut segment = syn::PathSegment::from(ident.clone());
        if punct(trees, *pos, '<') {
            *pos += 1;
            let mut args = Punctuated::new();
            loop {
                args.push(syn::GenericArgument::Type(path_type(trees, pos)?));
                if punct(trees, *pos, ',') {
                    *pos += 1;
                } else if punct(trees, *pos, '>') {
                    *pos += 1;
                    break;
                } else {
                    return None;
                }
            }
            segment.arguments =
                syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
                    colon2_token: None,
                    lt_token: Default::default(),
                    args,
                    gt_token: Default::default(),
                });
        }
        path.segments.push(segment);
        if !colons(trees, pos) {
            return Some(path_ty(path));
        }
    }
}

/// Whether `trees[at]` is the punctuation `ch`.
fn punct(trees: &[TokenTree], at: usize, ch: char) -> bool {
    matches!(trees.get(at), Some(TokenTree::Punct(p)) if p.as_char() == ch)
}

/// Skips a `::` at `*pos`, if there is one.
fn colons(trees: &[TokenTree], pos: &mut usize) -> bool {
    let found = punct(trees, *pos, ':') && punct(trees, *pos + 1, ':');
    if found {
        *pos += 2;
    }
    found
}

/// A one-segment path.
pub fn path(name: &str) -> syn::Path {
    Ident::new(name, Span::call_site()).into()
}

/// An outer attribute `#[meta]`.
pub fn attr(meta: Meta) -> Attribute {
    Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// `#[name = lit]`.
pub fn name_value(name: &str, lit: syn::Lit) -> Attribute {
    attr(Meta::NameValue(syn::MetaNameValue {
        path: path(name),
        eq_token: Default::default(),
        value: literal(lit),
    }))
}

/// The expression `path`.
pub fn path_expr(path: impl Into<syn::Path>) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: path.into(),
    })
}

/// The type `path`.
pub fn path_ty(path: impl Into<syn::Path>) -> syn::Type {
    syn::Type::Path(syn::TypePath {
        qself: None,
        path: path.into(),
    })
}

/// A literal expression.
pub fn literal(lit: syn::Lit) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit,
    })
}

/// A string literal expression.
pub fn str_expr(text: &str) -> syn::Expr {
    literal(syn::Lit::Str(syn::LitStr::new(text, Span::call_site())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::unparse;

    /// Types are built as the parser builds them; other shapes are parsed.
    #[test]
    fn types_build_as_they_parse() {
        for tokens in [
            quote!(bool),
            quote!(Option<super::X>),
            quote!(::core::option::Option<Vec<Option<rt::Flags<super::E>>>>),
            quote!(::std::collections::BTreeMap<String, rt::serde_json::Value>),
            quote!(r#type::Self_::super_),
            quote!(&str),
            quote!(Vec<&'static str>),
            quote!(rt::FilterPath<()>),
        ] {
            let parsed: syn::Type = syn::parse2(tokens.clone()).unwrap();
            let built = ty(tokens).unwrap();
            assert_eq!(quote!(#built).to_string(), quote!(#parsed).to_string());
        }
        assert!(ty(quote!(Option<)).is_err());
    }

    /// A filled, documented and spliced template prints as the tokens written out.
    #[test]
    fn templates_fill_document_and_splice() {
        let mut items = parse(quote! {
            pub struct Handle { inner: rt::Request<ItemT> }
            impl Handle { rt::methods!(ItemT); methods!(); }
        })
        .unwrap();
        let item: syn::Type = syn::parse_quote!(models::User);
        for i in &mut items {
            syn::visit_mut::VisitMut::visit_item_mut(&mut Fill(&[("ItemT", &item)]), i);
        }
        document(
            &mut items,
            "Handle",
            vec![name_value("doc", syn::parse_quote!(" H"))],
        )
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
        assert!(document(&mut items, "Missing", Vec::new()).is_err());
        let expected = parse(quote! {
            #[doc = " H"]
            pub struct Handle { inner: rt::Request<models::User> }
            impl Handle { rt::methods!(models::User); pub fn a(&self) {} }
        })
        .unwrap();
        assert_eq!(unparse(items), unparse(expected));
    }
}
