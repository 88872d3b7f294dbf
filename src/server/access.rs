//! Who may do what in the back office, and over which applications.
//!
//! Every back-office query goes through `Organizer::scope` and every action through
//! `Organizer::require`: a district organizer sees and touches only the applications whose
//! community lies in their county, wherever the request comes from.

use sea_orm::sea_query::{ExprTrait, SimpleExpr};
use sea_orm::ColumnTrait;

use crate::error::AppError;
use crate::server::entities::application;

/// City admin (everything, city-wide, including full exports and campaign management), district
/// organizer (applications, teams and exports of one county) or reviewer (reads and decides only).
pub use crate::domain::OrganizerRole as Role;

/// Things an organizer may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    ReadApplications,
    Decide,
    Lottery,
    Export,
    ExportFull,
    Teams,
    ManageCampaigns,
    /// Training sessions: create, edit, cancel, roster, check-in.
    Trainings,
    /// Activities: create, edit, cancel, roster, check-in.
    Activities,
    /// Partner systems' API tokens: create, list, revoke (city admins only).
    ManagePartners,
}

/// The signed-in organizer, resolved from the session cookie by `guard` for every back-office
/// request and handed to server functions through the request's extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organizer {
    pub id: i32,
    pub name: String,
    pub role: Role,
    /// `Some` limits everything to the applications of this county (6-digit code).
    pub county: Option<String>,
}

impl Organizer {
    pub fn may(&self, permission: Permission) -> bool {
        use Permission::*;
        match self.role {
            Role::CityAdmin => true,
            Role::DistrictOrganizer => {
                matches!(
                    permission,
                    ReadApplications | Decide | Lottery | Export | Teams | Trainings | Activities
                )
            }
            Role::Reviewer => matches!(permission, ReadApplications | Decide),
        }
    }

    /// Full personal data (birth dates on pages, full numbers in exports): city admins only.
    pub fn sees_full_data(&self) -> bool {
        self.may(Permission::ExportFull)
    }

    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.may(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// True when the community (12-digit code) lies inside this organizer's area.
    pub fn covers(&self, region_code: &str) -> bool {
        self.county.as_deref().is_none_or(|county| region_code.starts_with(county))
    }

    /// True when a training session of this county (`None`: city-wide) is this organizer's to run.
    pub fn runs_session(&self, county: Option<&str>) -> bool {
        match (&self.county, county) {
            (None, _) => true,
            (Some(own), Some(county)) => own == county,
            (Some(_), None) => false,
        }
    }

    /// The condition that limits an application query to this organizer's area.
    pub fn scope(&self) -> Option<SimpleExpr> {
        self.county.as_deref().map(region_prefix)
    }
}

/// `region_code` starts with `prefix`, written as a range so that the index is used on both engines
/// (codes are digits; `~` sorts after every digit).
pub fn region_prefix(prefix: &str) -> SimpleExpr {
    let upper = format!("{prefix}~");
    application::Column::RegionCode.gte(prefix.to_string()).and(application::Column::RegionCode.lt(upper))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(role: Role, county: Option<&str>) -> Organizer {
        Organizer { id: 1, name: "x".into(), role, county: county.map(String::from) }
    }

    #[test]
    fn only_a_city_admin_may_export_full_data_or_manage_campaigns() {
        for role in [Role::DistrictOrganizer, Role::Reviewer] {
            assert!(!who(role, Some("330402")).may(Permission::ExportFull));
            assert!(!who(role, Some("330402")).may(Permission::ManageCampaigns));
        }
        assert!(who(Role::CityAdmin, None).may(Permission::ExportFull));
    }

    #[test]
    fn a_reviewer_reads_and_decides_but_does_not_export() {
        let reviewer = who(Role::Reviewer, None);
        assert!(reviewer.may(Permission::ReadApplications) && reviewer.may(Permission::Decide));
        assert_eq!(reviewer.require(Permission::Export), Err(AppError::Forbidden));
    }

    #[test]
    fn a_district_organizer_covers_only_their_county() {
        let nanhu = who(Role::DistrictOrganizer, Some("330402"));
        assert!(nanhu.covers("330402007024"));
        assert!(!nanhu.covers("330411001001"));
        assert!(who(Role::CityAdmin, None).covers("330411001001"));
    }

    #[test]
    fn a_district_organizer_runs_only_their_countys_training_sessions() {
        let nanhu = who(Role::DistrictOrganizer, Some("330402"));
        assert!(nanhu.may(Permission::Trainings) && nanhu.runs_session(Some("330402")));
        assert!(!nanhu.runs_session(Some("330411")) && !nanhu.runs_session(None));
        assert!(who(Role::CityAdmin, None).runs_session(None));
        assert!(!who(Role::Reviewer, None).may(Permission::Trainings));
    }
}
