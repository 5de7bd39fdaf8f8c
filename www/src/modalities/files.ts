// What every modality's sources share: the size check of a file, the file
// picker with drag-and-drop and paste, and the gallery of bundled samples.

import { ENGINE } from "../generated/engine";
import { errorText } from "../shell/page";

/** Files larger than this are refused (the engine's limit). */
export const MAX_FILE_BYTES = ENGINE.limits.fileBytes;

/** Why a file of `size` bytes cannot be used, or null. */
export function checkFile(name: string, size: number): string | null {
  if (size === 0) return `'${name}' is empty`;
  if (size > MAX_FILE_BYTES) return `'${name}' is ${(size / 2 ** 20).toFixed(0)} MB: files over ${MAX_FILE_BYTES / 2 ** 20} MB are refused`;
  return null;
}

/**
 * Calls `open` with each file the user gives: through `fileInput`, dropped
 * anywhere on the page, or pasted (Ctrl+V) when its MIME type starts with
 * `pasteType` (e.g. "image/").
 */
export function listenForFiles(fileInput: HTMLInputElement, pasteType: string, open: (file: File) => void): void {
  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    if (file) open(file);
    fileInput.value = "";
  });
  // The input is hidden behind its <label>, which takes the focus instead: Enter or Space opens the picker.
  document.querySelector(`label[for="${fileInput.id}"]`)?.addEventListener("keydown", (e) => {
    if (!(e instanceof KeyboardEvent) || (e.key !== "Enter" && e.key !== " ")) return;
    e.preventDefault();
    fileInput.click();
  });
  const body = document.body;
  body.addEventListener("dragover", (e) => {
    e.preventDefault();
    body.classList.add("dragging");
  });
  body.addEventListener("dragleave", (e) => {
    if (e.relatedTarget === null) body.classList.remove("dragging");
  });
  body.addEventListener("drop", (e) => {
    e.preventDefault();
    body.classList.remove("dragging");
    const file = e.dataTransfer?.files[0];
    if (file) open(file);
  });
  document.addEventListener("paste", (e) => {
    const item = [...(e.clipboardData?.items ?? [])].find((i) => i.kind === "file" && i.type.startsWith(pasteType));
    const file = item?.getAsFile();
    if (file) {
      e.preventDefault();
      open(file);
    }
  });
}

/** One bundled sample, as listed in a gallery's `gallery.json`. */
export interface GalleryEntry {
  file: string;
  title: string;
  credit: string;
}

/** Reads the gallery list of `folder`. */
export async function loadGallery(folder: string): Promise<GalleryEntry[]> {
  const response = await fetch(`${folder}gallery.json`);
  if (!response.ok) throw new Error(`could not load the gallery (${response.status})`);
  return (await response.json()) as GalleryEntry[];
}

/** Fetches the gallery sample `file` of `folder`. */
export async function fetchSample(folder: string, file: string): Promise<Blob> {
  const response = await fetch(folder + encodeURIComponent(file));
  if (response.status === 404) throw new Error(`there is no sample '${file}'`);
  if (!response.ok) throw new Error(`could not load the sample '${file}' (HTTP ${response.status})`);
  return response.blob();
}

/** A gallery button showing `entry`'s title and credit (after `thumbnail`, if any); a click calls `open`. */
export function galleryItem(entry: GalleryEntry, open: (file: string) => void, thumbnail?: HTMLElement): HTMLLIElement {
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.file = entry.file;
  button.title = `${entry.title} — ${entry.credit}`;
  const title = document.createElement("span");
  title.className = "title";
  title.textContent = entry.title;
  const credit = document.createElement("span");
  credit.className = "credit";
  credit.textContent = entry.credit;
  button.append(...(thumbnail ? [thumbnail] : []), title, credit);
  button.addEventListener("click", () => open(entry.file));
  item.append(button);
  return item;
}

/** What a gallery is filled with. */
export interface GalleryFill {
  /** The folder whose `gallery.json` lists the samples. */
  folder: string;
  /** Its list, if already asked for (else it is loaded here). */
  entries?: Promise<GalleryEntry[]>;
  /** What the credits call them ("Samples", "Sounds"). */
  what: string;
  /** Opens the sample `file` (a click). */
  open: (file: string) => void;
  /** The gallery file shown now (marked). */
  chosen: string | null;
  /** Entries after the listed ones (computed in the page). */
  extra?: GalleryEntry[];
  /** Each entry's thumbnail, if any. */
  thumbnail?: (entry: GalleryEntry) => HTMLElement;
}

/** Fills `gallery` with the buttons of `fill`'s samples and `credits` with their credits (or why the list did not load). */
export async function fillGallery(gallery: HTMLElement, credits: HTMLElement, fill: GalleryFill): Promise<void> {
  try {
    const entries = [...(await (fill.entries ?? loadGallery(fill.folder))), ...(fill.extra ?? [])];
    gallery.replaceChildren(...entries.map((entry) => galleryItem(entry, fill.open, fill.thumbnail?.(entry))));
    markChosen(gallery, fill.chosen);
    credits.textContent = `${fill.what}: ${entries.map((e) => `${e.title} — ${e.credit}`).join("; ")}.`;
  } catch (e) {
    credits.textContent = errorText(e);
  }
}

/** Marks the gallery button of `sample` (null: none) in `gallery`. */
export function markChosen(gallery: HTMLElement, sample: string | null): void {
  for (const item of gallery.querySelectorAll<HTMLElement>("[data-file]")) item.classList.toggle("chosen", item.dataset.file === sample);
}
