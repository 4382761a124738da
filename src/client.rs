//! The client and its builder.

use crate::retry::RetryPolicy;
use crate::state::{DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, Inner, USER_AGENT};
use crate::{Error, api};
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

/// A Whapi.Cloud client. Cheap to clone: clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> Result<(), whapi::Error> {
/// let client = whapi::Client::builder().token("your-channel-token").build()?;
/// let sent = client
///     .messages()
///     .document("15551234567", whapi::Media::path("report.pdf"))
///     .caption("Q3 report")
///     .send()
///     .await?;
/// println!("sent {}", sent.message_id()?);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    raw: api::Client,
    /// The base URL, parsed once: a send's URL is a copy with the
    /// operation's path set, which costs a fraction of parsing the joined
    /// text again on every call (issue 13). Its path has no trailing `/`.
    base: reqwest::Url,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::raw::ClientInfo;
        f.debug_struct("Client")
            .field("base_url", &self.raw.baseurl())
            .field("token", &"[redacted]")
            .field("timeout", &self.raw.inner().timeout)
            .field("retry", &self.raw.inner().retry)
            .finish()
    }
}

impl Client {
    /// A builder with the defaults: base URL [`DEFAULT_BASE_URL`], 10 s
    /// connect timeout, 30 s request timeout, [`RetryPolicy::default`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from the environment: `WHAPI_TOKEN` (required) and
    /// `WHAPI_BASE_URL` (optional).
    pub fn from_env() -> Result<Client, Error> {
        let token = std::env::var("WHAPI_TOKEN")
            .map_err(|_| Error::invalid("WHAPI_TOKEN", "the environment variable is not set"))?;
        let mut builder = Client::builder().token(token);
        if let Ok(url) = std::env::var("WHAPI_BASE_URL") {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// Messages: send, list, read, react, delete.
    #[cfg(feature = "messages")]
    #[cfg_attr(docsrs, doc(cfg(feature = "messages")))]
    pub fn messages(&self) -> crate::messages::Messages<'_> {
        crate::messages::Messages::new(self)
    }

    /// Media files: upload, download, list, delete.
    #[cfg(feature = "media")]
    #[cfg_attr(docsrs, doc(cfg(feature = "media")))]
    pub fn media(&self) -> crate::media::MediaHandler<'_> {
        crate::media::MediaHandler::new(self)
    }

    /// The channel's account: link it with a QR code.
    #[cfg(feature = "users")]
    #[cfg_attr(docsrs, doc(cfg(feature = "users")))]
    pub fn users(&self) -> crate::users::Users<'_> {
        crate::users::Users::new(self)
    }

    /// Channel settings, and the webhooks among them.
    #[cfg(feature = "channel")]
    #[cfg_attr(docsrs, doc(cfg(feature = "channel")))]
    pub fn settings(&self) -> crate::settings::Settings<'_> {
        crate::settings::Settings::new(self)
    }

    /// Chats: list, get, archive, pin, mute, mark read, delete.
    #[cfg(feature = "chats")]
    #[cfg_attr(docsrs, doc(cfg(feature = "chats")))]
    pub fn chats(&self) -> crate::chats::Chats<'_> {
        crate::chats::Chats::new(self)
    }

    /// Contacts: check phone numbers, list, get, profiles.
    #[cfg(feature = "contacts")]
    #[cfg_attr(docsrs, doc(cfg(feature = "contacts")))]
    pub fn contacts(&self) -> crate::contacts::Contacts<'_> {
        crate::contacts::Contacts::new(self)
    }

    /// Presence: typing or recording in a chat, online or offline.
    #[cfg(feature = "presences")]
    #[cfg_attr(docsrs, doc(cfg(feature = "presences")))]
    pub fn presences(&self) -> crate::presences::Presences<'_> {
        crate::presences::Presences::new(self)
    }

    /// Groups: create, list, update, invite links, participants, leave.
    #[cfg(feature = "groups")]
    #[cfg_attr(docsrs, doc(cfg(feature = "groups")))]
    pub fn groups(&self) -> crate::groups::Groups<'_> {
        crate::groups::Groups::new(self)
    }

    /// The channel: health, limits, and its settings.
    #[cfg(feature = "channel")]
    #[cfg_attr(docsrs, doc(cfg(feature = "channel")))]
    pub fn channel(&self) -> crate::channel::Channel<'_> {
        crate::channel::Channel::new(self)
    }

    /// The generated client, with the same auth, base URL, timeouts,
    /// retries and tracing: for what the facade does not cover.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// let page = client.raw().get_messages().count(std::num::NonZeroU32::new(5).unwrap()).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn raw(&self) -> &api::Client {
        &self.raw
    }

    pub(crate) fn timeout(&self) -> Duration {
        use crate::raw::ClientInfo;
        self.raw.inner().timeout
    }

    /// The URL of the operation at `path` (the spec's path, starting with
    /// `/`): what progenitor's `format!("{baseurl}{path}")` parses to.
    #[cfg_attr(not(feature = "messages"), allow(dead_code))]
    pub(crate) fn url(&self, path: &str) -> reqwest::Url {
        let mut url = self.base.clone();
        match self.base.path() {
            "/" => url.set_path(path),
            prefix => url.set_path(&format!("{prefix}{path}")),
        }
        url
    }
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    token: Option<SecretString>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    http: Option<reqwest::Client>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientBuilder {
    /// The channel's API token (sent as `Authorization: Bearer …`).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(SecretString::from(token.into()));
        self
    }

    /// Where the API is; http or https only.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The longest one attempt may take, body included (default 30 s). With
    /// retries, a call may take up to attempts × timeout plus the backoff.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest connecting may take (default 10 s). Ignored with
    /// [`http_client`](Self::http_client), whose own settings apply.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How calls are retried ([`RetryPolicy::none`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Uses your `reqwest::Client` (proxies, pools, TLS roots). Auth, user
    /// agent and the request timeout are still applied per request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let token = self.token.ok_or_else(|| {
            Error::invalid("token", "missing: call .token(..) or set WHAPI_TOKEN")
        })?;
        let secret = token.expose_secret();
        if secret.trim().is_empty() {
            return Err(Error::invalid("token", "is empty"));
        }
        // Never echo the token, not even in this error.
        let mut auth = HeaderValue::from_str(&format!("Bearer {secret}")).map_err(|_| {
            Error::invalid("token", "contains characters not allowed in an HTTP header")
        })?;
        auth.set_sensitive(true);

        let base_url = self.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let mut parsed = reqwest::Url::parse(&base_url).map_err(|e| {
            Error::invalid(
                "base_url",
                format!("`{}` is not a URL: {e}", crate::ids::shown(&base_url)),
            )
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::invalid(
                "base_url",
                format!("scheme `{}` is not http or https", parsed.scheme()),
            ));
        }
        // Credentials in the URL would leak into every error message.
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::invalid("base_url", "must not carry credentials"));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::invalid(
                "base_url",
                "must not carry a query or fragment",
            ));
        }
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(Error::invalid("timeout", "must be more than zero"));
        }
        let per_request_timeout = self.http.is_some();
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .timeout(timeout)
                .user_agent(USER_AGENT)
                .build()
                .map_err(|e| Error::Transport {
                    message: format!("cannot build the HTTP client: {e}"),
                    source: Box::new(e),
                })?,
        };
        let inner = Inner {
            auth: Some(auth),
            user_agent: HeaderValue::from_static(USER_AGENT),
            timeout,
            per_request_timeout,
            retry: self.retry.unwrap_or_default(),
        };
        let trimmed = parsed.path().trim_end_matches('/').to_owned();
        parsed.set_path(&trimmed);
        Ok(Client {
            raw: api::Client::new_with_client(base_url.trim_end_matches('/'), http, inner),
            base: parsed,
        })
    }
}
