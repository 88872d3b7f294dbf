//! Demo activities for "万户家庭促和谐": the "小手牵大手" family walk and a community fire drill,
//! in the coming weeks, so a fresh demo always has an activity to sign a family up for.

use chrono::{Datelike, Duration, NaiveTime, Utc, Weekday};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use crate::domain::calendar::{from_china, CHINA_OFFSET};
use crate::domain::Audience;
use crate::server::entities::{activity, campaign};

struct DemoActivity {
    title: &'static str,
    theme: &'static str,
    description: &'static str,
    /// Saturdays from now (1 = the coming one).
    saturday: i64,
    hours: (u32, u32),
    meeting_point: &'static str,
    stops: &'static str,
    capacity: i32,
    ages: (Option<i32>, Option<i32>),
}

const ACTIVITIES: &[DemoActivity] = &[
    DemoActivity {
        title: "小手牵大手 · 南湖平安亲子行",
        theme: "小手牵大手、共保平安为世博",
        description: "家长带着孩子，沿南湖一路学习交通安全、消防安全和防骗常识。\n每个家庭完成沿途任务卡，可获得“平安家庭”纪念章。",
        saturday: 1,
        hours: (9, 12),
        meeting_point: "南湖革命纪念馆广场东侧",
        stops: "南湖革命纪念馆广场（集合、领任务卡）\n月河历史街区（交通安全小课堂）\n梅湾街消防站（消防演练体验）",
        capacity: 60,
        ages: (Some(6), Some(14)),
    },
    DemoActivity {
        title: "平安家庭宣传日 · 社区消防演练",
        theme: "万户家庭促和谐",
        description: "全家一起参加社区消防演练：学会使用灭火器、熟悉疏散通道。\n演练后有平安知识有奖问答。",
        saturday: 2,
        hours: (14, 16),
        meeting_point: "秀洲区新城街道社区服务中心",
        stops: "社区服务中心（集合）\n小区消防通道（疏散演练）",
        capacity: 120,
        ages: (None, None),
    },
];

/// Seeds the demo activities when there are none and the family campaign exists.
pub async fn seed_demo_activities(db: &DatabaseConnection) -> anyhow::Result<usize> {
    if activity::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let found =
        campaign::Entity::find().filter(campaign::Column::Slug.eq("families-for-harmony")).one(db).await?;
    let Some(families) = found else { return Ok(0) };
    let now = Utc::now();
    let today = now.with_timezone(&CHINA_OFFSET).date_naive();
    let to_saturday = (Weekday::Sat.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
    let first_saturday = today + Duration::days(i64::from(if to_saturday == 0 { 7 } else { to_saturday }));
    for demo in ACTIVITIES {
        let day = first_saturday + Duration::weeks(demo.saturday - 1);
        let at = |hour: u32, minute: u32| {
            from_china(day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default()))
        };
        let starts_at = at(demo.hours.0, 0);
        activity::ActiveModel {
            campaign_id: Set(families.id),
            title: Set(demo.title.into()),
            theme: Set(demo.theme.into()),
            description: Set(demo.description.into()),
            starts_at: Set(starts_at),
            ends_at: Set(at(demo.hours.1, 0)),
            meeting_point: Set(demo.meeting_point.into()),
            departs_at: Set(at(demo.hours.0, 15)),
            arrival_note: Set("请提前十分钟到达集合地点".into()),
            hotline: Set("0573-82099110".into()),
            stops: Set(demo.stops.into()),
            capacity: Set(demo.capacity),
            registered: Set(0),
            signup_closes_at: Set(starts_at - Duration::hours(12)),
            audience: Set(Audience::Families),
            child_min_age: Set(demo.ages.0),
            child_max_age: Set(demo.ages.1),
            cancelled_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(ACTIVITIES.len())
}
