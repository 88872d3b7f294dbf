//! Auto-grouping: a county's approved recruits into teams under a size cap, never across
//! communities, those with matching availability together, and one suggested leader per team.

use std::collections::BTreeMap;

use super::options::AVAILABILITY;

/// One recruit as the grouping sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recruit {
    pub id: i64,
    pub community: String,
    pub availability: Vec<String>,
    pub skills: Vec<String>,
}

/// The recruit's first availability slot in the fixed order (recruits sharing it serve together).
fn primary_slot(r: &Recruit) -> usize {
    AVAILABILITY
        .iter()
        .position(|slot| r.availability.iter().any(|a| a == slot))
        .unwrap_or(AVAILABILITY.len())
}

/// Leadership first, then mediation, then everyone else.
fn leader_rank(r: &Recruit) -> u8 {
    if r.skills.iter().any(|s| s == "leadership") {
        0
    } else if r.skills.iter().any(|s| s == "mediation") {
        1
    } else {
        2
    }
}

/// The suggested leader: leadership skill first, then mediation, then the earliest sign-up.
pub fn suggest_leader(members: &[&Recruit]) -> Option<i64> {
    members.iter().min_by_key(|r| (leader_rank(r), r.id)).map(|r| r.id)
}

/// Groups recruits into teams of at most `cap`: never across communities (so never across
/// counties); within a community, sorted by matching availability and split into balanced teams.
pub fn group(recruits: &[Recruit], cap: usize) -> Vec<Vec<&Recruit>> {
    let cap = cap.max(1);
    let mut by_community: BTreeMap<&str, Vec<&Recruit>> = BTreeMap::new();
    for r in recruits {
        by_community.entry(r.community.as_str()).or_default().push(r);
    }
    let mut teams = Vec::new();
    for (_, mut members) in by_community {
        members.sort_by_key(|r| (primary_slot(r), r.id));
        let count = members.len().div_ceil(cap);
        let (base, extra) = (members.len() / count, members.len() % count);
        let mut rest = members.as_slice();
        for i in 0..count {
            let size = base + usize::from(i < extra);
            let (head, tail) = rest.split_at(size);
            teams.push(head.to_vec());
            rest = tail;
        }
    }
    teams
}

/// Fingerprint of a grouping's input (the cap and who is waiting): a commit refuses when it
/// differs from the previewed one.
#[cfg(feature = "ssr")]
pub fn digest(cap: u32, recruits: &[Recruit]) -> String {
    let ids: Vec<i64> = recruits.iter().map(|r| r.id).collect();
    super::lottery::fingerprint(&cap.to_le_bytes(), &ids)
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use proptest::prelude::*;

    use super::*;
    use crate::domain::options::SKILLS;

    fn recruit(id: i64, community: &str, slot: &str, skills: &[&str]) -> Recruit {
        Recruit {
            id,
            community: community.into(),
            availability: vec![slot.into()],
            skills: skills.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn teams_stay_within_a_community_under_the_cap_and_balanced() {
        let mut all: Vec<Recruit> =
            (0..23).map(|i| recruit(i, "330402001001", AVAILABILITY[(i % 4) as usize], &[])).collect();
        all.extend((100..105).map(|i| recruit(i, "330411001001", "weekend_day", &[])));
        let teams = group(&all, 10);
        assert_eq!(teams.iter().map(Vec::len).collect::<Vec<_>>(), vec![8, 8, 7, 5]);
        for t in &teams {
            assert!(t.iter().all(|r| r.community == t[0].community));
        }
        // matching availability sits together: the first team is all weekday daytime
        assert!(teams[0].iter().take(6).all(|r| r.availability[0] == "weekday_day"));
    }

    #[test]
    fn the_leader_is_the_one_with_leadership_then_mediation() {
        let a = recruit(1, "c", "weekend_day", &["first_aid"]);
        let b = recruit(2, "c", "weekend_day", &["mediation"]);
        let c = recruit(3, "c", "weekend_day", &["leadership"]);
        assert_eq!(suggest_leader(&[&a, &b, &c]), Some(3));
        assert_eq!(suggest_leader(&[&a, &b]), Some(2));
        assert_eq!(suggest_leader(&[&a]), Some(1));
        assert_eq!(suggest_leader(&[]), None);
    }

    fn any_recruits() -> impl Strategy<Value = Vec<Recruit>> {
        let one = (
            0usize..4,
            proptest::sample::subsequence(AVAILABILITY.to_vec(), 0..=2),
            proptest::sample::subsequence(SKILLS.to_vec(), 0..=3),
        );
        proptest::collection::vec(one, 0..80).prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(i, (community, slots, skills))| Recruit {
                    id: i as i64 + 1,
                    community: format!("330402001{community:03}"),
                    availability: slots.iter().map(|s| s.to_string()).collect(),
                    skills: skills.iter().map(|s| s.to_string()).collect(),
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn everyone_is_in_exactly_one_team_of_one_community_under_the_cap(
            recruits in any_recruits(), cap in 1usize..15,
        ) {
            let teams = group(&recruits, cap);
            let placed: Vec<i64> = teams.iter().flatten().map(|r| r.id).collect();
            prop_assert_eq!(placed.len(), recruits.len());
            prop_assert_eq!(placed.iter().collect::<HashSet<_>>().len(), recruits.len());
            let mut sizes: HashMap<&str, Vec<usize>> = HashMap::new();
            for t in &teams {
                prop_assert!(!t.is_empty() && t.len() <= cap);
                prop_assert!(t.iter().all(|r| r.community == t[0].community));
                sizes.entry(t[0].community.as_str()).or_default().push(t.len());
            }
            for (_, s) in sizes {
                // balanced: as few teams as the cap allows, sizes at most one apart
                let total: usize = s.iter().sum();
                prop_assert_eq!(s.len(), total.div_ceil(cap));
                prop_assert!(s.iter().max().unwrap() - s.iter().min().unwrap() <= 1);
            }
        }

        #[test]
        fn the_suggested_leader_is_a_member_nobody_outranks(recruits in any_recruits()) {
            let members: Vec<&Recruit> = recruits.iter().collect();
            match suggest_leader(&members) {
                None => prop_assert!(members.is_empty()),
                Some(id) => {
                    let leader = members.iter().find(|r| r.id == id).unwrap();
                    prop_assert!(members.iter().all(|r| leader_rank(r) >= leader_rank(leader)));
                }
            }
        }
    }
}
