//! The one seeded random source: ChaCha8 (stable output across versions), behind a mutex so the
//! engine can share it. The same seed gives the same IDs, names and jitter.

use std::sync::Mutex;

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// A shared, seeded random source.
pub struct SeededRng {
    inner: Mutex<ChaCha8Rng>,
}

impl SeededRng {
    pub fn new(seed: u64) -> SeededRng {
        SeededRng {
            inner: Mutex::new(ChaCha8Rng::seed_from_u64(seed)),
        }
    }

    /// A version-4 UUID drawn from the source.
    pub fn uuid(&self) -> uuid::Uuid {
        let mut bytes = [0u8; 16];
        self.fill(&mut bytes);
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    pub fn fill(&self, dest: &mut [u8]) {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .fill_bytes(dest);
    }

    pub fn next_u64(&self) -> u64 {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .next_u64()
    }

    /// An independent source for one execution, derived from this one (so executions do not
    /// disturb each other's sequences once started).
    pub fn fork(&self) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(self.next_u64())
    }
}

/// The random source of one execution, derived from the engine seed and the execution ARN (not
/// from call order), so concurrent executions never disturb each other's sequences.
pub fn for_execution(seed: u64, key: &str) -> ChaCha8Rng {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    h.update(key.as_bytes());
    let digest = h.finalize();
    let mut bytes = [0u8; 32];
    bytes.copy_from_slice(&digest);
    ChaCha8Rng::from_seed(bytes)
}
