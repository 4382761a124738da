//! The channel's account: linking it to WhatsApp (QR code or phone code),
//! its profile and status text, logging out.

use crate::{Client, Error, call, types};

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

    /// The QR code's raw text (`rowdata`), to render it yourself.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let qr = client.users().login_qr_text().await?;
    /// println!("{:?}", qr.rowdata);
    /// # Ok(()) }
    /// ```
    pub async fn login_qr_text(self) -> Result<types::Qr, Error> {
        let request = self.client.raw().login_user_row_data();
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// A code to link the channel without a QR scan: WhatsApp on the phone
    /// with this number asks for it (Linked devices, link with phone
    /// number).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let code = client.users().login_code("+1 555 123-4567").await?;
    /// println!("enter {:?} on the phone", code.code);
    /// # Ok(()) }
    /// ```
    pub async fn login_code(self, phone: &str) -> Result<types::AuthCode, Error> {
        let phone = crate::ids::contact_id("phone", phone)?;
        let request = self
            .client
            .raw()
            .login_user_via_auth_code()
            .phone_number(phone);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Unlinks the channel from its WhatsApp account.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.users().logout().await?;
    /// # Ok(()) }
    /// ```
    pub async fn logout(self) -> Result<types::ResponseSuccess, Error> {
        let request = self.client.raw().logout_user();
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// The account's profile: name, about, picture.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let me = client.users().profile().await?;
    /// println!("{:?} {:?}", me.name, me.about);
    /// # Ok(()) }
    /// ```
    pub async fn profile(self) -> Result<types::UserProfile, Error> {
        let request = self.client.raw().get_user_profile();
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Changes the profile: the fields set change, the others stay.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.users().update_profile().name("Acme support").about("9 to 5").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn update_profile(self) -> UpdateProfile<'a> {
        UpdateProfile {
            client: self.client,
            name: None,
            about: None,
            icon: None,
        }
    }

    /// Sets the account's status text (the "about" line).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.users().set_status("Back on Monday").await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_status(self, status: &str) -> Result<types::ResponseSuccess, Error> {
        let request = self
            .client
            .raw()
            .change_status()
            .body(types::ChangeStatusRequest {
                status: status.to_owned(),
            });
        call::run(self.client.timeout(), None, request.send()).await
    }
}

/// Changes the account's profile. From [`Users::update_profile`].
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct UpdateProfile<'a> {
    client: &'a Client,
    name: Option<String>,
    about: Option<String>,
    icon: Option<String>,
}

impl UpdateProfile<'_> {
    /// The name shown, 3 to 25 characters.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The about text, 1 to 139 characters.
    pub fn about(mut self, about: impl Into<String>) -> Self {
        self.about = Some(about.into());
        self
    }

    /// The profile picture, as Whapi takes it: a URL or a base64 data URL.
    pub fn icon(mut self, icon: impl Into<String>) -> Self {
        self.icon = Some(icon.into());
        self
    }

    /// Sends the change; lengths outside the bounds, or nothing to change,
    /// fail before any request.
    pub async fn send(self) -> Result<types::ResponseSuccess, Error> {
        if self.name.is_none() && self.about.is_none() && self.icon.is_none() {
            return Err(Error::invalid(
                "update_profile",
                "nothing to change: set .name(..), .about(..) or .icon(..)",
            ));
        }
        // The generated types check the spec's length bounds.
        let name =
            self.name.map(|n| n.try_into()).transpose().map_err(
                |e: types::error::ConversionError| Error::invalid("name", e.to_string()),
            )?;
        let about =
            self.about.map(|a| a.try_into()).transpose().map_err(
                |e: types::error::ConversionError| Error::invalid("about", e.to_string()),
            )?;
        let request = self
            .client
            .raw()
            .update_user_profile()
            .body(types::UserProfileUpdate {
                about,
                icon: self.icon,
                name,
            });
        call::run(self.client.timeout(), None, request.send()).await
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
        let [size, width, height] = self.check()?;
        let mut b = self.client.raw().login_user();
        if let Some(w) = self.wakeup {
            b = b.wakeup(w);
        }
        if let Some(s) = size {
            b = b.size(s);
        }
        if let Some(s) = width {
            b = b.width(s);
        }
        if let Some(s) = height {
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

    /// Fetches the QR code as PNG bytes (`GET /users/login/image`, the
    /// same options), without the JSON wrapping of [`send`](Self::send).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let png = client.users().login_qr().size(300).send_png().await?;
    /// std::fs::write("login.png", png).ok();
    /// # Ok(()) }
    /// ```
    pub async fn send_png(self) -> Result<Vec<u8>, Error> {
        let [size, width, height] = self.check()?;
        let mut b = self.client.raw().login_user_image();
        if let Some(w) = self.wakeup {
            b = b.wakeup(w);
        }
        if let Some(s) = size {
            b = b.size(i64::from(s.get()));
        }
        if let Some(s) = width {
            b = b.width(i64::from(s.get()));
        }
        if let Some(s) = height {
            b = b.height(i64::from(s.get()));
        }
        if let Some(c) = self.color_dark {
            b = b.color_dark(c);
        }
        if let Some(c) = self.color_light {
            b = b.color_light(c);
        }
        call::run(self.client.timeout(), None, call::collect(b.send())).await
    }

    /// The colours, and the size, width and height as at least 1 pixel.
    fn check(&self) -> Result<[Option<std::num::NonZeroU32>; 3], Error> {
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
        Ok([
            pixels("size", self.size)?,
            pixels("width", self.width)?,
            pixels("height", self.height)?,
        ])
    }
}
