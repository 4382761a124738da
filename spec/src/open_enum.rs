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

    /// The value's text, as the API sends it (`"image"`, `"sent"`, ...), known
    /// or not.
    ///
    /// ```
    /// use whapi::{OpenEnum, types::SortOrder};
    /// let known: OpenEnum<SortOrder> = "desc".parse().unwrap();
    /// let unknown: OpenEnum<SortOrder> = "random".parse().unwrap();
    /// assert_eq!((known.as_str(), unknown.as_str()), ("desc", "random"));
    /// ```
    pub fn as_str(&self) -> &str
    where
        T: Serialize,
    {
        match self {
            // Every generated enum is unit variants renamed to the API's
            // text: serde hands that text over as a `&'static str`.
            OpenEnum::Known(t) => t.serialize(VariantName).unwrap_or_default(),
            OpenEnum::Unknown(s) => s,
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
        // The text is read in place: a known value allocates nothing, only
        // an unknown one is kept as a `String`.
        struct Text<T>(std::marker::PhantomData<T>);

        impl<T: FromStr> serde::de::Visitor<'_> for Text<T> {
            type Value = OpenEnum<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<OpenEnum<T>, E> {
                Ok(match T::from_str(text) {
                    Ok(t) => OpenEnum::Known(t),
                    Err(_) => OpenEnum::Unknown(text.to_owned()),
                })
            }

            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<OpenEnum<T>, E> {
                Ok(match T::from_str(&text) {
                    Ok(t) => OpenEnum::Known(t),
                    Err(_) => OpenEnum::Unknown(text),
                })
            }
        }

        deserializer.deserialize_str(Text(std::marker::PhantomData))
    }
}

/// A serializer that accepts only unit variants and returns their name.
struct VariantName;

#[derive(Debug)]
struct NotAUnitVariant;

impl fmt::Display for NotAUnitVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotAUnitVariant {}

impl serde::ser::Error for NotAUnitVariant {
    fn custom<M: fmt::Display>(_: M) -> Self {
        NotAUnitVariant
    }
}

macro_rules! reject {
    ($($method:ident($($ty:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $ty),*) -> Result<Self::Ok, Self::Error> {
            Err(NotAUnitVariant)
        })*
    };
}

impl Serializer for VariantName {
    type Ok = &'static str;
    type Error = NotAUnitVariant;
    type SerializeSeq = serde::ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeTuple = serde::ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleStruct = serde::ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeTupleVariant = serde::ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeMap = serde::ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeStruct = serde::ser::Impossible<&'static str, NotAUnitVariant>;
    type SerializeStructVariant = serde::ser::Impossible<&'static str, NotAUnitVariant>;

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<&'static str, NotAUnitVariant> {
        Ok(variant)
    }

    reject! {
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_f32(f32), serialize_f64(f64), serialize_char(char),
        serialize_str(&str), serialize_bytes(&[u8]), serialize_none(), serialize_unit(),
        serialize_unit_struct(&'static str),
    }

    fn serialize_some<V: ?Sized + Serialize>(self, _: &V) -> Result<&'static str, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
    fn serialize_newtype_struct<V: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &V,
    ) -> Result<&'static str, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
    fn serialize_newtype_variant<V: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &V,
    ) -> Result<&'static str, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotAUnitVariant> {
        Err(NotAUnitVariant)
    }
}
