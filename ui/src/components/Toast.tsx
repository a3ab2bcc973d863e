/** Short confirmations and errors in a corner, announced to screen readers. */
import { createRoot, createSignal, For } from "solid-js";
import { Icon } from "./Icon";
import "./Toast.css";

interface ToastItem {
  id: number;
  tone: "ok" | "danger";
  text: string;
}

const [toasts, setToasts] = createRoot(() => createSignal<ToastItem[]>([]));
let next = 1;

export function toast(text: string, tone: ToastItem["tone"] = "ok") {
  const id = next++;
  setToasts((list) => [...list.slice(-3), { id, tone, text }]);
  setTimeout(() => setToasts((list) => list.filter((item) => item.id !== id)), tone === "danger" ? 6000 : 3000);
}

export function Toaster() {
  return (
    <div class="toaster" role="status" aria-live="polite">
      <For each={toasts()}>
        {(item) => (
          <div class={`toast toast-${item.tone}`}>
            <Icon name={item.tone === "ok" ? "check" : "alert"} size={16} />
            <span>{item.text}</span>
          </div>
        )}
      </For>
    </div>
  );
}
