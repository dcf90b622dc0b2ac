export const ADMIN_ROLES = ['owner', 'operator', 'viewer'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** owner > operator > viewer: a route needing `operator` admits operators and owners. */
const RANK: Record<AdminRole, number> = { viewer: 1, operator: 2, owner: 3 };

export function roleAllows(actual: AdminRole, required: AdminRole): boolean {
  return RANK[actual] >= RANK[required];
}
