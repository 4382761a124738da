//! Contacts: check which phone numbers are on WhatsApp, list, get, add,
//! rename and delete contacts, read profiles.

use crate::ids::contact_id;
use crate::paging::{Page, page_args};
use crate::{Client, Error, call, types};
use futures_util::Stream;
use progenitor_client::{Error as RawError, ResponseValue};

/// The contacts handler: `client.contacts()`.
///
/// A contact is a phone number of 7 to 15 digits, written as people write
/// them (`+1 555 123-4567`) or as its chat ID (`15551234567@s.whatsapp.net`),
/// checked before any request; an invalid one fails with
/// [`Error::InvalidInput`] naming the parameter (`contact`, `phone`,
/// `phones`).
///
/// ```no_run
/// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
/// let checked = client.contacts().check(["+1 555 123-4567", "15557654321"]).send().await?;
/// for number in &checked.contacts {
///     println!("{:?}: valid {} as {:?}", number.input, number.is_valid(), number.wa_id);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Contacts<'a> {
    client: &'a Client,
}

impl<'a> Contacts<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Contacts { client }
    }

    /// Checks a batch of phone numbers: for each, whether it is on WhatsApp
    /// and its WhatsApp ID. The numbers are sent as digits.
    pub fn check<I>(self, phones: I) -> CheckPhones<'a>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        CheckPhones {
            client: self.client,
            phones: phones
                .into_iter()
                .map(|p| contact_id("phones", p.as_ref()).map(|c| c.to_string()))
                .collect(),
            force_check: None,
        }
    }

    /// The saved contacts, a page at a time or as a stream.
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt;
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let mut contacts = std::pin::pin!(client.contacts().list().into_stream());
    /// while let Some(contact) = contacts.try_next().await? {
    ///     println!("{} {}", contact.id, contact.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(self) -> ListContacts<'a> {
        ListContacts {
            client: self.client,
            count: None,
            offset: 0,
        }
    }

    /// One contact.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let contact = client.contacts().get("15551234567").await?;
    /// println!("{} {:?}", contact.name, contact.pushname);
    /// # Ok(()) }
    /// ```
    pub async fn get(self, contact: &str) -> Result<types::Contact, Error> {
        let id = contact_id("contact", contact)?;
        let request = self.client.raw().get_contact().contact_id(id);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// A contact's profile: name, about, picture.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let profile = client.contacts().profile("15551234567").await?;
    /// println!("{:?}", profile.about);
    /// # Ok(()) }
    /// ```
    pub async fn profile(self, contact: &str) -> Result<types::UserProfile, Error> {
        let id = contact_id("contact", contact)?;
        let request = self.client.raw().get_contact_profile().contact_id(id);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Whether a number is registered on WhatsApp (`HEAD`; Whapi's 404
    /// answers `false`).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// if client.contacts().exists("15551234567").await? {
    ///     println!("on WhatsApp");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn exists(self, contact: &str) -> Result<bool, Error> {
        let id = contact_id("contact", contact)?;
        let request = self.client.raw().check_exist().contact_id(id);
        call::run(self.client.timeout(), None, async move {
            match request.send().await {
                Ok(v) => Ok(ResponseValue::new(true, v.status(), v.headers().clone())),
                Err(RawError::ErrorResponse(v)) if v.status() == reqwest::StatusCode::NOT_FOUND => {
                    Ok(ResponseValue::new(false, v.status(), v.headers().clone()))
                }
                Err(other) => Err(bodiless(other)),
            }
        })
        .await
    }

    /// Saves a phone number as a contact named `name`.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let contact = client.contacts().add("+1 555 123-4567", "Ada").await?;
    /// println!("{}", contact.id);
    /// # Ok(()) }
    /// ```
    pub async fn add(self, phone: &str, name: &str) -> Result<types::Contact, Error> {
        let phone = contact_id("phone", phone)?;
        let name = non_empty("name", name)?;
        let request = self
            .client
            .raw()
            .add_contact()
            .body(types::AddContactRequest { name, phone });
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Renames a saved contact.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.contacts().rename("15551234567", "Ada Lovelace").await?;
    /// # Ok(()) }
    /// ```
    pub async fn rename(self, contact: &str, name: &str) -> Result<types::Contact, Error> {
        let id = contact_id("contact", contact)?;
        let name = non_empty("name", name)?;
        let request = self
            .client
            .raw()
            .edit_contact()
            .contact_id(id)
            .body(types::EditContactRequest { name });
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Deletes a saved contact.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.contacts().delete("15551234567").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(self, contact: &str) -> Result<types::ResponseSuccess, Error> {
        let id = contact_id("contact", contact)?;
        let request = self.client.raw().delete_contact().contact_id(id);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// Sends a saved contact's card to a chat (`to`: a phone number or chat
    /// ID). A send: retried only when the request never left.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// client.contacts().send("15557654321", "15551234567").name("Grace").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn send(self, contact: &str, to: impl crate::IntoChatId) -> SendContact<'a> {
        SendContact {
            client: self.client,
            contact: contact_id("contact", contact),
            to: to.into_chat_id().map_err(|e| e.for_argument("to")),
            name: None,
        }
    }

    /// A contact's LID (WhatsApp's private contact ID).
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// println!("{}", client.contacts().lid("15551234567").await?.lid);
    /// # Ok(()) }
    /// ```
    pub async fn lid(self, contact: &str) -> Result<types::Lid, Error> {
        let id = contact_id("contact", contact)?;
        let request = self.client.raw().get_lid_by_id().contact_id(id);
        call::run(self.client.timeout(), None, request.send()).await
    }

    /// The LIDs of several contacts, by contact ID.
    ///
    /// ```no_run
    /// # async fn run(client: whapi::Client) -> Result<(), whapi::Error> {
    /// let lids = client.contacts().lids(["15551234567", "15557654321"]).await?;
    /// for (contact, lid) in &lids.0 {
    ///     println!("{contact}: {}", lid.lid);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn lids<I>(self, contacts: I) -> Result<types::Lids, Error>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let ids = contacts
            .into_iter()
            .map(|c| contact_id("contacts", c.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        if ids.is_empty() {
            return Err(Error::invalid("contacts", "is empty"));
        }
        let request = self.client.raw().get_lid_by_ids().contact_id_list(ids);
        call::run(self.client.timeout(), None, request.send()).await
    }
}

/// The same error without its (absent) body type: `HEAD` answers carry
/// none, so a documented error status becomes an API error with just the
/// status (`call::run` reads it from the response the hooks saw).
fn bodiless(e: RawError<()>) -> RawError<types::ResponseError> {
    match e {
        RawError::ErrorResponse(_) => RawError::InvalidResponsePayload(
            Default::default(),
            serde::de::Error::custom("no body: a HEAD answer"),
        ),
        RawError::InvalidRequest(s) => RawError::InvalidRequest(s),
        RawError::CommunicationError(e) => RawError::CommunicationError(e),
        RawError::InvalidUpgrade(e) => RawError::InvalidUpgrade(e),
        RawError::ResponseBodyError(e) => RawError::ResponseBodyError(e),
        RawError::InvalidResponsePayload(b, e) => RawError::InvalidResponsePayload(b, e),
        RawError::UnexpectedResponse(r) => RawError::UnexpectedResponse(r),
        RawError::Custom(s) => RawError::Custom(s),
    }
}

fn non_empty(argument: &'static str, text: &str) -> Result<String, Error> {
    if text.trim().is_empty() {
        return Err(Error::invalid(argument, "is empty"));
    }
    Ok(text.to_owned())
}

/// Checks phone numbers. From [`Contacts::check`].
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await`"]
pub struct CheckPhones<'a> {
    client: &'a Client,
    phones: Vec<Result<String, Error>>,
    force_check: Option<bool>,
}

impl CheckPhones<'_> {
    /// With `true`, Whapi asks WhatsApp again instead of answering from its
    /// cache.
    pub fn force_check(mut self, force: bool) -> Self {
        self.force_check = Some(force);
        self
    }

    /// Sends the batch; an empty batch or an invalid number fails before
    /// any request.
    pub async fn send(self) -> Result<types::CheckContactResponse, Error> {
        let contacts = self.phones.into_iter().collect::<Result<Vec<_>, _>>()?;
        if contacts.is_empty() {
            return Err(Error::invalid("phones", "is empty"));
        }
        let request = self
            .client
            .raw()
            .check_phones()
            .body(types::CheckContactRequest {
                contacts,
                force_check: self.force_check,
            });
        call::run(self.client.timeout(), None, request.send()).await
    }
}

/// Lists contacts. From [`Contacts::list`].
#[derive(Debug)]
#[must_use = "nothing happens until `.send().await` or `.into_stream()`"]
pub struct ListContacts<'a> {
    client: &'a Client,
    count: Option<u32>,
    offset: u32,
}

impl ListContacts<'_> {
    /// Contacts per page, 1 to 500 (the API's default is 100).
    pub fn count(mut self, count: u32) -> Self {
        self.count = Some(count);
        self
    }

    /// Skips this many contacts.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = offset;
        self
    }

    /// Fetches one page.
    pub async fn send(self) -> Result<types::ContactsList, Error> {
        fetch(self.client, self.count, self.offset).await
    }

    /// Every contact from the offset on, fetched lazily page by page. Stops
    /// at `total` or at an empty page; holds one page in memory; an error
    /// ends the stream after yielding it. Owned: it can be spawned.
    pub fn into_stream(self) -> impl Stream<Item = Result<types::Contact, Error>> + Send + 'static {
        let client = self.client.clone();
        let count = self.count;
        crate::paging::offset_stream(self.offset, move |offset| {
            let client = client.clone();
            async move {
                let page = fetch(&client, count, offset).await?;
                Ok(Page {
                    total: page.total.map(i64::from),
                    items: page.contacts.map(|c| c.0).unwrap_or_default(),
                })
            }
        })
    }
}

/// One page of `GET /contacts`.
async fn fetch(
    client: &Client,
    count: Option<u32>,
    offset: u32,
) -> Result<types::ContactsList, Error> {
    let (count, offset) = page_args(count, offset)?;
    let mut request = client.raw().get_contacts();
    if let Some(c) = count {
        request = request.count(c);
    }
    // 0 is the API's default: leave it out.
    if offset > 0 {
        request = request.offset(offset);
    }
    call::run(client.timeout(), None, request.send()).await
}

/// Sends a saved contact's card. From [`Contacts::send`].
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendContact<'a> {
    client: &'a Client,
    contact: Result<types::ContactId, Error>,
    to: Result<crate::ChatId, Error>,
    name: Option<String>,
}

impl SendContact<'_> {
    /// The name shown on the card (default: the saved name).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sends the card; an invalid contact or chat fails before any request.
    pub async fn send(self) -> Result<types::SentMessage, Error> {
        let contact = self.contact?;
        let to = self.to?;
        let name = self.name;
        let request = self
            .client
            .raw()
            .send_contact()
            .contact_id(contact)
            .body_map(|b| {
                let b = b.to(to);
                match name {
                    Some(n) => b.name(Some(n)),
                    None => b,
                }
            });
        call::run(self.client.timeout(), None, request.send()).await
    }
}
