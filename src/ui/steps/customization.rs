//! The rest of the schematic: kernel arguments (an exact list; a pasted command line is split
//! with shell-like quoting), overlay options (YAML), META entries, bootloader, SecureBoot
//! options, disk sector size and the embedded machine configuration, each gated by version.

use leptos::prelude::*;

use crate::outputs::{embedded_config_url, kernel_reference_url};
use crate::schematic::MetaValue;
use crate::selection::{
    BOOTLOADER_MIN_VERSION, BootloaderChoice, EMBEDDED_CONFIG_MIN_VERSION, EnrollKeys,
    MetaKeyLevel, Selection, join_cmdline_shell, meta_key_use, parse_overlay_options,
    split_cmdline_factory, split_cmdline_shell, splits_differ,
};
use crate::ui::state::AppState;
use crate::ui::widgets::{LazyDetails, Notice, NoticeKind};

#[component]
pub fn CustomizationStep() -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="customization-heading">
            <h2 id="customization-heading">"Customization"</h2>
            <KernelArgs />
            <OverlayOptions />
            <Bootloader />
            <EmbeddedConfig />
            <LazyDetails class="advanced" id="advanced-options" summary="Advanced: META, SecureBoot keys, disk sector size">
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
    let cmdline = RwSignal::new(
        state
            .selection
            .with_untracked(|s| join_cmdline_shell(&s.kernel_args)),
    );
    let error = RwSignal::new(None::<String>);
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
            Err(e) => error.set(Some(format!(
                "{e}. The previous arguments are kept until this is fixed."
            ))),
        }
    };
    let factory_note = move || {
        let text = cmdline.get();
        splits_differ(&text).then(|| {
            let factory: Vec<String> = split_cmdline_factory(&text)
                .into_iter()
                .map(|arg| format!("{arg:?}"))
                .collect();
            format!(
                "The factory's wizard would split this on single spaces instead: [{}], which gives another schematic ID.",
                factory.join(", ")
            )
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
            <label for="kernel-args">"Extra kernel command line arguments"</label>
            <input id="kernel-args" type="text" class="mono" placeholder="-console console=tty0"
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby="kernel-args-help"
                prop:value=move || cmdline.get() on:input:target=move |ev| on_input(ev.target().value()) />
            <span class="field__help" id="kernel-args-help">"Space-separated; quote an argument that contains spaces (\"a b\"). "
                <a href=move || state.version.get().map(|v| kernel_reference_url(&v)).unwrap_or_default()
                   target="_blank" rel="noopener noreferrer">"Kernel arguments reference"</a></span>
            {move || error.get().map(|e| view! { <span class="field__error" id="kernel-args-error" role="alert">{e}</span> })}
            <ul class="selected-list" id="kernel-args-list" aria-label="Kernel arguments as they go into the schematic">
                {move || state.selection.with(|s| s.kernel_args.clone()).into_iter().map(|arg| view! { <li><code>{arg}</code></li> }).collect_view()}
            </ul>
            {move || factory_note().map(|note| view! { <span class="field__help" id="kernel-args-factory-note">{note}</span> })}
            {move || {
                let notes = notes();
                (!notes.is_empty()).then(|| view! {
                    <span class="field__help" id="kernel-args-note">
                        {notes.into_iter().map(|note| view! { <span class="field__note">{note}</span> }).collect_view()}
                    </span>
                })
            }}
        </div>
    }
}

#[component]
fn OverlayOptions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let shown = move || {
        state
            .version
            .get()
            .is_some_and(|v| state.selection.with(|s| s.offers_overlay_options(&v)))
    };
    let error = move || {
        let text = state.selection.with(|s| s.overlay_options.clone());
        parse_overlay_options(&text).err().map(|e| e.to_string())
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
                <label for="overlay-options">"Extra overlay options (YAML)"</label>
                <textarea id="overlay-options" class="mono" rows="4" spellcheck="false"
                    placeholder="configTxtAppend: dtoverlay=vc4-kms-v3d"
                    aria-invalid=move || error().is_some().to_string()
                    prop:value=move || state.selection.with(|s| s.overlay_options.clone())
                    on:input:target=move |ev| { let text = ev.target().value(); state.selection.update(|s| s.overlay_options = text); }></textarea>
                <span class="field__help">"Key-value pairs (YAML or JSON) passed to the overlay. See "
                    <a href=move || format!("https://github.com/{}", image()) target="_blank" rel="noopener noreferrer">{image}</a>" for what it accepts."</span>
                {move || error().map(|e| view! { <span class="field__error" id="overlay-options-error" role="alert">{e}</span> })}
            </div>
        </Show>
    }
}

#[component]
fn Bootloader() -> impl IntoView {
    let state = expect_context::<AppState>();
    let shown = move || {
        state
            .version
            .get()
            .is_some_and(|v| Selection::offers_bootloader(&v))
    };
    let label = |choice: BootloaderChoice| match choice {
        BootloaderChoice::Auto => "Auto",
        BootloaderChoice::SdBoot => "UEFI only (systemd-boot)",
        BootloaderChoice::Grub => "BIOS only (GRUB)",
        BootloaderChoice::DualBoot => "Dual boot",
    };
    view! {
        <Show when=shown fallback=move || state.selection.with(|s| s.bootloader != BootloaderChoice::Auto).then(|| view! {
            <Notice kind=NoticeKind::Warning message=Signal::stored(format!("A bootloader is chosen, but this version predates the choice (Talos {BOOTLOADER_MIN_VERSION}), so it is left out of the schematic.")) />
        })>
            <fieldset class="field">
                <legend>"Bootloader"</legend>
                <div class="cluster">
                    {BootloaderChoice::ALL.into_iter().map(|choice| {
                        let value = choice.as_param();
                        let label = label(choice);
                        let id = format!("bootloader-{value}");
                        let for_id = id.clone();
                        let hidden = move || !state.selection.with(|s| s.bootloader_choices().contains(&choice));
                        view! {
                            <label for=for_id class:visually-hidden=hidden>
                                <input type="radio" name="bootloader" id=id value=value
                                    prop:checked=move || state.selection.with(|s| s.bootloader == choice)
                                    on:change=move |_| state.selection.update(|s| s.bootloader = choice) />
                                " "{label}
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
                <label for="embedded-config">"Embedded machine configuration"</label>
                <textarea id="embedded-config" class="mono" rows="5" spellcheck="false"
                    placeholder="apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: node-1"
                    prop:value=move || state.selection.with(|s| s.embedded_config.clone())
                    on:input:target=move |ev| {
                        // Windows line ends would force the whole document onto one quoted line.
                        let text = ev.target().value().replace("\r\n", "\n");
                        state.selection.update(|s| s.embedded_config = text);
                    }></textarea>
                <span class="field__help">"Baked into the image (Talos 1.12+). It may hold secrets: it is never put in the link or stored by this page, but it is part of the schematic the factory stores. "
                    <a href=move || state.version.get().map(|v| embedded_config_url(&v)).unwrap_or_default()
                       target="_blank" rel="noopener noreferrer">"Embedded configuration"</a></span>
                {move || (!supported()).then(|| view! {
                    <span class="field__error">{format!("This version predates embedded configuration (Talos {}); the factory will refuse to build it.", EMBEDDED_CONFIG_MIN_VERSION.bare())}</span>
                })}
            </div>
        </Show>
    }
}

#[component]
fn MetaEntries() -> impl IntoView {
    let state = expect_context::<AppState>();
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
            <legend>"META partition entries"</legend>
            <p class="field__help">"Key 0–255 and a value, written to the META partition at boot (for example key 10 holds network configuration for the installer)."</p>
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
                        view! { <span class="row-editor__note" data-kind=kind id=note_id.clone()>{text}</span> }
                    });
                    let described_by = note.is_some().then(|| note_id.clone());
                    view! {
                        <div class="row-editor__row">
                            <label for=key_id.clone() class="visually-hidden">{format!("Key of entry {}", index + 1)}</label>
                            <input id=key_id type="number" min="0" max="255" value=entry.key.to_string()
                                aria-describedby=described_by
                                aria-invalid=move || key_error.with(Option::is_some).to_string()
                                on:change:target=move |ev| {
                                    let text = ev.target().value();
                                    match text.trim().parse::<u8>() {
                                        Ok(key) => { key_error.set(None); state.selection.update(|s| if let Some(m) = s.meta.get_mut(index) { m.key = key; }); }
                                        Err(_) => key_error.set(Some(format!("META key {text:?} must be a whole number from 0 to 255"))),
                                    }
                                } />
                            <label for=value_id.clone() class="visually-hidden">{format!("Value of entry {}", index + 1)}</label>
                            <textarea id=value_id class="mono" rows="1" prop:value=entry.value.clone()
                                on:change:target=move |ev| {
                                    let value = ev.target().value().replace("\r\n", "\n");
                                    state.selection.update(|s| if let Some(m) = s.meta.get_mut(index) { m.value = value; });
                                }></textarea>
                            <button type="button" aria-label=format!("Remove META entry {}", index + 1)
                                on:click=move |_| state.selection.update(|s| { if index < s.meta.len() { s.meta.remove(index); } })>"Remove"</button>
                            {move || key_error.get().map(|e| view! { <span class="field__error row-editor__note" role="alert">{e}</span> })}
                            {note}
                        </div>
                    }
                }).collect_view()}
            </div>
            <div><button type="button" id="meta-add" on:click=add>"Add META entry"</button></div>
        </fieldset>
    }
}

#[component]
fn SecureBootOptions() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <fieldset class="field">
            <legend>"SecureBoot options (schematic)"</legend>
            <div class="field field--inline">
                <label for="enroll-keys">"Enroll keys (enrollKeys)"</label>
                <select id="enroll-keys" prop:value=move || state.selection.with(|s| s.enroll_keys.as_ref().map(|k| k.as_str().to_string()).unwrap_or_default())
                    on:change:target=move |ev| { let value = ev.target().value(); state.selection.update(|s| s.enroll_keys = EnrollKeys::from_schematic(&value)); }>
                    <option value="">"not set"</option>
                    {EnrollKeys::CHOICES.into_iter().map(|keys| view! { <option value=keys.as_str().to_string()>{keys.as_str().to_string()}</option> }).collect_view()}
                    // A value only an imported schematic can carry stays, and says so.
                    {move || state.selection.with(|s| match &s.enroll_keys {
                        Some(EnrollKeys::Other(text)) => Some(view! { <option value=text.clone()>{format!("{text} (from the imported schematic)")}</option> }),
                        _ => None,
                    })}
                </select>
            </div>
            <div class="field field--inline">
                <input type="checkbox" id="well-known-certs"
                    prop:checked=move || state.selection.with(|s| s.include_well_known_certificates)
                    on:change:target=move |ev| { let on = ev.target().checked(); state.selection.update(|s| s.include_well_known_certificates = on); } />
                <label for="well-known-certs">"Include well-known UEFI certificates (includeWellKnownCertificates)"</label>
            </div>
        </fieldset>
    }
}

#[component]
fn SectorSize() -> impl IntoView {
    let state = expect_context::<AppState>();
    let error = RwSignal::new(None::<String>);
    view! {
        <div class="field">
            <label for="sector-size">"Disk image sector size (diskImage.sectorSize)"</label>
            <input id="sector-size" type="number" min="0" step="512" placeholder="default (512)"
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
                            Err(_) => error.set(Some(format!("sector size {text:?} must be a whole number of bytes, such as 512 or 4096"))),
                        }
                    }
                } />
            <span class="field__help">"For disks with 4K native sectors use 4096. Empty means the default."</span>
            {move || error.get().map(|e| view! { <span class="field__error" role="alert">{e}</span> })}
        </div>
    }
}
