export const ADMIN_ROLES = ['owner', 'operator', 'viewer', 'store_staff'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/**
 * owner > operator > viewer > store_staff: a route needing `operator` admits operators and owners. Store staff reach
 * only the pick-up routes, and only for orders of their own store (the account's storeId).
 */
const RANK: Record<AdminRole, number> = { store_staff: 0, viewer: 1, operator: 2, owner: 3 };

export function roleAllows(actual: AdminRole, required: AdminRole): boolean {
  return RANK[actual] >= RANK[required];
}
