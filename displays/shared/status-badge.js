// A discreet bilingual line for the connection state reported by connectLive's onState.
// Viewers must see when the board may be stale, without an error taking over the page:
//   实时 Live · 同步中 Catching up · 连接中 Connecting · 离线 自 hh:mm:ss Offline since hh:mm:ss

export function clockTime(date) {
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map(n => String(n).padStart(2, "0")).join(":");
}

export function statusText({ status, offlineSince }) {
  switch (status) {
    case "live": return "实时 Live";
    case "catching-up": return "同步中 Catching up";
    case "offline": {
      const since = clockTime(offlineSince ?? new Date());
      return `离线 自 ${since} Offline since ${since}`;
    }
    default: return "连接中 Connecting";
  }
}

/// Renders state into element; `data-status` lets CSS colour the dot and tests read the state without parsing text.
export function renderStatus(element, state) {
  element.dataset.status = state.status;
  element.textContent = statusText(state);
  element.title = state.lastUpdate ? `最后更新 Last updated ${clockTime(state.lastUpdate)}` : "";
}
