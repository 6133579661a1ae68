//! `multipart/form-data` bodies (RFC 7578): text fields and file parts.

use bytes::Bytes;

/// The parts of a form, encoded when the request is sent.
#[derive(Debug, Default)]
pub(crate) struct MultipartForm {
    parts: Vec<Part>,
}

#[derive(Debug)]
struct Part {
    name: String,
    /// File parts carry raw bytes; text parts carry UTF-8.
    file: bool,
    data: Bytes,
}

impl MultipartForm {
    pub(crate) fn text(&mut self, name: &str, value: String) {
        self.parts.push(Part {
            name: name.to_owned(),
            file: false,
            data: value.into(),
        });
    }

    pub(crate) fn file(&mut self, name: &str, data: &[u8]) {
        self.parts.push(Part {
            name: name.to_owned(),
            file: true,
            data: Bytes::copy_from_slice(data),
        });
    }

    /// The body and its Content-Type; the boundary is one no part contains.
    pub(crate) fn encode(&self) -> (String, Bytes) {
        let mut boundary = "openapi-client-gen-form-boundary".to_owned();
        while self
            .parts
            .iter()
            .any(|part| contains(&part.data, boundary.as_bytes()))
        {
            boundary.push('x');
        }
        let mut body = Vec::new();
        for part in &self.parts {
            let name = part.name.replace('"', "%22");
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"")
                    .as_bytes(),
            );
            if part.file {
                body.extend_from_slice(
                    format!("; filename=\"{name}\"\r\nContent-Type: application/octet-stream")
                        .as_bytes(),
                );
            }
            body.extend_from_slice(b"\r\n\r\n");
            body.extend_from_slice(&part.data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (
            format!("multipart/form-data; boundary={boundary}"),
            body.into(),
        )
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Values sent as a file part; absent values send none.
pub trait FileContent {
    fn file_content(&self) -> Option<&[u8]>;
}

impl FileContent for [u8] {
    fn file_content(&self) -> Option<&[u8]> {
        Some(self)
    }
}

impl FileContent for Vec<u8> {
    fn file_content(&self) -> Option<&[u8]> {
        Some(self)
    }
}

impl FileContent for Bytes {
    fn file_content(&self) -> Option<&[u8]> {
        Some(self)
    }
}

impl<T: FileContent> FileContent for Option<T> {
    fn file_content(&self) -> Option<&[u8]> {
        self.as_ref().and_then(FileContent::file_content)
    }
}

/// Values sent as several file parts of one name: an array of binary
/// (`type: array, items: {format: binary}`), one part per item.
pub trait FileParts {
    fn file_parts(&self) -> Vec<&[u8]>;
}

impl<T: FileContent> FileParts for [T] {
    fn file_parts(&self) -> Vec<&[u8]> {
        self.iter().filter_map(FileContent::file_content).collect()
    }
}

impl<T: FileContent> FileParts for Vec<T> {
    fn file_parts(&self) -> Vec<&[u8]> {
        self.as_slice().file_parts()
    }
}

impl<T: FileParts> FileParts for Option<T> {
    fn file_parts(&self) -> Vec<&[u8]> {
        self.as_ref().map(FileParts::file_parts).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_file_parts() {
        let mut form = MultipartForm::default();
        form.text("title", "Contract".to_owned());
        form.file("document", b"%PDF\x00\xff");
        let (content_type, body) = form.encode();
        assert_eq!(
            content_type,
            "multipart/form-data; boundary=openapi-client-gen-form-boundary"
        );
        let expected: &[u8] = b"--openapi-client-gen-form-boundary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nContract\r\n\
            --openapi-client-gen-form-boundary\r\nContent-Disposition: form-data; name=\"document\"; filename=\"document\"\r\n\
            Content-Type: application/octet-stream\r\n\r\n%PDF\x00\xff\r\n--openapi-client-gen-form-boundary--\r\n";
        assert_eq!(&body[..], expected);
    }

    #[test]
    fn the_boundary_never_occurs_in_a_part() {
        let mut form = MultipartForm::default();
        form.file("tricky", b"--openapi-client-gen-form-boundary");
        let (content_type, _) = form.encode();
        assert!(content_type.ends_with("boundaryx"), "{content_type}");
    }
}
