//! The rest of the schematic: kernel arguments (an exact list; a pasted command line is split
//! with shell-like quoting), overlay options (YAML), META entries, bootloader, SecureBoot
//! options, disk sector size and the embedded machine configuration, each gated by version.

use leptos::prelude::*;

use crate::i18n::Text;

use crate::outputs::{embedded_config_url, kernel_reference_url};
use crate::schematic::MetaValue;
use crate::selection::{
    BOOTLOADER_MIN_VERSION, BootloaderChoice, EMBEDDED_CONFIG_MIN_VERSION, EnrollKeys,
    MetaKeyLevel, Selection, join_cmdline_shell, meta_key_use, parse_overlay_options,
    split_cmdline_factory, split_cmdline_shell, splits_differ,
};
use crate::ui::i18n::{t, use_i18n};
use crate::ui::state::AppState;
use crate::ui::widgets::{LazyDetails, Notice, NoticeKind};

#[component]
pub fn CustomizationStep() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="customization-heading">
            <h2 id="customization-heading">{t!(i18n, customization_heading())}</h2>
            <KernelArgs />
            <OverlayOptions />
            <Bootloader />
            <EmbeddedConfig />
            <LazyDetails class="advanced" id="advanced-options" summary=t!(i18n, customization_advanced())>
                <MetaEntries />
                <SecureBootOptions />
                <SectorSize />
            </LazyDetails>
        </section>
    }
}

#[component]
fn KernelArgs() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let cmdline = RwSignal::new(
        state
            .selection
            .with_untracked(|s| join_cmdline_shell(&s.kernel_args)),
    );
    let error = RwSignal::new(None::<Text>);
    // Keep the text in step when the arguments change elsewhere (import, links, back/forward).
    Effect::new(move |_| {
        let args = state.selection.with(|s| s.kernel_args.clone());
        let current = cmdline.get_untracked();
        if split_cmdline_shell(&current).ok().as_ref() != Some(&args) {
            cmdline.set(join_cmdline_shell(&args));
            error.set(None);
        }
    });
    let on_input = move |text: String| {
        cmdline.set(text.clone());
        match split_cmdline_shell(&text) {
            Ok(args) => {
                error.set(None);
                state.selection.update(|s| {
                    if s.kernel_args != args {
                        s.kernel_args = args;
                    }
                });
            }
            Err(e) => error.set(Some(Text::kernel_args_invalid(e.text()))),
        }
    };
    let factory_note = move || {
        let text = cmdline.get();
        splits_differ(&text).then(|| {
            let factory: Vec<String> = split_cmdline_factory(&text)
                .into_iter()
                .map(|arg| format!("{arg:?}"))
                .collect();
            i18n.tr(|m| m.kernel_args_factory_split(factory.join(", ")))
        })
    };
    let notes = move || {
        state
            .version
            .get()
            .map(|version| state.selection.with(|s| s.kernel_args_notes(&version)))
            .unwrap_or_default()
    };
    view! {
        <div class="field">
            <label for="kernel-args">{t!(i18n, kernel_args_label())}</label>
            <input id="kernel-args" type="text" class="mono" placeholder="-console console=tty0"
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby="kernel-args-help"
                prop:value=move || cmdline.get() on:input:target=move |ev| on_input(ev.target().value()) />
            <span class="field__help" id="kernel-args-help">{t!(i18n, kernel_args_help())}" "
                <a href=move || state.version.get().map(|v| kernel_reference_url(&v)).unwrap_or_default()
                   target="_blank" rel="noopener noreferrer">{t!(i18n, kernel_args_reference())}</a></span>
            {move || error.get().map(|e| view! { <span class="field__error" id="kernel-args-error" role="alert">{i18n.show(e)}</span> })}
            <ul class="selected-list" id="kernel-args-list" aria-label=t!(i18n, kernel_args_list())>
                {move || state.selection.with(|s| s.kernel_args.clone()).into_iter().map(|arg| view! { <li><code>{arg}</code></li> }).collect_view()}
            </ul>
            {move || factory_note().map(|note| view! { <span class="field__help" id="kernel-args-factory-note">{note}</span> })}
            {move || {
                let notes = notes();
                (!notes.is_empty()).then(|| view! {
                    <span class="field__help" id="kernel-args-note">
                        {notes.into_iter().map(|note| view! { <span class="field__note">{i18n.show(note.text())}</span> }).collect_view()}
                    </span>
                })
            }}
        </div>
    }
}

#[component]
fn OverlayOptions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let shown = move || {
        state
            .version
            .get()
            .is_some_and(|v| state.selection.with(|s| s.offers_overlay_options(&v)))
    };
    let error = move || {
        let text = state.selection.with(|s| s.overlay_options.clone());
        parse_overlay_options(&text)
            .err()
            .map(|e| i18n.tr(|m| m.render(&e.text())))
    };
    let image = move || {
        state.selection.with(|s| {
            s.board_info()
                .map(|board| board.overlay_image.to_string())
                .or_else(|| s.custom_overlay.as_ref().map(|o| o.image.clone()))
                .unwrap_or_default()
        })
    };
    view! {
        <Show when=shown>
            <div class="field">
                <label for="overlay-options">{t!(i18n, overlay_options_label())}</label>
                <textarea id="overlay-options" class="mono" rows="4" spellcheck="false"
                    placeholder="configTxtAppend: dtoverlay=vc4-kms-v3d"
                    aria-invalid=move || error().is_some().to_string()
                    prop:value=move || state.selection.with(|s| s.overlay_options.clone())
                    on:input:target=move |ev| { let text = ev.target().value(); state.selection.update(|s| s.overlay_options = text); }></textarea>
                <span class="field__help">{t!(i18n, overlay_options_help())}" "
                    <a href=move || format!("https://github.com/{}", image()) target="_blank" rel="noopener noreferrer">{image}</a></span>
                {move || error().map(|e| view! { <span class="field__error" id="overlay-options-error" role="alert">{e}</span> })}
            </div>
        </Show>
    }
}

#[component]
fn Bootloader() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let shown = move || {
        state
            .version
            .get()
            .is_some_and(|v| Selection::offers_bootloader(&v))
    };
    let label = move |choice: BootloaderChoice| {
        i18n.tr(|m| match choice {
            BootloaderChoice::Auto => m.bootloader_auto(),
            BootloaderChoice::SdBoot => m.bootloader_sd_boot(),
            BootloaderChoice::Grub => m.bootloader_grub(),
            BootloaderChoice::DualBoot => m.bootloader_dual_boot(),
        })
    };
    view! {
        <Show when=shown fallback=move || state.selection.with(|s| s.bootloader != BootloaderChoice::Auto).then(|| view! {
            <Notice kind=NoticeKind::Warning message=i18n.show(Text::bootloader_too_old(BOOTLOADER_MIN_VERSION)) />
        })>
            <fieldset class="field">
                <legend>{t!(i18n, bootloader())}</legend>
                <div class="cluster">
                    {BootloaderChoice::ALL.into_iter().map(|choice| {
                        let value = choice.as_param();

                        let id = format!("bootloader-{value}");
                        let for_id = id.clone();
                        let hidden = move || !state.selection.with(|s| s.bootloader_choices().contains(&choice));
                        view! {
                            <label for=for_id class:visually-hidden=hidden>
                                <input type="radio" name="bootloader" id=id value=value
                                    prop:checked=move || state.selection.with(|s| s.bootloader == choice)
                                    on:change=move |_| state.selection.update(|s| s.bootloader = choice) />
                                " "{move || label(choice)}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </Show>
    }
}

#[component]
fn EmbeddedConfig() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let supported = move || {
        state
            .version
            .get()
            .is_some_and(|v| Selection::offers_embedded_config(&v))
    };
    let in_use = move || state.selection.with(|s| !s.embedded_config.is_empty());
    view! {
        <Show when=move || supported() || in_use()>
            <div class="field">
                <label for="embedded-config">{t!(i18n, embedded_config_label())}</label>
                <textarea id="embedded-config" class="mono" rows="5" spellcheck="false"
                    placeholder="apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: node-1"
                    prop:value=move || state.selection.with(|s| s.embedded_config.clone())
                    on:input:target=move |ev| {
                        // Windows line ends would force the whole document onto one quoted line.
                        let text = ev.target().value().replace("\r\n", "\n");
                        state.selection.update(|s| s.embedded_config = text);
                    }></textarea>
                <span class="field__help">{t!(i18n, embedded_config_help())}" "
                    <a href=move || state.version.get().map(|v| embedded_config_url(&v)).unwrap_or_default()
                       target="_blank" rel="noopener noreferrer">{t!(i18n, embedded_config_link())}</a></span>
                {move || (!supported()).then(|| view! {
                    <span class="field__error">{i18n.show(Text::embedded_config_too_old(EMBEDDED_CONFIG_MIN_VERSION.bare()))}</span>
                })}
            </div>
        </Show>
    }
}

#[component]
fn MetaEntries() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let rows = move || state.selection.with(|s| s.meta.clone());
    let add = move |_| {
        state.selection.update(|s| {
            let key = s.next_meta_key();
            s.meta.push(MetaValue {
                key,
                value: String::new(),
            });
        });
    };
    view! {
        <fieldset class="field">
            <legend>{t!(i18n, meta_legend())}</legend>
            <p class="field__help">{t!(i18n, meta_help())}</p>
            <div class="row-editor" id="meta-entries">
                {move || rows().into_iter().enumerate().map(|(index, entry)| {
                    let key_id = format!("meta-key-{index}");
                    let value_id = format!("meta-value-{index}");
                    let key_error = RwSignal::new(None::<String>);
                    let note_id = format!("meta-note-{index}");
                    let note = meta_key_use(entry.key).note(entry.key).map(|(level, text)| {
                        let kind = match level {
                            MetaKeyLevel::Warning => "warning",
                            MetaKeyLevel::Info => "info",
                        };
                        view! { <span class="row-editor__note" data-kind=kind id=note_id.clone()>{i18n.show(text)}</span> }
                    });
                    let described_by = note.is_some().then(|| note_id.clone());
                    view! {
                        <div class="row-editor__row">
                            <label for=key_id.clone() class="visually-hidden">{i18n.tr(|m| m.meta_key_of(index + 1))}</label>
                            <input id=key_id type="number" min="0" max="255" value=entry.key.to_string()
                                aria-describedby=described_by
                                aria-invalid=move || key_error.with(Option::is_some).to_string()
                                on:change:target=move |ev| {
                                    let text = ev.target().value();
                                    match text.trim().parse::<u8>() {
                                        Ok(key) => { key_error.set(None); state.selection.update(|s| if let Some(m) = s.meta.get_mut(index) { m.key = key; }); }
                                        Err(_) => key_error.set(Some(i18n.tr(|m| m.meta_key_invalid(format!("{text:?}"))))),
                                    }
                                } />
                            <label for=value_id.clone() class="visually-hidden">{i18n.tr(|m| m.meta_value_of(index + 1))}</label>
                            <textarea id=value_id class="mono" rows="1" prop:value=entry.value.clone()
                                on:change:target=move |ev| {
                                    let value = ev.target().value().replace("\r\n", "\n");
                                    state.selection.update(|s| if let Some(m) = s.meta.get_mut(index) { m.value = value; });
                                }></textarea>
                            <button type="button" aria-label=i18n.tr(|m| m.meta_remove(index + 1))
                                on:click=move |_| state.selection.update(|s| { if index < s.meta.len() { s.meta.remove(index); } })>{i18n.tr(|m| m.remove())}</button>
                            {move || key_error.get().map(|e| view! { <span class="field__error row-editor__note" role="alert">{e}</span> })}
                            {note}
                        </div>
                    }
                }).collect_view()}
            </div>
            <div><button type="button" id="meta-add" on:click=add>{t!(i18n, meta_add())}</button></div>
        </fieldset>
    }
}

#[component]
fn SecureBootOptions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    view! {
        <fieldset class="field">
            <legend>{t!(i18n, secureboot_options())}</legend>
            <div class="field field--inline">
                <label for="enroll-keys">{t!(i18n, enroll_keys())}</label>
                <select id="enroll-keys" prop:value=move || state.selection.with(|s| s.enroll_keys.as_ref().map(|k| k.as_str().to_string()).unwrap_or_default())
                    on:change:target=move |ev| { let value = ev.target().value(); state.selection.update(|s| s.enroll_keys = EnrollKeys::from_schematic(&value)); }>
                    <option value="">{t!(i18n, not_set())}</option>
                    {EnrollKeys::CHOICES.into_iter().map(|keys| view! { <option value=keys.as_str().to_string()>{keys.as_str().to_string()}</option> }).collect_view()}
                    // A value only an imported schematic can carry stays, and says so.
                    {move || state.selection.with(|s| match &s.enroll_keys {
                        Some(EnrollKeys::Other(text)) => Some(view! { <option value=text.clone()>{i18n.tr(|m| m.from_imported(text))}</option> }),
                        _ => None,
                    })}
                </select>
            </div>
            <div class="field field--inline">
                <input type="checkbox" id="well-known-certs"
                    prop:checked=move || state.selection.with(|s| s.include_well_known_certificates)
                    on:change:target=move |ev| { let on = ev.target().checked(); state.selection.update(|s| s.include_well_known_certificates = on); } />
                <label for="well-known-certs">{t!(i18n, well_known_certs())}</label>
            </div>
        </fieldset>
    }
}

#[component]
fn SectorSize() -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    view! {
        <div class="field">
            <label for="sector-size">{t!(i18n, sector_size_label())}</label>
            <input id="sector-size" type="number" min="0" step="512" placeholder=t!(i18n, sector_size_placeholder())
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || state.selection.with(|s| s.sector_size.map(|size| size.to_string()).unwrap_or_default())
                on:change:target=move |ev| {
                    let text = ev.target().value();
                    let trimmed = text.trim();
                    if trimmed.is_empty() {
                        error.set(None);
                        state.selection.update(|s| s.sector_size = None);
                    } else {
                        match trimmed.parse::<std::num::NonZeroU64>() {
                            Ok(size) => { error.set(None); state.selection.update(|s| s.sector_size = Some(size)); }
                            Err(_) => error.set(Some(i18n.tr(|m| m.sector_size_invalid(format!("{text:?}"))))),
                        }
                    }
                } />
            <span class="field__help">{t!(i18n, sector_size_help())}</span>
            {move || error.get().map(|e| view! { <span class="field__error" role="alert">{e}</span> })}
        </div>
    }
}
