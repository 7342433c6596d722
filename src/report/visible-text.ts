/**
 * Text from scanned files made visible: C0/C1 controls (except tab) and bidi controls become one
 * visible UTF-16 unit each, so a hostile file cannot drive a terminal or reorder what a reader
 * sees, and columns still line up: C0 -> U+2400 control pictures, DEL -> U+2421, others -> U+FFFD.
 */
/** C0/C1 controls except tab, and the bidi marks and overrides that reorder text on screen (Trojan Source). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
export const INVISIBLE_CHARACTERS = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function clean(text: string): string {
  return text.replace(INVISIBLE_CHARACTERS, (char) => {
    const code = char.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\uFFFD';
  });
}
