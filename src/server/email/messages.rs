//! The texts of the mails. Never an ID number; the phone only masked.

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
