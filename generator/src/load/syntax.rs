//! Document text to a JSON tree, whichever of JSON or YAML it is written in.

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};

use crate::diagnostics::GenerateError;

/// Parses `text` as JSON when it looks like JSON (starts with `{`), as YAML otherwise.
///
/// YAML is read into a JSON tree directly, so that non-string keys (real specs
/// write `200:` unquoted) become strings instead of errors, and so that the
/// tree's size can be bounded while YAML aliases are expanded.
pub fn parse_text(text: &str) -> Result<Value, GenerateError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        serde_json::from_str(trimmed).map_err(|error| GenerateError::Syntax {
            format: "JSON",
            line: error.line(),
            column: error.column(),
            message: strip_position(&error.to_string()),
        })
    } else {
        parse_yaml(trimmed, yaml_node_budget(trimmed.len()))
    }
}

fn parse_yaml(text: &str, budget: usize) -> Result<Value, GenerateError> {
    let budget = Cell::new(budget);
    Node(&budget)
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .map_err(|error| yaml_syntax_error(&error))
}

/// How many values a YAML document may expand to. Aliases let 100 KB of text
/// expand to gigabytes (each alias repeats a whole subtree), below serde_yaml's
/// own repetition limit; a real document has far fewer values than bytes.
fn yaml_node_budget(text_length: usize) -> usize {
    2_000_000 + 10 * text_length
}

fn yaml_syntax_error(error: &serde_yaml::Error) -> GenerateError {
    let (line, column) = error
        .location()
        .map_or((0, 0), |location| (location.line(), location.column()));
    GenerateError::Syntax {
        format: "YAML",
        line,
        column,
        message: strip_position(&error.to_string()),
    }
}

/// Both parsers append " at line X column Y"; the error already carries those.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

/// One YAML value as JSON, charged against the document's budget of values.
struct Node<'budget>(&'budget Cell<usize>);

impl Node<'_> {
    fn spend<E: de::Error>(&self) -> Result<(), E> {
        match self.0.get().checked_sub(1) {
            Some(left) => {
                self.0.set(left);
                Ok(())
            }
            None => Err(E::custom(
                "the document expands to too many values (through YAML aliases); it is refused",
            )),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a YAML value")
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Bool(flag))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Number(number.into()))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Number(number.into()))
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Value, E> {
        self.spend()?;
        Ok(Number::from_f64(number).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::String(text.to_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut items = Vec::new();
        while let Some(item) = sequence.next_element_seed(Node(self.0))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut fields = Map::new();
        let mut merged = Vec::new();
        while let Some(key) = entries.next_key_seed(Key(self.0))? {
            let value = entries.next_value_seed(Node(self.0))?;
            if key == "<<" {
                merged.push(value);
            } else {
                fields.insert(key, value);
            }
        }
        merge_keys(&mut fields, merged);
        Ok(Value::Object(fields))
    }

    /// A tagged value (`!tag value`): the tag says nothing to OpenAPI.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant): (de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant_seed(self)
    }
}

/// YAML merge keys (`<<: *base`): the mapping's own keys win, then earlier
/// merged mappings over later ones.
fn merge_keys(fields: &mut Map<String, Value>, merged: Vec<Value>) {
    for value in merged {
        let sources = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        for source in sources {
            if let Value::Object(source) = source {
                for (key, value) in source {
                    fields.entry(key).or_insert(value);
                }
            }
        }
    }
}

/// A mapping key as a string: `200` and `true` as written. A mapping or a
/// sequence as a key (YAML allows it, OpenAPI never uses it) is an error:
/// written out as JSON, each level of nested keys would escape the one
/// inside it again, doubling its size per level.
struct Key<'budget>(&'budget Cell<usize>);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        let key = Node(self.0).deserialize(deserializer)?;
        match key {
            Value::String(text) => Ok(text),
            Value::Null => Ok("null".to_owned()),
            Value::Object(_) | Value::Array(_) => Err(de::Error::custom(
                "a mapping or sequence cannot be a mapping key here",
            )),
            scalar => Ok(scalar.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_complex_keys_are_refused_at_once() {
        // Each level used to escape the JSON text of the key inside it again.
        let nested = (0..60).fold("a: 1".to_owned(), |inner, _| {
            format!("{{ {{ {inner} }}: 1 }}")
        });
        let error = parse_text(&format!(
            "info: {nested}
"
        ))
        .unwrap_err();
        assert!(
            error.to_string().contains("cannot be a mapping key"),
            "{error}"
        );
    }

    #[test]
    fn yaml_integer_keys_become_strings() {
        let value = parse_text("responses:\n  200:\n    description: ok\n").unwrap();
        assert_eq!(value["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn yaml_merge_keys_and_anchors_expand() {
        let value = parse_text(
            "base: &base { a: 1, b: 2 }\nderived:\n  <<: *base\n  b: 3\ntagged: !custom 7\n",
        )
        .unwrap();
        assert_eq!(value["derived"]["a"], 1);
        assert_eq!(value["derived"]["b"], 3);
        assert_eq!(value["tagged"], 7);
    }

    #[test]
    fn aliases_that_expand_past_the_budget_are_refused() {
        // One list repeated by aliases: far more values than text, with few
        // enough alias jumps for serde_yaml's own repetition limit.
        let base = vec!["v"; 200].join(", ");
        let aliases = vec!["*base"; 200].join(", ");
        let text = format!("base: &base [{base}]\nall: [{aliases}]\n");
        assert!(parse_yaml(&text, 50_000).is_ok(), "40,000 values fit");
        let error = parse_yaml(&text, 30_000).unwrap_err();
        assert!(
            error.to_string().contains("expands to too many values"),
            "{error}"
        );
    }

    #[test]
    fn json_error_reports_line_and_column() {
        let error = parse_text("{\n  \"openapi\": 3.1.0\n}").unwrap_err();
        assert!(
            matches!(
                error,
                GenerateError::Syntax {
                    format: "JSON",
                    line: 2,
                    ..
                }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn yaml_error_reports_line() {
        let error = parse_text("openapi: 3.0.0\ninfo: [unclosed\n").unwrap_err();
        assert!(
            matches!(
                error,
                GenerateError::Syntax {
                    format: "YAML",
                    line: 3,
                    ..
                } | GenerateError::Syntax {
                    format: "YAML",
                    line: 2,
                    ..
                }
            ),
            "{error:?}"
        );
    }
}
