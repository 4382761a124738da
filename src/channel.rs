//! The channel: its health (and whether it is linked to WhatsApp), its
//! limits, and its settings.

use crate::settings::Settings;
use crate::{Client, Error, call, types};

/// The channel handler: `client.channel()`.
///
/// ```no_run
/// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
/// let health = client.channel().health().send().await?;
/// if !health.is_authorized() {
///     println!("not linked ({}): scan the QR of client.users().login_qr()", health.status.text);
/// }
/// let limits = client.channel().limits().await?;
/// println!("{} messages left", limits.messages);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Channel<'a> {
    client: &'a Client,
}

impl<'a> Channel<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Channel { client }
    }

    /// The channel's health; by default this also launches a stopped
    /// channel (see [`CheckHealth::wakeup`]).
    pub fn health(self) -> CheckHealth<'a> {
        CheckHealth {
            client: self.client,
            wakeup: None,
            platform: None,
            channel_type: None,
        }
    }

    /// What the channel may still do on its plan: messages, checks,
    /// requests, chats.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let limits = client.channel().limits().await?;
    /// println!("{} checks left", limits.checks);
    /// # Ok(()) }
    /// ```
    pub async fn limits(self) -> Result<types::Limits, Error> {
        let request = self.client.raw().get_limits();
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// The channel's settings: the same handler as [`Client::settings`].
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let settings = client.channel().settings().get().await?;
    /// # Ok(()) }
    /// ```
    pub fn settings(self) -> Settings<'a> {
        Settings::new(self.client)
    }
}

/// Checks the channel's health. From [`Channel::health`].
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct CheckHealth<'a> {
    client: &'a Client,
    wakeup: Option<bool>,
    platform: Option<String>,
    channel_type: Option<types::CheckHealthChannelType>,
}

impl CheckHealth<'_> {
    /// With `false`, a stopped channel is not launched by this check.
    pub fn wakeup(mut self, wakeup: bool) -> Self {
        self.wakeup = Some(wakeup);
        self
    }

    /// How the linked device names itself, as `browser,name,version`
    /// (`Chrome,Whapi,1.6.0`).
    pub fn platform(mut self, platform: impl Into<String>) -> Self {
        self.platform = Some(platform.into());
        self
    }

    /// Web or mobile channel (Whapi's default: web).
    pub fn channel_type(mut self, channel_type: types::CheckHealthChannelType) -> Self {
        self.channel_type = Some(channel_type);
        self
    }

    /// Checks; a `platform` not made of three comma-separated parts fails
    /// before any request.
    pub async fn send(self) -> Result<types::Health, Error> {
        let mut request = self.client.raw().check_health();
        if let Some(w) = self.wakeup {
            request = request.wakeup(w);
        }
        if let Some(p) = self.platform {
            let parts: Vec<&str> = p.split(',').collect();
            if parts.len() != 3 || parts.iter().any(|s| s.trim().is_empty()) {
                return Err(Error::invalid(
                    "platform",
                    format!(
                        "`{}` is not `browser,name,version` like Chrome,Whapi,1.6.0",
                        crate::ids::shown(&p)
                    ),
                ));
            }
            request = request.platform(p);
        }
        if let Some(t) = self.channel_type {
            request = request.channel_type(t);
        }
        call::run(self.client.timeout(), None, request.send()).await
    }
}
