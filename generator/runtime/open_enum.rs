//! The impls every open enum of the models shares, written once.
//!
//! An open enum has one variant per value the API description lists and
//! `Other` for any value it does not, so a value added to the API later
//! still decodes. The models write each enum as a list of its variants with
//! their wire values; one of these macros declares it (each variant
//! documented with its wire value, then `Other`) and writes the conversions.
//! A big API has thousands of such enums: spelling the same five impls out
//! for each made most of its generated lines, and the declarations, with a
//! line per variant and per doc, most of the rest.
//!
//! Paths inside the macros are absolute: they expand in the models module,
//! where a schema may be named `From`, `String` or `Result`.

// An API without enums leaves the lookups unused.
#![allow(dead_code)]

/// An open string enum with `as_str`, `From<&str>`, `Display`, `Serialize`
/// and `Deserialize`, given its docs and each listed variant with its wire
/// value (the table `WIRE` the conversions read), its docs and attributes
/// before `pub enum`:
/// `open_string_enum! { pub enum Status { Active = "active", Done = "done" } }`.
// An API without string enums leaves it unused.
#[allow(unused_macros)]
macro_rules! open_string_enum {
    ($(#[$attribute:meta])* pub enum $name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        $(#[$attribute])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $wire, "`")] $variant,)*
            /// A value this version of the API description does not list, kept as sent.
            Other(::std::string::String),
        }

        impl $name {
            const WIRE: &'static [(Self, &'static str)] = &[$((Self::$variant, $wire)),*];

            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::Other(value) => value,
                    listed => crate::runtime::open_enum::wire_value(listed, Self::WIRE, ""),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match crate::runtime::open_enum::listed_variant(&value, Self::WIRE) {
                    ::std::option::Option::Some(variant) => ::std::clone::Clone::clone(variant),
                    ::std::option::Option::None => Self::Other(::std::borrow::ToOwned::to_owned(value)),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    };
}

/// An open integer enum with `value`, `From<i64>`, `Serialize` and
/// `Deserialize`, as [`open_string_enum!`] declares a string one:
/// `open_integer_enum! { pub enum Level { Low = -1, High = 1 } }`.
// An API without integer enums leaves it unused.
#[allow(unused_macros)]
macro_rules! open_integer_enum {
    ($(#[$attribute:meta])* pub enum $name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        $(#[$attribute])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $wire, "`")] $variant,)*
            /// A value this version of the API description does not list, kept as sent.
            Other(i64),
        }

        impl $name {
            const WIRE: &'static [(Self, i64)] = &[$((Self::$variant, $wire)),*];

            /// The value as written on the wire.
            pub fn value(self) -> i64 {
                match self {
                    Self::Other(value) => value,
                    listed => crate::runtime::open_enum::wire_value(&listed, Self::WIRE, 0),
                }
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match crate::runtime::open_enum::listed_variant(&value, Self::WIRE) {
                    ::std::option::Option::Some(variant) => *variant,
                    ::std::option::Option::None => Self::Other(value),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

/// The wire value `wire` lists for `variant`; `unlisted` for a variant it
/// does not list (only `Other`, which the macros answer themselves).
///
/// The lookups are functions here rather than closures in the macros: a
/// closure is a body the compiler checks once per enum, and big APIs have
/// thousands of enums.
pub fn wire_value<T: PartialEq, V: Copy>(variant: &T, wire: &[(T, V)], unlisted: V) -> V {
    wire.iter()
        .find(|(listed, _)| listed == variant)
        .map_or(unlisted, |(_, value)| *value)
}

/// The variant `wire` lists with the wire value `value`, if any.
pub fn listed_variant<'a, T, V: PartialEq>(value: &V, wire: &'a [(T, V)]) -> Option<&'a T> {
    wire.iter()
        .find(|(_, listed)| listed == value)
        .map(|(variant, _)| variant)
}

#[allow(unused_imports)]
pub(crate) use {open_integer_enum, open_string_enum};

#[cfg(test)]
mod tests {
    open_string_enum! {
        /// A status.
        pub enum Status { Active = "active", Done = "done" }
    }

    open_integer_enum! {
        pub enum Level { Low = -1, High = 1 }
    }

    #[test]
    fn string_values_round_trip_and_unknown_ones_are_kept() {
        assert_eq!(Status::from("done"), Status::Done);
        assert_eq!(Status::Active.to_string(), "active");
        let decoded: Vec<Status> = serde_json::from_str(r#"["active","paused"]"#).unwrap();
        assert_eq!(decoded, [Status::Active, Status::Other("paused".to_owned())]);
        assert_eq!(serde_json::to_string(&decoded).unwrap(), r#"["active","paused"]"#);
    }

    #[test]
    fn integer_values_round_trip_and_unknown_ones_are_kept() {
        assert_eq!(Level::from(-1), Level::Low);
        let decoded: Vec<Level> = serde_json::from_str("[-1,7]").unwrap();
        assert_eq!(decoded, [Level::Low, Level::Other(7)]);
        assert_eq!(serde_json::to_string(&decoded).unwrap(), "[-1,7]");
    }
}
