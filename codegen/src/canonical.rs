//! Canonical form of a CSDL XML document, so a checked-in `$metadata` fixture changes in
//! git only when the service changed, not when it reformatted or reordered its output.
//!
//! The canonical text is:
//! - `<?xml version="1.0" encoding="utf-8"?>`, then one element per line, indented by two
//!   spaces, lines ending in LF (the last one too), empty elements self-closing (`<Key/>`);
//! - comments, processing instructions, the original XML declaration and whitespace-only
//!   text dropped, except the whitespace that is the whole value of an edm `String`; other
//!   text is kept exactly, beside its element (`<String>a b</String>`); an element with
//!   mixed content (text and elements; only foreign markup has it) is written on one line
//!   exactly as it reads, whitespace included;
//! - every attribute kept, including namespace declarations and prefixed foreign ones
//!   (`sap:label`), in this order: namespace declarations sorted by name, then what names the
//!   element (`Name`, `Term`, `Target`, `Namespace`, `Property`, `Uri` or `Path`, by name when
//!   there are two), then `Qualifier` and `Alias`, then `Type`, `EntityType`, `BaseType`, then every other attribute by its
//!   qualified name (byte order, so `Nullable` comes before `sap:label`);
//! - attribute values escaped as `&amp;`, `&lt;`, `&quot;` and tab, CR and LF as character
//!   references, so a value reads back unchanged; text escaped as `&amp;`, `&lt;`, `&gt;`,
//!   CR as `&#13;`;
//! - children sorted where their order carries no meaning, with a stable sort, so overloads
//!   and every ordered list (key properties, properties and navigation properties — JSON
//!   payload order —, enum members, parameters, collection items, function arguments) keep
//!   their document order:
//!   - `edmx:Edmx`: `edmx:Reference`s by `Uri`, then `edmx:DataServices`;
//!   - `edmx:Reference`: `edmx:Include`s by `Namespace`, then `edmx:IncludeAnnotations` by
//!     `TermNamespace`, `Qualifier`, `TargetNamespace`;
//!   - `edmx:DataServices`: `Schema`s by `Namespace`;
//!   - `Schema`: by kind (EntityType, ComplexType, EnumType, TypeDefinition, Term, Action,
//!     Function, EntityContainer, Annotations), then `Name`, or `Target` and `Qualifier`;
//!   - `EntityContainer`: by kind (EntitySet, Singleton, ActionImport, FunctionImport), then
//!     `Name`;
//!   - `EntitySet`, `Singleton`: `NavigationPropertyBinding`s by `Path`, then `Target`;
//!   - `Record`: `PropertyValue`s by `Property`;
//!   - in every CSDL element, `Annotation`s after the other children, by `Term`, then
//!     `Qualifier` (where an annotation element stands among its siblings carries no meaning);
//!   - in the parents listed, children of other kinds (foreign elements) keep their order
//!     and come last.
//!
//! Elements are recognised by namespace URI, never by prefix; the children of foreign
//! elements keep their order. Canonicalizing a canonical document returns it unchanged.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::diag::{LineIndex, Pos};
use crate::reader::xml::{MAX_DEPTH, predefined};

const EDMX: &str = "http://docs.oasis-open.org/odata/ns/edmx";
const EDM: &str = "http://docs.oasis-open.org/odata/ns/edm";

/// Why a document could not be canonicalized, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}:{}: {message}", pos.line, pos.column)]
pub struct CanonicalError {
    /// Where in the input the problem was found.
    pub pos: Pos,
    /// What was expected and what was found.
    pub message: String,
}

/// Returns the canonical form of the XML document `xml` (described in the module docs).
///
/// Fails on text that is not well-formed, namespace-well-formed XML, on a DOCTYPE, and on
/// nesting deeper than 200 elements (the reader's limit).
pub fn canonicalize(xml: &str) -> Result<String, CanonicalError> {
    let xml = xml.strip_prefix('\u{FEFF}').unwrap_or(xml);
    let mut root = parse(xml).map_err(|(offset, message)| CanonicalError {
        pos: LineIndex::new(xml).pos(xml, offset),
        message,
    })?;
    normalize(&mut root, false);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    write(&mut out, &root, 0, false);
    out.push('\n');
    Ok(out)
}

/// Which namespace an element is in, as far as ordering cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ns {
    Edmx,
    Edm,
    Other,
}

#[derive(Debug)]
struct Element {
    ns: Ns,
    /// The qualified name as written (`edmx:Reference`), so prefixes survive.
    name: String,
    local: String,
    /// Qualified names and unescaped values.
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn is(&self, ns: Ns, local: &str) -> bool {
        self.ns == ns && self.local == local
    }

    fn attr(&self, name: &str) -> &str {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

type ParseError = (usize, String);

/// Builds the element tree with an explicit stack, so input depth never becomes stack depth.
fn parse(xml: &str) -> Result<Element, ParseError> {
    let mut reader = NsReader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    // Character data since the last markup; text, CDATA and references merge into one node.
    let mut text = String::new();
    loop {
        let offset = reader.buffer_position() as usize;
        let (ns, event) = match reader.read_resolved_event() {
            Ok(resolved) => resolved,
            Err(e) => return Err((reader.error_position() as usize, e.to_string())),
        };
        match event {
            Event::Start(_) | Event::Empty(_) | Event::End(_) | Event::Eof => {
                flush_text(&mut stack, &mut text, offset)?
            }
            _ => {}
        }
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                if root.is_some() {
                    return Err((offset, "expected end of document, found an element".into()));
                }
                let ns = element_ns(ns, offset)?;
                let el = element(&reader, ns, start, offset)?;
                let empty = matches!(event, Event::Empty(_));
                open(&mut stack, &mut root, el, empty, offset)?;
            }
            Event::End(_) => {
                let el = stack.pop().expect("the reader checks end tags");
                attach(&mut stack, &mut root, el);
            }
            Event::Text(t) => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Event::CData(t) => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
            Event::GeneralRef(r) => text.push(referenced_char(&r, offset)?),
            Event::DocType(_) => {
                return Err((
                    offset,
                    "expected no DOCTYPE: DTDs are not part of CSDL and are refused".into(),
                ));
            }
            Event::Decl(_) if offset > 0 => {
                return Err((
                    offset,
                    "expected the XML declaration at the very start of the document".into(),
                ));
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => return finish(&stack, root, xml.len(), offset),
        }
    }
}

/// The namespace of an element, as far as ordering cares; an unbound prefix is an error.
fn element_ns(ns: ResolveResult<'_>, offset: usize) -> Result<Ns, ParseError> {
    match ns {
        ResolveResult::Bound(uri) if uri.0 == EDMX => Ok(Ns::Edmx),
        ResolveResult::Bound(uri) if uri.0 == EDM => Ok(Ns::Edm),
        ResolveResult::Bound(_) | ResolveResult::Unbound => Ok(Ns::Other),
        ResolveResult::Unknown(prefix) => Err(unbound(offset, &prefix)),
    }
}

/// Places a new element: an empty one (`<Key/>`) is complete and goes to its parent at
/// once, a started one stays on the stack until its end tag, within the depth limit.
fn open(
    stack: &mut Vec<Element>,
    root: &mut Option<Element>,
    el: Element,
    empty: bool,
    offset: usize,
) -> Result<(), ParseError> {
    if empty {
        attach(stack, root, el);
    } else if stack.len() >= MAX_DEPTH {
        return Err((
            offset,
            format!("expected at most {MAX_DEPTH} nested elements, found deeper nesting"),
        ));
    } else {
        stack.push(el);
    }
    Ok(())
}

/// The character a general reference stands for: without a DTD (refused) only the
/// predefined entities and character references exist.
fn referenced_char(r: &BytesRef<'_>, offset: usize) -> Result<char, ParseError> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Ok(c),
        Ok(None) => predefined(r).ok_or_else(|| {
            (
                offset,
                format!(
                    "expected a predefined entity or a character reference, found &{};",
                    &**r
                ),
            )
        }),
        Err(e) => Err((offset, e.to_string())),
    }
}

/// The document's root element once the input (`len` bytes) ends at `offset`, or why
/// it cannot end there.
fn finish(
    stack: &[Element],
    root: Option<Element>,
    len: usize,
    offset: usize,
) -> Result<Element, ParseError> {
    if let Some(open) = stack.last() {
        return Err((
            len,
            format!("expected </{}> before the end of the document", open.name),
        ));
    }
    root.ok_or((
        offset,
        "expected a root element, found an empty document".into(),
    ))
}

fn element(
    reader: &NsReader<&[u8]>,
    ns: Ns,
    start: &BytesStart<'_>,
    offset: usize,
) -> Result<Element, ParseError> {
    let mut attrs = Vec::new();
    // The default configuration checks for duplicate attributes.
    for attr in start.attributes() {
        let attr = attr.map_err(|e| (offset, format!("malformed attribute: {e}")))?;
        let name = attr.key.0;
        if let Some(prefix) = attr.key.prefix()
            && prefix.as_ref() != "xml"
            && prefix.as_ref() != "xmlns"
            && let ResolveResult::Unknown(p) = reader.resolver().resolve_attribute(attr.key).0
        {
            return Err(unbound(offset, &p));
        }
        if attr.value.contains('<') {
            return Err((
                offset,
                format!(
                    "expected `&lt;` for `<` in the value of attribute {name}, found a raw `<`"
                ),
            ));
        }
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| (offset, format!("bad value of attribute {name}: {e}")))?;
        attrs.push((name.to_owned(), value.into_owned()));
    }
    attrs.sort_by(|(a, _), (b, _)| attr_rank(a).cmp(&attr_rank(b)));
    Ok(Element {
        ns,
        name: start.name().0.to_owned(),
        local: start.local_name().as_ref().to_owned(),
        attrs,
        children: Vec::new(),
    })
}

/// The canonical attribute order: namespace declarations, the naming attribute, qualifier and
/// alias, the type attributes, the rest.
fn attr_rank(name: &str) -> (u8, &str) {
    // The attributes that say what an element is come first, so lines read naturally.
    match name {
        _ if name == "xmlns" || name.starts_with("xmlns:") => (0, name),
        "Name" | "Term" | "Target" | "Namespace" | "Property" | "Uri" | "Path" => (1, name),
        "Qualifier" | "Alias" => (2, name),
        "Type" => (3, ""),
        "EntityType" => (4, ""),
        "BaseType" => (5, ""),
        _ => (6, name),
    }
}

fn unbound(offset: usize, prefix: &str) -> ParseError {
    (
        offset,
        format!("expected a declared namespace prefix, found unbound prefix `{prefix}:`"),
    )
}

fn flush_text(stack: &mut [Element], text: &mut String, offset: usize) -> Result<(), ParseError> {
    if text.is_empty() {
        return Ok(());
    }
    let t = std::mem::take(text);
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Text(t)),
        None if is_blank(&t) => {}
        None => {
            return Err((
                offset,
                "expected markup, found text outside the root element".into(),
            ));
        }
    }
    Ok(())
}

/// Whether `text` is only XML whitespace (a no-break space is content).
fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(el)),
        None => *root = Some(el),
    }
}

/// Drops layout whitespace and sorts children, bottom-up. Recursion is bounded by
/// [`MAX_DEPTH`], which the parser enforces.
///
/// An element with non-whitespace text among child elements holds mixed content (only
/// foreign markup does): all of its text is kept and nothing in it is reordered, so that
/// `inline` subtree is written exactly as it reads.
fn normalize(el: &mut Element, inline: bool) {
    let is_text = |c: &Node| matches!(c, Node::Text(_));
    let inline = inline
        || el
            .children
            .iter()
            .any(|c| matches!(c, Node::Text(t) if !is_blank(t)));
    if !inline {
        // Whitespace is layout, except as the whole value of a string constant.
        let keep_blank = el.is(Ns::Edm, "String") && el.children.iter().all(is_text);
        if !keep_blank {
            el.children.retain(|c| !is_text(c));
        }
    }
    for child in &mut el.children {
        if let Node::Element(child) = child {
            normalize(child, inline);
        }
    }
    if !el.children.iter().any(is_text) && el.ns != Ns::Other {
        let mut children = std::mem::take(&mut el.children);
        children.sort_by(|a, b| rank(el, a).cmp(&rank(el, b)));
        el.children = children;
    }
}

/// The sort key of `child` among the children of CSDL element `parent` (the rules are in the
/// module docs): a kind rank, then up to three attribute values. Children with equal keys keep
/// their document order, which is why kinds whose order matters get a rank but no key.
fn rank<'a>(parent: &Element, child: &'a Node) -> (u8, [&'a str; 3]) {
    const SCHEMA: [&str; 9] = [
        "EntityType",
        "ComplexType",
        "EnumType",
        "TypeDefinition",
        "Term",
        "Action",
        "Function",
        "EntityContainer",
        "Annotations",
    ];
    const CONTAINER: [&str; 4] = ["EntitySet", "Singleton", "ActionImport", "FunctionImport"];
    const LAST: u8 = u8::MAX;
    let Node::Element(c) = child else {
        unreachable!("children holding text are never sorted")
    };
    // No attribute is named "", so an empty key name reads as an empty value.
    let by = |rank: u8, keys: [&str; 3]| (rank, keys.map(|k| c.attr(k)));
    if c.is(Ns::Edm, "Annotation") {
        return by(LAST - 1, ["Term", "Qualifier", ""]);
    }
    let kind = |kinds: &[&str]| kinds.iter().position(|k| c.is(Ns::Edm, k)).map(|i| i as u8);
    let sorted = match (parent.ns, parent.local.as_str()) {
        (Ns::Edmx, "Edmx") if c.is(Ns::Edmx, "Reference") => Some(by(0, ["Uri", "", ""])),
        (Ns::Edmx, "Edmx") if c.is(Ns::Edmx, "DataServices") => Some(by(1, ["", "", ""])),
        (Ns::Edmx, "Reference") if c.is(Ns::Edmx, "Include") => Some(by(0, ["Namespace", "", ""])),
        (Ns::Edmx, "Reference") if c.is(Ns::Edmx, "IncludeAnnotations") => {
            Some(by(1, ["TermNamespace", "Qualifier", "TargetNamespace"]))
        }
        (Ns::Edmx, "DataServices") if c.is(Ns::Edm, "Schema") => Some(by(0, ["Namespace", "", ""])),
        (Ns::Edm, "Schema") => kind(&SCHEMA).map(|k| {
            if c.local == "Annotations" {
                by(k, ["Target", "Qualifier", ""])
            } else {
                by(k, ["Name", "", ""])
            }
        }),
        (Ns::Edm, "EntityContainer") => kind(&CONTAINER).map(|k| by(k, ["Name", "", ""])),
        (Ns::Edm, "EntitySet" | "Singleton") if c.is(Ns::Edm, "NavigationPropertyBinding") => {
            Some(by(0, ["Path", "Target", ""]))
        }
        (Ns::Edm, "Record") if c.is(Ns::Edm, "PropertyValue") => Some(by(0, ["Property", "", ""])),
        // Parents without sorted kinds: everything but annotations keeps its order, first.
        _ => return by(0, ["", "", ""]),
    };
    sorted.unwrap_or(by(LAST, ["", "", ""]))
}

/// Writes `el` from its `<` to its `>`; the caller places it on its line. Children go on
/// lines of their own, unless the element holds text: then everything inside is written as
/// it stands, so no whitespace is added to the text.
fn write(out: &mut String, el: &Element, depth: usize, inline: bool) {
    out.push('<');
    out.push_str(&el.name);
    for (name, value) in &el.attrs {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape(out, value, true);
        out.push('"');
    }
    if el.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    let inline = inline || el.children.iter().any(|c| matches!(c, Node::Text(_)));
    for child in &el.children {
        match child {
            Node::Text(t) => escape(out, t, false),
            Node::Element(c) => {
                if !inline {
                    newline(out, depth + 1);
                }
                write(out, c, depth + 1, inline);
            }
        }
    }
    if !inline {
        newline(out, depth);
    }
    out.push_str("</");
    out.push_str(&el.name);
    out.push('>');
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Escapes `s` for an attribute value (`attr`) or for text. Tab, CR and LF in attribute values
/// and CR in text are character references, since a parser normalizes the literal characters.
fn escape(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' if attr => out.push_str("&quot;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            '>' if !attr => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}
