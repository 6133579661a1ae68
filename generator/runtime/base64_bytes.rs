//! Bytes that travel as base64 text (`format: byte` in OpenAPI 3.0,
//! `contentEncoding: base64` in 3.1): callers hold the bytes, the wire
//! carries the text, so neither side encodes by hand.

use base64::engine::general_purpose::{STANDARD, STANDARD_PAD_INDIFFERENT};
use base64::Engine;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Raw bytes sent and received as base64 text.
///
/// Sent in the standard alphabet with padding (RFC 4648 section 4). Read
/// leniently, since servers differ: with or without padding, in the standard
/// or the URL-safe alphabet, and with line breaks (MIME style) ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Base64Bytes(pub Vec<u8>);

impl Base64Bytes {
    /// The bytes, without copying.
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }

    /// The bytes as base64 text, as they go on the wire.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(&self.0)
    }

    /// Decodes base64 text in any of the forms this type reads.
    pub fn from_base64(text: &str) -> Result<Self, base64::DecodeError> {
        let standard: String = text
            .chars()
            .filter(|character| !character.is_ascii_whitespace())
            .map(|character| match character {
                '-' => '+',
                '_' => '/',
                other => other,
            })
            .collect();
        STANDARD_PAD_INDIFFERENT.decode(standard).map(Self)
    }
}

impl std::ops::Deref for Base64Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Base64Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Base64Bytes {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<Base64Bytes> for Vec<u8> {
    fn from(bytes: Base64Bytes) -> Self {
        bytes.0
    }
}

impl Serialize for Base64Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for Base64Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Self::from_base64(&text)
            .map_err(|error| serde::de::Error::custom(format!("invalid base64: {error}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_as_padded_standard_base64() {
        let bytes = Base64Bytes(vec![0xfb, 0xff, 0x00, 0x61]);
        assert_eq!(serde_json::to_string(&bytes).unwrap(), "\"+/8AYQ==\"");
    }

    #[test]
    fn read_in_every_common_form() {
        for text in ["+/8AYQ==", "+/8AYQ", "-_8AYQ==", "-_8AYQ", "+/8A\r\nYQ=="] {
            let decoded: Base64Bytes = serde_json::from_value(serde_json::json!(text)).unwrap();
            assert_eq!(decoded.0, vec![0xfb, 0xff, 0x00, 0x61], "{text}");
        }
    }

    #[test]
    fn text_that_is_no_base64_is_an_error() {
        let result = serde_json::from_value::<Base64Bytes>(serde_json::json!("not base64!"));
        assert!(result.unwrap_err().to_string().contains("invalid base64"));
    }
}
