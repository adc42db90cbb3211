/** Number of character classes (lower, upper, digit, other) present in `pw`. */
export function passwordClasses(pw: string): number {
  let n = 0
  if (/[a-z]/.test(pw)) n++
  if (/[A-Z]/.test(pw)) n++
  if (/[0-9]/.test(pw)) n++
  if (/[^A-Za-z0-9]/.test(pw)) n++
  return n
}

/** Mirrors the server's rule: at least 8 characters and at least 3 character classes. */
export function isStrongPassword(pw: string | null | undefined): boolean {
  return !!pw && pw.length >= 8 && passwordClasses(pw) >= 3
}

export const USERNAME_RE = /^[A-Za-z0-9_.-]{2,64}$/
