//! Demo campaigns drawn from the 2010 "ring-Shanghai moat" security campaigns.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};

use crate::server::entities::{campaign, campaign_role};

struct DemoCampaign {
    slug: &'static str,
    title: &'static str,
    summary: &'static str,
    body: &'static str,
    min_age: i32,
    max_age: i32,
    allowed: &'static str,
    roles: &'static [(&'static str, &'static str, &'static str)],
}

const CAMPAIGNS: &[DemoCampaign] = &[
    DemoCampaign {
        slug: "volunteers-guard-expo",
        title: "万人志愿护世博",
        summary: "招募一万名平安志愿者，戴上红袖章、穿上红马甲，守好上海的“南大门”。",
        body: "嘉兴是浙江接轨上海的首站，处于“环沪护城河”的最前沿。世博会期间，我们需要一万名平安志愿者，在社区、楼道和进沪道口协助开展巡防、看护与宣传。\n\n志愿者将参加岗前培训，按县（市、区）、街道、社区编组，每周服务不少于一个时段。服务时长计入志愿服务记录。\n\n报名后，组织方将根据岗位需要审核录用，并以短信或邮件通知培训安排。",
        min_age: 18,
        max_age: 65,
        allowed: "",
        roles: &[
            ("community_patrol", "社区巡防", "与社区民警一起在街巷、小区开展治安巡逻，发现隐患及时报告。"),
            ("building_watch", "看楼护院", "在楼道、院落值守，留意可疑人员与消防隐患。"),
            ("neighbourhood_watch", "邻里守望", "关心邻里，协助登记来访人员，互通平安信息。"),
            ("road_crossing_duty", "进沪道口值守", "在通往上海的无名道口协助值守、引导与登记。"),
        ],
    },
    DemoCampaign {
        slug: "patrols-keep-peace",
        title: "万员巡防保平安",
        summary: "组织一万名巡防队员参加警民联合大巡防，覆盖重点区域与单位内部安保。",
        body: "巡防队员在公安机关指导下，参加重点区域巡防、单位内部安保和应急预案演练。\n\n巡防以小组为单位，由经验丰富的队员带队，夜间时段配备照明与通讯设备。",
        min_age: 18,
        max_age: 60,
        allowed: "",
        roles: &[
            ("community_patrol", "社区巡防", "街巷、小区的日常巡逻。"),
            ("key_area_patrol", "重点区域巡防", "车站、广场等人员密集区域的巡防。"),
            ("drill_support", "应急演练保障", "协助组织应急预案演练。"),
        ],
    },
    DemoCampaign {
        slug: "hazard-survey",
        title: "万点排摸治隐患",
        summary: "走进一万个点位，排查消防、治安和交通隐患，建立台账、跟踪整改。",
        body: "志愿者按社区分组，走访出租房、小作坊、沿街店铺等点位，对照清单排查隐患并拍照登记。\n\n发现的隐患由社区和相关部门跟踪整改，志愿者可在回访中确认整改结果。",
        min_age: 18,
        max_age: 70,
        allowed: "",
        roles: &[
            ("hazard_surveyor", "隐患排查员", "按清单走访点位，登记隐患。"),
            ("record_keeper", "台账记录员", "整理排查记录，跟踪整改进度。"),
        ],
    },
    DemoCampaign {
        slug: "workers-welcome-expo",
        title: "万企职工迎世博",
        summary: "发动一万家企业的职工参与单位内部安保与矛盾纠纷排查化解。",
        body: "企业职工在本单位开展内部安保、消防检查和安全宣传；经验丰富的职工可担任“老娘舅”，协助化解劳资和邻里纠纷。\n\n在新居民集中的企业，我们也招募新居民骨干加入治保调解会。",
        min_age: 18,
        max_age: 65,
        allowed: "",
        roles: &[
            ("internal_security", "单位内部安保", "协助本单位门岗、巡查与消防检查。"),
            ("mediator", "老娘舅（矛盾调解员）", "凭经验与威望协助排查化解矛盾纠纷。"),
            ("new_resident_mediation", "新居民治保调解", "协助调处新居民之间的矛盾纠纷。"),
        ],
    },
    DemoCampaign {
        slug: "families-for-harmony",
        title: "万户家庭促和谐",
        summary: "“小手牵大手、共保平安为世博”——一万户家庭一起学安全、讲平安。",
        body: "以家庭为单位参加平安宣传、消防演练和邻里守望活动。家长报名后，可在后续的亲子主题活动中为孩子一并报名。\n\n活动多安排在周末白天，适合全家参与。",
        min_age: 18,
        max_age: 75,
        allowed: "",
        roles: &[
            ("family_ambassador", "平安家庭宣传员", "在小区和学校开展平安宣传。"),
            ("neighbourhood_watch", "邻里守望", "与邻居结对，互相照应。"),
        ],
    },
];

/// Seeds the demo campaigns when there are none. Sign-up opened a week ago and stays open for
/// half a year, so a fresh demo always has open campaigns.
pub async fn seed_demo_campaigns(db: &DatabaseConnection) -> anyhow::Result<usize> {
    if campaign::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let now = Utc::now();
    let txn = db.begin().await?;
    for demo in CAMPAIGNS {
        let saved = campaign::ActiveModel {
            slug: Set(demo.slug.into()),
            title: Set(demo.title.into()),
            summary: Set(demo.summary.into()),
            body: Set(demo.body.into()),
            target: Set(10_000),
            opens_at: Set(now - Duration::days(7)),
            closes_at: Set(now + Duration::days(180)),
            min_age: Set(demo.min_age),
            max_age: Set(demo.max_age),
            allowed_regions: Set(demo.allowed.into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (position, (key, name, description)) in demo.roles.iter().enumerate() {
            campaign_role::ActiveModel {
                campaign_id: Set(saved.id),
                key: Set((*key).into()),
                name: Set((*name).into()),
                description: Set((*description).into()),
                position: Set(position as i32),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    seed_demo_questions(&txn).await?;
    txn.commit().await?;
    Ok(CAMPAIGNS.len())
}

/// A few questions of the kinds organizers ask, on the campaign for workplaces: a size, languages,
/// years of experience only for mediators, and a licence class only for those with a licence.
async fn seed_demo_questions<C: sea_orm::ConnectionTrait>(db: &C) -> anyhow::Result<()> {
    use crate::server::entities::question;
    let Some(found) =
        campaign::Entity::find().filter(campaign::Column::Slug.eq("workers-welcome-expo")).one(db).await?
    else {
        return Ok(());
    };
    let now = Utc::now();
    let mut condition_for_licence = None;
    // kind, label, help, required, options, range, condition ("licence": on the yes/no before it)
    type Demo<'a> = (&'a str, &'a str, &'a str, bool, &'a [&'a str], Option<(i64, i64)>, Option<&'a str>);
    let asked: [Demo; 5] = [
        ("single_choice", "马甲尺码", "用于发放红马甲。", true, &["S", "M", "L", "XL", "XXL"], None, None),
        (
            "multi_choice",
            "会讲的语言或方言",
            "",
            false,
            &["普通话", "嘉兴话", "上海话", "英语", "日语"],
            None,
            None,
        ),
        (
            "number",
            "调解工作年限",
            "从事人民调解或类似工作的年数。",
            false,
            &[],
            Some((0, 60)),
            Some("role=mediator"),
        ),
        ("yes_no", "是否持有机动车驾驶证", "", false, &[], None, None),
        ("short_text", "准驾车型", "例如 C1。", false, &[], None, Some("licence")),
    ];
    for (position, (kind, label, help, required, options, range, condition)) in asked.into_iter().enumerate()
    {
        let options: Vec<crate::model::ChoiceOption> = options
            .iter()
            .enumerate()
            .map(|(i, label)| crate::model::ChoiceOption {
                key: format!("o{}", i + 1),
                label: label.to_string(),
            })
            .collect();
        let condition = match condition {
            Some("licence") => condition_for_licence.clone(),
            other => other.map(str::to_string),
        };
        let saved = question::ActiveModel {
            campaign_id: Set(found.id),
            position: Set(position as i32 + 1),
            kind: Set(kind.into()),
            label: Set(label.into()),
            help: Set(help.into()),
            required: Set(required),
            options: Set(crate::server::services::questions::options_json(&options)),
            min_value: Set(range.map(|r| r.0)),
            max_value: Set(range.map(|r| r.1)),
            condition: Set(condition),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if kind == "yes_no" {
            condition_for_licence = Some(format!("q{}=yes", saved.id));
        }
    }
    Ok(())
}
