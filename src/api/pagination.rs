//! Pagination tokens: opaque, bound to the request that produced them and tamper-proof.
//!
//! A token is `base64url(offset "." request-hash "." mac)`, where the MAC is SHA-256 over a
//! per-process key (drawn from the seeded source) and the payload. A token altered by hand, or
//! replayed against a different listing, answers AWS's `InvalidToken`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::api::ApiError;
use crate::api_error;

/// AWS's default page size when `maxResults` is absent or 0.
pub const DEFAULT_PAGE_SIZE: usize = 100;

/// Signs and checks tokens with one key.
pub struct Paginator {
    key: [u8; 32],
}

/// `Invalid Token: 'Invalid token'`, as AWS answers a token it did not issue.
pub fn invalid_token() -> ApiError {
    api_error!(InvalidToken, "Invalid Token: 'Invalid token'")
}

impl Paginator {
    pub fn new(key: [u8; 32]) -> Paginator {
        Paginator { key }
    }

    fn mac(&self, payload: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.key);
        h.update(payload.as_bytes());
        hex(&h.finalize()[..16])
    }

    /// A token that resumes `request` (a stable description of the listing) at `offset`.
    pub fn token(&self, request: &str, offset: usize) -> String {
        let payload = format!("{offset}.{}", request_hash(request));
        let mac = self.mac(&payload);
        URL_SAFE_NO_PAD.encode(format!("{payload}.{mac}"))
    }

    /// The offset a token resumes at; `InvalidToken` unless this paginator issued it for the
    /// same request.
    pub fn offset(&self, request: &str, token: &str) -> Result<usize, ApiError> {
        let raw = URL_SAFE_NO_PAD
            .decode(token.as_bytes())
            .map_err(|_| invalid_token())?;
        let text = String::from_utf8(raw).map_err(|_| invalid_token())?;
        let (payload, mac) = text.rsplit_once('.').ok_or_else(invalid_token)?;
        if self.mac(payload) != mac {
            return Err(invalid_token());
        }
        let (offset, hash) = payload.split_once('.').ok_or_else(invalid_token)?;
        if hash != request_hash(request) {
            return Err(invalid_token());
        }
        offset.parse().map_err(|_| invalid_token())
    }

    /// Cuts one page out of `items`: returns the page and the next token, if any.
    pub fn page<T>(
        &self,
        request: &str,
        items: Vec<T>,
        max_results: Option<i64>,
        next_token: Option<&str>,
    ) -> Result<(Vec<T>, Option<String>), ApiError> {
        let size = match max_results {
            Some(n) if n > 0 => usize::try_from(n).unwrap_or(DEFAULT_PAGE_SIZE),
            _ => DEFAULT_PAGE_SIZE,
        };
        let start = match next_token {
            Some(t) => self.offset(request, t)?,
            None => 0,
        };
        if start > items.len() {
            return Err(invalid_token());
        }
        let end = start.saturating_add(size).min(items.len());
        let next = (end < items.len()).then(|| self.token(request, end));
        let page = items.into_iter().skip(start).take(end - start).collect();
        Ok((page, next))
    }
}

fn request_hash(request: &str) -> String {
    hex(&Sha256::digest(request.as_bytes())[..8])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_resumes() {
        let p = Paginator::new([7; 32]);
        let items: Vec<u32> = (0..5).collect();
        let (page, next) = p.page("r", items.clone(), Some(2), None).unwrap();
        assert_eq!(page, vec![0, 1]);
        let next = next.unwrap();
        let (page, next) = p.page("r", items.clone(), Some(2), Some(&next)).unwrap();
        assert_eq!(page, vec![2, 3]);
        let (page, next) = p.page("r", items, Some(2), next.as_deref()).unwrap();
        assert_eq!((page, next), (vec![4], None));
    }

    #[test]
    fn rejects_tampered_and_foreign_tokens() {
        let p = Paginator::new([7; 32]);
        let t = p.token("r", 10);
        assert_eq!(p.offset("r", &t), Ok(10));
        assert_eq!(p.offset("other", &t), Err(invalid_token()));
        let forged = URL_SAFE_NO_PAD.encode("0.abcd.ffff");
        assert_eq!(p.offset("r", &forged), Err(invalid_token()));
        assert_eq!(p.offset("r", "InvalidToken"), Err(invalid_token()));
        let other_key = Paginator::new([8; 32]);
        assert_eq!(other_key.offset("r", &t), Err(invalid_token()));
    }
}
