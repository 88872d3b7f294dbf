//! Helpers for the back-office tests: organizer accounts, signed-in clients, and applications
//! written straight into the database (thousands at a time, no HTTP).
#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde_json::Value;
use shouwang::domain::ApplicationStatus;
use shouwang::server::access::Role;
use shouwang::server::entities::{application, campaign, campaign_role};
use shouwang::server::services::organizers;

use crate::common::TestApp;

pub const NANHU: &str = "330402";
pub const XIUZHOU: &str = "330411";

/// Creates an account and returns its one-time password.
pub async fn organizer(app: &TestApp, name: &str, role: Role, county: Option<&str>) -> String {
    let regions = app.state.regions.clone();
    organizers::create(&app.state.db, name, role, county, move |c| regions.county(c).is_some())
        .await
        .unwrap()
        .unwrap()
}

pub struct Session {
    pub client: reqwest::Client,
    pub base: String,
    pub cookie: String,
}

impl Session {
    /// A client with no session at all.
    pub fn nobody(app: &TestApp) -> Self {
        Self { client: app.script_client(), base: app.base.clone(), cookie: String::new() }
    }

    /// Posts a back-office server function the way a script does, from our own origin.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> (u16, String) {
        let mut request = self
            .client
            .post(format!("{}/api/admin/{endpoint}", self.base))
            .header("accept", "application/json")
            .header("origin", &self.base)
            .form(form);
        if !self.cookie.is_empty() {
            request = request.header("cookie", &self.cookie);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    pub async fn call_json(&self, endpoint: &str, form: &[(&str, &str)]) -> Value {
        let (status, body) = self.call(endpoint, form).await;
        assert_eq!(status, 200, "{endpoint} answered {status}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// A page, without following redirects.
    pub async fn page(&self, path: &str) -> (u16, String, Option<String>) {
        let mut request = self.client.get(format!("{}{path}", self.base)).header("accept", "text/html");
        if !self.cookie.is_empty() {
            request = request.header("cookie", &self.cookie);
        }
        let response = request.send().await.unwrap();
        let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(String::from);
        (response.status().as_u16(), response.text().await.unwrap(), location)
    }

    /// A plain HTML form post (no JavaScript) to any back-office URL.
    pub async fn form_post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("accept", "text/html")
            .header("origin", &self.base)
            .form(form);
        if !self.cookie.is_empty() {
            request = request.header("cookie", &self.cookie);
        }
        request.send().await.unwrap()
    }
}

/// Logs in over HTTP and keeps the session cookie.
pub async fn login(app: &TestApp, name: &str, password: &str) -> Session {
    let response = app
        .script_client()
        .post(format!("{}/api/admin/login", app.base))
        .header("accept", "application/json")
        .header("origin", &app.base)
        .form(&[("name", name), ("password", password)])
        .send()
        .await
        .unwrap();
    let set_cookie =
        response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let body = response.text().await.unwrap();
    assert!(body.contains("SignedIn"), "log-in of {name} failed: {body}");
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    Session { client: app.script_client(), base: app.base.clone(), cookie }
}

/// Creates an account and signs it in.
pub async fn signed_in(app: &TestApp, name: &str, role: Role, county: Option<&str>) -> Session {
    let password = organizer(app, name, role, county).await;
    login(app, name, &password).await
}

/// One application to write directly.
#[derive(Clone, Debug)]
pub struct NewApplication {
    pub campaign: &'static str,
    pub role: &'static str,
    pub name: String,
    pub community: String,
    pub status: ApplicationStatus,
    pub email: Option<String>,
    pub skills: Vec<&'static str>,
    pub availability: Vec<&'static str>,
    pub birth: NaiveDate,
    pub mobile: String,
}

impl NewApplication {
    pub fn pending(community: &str) -> Self {
        let seq = next();
        Self {
            campaign: "volunteers-guard-expo",
            role: "community_patrol",
            name: "王芳".into(),
            community: community.to_string(),
            status: ApplicationStatus::Pending,
            email: Some(format!("r{seq}@example.cn")),
            skills: vec!["first_aid"],
            availability: vec!["weekend_day"],
            birth: NaiveDate::from_ymd_opt(1985, 6, 15).unwrap(),
            mobile: format!("137{:08}", seq % 100_000_000),
        }
    }
}

static SEQ: AtomicU64 = AtomicU64::new(1);
fn next() -> u64 {
    SEQ.fetch_add(1, Ordering::Relaxed)
}

const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
fn reference(seq: u64) -> String {
    let salt = std::process::id() as u64;
    let mut n = seq.wrapping_mul(1_000_003).wrapping_add(salt << 40);
    let mut tail = String::new();
    for _ in 0..8 {
        tail.push(ALPHABET[(n % 32) as usize] as char);
        n /= 32;
    }
    format!("SW{tail}")
}

/// Writes applications in one transaction per 500 and returns their ids in order.
pub async fn insert(app: &TestApp, rows: Vec<NewApplication>) -> Vec<i64> {
    let db = &app.state.db;
    let crypto = &app.state.crypto;
    let mut campaigns = std::collections::HashMap::new();
    let now = Utc::now();
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(500) {
        let mut models = Vec::with_capacity(chunk.len());
        for (i, row) in chunk.iter().enumerate() {
            if !campaigns.contains_key(row.campaign) {
                let c = campaign::Entity::find()
                    .filter(campaign::Column::Slug.eq(row.campaign))
                    .one(db)
                    .await
                    .unwrap()
                    .unwrap();
                let roles = campaign_role::Entity::find()
                    .filter(campaign_role::Column::CampaignId.eq(c.id))
                    .all(db)
                    .await
                    .unwrap();
                campaigns.insert(row.campaign, (c.id, roles));
            }
            let (campaign_id, roles) = &campaigns[row.campaign];
            let role_id = roles.iter().find(|r| r.key == row.role).unwrap().id;
            let seq = next();
            models.push(application::ActiveModel {
                campaign_id: Set(*campaign_id),
                role_id: Set(role_id),
                reference: Set(reference(seq)),
                name: Set(row.name.clone()),
                id_cipher: Set(crypto.encrypt(&format!("33040219850615{:04}", seq % 10_000))),
                id_hash: Set(format!("{:064x}", seq + ((std::process::id() as u64) << 32))),
                mobile_cipher: Set(crypto.encrypt(&row.mobile)),
                mobile_hash: Set(crypto.keyed_hash(&row.mobile)),
                mobile_last4: Set(row.mobile[row.mobile.len() - 4..].to_string()),
                birth_date: Set(row.birth),
                region_code: Set(row.community.clone()),
                skills: Set(serde_json::to_string(&row.skills).unwrap()),
                availability: Set(serde_json::to_string(&row.availability).unwrap()),
                email: Set(row.email.clone()),
                status: Set(row.status),
                consent_at: Set(now),
                created_at: Set(now - Duration::seconds((chunk.len() - i) as i64)),
                updated_at: Set(now),
                ..Default::default()
            });
        }
        let txn = db.begin().await.unwrap();
        let first = application::Entity::insert_many(models).exec(&txn).await.unwrap().last_insert_id;
        txn.commit().await.unwrap();
        let _ = first;
    }
    // read the ids back in insertion order (ids are increasing)
    let all: Vec<i64> = {
        use sea_orm::{QueryOrder, QuerySelect};
        application::Entity::find()
            .select_only()
            .column(application::Column::Id)
            .order_by_desc(application::Column::Id)
            .limit(rows.len() as u64)
            .into_tuple()
            .all(db)
            .await
            .unwrap()
    };
    ids.extend(all.into_iter().rev());
    ids
}

/// The communities of a county, as (street code, community code), in tree order.
pub fn communities(app: &TestApp, county: &str) -> Vec<(String, String)> {
    app.state
        .regions
        .county(county)
        .unwrap()
        .children
        .iter()
        .flat_map(|street| street.children.iter().map(move |c| (street.code.clone(), c.code.clone())))
        .collect()
}

/// How many applications have this status.
pub async fn with_status(app: &TestApp, status: ApplicationStatus) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM applications WHERE status = '{status}'")).await
}

pub async fn status_of(app: &TestApp, id: i64) -> ApplicationStatus {
    application::Entity::find_by_id(id).one(&app.state.db).await.unwrap().unwrap().status
}
