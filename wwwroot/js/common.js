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
