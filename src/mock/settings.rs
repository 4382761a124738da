//! The mock channel's settings: `GET`/`PATCH`/`DELETE /settings` keep them,
//! and the `webhooks` among them are where deliveries go.

use super::routes::Operation;
use super::validate::Checked;
use crate::webhooks::current_type;
use serde_json::{Map, Value, json};
use std::time::Duration;

/// Whapi's shortest backoff step (`callback_backoff_delay_ms`).
const DEFAULT_STEP_MS: u64 = 3_000;
/// Whapi's shortest retry window (`max_callback_backoff_delay_ms`).
const DEFAULT_MAX_MS: u64 = 600_000;

/// The channel settings, as `GET /settings` shows them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChannelSettings(pub(crate) Map<String, Value>);

impl Default for ChannelSettings {
    /// A fresh channel: no webhooks (a mock must never deliver anywhere
    /// unasked), Whapi's shortest backoff.
    fn default() -> Self {
        let defaults = json!({
            "callback_backoff_delay_ms": DEFAULT_STEP_MS,
            "max_callback_backoff_delay_ms": DEFAULT_MAX_MS,
            "callback_persist": false,
            "full_history": false,
            "offline_mode": false,
            "media": {"auto_download": [], "init_avatars": false},
            "webhooks": [],
        });
        match defaults {
            Value::Object(map) => ChannelSettings(map),
            _ => ChannelSettings(Map::new()),
        }
    }
}

impl ChannelSettings {
    /// Sets every key of `changes` (a whole value per key, as Whapi does:
    /// `webhooks` replaces the array) and answers `UpdateSettings`.
    pub(crate) fn patch(&mut self, changes: &Map<String, Value>) -> Value {
        let before = Value::Object(self.0.clone());
        let mut changed = Vec::new();
        for (key, value) in changes {
            if self.0.get(key) != Some(value) {
                changed.push(Value::String(key.clone()));
                self.0.insert(key.clone(), value.clone());
            }
        }
        json!({"before_update": before, "after_update": Value::Object(self.0.clone()), "changes": changed})
    }

    /// The configured hooks that have a URL, in order.
    pub(crate) fn hooks(&self) -> Vec<Hook> {
        let Some(Value::Array(hooks)) = self.0.get("webhooks") else {
            return Vec::new();
        };
        hooks.iter().filter_map(Hook::from_json).collect()
    }

    /// Adds `hook`, or replaces the hook with its URL.
    pub(crate) fn upsert(&mut self, hook: Value) {
        let url = hook.get("url").cloned();
        let hooks = self
            .0
            .entry("webhooks")
            .or_insert_with(|| Value::Array(Vec::new()));
        if !hooks.is_array() {
            *hooks = Value::Array(Vec::new());
        }
        if let Value::Array(hooks) = hooks {
            match hooks.iter_mut().find(|h| h.get("url") == url.as_ref()) {
                Some(same) => *same = hook,
                None => hooks.push(hook),
            }
        }
    }

    /// The retry schedule: the backoff step and the longest total wait.
    pub(crate) fn backoff(&self) -> (Duration, Duration) {
        let ms = |key: &str, default: u64| {
            let ms = self.0.get(key).and_then(Value::as_f64).unwrap_or(0.0);
            // Out of range (or absent): Whapi's default rather than no wait.
            if ms.is_finite() && ms > 0.0 {
                Duration::from_secs_f64(ms / 1000.0)
            } else {
                Duration::from_millis(default)
            }
        };
        (
            ms("callback_backoff_delay_ms", DEFAULT_STEP_MS),
            ms("max_callback_backoff_delay_ms", DEFAULT_MAX_MS),
        )
    }
}

/// The stateful answer of the settings operations; `None` for the others.
pub(crate) fn answer(
    op: &Operation,
    req: &Checked,
    settings: &mut ChannelSettings,
) -> Option<Value> {
    match op.id.as_str() {
        "getChannelSettings" => Some(Value::Object(settings.0.clone())),
        "updateChannelSettings" => {
            let empty = Map::new();
            let changes = req
                .body
                .as_ref()
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            Some(settings.patch(changes))
        }
        "resetChannelSettings" => {
            *settings = ChannelSettings::default();
            Some(json!({"success": true}))
        }
        // The test event itself is queued by the server (`events::test`).
        "webhookTest" => Some(json!({"success": true})),
        _ => None,
    }
}

/// How a hook addresses its deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum HookMode {
    /// `POST url`, the event named in the body (Whapi's default).
    #[default]
    Body,
    /// `POST url/{type}/{method}`.
    Path,
    /// `{METHOD} url/{type}`: the event's method is the HTTP method.
    Method,
}

impl HookMode {
    /// The name in the settings (`body`, `path`, `method`).
    pub fn as_str(self) -> &'static str {
        match self {
            HookMode::Body => "body",
            HookMode::Path => "path",
            HookMode::Method => "method",
        }
    }
}

/// One configured hook, as the deliveries need it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hook {
    pub(crate) url: String,
    /// `(type, method)` pairs, current names; empty: Whapi's default.
    pub(crate) events: Vec<(String, String)>,
    pub(crate) mode: HookMode,
    pub(crate) headers: Vec<(String, String)>,
}

impl Hook {
    pub(crate) fn from_json(hook: &Value) -> Option<Hook> {
        let url = hook.get("url").and_then(Value::as_str)?.to_string();
        let text = |v: &Value, k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase)
        };
        let events = hook
            .get("events")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| Some((current_type(&text(e, "type")?), text(e, "method")?)))
            .collect();
        let mode = match text(hook, "mode").as_deref() {
            Some("path") => HookMode::Path,
            Some("method") => HookMode::Method,
            _ => HookMode::Body,
        };
        let headers = hook
            .get("headers")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect();
        Some(Hook {
            url,
            events,
            mode,
            headers,
        })
    }

    /// Whether the hook wants events of `event_type` sent with `method`. A
    /// hook listing no events gets new messages (`messages.post`), the
    /// events Whapi subscribes a hook to by default.
    pub(crate) fn wants(&self, event_type: &str, method: &str) -> bool {
        if self.events.is_empty() {
            return event_type == "messages" && method == "post";
        }
        self.events
            .iter()
            .any(|(t, m)| t == event_type && m == method)
    }
}
