//! Form fields: a label tied to its control, a hint and the field's error text.
//!
//! The control itself is the child (an input, a select, a textarea), so it keeps every attribute of
//! its own. Ids follow one scheme: control `f-mobile`, hint `h-mobile`, error `e-mobile`; a control
//! with a hint or an error names them in its `aria-describedby`.

use leptos::children::ToChildren;
use leptos::prelude::*;

/// One labelled control: `<div class="field"><label for=id>…</label>{control}{hint}{error}</div>`.
#[component]
pub fn Field(
    /// The control's id, which the label points at.
    id: &'static str,
    #[prop(into)] label: String,
    /// Marks the label with `*`.
    #[prop(optional)]
    required: bool,
    /// Classes after `field` (`field-pair`).
    #[prop(optional)]
    class: Option<&'static str>,
    /// A line below the control.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The field's error text; with it, the hint and the error carry the ids the control names.
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
    children: Control,
) -> impl IntoView {
    let class = class.map_or_else(|| "field".to_string(), |more| format!("field {more}"));
    let described = error.is_some();
    view! {
        <div class=class>
            <label for=id>{label}{required.then(|| view! { <span class="req">" *"</span> })}</label>
            {children.0}
            {hint.map(|text| view! { <p class="hint" id=described.then(|| related_id('h', id))>{text}</p> })}
            {error.map(|error| view! { <p class="error" id=related_id('e', id)>{move || error.get()}</p> })}
        </div>
    }
}

/// The control inside a [`Field`]. Unlike `Children` it is built where the field is written, so
/// it may borrow the page's data as the markup around it does.
pub struct Control(AnyView);

impl<F, C> ToChildren<F> for Control
where
    F: FnOnce() -> C,
    C: IntoView + 'static,
{
    fn to_children(control: F) -> Self {
        Self(control().into_any())
    }
}

/// One checkbox of a [`CheckboxGroup`].
#[derive(Clone, Debug)]
pub struct Checkbox {
    pub key: &'static str,
    pub label: String,
    pub checked: bool,
}

/// A set of checkboxes under one legend, posted as `{name}[{key}]=on`, with the group's error text.
#[component]
pub fn CheckboxGroup(
    legend: &'static str,
    /// The form name the keys are posted under (`form[skills]`).
    name: &'static str,
    /// Each checkbox's id is `{id_prefix}-{key}`.
    id_prefix: &'static str,
    boxes: Vec<Checkbox>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="field choices">
            <legend>{legend}</legend>
            {boxes
                .into_iter()
                .map(|b| {
                    let id = format!("{id_prefix}-{}", b.key);
                    view! {
                        <label class="choice" for=id.clone()>
                            <input type="checkbox" id=id.clone() name=format!("{name}[{}]", b.key) value="on" checked=b.checked/>
                            {b.label}
                        </label>
                    }
                })
                .collect_view()}
            <p class="error" id=related_id('e', id_prefix)>{move || error.get()}</p>
        </fieldset>
    }
}

/// The id of a control's hint (`h`) or error (`e`): `f-mobile` → `e-mobile`.
fn related_id(kind: char, control: &str) -> String {
    let key = control.split_once('-').map_or(control, |(_, key)| key);
    format!("{kind}-{key}")
}
