//! E-mail addresses as the portal compares them. Two addresses that look alike to a reader
//! (`Kim@`, `\u{212a}im@` with the Kelvin sign, full-width `ｋｉｍ@`) are one account: each is
//! stored with its key, and mail goes to the address as stored, never as typed.

use sqlx::Row;
use unicode_normalization::UnicodeNormalization;

use super::{Backend, Pool};

/// The key an address is compared by: NFKC case folding (compatibility characters replaced,
/// lower-cased, normalised again), after trimming.
pub fn address_key(address: &str) -> String {
    let lowered = address.trim().nfkc().collect::<String>().to_lowercase();
    lowered.nfkc().collect()
}

/// Brings the keys stored before keys were folded this way up to date. Only an address with
/// a character outside printable ASCII can change, so only those rows are read. A key that
/// would now collide with another account's stays as it was (and is logged by record id).
pub async fn rekey_addresses(pool: &Pool) -> Result<u64, sqlx::Error> {
    let outside_ascii = match Backend::of_pool(pool) {
        Some(Backend::Postgres) => "~ '[^ -~]'",
        _ => "GLOB '*[^ -~]*'",
    };
    let mut changed = 0;
    for (table, column) in [("experts", "email_key"), ("staff_users", "email")] {
        let rows = sqlx::query(&format!("SELECT id, {column} FROM {table} WHERE {column} {outside_ascii}"))
            .fetch_all(pool)
            .await?;
        for row in rows {
            let (id, stored): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
            let key = address_key(&stored);
            if key == stored {
                continue;
            }
            let update = format!("UPDATE {table} SET {column} = $1 WHERE id = $2");
            match sqlx::query(&update).bind(&key).bind(id).execute(pool).await {
                Ok(_) => changed += 1,
                Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                    tracing::warn!(table, id, "an address key would collide with another account's; left as it was");
                }
                Err(error) => return Err(error),
            }
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::address_key;

    #[test]
    fn look_alike_addresses_share_one_key() {
        for typed in ["kim@example.org", " Kim@Example.org ", "\u{212a}im@example.org", "ｋｉｍ@ｅｘａｍｐｌｅ.ｏｒｇ"]
        {
            assert_eq!(address_key(typed), "kim@example.org", "{typed:?}");
        }
        assert_eq!(address_key("JOSÉ@example.org"), address_key("jose\u{301}@example.org"), "composed or not");
        assert_ne!(address_key("kim@example.org"), address_key("kin@example.org"));
    }
}
