//! Parameter encoding (OAS 3.0 4.7.12.4): values are serialised with serde,
//! then laid out in the URL according to the parameter's style and explode.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

/// RFC 3986 unreserved characters stay as they are; everything else is escaped.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How a query parameter's arrays and objects are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `a=1&a=2` (exploded) or `a=1,2`.
    Form,
    /// `a=1%202`.
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a[key]=value`.
    DeepObject,
}

/// OAS `explode`: whether each array item or object property becomes a
/// `name=value` pair of its own (`a=1&a=2`) or all are joined into one (`a=1,2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explode {
    /// One pair per item or property (`explode: true`).
    Yes,
    /// One pair, the values joined (`explode: false`).
    No,
}

/// How a path parameter is laid out in the URL (OAS `style` of `in: path`):
/// `blue` (simple), `.blue` (label) or `;color=blue` (matrix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    Simple,
    Label,
    Matrix,
}

/// An operation's path: its template, with each `{name}` filled in order by
/// a [`param`](Self::param) call, each value percent-encoded and laid out in
/// its style.
///
/// A value that would not stay one segment of its own is refused: URL parsing
/// resolves `.` and `..` away even when percent-encoded (RFC 3986 5.2.4, and
/// the WHATWG URL standard reads `%2E` as a dot), so `DELETE /items/..` would
/// reach the collection; an empty value also names the collection. The first
/// refusal is kept and reported, naming the parameter, before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPath {
    template: &'static str,
    /// The part of the template not written yet.
    rest: &'static str,
    path: String,
    invalid: Option<String>,
}

impl RequestPath {
    /// The path of `template`, whose placeholders the `param` calls fill.
    pub fn new(template: &'static str) -> Self {
        Self {
            template,
            rest: template,
            path: String::with_capacity(template.len()),
            invalid: None,
        }
    }

    /// The template, as the API description writes it.
    pub fn template(&self) -> &'static str {
        self.template
    }

    /// Fills the next placeholder with the path parameter `name` in simple
    /// style, not exploded (the default): `blue`, `blue,black`, `R,100,G,200`.
    pub fn param<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        self.styled_param(name, value, PathStyle::Simple, Explode::No)
    }

    /// Fills the next placeholder with the path parameter `name` in `style`;
    /// with `explode`, array items and object properties are written one by
    /// one (`.blue.black`, `;color=blue;color=black`, `R=100,G=200`).
    pub fn styled_param<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        style: PathStyle,
        explode: Explode,
    ) -> Self {
        self.write_up_to_placeholder();
        let piece = serde_json::to_value(value)
            .map(|value| path_piece(name, &value, style, explode))
            .unwrap_or_default();
        let refusal = match piece.as_str() {
            "" => Some("is empty"),
            "." | ".." => Some("is a dot segment (`.` or `..`), which URL parsing would remove"),
            _ => None,
        };
        match refusal {
            Some(reason) if self.invalid.is_none() => {
                self.invalid = Some(format!("path parameter `{name}` {reason}"));
            }
            Some(_) => {}
            None => self.path.push_str(&piece),
        }
        self
    }

    /// Writes the template's text before its next `{name}` and skips the
    /// placeholder itself.
    fn write_up_to_placeholder(&mut self) {
        let Some(open) = self.rest.find('{') else {
            return;
        };
        self.path.push_str(&self.rest[..open]);
        let after = &self.rest[open..];
        self.rest = after.find('}').map_or("", |close| &after[close + 1..]);
    }

    /// The encoded path, or why it could not be built.
    pub fn into_result(mut self) -> Result<String, String> {
        match self.invalid {
            Some(message) => Err(message),
            None => {
                self.path.push_str(self.rest);
                Ok(self.path)
            }
        }
    }
}

/// A path without parameters.
impl From<&'static str> for RequestPath {
    fn from(template: &'static str) -> Self {
        Self::new(template)
    }
}

/// A path parameter's text in the URL (the table of OAS 3.0 4.7.12.4): each
/// name, key and value percent-encoded on its own, the separators (`,` `.`
/// `;` `=`, all allowed in a segment) written as they are.
fn path_piece(name: &str, value: &Value, style: PathStyle, explode: Explode) -> String {
    let encode = |text: &str| utf8_percent_encode(text, PATH_SEGMENT).to_string();
    let name = encode(name);
    // What comes before the values, and what separates them when exploded.
    let (prefix, exploded_separator) = match style {
        PathStyle::Simple => (String::new(), ","),
        PathStyle::Label => (".".to_owned(), "."),
        PathStyle::Matrix => (format!(";{name}="), ";"),
    };
    match value {
        Value::Array(items) => {
            let items: Vec<String> = items.iter().filter_map(scalar_text).map(|text| encode(&text)).collect();
            match (style, explode) {
                (PathStyle::Matrix, Explode::Yes) => items.iter().map(|item| format!(";{name}={item}")).collect(),
                (_, Explode::Yes) => format!("{prefix}{}", items.join(exploded_separator)),
                (_, Explode::No) => format!("{prefix}{}", items.join(",")),
            }
        }
        Value::Object(fields) => {
            let pairs = fields
                .iter()
                .filter_map(|(key, value)| scalar_text(value).map(|text| (encode(key), encode(&text))));
            match (style, explode) {
                (PathStyle::Matrix, Explode::Yes) => pairs.map(|(key, text)| format!(";{key}={text}")).collect(),
                (_, Explode::Yes) => {
                    let assigned: Vec<String> = pairs.map(|(key, text)| format!("{key}={text}")).collect();
                    let prefix = if style == PathStyle::Label { "." } else { "" };
                    format!("{prefix}{}", assigned.join(exploded_separator))
                }
                (_, Explode::No) => {
                    let flat: Vec<String> = pairs.flat_map(|(key, text)| [key, text]).collect();
                    format!("{prefix}{}", flat.join(","))
                }
            }
        }
        scalar => {
            let text = scalar_text(scalar).map(|text| encode(&text)).unwrap_or_default();
            match style {
                // `;color` for an empty value, as the OAS table writes it.
                PathStyle::Matrix if text.is_empty() => format!(";{name}"),
                _ => format!("{prefix}{text}"),
            }
        }
    }
}

/// The `(name, value)` pairs a query parameter contributes; `None` adds none.
pub fn query_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: ParamStyle,
    explode: Explode,
) -> Result<Vec<(String, String)>, serde_json::Error> {
    Ok(match serde_json::to_value(value)? {
        Value::Null => Vec::new(),
        Value::Array(items) => array_pairs(name, &items, style, explode),
        Value::Object(fields) => object_pairs(name, &fields, style, explode),
        scalar => scalar_text(&scalar)
            .map(|text| (name.to_owned(), text))
            .into_iter()
            .collect(),
    })
}

fn array_pairs(
    name: &str,
    items: &[Value],
    style: ParamStyle,
    explode: Explode,
) -> Vec<(String, String)> {
    let texts = items.iter().filter_map(scalar_text);
    let delimiter = match style {
        ParamStyle::Form | ParamStyle::DeepObject if explode == Explode::Yes => {
            return texts.map(|text| (name.to_owned(), text)).collect();
        }
        ParamStyle::Form | ParamStyle::DeepObject => ",",
        ParamStyle::SpaceDelimited => " ",
        ParamStyle::PipeDelimited => "|",
    };
    vec![(name.to_owned(), texts.collect::<Vec<_>>().join(delimiter))]
}

fn object_pairs(
    name: &str,
    fields: &serde_json::Map<String, Value>,
    style: ParamStyle,
    explode: Explode,
) -> Vec<(String, String)> {
    let present = fields
        .iter()
        .filter_map(|(key, value)| scalar_text(value).map(|text| (key, text)));
    match style {
        ParamStyle::DeepObject => present
            .map(|(key, text)| (format!("{name}[{key}]"), text))
            .collect(),
        ParamStyle::Form if explode == Explode::Yes => present.map(|(key, text)| (key.clone(), text)).collect(),
        _ => {
            let flat: Vec<String> = present
                .flat_map(|(key, text)| [key.clone(), text])
                .collect();
            vec![(name.to_owned(), flat.join(","))]
        }
    }
}

/// Strings unquoted, numbers and booleans as written, nested values as JSON.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(number.to_string()),
        nested => Some(nested.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exploded_form_arrays_repeat_the_name() {
        let pairs =
            query_pairs("state", &vec!["READY", "BLOCKED"], ParamStyle::Form, Explode::Yes).unwrap();
        assert_eq!(
            pairs,
            [
                ("state".into(), "READY".into()),
                ("state".into(), "BLOCKED".into())
            ]
        );
    }

    #[test]
    fn delimited_arrays_join() {
        let pairs = query_pairs("ids", &[1, 2], ParamStyle::PipeDelimited, Explode::No).unwrap();
        assert_eq!(pairs, [("ids".into(), "1|2".into())]);
    }

    #[test]
    fn deep_objects_use_brackets() {
        let value = serde_json::json!({ "a": 1, "b": "x" });
        let pairs = query_pairs("filter", &value, ParamStyle::DeepObject, Explode::Yes).unwrap();
        assert_eq!(
            pairs,
            [
                ("filter[a]".into(), "1".into()),
                ("filter[b]".into(), "x".into())
            ]
        );
    }

    #[test]
    fn absent_values_add_nothing() {
        assert!(query_pairs("a", &None::<i32>, ParamStyle::Form, Explode::Yes)
            .unwrap()
            .is_empty());
    }

    fn path_of<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
        RequestPath::new("/m/{id}/x").param("id", value).into_result()
    }

    #[test]
    fn path_segments_are_escaped() {
        assert_eq!(path_of("a b/c").unwrap(), "/m/a%20b%2Fc/x");
        assert_eq!(path_of("file.pdf").unwrap(), "/m/file.pdf/x");
        assert_eq!(path_of("...").unwrap(), "/m/.../x");
        // Separators stay literal; a comma inside a value is escaped.
        assert_eq!(path_of(&[1, 2]).unwrap(), "/m/1,2/x");
        assert_eq!(path_of(&["a,b", "c"]).unwrap(), "/m/a%2Cb,c/x");
    }

    /// The examples of OAS 3.0 4.7.12.4's style table, for `color`.
    #[test]
    fn path_styles_follow_the_specification_table() {
        let blue = serde_json::json!("blue");
        let colours = serde_json::json!(["blue", "black", "brown"]);
        // Keys in alphabetical order: the same whether or not serde_json keeps order.
        let rgb = serde_json::json!({ "B": 150, "G": 200, "R": 100 });
        let piece = |value: &Value, style, explode| {
            RequestPath::new("/{color}")
                .styled_param("color", value, style, explode)
                .into_result()
                .unwrap()
        };
        use Explode::{No, Yes};
        use PathStyle::{Label, Matrix, Simple};
        let table = [
            (Simple, No, &blue, "/blue"),
            (Simple, Yes, &blue, "/blue"),
            (Simple, No, &colours, "/blue,black,brown"),
            (Simple, Yes, &colours, "/blue,black,brown"),
            (Simple, No, &rgb, "/B,150,G,200,R,100"),
            (Simple, Yes, &rgb, "/B=150,G=200,R=100"),
            (Label, No, &blue, "/.blue"),
            (Label, Yes, &blue, "/.blue"),
            (Label, No, &colours, "/.blue,black,brown"),
            (Label, Yes, &colours, "/.blue.black.brown"),
            (Label, No, &rgb, "/.B,150,G,200,R,100"),
            (Label, Yes, &rgb, "/.B=150.G=200.R=100"),
            (Matrix, No, &blue, "/;color=blue"),
            (Matrix, Yes, &blue, "/;color=blue"),
            (Matrix, No, &colours, "/;color=blue,black,brown"),
            (Matrix, Yes, &colours, "/;color=blue;color=black;color=brown"),
            (Matrix, No, &rgb, "/;color=B,150,G,200,R,100"),
            (Matrix, Yes, &rgb, "/;B=150;G=200;R=100"),
        ];
        for (style, explode, value, expected) in table {
            assert_eq!(piece(value, style, explode), expected, "{style:?} {explode:?} {value}");
        }
        // A label of `.` would be the dot segment `..`.
        let dots = RequestPath::new("/{id}").styled_param("id", ".", Label, No);
        assert!(dots.into_result().is_err());
    }

    #[test]
    fn placeholders_are_filled_in_order_and_the_rest_is_kept() {
        let path = RequestPath::new("/a/{x}/b/{y}.json")
            .param("x", "1")
            .param("y", "two")
            .into_result();
        assert_eq!(path.unwrap(), "/a/1/b/two.json");
        assert_eq!(RequestPath::new("/plain").into_result().unwrap(), "/plain");
        assert_eq!(RequestPath::new("/a/{x}").template(), "/a/{x}");
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        for value in [".", "..", ""] {
            let message = path_of(value).unwrap_err();
            assert!(message.starts_with("path parameter `id` is "), "{message}");
        }
        assert!(path_of(&Vec::<String>::new()).is_err());
    }
}
