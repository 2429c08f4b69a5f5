//! XML layer: turns a document into a small element tree with byte offsets, resolving XML
//! namespaces and references, and rejecting what a `$metadata` document never needs (DTDs,
//! custom entities, unbound prefixes).

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesDecl, BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// Deeper nesting than this is refused, so no later pass can exhaust the stack.
pub const MAX_DEPTH: usize = 200;

/// The namespace of an element, as far as CSDL cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ns {
    /// `http://docs.oasis-open.org/odata/ns/edmx`
    Edmx,
    /// `http://docs.oasis-open.org/odata/ns/edm`
    Edm,
    /// The EDMX namespace of OData v1–v3.
    LegacyEdmx,
    /// An EDM namespace of OData v1–v3.
    LegacyEdm,
    /// No namespace.
    None,
    /// Any other namespace (annotations of other vocabularies, vendor extensions).
    Foreign,
}

impl Ns {
    fn classify(uri: &str) -> Ns {
        match uri {
            "http://docs.oasis-open.org/odata/ns/edmx" => Ns::Edmx,
            "http://docs.oasis-open.org/odata/ns/edm" => Ns::Edm,
            "http://schemas.microsoft.com/ado/2007/06/edmx" => Ns::LegacyEdmx,
            u if u.starts_with("http://schemas.microsoft.com/ado/") && u.contains("/edm") => {
                Ns::LegacyEdm
            }
            _ => Ns::Foreign,
        }
    }
}

/// An element: its namespace, local name, unprefixed attributes, children and text.
#[derive(Debug)]
pub struct Element<'a> {
    /// The namespace of the element.
    pub ns: Ns,
    /// The local name.
    pub name: &'a str,
    /// Unprefixed attributes in document order (foreign, prefixed ones are dropped).
    pub attrs: Vec<Attr<'a>>,
    /// Child elements in document order.
    pub children: Vec<Element<'a>>,
    /// The concatenated character data directly inside the element.
    pub text: Cow<'a, str>,
    /// Byte offset of the start tag's `<`.
    pub offset: usize,
}

/// An attribute with its unescaped value.
#[derive(Debug)]
pub struct Attr<'a> {
    /// The local name.
    pub name: &'a str,
    /// The value, references resolved and whitespace normalized as XML 1.0 says.
    pub value: Cow<'a, str>,
    /// Byte offset of the attribute name.
    pub offset: usize,
}

impl<'a> Element<'a> {
    /// The value of attribute `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&Attr<'a>> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// A fatal XML error with the byte offset where it was found.
#[derive(Debug)]
pub struct XmlError {
    /// Byte offset in the text.
    pub offset: usize,
    /// What was expected and what was found.
    pub message: String,
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, XmlError> {
    Err(XmlError {
        offset,
        message: message.into(),
    })
}

/// Parses `text` (UTF-8, BOM already removed) into its root element.
pub fn parse(text: &str) -> Result<Element<'_>, XmlError> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut tree = Tree::default();
    loop {
        let offset = reader.buffer_position() as usize;
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (resolved_ns(&ns), event),
            Err(e) => return err(reader.error_position() as usize, describe(&e)),
        };
        match event {
            Event::Start(start) | Event::Empty(start) if tree.root.is_some() => {
                return err(
                    offset,
                    format!(
                        "expected end of document, found element <{}>",
                        start.name().0
                    ),
                );
            }
            Event::Start(ref start) | Event::Empty(ref start) => {
                let ns = ns.map_err(|prefix| unbound(offset, &prefix))?;
                let el = element(text, &reader, ns, start, offset)?;
                tree.open(el, matches!(event, Event::Empty(_)), offset)?;
            }
            Event::End(_) => tree.close(),
            Event::Text(t) => tree.push_text(offset, t.xml_content(XmlVersion::Implicit1_0))?,
            Event::CData(t) => tree.push_text(offset, t.xml_content(XmlVersion::Implicit1_0))?,
            Event::GeneralRef(r) => {
                let c = general_ref(&r, offset)?;
                tree.push_text(offset, Cow::Owned(c.to_string()))?;
            }
            Event::DocType(_) => {
                return err(
                    offset,
                    "expected no DOCTYPE: DTDs and entity declarations are not part of CSDL and are refused",
                );
            }
            Event::Decl(decl) => check_declaration(&decl, offset, text)?,
            Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => return tree.finish(text.len(), offset),
        }
    }
}

/// The elements being read: the open ones, innermost last, and the root once it is closed.
#[derive(Default)]
struct Tree<'a> {
    stack: Vec<Element<'a>>,
    root: Option<Element<'a>>,
}

impl<'a> Tree<'a> {
    /// A start tag (`empty` for `<x/>`, which is closed at once); refused beyond
    /// [`MAX_DEPTH`] open elements, so no later recursive pass can exhaust the stack.
    fn open(&mut self, el: Element<'a>, empty: bool, offset: usize) -> Result<(), XmlError> {
        if empty {
            self.attach(el);
            return Ok(());
        }
        if self.stack.len() >= MAX_DEPTH {
            return err(
                offset,
                format!("expected at most {MAX_DEPTH} nested elements, found deeper nesting"),
            );
        }
        self.stack.push(el);
        Ok(())
    }

    /// An end tag: the innermost open element is complete.
    fn close(&mut self) {
        let el = self
            .stack
            .pop()
            .expect("the reader checks end tags against start tags");
        self.attach(el);
    }

    /// A complete element becomes a child of the innermost open one, or the root.
    fn attach(&mut self, el: Element<'a>) {
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(el),
            None => self.root = Some(el),
        }
    }

    /// Character data joins the innermost open element's text; outside the root only
    /// whitespace is allowed.
    fn push_text(&mut self, offset: usize, t: Cow<'a, str>) -> Result<(), XmlError> {
        match self.stack.last_mut() {
            Some(parent) if parent.text.is_empty() => parent.text = t,
            Some(parent) => parent.text.to_mut().push_str(&t),
            None if t.trim().is_empty() => {}
            None => {
                return err(
                    offset,
                    "expected markup, found text outside the root element",
                );
            }
        }
        Ok(())
    }

    /// The root at the end of the document (`len` bytes long, the end event at `offset`).
    fn finish(self, len: usize, offset: usize) -> Result<Element<'a>, XmlError> {
        if let Some(open) = self.stack.last() {
            return err(
                len,
                format!("expected </{}> before the end of the document", open.name),
            );
        }
        match self.root {
            Some(root) => Ok(root),
            None => err(
                offset,
                "expected an XML root element, found an empty document",
            ),
        }
    }
}

/// The character a reference stands for: a character reference or a predefined entity.
/// Any other entity is refused, as no DTD can declare it.
fn general_ref(r: &BytesRef<'_>, offset: usize) -> Result<char, XmlError> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Ok(c),
        Ok(None) => match predefined(r) {
            Some(c) => Ok(c),
            None => err(
                offset,
                format!(
                    "expected a predefined entity (&amp;, &lt;, &gt;, &apos;, &quot;) or a character reference, found &{};",
                    &**r
                ),
            ),
        },
        Err(e) => err(offset, describe(&e)),
    }
}

/// The XML declaration must come first and declare no encoding other than UTF-8 (or one
/// that reads ASCII text the same way, when the text is ASCII).
fn check_declaration(decl: &BytesDecl<'_>, offset: usize, text: &str) -> Result<(), XmlError> {
    if offset > 0 {
        return err(
            offset,
            "expected the XML declaration at the very start of the document, found it after other content",
        );
    }
    if let Some(Ok(enc)) = decl.encoding() {
        let enc = enc.trim().to_ascii_lowercase();
        // ASCII text reads the same in any ASCII-compatible single-byte encoding.
        let ascii_compatible =
            !enc.starts_with("utf-16") && !enc.starts_with("ucs") && text.is_ascii();
        if !matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") && !ascii_compatible {
            return err(
                offset,
                format!(
                    "expected a UTF-8 document, found a declared encoding `{enc}`; re-encode the document as UTF-8"
                ),
            );
        }
    }
    Ok(())
}

fn resolved_ns(ns: &ResolveResult<'_>) -> Result<Ns, String> {
    match ns {
        ResolveResult::Bound(uri) => Ok(Ns::classify(uri.0)),
        ResolveResult::Unbound => Ok(Ns::None),
        ResolveResult::Unknown(prefix) => Err(prefix.clone()),
    }
}

fn unbound(offset: usize, prefix: &str) -> XmlError {
    XmlError {
        offset,
        message: format!(
            "expected a declared namespace prefix, found unbound prefix `{prefix}:` (no xmlns:{prefix} in scope)"
        ),
    }
}

fn element<'a>(
    text: &'a str,
    reader: &NsReader<&'a [u8]>,
    ns: Ns,
    start: &BytesStart<'a>,
    offset: usize,
) -> Result<Element<'a>, XmlError> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = match attr {
            Ok(a) => a,
            Err(e) => {
                return err(
                    offset,
                    format!("malformed attribute in <{}>: {e}", start.name().0),
                );
            }
        };
        let key = attr.key;
        let attr_offset = offset_in(text, key.0).unwrap_or(offset);
        if key.0 == "xmlns" || key.0.starts_with("xmlns:") {
            continue;
        }
        if let Some(prefix) = key.prefix() {
            // Prefixed attributes belong to other vocabularies (sap:, m:, xml:); only an
            // unbound prefix makes the document ill-formed.
            if prefix.as_ref() != "xml"
                && let ResolveResult::Unknown(p) = reader.resolver().resolve_attribute(key).0
            {
                return Err(unbound(attr_offset, &p));
            }
            continue;
        }
        if attr.value.contains('<') {
            return err(
                attr_offset,
                format!(
                    "expected `&lt;` for `<` in the value of attribute {}, found a raw `<`",
                    key.0
                ),
            );
        }
        let value = match attr.normalized_value(XmlVersion::Implicit1_0) {
            Ok(v) => rebase_cow(text, v),
            Err(e) => {
                return err(
                    attr_offset,
                    format!("bad value of attribute {}: {}", key.0, describe(&e)),
                );
            }
        };
        let name = rebase(text, key.0).expect("attribute names are slices of the document");
        attrs.push(Attr {
            name,
            value,
            offset: attr_offset,
        });
    }
    let name = rebase(text, start.local_name().as_ref())
        .expect("element names are slices of the document");
    Ok(Element {
        ns,
        name,
        attrs,
        children: Vec::new(),
        text: Cow::Borrowed(""),
        offset,
    })
}

/// The byte offset of `s` in `text`, if `s` is a slice of it.
fn offset_in(text: &str, s: &str) -> Option<usize> {
    let start = (s.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (start + s.len() <= text.len()).then_some(start)
}

/// `s` re-borrowed from `text` (the reader hands out slices of the input with a shorter lifetime).
fn rebase<'a>(text: &'a str, s: &str) -> Option<&'a str> {
    offset_in(text, s).map(|start| &text[start..start + s.len()])
}

fn rebase_cow<'a>(text: &'a str, value: Cow<'_, str>) -> Cow<'a, str> {
    match value {
        Cow::Borrowed(s) => match rebase(text, s) {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(s.to_owned()),
        },
        Cow::Owned(s) => Cow::Owned(s),
    }
}

/// The character of a predefined XML entity (`amp`, `lt`, `gt`, `apos`, `quot`).
pub(crate) fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

fn describe(e: &quick_xml::Error) -> String {
    use quick_xml::errors::{Error, IllFormedError, SyntaxError};
    match e {
        Error::Syntax(SyntaxError::UnclosedTag) => {
            "expected `>` to close the tag, found the end of the document".into()
        }
        Error::Syntax(s) => format!("malformed XML: {s}"),
        Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            format!("expected </{expected}>, found </{found}>")
        }
        Error::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
            format!("expected no end tag here, found </{name}> without a start tag")
        }
        Error::IllFormed(i) => format!("ill-formed XML: {i}"),
        Error::Escape(e) => format!("bad reference: {e}"),
        other => format!("malformed XML: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_tree_with_offsets_and_namespaces() {
        let text = "<?xml version=\"1.0\"?>\n<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\"><a xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" x=\"1 &amp; 2\">t&#x41;<![CDATA[<c>]]></a></edmx:Edmx>";
        let root = parse(text).unwrap();
        assert_eq!((root.ns, root.name, root.offset), (Ns::Edmx, "Edmx", 22));
        assert_eq!(root.attr("Version").unwrap().value, "4.0");
        let a = &root.children[0];
        assert_eq!((a.ns, a.name), (Ns::Edm, "a"));
        assert_eq!(a.attr("x").unwrap().value, "1 & 2");
        assert_eq!(a.text, "tA<c>");
    }

    #[test]
    fn refuses_doctype_custom_entities_and_unbound_prefixes() {
        assert!(
            parse("<!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>")
                .unwrap_err()
                .message
                .contains("DOCTYPE")
        );
        assert!(parse("<x>&e;</x>").unwrap_err().message.contains("&e;"));
        let e = parse("<x>\n <y sap:label=\"a\"/></x>").unwrap_err();
        assert!(e.message.contains("unbound prefix `sap:`"), "{}", e.message);
        assert_eq!(e.offset, 8);
    }

    #[test]
    fn reports_truncation_mismatch_and_empty_input() {
        assert!(
            parse("<a><b></a>")
                .unwrap_err()
                .message
                .contains("expected </b>")
        );
        assert!(
            parse("<a><b>")
                .unwrap_err()
                .message
                .contains("before the end")
        );
        assert!(parse("  ").unwrap_err().message.contains("empty document"));
        assert!(
            parse("<a/><b/>")
                .unwrap_err()
                .message
                .contains("end of document")
        );
        assert!(parse("<a").is_err());
    }

    #[test]
    fn refuses_nesting_beyond_the_limit() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
    }
}
