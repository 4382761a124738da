//! Poll sends.

use super::options::{SendOptions, apply_options, body, option_setters};
use crate::ids::IntoChatId;
use crate::{ChatId, Client, Error, call, types};

/// A poll: a question and 2 to 12 answers. From
/// [`Messages::poll`](super::Messages::poll).
#[derive(Debug)]
#[must_use = "a send does nothing until `.send().await`"]
pub struct SendPoll<'a> {
    client: &'a Client,
    to: Result<ChatId, Error>,
    title: String,
    answers: Vec<String>,
    single_answer: Option<bool>,
    options: SendOptions,
}

impl<'a> SendPoll<'a> {
    pub(crate) fn new(
        client: &'a Client,
        to: impl IntoChatId,
        title: String,
        answers: Vec<String>,
    ) -> Self {
        SendPoll {
            client,
            to: to.into_chat_id().map_err(|e| e.for_argument("to")),
            title,
            answers,
            single_answer: None,
            options: SendOptions::default(),
        }
    }

    /// `true`: each voter picks one answer; `false` (the API's default):
    /// any number of them.
    pub fn single_answer(mut self, single_answer: bool) -> Self {
        self.single_answer = Some(single_answer);
        self
    }

    option_setters!(quoted edit);

    /// Sends the poll; an empty title, fewer than 2 or more than 12
    /// answers, or a repeated or empty answer fail before any request.
    pub fn send(
        self,
    ) -> impl std::future::Future<Output = Result<types::SentMessage, Error>> + Send + 'a {
        call::post_json(
            self.client,
            "send_message_poll",
            "/messages/poll",
            self.into_body(),
        )
    }

    /// The request body; an invalid argument fails here.
    fn into_body(mut self) -> Result<types::SenderPoll, Error> {
        let to = self.options.check(self.to)?;
        if self.title.trim().is_empty() {
            return Err(Error::invalid("title", "is empty"));
        }
        if !(2..=12).contains(&self.answers.len()) {
            return Err(Error::invalid(
                "answers",
                format!("{} answers: a poll has 2 to 12", self.answers.len()),
            ));
        }
        for (i, a) in self.answers.iter().enumerate() {
            if a.trim().is_empty() {
                return Err(Error::invalid("answers", format!("answer {i} is empty")));
            }
            // WhatsApp refuses a poll whose answers repeat.
            if self.answers[..i].contains(a) {
                return Err(Error::invalid(
                    "answers",
                    format!("`{}` is there twice", crate::ids::shown(a)),
                ));
            }
        }
        // The spec's `count`: how many answers a voter may pick, 1, or 0
        // for any number.
        let count = self.single_answer.map(i64::from);
        let b = types::SenderPoll::builder()
            .to(to)
            .title(self.title)
            .options(self.answers)
            .count(count);
        let b = apply_options!(b, self.options; quoted edit);
        body::<_, types::SenderPoll>(b)
    }
}
