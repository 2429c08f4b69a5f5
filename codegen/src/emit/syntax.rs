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

use proc_macro2::{Span, TokenStream, TokenTree};
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

/// `#[name]`.
pub fn word(name: &str) -> Attribute {
    attr(Meta::Path(path(name)))
}

/// `#[name(tokens)]`: the tokens are kept as they are, as the parser keeps them.
pub fn list(name: &str, tokens: TokenStream) -> Attribute {
    attr(Meta::List(syn::MetaList {
        path: path(name),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
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

/// `Self::variant`.
pub fn self_variant(variant: &Ident) -> syn::Path {
    syn::Path {
        leading_colon: None,
        segments: [Ident::new("Self", Span::call_site()), variant.clone()]
            .into_iter()
            .map(syn::PathSegment::from)
            .collect(),
    }
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

/// `pub`.
pub fn public() -> syn::Visibility {
    syn::Visibility::Public(Default::default())
}

/// `attrs pub ident: ty`.
pub fn field(attrs: Vec<Attribute>, ident: Ident, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: public(),
        mutability: syn::FieldMutability::None,
        ident: Some(ident),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// `attrs pub struct name { fields }`.
pub fn named_struct(
    attrs: Vec<Attribute>,
    name: Ident,
    fields: Punctuated<syn::Field, syn::Token![,]>,
) -> Item {
    Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: Default::default(),
        ident: name,
        generics: Default::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields,
        }),
        semi_token: None,
    })
}

/// `attrs pub enum name { variants }` of unit variants, each with its attributes.
pub fn unit_enum(
    attrs: Vec<Attribute>,
    name: Ident,
    variants: impl IntoIterator<Item = (Vec<Attribute>, Ident)>,
) -> Item {
    Item::Enum(syn::ItemEnum {
        attrs,
        vis: public(),
        enum_token: Default::default(),
        ident: name,
        generics: Default::default(),
        brace_token: Default::default(),
        variants: variants
            .into_iter()
            .map(|(attrs, ident)| syn::Variant {
                attrs,
                ident,
                fields: syn::Fields::Unit,
                discriminant: None,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use quote::quote;

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

    /// Built trees print as the parsed tokens they stand for.
    #[test]
    fn built_items_print_as_their_tokens() {
        let ident = |s: &str| Ident::new(s, Span::call_site());
        let mut fields = Punctuated::new();
        fields.push(field(
            vec![list("serde", quote!(rename = "a"))],
            ident("a"),
            syn::parse_quote!(Option<u8>),
        ));
        let built = vec![
            named_struct(
                vec![
                    name_value("doc", syn::parse_quote!(" S")),
                    word("non_exhaustive"),
                ],
                ident("S"),
                fields,
            ),
            unit_enum(Vec::new(), ident("E"), [(Vec::new(), ident("A"))]),
        ];
        let parsed = parse(quote! {
            #[doc = " S"]
            #[non_exhaustive]
            pub struct S {
                #[serde(rename = "a")]
                pub a: Option<u8>,
            }
            pub enum E { A }
        })
        .unwrap();
        assert_eq!(unparse(built), unparse(parsed));
    }
}
