//! The values mutations write: awkward names, literals of every JSON type,
//! and the keyword values real documents use (types, formats, media types,
//! status codes, parameter styles), each a small enum so the fuzzer picks
//! among meaningful choices instead of guessing strings byte by byte.

use arbitrary::Arbitrary;
use serde_json::{json, Value};

/// Names that are Rust keywords, prelude or runtime names, empty, made of
/// punctuation, non-ASCII, or starting with a digit: each must become a valid,
/// distinct identifier (or a clear error), never broken code.
const AWKWARD_NAMES: &[&str] = &[
    "self",
    "Self",
    "super",
    "crate",
    "_",
    "__",
    "From",
    "Option",
    "Result",
    "Some",
    "None",
    "Box",
    "Vec",
    "String",
    "clone",
    "type",
    "r#type",
    "fn",
    "async",
    "await",
    "dyn",
    "match",
    "try",
    "union",
    "",
    " ",
    "0",
    "1abc",
    "9_lives",
    "fooBar",
    "foo_bar",
    "FooBar",
    "FOO_BAR",
    "foo-bar",
    "foo.bar",
    "foo bar",
    "ñandú",
    "日本語",
    "🎉",
    "a/b",
    "a~b",
    "%20",
    "{x}",
    "$ref",
    "null",
    "true",
    "default",
    "Client",
    "Error",
    "Request",
    "Response",
    "serde",
    "std",
    "core",
    "new",
    "build",
    "send",
    "into",
    "Default",
    "Debug",
    "Sized",
    "Send",
    "Sync",
    "type_",
    "r#",
    "\u{200b}",
    "-",
    "+1",
    "-1",
    "a\"b",
    "a\\b",
    "a\nb",
    "Ω",
    "ß",
    "İ",
    "ǅ",
    "_1",
    "x__y",
];

/// A name to give to a schema, property, parameter, operation or enum value.
#[derive(Arbitrary, Debug, Clone)]
pub enum Name {
    /// One of [`AWKWARD_NAMES`].
    Awkward(u8),
    /// A sibling's name in another casing (`fooBar` beside `foo_bar`), so that
    /// two names collide once the generator converts them to Rust casing.
    Recased { sibling: u16, casing: Casing },
    /// A sibling's name exactly: a duplicate.
    Sibling(u16),
    /// Anything, kept short.
    Free(String),
}

/// The casings names are converted between.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Casing {
    Lower,
    Upper,
    Snake,
    Camel,
    Kebab,
    Spaced,
}

impl Name {
    /// The name as text; `siblings` are the names already in the same place.
    pub fn text(&self, siblings: &[String]) -> String {
        match self {
            Name::Awkward(index) => {
                AWKWARD_NAMES[usize::from(*index) % AWKWARD_NAMES.len()].to_owned()
            }
            Name::Recased { sibling, casing } => match crate::tree::pick(siblings, *sibling) {
                Some(name) => recase(name, *casing),
                None => "fooBar".to_owned(),
            },
            Name::Sibling(sibling) => crate::tree::pick(siblings, *sibling)
                .cloned()
                .unwrap_or_else(|| "foo_bar".to_owned()),
            Name::Free(text) => text.chars().take(12).collect(),
        }
    }
}

/// `name` split at case changes and punctuation, rejoined in `casing`.
fn recase(name: &str, casing: Casing) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut previous_lower = false;
    for character in name.chars() {
        if !character.is_alphanumeric() {
            words.push(String::new());
            previous_lower = false;
            continue;
        }
        if character.is_uppercase() && previous_lower || words.is_empty() {
            words.push(String::new());
        }
        previous_lower = character.is_lowercase();
        if let Some(word) = words.last_mut() {
            word.extend(character.to_lowercase());
        }
    }
    words.retain(|word| !word.is_empty());
    match casing {
        Casing::Lower => words.concat(),
        Casing::Upper => words.concat().to_uppercase(),
        Casing::Snake => words.join("_"),
        Casing::Kebab => words.join("-"),
        Casing::Spaced => words.join(" "),
        Casing::Camel => words
            .iter()
            .enumerate()
            .map(|(index, word)| {
                if index == 0 {
                    word.clone()
                } else {
                    capitalised(word)
                }
            })
            .collect(),
    }
}

fn capitalised(word: &str) -> String {
    let mut characters = word.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// A JSON value of any type, for `enum`, `const`, `default`, `example` and
/// constraint keywords: the wrong type for the schema is the point.
#[derive(Arbitrary, Debug, Clone)]
pub enum Literal {
    Null,
    Bool(bool),
    Integer(i64),
    Huge,
    Fraction(i32),
    Text(Name),
    EmptyList,
    EmptyObject,
    List(Vec<Scalar>),
    Object(Name, Scalar),
}

/// A literal that holds no other literal, so values stay small.
#[derive(Arbitrary, Debug, Clone)]
pub enum Scalar {
    Null,
    Bool(bool),
    Integer(i64),
    Text(Name),
}

impl Scalar {
    fn value(&self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(value) => json!(value),
            Scalar::Integer(value) => json!(value),
            Scalar::Text(name) => json!(name.text(&[])),
        }
    }
}

impl Literal {
    pub fn value(&self) -> Value {
        match self {
            Literal::Null => Value::Null,
            Literal::Bool(value) => json!(value),
            Literal::Integer(value) => json!(value),
            Literal::Huge => json!(u64::MAX),
            Literal::Fraction(value) => json!(f64::from(*value) / 8.0),
            Literal::Text(name) => json!(name.text(&[])),
            Literal::EmptyList => json!([]),
            Literal::EmptyObject => json!({}),
            Literal::List(items) => Value::Array(items.iter().map(Scalar::value).collect()),
            Literal::Object(name, value) => json!({ name.text(&[]): value.value() }),
        }
    }
}

/// Picks from a fixed list of keyword values; one enum per keyword keeps the
/// lists next to what they are for.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident: $($text:expr),+ $(,)?) => {
        $(#[$doc])*
        #[derive(Arbitrary, Debug, Clone, Copy)]
        pub struct $name(u8);

        impl $name {
            const CHOICES: &'static [&'static str] = &[$($text),+];

            pub fn text(self) -> &'static str {
                Self::CHOICES[usize::from(self.0) % Self::CHOICES.len()]
            }
        }
    };
}
pub(crate) use choice;

choice!(
    /// `type` values, including Swagger 2's `file` and a misspelling.
    TypeName: "string", "integer", "number", "boolean", "array", "object", "null", "file", "strin"
);

choice!(
    /// `format` values the generator maps to special types, and unknown ones.
    Format: "binary", "byte", "date-time", "date", "time", "duration", "int32", "int64",
    "uint64", "float", "double", "uuid", "uri", "email", "password", "decimal", "ipv4", "",
    "unknown-format"
);

choice!(
    /// Media types with their own body encodings, and odd spellings of them.
    MediaType: "application/json", "multipart/form-data", "application/x-www-form-urlencoded",
    "text/plain", "application/octet-stream", "application/problem+json", "application/xml",
    "*/*", "application/*", "application/json; charset=utf-8", "", "image/png",
    "application/vnd.api+json", "text/event-stream", "APPLICATION/JSON"
);

choice!(
    /// Response status keys: exact, ranges, `default`, and malformed ones.
    Status: "200", "201", "204", "2XX", "2xx", "default", "304", "400", "4XX", "5XX", "599",
    "099", "1XX", "20", "abc", ""
);

choice!(
    /// `openapi` versions: both supported lines, a future one, and Swagger's.
    Version: "3.0.3", "3.1.0", "3.0.0", "3.1.1", "3.2.0", "2.0", "3", ""
);

choice!(
    /// Parameter `in` values, including Swagger 2's and a bogus one.
    Location: "path", "query", "header", "cookie", "body", "formData", "nowhere"
);

choice!(
    /// Parameter `style` values, allowed or not for the parameter's location.
    Style: "form", "simple", "label", "matrix", "spaceDelimited", "pipeDelimited",
    "deepObject", "bogus"
);

choice!(
    /// `pattern` values: ordinary, unsupported by the `regex` crate
    /// (look-around, back-references), invalid, and enormous repetitions.
    Pattern: "^[a-z]+$", "^\\d{3}-\\d{4}$", "\\p{L}+", "(?=x)x", "(a)\\1", "(", "[a-", "\\",
    "", "a{99999999}", "(?<name>x)", "[[:alpha:]]", "^$"
);
