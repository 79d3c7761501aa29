//! A Distributed Map's items from a Parquet file (`ReaderConfig.InputType: PARQUET`, alone or
//! listed in an Athena data manifest): one JSON object per row, columns in file order, values
//! in their own JSON types; timestamps are epoch milliseconds, lists are arrays, structs and
//! maps are objects.
//!
//! Owns only the conversion; a file that does not read is `States.ItemReaderFailed`.

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::{Field, Row};
use serde_json::{Map, Value};

use crate::asl::Failure;
use crate::engine::map_run::ITEM_READER_FAILED;

/// Every row of the file `key` (at most `limit`).
pub(super) fn read(body: &[u8], key: &str, limit: Option<usize>) -> Result<Vec<Value>, Failure> {
    let failed = |e: parquet::errors::ParquetError| {
        Failure::new(
            ITEM_READER_FAILED,
            format!("The object '{key}' is not a valid Parquet file: {e}"),
        )
    };
    let reader = SerializedFileReader::new(bytes::Bytes::copy_from_slice(body)).map_err(failed)?;
    let mut out = Vec::new();
    for row in reader.get_row_iter(None).map_err(failed)? {
        if limit.is_some_and(|n| out.len() >= n) {
            break;
        }
        out.push(row_json(&row.map_err(failed)?));
    }
    Ok(out)
}

fn row_json(row: &Row) -> Value {
    Value::Object(
        row.get_column_iter()
            .map(|(name, field)| (name.clone(), field_json(field)))
            .collect(),
    )
}

fn field_json(field: &Field) -> Value {
    match field {
        Field::TimestampMillis(ms) => Value::from(*ms),
        Field::TimestampMicros(us) => Value::from(us.div_euclid(1000)),
        Field::Group(row) => row_json(row),
        Field::ListInternal(list) => Value::Array(list.elements().iter().map(field_json).collect()),
        Field::MapInternal(map) => {
            let mut out = Map::new();
            for (k, v) in map.entries() {
                let key = match field_json(k) {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                out.insert(key, field_json(v));
            }
            Value::Object(out)
        }
        other => other.to_json_value(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_item_reader_failed() {
        let err = read(b"not parquet", "k.parquet", None).unwrap_err();
        assert_eq!(err.error, ITEM_READER_FAILED);
        assert!(err.cause.contains("k.parquet"), "{}", err.cause);
    }
}
