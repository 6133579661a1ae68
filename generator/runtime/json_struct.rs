//! `Serialize` and `Deserialize` for the generated structs, written once.
//!
//! Derived serde impls are a large part of what the compiler checks in a
//! generated crate: for each struct a field enum, a visitor with three
//! matches over the field names, a sequence visitor and a missing-field check
//! per field. A big API has thousands of structs, and that code made most of
//! the time and memory its `cargo check` needed. Here a struct reads its JSON
//! object once and takes each field by name, one call per field
//! (`json_struct!`): one call reads every field into its slot, one call
//! writes them all; how each kind of field is read and written lives in the
//! types of `read` and `write` below.
//!
//! Values go through `serde_json::Value`, so any self-describing format
//! works; a field that fails to read is named in the error
//! (``field `title`: invalid type ...``).

// A document without structs, or without fields of some kind, leaves parts
// of it unused.
#![allow(dead_code)]

use serde::de::DeserializeOwned;
use serde::ser::{Error as _, SerializeMap as _};
use serde_json::{Map, Value};

use super::serde_helpers::{binary_text, option_binary_text};

/// A field being read: where its value goes, and how it is read.
pub trait ReadSlot {
    /// Fills the slot from the field's value, `None` when it is absent.
    fn fill(&mut self, key: &str, value: Option<Value>) -> Result<(), String>;

    /// Whether the slot takes every property the slots before did not.
    fn takes_the_rest(&self) -> bool {
        false
    }
}

/// A field being written: its value as JSON, `None` to leave it out.
pub trait WriteValue {
    fn to_json(&self) -> Result<Option<Value>, String>;

    /// Whether the value is a map of properties written beside the others.
    fn is_the_rest(&self) -> bool {
        false
    }
}

fn decode<T: DeserializeOwned>(key: &str, value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|error| format!("field `{key}`: {error}"))
}

fn encode<T: serde::Serialize>(value: &T) -> Result<Option<Value>, String> {
    serde_json::to_value(value).map(Some).map_err(|error| error.to_string())
}

/// Reads the JSON object a struct is made from into its slots, one per field
/// in declaration order; what the others leave goes to a [`read::Rest`]
/// slot, which comes last.
pub fn read_fields<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    slots: &mut [(&'static str, &mut dyn ReadSlot)],
) -> Result<(), D::Error> {
    use serde::de::Error as _;
    let mut object = <Map<String, Value> as serde::Deserialize>::deserialize(deserializer)?;
    for (key, slot) in slots {
        let value = if slot.takes_the_rest() {
            Some(Value::Object(std::mem::take(&mut object)))
        } else {
            object.remove(*key)
        };
        slot.fill(key, value).map_err(D::Error::custom)?;
    }
    Ok(())
}

/// Writes a struct's fields, in order, as one JSON object; the map of
/// undeclared properties ([`write::Rest`]) is written entry by entry.
pub fn write_fields<S: serde::Serializer>(
    serializer: S,
    fields: &[(&'static str, &dyn WriteValue)],
) -> Result<S::Ok, S::Error> {
    let mut values = Vec::with_capacity(fields.len());
    for (key, field) in fields {
        match field.to_json().map_err(S::Error::custom)? {
            Some(Value::Object(rest)) if field.is_the_rest() => values.extend(rest),
            Some(value) => values.push(((*key).to_owned(), value)),
            None => {}
        }
    }
    let mut map = serializer.serialize_map(Some(values.len()))?;
    for (key, value) in &values {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// How each kind of field is read. A slot is the `Option` of the field's
/// type, filled when the field is present (a required field that is not is
/// refused), and `finish`ed into `Some` of the field's value: `None` only for
/// an empty required slot, which `read_fields` has already refused.
pub mod read {
    use super::{decode, ReadSlot, Value};

    /// A required nullable field: absent reads as `None` too.
    #[allow(unused_imports)]
    pub use self::Optional as Nullable;
    /// A required nullable `format: binary` field.
    #[allow(unused_imports)]
    pub use self::OptionalTextBytes as NullableTextBytes;

    /// A required field: its absence is an error.
    pub struct Required<'a, T>(pub &'a mut Option<T>);

    impl<T> Required<'_, T> {
        pub fn finish(slot: Option<T>) -> Option<T> {
            slot
        }
    }

    impl<T: serde::de::DeserializeOwned> ReadSlot for Required<'_, T> {
        fn fill(&mut self, key: &str, value: Option<Value>) -> Result<(), String> {
            let value = value.ok_or_else(|| format!("missing field `{key}`"))?;
            *self.0 = Some(decode(key, value)?);
            Ok(())
        }
    }

    /// A field whose absence reads as its default: an optional field
    /// (absent or `null` is `None`), a required nullable one, and an
    /// optional nullable one (`Option<Option<T>>`: absent is `None`,
    /// `null` is `Some(None)`).
    pub struct Optional<'a, T>(pub &'a mut Option<T>);

    impl<T: Default> Optional<'_, T> {
        pub fn finish(slot: Option<T>) -> Option<T> {
            Some(slot.unwrap_or_default())
        }
    }

    impl<T: serde::de::DeserializeOwned> ReadSlot for Optional<'_, T> {
        fn fill(&mut self, key: &str, value: Option<Value>) -> Result<(), String> {
            if let Some(value) = value {
                *self.0 = Some(decode(key, value)?);
            }
            Ok(())
        }
    }

    /// `Some` of a present value, even `null`: for `Option<Option<T>>`.
    pub struct DoubleOption<'a, T>(pub &'a mut Option<Option<Option<T>>>);

    impl<T> DoubleOption<'_, T> {
        pub fn finish(slot: Option<Option<Option<T>>>) -> Option<Option<Option<T>>> {
            Some(slot.flatten())
        }
    }

    impl<T: serde::de::DeserializeOwned> ReadSlot for DoubleOption<'_, T> {
        fn fill(&mut self, key: &str, value: Option<Value>) -> Result<(), String> {
            if let Some(value) = value {
                *self.0 = Some(Some(decode(key, value)?));
            }
            Ok(())
        }
    }

    /// A required `format: binary` field, carried as its text.
    pub struct TextBytes<'a>(pub &'a mut Option<Vec<u8>>);

    impl TextBytes<'_> {
        pub fn finish(slot: Option<Vec<u8>>) -> Option<Vec<u8>> {
            slot
        }
    }

    impl ReadSlot for TextBytes<'_> {
        fn fill(&mut self, key: &str, value: Option<Value>) -> Result<(), String> {
            let mut bytes = Vec::new();
            super::fill::TextBytes(&mut bytes).fill(key, value)?;
            *self.0 = Some(bytes);
            Ok(())
        }
    }

    /// A `format: binary` field that may be absent or `null`.
    pub struct OptionalTextBytes<'a>(pub &'a mut Option<Option<Vec<u8>>>);

    impl OptionalTextBytes<'_> {
        pub fn finish(slot: Option<Option<Vec<u8>>>) -> Option<Option<Vec<u8>>> {
            Some(slot.flatten())
        }
    }

    impl ReadSlot for OptionalTextBytes<'_> {
        fn fill(&mut self, key: &str, value: Option<Value>) -> Result<(), String> {
            if value.is_some() {
                let mut bytes = None;
                super::fill::OptionalTextBytes(&mut bytes).fill(key, value)?;
                *self.0 = Some(bytes);
            }
            Ok(())
        }
    }

    /// The properties beyond the declared ones: what the slots before took
    /// not.
    pub struct Rest<'a, T>(pub &'a mut Option<std::collections::BTreeMap<String, T>>);

    impl<T> Rest<'_, T> {
        pub fn finish(
            slot: Option<std::collections::BTreeMap<String, T>>,
        ) -> Option<std::collections::BTreeMap<String, T>> {
            Some(slot.unwrap_or_default())
        }
    }

    impl<T: serde::de::DeserializeOwned> ReadSlot for Rest<'_, T> {
        fn takes_the_rest(&self) -> bool {
            true
        }

        fn fill(&mut self, key: &str, value: Option<Value>) -> Result<(), String> {
            let mut rest = std::collections::BTreeMap::new();
            super::fill::Rest(&mut rest).fill(key, value)?;
            *self.0 = Some(rest);
            Ok(())
        }
    }
}

/// How each kind of field is read straight into a struct that starts as its
/// `Default`: no slot to declare per field, which costs the compiler less
/// than the slots of [`read`]. Absent optional fields keep their default
/// (`None`).
pub mod fill {
    use super::{binary_text, decode, option_binary_text, ReadSlot, Value};

    /// A required field: its absence is an error.
    pub struct Required<'a, T>(pub &'a mut T);

    impl<T: serde::de::DeserializeOwned> ReadSlot for Required<'_, T> {
        fn fill(&mut self, key: &str, value: Option<Value>) -> Result<(), String> {
            let value = value.ok_or_else(|| format!("missing field `{key}`"))?;
            *self.0 = decode(key, value)?;
            Ok(())
        }
    }

    /// A field whose absence leaves its default: an optional field, or a
    /// required nullable one.
    pub struct Optional<'a, T>(pub &'a mut T);

    /// A required nullable field: absent reads as `None` too.
    #[allow(unused_imports)]
    pub use self::Optional as Nullable;

    impl<T: serde::de::DeserializeOwned> ReadSlot for Optional<'_, T> {
        fn fill(&mut self, key: &str, value: Option<Value>) -> Result<(), String> {
            if let Some(value) = value {
                *self.0 = decode(key, value)?;
            }
            Ok(())
        }
    }

    /// `Some` of a present value, even `null`: for `Option<Option<T>>`.
    pub struct DoubleOption<'a, T>(pub &'a mut Option<Option<T>>);

    impl<T: serde::de::DeserializeOwned> ReadSlot for DoubleOption<'_, T> {
        fn fill(&mut self, key: &str, value: Option<Value>) -> Result<(), String> {
            if let Some(value) = value {
                *self.0 = Some(decode(key, value)?);
            }
            Ok(())
        }
    }

    /// A required `format: binary` field, carried as its text.
    pub struct TextBytes<'a>(pub &'a mut Vec<u8>);

    impl ReadSlot for TextBytes<'_> {
        fn fill(&mut self, key: &str, value: Option<Value>) -> Result<(), String> {
            let value = value.ok_or_else(|| format!("missing field `{key}`"))?;
            *self.0 = binary_text::deserialize(value).map_err(|error| format!("field `{key}`: {error}"))?;
            Ok(())
        }
    }

    /// A `format: binary` field that may be absent or `null`.
    pub struct OptionalTextBytes<'a>(pub &'a mut Option<Vec<u8>>);

    /// A required nullable `format: binary` field.
    #[allow(unused_imports)]
    pub use self::OptionalTextBytes as NullableTextBytes;

    impl ReadSlot for OptionalTextBytes<'_> {
        fn fill(&mut self, key: &str, value: Option<Value>) -> Result<(), String> {
            if let Some(value) = value {
                *self.0 = option_binary_text::deserialize(value)
                    .map_err(|error| format!("field `{key}`: {error}"))?;
            }
            Ok(())
        }
    }

    /// The properties beyond the declared ones: what the slots before took
    /// not.
    pub struct Rest<'a, T>(pub &'a mut std::collections::BTreeMap<String, T>);

    impl<T: serde::de::DeserializeOwned> ReadSlot for Rest<'_, T> {
        fn takes_the_rest(&self) -> bool {
            true
        }

        fn fill(&mut self, _key: &str, value: Option<Value>) -> Result<(), String> {
            let Some(Value::Object(rest)) = value else {
                return Ok(());
            };
            *self.0 = rest
                .into_iter()
                .map(|(key, value)| decode(&key, value).map(|value| (key, value)))
                .collect::<Result<_, _>>()?;
            Ok(())
        }
    }
}

/// How each kind of field is written.
pub mod write {
    use super::{binary_text, encode, option_binary_text, Value, WriteValue};

    /// A required nullable field: always written, `None` as `null`.
    #[allow(unused_imports)]
    pub use self::Required as Nullable;
    /// An optional nullable field (`Option<Option<T>>`): left out when
    /// `None`, `Some(None)` is `null`.
    #[allow(unused_imports)]
    pub use self::Optional as DoubleOption;

    /// Always written (a required field; a required nullable one, `None` as
    /// `null`).
    pub struct Required<'a, T>(pub &'a T);

    impl<T: serde::Serialize> WriteValue for Required<'_, T> {
        fn to_json(&self) -> Result<Option<Value>, String> {
            encode(self.0)
        }
    }

    /// Left out when `None` (for an optional nullable field, `Some(None)` is
    /// `null`).
    pub struct Optional<'a, T>(pub &'a Option<T>);

    impl<T: serde::Serialize> WriteValue for Optional<'_, T> {
        fn to_json(&self) -> Result<Option<Value>, String> {
            match self.0 {
                Some(value) => encode(value),
                None => Ok(None),
            }
        }
    }

    /// A required `format: binary` field, as its text.
    pub struct TextBytes<'a>(pub &'a Vec<u8>);

    impl WriteValue for TextBytes<'_> {
        fn to_json(&self) -> Result<Option<Value>, String> {
            binary_text::serialize(self.0, serde_json::value::Serializer)
                .map(Some)
                .map_err(|error| error.to_string())
        }
    }

    /// A `format: binary` field that is left out when `None`.
    pub struct OptionalTextBytes<'a>(pub &'a Option<Vec<u8>>);

    impl WriteValue for OptionalTextBytes<'_> {
        fn to_json(&self) -> Result<Option<Value>, String> {
            match self.0 {
                Some(_) => NullableTextBytes(self.0).to_json(),
                None => Ok(None),
            }
        }
    }

    /// A `format: binary` field that is `null` when `None`.
    pub struct NullableTextBytes<'a>(pub &'a Option<Vec<u8>>);

    impl WriteValue for NullableTextBytes<'_> {
        fn to_json(&self) -> Result<Option<Value>, String> {
            option_binary_text::serialize(self.0, serde_json::value::Serializer)
                .map(Some)
                .map_err(|error| error.to_string())
        }
    }

    /// The properties beyond the declared ones.
    pub struct Rest<'a, T>(pub &'a std::collections::BTreeMap<String, T>);

    impl<T: serde::Serialize> WriteValue for Rest<'_, T> {
        fn is_the_rest(&self) -> bool {
            true
        }

        fn to_json(&self) -> Result<Option<Value>, String> {
            encode(self.0)
        }
    }
}

/// A generated struct with its `Serialize` and `Deserialize`: the struct as
/// it is declared, each field followed by its wire name (`""` for the map of
/// undeclared properties) and its kind, a type of [`read`] and of [`write`]
/// (how it is read and written):
///
/// ```text
/// json_struct! {
///     #[derive(Debug, Clone, PartialEq)]
///     pub struct Pet {
///         pub name: String => "name" Required,
///         pub r#type: Option<String> => "type" Optional,
///     }
/// }
/// ```
///
/// The struct is declared once, with its docs and attributes, and each impl
/// is one call over all the fields, which keeps the code the compiler checks
/// per struct small. Paths are absolute: it expands in the models module,
/// where a schema may be named `Result` or `Option`.
// An API without structs leaves it unused.
#[allow(unused_macros)]
macro_rules! json_struct {
    // A struct that derives `Default` (the models write that derive exactly
    // so) is read into its default value through [`fill`]; any other goes
    // through the slots of [`read`]. Both read the same; the first costs the
    // compiler less (GitHub's crate: 90 MB less memory to check).
    (
        $(#[doc = $doc:literal])*
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $name:ident {
            $($(#[$field_attribute:meta])* pub $field:ident: $ty:ty => $wire:literal $kind:ident),*
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $name {
            $($(#[$field_attribute])* pub $field: $ty,)*
        }

        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                use crate::runtime::json_struct::{fill, read_fields};
                let mut value = <Self as ::std::default::Default>::default();
                read_fields(deserializer, &mut [$(($wire, &mut fill::$kind(&mut value.$field)),)*])?;
                ::std::result::Result::Ok(value)
            }
        }

        crate::runtime::json_struct::serialize_fields!($name { $($field: $wire $kind),* });
    };
    (
        $(#[$attribute:meta])*
        pub struct $name:ident {
            $($(#[$field_attribute:meta])* pub $field:ident: $ty:ty => $wire:literal $kind:ident),*
            $(,)?
        }
    ) => {
        $(#[$attribute])*
        pub struct $name {
            $($(#[$field_attribute])* pub $field: $ty,)*
        }

        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                // The slot types are spelled out: inferring them from the
                // struct literal below made type checking a third slower.
                use crate::runtime::json_struct::{read, read_fields};
                $(let mut $field: ::std::option::Option<$ty> = ::std::option::Option::None;)*
                read_fields(deserializer, &mut [$(($wire, &mut read::$kind(&mut $field)),)*])?;
                // One pattern for all the fields, so that the code per field
                // stays free of branches; the `else` is never taken, since
                // `read_fields` refuses an object without a required field.
                #[allow(irrefutable_let_patterns)]
                let ($(::std::option::Option::Some($field),)*) =
                    ($(read::$kind::finish($field),)*)
                else {
                    return ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(
                        "a required field is missing",
                    ));
                };
                ::std::result::Result::Ok(Self { $($field,)* })
            }
        }

        crate::runtime::json_struct::serialize_fields!($name { $($field: $wire $kind),* });
    };
}
#[allow(unused_imports)]
pub(crate) use json_struct;

/// The `Serialize` impl [`json_struct!`] writes: the fields, each with its
/// wire name and kind.
#[allow(unused_macros)]
macro_rules! serialize_fields {
    ($name:ident { $($field:ident: $wire:literal $kind:ident),* }) => {
        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                use crate::runtime::json_struct::{write, write_fields};
                write_fields(serializer, &[$(($wire, &write::$kind(&self.$field)),)*])
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use serialize_fields;

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{json, Value};

    json_struct! {
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct Pet {
            pub name: String => "name" Required,
            pub r#type: Option<String> => "type" Optional,
            pub owner: Option<Option<String>> => "owner" DoubleOption,
            pub nickname: Option<String> => "nickName" Nullable,
            pub photo: Vec<u8> => "photo" TextBytes,
            pub note: Option<Vec<u8>> => "note" OptionalTextBytes,
            pub extra: BTreeMap<String, Value> => "" Rest,
        }
    }

    fn read(value: Value) -> Result<Pet, serde_json::Error> {
        serde_json::from_value(value)
    }

    // The same fields in a struct that does not derive `Default`: read
    // through slots rather than into a default value.
    json_struct! {
        /// A pet.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct SlotPet {
            pub name: String => "name" Required,
            pub r#type: Option<String> => "type" Optional,
            pub owner: Option<Option<String>> => "owner" DoubleOption,
            pub nickname: Option<String> => "nickName" Nullable,
            pub photo: Vec<u8> => "photo" TextBytes,
            pub note: Option<Vec<u8>> => "note" OptionalTextBytes,
            pub extra: BTreeMap<String, Value> => "" Rest,
        }
    }

    #[test]
    fn a_struct_without_default_reads_and_writes_as_a_default_one() {
        for text in [
            json!({"name": "Rex", "photo": "%PDF", "owner": null, "note": "n", "x": 1}),
            json!({"name": "Rex", "photo": "", "owner": "Ann", "type": "dog", "nickName": null}),
        ] {
            let pet = read(text.clone()).unwrap();
            let slot_pet: SlotPet = serde_json::from_value(text).unwrap();
            assert_eq!(
                serde_json::to_value(&slot_pet).unwrap(),
                serde_json::to_value(&pet).unwrap()
            );
            assert_eq!((slot_pet.name, slot_pet.owner), (pet.name, pet.owner));
        }
        let missing = serde_json::from_value::<SlotPet>(json!({"photo": ""})).unwrap_err();
        assert_eq!(missing.to_string(), "missing field `name`");
    }

    #[test]
    fn each_kind_reads_absent_null_and_set_as_its_derive_did() {
        let pet = read(json!({"name": "Rex", "photo": "%PDF", "owner": null, "x": 1})).unwrap();
        assert_eq!(pet.name, "Rex");
        assert_eq!((pet.r#type, pet.nickname), (None, None));
        assert_eq!(pet.owner, Some(None), "null is kept apart from absent");
        assert_eq!(pet.photo, b"%PDF");
        assert_eq!(pet.note, None);
        assert_eq!(pet.extra, BTreeMap::from([("x".to_owned(), json!(1))]));
        let pet = read(json!({"name": "Rex", "photo": "", "owner": "Ann", "type": "dog", "note": "n"})).unwrap();
        assert_eq!(pet.note.as_deref(), Some(&b"n"[..]));
        assert_eq!(pet.owner, Some(Some("Ann".to_owned())));
        assert_eq!(pet.r#type.as_deref(), Some("dog"));
        assert!(pet.extra.is_empty(), "declared fields are not left over");
    }

    #[test]
    fn errors_name_the_field() {
        let missing = read(json!({"photo": ""})).unwrap_err().to_string();
        assert_eq!(missing, "missing field `name`");
        let mistyped = read(json!({"name": 5, "photo": ""})).unwrap_err().to_string();
        assert!(mistyped.starts_with("field `name`: invalid type: integer `5`"), "{mistyped}");
        assert!(read(json!(["Rex"])).is_err(), "an array is not an object");
    }

    #[test]
    fn writes_in_declaration_order_and_leaves_unset_optionals_out() {
        let mut pet = Pet {
            name: "Rex".to_owned(),
            photo: b"p".to_vec(),
            ..Pet::default()
        };
        assert_eq!(
            serde_json::to_string(&pet).unwrap(),
            r#"{"name":"Rex","nickName":null,"photo":"p"}"#
        );
        pet.owner = Some(None);
        pet.r#type = Some("cat".to_owned());
        pet.extra.insert("x".to_owned(), json!(true));
        let text = serde_json::to_string(&pet).unwrap();
        assert_eq!(
            text,
            r#"{"name":"Rex","type":"cat","owner":null,"nickName":null,"photo":"p","x":true}"#
        );
        assert_eq!(serde_json::from_str::<Pet>(&text).unwrap(), pet);
        assert_ne!(pet, Pet { name: "Rex".to_owned(), ..Pet::default() }, "fields are compared");
        pet.photo = vec![0xff];
        assert!(serde_json::to_string(&pet).is_err(), "bytes that are not text are an error");
    }
}
