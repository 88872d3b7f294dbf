//! The texts of the mails. Never an ID number; the phone only masked.

use crate::domain::ApplicationStatus;

#[derive(Clone, Debug)]
pub struct Mail {
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
}

pub struct SignupConfirmation<'a> {
    pub name: &'a str,
    pub campaign_title: &'a str,
    pub role_name: &'a str,
    pub reference: &'a str,
    pub masked_mobile: &'a str,
    pub public_url: &'a str,
}

impl SignupConfirmation<'_> {
    pub fn render(&self) -> Mail {
        let status_link = format!("{}/status?ref={}", self.public_url.trim_end_matches('/'), self.reference);
        Mail {
            kind: "signup_confirmation",
            subject: format!("【守望】报名确认：{}（编号 {}）", self.campaign_title, self.reference),
            body: format!(
                "{name}，您好：\n\n\
                 感谢您报名“{campaign}”，意向岗位：{role}。\n\n\
                 报名编号：{reference}\n\
                 手机号码：{mobile}\n\n\
                 组织方审核后会通知您。查询报名进度：\n{link}\n\
                 （查询时请输入报名时填写的手机号码。）\n\n\
                 群防群治，守望相助。\n守望志愿平台\n",
                name = self.name,
                campaign = self.campaign_title,
                role = self.role_name,
                reference = self.reference,
                mobile = self.masked_mobile,
                link = status_link,
            ),
        }
    }
}

/// The organizers' decision on an application.
pub struct DecisionNotice<'a> {
    pub name: &'a str,
    pub campaign_title: &'a str,
    pub reference: &'a str,
    /// The status the decision set: approved, waitlisted or rejected.
    pub decision: ApplicationStatus,
    pub reason: Option<&'a str>,
    pub public_url: &'a str,
}

impl DecisionNotice<'_> {
    pub fn render(&self) -> Mail {
        let status_link = format!("{}/status?ref={}", self.public_url.trim_end_matches('/'), self.reference);
        let (verdict, next) = match self.decision {
            ApplicationStatus::Approved => ("您已被录用为志愿者", "组织方将另行通知岗前培训与编组安排。"),
            ApplicationStatus::Waitlisted => ("您已列入候补名单", "如有名额空出，我们会第一时间通知您。"),
            _ => ("很遗憾，您本次未被录用", "感谢您的热心，欢迎关注和报名今后的活动。"),
        };
        let reason = self.reason.map(|r| format!("说明：{r}\n\n")).unwrap_or_default();
        Mail {
            kind: "decision",
            subject: format!("【守望】审核结果：{}（编号 {}）", self.campaign_title, self.reference),
            body: format!(
                "{name}，您好：\n\n您报名的“{campaign}”（编号 {reference}）审核结果：{verdict}。\n\n{reason}{next}\n\n\
                 查询报名进度：\n{status_link}\n\n群防群治，守望相助。\n守望志愿平台\n",
                name = self.name,
                campaign = self.campaign_title,
                reference = self.reference,
            ),
        }
    }
}
