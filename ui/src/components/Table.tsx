/**
 * A data table that turns into a list of cards on narrow screens (each cell labelled by its
 * column), so no page scrolls sideways on a phone.
 */
import { For, Show, type JSX } from "solid-js";
import "./Table.css";

export interface Column<T> {
  header: string;
  cell: (row: T) => JSX.Element;
  align?: "start" | "end";
  /** The column that titles the row's card on a phone. */
  primary?: boolean;
  width?: string;
}

export function Table<T>(props: {
  columns: Column<T>[];
  rows: T[];
  onRowClick?: (row: T) => void;
  rowLabel?: (row: T) => string;
  /** Extra class of a row, e.g. to mark one that just arrived. */
  rowClass?: (row: T) => string | undefined;
  caption?: string;
}) {
  return (
    <div class="table-wrap">
      <table class={`table ${props.onRowClick ? "table-clickable" : ""}`}>
        <Show when={props.caption}>
          <caption class="sr-only">{props.caption}</caption>
        </Show>
        <thead>
          <tr>
            <For each={props.columns}>
              {(c) => (
                <th scope="col" class={c.align === "end" ? "end" : ""} style={c.width ? { width: c.width } : undefined}>
                  {c.header}
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr
                class={props.rowClass?.(row)}
                onClick={props.onRowClick ? () => props.onRowClick!(row) : undefined}
                onKeyDown={
                  props.onRowClick
                    ? (e) => {
                        if (e.key === "Enter") props.onRowClick!(row);
                      }
                    : undefined
                }
                tabIndex={props.onRowClick ? 0 : undefined}
                aria-label={props.rowLabel?.(row)}
              >
                <For each={props.columns}>
                  {(c) => (
                    <td class={`${c.align === "end" ? "end" : ""} ${c.primary ? "primary" : ""}`} data-label={c.header}>
                      {c.cell(row)}
                    </td>
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
