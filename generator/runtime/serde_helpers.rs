//! Serde adapters the generated models refer to by path.

/// For optional nullable fields, `Option<Option<T>>`: absent is `None`,
/// an explicit `null` is `Some(None)`. Used with `#[serde(default)]`.
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

/// For `format: binary` fields of JSON values, `Vec<u8>`: a JSON string can
/// only carry text, so the bytes go as their UTF-8 text (bytes that are not
/// UTF-8 are an error, not a silent replacement), and are read from a string,
/// or from an array of byte values as earlier releases wrote them.
pub mod binary_text {
    use serde::{de, ser, Deserialize, Deserializer, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wire {
        Text(String),
        Values(Vec<u8>),
    }

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        let text = std::str::from_utf8(bytes).map_err(|_| {
            ser::Error::custom("binary field is not UTF-8 text, which is all JSON can carry")
        })?;
        serializer.serialize_str(text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        match Wire::deserialize(deserializer) {
            Ok(Wire::Text(text)) => Ok(text.into_bytes()),
            Ok(Wire::Values(values)) => Ok(values),
            Err(_) => Err(de::Error::custom("expected binary content as a string")),
        }
    }
}

/// [`binary_text`] for `Option<Vec<u8>>`.
pub mod option_binary_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        bytes: &Option<Vec<u8>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(bytes) => super::binary_text::serialize(bytes, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<u8>>, D::Error> {
        #[derive(Deserialize)]
        struct Text(#[serde(with = "super::binary_text")] Vec<u8>);
        Ok(Option::<Text>::deserialize(deserializer)?.map(|Text(bytes)| bytes))
    }
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Upload {
        #[serde(with = "super::binary_text")]
        content: Vec<u8>,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "super::option_binary_text")]
        preview: Option<Vec<u8>>,
    }

    #[test]
    fn binary_fields_travel_as_text() {
        let upload = Upload { content: b"%PDF".to_vec(), preview: None };
        assert_eq!(serde_json::to_string(&upload).unwrap(), r#"{"content":"%PDF"}"#);
        let read: Upload = serde_json::from_str(r#"{"content":"%PDF","preview":"p"}"#).unwrap();
        assert_eq!(read, Upload { content: b"%PDF".to_vec(), preview: Some(b"p".to_vec()) });
        let values: Upload = serde_json::from_str(r#"{"content":[37,80]}"#).unwrap();
        assert_eq!(values.content, b"%P");
        let null: Upload = serde_json::from_str(r#"{"content":"","preview":null}"#).unwrap();
        assert_eq!(null.preview, None);
        let not_text = Upload { content: vec![0xff], preview: None };
        assert!(serde_json::to_string(&not_text).is_err());
    }
}
