use serde::{Deserialize, Serialize};

/// One administrative division: county → street/township → community/village.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionNode {
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<RegionNode>,
}

/// The region picker's data: the counties of the city with their streets and communities.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionTree {
    pub counties: Vec<RegionNode>,
}

/// Where a community sits in the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionPath<'a> {
    pub county: &'a RegionNode,
    pub street: &'a RegionNode,
    pub community: &'a RegionNode,
}

impl RegionTree {
    pub fn county(&self, code: &str) -> Option<&RegionNode> {
        self.counties.iter().find(|c| c.code == code)
    }

    /// Finds a community by its code, with its street and county.
    pub fn locate(&self, community: &str) -> Option<RegionPath<'_>> {
        for county in &self.counties {
            if !community.starts_with(&county.code) {
                continue;
            }
            for street in &county.children {
                if let Some(c) = street.children.iter().find(|c| c.code == community) {
                    return Some(RegionPath { county, street, community: c });
                }
            }
        }
        None
    }

    /// A copy limited to the counties whose code starts with one of `prefixes` (all when empty).
    pub fn restricted_to(&self, prefixes: &[String]) -> RegionTree {
        if prefixes.is_empty() {
            return self.clone();
        }
        RegionTree {
            counties: self
                .counties
                .iter()
                .filter(|c| {
                    prefixes.iter().any(|p| c.code.starts_with(p.as_str()) || p.starts_with(c.code.as_str()))
                })
                .cloned()
                .collect(),
        }
    }

    /// Finds a street by its code, with its county.
    pub fn street(&self, code: &str) -> Option<(&RegionNode, &RegionNode)> {
        let county = self.counties.iter().find(|c| code.starts_with(&c.code))?;
        county.children.iter().find(|s| s.code == code).map(|s| (county, s))
    }

    /// Is this the code of a county, a street or a community of the tree?
    pub fn knows(&self, code: &str) -> bool {
        self.county(code).is_some() || self.street(code).is_some() || self.locate(code).is_some()
    }

    /// The display name of any county, street or community code (`南湖区 建设街道`); an unknown
    /// code is shown as itself.
    pub fn name_of(&self, code: &str) -> String {
        if let Some(full) = self.full_name(code) {
            return full;
        }
        if let Some((county, street)) = self.street(code) {
            return format!("{} {}", county.name, street.name);
        }
        self.county(code).map(|c| c.name.clone()).unwrap_or_else(|| code.to_string())
    }

    /// `南湖区 建设街道 建设社区` for display.
    pub fn full_name(&self, community: &str) -> Option<String> {
        self.locate(community).map(|p| format!("{} {} {}", p.county.name, p.street.name, p.community.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(code: &str, name: &str, children: Vec<RegionNode>) -> RegionNode {
        RegionNode { code: code.into(), name: name.into(), children }
    }

    fn tree() -> RegionTree {
        let community = node("330402001001", "建设社区", vec![]);
        let street = node("330402001", "建设街道", vec![community]);
        RegionTree { counties: vec![node("330402", "南湖区", vec![street])] }
    }

    #[test]
    fn every_level_of_the_tree_has_a_name_and_an_unknown_code_is_itself() {
        let t = tree();
        assert_eq!(t.name_of("330402"), "南湖区");
        assert_eq!(t.name_of("330402001"), "南湖区 建设街道");
        assert_eq!(t.name_of("330402001001"), "南湖区 建设街道 建设社区");
        assert_eq!(t.name_of("330402999"), "330402999");
    }

    #[test]
    fn only_codes_in_the_tree_are_known() {
        let t = tree();
        assert!(["330402", "330402001", "330402001001"].iter().all(|c| t.knows(c)));
        assert!(!["330411", "330402002", "330402001002", "", "3304"].iter().any(|c| t.knows(c)));
    }
}
