/** One line per component, readable at a glance by a technician: "✔ printer    ready". */
export function startupLine(mark: '✔' | '✖' | '•', name: string, detail: string): string {
  return `${mark} ${name.padEnd(10)} ${detail}\n`;
}
