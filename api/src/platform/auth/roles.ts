export const roles = ['admin', 'manager', 'operator', 'viewer'] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { viewer: 0, operator: 1, manager: 2, admin: 3 };

export const roleAtLeast = (role: Role, needed: Role): boolean => rank[role] >= rank[needed];

/**
 * The permission matrix: for each resource, the least role that may read and write it.
 * Scopes (`invoices:read`) use the same resource names so embed tokens map onto it.
 */
export const permissionMatrix = {
  tenants: { read: 'admin', write: 'admin' },
  api_keys: { read: 'admin', write: 'admin' },
  events: { read: 'viewer', write: 'manager' },
  audit_logs: { read: 'manager', write: 'admin' },
  accounts: { read: 'viewer', write: 'manager' },
  journal_entries: { read: 'viewer', write: 'operator' },
  reports: { read: 'viewer', write: 'manager' },
  customers: { read: 'viewer', write: 'operator' },
  invoices: { read: 'viewer', write: 'operator' },
  webhook_endpoints: { read: 'manager', write: 'manager' },
  // Calculations and schedules read and change nothing: every role may compute.
  calculations: { read: 'viewer', write: 'viewer' },
  // Any key may mint embed tokens, each bounded by the minting key's own permissions.
  embed_tokens: { read: 'viewer', write: 'viewer' },
} as const satisfies Record<string, { read: Role; write: Role }>;

export type Resource = keyof typeof permissionMatrix;
export type Permission = `${Resource}:${'read' | 'write'}`;

export function requiredRole(permission: Permission): Role {
  const [resource, action] = permission.split(':') as [Resource, 'read' | 'write'];
  return permissionMatrix[resource][action];
}

/**
 * What an embed token may be granted: browser-facing resources only. Never keys, tokens,
 * webhook endpoints, tenants or the audit log, whatever the minting key may do.
 */
export const embeddableResources = [
  'accounts',
  'journal_entries',
  'reports',
  'customers',
  'invoices',
  'events',
  'calculations',
] as const satisfies readonly Resource[];

export const embeddableScopes: readonly Permission[] = embeddableResources.flatMap((r) => [
  `${r}:read` as const,
  `${r}:write` as const,
]);
