//! [`PathTemplate`]: an operation's path, parsed once into literal text and
//! the path parameters that fill it.

use std::fmt;

use super::ident::RustIdent;

/// A path such as `/documents/{documentId}/status` (OAS 3.1 4.8.8: template
/// expressions in curly braces name path parameters).
#[derive(Debug, Clone, PartialEq)]
pub struct PathTemplate {
    /// The template as the document writes it: shown in docs and tracing spans.
    text: String,
    segments: Vec<PathSegment>,
}

/// One piece of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    /// Text sent as written.
    Literal(String),
    /// A path parameter's value, percent-encoded; the Rust name of its argument.
    Parameter(RustIdent),
}

/// A template variable before it is bound to its parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawSegment<'text> {
    Literal(&'text str),
    Variable(&'text str),
}

/// Why a path is not a template: braces that do not pair up around a name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("`{{` at byte {0} has no matching `}}`")]
    Unclosed(usize),
    #[error("`}}` at byte {0} closes no `{{`")]
    UnopenedClose(usize),
    #[error("`{{` at byte {0} opens a second expression inside the first")]
    Nested(usize),
    #[error("the expression at byte {0} names no parameter")]
    Empty(usize),
}

/// Splits a path template into literal text and variable names.
pub fn parse_template(text: &str) -> Result<Vec<RawSegment<'_>>, TemplateError> {
    let mut segments = Vec::new();
    let mut rest_start = 0;
    let mut open: Option<usize> = None;
    for (position, character) in text.char_indices() {
        match (character, open) {
            ('{', Some(_)) => return Err(TemplateError::Nested(position)),
            ('{', None) => {
                if position > rest_start {
                    segments.push(RawSegment::Literal(&text[rest_start..position]));
                }
                open = Some(position);
            }
            ('}', None) => return Err(TemplateError::UnopenedClose(position)),
            ('}', Some(start)) => {
                let name = &text[start + 1..position];
                if name.is_empty() {
                    return Err(TemplateError::Empty(start));
                }
                segments.push(RawSegment::Variable(name));
                open = None;
                rest_start = position + 1;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        return Err(TemplateError::Unclosed(start));
    }
    if rest_start < text.len() {
        segments.push(RawSegment::Literal(&text[rest_start..]));
    }
    Ok(segments)
}

/// The variable names of parsed segments, in template order.
pub fn template_variables<'list, 'text>(
    segments: &'list [RawSegment<'text>],
) -> impl Iterator<Item = &'text str> + 'list {
    segments.iter().filter_map(|segment| match segment {
        RawSegment::Variable(name) => Some(*name),
        RawSegment::Literal(_) => None,
    })
}

impl PathTemplate {
    /// A template whose text is `text`, already split into `segments`.
    pub fn new(text: impl Into<String>, segments: Vec<PathSegment>) -> Self {
        Self {
            text: text.into(),
            segments,
        }
    }

    /// The template as written in the document.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The literal and parameter pieces, in order.
    pub fn segments(&self) -> &[PathSegment] {
        &self.segments
    }

    /// Whether the path is fixed text, with no parameter in it.
    pub fn is_literal(&self) -> bool {
        self.segments
            .iter()
            .all(|segment| matches!(segment, PathSegment::Literal(_)))
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_variables_alternate_in_order() {
        assert_eq!(
            parse_template("/documents/{documentId}/files/{name}.pdf"),
            Ok(vec![
                RawSegment::Literal("/documents/"),
                RawSegment::Variable("documentId"),
                RawSegment::Literal("/files/"),
                RawSegment::Variable("name"),
                RawSegment::Literal(".pdf"),
            ])
        );
        assert_eq!(parse_template("/a"), Ok(vec![RawSegment::Literal("/a")]));
    }

    #[test]
    fn adjacent_variables_have_no_literal_between() {
        let segments = parse_template("/{a}{b}").unwrap_or_default();
        assert_eq!(
            template_variables(&segments).collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn malformed_braces_are_errors() {
        assert_eq!(parse_template("/n/{{x}}"), Err(TemplateError::Nested(4)));
        assert_eq!(parse_template("/n/{x"), Err(TemplateError::Unclosed(3)));
        assert_eq!(
            parse_template("/n/x}"),
            Err(TemplateError::UnopenedClose(4))
        );
        assert_eq!(parse_template("/n/{}"), Err(TemplateError::Empty(3)));
    }
}
