/**
 * People's names as stored. Bidirectional control characters (embeddings, overrides, isolates and the
 * direction marks) can make a name display reversed or hide part of it on the verify page and the
 * certificate (review F-15), and no real name needs them, so they are removed before a name is stored.
 */

/** U+202A–202E, U+2066–2069, U+200E, U+200F and U+061C. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
const HAS_BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/**
 * `text` trimmed and without bidirectional control characters (trimmed after removing them, which can expose
 * spaces). Runs on every cell of a 700,000-cell import, so text without any is only trimmed.
 */
export function withoutBidiControls(text: string): string {
  return HAS_BIDI_CONTROL.test(text) ? text.replace(BIDI_CONTROLS, '').trim() : text.trim();
}
