//! Ids of back-office records. A form sends them as text; `parse` reads them once and refuses
//! anything but a positive number, so no code past the door holds a made-up id like 0.

use serde::{Deserialize, Serialize};

use super::Problem;

/// An application's number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApplicationId(i64);

/// A team's number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TeamId(i32);

impl ApplicationId {
    pub fn parse(text: &str) -> Result<Self, Problem> {
        text.trim().parse().ok().filter(|id| *id > 0).map(Self).ok_or(Problem::ApplicationIdInvalid)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl TeamId {
    pub fn parse(text: &str) -> Result<Self, Problem> {
        text.trim().parse().ok().filter(|id| *id > 0).map(Self).ok_or(Problem::TeamIdInvalid)
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

impl std::fmt::Display for ApplicationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for TeamId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_positive_number_is_an_id() {
        assert_eq!(TeamId::parse(" 7 ").map(TeamId::get), Ok(7));
        assert_eq!(ApplicationId::parse("12345678901").map(ApplicationId::get), Ok(12_345_678_901));
        for bad in ["", "0", "-3", "abc", "1.5", "99999999999"] {
            assert_eq!(TeamId::parse(bad), Err(Problem::TeamIdInvalid), "{bad}");
        }
        for bad in ["", "0", "-1", "x1", "١٢"] {
            assert_eq!(ApplicationId::parse(bad), Err(Problem::ApplicationIdInvalid), "{bad}");
        }
    }
}
