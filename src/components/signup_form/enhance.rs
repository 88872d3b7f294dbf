//! The sign-up form's browser code (in the wasm bundle only). It works on the server-rendered
//! markup: nothing is rendered twice, and everything it needs is read from the page — the regions
//! from the pickers' options, the rules from `data-*` attributes, the words (in the page's
//! language) from `data-words`. The checks are `SignupForm::parse`, the server's own.

use std::rc::Rc;

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Document, Element, EventTarget, FormData, HtmlFormElement, HtmlSelectElement, RequestInit, Response,
};

use crate::domain::questions::{Condition, QuestionKind, QuestionRule};
use crate::domain::today_in_china;
use crate::model::{FieldErrors, RegionNode, RegionTree, SignupForm, SignupRules};

/// Each field that can carry a message: its error text's id and its control's id.
const FIELDS: [(&str, &str, Option<&str>); 9] = [
    ("name", "e-name", Some("f-name")),
    ("mobile", "e-mobile", Some("f-mobile")),
    ("id_number", "e-id", Some("f-id")),
    ("community", "e-community", Some("f-community")),
    ("role", "e-role", Some("f-role")),
    ("skills", "e-skill", None),
    ("availability", "e-avail", None),
    ("email", "e-email", Some("f-email")),
    ("consent", "e-consent", Some("f-consent")),
];

/// Takes the form over. Does nothing on a page without it.
pub fn attach() {
    let Some(form) = Form::find() else { return };
    let form = Rc::new(form);
    form.narrow();
    listen(&form.county, "change", {
        let form = form.clone();
        move |_| {
            form.street.set_value("");
            form.narrow();
        }
    });
    listen(&form.street, "change", {
        let form = form.clone();
        move |_| form.narrow()
    });
    listen(&form.element, "submit", {
        let form = form.clone();
        move |event| {
            event.prevent_default();
            form.submit();
        }
    });
    // proves to the browser tests that this code (the release wasm) runs
    let _ = form.element.set_attribute("data-hydrated", "true");
}

fn listen(target: &EventTarget, event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    // the form lives as long as the page
    closure.forget();
}

struct Form {
    doc: Document,
    element: HtmlFormElement,
    words: JsValue,
    county: HtmlSelectElement,
    street: HtmlSelectElement,
    community: HtmlSelectElement,
    /// Every street group and community group, as the server rendered them.
    streets: Vec<Element>,
    communities: Vec<Element>,
}

impl Form {
    fn find() -> Option<Form> {
        let doc = web_sys::window()?.document()?;
        let element = doc.get_element_by_id("signup-form")?.dyn_into::<HtmlFormElement>().ok()?;
        let select = |id: &str| doc.get_element_by_id(id)?.dyn_into::<HtmlSelectElement>().ok();
        let (county, street, community) = (select("f-county")?, select("f-street")?, select("f-community")?);
        let words =
            JSON::parse(&element.get_attribute("data-words").unwrap_or_default()).unwrap_or(JsValue::NULL);
        let (streets, communities) = (all(&street, "optgroup"), all(&community, "optgroup"));
        Some(Form { doc, element, words, county, street, community, streets, communities })
    }

    /// Shows only the streets of the chosen county and the communities of the chosen street.
    fn narrow(&self) {
        let county = self.county.value();
        let in_county = |group: &Element| county.is_empty() || attr(group, "data-county") == county;
        show_only(&self.street, &self.streets, in_county);
        let street = self.street.value();
        show_only(&self.community, &self.communities, |group| {
            in_county(group) && (street.is_empty() || attr(group, "data-street") == street)
        });
    }

    /// The region tree, read back from the community picker's groups.
    fn regions(&self) -> RegionTree {
        let mut tree = RegionTree::default();
        for group in &self.communities {
            let code = attr(group, "data-county");
            let at = match tree.counties.iter().position(|c| c.code == code) {
                Some(at) => at,
                None => {
                    let name = attr(group, "data-county-name");
                    tree.counties.push(RegionNode { code, name, children: Vec::new() });
                    tree.counties.len() - 1
                }
            };
            let children = all(group, "option")
                .iter()
                .map(|o| RegionNode {
                    code: attr(o, "value"),
                    name: o.text_content().unwrap_or_default(),
                    children: vec![],
                })
                .collect();
            let street = RegionNode {
                code: attr(group, "data-street"),
                name: attr(group, "data-street-name"),
                children,
            };
            tree.counties[at].children.push(street);
        }
        tree
    }

    fn rules(&self) -> SignupRules {
        let number = |name: &str| attr(&self.element, name).parse().unwrap_or(0);
        let roles = self.doc.get_element_by_id("f-role").map(|r| all(&r, "option")).unwrap_or_default();
        SignupRules {
            min_age: number("data-min-age"),
            max_age: number("data-max-age"),
            roles: roles.iter().map(|o| attr(o, "value")).filter(|v| !v.is_empty()).collect(),
            allowed_regions: attr(&self.element, "data-allowed")
                .split(',')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
            questions: self.questions().iter().filter_map(question_rule).collect(),
        }
    }

    /// The campaign's own questions, as the server rendered them.
    fn questions(&self) -> Vec<Element> {
        all(&self.element, "[data-question]")
    }

    fn submit(self: &Rc<Self>) {
        if self.element.has_attribute("aria-busy") {
            return;
        }
        let Ok(data) = FormData::new_with_form(&self.element) else { return };
        let pairs: Vec<(String, String)> = js_sys::try_iter(&data)
            .ok()
            .flatten()
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                let pair = Array::from(&entry.ok()?);
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect();
        let form = SignupForm::from_pairs(pairs.iter().map(|(name, value)| (name.as_str(), value.as_str())));
        match form.parse(&self.rules(), &self.regions(), today_in_china()) {
            Err(errors) => {
                self.show_errors(&errors);
                self.say(Some(self.word("fix_errors")));
            }
            Ok(_) => {
                self.show_errors(&FieldErrors::new());
                self.say(None);
                let this = self.clone();
                wasm_bindgen_futures::spawn_local(async move { this.send(data).await });
            }
        }
    }

    async fn send(&self, data: FormData) {
        self.busy(true);
        let answer = post(&data).await;
        self.busy(false);
        let Some((status, body)) = answer else {
            return self.say(Some(self.word("unavailable")));
        };
        let field =
            |value: &JsValue, key: &str| Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED);
        let accepted = field(&body, "Accepted");
        let rejected = field(&body, "Rejected");
        match status {
            200 if accepted.is_object() => self.show_receipt(&accepted),
            200 if rejected.is_object() => {
                let mut errors = FieldErrors::new();
                for pair in Object::entries(&Object::from(field(&rejected, "errors"))).iter() {
                    let pair = Array::from(&pair);
                    if let (Some(name), Some(code)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                        errors.insert(name, code);
                    }
                }
                self.show_errors(&errors);
                let message = field(&rejected, "message").as_string();
                self.say(Some(message.unwrap_or_else(|| self.word("fix_errors"))));
            }
            422 => {
                let message = field(&field(&body, "Invalid"), "message").as_string();
                self.say(Some(message.unwrap_or_else(|| self.word("bad_request"))));
            }
            400 => self.say(Some(self.word("bad_request"))),
            404 => self.say(Some(self.word("campaign_missing"))),
            429 => self.say(Some(self.word("rate_limited"))),
            503 => self.say(Some(self.word("unavailable"))),
            _ => {
                let id = field(&field(&body, "Internal"), "request_id").as_string().unwrap_or_default();
                self.say(Some(self.word("internal").replace("{id}", &id)));
            }
        }
    }

    fn show_receipt(&self, receipt: &JsValue) {
        let get = |key: &str| Reflect::get(receipt, &key.into()).unwrap_or(JsValue::UNDEFINED);
        let reference = get("reference").as_string().unwrap_or_default();
        let Ok(Some(section)) = self.doc.query_selector(".signup .receipt") else { return };
        if let Ok(Some(code)) = section.query_selector(".reference") {
            code.set_text_content(Some(&reference));
        }
        if let Ok(Some(link)) = section.query_selector(".receipt-status") {
            let _ = link.set_attribute("href", &format!("/status?ref={reference}"));
        }
        if get("email_sent").as_bool() == Some(true) {
            if let Ok(Some(line)) = section.query_selector(".receipt-email") {
                let _ = line.remove_attribute("hidden");
            }
        }
        let _ = section.remove_attribute("hidden");
        let _ = self.element.set_attribute("hidden", "");
    }

    fn show_errors(&self, errors: &FieldErrors) {
        for question in self.questions() {
            let id = attr(&question, "data-question");
            let message = errors.get(&format!("q{id}")).map(|code| self.field_word(code));
            if let Some(text) = self.doc.get_element_by_id(&format!("e-q{id}")) {
                text.set_text_content(message.as_deref());
            }
            let control = self.doc.get_element_by_id(&format!("f-q{id}")).unwrap_or(question);
            let _ = match message {
                Some(_) => control.set_attribute("aria-invalid", "true"),
                None => control.remove_attribute("aria-invalid"),
            };
        }
        for (field, error_id, control_id) in FIELDS {
            let message = errors.get(field).map(|code| self.field_word(code));
            if let Some(text) = self.doc.get_element_by_id(error_id) {
                text.set_text_content(message.as_deref());
            }
            if let Some(control) = control_id.and_then(|id| self.doc.get_element_by_id(id)) {
                let _ = match message {
                    Some(_) => control.set_attribute("aria-invalid", "true"),
                    None => control.remove_attribute("aria-invalid"),
                };
            }
        }
    }

    fn say(&self, message: Option<String>) {
        let Ok(Some(line)) = self.element.query_selector(".form-message") else { return };
        line.set_text_content(message.as_deref());
        let _ = match message {
            Some(_) => line.remove_attribute("hidden"),
            None => line.set_attribute("hidden", ""),
        };
    }

    fn busy(&self, busy: bool) {
        let _ = match busy {
            true => self.element.set_attribute("aria-busy", "true"),
            false => self.element.remove_attribute("aria-busy"),
        };
        if let Ok(Some(button)) = self.element.query_selector("button[type=submit]") {
            let _ = match busy {
                true => button.set_attribute("disabled", ""),
                false => button.remove_attribute("disabled"),
            };
            button.set_text_content(Some(&self.word(if busy { "submitting" } else { "submit" })));
        }
    }

    fn word(&self, key: &str) -> String {
        Reflect::get(&self.words, &key.into()).ok().and_then(|w| w.as_string()).unwrap_or_default()
    }

    fn field_word(&self, code: &str) -> String {
        let fields = Reflect::get(&self.words, &"fields".into()).unwrap_or(JsValue::UNDEFINED);
        let word = |code: &str| Reflect::get(&fields, &code.into()).ok().and_then(|w| w.as_string());
        word(code).or_else(|| word("invalid")).unwrap_or_default()
    }
}

/// Posts the form as the browser would, asking for data instead of a page: (status, JSON body).
async fn post(data: &FormData) -> Option<(u16, JsValue)> {
    let body = web_sys::UrlSearchParams::new_with_str_sequence_sequence(data).ok()?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&body);
    let headers = web_sys::Headers::new().ok()?;
    headers.set("Accept", "application/json").ok()?;
    init.set_headers(&headers);
    let fetch = web_sys::window()?.fetch_with_str_and_init("/api/signup", &init);
    let response: Response = JsFuture::from(fetch).await.ok()?.dyn_into().ok()?;
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string().unwrap_or_default();
    Some((response.status(), JSON::parse(&text).unwrap_or(JsValue::NULL)))
}

/// A question's rule from its wrapper's `data-*` attributes (see `signup_form::questions`).
fn question_rule(element: &Element) -> Option<QuestionRule> {
    let number = |name: &str| element.get_attribute(name).and_then(|n| n.parse::<i64>().ok());
    Some(QuestionRule {
        id: attr(element, "data-question").parse().ok()?,
        kind: QuestionKind::parse(&attr(element, "data-kind"))?,
        required: attr(element, "data-required") == "true",
        options: attr(element, "data-options")
            .split(',')
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect(),
        min: number("data-min"),
        max: number("data-max"),
        when: element.get_attribute("data-when").and_then(|w| Condition::parse(&w)),
    })
}

fn all(parent: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = parent.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

fn attr(element: &Element, name: &str) -> String {
    element.get_attribute(name).unwrap_or_default()
}

/// Puts back only the groups `keep` accepts, keeping the choice when it is still there.
fn show_only(select: &HtmlSelectElement, groups: &[Element], keep: impl Fn(&Element) -> bool) {
    let chosen = select.value();
    for group in groups {
        group.remove();
    }
    for group in groups.iter().filter(|g| keep(g)) {
        let _ = select.append_child(group);
    }
    select.set_value(&chosen);
}
