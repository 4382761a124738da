//! Channel settings, and the webhooks among them.
//!
//! `PATCH /settings` replaces the whole `webhooks` array: [`Webhooks`] reads
//! the settings, edits the array and sends back only `webhooks`, so other
//! hooks and other settings stay as they are.

use crate::{Client, Error, call, types};
use types::{EventMethodKnown, WebhookEventTypeTypeKnown, WebhookParametersModeKnown};

/// Whapi accepts at most this many static headers per hook.
pub const MAX_WEBHOOK_HEADERS: usize = 5;

/// The settings handler: `client.settings()`.
///
/// ```no_run
/// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
/// let settings = client.settings().get().await?;
/// println!("{} webhook(s)", settings.webhooks.map(|w| w.0.len()).unwrap_or(0));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    client: &'a Client,
}

impl<'a> Settings<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Settings { client }
    }

    /// The channel's settings (`GET /settings`).
    pub async fn get(self) -> Result<types::Settings, Error> {
        let request = self.client.raw().get_channel_settings();
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Changes the settings set in `changes` (`PATCH /settings`); the
    /// fields left `None` are not sent and stay as they are. Note that
    /// `webhooks`, when set, replaces the whole array: use
    /// [`webhooks`](Self::webhooks) to change one hook.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let changes = whapi::types::Settings { callback_persist: Some(true), ..Default::default() };
    /// let answer = client.settings().patch(changes).await?;
    /// println!("changed: {:?}", answer.changes);
    /// # Ok(()) }
    /// ```
    pub async fn patch(self, changes: types::Settings) -> Result<types::UpdateSettings, Error> {
        let request = self.client.raw().update_channel_settings().body(changes);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Puts every setting back to Whapi's defaults (`DELETE /settings`):
    /// webhooks included.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.settings().reset().await?;
    /// # Ok(()) }
    /// ```
    pub async fn reset(self) -> Result<types::ResponseSuccess, Error> {
        let request = self.client.raw().reset_channel_settings();
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// The webhook events this channel may subscribe to.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// for event in client.settings().events().await? {
    ///     println!("{:?} {:?}", event.type_, event.method);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn events(self) -> Result<Vec<types::Event>, Error> {
        let request = self.client.raw().get_allowed_events();
        let events: types::Events = call::run(self.client.timeout(), None, request.send()).await?;
        Ok(events.0)
    }

    /// The channel's webhooks: list, add or replace one by URL, remove one.
    pub fn webhooks(self) -> Webhooks<'a> {
        Webhooks {
            client: self.client,
        }
    }
}

/// What an edit of the webhooks did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookChange {
    /// No hook had this URL: it was added.
    Added,
    /// The hook with this URL was replaced.
    Replaced,
    /// The hook was already exactly so (or, on removal, absent): nothing
    /// was sent.
    Unchanged,
    /// The hook with this URL was removed.
    Removed,
}

/// The webhooks among the channel settings: `client.settings().webhooks()`.
///
/// Each edit reads the settings, edits the `webhooks` array and, if it
/// changed, sends back only `webhooks` (`PATCH /settings`); other hooks and
/// other settings are untouched, and running an edit twice changes nothing
/// the second time. Hooks are matched by their exact URL. Two edits racing
/// from two processes can overwrite each other (the API offers no
/// compare-and-set).
///
/// ```no_run
/// use whapi::settings::Hook;
/// use whapi::types::{EventMethodKnown as Method, WebhookEventTypeTypeKnown as Type};
/// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
/// let hook = Hook::new("https://bot.example.com/hook")
///     .event(Type::Messages, Method::Post)
///     .event(Type::Statuses, Method::Post)
///     .header("Authorization", "Bearer s3cret");
/// client.settings().webhooks().upsert(hook).await?;
/// for hook in client.settings().webhooks().list().await? {
///     println!("{} {:?}", hook.url, hook.events);
/// }
/// client.settings().webhooks().remove("https://bot.example.com/hook").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Webhooks<'a> {
    client: &'a Client,
}

impl Webhooks<'_> {
    /// The configured hooks.
    pub async fn list(self) -> Result<Vec<types::Webhook>, Error> {
        let settings = Settings::new(self.client).get().await?;
        Ok(settings.webhooks.map(|w| w.0).unwrap_or_default())
    }

    /// Adds `hook`, or replaces the hook with the same URL. Checked first:
    /// an empty URL or more than [`MAX_WEBHOOK_HEADERS`] headers fail with
    /// [`Error::InvalidInput`] before any request.
    pub async fn upsert(self, hook: impl Into<types::Webhook>) -> Result<WebhookChange, Error> {
        let hook = hook.into();
        if hook.url.trim().is_empty() {
            return Err(Error::invalid("webhook url", "is empty"));
        }
        if hook.headers.as_ref().map_or(0, |h| h.len()) > MAX_WEBHOOK_HEADERS {
            return Err(Error::invalid(
                "webhook headers",
                format!("at most {MAX_WEBHOOK_HEADERS} headers per hook"),
            ));
        }
        let mut hooks = self.list().await?;
        let change = match hooks.iter_mut().find(|h| h.url == hook.url) {
            Some(same) if same_hook(same, &hook) => return Ok(WebhookChange::Unchanged),
            Some(same) => {
                *same = hook;
                WebhookChange::Replaced
            }
            None => {
                hooks.push(hook);
                WebhookChange::Added
            }
        };
        self.save(hooks).await?;
        Ok(change)
    }

    /// Removes the hook with this exact URL; [`WebhookChange::Unchanged`]
    /// (and no request beyond the read) when there is none.
    pub async fn remove(self, url: &str) -> Result<WebhookChange, Error> {
        let mut hooks = self.list().await?;
        let before = hooks.len();
        hooks.retain(|h| h.url != url);
        if hooks.len() == before {
            return Ok(WebhookChange::Unchanged);
        }
        self.save(hooks).await?;
        Ok(WebhookChange::Removed)
    }

    /// Has Whapi send a test event of `event_type` to `hook` (its URL, mode
    /// and headers), which need not be configured: check a receiver before
    /// adding it. An empty URL fails before any request.
    ///
    /// ```no_run
    /// use whapi::settings::Hook;
    /// use whapi::types::WebhookEventTypeTypeKnown as Type;
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let hook = Hook::new("https://bot.example.com/hook").header("Authorization", "Bearer s3cret");
    /// client.settings().webhooks().test(hook, Type::Messages).await?;
    /// # Ok(()) }
    /// ```
    pub async fn test(
        self,
        hook: impl Into<types::Webhook>,
        event_type: WebhookEventTypeTypeKnown,
    ) -> Result<types::ResponseSuccess, Error> {
        let hook = hook.into();
        if hook.url.trim().is_empty() {
            return Err(Error::invalid("webhook url", "is empty"));
        }
        let request = self
            .client
            .raw()
            .webhook_test()
            .body(types::WebhookTestRequest {
                headers: hook.headers,
                mode: hook.mode.unwrap_or(WebhookParametersModeKnown::Body.into()),
                type_: event_type.into(),
                url: hook.url,
            });
        call::run(self.client.timeout(), None, request.send()).await
    }

    async fn save(self, hooks: Vec<types::Webhook>) -> Result<types::UpdateSettings, Error> {
        let changes = types::Settings {
            webhooks: Some(types::Webhooks(hooks)),
            ..Default::default()
        };
        Settings::new(self.client).patch(changes).await
    }
}

/// Equal, counting an unset mode as Whapi's default (`body`) and no
/// headers as no headers.
fn same_hook(a: &types::Webhook, b: &types::Webhook) -> bool {
    let mode = |h: &types::Webhook| {
        h.mode
            .clone()
            .unwrap_or(WebhookParametersModeKnown::Body.into())
    };
    // No headers and an empty map say the same.
    let headers = |h: &types::Webhook| h.headers.as_deref().filter(|m| !m.is_empty()).cloned();
    a.url == b.url && a.events == b.events && headers(a) == headers(b) && mode(a) == mode(b)
}

/// A webhook to configure: URL, events, mode, static headers. Converts into
/// the generated [`types::Webhook`].
///
/// ```
/// use whapi::settings::Hook;
/// use whapi::types::{EventMethodKnown, WebhookEventTypeTypeKnown, WebhookParametersModeKnown};
/// let hook: whapi::types::Webhook = Hook::new("https://bot.example.com/hook")
///     .event(WebhookEventTypeTypeKnown::Messages, EventMethodKnown::Post)
///     .mode(WebhookParametersModeKnown::Method)
///     .header("Authorization", "Bearer s3cret")
///     .into();
/// assert_eq!(hook.events.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Hook {
    hook: types::Webhook,
}

impl Hook {
    /// A hook delivering to `url`, in Whapi's default mode (`body`) and
    /// with Whapi's default events until [`event`](Self::event) is called.
    pub fn new(url: impl Into<String>) -> Self {
        Hook {
            hook: types::Webhook {
                events: Vec::new(),
                headers: None,
                mode: None,
                url: url.into(),
            },
        }
    }

    /// Subscribes to an event type with a method (`messages` + `post`: new
    /// messages).
    pub fn event(
        mut self,
        event_type: WebhookEventTypeTypeKnown,
        method: EventMethodKnown,
    ) -> Self {
        self.hook.events.push(types::Event {
            type_: Some(event_type.into()),
            method: Some(method.into()),
        });
        self
    }

    /// How deliveries are addressed: `body` (the event in the body), `path`
    /// (`url/{type}/{method}`) or `method` (`url/{type}` with the event's
    /// HTTP method). [`webhooks::parse`](crate::webhooks::parse) reads all three.
    pub fn mode(mut self, mode: WebhookParametersModeKnown) -> Self {
        self.hook.mode = Some(mode.into());
        self
    }

    /// A static header Whapi adds to every delivery (at most
    /// [`MAX_WEBHOOK_HEADERS`]): the receiver's only authentication.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.hook
            .headers
            .get_or_insert_with(Default::default)
            .insert(name.into(), value.into());
        self
    }
}

impl From<Hook> for types::Webhook {
    fn from(hook: Hook) -> Self {
        hook.hook
    }
}
