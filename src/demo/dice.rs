//! Deterministic randomness: the same key always rolls the same numbers, so the demo's bills
//! are the same on every machine and in every run.

/// A small generator (SplitMix64) seeded from a text key.
pub struct Dice(u64);

impl Dice {
    pub fn new(key: &str) -> Dice {
        Dice(fnv1a(key.as_bytes()))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in [low, high).
    pub fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// A UUID-shaped identifier derived from `key`, stable across runs.
pub fn stable_id(key: &str) -> String {
    let mut dice = Dice::new(key);
    let (a, b) = (dice.next_u64(), dice.next_u64());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        (b >> 48) & 0x3fff | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_same_numbers() {
        let a: Vec<u64> = (0..5)
            .map({
                let mut d = Dice::new("acme/2026-10");
                move |_| d.next_u64()
            })
            .collect();
        let mut d = Dice::new("acme/2026-10");
        assert_eq!(a, (0..5).map(|_| d.next_u64()).collect::<Vec<_>>());
        assert_ne!(Dice::new("acme/2026-11").next_u64(), a[0]);
        for _ in 0..1000 {
            let u = d.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }

    #[test]
    fn ids_look_like_uuids() {
        let id = stable_id("acme");
        assert_eq!(id.len(), 36);
        assert_eq!(id, stable_id("acme"));
        assert_ne!(id, stable_id("acme-eu"));
        assert_eq!(id.as_bytes()[14], b'4');
    }
}
