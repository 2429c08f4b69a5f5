//! Annotation expressions, in both their attribute form (`String="…"`) and element form
//! (`<Collection>…</Collection>`).

use super::csdl::{Annotation, ConstKind, Expr, PathKind, Record};
use super::parse::{Cx, annotation};
use super::xml::{Element, Ns};

/// Expressions that may be written as an attribute of `Annotation` or `PropertyValue`.
pub const ATTRIBUTE_FORMS: [(&str, Form); 18] = [
    ("Binary", Form::Const(ConstKind::Binary)),
    ("Bool", Form::Const(ConstKind::Bool)),
    ("Date", Form::Const(ConstKind::Date)),
    ("DateTimeOffset", Form::Const(ConstKind::DateTimeOffset)),
    ("Decimal", Form::Const(ConstKind::Decimal)),
    ("Duration", Form::Const(ConstKind::Duration)),
    ("EnumMember", Form::Const(ConstKind::EnumMember)),
    ("Float", Form::Const(ConstKind::Float)),
    ("Guid", Form::Const(ConstKind::Guid)),
    ("Int", Form::Const(ConstKind::Int)),
    ("String", Form::Const(ConstKind::String)),
    ("TimeOfDay", Form::Const(ConstKind::TimeOfDay)),
    ("AnnotationPath", Form::Path(PathKind::Annotation)),
    ("ModelElementPath", Form::Path(PathKind::ModelElement)),
    (
        "NavigationPropertyPath",
        Form::Path(PathKind::NavigationProperty),
    ),
    ("Path", Form::Path(PathKind::Value)),
    ("PropertyPath", Form::Path(PathKind::Property)),
    ("UrlRef", Form::UrlRef),
];

/// How an attribute-form expression is read.
#[derive(Clone, Copy, Debug)]
pub enum Form {
    Const(ConstKind),
    Path(PathKind),
    UrlRef,
}

const OPERATORS: [&str; 19] = [
    "And", "Or", "Not", "Eq", "Ne", "Gt", "Ge", "Lt", "Le", "Has", "In", "Neg", "Add", "Sub",
    "Mul", "Div", "DivBy", "Mod", "Apply",
];

/// The value of an `Annotation` or `PropertyValue`: one attribute form or one child element,
/// and the annotations among its children.
pub fn value_of(el: &Element<'_>, cx: &mut Cx<'_>) -> (Option<Expr>, Vec<Annotation>) {
    let mut values = vec![];
    for (name, form) in ATTRIBUTE_FORMS {
        if let Some(a) = el.attr(name) {
            values.push((a.offset, from_attribute(form, &a.value)));
        }
    }
    let mut annotations = vec![];
    for child in &el.children {
        match (child.ns, child.name) {
            (Ns::Edm, "Annotation") => annotations.push(annotation(child, cx)),
            (Ns::Edm, _) => {
                if let Some(e) = element(child, cx) {
                    values.push((child.offset, e));
                }
            }
            _ => {}
        }
    }
    if values.len() > 1 {
        let span = cx.span(values[1].0);
        cx.diags.warning(
            &span,
            format!(
                "expected one expression in <{}>, found {}; the first one is used",
                el.name,
                values.len()
            ),
        );
    }
    (values.into_iter().next().map(|(_, e)| e), annotations)
}

fn from_attribute(form: Form, value: &str) -> Expr {
    match form {
        Form::Const(kind) => constant(kind, value),
        Form::Path(kind) => Expr::Path(kind, value.trim().to_owned()),
        Form::UrlRef => Expr::UrlRef(Box::new(Expr::Const(ConstKind::String, value.to_owned()))),
    }
}

fn constant(kind: ConstKind, value: &str) -> Expr {
    // String keeps its whitespace; every other constant is a token.
    let text = if kind == ConstKind::String {
        value.to_owned()
    } else {
        value.trim().to_owned()
    };
    Expr::Const(kind, text)
}

/// An expression written as an element; `None` (after an error) for an unknown element.
fn element(el: &Element<'_>, cx: &mut Cx<'_>) -> Option<Expr> {
    if let Some((_, form)) = ATTRIBUTE_FORMS.iter().find(|(n, _)| *n == el.name) {
        return Some(match form {
            Form::UrlRef => Expr::UrlRef(Box::new(single_operand(el, cx).unwrap_or(Expr::Null))),
            form => from_attribute(*form, &el.text),
        });
    }
    let operands = |cx: &mut Cx<'_>| -> Vec<Expr> {
        el.children
            .iter()
            .filter(|c| c.ns == Ns::Edm && c.name != "Annotation")
            .filter_map(|c| element(c, cx))
            .collect()
    };
    Some(match el.name {
        "Null" => Expr::Null,
        "Collection" => Expr::Collection(operands(cx)),
        "Record" => Expr::Record(record(el, cx)),
        "LabeledElementReference" => Expr::LabeledRef(el.text.trim().to_owned()),
        "LabeledElement" => {
            let name = cx.required(el, "Name");
            let (value, _) = value_of(el, cx);
            Expr::Labeled(name, Box::new(value.unwrap_or(Expr::Null)))
        }
        "Cast" | "IsOf" => {
            let ty = cx.required(el, "Type");
            Expr::TypeOp(
                el.name.to_owned(),
                ty,
                Box::new(single_operand(el, cx).unwrap_or(Expr::Null)),
            )
        }
        "If" => {
            let mut ops = operands(cx).into_iter();
            match (ops.next(), ops.next(), ops.next()) {
                (Some(c), Some(t), e) => Expr::If(Box::new(c), Box::new(t), e.map(Box::new)),
                _ => {
                    let span = cx.span(el.offset);
                    cx.diags.warning(
                        &span,
                        "expected a condition and a then-expression in <If>, found fewer; the expression is skipped",
                    );
                    return None;
                }
            }
        }
        "Apply" => {
            let function = cx.required(el, "Function");
            Expr::Apply(function, operands(cx))
        }
        op if OPERATORS.contains(&op) => Expr::Op(op.to_owned(), operands(cx)),
        other => {
            let span = cx.span(el.offset);
            cx.diags.warning(
                &span,
                format!("expected an annotation expression, found unknown element <{other}>; it is skipped"),
            );
            return None;
        }
    })
}

fn single_operand(el: &Element<'_>, cx: &mut Cx<'_>) -> Option<Expr> {
    el.children
        .iter()
        .filter(|c| c.ns == Ns::Edm && c.name != "Annotation")
        .find_map(|c| element(c, cx))
}

fn record(el: &Element<'_>, cx: &mut Cx<'_>) -> Record {
    let mut record = Record {
        ty: cx.optional(el, "Type"),
        properties: vec![],
        annotations: vec![],
    };
    for child in &el.children {
        match (child.ns, child.name) {
            (Ns::Edm, "PropertyValue") => {
                let name = cx.required(child, "Property");
                let (value, _) = value_of(child, cx);
                // A PropertyValue without a value is kept visible as Null rather than guessed.
                let value = value.unwrap_or(Expr::Null);
                record.properties.push((name, value));
            }
            (Ns::Edm, "Annotation") => record.annotations.push(annotation(child, cx)),
            (Ns::Edm, other) => {
                let span = cx.span(child.offset);
                cx.diags.warning(
                    &span,
                    format!(
                        "expected <PropertyValue> or <Annotation> in <Record>, found <{other}>; it is skipped"
                    ),
                );
            }
            _ => {}
        }
    }
    record
}
