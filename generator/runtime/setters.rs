//! The `with_` setters of the generated structs, written once.
//!
//! Every optional field of a struct a caller sends has a setter, and an API
//! whose operations share a dozen optional header or query parameters (AWS,
//! Google) has tens of thousands of them: spelled out, they were most of
//! such a client's lines. The generated code lists them in one
//! `setters!` line per struct.

/// `with_` setters for the optional fields of a struct:
/// `setters!(Pet { with_tag(tag: String); nullable: with_note(note: String) });`
/// gives `with_tag(impl Into<String>)`, which stores `Some(tag.into())`, and
/// `with_note(Option<String>)`, which stores `Some(note)` (`Some(None)` is
/// sent as `null`). A setter may carry attributes (`#[deprecated]`).
// An API without sent structs leaves it unused.
#[allow(unused_macros)]
macro_rules! setters {
    (
        $name:ident {
            $($(#[$meta:meta])* $setter:ident($field:ident: $ty:ty)),* $(,)?
            $(; nullable: $($(#[$nullable_meta:meta])* $nullable_setter:ident($nullable_field:ident: $nullable_ty:ty)),* $(,)?)?
        }
    ) => {
        #[allow(deprecated)]
        impl $name {
            $(
                /// Sets the field this method is named after.
                $(#[$meta])*
                pub fn $setter(mut self, $field: impl ::std::convert::Into<$ty>) -> Self {
                    self.$field = ::std::option::Option::Some($field.into());
                    self
                }
            )*
            $($(
                /// Sets the field this method is named after; `None` is sent as `null`.
                $(#[$nullable_meta])*
                pub fn $nullable_setter(mut self, $nullable_field: ::std::option::Option<$nullable_ty>) -> Self {
                    self.$nullable_field = ::std::option::Option::Some($nullable_field);
                    self
                }
            )*)?
        }
    };
}
#[allow(unused_imports)]
pub(crate) use setters;

/// `new` for a struct callers send, from its required fields (each with the
/// argument type `new` takes: `impl Into<T>`, or `Option<T>` for one that
/// may be `null`), the fields that start as `None`, and the map of
/// undeclared properties, which starts empty:
/// `constructor!(Pet { name: impl Into<String>, note: Option<String>; tag; extra });`.
/// Spelled out, `new` was a line per field, and a struct of an API with a
/// dozen optional parameters on every operation has them all.
// An API without required fields in what callers send leaves it unused.
#[allow(unused_macros)]
macro_rules! constructor {
    (
        $(#[$meta:meta])* $name:ident {
            $($argument:ident: $argument_ty:ty),* ;
            $($unset:ident),* ;
            $($empty:ident),* $(;)?
        }
    ) => {
        $(#[$meta])*
        impl $name {
            /// A value with the required fields; the optional ones are `None`
            /// until set with the `with_` methods.
            #[allow(clippy::too_many_arguments)]
            pub fn new($($argument: $argument_ty),*) -> Self {
                Self {
                    $($argument: ::std::convert::Into::into($argument),)*
                    $($unset: ::std::option::Option::None,)*
                    $($empty: ::std::default::Default::default(),)*
                }
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use constructor;

#[cfg(test)]
mod tests {
    #[derive(Debug, Default, PartialEq)]
    struct Pet {
        tag: Option<String>,
        r#type: Option<String>,
        note: Option<Option<String>>,
        old: Option<i64>,
    }

    setters!(Pet {
        with_tag(tag: String),
        with_type(r#type: String),
        #[deprecated]
        with_old(old: i64);
        nullable: with_note(note: String)
    });

    #[derive(Debug, PartialEq)]
    struct Order {
        item: String,
        note: Option<String>,
        tag: Option<String>,
        id: Option<i64>,
        extra: std::collections::BTreeMap<String, i64>,
    }

    constructor!(Order { item: impl Into<String>, note: Option<String>; tag, id; extra });

    #[test]
    fn the_constructor_takes_the_required_fields_and_leaves_the_rest_unset() {
        let order = Order::new("pen", None);
        assert_eq!(
            order,
            Order {
                item: "pen".to_owned(),
                note: None,
                tag: None,
                id: None,
                extra: std::collections::BTreeMap::new(),
            }
        );
        assert_eq!(Order::new(String::from("ink"), Some("blue".to_owned())).note.as_deref(), Some("blue"));
    }

    #[test]
    #[allow(deprecated)]
    fn setters_store_some_of_the_value() {
        let pet = Pet::default()
            .with_tag("a")
            .with_type(String::from("dog"))
            .with_note(None)
            .with_old(3);
        assert_eq!(
            pet,
            Pet {
                tag: Some("a".to_owned()),
                r#type: Some("dog".to_owned()),
                note: Some(None),
                old: Some(3),
            }
        );
    }
}
