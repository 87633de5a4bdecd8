import type { Role } from './deps';

/**
 * The one place that decides who may call each route. Every route the app serves must
 * have a row here (a test walks app.routes and fails on any route without one).
 * `unit: true` means the :providerId in the path must be one of the caller's units,
 * unless the caller is a leader (read) or admin.
 */
export type AccessRule =
  | { public: true }
  | { roles: readonly Role[]; unit?: boolean };

const everyone = ['admin', 'leader', 'provider'] as const;
const readers = ['admin', 'leader'] as const;

export const ACCESS: Record<string, AccessRule> = {
  'GET /api/health': { public: true },
  'GET /api/openapi.json': { public: true },

  'GET /api/localities': { roles: everyone },
  'GET /api/staff-groups': { roles: everyone },
  'GET /api/sectors': { roles: everyone },
  'GET /api/providers': { roles: everyone },
  'GET /api/providers/:providerId': { roles: everyone, unit: true },
  'PUT /api/providers/:providerId': { roles: ['admin'] },

  'PUT /api/providers/:providerId/returns/:date': { roles: ['admin', 'provider'], unit: true },
  'POST /api/providers/:providerId/returns/:date/unchanged': { roles: ['admin', 'provider'], unit: true },
  'GET /api/providers/:providerId/returns/:date': { roles: everyone, unit: true },
  'GET /api/providers/:providerId/returns/:date/versions': { roles: everyone, unit: true },
  'GET /api/providers/:providerId/returns': { roles: everyone, unit: true },
  'POST /api/imports': { roles: ['admin', 'provider'] },

  'GET /api/system/summary': { roles: readers },
  'GET /api/system/heatmap': { roles: readers },
  'GET /api/system/trends': { roles: readers },
  'GET /api/system/discharge': { roles: readers },
  'GET /api/system/completeness': { roles: readers },
  'GET /api/system/day-returns': { roles: readers },

  'GET /api/settings/thresholds': { roles: everyone },
  'PUT /api/settings/thresholds': { roles: ['admin'] },
};
