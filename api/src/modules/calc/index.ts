/**
 * The calculation engine's public surface: its routers and the pure functions other
 * modules may call (Excel-compatible functions, money rounding and allocation, tax,
 * schedules). Nothing here touches the database.
 */
import { calculationRoutes } from './calc.routes.js';
import { scheduleRoutes } from './schedules.routes.js';
import { taxRoutes } from './tax.routes.js';

export { allocate } from './allocate.js';
export { calculate } from './calculate.js';
export { FUNCTIONS } from './excel/functions.js';
export { roundToMinor } from './money.js';
export { amortizationSchedule } from './schedules/amortization.js';
export { depreciationSchedule } from './schedules/depreciation.js';
export { calculateTax } from './tax.js';

export const calcRoutes = [calculationRoutes, scheduleRoutes, taxRoutes];
