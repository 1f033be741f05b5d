import { z } from "zod";

// PostgreSQL refuses NUL in text (and PGlite with it); other C0 controls and DEL have no place in what people type.
const CONTROL = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F";
// Invisible characters that make one name look like another: zero-width spaces/joiners, word joiner, BOM, and the
// bidirectional marks, embeddings, overrides and isolates (a right-to-left override turns "evil" into "live").
// The zero-width joiner is allowed only where emoji use it (👩‍💻, 🏳️‍🌈), right after a pictograph.
const INVISIBLE = "\\u061C\\u200B\\u200C\\u200E\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF";

const LONE_JOINER = /^(?:[^\u200D]|(?<=\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F)?)\u200D)*$/u;

/** Free text over several lines (a tweet, a bio): any character but NUL and the other control characters. */
export function textInput() {
  return z.string().regex(new RegExp(`^[^${CONTROL}]*$`), "must not contain control characters");
}

/** One line shown as someone's name or a label: no control characters, line breaks or invisible characters. */
export function lineInput() {
  return z
    .string()
    .regex(new RegExp(`^[^${CONTROL}\\n\\r\\t]*$`), "must not contain control characters or line breaks")
    .regex(new RegExp(`^[^${INVISIBLE}]*$`), "must not contain invisible or text-direction characters")
    .regex(LONE_JOINER, "must not contain invisible or text-direction characters");
}
