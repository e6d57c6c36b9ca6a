// @ts-check
// The staff sign-in form; after signing in, back to the page that sent the user here (?return=/admin/).
import { postJson, ApiError } from "/js/common.js";

/// The address to go to after signing in: a path on this site, or "/" for anything else. Browsers read "/\evil.org" and
/// "/<tab>/evil.org" as "//evil.org" (another site), so backslashes and control characters are refused outright, and what
/// is left must resolve to this very origin.
/// @param {string | null} value the raw ?return= value
/// @param {string} origin this page's origin
export function safeReturnAddress(value, origin = location.origin) {
  if (!value || !value.startsWith("/") || /[\\\u0000-\u001f\u007f-\u009f]/.test(value)) return "/";
  let url;
  try { url = new URL(value, origin); } catch { return "/"; }
  return url.origin === origin ? url.pathname + url.search + url.hash : "/";
}

const form = /** @type {HTMLFormElement} */ (document.getElementById("signin"));
const returnTo = safeReturnAddress(new URLSearchParams(location.search).get("return"));
form.addEventListener("submit", async event => {
  event.preventDefault();
  for (const p of form.querySelectorAll(".field-error")) p.textContent = "";
  const data = Object.fromEntries(new FormData(form));
  try {
    await postJson("/api/account/sign-in", data);
    location.href = returnTo;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const fields = Object.entries(error.errors);
    const formError = /** @type {HTMLElement} */ (form.querySelector('[data-for="form"]'));
    if (fields.length === 0) formError.textContent = error.message;
    for (const [field, messages] of fields)
      (form.querySelector(`[data-for="${field}"]`) ?? formError).textContent = messages.join(" ");
  }
});
