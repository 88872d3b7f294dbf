//! The browser's form reader against the server's form decoder.

use proptest::prelude::*;
use serde::{Deserialize, Serialize};

use super::SignupForm;

/// The server function's argument, as the server decodes it.
#[derive(Serialize, Deserialize)]
struct Posted {
    form: SignupForm,
}

fn read_like_the_server(body: &str) -> SignupForm {
    serde_qs::Config::new(5, false).deserialize_str::<Posted>(body).expect("the server reads it").form
}

fn read_like_the_browser(body: &str) -> SignupForm {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    SignupForm::from_pairs(pairs.iter().map(|(name, value)| (name.as_str(), value.as_str())))
}

#[test]
fn the_browser_reads_what_a_browser_posts_as_the_server_does() {
    // what `new URLSearchParams(new FormData(form))` sends for the form on the campaign page
    let body = "form%5Bcampaign%5D=expo&form%5Bname%5D=%E5%BC%A0+%E4%B8%89&form%5Bmobile%5D=13612348028\
                &form%5Bid_number%5D=330402199001011234&form%5Bcounty%5D=330411&form%5Bstreet%5D=\
                &form%5Bcommunity%5D=330411001001&form%5Brole%5D=community_patrol\
                &form%5Bskills%5D%5Bfirst_aid%5D=on&form%5Bskills%5D%5Bit%5D=on\
                &form%5Bavailability%5D%5Bweekend_day%5D=on&form%5Bemail%5D=a%40b.cn&form%5Bconsent%5D=on&form%5Bsource%5D=weibo";
    let form = read_like_the_browser(body);
    assert_eq!(form.name, "张 三");
    assert_eq!(form.source, "weibo", "the shared link's source rides along with the island's post");
    assert_eq!(form.skills.keys().collect::<Vec<_>>(), ["first_aid", "it"]);
    assert_eq!(form, read_like_the_server(body));
}

#[test]
fn answers_to_the_campaigns_questions_read_the_same_in_the_browser_and_on_the_server() {
    // a single choice, a multiple choice (one name per box) and a text with brackets in it
    let body = "form%5Bcampaign%5D=expo&form%5Banswers%5D%5Bq12%5D=o2\
                &form%5Banswers%5D%5Bq13.o1%5D=on&form%5Banswers%5D%5Bq13.o3%5D=on\
                &form%5Banswers%5D%5Bq14%5D=C1+%5Bmanual%5D";
    let form = read_like_the_browser(body);
    assert_eq!(form.answer("q12"), "o2");
    assert_eq!(form.answers.keys().collect::<Vec<_>>(), ["q12", "q13.o1", "q13.o3", "q14"]);
    assert_eq!(form.answer("q14"), "C1 [manual]");
    assert_eq!(form, read_like_the_server(body));
}

#[test]
fn unknown_and_malformed_names_are_ignored_by_the_browser_reader() {
    let form = SignupForm::from_pairs([
        ("name", "x"),
        ("form[nope]", "y"),
        ("form[name", "z"),
        ("form[role][x]", "w"),
    ]);
    assert_eq!(form, SignupForm::default());
}

proptest! {
    #[test]
    fn any_form_reads_the_same_in_the_browser_and_on_the_server(
        name in "[^\\[\\]]{0,12}",
        mobile in "[0-9 +-]{0,14}",
        id_number in "[0-9Xx]{0,20}",
        community in "[0-9]{0,12}",
        role in "[a-z_]{0,16}",
        email in "[a-z@.]{0,16}",
        skills in proptest::sample::subsequence(crate::domain::options::SKILLS.to_vec(), 0..4),
        consent in proptest::bool::ANY,
        source in "[a-z<>]{0,8}",
    ) {
        let form = SignupForm {
            campaign: "volunteers-guard-expo".into(),
            name,
            mobile,
            id_number,
            community,
            role,
            skills: skills.into_iter().map(|k| (k.to_string(), "on".to_string())).collect(),
            email,
            consent: if consent { "on".into() } else { String::new() },
            source,
            ..SignupForm::default()
        };
        let body = serde_qs::to_string(&Posted { form: form.clone() }).expect("encodes");
        prop_assert_eq!(read_like_the_browser(&body), form.clone());
        prop_assert_eq!(read_like_the_server(&body), form);
    }
}
