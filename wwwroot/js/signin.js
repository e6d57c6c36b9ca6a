// @ts-check
// The staff sign-in form; after signing in, back to the page that sent the user here (?return=/admin/).
import { postJson, ApiError } from "/js/common.js";

const form = /** @type {HTMLFormElement} */ (document.getElementById("signin"));
const target = new URLSearchParams(location.search).get("return");
// Only same-site paths: a sign-in page must never bounce to another site.
const returnTo = target && target.startsWith("/") && !target.startsWith("//") ? target : "/";
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
