//! Behaviour of code generated from the feature fixtures, compiled against the
//! fixture crates by `snapshots.rs` (it becomes the `fixture-behaviour` crate
//! of the fixture workspace under `target/fixture-check`).

#[cfg(test)]
mod open_enums {
    use open_enums::models::{Priority, Status};

    #[test]
    fn values_that_collide_once_cased_keep_their_own_variants() {
        let decoded: Vec<Status> = serde_json::from_str(r#"["active", "ACTIVE", "", "Other", "+sort"]"#).unwrap();
        assert_eq!(decoded, [Status::Active, Status::Active2, Status::Value, Status::Other2, Status::Sort]);
        assert_eq!(serde_json::to_string(&decoded).unwrap(), r#"["active","ACTIVE","","Other","+sort"]"#);
    }

    #[test]
    fn unknown_values_are_kept() {
        let status: Status = serde_json::from_str(r#""archived""#).unwrap();
        assert_eq!(status, Status::Other("archived".to_owned()));
        assert_eq!(serde_json::to_string(&status).unwrap(), r#""archived""#);
        let priority: Priority = serde_json::from_str("-1").unwrap();
        assert_eq!(priority, Priority::Minus1);
        assert_eq!(serde_json::from_str::<Priority>("7").unwrap(), Priority::Other(7));
    }
}

#[cfg(test)]
mod nullable {
    use nullable_31::models::{Owner, Pet};

    fn pet(json: &str) -> Pet {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn absent_and_null_are_kept_apart() {
        let absent = pet(r#"{"name": "Rex", "nickname": null}"#);
        assert_eq!((absent.nickname.clone(), absent.tag.clone()), (None, None));
        let null = pet(r#"{"name": "Rex", "nickname": "R", "tag": null, "owner": null}"#);
        assert_eq!(null.tag, Some(None));
        assert_eq!(null.owner, Some(None));
        let owner = pet(r#"{"name": "Rex", "nickname": null, "owner": {"name": "Ann"}}"#);
        let mut ann = Owner::default();
        ann.name = Some("Ann".to_owned());
        assert_eq!(owner.owner, Some(Some(ann)));
    }

    #[test]
    fn required_nullable_is_always_sent_and_optional_only_when_set() {
        // Only received, so built by `Default` and assignment (the type is
        // `non_exhaustive`).
        let mut minimal = Pet::default();
        minimal.name = "Rex".to_owned();
        assert_eq!(serde_json::to_string(&minimal).unwrap(), r#"{"name":"Rex","nickname":null}"#);
        let mut explicit_null = minimal;
        explicit_null.tag = Some(None);
        assert_eq!(serde_json::to_string(&explicit_null).unwrap(), r#"{"name":"Rex","nickname":null,"tag":null}"#);
    }
}

#[cfg(test)]
mod composition {
    use composition::models::{Named, Pet, TreeNode};

    #[test]
    fn all_of_merges_the_branches_fields() {
        let named: Named = serde_json::from_str(r#"{"id": "7", "name": "seven"}"#).unwrap();
        assert_eq!((named.id.as_str(), named.name.as_deref()), ("7", Some("seven")));
        assert!(serde_json::from_str::<Named>(r#"{"name": "no id"}"#).is_err(), "id is required by the base");
    }

    #[test]
    fn conflicting_all_of_branches_take_the_later_definition() {
        let sized: composition::models::Sized = serde_json::from_str(r#"{"id": "1", "size": 3}"#).unwrap();
        assert_eq!(sized.size, Some(3));
    }

    #[test]
    fn recursive_types_nest() {
        let tree: TreeNode =
            serde_json::from_str(r#"{"value": "leaf", "parent": {"value": "root"}, "children": [{"value": "x"}]}"#)
                .unwrap();
        assert_eq!(tree.parent.as_ref().and_then(|parent| parent.value.as_deref()), Some("root"));
        assert_eq!(tree.children.map(|children| children.len()), Some(1));
    }

    #[test]
    fn untagged_unions_take_the_first_fitting_variant() {
        let pet: Pet = serde_json::from_str(r#"{"meows": true}"#).unwrap();
        assert!(matches!(pet, Pet::Cat(_)));
    }
}

#[cfg(test)]
mod discriminated_unions {
    use discriminated_unions::models::Pet;

    fn pet(json: &str) -> Pet {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn the_discriminator_picks_the_variant() {
        assert!(matches!(pet(r#"{"petType": "kitten", "lives": 9}"#), Pet::Cat(cat) if cat.lives == Some(9)));
        assert!(matches!(pet(r#"{"petType": "dog", "barks": true}"#), Pet::Dog(_)));
        // Shaped like a Cat, but its tag says Lizard (the schema's own name).
        assert!(matches!(pet(r#"{"petType": "Lizard", "lives": 1}"#), Pet::Lizard(_)));
    }

    #[test]
    fn unknown_or_missing_tags_are_kept_as_sent() {
        let parrot = pet(r#"{"petType": "parrot", "talks": true}"#);
        assert!(matches!(&parrot, Pet::Other(value) if value["talks"] == true));
        assert!(matches!(pet(r#"{"lives": 3}"#), Pet::Other(_)));
        assert_eq!(serde_json::to_string(&parrot).unwrap(), r#"{"petType":"parrot","talks":true}"#);
    }

    #[test]
    fn a_tagged_variant_that_does_not_fit_is_an_error() {
        assert!(serde_json::from_str::<Pet>(r#"{"petType": "dog", "barks": "loudly"}"#).is_err());
    }
}

#[cfg(test)]
mod form_bodies {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;

    use ::form_bodies::models::{LoginRequest, UploadAttachmentRequest};
    use ::form_bodies::Client;

    /// Answers one request with 204 on loopback; returns its URL and, once the
    /// request arrived, its Content-Type and body.
    fn capture_one_request() -> (String, std::thread::JoinHandle<(String, Vec<u8>)>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let (mut content_type, mut length) = (String::new(), 0usize);
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end().to_owned();
                if line.is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(": ") {
                    match name.to_ascii_lowercase().as_str() {
                        "content-type" => content_type = value.to_owned(),
                        "content-length" => length = value.parse().unwrap(),
                        _ => {}
                    }
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            reader.get_mut().write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n").unwrap();
            (content_type, body)
        });
        (url, handle)
    }

    fn client(url: &str) -> Client {
        Client::builder().base_url(url).build().unwrap()
    }

    #[tokio::test]
    async fn multipart_sends_files_as_bytes_and_the_rest_as_text() {
        let (url, request) = capture_one_request();
        let body = UploadAttachmentRequest::new(vec![0x25, 0x50, 0x00, 0xff])
            .with_title("Q3")
            .with_labels(vec!["a".to_owned(), "b".to_owned()]);
        client(&url).upload_attachment(&body).await.unwrap();
        let (content_type, sent) = request.join().unwrap();
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart content type");
        let expected = [
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes(),
            vec![0x25, 0x50, 0x00, 0xff],
            format!("\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nQ3\r\n").into_bytes(),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"labels\"\r\n\r\na\r\n").into_bytes(),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"labels\"\r\n\r\nb\r\n--{boundary}--\r\n").into_bytes(),
        ]
        .concat();
        assert_eq!(String::from_utf8_lossy(&sent), String::from_utf8_lossy(&expected));
        assert_eq!(sent, expected);
    }

    #[tokio::test]
    async fn a_merged_multipart_body_is_still_sent_part_by_part() {
        let (url, request) = capture_one_request();
        // `ReplaceAttachmentRequest` is an alias of the identical
        // `UploadAttachmentRequest`; the file must still go as bytes.
        let body: ::form_bodies::models::ReplaceAttachmentRequest =
            UploadAttachmentRequest::new(vec![0x00, 0xff]);
        client(&url).replace_attachment(&body).await.unwrap();
        let (content_type, sent) = request.join().unwrap();
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart content type");
        let expected = [
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes(),
            vec![0x00, 0xff],
            format!("\r\n--{boundary}--\r\n").into_bytes(),
        ]
        .concat();
        assert_eq!(sent, expected, "{}", String::from_utf8_lossy(&sent));
    }

    #[tokio::test]
    async fn an_array_of_files_is_one_file_part_per_item() {
        let (url, request) = capture_one_request();
        let body = ::form_bodies::models::CreateAlbumRequest::new(vec![vec![0x01], vec![0x02, 0x03]]);
        client(&url).create_album(&body).await.unwrap();
        let (content_type, sent) = request.join().unwrap();
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart content type");
        let part = |bytes: &[u8]| {
            [
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"photos\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes(),
                bytes.to_vec(),
                b"\r\n".to_vec(),
            ]
            .concat()
        };
        let expected = [part(&[0x01]), part(&[0x02, 0x03]), format!("--{boundary}--\r\n").into_bytes()].concat();
        assert_eq!(sent, expected, "{}", String::from_utf8_lossy(&sent));
    }

    #[tokio::test]
    async fn url_encoded_forms_send_their_fields() {
        let (url, request) = capture_one_request();
        let body = LoginRequest::new("ann lee").with_remember(true);
        client(&url).login(&body).await.unwrap();
        let (content_type, sent) = request.join().unwrap();
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        assert_eq!(String::from_utf8(sent).unwrap(), "user=ann+lee&remember=true");
    }
}

#[cfg(test)]
mod binary_bodies {
    use ::binary_bodies::models::InlineFile;

    #[test]
    fn binary_fields_of_json_values_are_their_text() {
        // A required nullable field that is missing reads as `None`, as any
        // other required nullable field does.
        let file: InlineFile = serde_json::from_str(r#"{"content": "%PDF-1.7", "preview": null}"#).unwrap();
        assert_eq!((file.content, file.preview, file.signature), (b"%PDF-1.7".to_vec(), None, None));
        let mut sent = InlineFile::default();
        sent.content = b"a,b".to_vec();
        sent.preview = Some(b"p".to_vec());
        sent.signature = Some(b"s".to_vec());
        assert_eq!(serde_json::to_string(&sent).unwrap(), r#"{"content":"a,b","preview":"p","signature":"s"}"#);
    }
}

#[cfg(test)]
mod parameter_styles {
    use ::parameter_styles::models::Point;
    use ::parameter_styles::params::GetPaintParams;
    use ::parameter_styles::Client;

    #[tokio::test]
    async fn label_matrix_and_exploded_simple_path_values_are_laid_out_by_their_style() {
        let (port, request) = super::servers::capture_one_request();
        let url = format!("http://127.0.0.1:{port}");
        let client = Client::builder().base_url(&url).build().unwrap();
        let shade = ["light blue".to_owned(), "dark".to_owned()];
        let colour = ["red".to_owned(), "green".to_owned()];
        let params = GetPaintParams::default();
        client.get_paint(&shade, &colour, &Point::new(1, -2), &params).await.unwrap();
        assert_eq!(
            request.join().unwrap(),
            "GET /paint/.light%20blue,dark/;colour=red;colour=green/x=1,y=-2 HTTP/1.1"
        );
    }

    #[tokio::test]
    async fn query_values_are_laid_out_by_their_style() {
        let (port, request) = super::servers::capture_one_request();
        let url = format!("http://127.0.0.1:{port}");
        let client = Client::builder().base_url(&url).build().unwrap();
        let params = GetPaintParams::default()
            .with_tag(vec!["a".to_owned(), "b".to_owned()])
            .with_size(vec![1, 2])
            .with_near(Point::new(3, 4))
            .with_finish(vec!["matt".to_owned(), "gloss".to_owned()]);
        client.get_paint(&["s".to_owned()], &["c".to_owned()], &Point::new(1, 2), &params).await.unwrap();
        let line = request.join().unwrap();
        let query = line.split_once('?').map(|(_, rest)| rest.trim_end_matches(" HTTP/1.1")).unwrap_or_default();
        assert_eq!(query, "tag=a%7Cb&size=1%2C2&near%5Bx%5D=3&near%5By%5D=4&finish=matt&finish=gloss", "{line}");
    }
}

#[cfg(test)]
mod servers {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    use ::servers::servers::Version;
    use ::servers::{Client, DEFAULT_BASE_URL};

    /// Answers one request with 204 on loopback; returns the port and, once
    /// the request arrived, its request line.
    pub(super) fn capture_one_request() -> (u16, std::thread::JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let handle = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim_end().is_empty() {
                    break;
                }
            }
            reader.get_mut().write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n").unwrap();
            request_line.trim_end().to_owned()
        });
        (port, handle)
    }

    #[test]
    fn the_default_base_url_has_each_variable_at_its_default() {
        assert_eq!(DEFAULT_BASE_URL, "http://127.0.0.1:1/v2");
        assert_eq!(Client::builder().build().unwrap().base_url(), DEFAULT_BASE_URL);
    }

    #[tokio::test]
    async fn variables_set_on_the_builder_fill_the_template() {
        let (port, request) = capture_one_request();
        let client = Client::builder().server_port(port.to_string()).build().unwrap();
        assert_eq!(client.base_url(), format!("http://127.0.0.1:{port}/v2"));
        client.list_items().await.unwrap();
        assert_eq!(request.join().unwrap(), "GET /v2/items HTTP/1.1");

        let (port, request) = capture_one_request();
        let client = Client::builder().server_version(Version::V1).server_port(port.to_string()).build().unwrap();
        client.list_items().await.unwrap();
        assert_eq!(request.join().unwrap(), "GET /v1/items HTTP/1.1");
    }

    #[tokio::test]
    async fn an_operation_with_servers_of_its_own_is_sent_there() {
        let (port, request) = capture_one_request();
        let client = Client::builder().server_port(port.to_string()).build().unwrap();
        // Path-level and operation-level servers (ports 2 and 3) win over the
        // document's server; nothing listens there.
        let path_level = client.get_report().await.unwrap_err().to_string();
        assert!(path_level.contains("http://127.0.0.1:2/reports-api/reports"), "{path_level}");
        let operation_level = client.create_report().await.unwrap_err().to_string();
        assert!(operation_level.contains("http://127.0.0.1:3/writes/reports"), "{operation_level}");
        // A relative operation server is ignored: the call goes to the base URL.
        client.get_local().await.unwrap();
        assert_eq!(request.join().unwrap(), "GET /v2/local HTTP/1.1");
    }

    #[tokio::test]
    async fn a_base_url_set_by_the_caller_wins_over_every_server() {
        let (port, request) = capture_one_request();
        let client = Client::builder()
            .server_version(Version::V1)
            .base_url(format!("http://127.0.0.1:{port}/mock"))
            .build()
            .unwrap();
        client.create_report().await.unwrap();
        assert_eq!(request.join().unwrap(), "POST /mock/reports HTTP/1.1");
    }

    #[test]
    fn a_variable_that_breaks_the_url_fails_at_build() {
        let error = Client::builder().server_port("not a port").build().unwrap_err();
        assert!(error.to_string().contains("set the base URL with `ClientBuilder::base_url`"), "{error}");
    }
}

#[cfg(test)]
mod servers_relative {
    use ::servers_relative::Client;

    #[test]
    fn a_relative_server_url_fails_at_build_and_asks_for_a_base_url() {
        let error = Client::builder().build().unwrap_err();
        assert_eq!(
            error.to_string(),
            "the base URL `/api/v3` is not an absolute URL (relative URL without a base); \
             set the base URL with `ClientBuilder::base_url`"
        );
        assert!(matches!(error, ::servers_relative::runtime::BuildError::BaseUrl(_)));
    }

    #[test]
    fn a_base_url_set_by_the_caller_builds() {
        let client = Client::builder().base_url("http://127.0.0.1:8080/api/v3/").build().unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:8080/api/v3");
    }
}

#[cfg(test)]
mod openapi_31_constructs {
    use shape_openapi_31_constructs::models::Bag;
    use shape_openapi_31_constructs::runtime::{Validate, Violations};
    use shape_openapi_31_constructs::Base64Bytes;

    #[test]
    fn a_closed_prefix_items_array_is_a_tuple() {
        let bag: Bag = serde_json::from_str(r#"{"point": [59.9, 10.7, "OSL"]}"#).unwrap();
        assert_eq!(bag.point, Some((59.9, 10.7, "OSL".to_owned())));
        assert_eq!(serde_json::to_string(&bag).unwrap(), r#"{"point":[59.9,10.7,"OSL"]}"#);
        assert!(serde_json::from_str::<Bag>(r#"{"point": [59.9, 10.7]}"#).is_err());
    }

    #[test]
    fn base64_fields_hold_bytes_and_travel_as_text_in_either_spelling() {
        let mut bag = Bag::default();
        bag.digest = Some(Base64Bytes(vec![0, 159, 255]));
        bag.legacy_digest = Some(Base64Bytes(b"hi".to_vec()));
        let json = serde_json::to_string(&bag).unwrap();
        assert_eq!(json, r#"{"digest":"AJ//","legacyDigest":"aGk="}"#);
        assert_eq!(serde_json::from_str::<Bag>(&json).unwrap(), bag);
    }

    #[test]
    fn patterns_are_checked_before_sending_unless_they_cannot_be_compiled() {
        let check = |bag: &Bag| Violations::collect(|violations| bag.validate(violations));
        let mut valid = Bag::default();
        valid.code = Some("NO42".to_owned());
        valid.look_around = Some("admin".to_owned());
        assert!(check(&valid).is_ok());
        let mut invalid = Bag::default();
        invalid.code = Some("no42".to_owned());
        assert_eq!(check(&invalid).unwrap_err(), "`code` must match the pattern `^[A-Z]{2}[0-9]+$`");
    }
}

#[cfg(test)]
mod security_schemes {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    use ::security_schemes::{Client, ClientBuilder};

    /// Answers one request with 204 on loopback; returns its URL and, once the
    /// request arrived, its request line and headers (names lowercased).
    fn capture_one_request() -> (String, std::thread::JoinHandle<(String, Vec<(String, String)>)>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end().to_owned();
                if line.is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(": ") {
                    headers.push((name.to_ascii_lowercase(), value.to_owned()));
                }
            }
            reader.get_mut().write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n").unwrap();
            (request_line.trim_end().to_owned(), headers)
        });
        (url, handle)
    }

    fn all_credentials(url: &str) -> ClientBuilder {
        Client::builder()
            .base_url(url)
            .api_key("headerKey", "h-key")
            .api_key("queryKey", "q-key")
            .api_key("cookieKey", "c-key")
            .basic_auth("basic", "ann", Some("secret".to_owned()))
    }

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers.iter().find(|(found, _)| found == name).map(|(_, value)| value.as_str())
    }

    #[tokio::test]
    async fn the_document_requirement_sends_the_header_key_and_nothing_else() {
        let (url, request) = capture_one_request();
        all_credentials(&url).build().unwrap().uses_document_security().await.unwrap();
        let (line, headers) = request.join().unwrap();
        assert_eq!(line, "GET /default HTTP/1.1");
        assert_eq!(header(&headers, "x-api-key"), Some("h-key"));
        assert_eq!(header(&headers, "authorization"), None);
        assert_eq!(header(&headers, "cookie"), None);
    }

    #[tokio::test]
    async fn an_empty_requirement_sends_no_credentials() {
        let (url, request) = capture_one_request();
        all_credentials(&url).bearer_token("t").build().unwrap().needs_no_credentials().await.unwrap();
        let (line, headers) = request.join().unwrap();
        assert_eq!(line, "GET /public HTTP/1.1");
        assert!(["x-api-key", "authorization", "cookie"].iter().all(|name| header(&headers, name).is_none()), "{headers:?}");
    }

    #[tokio::test]
    async fn the_first_alternative_with_credentials_wins() {
        let (url, request) = capture_one_request();
        all_credentials(&url).bearer_token("t").build().unwrap().basic_or_bearer().await.unwrap();
        let (_, headers) = request.join().unwrap();
        // "ann:secret" in base64.
        assert_eq!(header(&headers, "authorization"), Some("Basic YW5uOnNlY3JldA=="));
        let (url, request) = capture_one_request();
        Client::builder().base_url(url).bearer_token("t").build().unwrap().basic_or_bearer().await.unwrap();
        let (_, headers) = request.join().unwrap();
        assert_eq!(header(&headers, "authorization"), Some("Bearer t"));
    }

    #[tokio::test]
    async fn combined_schemes_are_applied_together() {
        let (url, request) = capture_one_request();
        all_credentials(&url).build().unwrap().query_and_cookie_keys().await.unwrap();
        let (line, headers) = request.join().unwrap();
        assert_eq!(line, "GET /both?api_key=q-key HTTP/1.1");
        assert_eq!(header(&headers, "cookie"), Some("session=c-key"));
        assert_eq!(header(&headers, "x-api-key"), None);
    }

    #[tokio::test]
    async fn oauth_and_openid_connect_take_the_token_source_of_their_scheme() {
        let (url, request) = capture_one_request();
        Client::builder()
            .base_url(url)
            .scheme_token_source("openId", ::security_schemes::StaticToken::new("oidc"))
            .build()
            .unwrap()
            .oauth_or_open_id()
            .await
            .unwrap();
        let (_, headers) = request.join().unwrap();
        assert_eq!(header(&headers, "authorization"), Some("Bearer oidc"));
    }
}

#[cfg(test)]
mod responses_by_status {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    use ::responses_by_status::models::{Job, NotFound, Queued};
    use ::responses_by_status::responses::{CreateJobResponse, GetReportResponse};
    use ::responses_by_status::Client;

    /// Answers one request on loopback with `status`, `content_type` and `body`.
    fn answer_once(status: u16, content_type: &str, body: &str) -> Client {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let response = format!(
            "HTTP/1.1 {status} Status\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim_end().is_empty() {
                    break;
                }
            }
            reader.get_mut().write_all(response.as_bytes()).unwrap();
        });
        Client::builder().base_url(url).build().unwrap()
    }

    /// Response types are `non_exhaustive`: built by `Default` and assignment.
    fn job(id: &str) -> Job {
        let mut job = Job::default();
        job.id = id.to_owned();
        job
    }

    #[tokio::test]
    async fn each_success_status_decodes_into_its_own_variant() {
        let created = answer_once(201, "application/json", r#"{"id":"j1"}"#).create_job().await.unwrap();
        assert_eq!(created.into_inner(), CreateJobResponse::Created(job("j1")));
        let queued = answer_once(202, "application/json", r#"{"position":3}"#).create_job().await.unwrap();
        assert_eq!(queued.into_inner(), CreateJobResponse::Accepted({
            let mut queued = Queued::default();
            queued.position = 3;
            queued
        }));
        let nothing = answer_once(204, "application/json", "").create_job().await.unwrap();
        assert_eq!(nothing.into_inner(), CreateJobResponse::NoContent);
        let unlisted = answer_once(203, "text/plain", "hm").create_job().await.unwrap();
        assert_eq!(unlisted.into_inner(), CreateJobResponse::Other { status: 203, body: "hm".into() });
    }

    #[tokio::test]
    async fn a_status_range_takes_what_exact_codes_leave() {
        let report = answer_once(200, "application/json", r#"{"id":"r"}"#).get_report().await.unwrap();
        assert_eq!(report.into_inner(), GetReportResponse::Ok(job("r")));
        let note = answer_once(206, "text/plain", "partial").get_report().await.unwrap();
        assert_eq!(note.into_inner(), GetReportResponse::Success("partial".to_owned()));
    }

    #[tokio::test]
    async fn error_bodies_are_typed_per_operation() {
        let error = answer_once(404, "application/json", r#"{"missing":"queue"}"#).create_job().await.unwrap_err();
        let body: Option<&NotFound> = error.error_body();
        assert_eq!(body.and_then(|found| found.missing.as_deref()), Some("queue"));
        let error = answer_once(400, "application/json", r#"{"fields":["a"]}"#).get_report().await.unwrap_err();
        assert_eq!(error.error_body().and_then(|invalid| invalid.fields.clone()), Some(vec!["a".to_owned()]));
    }
}
