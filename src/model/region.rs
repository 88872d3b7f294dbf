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

    /// `南湖区 建设街道 建设社区` for display.
    pub fn full_name(&self, community: &str) -> Option<String> {
        self.locate(community).map(|p| format!("{} {} {}", p.county.name, p.street.name, p.community.name))
    }
}
