// The top-5 list: click a class to explain it.

import type { Prediction } from "../api";
import { percent } from "./format";

/** Fills `list` with `top5`; `chosen` (the explained class) is marked, a click calls `onPick`. */
export function drawTop5(list: HTMLElement, top5: Prediction[], chosen: number, onPick: (p: Prediction) => void): void {
  list.replaceChildren(
    ...top5.map((p) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = p.class === chosen ? "class chosen" : "class";
      button.title = `explain class ${p.class} (${p.label})`;
      const label = document.createElement("span");
      label.textContent = p.label;
      const prob = document.createElement("span");
      prob.className = "prob";
      prob.textContent = percent(p.probability);
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = `${Math.max(0.5, p.probability * 100)}%`;
      button.append(label, prob, bar);
      button.addEventListener("click", () => onPick(p));
      item.append(button);
      return item;
    }),
  );
}
