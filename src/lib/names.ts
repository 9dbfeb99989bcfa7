/**
 * People's names as stored. Bidirectional control characters (embeddings, overrides, isolates and the
 * direction marks) can make a name display reversed or hide part of it on the verify page and the
 * certificate (review F-15), and no real name needs them, so they are removed before a name is stored.
 */

/** U+202A–202E, U+2066–2069, U+200E, U+200F and U+061C. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** `text` without bidirectional control characters, trimmed again since removing them can expose spaces. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '').trim();
}
