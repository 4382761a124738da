//! The channel's account: linking it to WhatsApp with a QR code.

use crate::{Client, DecodeError, Error, call, types};
use base64::Engine as _;

/// The users handler: `client.users()`.
#[derive(Debug, Clone, Copy)]
pub struct Users<'a> {
    client: &'a Client,
}

impl<'a> Users<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Users { client }
    }

    /// A QR code to scan with the WhatsApp app to link the channel.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let qr = client.users().login_qr().size(400).send().await?;
    /// std::fs::write("login.png", qr.png()?).ok();
    /// # Ok(()) }
    /// ```
    pub fn login_qr(self) -> LoginQr<'a> {
        LoginQr {
            client: self.client,
            wakeup: None,
            size: None,
            width: None,
            height: None,
            color_dark: None,
            color_light: None,
        }
    }
}

/// Requests a login QR code. From [`Users::login_qr`].
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct LoginQr<'a> {
    client: &'a Client,
    wakeup: Option<bool>,
    size: Option<u32>,
    width: Option<u32>,
    height: Option<u32>,
    color_dark: Option<String>,
    color_light: Option<String>,
}

impl LoginQr<'_> {
    /// With `false`, the channel is not launched.
    pub fn wakeup(mut self, wakeup: bool) -> Self {
        self.wakeup = Some(wakeup);
        self
    }

    /// The QR code's size in pixels.
    pub fn size(mut self, size: u32) -> Self {
        self.size = Some(size);
        self
    }

    /// The canvas width in pixels.
    pub fn width(mut self, width: u32) -> Self {
        self.width = Some(width);
        self
    }

    /// The canvas height in pixels.
    pub fn height(mut self, height: u32) -> Self {
        self.height = Some(height);
        self
    }

    /// Colour of the dark modules, like `#122e31`.
    pub fn color_dark(mut self, color_dark: impl Into<String>) -> Self {
        self.color_dark = Some(color_dark.into());
        self
    }

    /// Colour of the light modules, like `#ffffff`.
    pub fn color_light(mut self, color_light: impl Into<String>) -> Self {
        self.color_light = Some(color_light.into());
        self
    }

    /// Fetches the QR code.
    pub async fn send(self) -> Result<types::Qr, Error> {
        let pixels = |argument: &'static str,
                      v: Option<u32>|
         -> Result<Option<std::num::NonZeroU32>, Error> {
            v.map(|p| {
                std::num::NonZeroU32::new(p)
                    .ok_or_else(|| Error::invalid(argument, "must be at least 1 pixel"))
            })
            .transpose()
        };
        for (argument, color) in [
            ("color_dark", &self.color_dark),
            ("color_light", &self.color_light),
        ] {
            if let Some(c) = color {
                let hex = c.strip_prefix('#').unwrap_or_default();
                if !(hex.len() == 6 && hex.chars().all(|ch| ch.is_ascii_hexdigit())) {
                    return Err(Error::invalid(
                        argument,
                        format!("`{}` is not a colour like #122e31", crate::ids::shown(c)),
                    ));
                }
            }
        }
        let mut b = self.client.raw().login_user();
        if let Some(w) = self.wakeup {
            b = b.wakeup(w);
        }
        if let Some(s) = pixels("size", self.size)? {
            b = b.size(s);
        }
        if let Some(s) = pixels("width", self.width)? {
            b = b.width(s);
        }
        if let Some(s) = pixels("height", self.height)? {
            b = b.height(s);
        }
        if let Some(c) = self.color_dark {
            b = b.color_dark(c);
        }
        if let Some(c) = self.color_light {
            b = b.color_light(c);
        }
        call::run(self.client.timeout(), None, b.send()).await
    }
}

impl types::Qr {
    /// The QR code as PNG bytes, decoded from `base64` (a `data:` prefix is
    /// accepted). A response without an image, or with one that is not
    /// base64, is an [`Error::Decode`] whose path is `base64`.
    pub fn png(&self) -> Result<Vec<u8>, Error> {
        let text = self.base64.as_deref().unwrap_or_default();
        let failure = |message: String| DecodeError {
            status: None,
            path: "base64".into(),
            message,
            excerpt: crate::error::excerpt(text.as_bytes()),
        };
        if text.is_empty() {
            return Err(failure(format!(
                "the QR response has no image (status {})",
                self.status
            ))
            .into());
        }
        base64::engine::general_purpose::STANDARD
            .decode(crate::data_url::payload(text).trim())
            .map_err(|e| failure(format!("the QR image is not valid base64: {e}")).into())
    }
}
