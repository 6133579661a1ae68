//! What a change is about, as a value: the operation, parameter, type or field
//! a caller of the client would look up. Reports show only its kind
//! (`field`, `operation`, ...); the rest says which methods a change affects.

use std::fmt;

use serde::{Serialize, Serializer};

/// What a change is about, with the names a reader looks up.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// An operation as a whole: added, removed, moved or deprecated.
    Operation {
        /// The operationId.
        operation: String,
    },
    /// A parameter of an operation; `location` is `path`, `query`, `header`
    /// or `cookie`, `name` the parameter's wire name.
    Parameter {
        /// The operationId.
        operation: String,
        /// `path`, `query`, `header` or `cookie`.
        location: String,
        /// The parameter's wire name.
        name: String,
    },
    /// The request body of an operation.
    RequestBody {
        /// The operationId.
        operation: String,
    },
    /// A media type a binary request body may be sent as.
    MediaType {
        /// The operationId.
        operation: String,
        /// The media type.
        media_type: String,
    },
    /// What a successful call returns.
    Response {
        /// The operationId.
        operation: String,
    },
    /// An error status an operation lists.
    Status {
        /// The operationId.
        operation: String,
        /// The status as written (`404`, `4XX`, `default`).
        status: String,
    },
    /// A named type as a whole.
    Type {
        /// The type's Rust name.
        name: String,
    },
    /// A field of a struct, by wire name.
    Field {
        /// The struct's Rust name.
        owner: String,
        /// The field's wire name.
        name: String,
    },
    /// A value of an enum.
    EnumValue {
        /// The enum's Rust name.
        owner: String,
        /// The value on the wire.
        value: String,
    },
    /// A branch of a union, named as the report names its type.
    Variant {
        /// The union's Rust name.
        owner: String,
        /// The variant's name.
        variant: String,
    },
    /// A limit on a field, a parameter or a request body.
    Constraint(Box<Subject>),
}

impl Subject {
    /// The kind of thing, as reports print it.
    pub fn label(&self) -> &'static str {
        match self {
            Subject::Operation { .. } => "operation",
            Subject::Parameter { .. } => "parameter",
            Subject::RequestBody { .. } => "request body",
            Subject::MediaType { .. } => "media type",
            Subject::Response { .. } => "response",
            Subject::Status { .. } => "status",
            Subject::Type { .. } => "type",
            Subject::Field { .. } => "field",
            Subject::EnumValue { .. } => "enum value",
            Subject::Variant { .. } => "variant",
            Subject::Constraint(_) => "constraint",
        }
    }

    /// The operation the change is about, when it is about one.
    pub fn operation(&self) -> Option<&str> {
        match self {
            Subject::Operation { operation }
            | Subject::Parameter { operation, .. }
            | Subject::RequestBody { operation }
            | Subject::MediaType { operation, .. }
            | Subject::Response { operation }
            | Subject::Status { operation, .. } => Some(operation),
            Subject::Constraint(limited) => limited.operation(),
            _ => None,
        }
    }

    /// The named type the change is about, when it is about one.
    pub fn type_name(&self) -> Option<&str> {
        match self {
            Subject::Type { name } => Some(name),
            Subject::Field { owner, .. }
            | Subject::EnumValue { owner, .. }
            | Subject::Variant { owner, .. } => Some(owner),
            Subject::Constraint(limited) => limited.type_name(),
            _ => None,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.label())
    }
}

/// Reports for tools carry the kind only, as the text reports do.
impl Serialize for Subject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field() -> Subject {
        Subject::Field {
            owner: "Order".into(),
            name: "note".into(),
        }
    }

    #[test]
    fn displays_the_kind_reports_print() {
        let parameter = Subject::Parameter {
            operation: "search".into(),
            location: "query".into(),
            name: "q".into(),
        };
        let value = Subject::EnumValue {
            owner: "Colour".into(),
            value: "cyan".into(),
        };
        assert_eq!(field().to_string(), "field");
        assert_eq!(parameter.to_string(), "parameter");
        assert_eq!(value.to_string(), "enum value");
        assert_eq!(
            Subject::RequestBody {
                operation: "upload".into()
            }
            .to_string(),
            "request body"
        );
        assert_eq!(
            Subject::Constraint(Box::new(field())).to_string(),
            "constraint"
        );
    }

    #[test]
    fn serialises_as_its_kind() {
        assert_eq!(
            serde_json::to_string(&Subject::Constraint(Box::new(field()))).ok(),
            Some("\"constraint\"".to_owned())
        );
    }

    #[test]
    fn a_constraint_is_about_what_it_limits() {
        let on_field = Subject::Constraint(Box::new(field()));
        assert_eq!(on_field.type_name(), Some("Order"));
        assert_eq!(on_field.operation(), None);
        let on_body = Subject::Constraint(Box::new(Subject::RequestBody {
            operation: "upload".into(),
        }));
        assert_eq!(on_body.operation(), Some("upload"));
        assert_eq!(on_body.type_name(), None);
    }
}
