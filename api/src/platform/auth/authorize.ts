import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Auth } from '../context.js';
import { AppError, type KernelErrorCode } from '../errors.js';
import { type Permission, requiredRole, roleAtLeast } from './roles.js';

/** What an operation needs: a partner key acting as itself, or a permission in a tenant. */
export type Access = Permission | 'partner';

export function requireAuth(auth: Auth | undefined): Auth {
  if (!auth) throw new Error('authorize ran before authenticate');
  return auth;
}

export function authorize(access: Access): MiddlewareHandler<AppEnv> {
  // Not async: it only decides, and every request passes here.
  return (c, next) => {
    const auth = requireAuth(c.get('auth'));
    if (access === 'partner') {
      if (auth.kind !== 'partner') {
        throw new AppError<KernelErrorCode>(
          'permission_error',
          'partner_key_required',
          'This operation needs a partner secret key (psk_…).',
        );
      }
      return next();
    }
    if (!auth.tenantId) {
      throw new AppError<KernelErrorCode>(
        'invalid_request_error',
        'tenant_required',
        'Partner keys act inside a tenant only with the `Fin-Tenant: ten_…` header.',
        { param: 'Fin-Tenant' },
      );
    }
    if (auth.embed && !grants(auth.embed.scopes, access)) {
      throw new AppError<KernelErrorCode>(
        'permission_error',
        'insufficient_permissions',
        `This embed token's scopes do not include ${access}.`,
      );
    }
    const needed = requiredRole(access);
    if (!roleAtLeast(auth.role, needed)) {
      throw new AppError<KernelErrorCode>(
        'permission_error',
        'insufficient_permissions',
        `This API key has the role '${auth.role}'; ${access} needs '${needed}' or above.`,
      );
    }
    return next();
  };
}

/** An embed token's scopes grant `access`; a write scope grants reading the same resource. */
export function grants(scopes: readonly Permission[], access: Permission): boolean {
  if (scopes.includes(access)) return true;
  const [resource, action] = access.split(':');
  return action === 'read' && scopes.includes(`${resource}:write` as Permission);
}
