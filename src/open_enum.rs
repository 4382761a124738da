//! Open enums: a string enum from a response that still decodes when the API
//! adds a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A value of the strict enum `T`, or a string the spec does not list.
///
/// Every string enum in a response is open: Whapi adds message types and
/// statuses over time, and one new value must not fail a whole page.
/// Known values stay typed and serialize back unchanged; unknown values keep
/// their text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OpenEnum<T> {
    /// A value the spec lists.
    Known(T),
    /// A value the spec does not list, as the server sent it.
    Unknown(String),
}

impl<T> OpenEnum<T> {
    /// The known value, if it is one.
    pub fn known(&self) -> Option<&T> {
        match self {
            OpenEnum::Known(t) => Some(t),
            OpenEnum::Unknown(_) => None,
        }
    }

    /// Whether the value is one the spec does not list.
    pub fn is_unknown(&self) -> bool {
        matches!(self, OpenEnum::Unknown(_))
    }
}

impl<T> From<T> for OpenEnum<T> {
    fn from(value: T) -> Self {
        OpenEnum::Known(value)
    }
}

impl<T: fmt::Display> fmt::Display for OpenEnum<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenEnum::Known(t) => t.fmt(f),
            OpenEnum::Unknown(s) => f.write_str(s),
        }
    }
}

impl<T: FromStr> FromStr for OpenEnum<T> {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match T::from_str(s) {
            Ok(t) => OpenEnum::Known(t),
            Err(_) => OpenEnum::Unknown(s.to_owned()),
        })
    }
}

impl<T: Serialize> Serialize for OpenEnum<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OpenEnum::Known(t) => t.serialize(serializer),
            OpenEnum::Unknown(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de, T: FromStr> Deserialize<'de> for OpenEnum<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(match T::from_str(&text) {
            Ok(t) => OpenEnum::Known(t),
            Err(_) => OpenEnum::Unknown(text),
        })
    }
}
