// What a technician and the maintenance screen see of each running part.
export type ComponentState = 'starting' | 'ok' | 'degraded' | 'down' | 'disabled';

export interface ComponentStatus {
  readonly name: string;
  readonly state: ComponentState;
  readonly detail: string;
}

type Listener = (all: readonly ComponentStatus[]) => void;

/** The live table of component states; the renderer subscribes to it. */
export class StatusBoard {
  readonly #components = new Map<string, ComponentStatus>();
  readonly #listeners = new Set<Listener>();

  set(name: string, state: ComponentState, detail = ''): void {
    const prev = this.#components.get(name);
    if (prev && prev.state === state && prev.detail === detail) return;
    this.#components.set(name, { name, state, detail });
    const all = this.all();
    for (const l of this.#listeners) l(all);
  }

  all(): readonly ComponentStatus[] {
    return [...this.#components.values()];
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
