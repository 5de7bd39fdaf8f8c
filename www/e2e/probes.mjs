// What the page's end-to-end test measures on a page besides results: how
// much an overlay changes the photo, the colour bars drawn, the red and blue
// of a canvas, and where Tab takes the focus.

/**
 * How much the heat changes the picture: the mean |overlay − bare input| over
 * the overlay canvas's RGB values (of 255) at opacity 1, the slider put back after.
 */
export function overlayChange(page) {
  return page.evaluate(() => {
    const slider = document.querySelector("#opacity");
    const canvas = document.querySelector("#overlay-canvas");
    const at = (value) => {
      slider.value = value;
      slider.dispatchEvent(new Event("input"));
      return canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    };
    const before = slider.value;
    const [bare, over] = [at("0"), at("1")];
    at(before);
    let sum = 0;
    for (let i = 0; i < bare.length; i++) if (i % 4 !== 3) sum += Math.abs(over[i] - bare[i]);
    return sum / ((bare.length / 4) * 3);
  });
}

/** The colour bars of the views shown: their picture's name, whether drawn, their text and the numbers at their ends. */
export function legends(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("[data-legend]")]
      .filter((el) => el.closest("[hidden]") === null)
      .map((el) => ({ name: el.dataset.legend, shown: !el.hidden, text: el.textContent, ends: [...el.querySelectorAll(".end")].map((e) => e.textContent) })),
  );
}

/**
 * How many pixels of the canvas `selector` are red-ish (red above blue by
 * more than 60 of 255) and blue-ish (blue above red by more than 60): the
 * two arms of the two-sided map; inferno has no blue-ish colour.
 */
export function redAndBlue(page, selector) {
  return page.$eval(selector, (canvas) => {
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let [red, blue] = [0, 0];
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] - data[i + 2] > 60) red++;
      else if (data[i + 2] - data[i] > 60) blue++;
    }
    return { red, blue, pixels: data.length / 4 };
  });
}

/**
 * Presses Tab through the page: the visible, enabled controls it never
 * reaches, the steps that go back up the document, the focused elements
 * with no visible outline, and how many were reached.
 */
export async function tabOrder(page) {
  // Start from the top of the document.
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute("tabindex");
  });
  const seen = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press("Tab");
    const id = await page.evaluate((i) => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      el.dataset.tabbed ??= String(i);
      const style = getComputedStyle(el);
      return { key: el.dataset.tabbed, ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 };
    }, i);
    if (!id || seen.some((s) => s.key === id.key)) break;
    seen.push(id);
  }
  return page.evaluate((seen) => {
    const controls = [...document.querySelectorAll("button, select, input, summary, label.button, [tabindex='0'], a[href]")].filter(
      (el) => !el.disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden",
    );
    const order = seen.map((s) => document.querySelector(`[data-tabbed="${s.key}"]`));
    const describe = (el) => el.id || el.textContent.trim().slice(0, 30) || el.tagName;
    const backwards = order.slice(1).filter((el, i) => order[i].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING).map(describe);
    const result = {
      reached: order.length,
      missed: controls.filter((el) => !order.includes(el)).map(describe),
      backwards,
      unringed: seen.filter((s) => !s.ring).map((s) => describe(document.querySelector(`[data-tabbed="${s.key}"]`))),
    };
    for (const el of order) delete el.dataset.tabbed;
    return result;
  }, seen);
}
