//! Contact-card, contact-list and interactive sends.

use super::options::{SendOptions, apply_options, body, option_setters};
use crate::ids::IntoChatId;
use crate::{ChatId, Client, Error, call, types};

/// A contact card (vCard). From [`Messages::contact`](super::Messages::contact).
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendContact<'a> {
    client: &'a Client,
    to: Result<ChatId, Error>,
    name: String,
    vcard: String,
    options: SendOptions,
}

impl<'a> SendContact<'a> {
    pub(crate) fn new(
        client: &'a Client,
        to: impl IntoChatId,
        name: String,
        vcard: String,
    ) -> Self {
        SendContact {
            client,
            to: to.into_chat_id().map_err(|e| e.for_argument("to")),
            name,
            vcard,
            options: SendOptions::default(),
        }
    }

    option_setters!();

    /// Sends the message; invalid arguments fail before any request.
    pub fn send(
        self,
    ) -> impl std::future::Future<Output = Result<types::SentMessage, Error>> + Send + 'a {
        call::post_json(
            self.client,
            "send_message_contact",
            "/messages/contact",
            self.into_body(),
        )
    }

    /// The request body; an invalid argument fails here.
    fn into_body(mut self) -> Result<types::SenderContact, Error> {
        let to = self.options.check(self.to)?;
        check_vcard("vcard", &self.vcard)?;
        let b = types::SenderContact::builder()
            .to(to)
            .name(self.name)
            .vcard(self.vcard);
        let b = apply_options!(b, self.options);
        body::<_, types::SenderContact>(b)
    }
}

/// A vCard must at least say it is one; the API says less about a bad one.
fn check_vcard(argument: &'static str, vcard: &str) -> Result<(), Error> {
    if vcard
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("BEGIN:VCARD")
    {
        Ok(())
    } else {
        Err(Error::invalid(argument, "a vCard starts with BEGIN:VCARD"))
    }
}

/// Several contact cards in one message. From
/// [`Messages::contact_list`](super::Messages::contact_list).
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendContactList<'a> {
    client: &'a Client,
    to: Result<ChatId, Error>,
    contacts: Vec<(String, String)>,
    options: SendOptions,
}

impl<'a> SendContactList<'a> {
    pub(crate) fn new(
        client: &'a Client,
        to: impl IntoChatId,
        contacts: Vec<(String, String)>,
    ) -> Self {
        SendContactList {
            client,
            to: to.into_chat_id().map_err(|e| e.for_argument("to")),
            contacts,
            options: SendOptions::default(),
        }
    }

    option_setters!(quoted edit view_once);

    /// Sends the message; an empty list or a card that is not a vCard fails
    /// before any request.
    pub fn send(
        self,
    ) -> impl std::future::Future<Output = Result<types::SentMessage, Error>> + Send + 'a {
        call::post_json(
            self.client,
            "send_message_contact_list",
            "/messages/contact_list",
            self.into_body(),
        )
    }

    /// The request body; an invalid argument fails here.
    fn into_body(mut self) -> Result<types::SenderContactList, Error> {
        let to = self.options.check(self.to)?;
        if self.contacts.is_empty() {
            return Err(Error::invalid("contacts", "the list is empty"));
        }
        let mut list = Vec::with_capacity(self.contacts.len());
        for (name, vcard) in self.contacts {
            check_vcard("contacts", &vcard)?;
            list.push(types::VCard {
                name: Some(name),
                vcard: Some(vcard),
            });
        }
        let b = types::SenderContactList::builder().to(to).list(list);
        let b = apply_options!(b, self.options; quoted edit view_once);
        body::<_, types::SenderContactList>(b)
    }
}

/// An interactive message: body and footer text, and a catalog product.
/// From [`Messages::interactive`](super::Messages::interactive).
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendInteractive<'a> {
    client: &'a Client,
    to: Result<ChatId, Error>,
    body: Option<String>,
    footer: Option<String>,
    product: Option<(String, String)>,
    options: SendOptions,
}

impl<'a> SendInteractive<'a> {
    pub(crate) fn new(client: &'a Client, to: impl IntoChatId) -> Self {
        SendInteractive {
            client,
            to: to.into_chat_id().map_err(|e| e.for_argument("to")),
            body: None,
            footer: None,
            product: None,
            options: SendOptions::default(),
        }
    }

    /// The main text.
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// The small text at the bottom.
    pub fn footer(mut self, footer: impl Into<String>) -> Self {
        self.footer = Some(footer.into());
        self
    }

    /// Shows a product of a catalog.
    pub fn product(mut self, catalog_id: impl Into<String>, product_id: impl Into<String>) -> Self {
        self.product = Some((catalog_id.into(), product_id.into()));
        self
    }

    option_setters!();

    /// Sends the message; invalid arguments fail before any request.
    pub fn send(
        self,
    ) -> impl std::future::Future<Output = Result<types::SentMessage, Error>> + Send + 'a {
        call::post_json(
            self.client,
            "send_message_interactive",
            "/messages/interactive",
            self.into_body(),
        )
    }

    /// The request body; an invalid argument fails here.
    fn into_body(mut self) -> Result<types::SenderInteractive, Error> {
        let to = self.options.check(self.to)?;
        if self.body.is_none() && self.product.is_none() {
            return Err(Error::invalid(
                "body",
                "an interactive message needs a body or a product",
            ));
        }
        let text = |t: Option<String>| {
            t.map(|text| types::MessagePropsInteractiveBody { text: Some(text) })
        };
        let b = types::SenderInteractive::builder()
            .to(to)
            .body(text(self.body))
            .footer(
                self.footer
                    .map(|text| types::MessagePropsInteractiveFooter { text: Some(text) }),
            )
            .action(
                self.product
                    .map(|(catalog_id, product_id)| types::ActionProduct {
                        catalog_id: Some(catalog_id),
                        product_id: Some(product_id),
                    }),
            );
        let b = apply_options!(b, self.options);
        body::<_, types::SenderInteractive>(b)
    }
}
