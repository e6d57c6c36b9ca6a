// What a judge may enter for an aspect, checked at entry with the same rules as the server (LiveBoard.Core's
// MarkValidator), so a bad value is stopped on the tablet, offline too, with the reason in Chinese and English.
// The server checks again: this is a convenience, never the authority.

/// WorldSkills' generic meaning of 0–3, shown only when a scheme leaves an aspect's descriptors empty.
const GENERIC_DESCRIPTORS = [
  "低于行业标准 / Below industry standard",
  "符合行业标准 / Meets industry standard",
  "符合并部分超过行业标准 / Meets and in some respects exceeds",
  "远超行业标准,表现优秀 / Excellent, well beyond the standard",
];

export const isJudgement = aspect => aspect.type === "Judgement";
export const isDeviation = aspect => aspect.type === "Measurement" && (aspect.bands?.length ?? 0) > 0;

export const formatMark = value => Number(value).toFixed(2);

/// The buttons of an aspect: four scores for a judgement, zero or full for a measurement without bands.
/// A measurement with bands takes a typed deviation instead (no buttons).
export function choicesFor(aspect) {
  if (isJudgement(aspect))
    return [0, 1, 2, 3].map(value => ({ value, label: String(value), text: aspect.descriptors?.[value]?.trim() || GENERIC_DESCRIPTORS[value] }));
  if (isDeviation(aspect)) return [];
  return [
    { value: 0, label: "0", text: "未达到 / Not achieved" },
    { value: aspect.maxMark, label: formatMark(aspect.maxMark), text: "达到 满分 / Achieved, full mark" },
  ];
}

/// Reads a typed deviation strictly: plain decimal notation (full-width digits allowed, as Chinese keyboards type them),
/// at most two decimal places. Answers { value } or { error: "中文 / English" }.
export function parseDeviation(text) {
  const normal = String(text ?? "").normalize("NFKC").trim().replace(/^\+/, "");
  if (normal === "") return { error: "请输入测得的偏差 / Enter the measured deviation" };
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(normal) ?? /^(-?)()\.(\d+)$/.exec(normal);
  if (!match) return { error: "不是有效的数字 / Not a valid number" };
  // 0.050 is 0.05: only significant decimals count, as on the server.
  const decimals = (match[3] ?? "").replace(/0+$/, "").length;
  if (decimals > 2) return { error: "偏差最多保留两位小数 / The deviation may have at most two decimal places" };
  const value = Number(normal);
  if (!Number.isFinite(value) || Math.abs(value) > 1_000_000) return { error: "数值超出范围 / The value is out of range" };
  return { value: value === 0 ? 0 : value };
}

/// The band a deviation falls in (the tightest that holds |deviation|) and the mark it earns; null band: outside all.
export function bandFor(aspect, deviation) {
  const holding = (aspect.bands ?? []).filter(b => Math.abs(deviation) <= b.within).sort((a, b) => a.within - b.within);
  const band = holding[0] ?? null;
  const fraction = band?.fraction ?? 0;
  return { band, fraction, mark: Math.round(aspect.maxMark * fraction * 100) / 100 };
}

export function describeBand(aspect, deviation) {
  const { band, fraction, mark } = bandFor(aspect, deviation);
  return band
    ? `在 ±${band.within} 以内,得 ${formatMark(mark)} 分 / Within ±${band.within}: ${fraction === 1 ? "full mark" : `${fraction} of the mark`}, ${formatMark(mark)}`
    : `超出全部公差带,得 0 分 / Outside every band: 0`;
}

export function describeBands(aspect) {
  return (aspect.bands ?? []).slice().sort((a, b) => a.within - b.within)
    .map(b => `±${b.within} → ${formatMark(aspect.maxMark * b.fraction)}`).join(" · ");
}

/// The server's rules for a value, for values that did not come from a button (a deviation, or a restored draft).
export function checkValue(aspect, value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "不是有效的数字 / Not a valid number";
  if (value < 0 && !isDeviation(aspect)) return "分值不能为负数 / The value cannot be negative";
  if (Math.round(value * 100) / 100 !== value) return "分值最多保留两位小数 / The value may have at most two decimal places";
  if (isJudgement(aspect))
    return [0, 1, 2, 3].includes(value) ? null : "评价分须为 0、1、2 或 3 的整数 / A judgement score must be a whole number from 0 to 3";
  if (isDeviation(aspect)) return null;
  if (value !== 0 && value !== aspect.maxMark)
    return `测量分只能为 0 或满分 ${formatMark(aspect.maxMark)} / A measurement mark is either 0 or the full ${formatMark(aspect.maxMark)}`;
  return null;
}

/// How a value reads in a cell: a deviation with its sign, a score or mark as such.
export function formatValue(aspect, value) {
  if (value === null || value === undefined) return "";
  if (isJudgement(aspect)) return String(value);
  if (isDeviation(aspect)) return `${value > 0 ? "+" : ""}${value}`;
  return formatMark(value);
}
