//! Reading a [`Record`] field by field.
//!
//! The derived reader with `#[serde(flatten)]` (for the fields this version
//! does not know) first copies every record into a buffer of untyped values
//! and then reads the record from that buffer: for a file of a million
//! records that was most of the loading time. This reader takes each known
//! field straight from the input and keeps only the unknown ones as JSON
//! values, with the same defaults and the same required fields.

use super::{Record, Status};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;

/// A key of a record's object: one of the fields `records.md` names, or
/// another that goes to `extra`.
enum Key {
    Known(&'static str),
    Other(String),
}

/// The fields of `records.md`, as written in JSON: the CSV's columns.
const FIELDS: [&str; 19] = super::io::CSV_FIELDS;

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match FIELDS.iter().find(|&&k| k == v) {
                    Some(k) => Key::Known(k),
                    None => Key::Other(v.to_string()),
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

/// Stores a field's value, refusing a field given twice as the derived
/// reader does.
fn once<T, E: de::Error>(slot: &mut Option<T>, name: &'static str, v: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(v);
    Ok(())
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Record;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a record (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let mut locality = None;
        let mut locality_path = None;
        let mut level = None;
        let mut date = None;
        let mut date_basis = None;
        let mut date_clue = None;
        let mut measure = None;
        let mut series = None;
        let mut indicator = None;
        let mut value = None;
        let mut unit = None;
        let mut approx = None;
        let mut tally = None;
        let mut part_of = None;
        let mut code = None;
        let mut source = None;
        let mut span = None;
        let mut evidence = None;
        let mut status = None;
        let mut extra = BTreeMap::new();
        while let Some(key) = map.next_key::<Key>()? {
            let name = match key {
                Key::Known(name) => name,
                Key::Other(name) => {
                    let v: serde_json::Value = map.next_value()?;
                    extra.insert(name, v);
                    continue;
                }
            };
            match name {
                "locality" => once(&mut locality, name, map.next_value()?)?,
                "locality_path" => once(&mut locality_path, name, map.next_value()?)?,
                "level" => once(&mut level, name, map.next_value()?)?,
                "date" => once(&mut date, name, map.next_value()?)?,
                "date_basis" => once(&mut date_basis, name, map.next_value()?)?,
                "date_clue" => once(&mut date_clue, name, map.next_value()?)?,
                "measure" => once(&mut measure, name, map.next_value()?)?,
                "series" => once(&mut series, name, map.next_value()?)?,
                "indicator" => once(&mut indicator, name, map.next_value()?)?,
                "value" => once(&mut value, name, map.next_value()?)?,
                "unit" => once(&mut unit, name, map.next_value()?)?,
                "approx" => once(&mut approx, name, map.next_value()?)?,
                "tally" => once(&mut tally, name, map.next_value()?)?,
                "part_of" => once(&mut part_of, name, map.next_value()?)?,
                "code" => once(&mut code, name, map.next_value()?)?,
                "source" => once(&mut source, name, map.next_value()?)?,
                "span" => once(&mut span, name, map.next_value()?)?,
                "evidence" => once(&mut evidence, name, map.next_value()?)?,
                _ => once(&mut status, name, map.next_value::<Status>()?)?,
            }
        }
        let need = |name: &'static str| de::Error::missing_field(name);
        Ok(Record {
            locality: locality.ok_or_else(|| need("locality"))?,
            locality_path: locality_path.unwrap_or_default(),
            level: level.flatten(),
            date: date.ok_or_else(|| need("date"))?,
            date_basis: date_basis.flatten(),
            date_clue: date_clue.flatten(),
            measure: measure.ok_or_else(|| need("measure"))?,
            series: series.flatten(),
            indicator: indicator.flatten(),
            value: value.ok_or_else(|| need("value"))?,
            unit: unit.ok_or_else(|| need("unit"))?,
            approx: approx.unwrap_or_default(),
            tally: tally.flatten(),
            part_of: part_of.unwrap_or_default(),
            code: code.flatten(),
            source: source.ok_or_else(|| need("source"))?,
            span: span.flatten(),
            evidence: evidence.flatten(),
            status: status.unwrap_or_default(),
            extra,
        })
    }
}

impl<'de> de::Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Record, D::Error> {
        d.deserialize_map(RecordVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_fields_defaults_and_unknown_fields_read_as_the_contract_says() {
        let line = r#"{"note":{"a":[1,2]},"locality":"衡东县","date":"2020-02-20","measure":"screening","value":3200,"unit":"人","source":"a.txt","series":null,"approx":true,"zz":"x"}"#;
        let r: Record = serde_json::from_str(line).unwrap();
        assert_eq!(&*r.locality, "衡东县");
        assert!(r.locality_path.is_empty() && r.series.is_none() && r.approx);
        assert_eq!(r.status, Status::Extracted);
        assert_eq!(r.extra.len(), 2);
        assert_eq!(r.extra["note"], serde_json::json!({"a": [1, 2]}));
        // Written back, the unknown fields are still there.
        let again: Record = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(again, r);
    }

    #[test]
    fn a_missing_or_repeated_field_is_an_error_that_names_it() {
        let e = serde_json::from_str::<Record>(
            r#"{"locality":"衡东县","date":"2020-02-20","measure":"screening","unit":"人","source":"a.txt"}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("missing field `value`"), "{e}");
        let e = serde_json::from_str::<Record>(
            r#"{"locality":"衡东县","locality":"耒阳市","date":"2020-02-20","measure":"screening","value":1,"unit":"人","source":"a.txt"}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("duplicate field `locality`"), "{e}");
        assert!(serde_json::from_str::<Record>("[1,2]").is_err());
    }
}
