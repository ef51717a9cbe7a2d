import type { StaffPermission } from '../../api/staff-contract';

// The desk's sections and the permission each needs (api/staff-contract.ts): a collaborator
// sees the list and booking, not the shift report; a role with none of them sees none.

export const DESK_SECTIONS = ['list', 'booking', 'report'] as const;
export type DeskSection = (typeof DESK_SECTIONS)[number];

const NEEDS: Record<DeskSection, StaffPermission> = { list: 'check-in', booking: 'book', report: 'shift-report' };

export function visibleSections(permissions: readonly StaffPermission[]): DeskSection[] {
  return DESK_SECTIONS.filter((s) => permissions.includes(NEEDS[s]));
}

/** The section first shown: the day's list when the role has it. */
export function firstSection(permissions: readonly StaffPermission[]): DeskSection | null {
  return visibleSections(permissions)[0] ?? null;
}
