// A fixed-size stage (1920×1080 by default) scaled to fit the viewport, centred and letterboxed, so a 720p projector,
// a 1080p panel, a 4K panel and an OBS browser source all show the same composition. Lay everything out in stage
// pixels; never read innerWidth for layout.
//
//   import { mountStage, startBurnInGuard, reducedMotion, showSafeAreaGuides, SAFE } from "/displays/shared/stage.js";
//   const stage = mountStage(document.getElementById("stage"));            // { width: 1920, height: 1080 } by default
//   mountStage(element, { width: 1080, height: 1920 });                     // vertical 9:16 overlays
//   stage.scale;                  // current factor (viewport px per stage px)
//   stage.setShift(dx, dy);       // offset in stage px, applied on top of the fit (the burn-in guard uses it)
//   stage.destroy();
//   const guard = startBurnInGuard(stage, { everyMs: 180_000, maxPx: 4 });  // guard.stop()
//   reducedMotion();              // true when the viewer asked for less motion (live: re-read it when animating)
//   showSafeAreaGuides(element);  // draws the action-safe (93 %) and title-safe (90 %) frames, e.g. for ?guides=1
//   SAFE.title(1920, 1080);       // { x: 96, y: 54, width: 1728, height: 972 }
//
// The element gets position:absolute, its size in stage px and transform-origin 0 0; its parent should be the
// viewport-sized, overflow-hidden box whose background shows in the letterbox bars (body, usually).

/// Safe areas after SMPTE ST 2046-1: action-safe 93 %, title-safe 90 % of the frame.
export const SAFE = {
  action: (width, height) => inset(width, height, 0.93),
  title: (width, height) => inset(width, height, 0.90),
};

function inset(width, height, fraction) {
  const x = Math.round(width * (1 - fraction) / 2), y = Math.round(height * (1 - fraction) / 2);
  return { x, y, width: width - 2 * x, height: height - 2 * y };
}

export function mountStage(element, { width = 1920, height = 1080 } = {}) {
  let shift = { x: 0, y: 0 };
  const stage = { element, width, height, scale: 1, setShift, fit, destroy };
  Object.assign(element.style, { position: "absolute", left: "0", top: "0", width: `${width}px`, height: `${height}px`, transformOrigin: "0 0" });
  element.dataset.stageWidth = width;
  element.dataset.stageHeight = height;
  const host = element.parentElement ?? document.body;
  const observer = typeof ResizeObserver === "function" ? new ResizeObserver(fit) : null;
  observer?.observe(host);
  addEventListener("resize", fit);
  fit();
  return stage;

  function fit() {
    const box = host === document.body ? { w: innerWidth, h: innerHeight } : { w: host.clientWidth, h: host.clientHeight };
    if (!box.w || !box.h) return;
    const scale = Math.min(box.w / width, box.h / height);
    // Letterbox: centre the scaled stage; the shift moves it in stage px, so it looks the same at every size.
    const left = (box.w - width * scale) / 2 + shift.x * scale;
    const top = (box.h - height * scale) / 2 + shift.y * scale;
    stage.scale = scale;
    element.style.transform = `translate(${left}px, ${top}px) scale(${scale})`;
    element.dataset.scale = scale.toFixed(4);
  }

  function setShift(x, y) {
    shift = { x, y };
    element.dataset.shift = `${x},${y}`;
    fit();
  }

  function destroy() {
    observer?.disconnect();
    removeEventListener("resize", fit);
  }
}

/// Screens run all day: move the whole stage a few pixels now and then so static edges (headers, table rules) do not
/// burn into plasma or OLED panels. The moves walk a small ring around the centre and never leave maxPx, which stays
/// well inside the gap between the title-safe area and the frame edge.
export function startBurnInGuard(stage, { everyMs = 180_000, maxPx = 4 } = {}) {
  const ring = [[0, 0], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]];
  let step = 0;
  const timer = setInterval(() => {
    step = (step + 1) % ring.length;
    const [x, y] = ring[step];
    stage.setShift(x * maxPx, y * maxPx);
  }, everyMs);
  return { stop() { clearInterval(timer); stage.setShift(0, 0); } };
}

export function reducedMotion() {
  return globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

/// Outlines the action-safe and title-safe areas of the stage (for operators lining up graphics; ?guides=1).
export function showSafeAreaGuides(element) {
  const width = Number(element.dataset.stageWidth ?? 1920), height = Number(element.dataset.stageHeight ?? 1080);
  for (const [name, area] of [["action", SAFE.action(width, height)], ["title", SAFE.title(width, height)]]) {
    const frame = document.createElement("div");
    frame.className = `lb-guide lb-guide-${name}`;
    frame.dataset.guide = name;
    Object.assign(frame.style, {
      position: "absolute", left: `${area.x}px`, top: `${area.y}px`, width: `${area.width}px`, height: `${area.height}px`,
      pointerEvents: "none", zIndex: "9999", boxSizing: "border-box",
    });
    element.append(frame);
  }
}
