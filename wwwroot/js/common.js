// Small helpers shared by the public pages. Text is set through textContent, never innerHTML, so names are never markup.
export async function getJson(url) {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response.json();
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    // Through the CSSOM: the Content-Security-Policy refuses style="" attributes (setAttribute), not element.style.
    else if (key === "style") node.style.cssText = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
  return node;
}

export const statusNames = {
  StartList: "待赛 Start list", Live: "进行中 Live", Unofficial: "非正式 Unofficial",
  Official: "正式 Official", Protested: "申诉中 Protested",
};
export const stageNames = { Preliminary: "预赛 Preliminary", Selection: "选拔赛 Selection", Final: "决赛 Final" };
export const medalNames = { Gold: "金奖 Gold", Silver: "银奖 Silver", Bronze: "铜奖 Bronze" };

/// Sends JSON and returns the parsed answer; a problem-details answer throws an ApiError that keeps the field errors,
/// so forms can show each message beside its field.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.errors = problem?.errors ?? {};
  }
}

export async function sendJson(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json", accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const postJson = (url, body) => sendJson("POST", url, body);
export const putJson = (url, body) => sendJson("PUT", url, body);

/// The signed-in staff member, or null. Pages that need one send the user to the sign-in page and back.
export async function currentUser() {
  const response = await fetch("/api/account/me", { headers: { accept: "application/json" } });
  return response.ok ? response.json() : null;
}

export async function requireUser(returnTo = location.pathname + location.search) {
  const me = await currentUser();
  if (!me) location.href = `/signin.html?return=${encodeURIComponent(returnTo)}`;
  return me;
}

/// The staff page header: shows who is signed in and wires the sign-out button (back to sign-in, then here again).
export function wireStaffHeader(me, returnTo = location.pathname + location.search) {
  const who = document.getElementById("who");
  if (who) who.textContent = me.displayName ?? me.userName;
  document.getElementById("sign-out")?.addEventListener("click", async () => {
    await postJson("/api/account/sign-out").catch(() => {});
    location.href = `/signin.html?return=${encodeURIComponent(returnTo)}`;
  });
}
