/** Checks of the account forms before they reach the server (which checks again). */
export const MIN_PASSWORD = 8;

export type PasswordErrors = Partial<Record<"old" | "next" | "confirm", "required" | "short" | "same" | "mismatch">>;

export function validatePassword(form: { old: string; next: string; confirm: string }): PasswordErrors {
  const errors: PasswordErrors = {};
  if (!form.old) errors.old = "required";
  if (!form.next) errors.next = "required";
  else if (form.next.length < MIN_PASSWORD) errors.next = "short";
  else if (form.next === form.old) errors.next = "same";
  if (!errors.next && form.confirm !== form.next) errors.confirm = "mismatch";
  return errors;
}

export type UsernameErrors = Partial<Record<"username" | "password", "required" | "tooLong" | "same">>;

export function validateUsername(form: { username: string; password: string }, current?: string): UsernameErrors {
  const errors: UsernameErrors = {};
  const name = form.username.trim();
  if (!name) errors.username = "required";
  else if (name.length > 64) errors.username = "tooLong";
  else if (name === current) errors.username = "same";
  if (!form.password) errors.password = "required";
  return errors;
}
