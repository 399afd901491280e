//! Secret links: unguessable tokens for drafts and tracking pages. Only a token's SHA-256 is
//! stored, so someone reading the database cannot open anyone's request.

use sha2::{Digest, Sha256};

/// 256 random bits from the operating system, as 64 hex characters.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    // The OS random source failing means the machine cannot make secrets at all.
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    hex::encode(bytes)
}

/// What the database stores for `token`.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `text` has the shape of a token (so junk never reaches a query).
pub fn looks_like_token(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_fresh_well_formed_and_hashed_one_way() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(looks_like_token(&a));
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert!(!looks_like_token("../../etc/passwd"));
    }
}
