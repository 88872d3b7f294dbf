//! A certificate's serial number: `SW-` and 24 base32 characters in groups of four, which
//! spell the certificate's number (5 bytes) followed by a tag (10 bytes, a truncated HMAC that
//! only the server can compute). It names nobody: the number counts certificates, the tag is
//! noise to anyone without the key. This module only writes and reads the shape; the server
//! computes the tag and decides what is genuine.

/// Bytes of the certificate number (up to 2⁴⁰ certificates).
pub const NUMBER_BYTES: usize = 5;
/// Bytes of the tag: 80 bits, so a serial cannot be guessed.
pub const TAG_BYTES: usize = 10;
/// The longest text worth reading as a serial; anything longer is refused before any work.
pub const MAX_TEXT: usize = 64;

const PREFIX: &str = "SW-";
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const PAYLOAD: usize = NUMBER_BYTES + TAG_BYTES;
/// 15 bytes are 120 bits, exactly 24 base32 characters: no padding.
const CHARS: usize = PAYLOAD * 8 / 5;

/// A well-formed serial (which says nothing yet about whether it is genuine).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Serial {
    number: u64,
    tag: [u8; TAG_BYTES],
}

impl Serial {
    /// The serial of certificate `number` with its tag; `None` if the number does not fit.
    pub fn new(number: u64, tag: [u8; TAG_BYTES]) -> Option<Self> {
        (number < 1 << (8 * NUMBER_BYTES)).then_some(Self { number, tag })
    }

    /// Reads a serial as printed or typed: case, spaces and the group dashes do not matter.
    pub fn parse(text: &str) -> Option<Self> {
        if text.len() > MAX_TEXT {
            return None;
        }
        let upper = text.trim().to_ascii_uppercase();
        let body = upper.strip_prefix(PREFIX).or_else(|| upper.strip_prefix("SW"))?;
        let chars: Vec<u8> = body.bytes().filter(|b| !matches!(b, b'-' | b' ')).collect();
        if chars.len() != CHARS {
            return None;
        }
        let mut bits: u128 = 0;
        for c in chars {
            let value = ALPHABET.iter().position(|a| *a == c)?;
            bits = (bits << 5) | value as u128;
        }
        let bytes = bits.to_be_bytes();
        let payload = &bytes[16 - PAYLOAD..];
        let mut number_bytes = [0u8; 8];
        number_bytes[8 - NUMBER_BYTES..].copy_from_slice(&payload[..NUMBER_BYTES]);
        let mut tag = [0u8; TAG_BYTES];
        tag.copy_from_slice(&payload[NUMBER_BYTES..]);
        Some(Self { number: u64::from_be_bytes(number_bytes), tag })
    }

    /// The certificate's number (its row).
    pub fn number(&self) -> u64 {
        self.number
    }

    pub fn tag(&self) -> &[u8; TAG_BYTES] {
        &self.tag
    }
}

impl std::fmt::Display for Serial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut bits: u128 = 0;
        for byte in self.number.to_be_bytes()[8 - NUMBER_BYTES..].iter().chain(self.tag.iter()) {
            bits = (bits << 8) | u128::from(*byte);
        }
        f.write_str(PREFIX)?;
        for i in 0..CHARS {
            if i > 0 && i % 4 == 0 {
                f.write_str("-")?;
            }
            let shift = 5 * (CHARS - 1 - i);
            let c = ALPHABET[((bits >> shift) & 31) as usize];
            std::fmt::Write::write_char(f, char::from(c))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_serial_is_printed_in_six_groups_of_four() {
        let serial = Serial::new(1, [0xAB; TAG_BYTES]).unwrap();
        let text = serial.to_string();
        assert!(text.starts_with("SW-"), "{text}");
        assert_eq!(text.len(), 3 + 24 + 5, "{text}");
        assert_eq!(text.split('-').count(), 7, "{text}");
    }

    #[test]
    fn typed_variants_read_the_same() {
        let serial = Serial::new(77, [7; TAG_BYTES]).unwrap();
        let text = serial.to_string();
        assert_eq!(Serial::parse(&text.to_lowercase()), Some(serial));
        assert_eq!(Serial::parse(&format!("  {}  ", text.replace('-', " "))), Some(serial));
        assert_eq!(Serial::parse(&text.replace('-', "")), Some(serial));
    }

    #[test]
    fn garbage_is_not_a_serial() {
        for text in
            ["", "SW-", "SW-AAAA", "XX-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", "SW-AAAA-AAAA-AAAA-AAAA-AAAA-AAA1"]
        {
            assert_eq!(Serial::parse(text), None, "{text}");
        }
        assert_eq!(Serial::parse(&"A".repeat(10_000)), None);
        assert_eq!(Serial::new(1 << 40, [0; TAG_BYTES]), None);
    }

    proptest! {
        #[test]
        fn every_serial_reads_back_as_itself(number in 0u64..(1 << 40), tag in any::<[u8; TAG_BYTES]>()) {
            let serial = Serial::new(number, tag).unwrap();
            prop_assert_eq!(Serial::parse(&serial.to_string()), Some(serial));
        }

        #[test]
        fn changing_one_character_changes_the_serial_or_breaks_it(
            number in 0u64..(1 << 40),
            tag in any::<[u8; TAG_BYTES]>(),
            at in 3usize..32,
            to in 0usize..32,
        ) {
            let serial = Serial::new(number, tag).unwrap();
            let mut text: Vec<u8> = serial.to_string().into_bytes();
            prop_assume!(text[at] != b'-' && text[at] != ALPHABET[to]);
            text[at] = ALPHABET[to];
            let changed = Serial::parse(std::str::from_utf8(&text).unwrap());
            prop_assert_ne!(changed, Some(serial));
        }

        #[test]
        fn any_text_is_read_without_panicking(text in ".{0,80}") {
            let _ = Serial::parse(&text);
        }
    }
}
