//! Credentials per security scheme, applied per operation as the API
//! description's `security` says, by a middleware layer inside the retry
//! layer: each attempt asks the token source again, so a retry after a long
//! wait does not send an expired token.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};
use reqwest::{Request, Response, StatusCode};
use reqwest_middleware::{Middleware, Next};

use super::auth::{AuthError, TokenSource};

/// A security scheme of the API description, as generated code names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// Its name under `components/securitySchemes`.
    pub name: &'static str,
    pub kind: SchemeKind,
}

/// Where a scheme's credential goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`: HTTP bearer, OAuth 2.0, OpenID Connect.
    Bearer,
    /// `Authorization: Basic <user:password in base64>`.
    Basic,
    /// An API key in the header of this name.
    ApiKeyHeader(&'static str),
    /// An API key in the query parameter of this name.
    ApiKeyQuery(&'static str),
    /// An API key in the cookie of this name.
    ApiKeyCookie(&'static str),
}

/// An operation's `security`: alternatives, each a set of schemes that are
/// all applied together; an empty alternative means no credentials.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Security(pub &'static [&'static [Scheme]]);

/// A credential set on the builder for one scheme.
#[derive(Clone)]
pub(crate) enum Credential {
    ApiKey(String),
    Basic { username: String, password: Option<String> },
    Token(Arc<dyn TokenSource>),
}

/// The credentials of a client: per scheme, plus the token source that
/// `bearer_token`/`token_source` set for every bearer scheme.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    pub(crate) by_scheme: BTreeMap<String, Credential>,
    pub(crate) default_token: Option<Arc<dyn TokenSource>>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Names only: the values are secrets.
        formatter
            .debug_struct("Credentials")
            .field("schemes", &self.by_scheme.keys().collect::<Vec<_>>())
            .field("default_token", &self.default_token)
            .finish()
    }
}

impl Credentials {
    /// Every token source set, the default one first.
    pub(crate) fn token_sources(&self) -> impl Iterator<Item = &Arc<dyn TokenSource>> {
        let per_scheme = self.by_scheme.values().filter_map(|credential| match credential {
            Credential::Token(source) => Some(source),
            _ => None,
        });
        self.default_token.iter().chain(per_scheme)
    }

    fn token_source(&self, scheme: &Scheme) -> Option<&Arc<dyn TokenSource>> {
        match self.by_scheme.get(scheme.name) {
            Some(Credential::Token(source)) => Some(source),
            _ => self.default_token.as_ref(),
        }
    }

    fn can_apply(&self, scheme: &Scheme) -> bool {
        match (scheme.kind, self.by_scheme.get(scheme.name)) {
            (SchemeKind::Bearer, _) => self.token_source(scheme).is_some(),
            (SchemeKind::Basic, Some(Credential::Basic { .. })) => true,
            (
                SchemeKind::ApiKeyHeader(_) | SchemeKind::ApiKeyQuery(_) | SchemeKind::ApiKeyCookie(_),
                Some(Credential::ApiKey(_)),
            ) => true,
            _ => false,
        }
    }

    /// The schemes to apply: the first alternative whose credentials are all
    /// set. None fits: nothing is applied, and the server (or a middleware
    /// layer of the caller's) decides.
    fn choose(&self, security: Option<Security>) -> Vec<Scheme> {
        let Some(Security(alternatives)) = security else {
            // The API description says nothing: a token set on the builder
            // is sent, as the caller asked.
            return match self.default_token {
                Some(_) => vec![Scheme { name: "", kind: SchemeKind::Bearer }],
                None => Vec::new(),
            };
        };
        alternatives
            .iter()
            .find(|alternative| alternative.iter().all(|scheme| self.can_apply(scheme)))
            .map(|alternative| alternative.to_vec())
            .unwrap_or_default()
    }
}

/// A credential that cannot be sent: the request fails before it is sent.
#[derive(Debug)]
pub(crate) struct InvalidCredential(pub(crate) String);

impl fmt::Display for InvalidCredential {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for InvalidCredential {}

/// Applies the credentials each request's [`Security`] extension calls for,
/// and repeats a request once after a 401 when its token source can offer a
/// fresh token.
#[derive(Debug)]
pub(crate) struct AuthLayer {
    pub(crate) credentials: Credentials,
}

#[async_trait::async_trait]
impl Middleware for AuthLayer {
    async fn handle(
        &self,
        mut request: Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let schemes = self.credentials.choose(extensions.get::<Security>().copied());
        let mut bearer = None;
        for scheme in &schemes {
            match scheme.kind {
                SchemeKind::Bearer => bearer = self.credentials.token_source(scheme).cloned(),
                _ => self.apply_static(scheme, &mut request)?,
            }
        }
        let Some(source) = bearer else {
            return next.run(request, extensions).await;
        };
        let token = send_token(&source, &mut request).await?;
        let spare = source.can_refresh().then(|| request.try_clone()).flatten();
        let response = next.clone().run(request, &mut *extensions).await?;
        match spare {
            Some(mut again)
                if response.status() == StatusCode::UNAUTHORIZED && source.invalidate(&token) =>
            {
                send_token(&source, &mut again).await?;
                next.run(again, extensions).await
            }
            _ => Ok(response),
        }
    }
}

impl AuthLayer {
    /// API keys and basic credentials, which stay the same on every attempt.
    fn apply_static(&self, scheme: &Scheme, request: &mut Request) -> reqwest_middleware::Result<()> {
        let credential = self.credentials.by_scheme.get(scheme.name);
        match (scheme.kind, credential) {
            (SchemeKind::Basic, Some(Credential::Basic { username, password })) => {
                let pair = format!("{username}:{}", password.as_deref().unwrap_or(""));
                let value = format!("Basic {}", STANDARD.encode(pair));
                insert_secret(request, AUTHORIZATION, &value, scheme)
            }
            (SchemeKind::ApiKeyHeader(header), Some(Credential::ApiKey(key))) => {
                let name = HeaderName::try_from(header).map_err(|_| invalid(scheme, "header name"))?;
                insert_secret(request, name, key, scheme)
            }
            (SchemeKind::ApiKeyQuery(parameter), Some(Credential::ApiKey(key))) => {
                request.url_mut().query_pairs_mut().append_pair(parameter, key);
                Ok(())
            }
            (SchemeKind::ApiKeyCookie(cookie), Some(Credential::ApiKey(key))) => {
                let pair = format!("{cookie}={key}");
                let value = match request.headers().get(COOKIE).and_then(|value| value.to_str().ok()) {
                    Some(existing) => format!("{existing}; {pair}"),
                    None => pair,
                };
                insert_secret(request, COOKIE, &value, scheme)
            }
            _ => Ok(()),
        }
    }
}

/// Asks the source for a token and sets it as the bearer token; returns it,
/// so that a 401 can tell the source which token was refused.
async fn send_token(
    source: &Arc<dyn TokenSource>,
    request: &mut Request,
) -> reqwest_middleware::Result<String> {
    let token = source.token().await.map_err(reqwest_middleware::Error::middleware)?;
    let scheme = Scheme { name: "bearer", kind: SchemeKind::Bearer };
    insert_secret(request, AUTHORIZATION, &format!("Bearer {token}"), &scheme)?;
    Ok(token)
}

fn insert_secret(
    request: &mut Request,
    name: HeaderName,
    value: &str,
    scheme: &Scheme,
) -> reqwest_middleware::Result<()> {
    let mut value = HeaderValue::try_from(value).map_err(|_| invalid(scheme, "header value"))?;
    value.set_sensitive(true);
    request.headers_mut().insert(name, value);
    Ok(())
}

fn invalid(scheme: &Scheme, what: &str) -> reqwest_middleware::Error {
    let message = match scheme.kind {
        SchemeKind::Bearer => format!("the access token contains characters not allowed in a {what}"),
        _ => format!("the credential of security scheme `{}` is not a valid {what}", scheme.name),
    };
    reqwest_middleware::Error::middleware(InvalidCredential(message))
}

/// The error a failed credential becomes: a token that could not be had is
/// [`Error::Auth`](super::Error::Auth), one that cannot be sent
/// [`Error::InvalidRequest`](super::Error::InvalidRequest).
pub(crate) enum AuthFailure {
    Token(AuthError),
    Invalid(String),
}

impl AuthFailure {
    /// Recovers a failure of [`AuthLayer`] from a middleware error.
    pub(crate) fn from_middleware(error: anyhow::Error) -> Result<Self, anyhow::Error> {
        let error = match error.downcast::<AuthError>() {
            Ok(token) => return Ok(Self::Token(token)),
            Err(other) => other,
        };
        match error.downcast::<InvalidCredential>() {
            Ok(InvalidCredential(message)) => Ok(Self::Invalid(message)),
            Err(other) => Err(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::StaticToken;

    const KEY: Scheme = Scheme { name: "key", kind: SchemeKind::ApiKeyHeader("x-api-key") };
    const BASIC: Scheme = Scheme { name: "basic", kind: SchemeKind::Basic };
    const OAUTH: Scheme = Scheme { name: "oauth", kind: SchemeKind::Bearer };

    fn with_key() -> Credentials {
        let mut credentials = Credentials::default();
        credentials.by_scheme.insert("key".to_owned(), Credential::ApiKey("k".to_owned()));
        credentials
    }

    #[test]
    fn the_first_alternative_whose_credentials_are_all_set_is_applied() {
        static ALTERNATIVES: &[&[Scheme]] = &[&[OAUTH], &[KEY, BASIC], &[KEY]];
        assert_eq!(with_key().choose(Some(Security(ALTERNATIVES))), vec![KEY]);
        let mut with_token = with_key();
        with_token.default_token = Some(Arc::new(StaticToken::new("t")));
        assert_eq!(with_token.choose(Some(Security(ALTERNATIVES))), vec![OAUTH]);
    }

    #[test]
    fn no_credentials_where_the_operation_needs_none_or_none_fit() {
        static NONE: &[&[Scheme]] = &[];
        static EMPTY_ALTERNATIVE: &[&[Scheme]] = &[&[BASIC], &[]];
        assert!(with_key().choose(Some(Security(NONE))).is_empty());
        assert!(with_key().choose(Some(Security(EMPTY_ALTERNATIVE))).is_empty());
        assert!(with_key().choose(None).is_empty());
    }

    #[test]
    fn debug_output_names_schemes_but_not_secrets() {
        let shown = format!("{:?}", with_key());
        assert!(shown.contains("key") && !shown.contains("\"k\""), "{shown}");
    }
}
