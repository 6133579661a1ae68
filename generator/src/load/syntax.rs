//! Document text to a JSON tree, whichever of JSON or YAML it is written in.

use serde_json::{Map, Number, Value};

use crate::diagnostics::GenerateError;

/// Parses `text` as JSON when it looks like JSON (starts with `{`), as YAML otherwise.
///
/// YAML is converted by hand rather than through serde so that non-string keys
/// (real specs write `200:` unquoted) become strings instead of errors.
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
        let mut yaml: serde_yaml::Value =
            serde_yaml::from_str(trimmed).map_err(|error| yaml_syntax_error(&error))?;
        yaml.apply_merge()
            .map_err(|error| yaml_syntax_error(&error))?;
        Ok(yaml_to_json(yaml))
    }
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

fn yaml_to_json(yaml: serde_yaml::Value) -> Value {
    match yaml {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(flag) => Value::Bool(flag),
        serde_yaml::Value::Number(number) => yaml_number(&number),
        serde_yaml::Value::String(text) => Value::String(text),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(yaml_to_json).collect())
        }
        serde_yaml::Value::Mapping(mapping) => Value::Object(
            mapping
                .into_iter()
                .map(|(key, value)| (yaml_key(key), yaml_to_json(value)))
                .collect::<Map<_, _>>(),
        ),
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn yaml_number(number: &serde_yaml::Number) -> Value {
    if let Some(integer) = number.as_i64() {
        Value::Number(integer.into())
    } else if let Some(integer) = number.as_u64() {
        Value::Number(integer.into())
    } else {
        number
            .as_f64()
            .and_then(Number::from_f64)
            .map_or(Value::Null, Value::Number)
    }
}

fn yaml_key(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(text) => text,
        serde_yaml::Value::Number(number) => number.to_string(),
        serde_yaml::Value::Bool(flag) => flag.to_string(),
        serde_yaml::Value::Null => "null".to_owned(),
        other => serde_yaml::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_integer_keys_become_strings() {
        let value = parse_text("responses:\n  200:\n    description: ok\n").unwrap();
        assert_eq!(value["responses"]["200"]["description"], "ok");
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
